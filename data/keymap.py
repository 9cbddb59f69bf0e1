"""Your own keys: the ``[keys]`` table of ``keys.toml`` in the data folder.

Each line names a key binding by its id and gives the key (or keys) to use
instead of the usual one::

    [keys]
    "people.new" = "a"              # add a person with a, not n
    "app.support" = ["f2", "s"]     # several keys: a list, or "f2,s"

``kith keys`` lists every id. The file is read once when Kith opens. It never
stops Kith from starting: a file that cannot be read, or a line that names no
binding or no usable key, is left out and Kith says so in plain words.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

KEYS_FILE = "keys.toml"
KEYS_TABLE = "keys"
# A keymap is a few lines; anything this large is not one.
MAX_KEYS_BYTES = 64 * 1024

# A Textual key name ("n", "ctrl+s", "f2", "question_mark", "shift+tab") or one
# printable character that Textual turns into its name ("?", "!", "/").
_KEY_NAME = re.compile(r"^(?:[A-Za-z0-9_]+(?:\+[A-Za-z0-9_]+)*|[!-~])$")


@dataclass(frozen=True)
class KeysFile:
    """What ``keys.toml`` asks for (binding id -> comma-separated keys), and the
    problems found in it, each a sentence for the person."""

    keys: dict[str, str] = field(default_factory=dict)
    problems: tuple[str, ...] = ()


def read_keys_file(data_dir: Path) -> KeysFile:
    """Read ``keys.toml`` in ``data_dir``. No file: no changes and no problems."""
    path = data_dir / KEYS_FILE
    try:
        raw = _read_small_regular_file(path)
    except FileNotFoundError:
        return KeysFile()
    except _NotAKeysFile as problem:
        return KeysFile(problems=(f"{KEYS_FILE} {problem} Kith uses its usual keys.",))
    except OSError as error:
        reason = error.strerror or str(error)
        return KeysFile(
            problems=(f"{KEYS_FILE} could not be read ({reason}). Kith uses its usual keys.",)
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return KeysFile(
            problems=(f"{KEYS_FILE} is not UTF-8 text. Kith uses its usual keys.",),
        )
    return parse_keys(text)


def parse_keys(text: str) -> KeysFile:
    """The ``[keys]`` table of a TOML document, checked line by line."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return KeysFile(
            problems=(f"{KEYS_FILE} is not valid TOML ({error}). Kith uses its usual keys.",),
        )
    table = document.get(KEYS_TABLE)
    if table is None:
        return KeysFile(
            problems=(f"{KEYS_FILE} has no [keys] table, so no keys were changed.",),
        )
    if not isinstance(table, dict):
        return KeysFile(
            problems=(f"In {KEYS_FILE}, keys should be a table: [keys]. No keys were changed.",),
        )
    keys: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, value in table.items():
        keys_text, problem = _key_list(value)
        if problem:
            problems.append(f'In {KEYS_FILE}, "{_shown(binding_id)}" was left out: {problem}')
        else:
            keys[binding_id] = keys_text
    return KeysFile(keys, tuple(problems))


def unknown_ids(keys: Mapping[str, str], known: Collection[str]) -> list[str]:
    """The ids in ``keys`` that name no binding, in file order."""
    return [binding_id for binding_id in keys if binding_id not in known]


def unknown_ids_problem(unknown: Collection[str]) -> str | None:
    """One sentence about ids that name no binding (None when there are none)."""
    if not unknown:
        return None
    names = ", ".join(f'"{_shown(name)}"' for name in unknown)
    return (
        f"In {KEYS_FILE}, Kith has no key called {names}, so it was left out. "
        "`kith keys` lists the names."
    )


def _key_list(value: object) -> tuple[str, str | None]:
    """``value`` as comma-separated key names, or a sentence saying what is wrong."""
    if isinstance(value, str):
        parts = value.split(",")
    elif isinstance(value, list) and all(isinstance(item, str) for item in value):
        parts = list(value)
    else:
        return "", 'give a key in quotes, like "ctrl+n", or a list, like ["f2", "s"].'
    keys = [part.strip() for part in parts]
    if not keys or not all(keys):
        return "", "a key is empty."
    for key in keys:
        if key != "," and not _KEY_NAME.match(key):
            return "", f'"{_shown(key)}" is not a key name Kith knows (try "ctrl+n" or "f3").'
    return ",".join(keys), None


def _shown(text: str) -> str:
    """``text`` safe to put in a message: printable, and not too long."""
    cleaned = "".join(char if char.isprintable() else "?" for char in text)
    return cleaned if len(cleaned) <= 40 else cleaned[:39] + "…"


class _NotAKeysFile(Exception):
    """``str(error)`` ends a sentence that begins with the file's name."""


def _read_small_regular_file(path: Path) -> bytes:
    # A link to a plain file is fine (dotfile managers link their files); O_NONBLOCK
    # keeps a FIFO from blocking the open, and fstat then refuses it.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _NotAKeysFile("is not a plain file.")
        if info.st_size > MAX_KEYS_BYTES:
            raise _NotAKeysFile(f"is larger than {MAX_KEYS_BYTES // 1024} KB, too large to be one.")
        chunks: list[bytes] = []
        size = 0
        while chunk := os.read(fd, 16384):
            size += len(chunk)
            if size > MAX_KEYS_BYTES:
                raise _NotAKeysFile(
                    f"is larger than {MAX_KEYS_BYTES // 1024} KB, too large to be one."
                )
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)
