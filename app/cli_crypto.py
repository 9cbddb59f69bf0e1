"""Encryption at rest from the shell (issue 16): the key for every subcommand, and
``kith encrypt`` / ``kith decrypt`` / ``kith passphrase``.

Every subcommand that reads the store calls ``key_for(data_dir, args)``: ``None`` for
a plain store; for an encrypted one, the key from the first source in ``KEY_SOURCES``
that gives a passphrase (``--passphrase-file``, ``$KITH_PASSPHRASE_FILE``, then
``getpass`` on a terminal); ``kith status`` and ``kith log`` try the OS keyring
before the terminal (``KEYRING_SOURCES``, ``kith.app.cli_keyring``).
The passphrase is never printed, logged or written anywhere.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path

from kith.app import cli
from kith.data import crypto
from kith.data.crypto import StoreKey
from kith.data.errors import PassphraseNeeded, StoreError
from kith.data.limits import InputRefused, read_limited

ENV_FILE = "KITH_PASSPHRASE_FILE"
PASSPHRASE_MAX = 64 * 1024

# A source gives a passphrase for ``data_dir`` or None (then the next one is tried).
KeySource = Callable[[Path, argparse.Namespace], str | None]


def _one_line(text: str) -> str:
    """A passphrase file's passphrase: its first line, without the line end."""
    return text.split("\n", 1)[0].rstrip("\r")


def from_file(path: Path) -> str:
    try:
        raw = read_limited(path, PASSPHRASE_MAX, what="passphrase file")
    except InputRefused as error:
        raise StoreError(str(error)) from None
    except OSError as error:
        raise StoreError(
            f"The passphrase file {path} cannot be read ({error.strerror or error})."
        ) from None
    try:
        text = _one_line(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise StoreError(f"The passphrase file {path} is not UTF-8 text.") from None
    if not text:
        raise StoreError(f"The passphrase file {path} is empty.")
    return text


def source_option(_data_dir: Path, args: argparse.Namespace) -> str | None:
    given = getattr(args, "passphrase_file", None)
    return from_file(Path(given)) if given else None


def source_env(_data_dir: Path, _args: argparse.Namespace) -> str | None:
    given = os.environ.get(ENV_FILE)
    return from_file(Path(given)) if given else None


def source_terminal(data_dir: Path, _args: argparse.Namespace) -> str | None:
    if not sys.stdin.isatty():
        return None
    return getpass.getpass(f"Passphrase for Kith's data in {data_dir}: ") or None


def source_keyring(data_dir: Path, _args: argparse.Namespace) -> str | None:
    from kith.app.cli_keyring import recall

    return recall(data_dir)


# Tried in order. The OS keyring (``kith passphrase --remember``) only for the
# commands that ask for it (``kith status`` and ``kith log``).
KEY_SOURCES: list[KeySource] = [source_option, source_env, source_terminal]
KEYRING_SOURCES: list[KeySource] = [source_option, source_env, source_keyring, source_terminal]


def key_for(data_dir: Path, args: argparse.Namespace, *, keyring: bool = False) -> StoreKey | None:
    """The key to open the store in ``data_dir``: None if it is not encrypted.
    Raises ``PassphraseNeeded`` (no source gave one) or ``WrongPassphrase``.
    ``keyring``: a passphrase kept in the OS keyring is tried before the terminal."""
    found = passphrase_and_key(data_dir, args, keyring=keyring)
    return None if found is None else found[1]


def passphrase_and_key(
    data_dir: Path, args: argparse.Namespace, *, keyring: bool = False
) -> tuple[str, StoreKey] | None:
    """The passphrase given and the key it opens; None if the store is not encrypted."""
    from kith.data.errors import WrongPassphrase

    if not crypto.is_encrypted(data_dir):
        return None
    for source in KEYRING_SOURCES if keyring else KEY_SOURCES:
        passphrase = source(data_dir, args)
        if passphrase is None:
            continue
        try:
            return passphrase, crypto.unlock(data_dir, passphrase)
        except WrongPassphrase:
            if source is not source_keyring:
                raise
            from kith.app.cli_keyring import say_stale

            say_stale()  # changed since it was kept: the terminal is asked instead
    raise PassphraseNeeded(data_dir / crypto.STORE_NAME)


def add_passphrase_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--passphrase-file",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help=f"an encrypted store's passphrase, the file's first line (or ${ENV_FILE})",
    )


# -- the commands ------------------------------------------------------------------------
FORGOTTEN = (
    "Remember: if you forget this passphrase, nobody can recover your data, not even "
    "Kith's makers. There is no reset."
)


def _ask_new(args: argparse.Namespace, data_dir: Path) -> str:
    """A new passphrase: the passphrase file if given (for scripts), else asked twice."""
    given = getattr(args, "new_passphrase_file", None)
    if given:
        return from_file(Path(given))
    if not sys.stdin.isatty():
        raise StoreError(
            "A new passphrase is asked on a terminal (twice), or read with "
            "--new-passphrase-file PATH."
        )
    print(FORGOTTEN)
    first = getpass.getpass("New passphrase: ")
    if len(first) < 8:
        raise StoreError("That passphrase is shorter than 8 characters. Nothing was changed.")
    if getpass.getpass("The same passphrase again: ") != first:
        raise StoreError("The two passphrases were not the same. Nothing was changed.")
    return first


def _wants_recovery(args: argparse.Namespace) -> bool:
    if getattr(args, "recovery_key", False):
        return True
    if not sys.stdin.isatty():
        return False
    answer = input(
        "Make a recovery key as well (a second, random key that also unlocks; shown once, "
        "for you to write down)? [y/N] "
    )
    return answer.strip().casefold() in ("y", "yes")


def _files(count: int) -> str:
    return f"{count} file" if count == 1 else f"{count} files"


def _show_recovery(words: str | None) -> None:
    if words is None:
        return
    print(
        "Your recovery key (it unlocks Kith's data in place of the passphrase). Write it "
        "down and keep it somewhere safe: it is shown only this once.\n"
    )
    print(f"    {words}\n")


def encrypt(args: argparse.Namespace) -> int:
    from kith.data.encryption import encrypt_store

    folder = cli.data_dir(args)
    if crypto.is_encrypted(folder):
        raise StoreError(f"Kith's data in {folder} is already encrypted.")
    passphrase = _ask_new(args, folder)
    if getattr(args, "new_passphrase_file", None):
        print(FORGOTTEN)
    key, words = crypto.new_key(passphrase, recovery=_wants_recovery(args))
    done = encrypt_store(folder, key)
    print(f"Kith's data in {folder} is encrypted now ({_files(done.files)} sealed).")
    for moved in done.moved_aside:
        print(f"This file could not be read, so it is left as it was (plain): {moved}")
    _show_recovery(words)
    return 0


def decrypt(args: argparse.Namespace) -> int:
    from kith.data.encryption import decrypt_store

    folder = cli.data_dir(args)
    key = key_for(folder, args)
    if key is None:
        raise StoreError(f"Kith's data in {folder} is not encrypted.")
    done = decrypt_store(folder, key)
    _forget_quietly(folder)
    print(
        f"Kith's data in {folder} is no longer encrypted ({_files(done.files)}). Anyone who "
        "can read your files can read it now."
    )
    return 0


def passphrase(args: argparse.Namespace) -> int:
    from kith.app import cli_keyring
    from kith.data.encryption import rewrap_store

    folder = cli.data_dir(args)
    if getattr(args, "forget", False):
        if cli_keyring.forget(folder):
            print("The passphrase is no longer kept in the system keyring.")
        else:
            print("The system keyring kept no passphrase for Kith's data here; nothing to do.")
        return 0
    found = passphrase_and_key(folder, args)
    if found is None:
        raise StoreError(f"Kith's data in {folder} is not encrypted: use kith encrypt.")
    old, key = found
    if getattr(args, "remember", False):
        cli_keyring.remember(folder, old)
        print(
            "The system keyring keeps the passphrase now: kith status and kith log use it "
            "instead of asking. Anyone using your login session can reach it too. To stop: "
            "kith passphrase --forget"
        )
        return 0
    kept = cli_keyring.is_kept(folder)
    chosen = _ask_new(args, folder)
    new, words = key.rewrapped(chosen, recovery=_wants_recovery(args))
    done = rewrap_store(folder, new)
    print(
        f"The passphrase is changed ({_files(done.files)}). The old one no longer opens the "
        "files in the data folder (an export made before still opens with it)."
    )
    if kept:
        try:
            cli_keyring.remember(folder, chosen)
            print("The system keyring keeps the new passphrase in place of the old one.")
        except StoreError as error:
            print(error)
    _show_recovery(words)
    return 0


def _forget_quietly(folder: Path) -> None:
    """Turning encryption off: a passphrase kept in the keyring has no use any more."""
    from kith.app import cli_keyring

    try:
        if cli_keyring.forget(folder):
            print("The passphrase kept in the system keyring is removed too.")
    except StoreError:
        pass


def add_crypto_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``kith encrypt``, ``kith decrypt``, ``kith passphrase``."""
    helps = {
        "encrypt": (
            "turn on encryption at rest, with a passphrase",
            "Encrypts the data file, its journal and every backup with a key from your "
            "passphrase\n(Argon2id, AES-256-GCM). Asks for the passphrase twice. A "
            "forgotten passphrase cannot\nbe recovered by anyone; a recovery key can be "
            "printed once.",
        ),
        "decrypt": ("turn encryption off (asks for the passphrase)", "Writes every file plain."),
        "passphrase": ("change the passphrase", "Asks for the old passphrase, then the new."),
    }
    for name, (summary, description) in helps.items():
        parser = cli._command(
            subparsers, name, summary, description, cli.guarded("kith.app.cli_crypto", name)
        )
        if name != "decrypt":
            parser.add_argument(
                "--new-passphrase-file",
                metavar="PATH",
                help="read the new passphrase from this file's first line (scripts)",
            )
            parser.add_argument(
                "--recovery-key", action="store_true", help="also make a recovery key"
            )
        if name == "passphrase":
            keep = parser.add_mutually_exclusive_group()
            keep.add_argument(
                "--remember",
                action="store_true",
                help="keep the passphrase in the system keyring, for kith status and kith "
                "log (needs kith[keyring]; off unless asked)",
            )
            keep.add_argument(
                "--forget", action="store_true", help="remove it from the system keyring"
            )
