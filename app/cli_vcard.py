"""``kith export --format vcard`` and reading a vdir for ``kith import DIR/``.

The cards are written by ``data.vcard_export``; this module chooses between one
file and a vdir (a folder, one ``.vcf`` per person), writes privately and
atomically, and words the report.
"""

from __future__ import annotations

import argparse
import os
import stat
import sys
from datetime import datetime
from pathlib import Path

from kith.app.exchange_words import count_phrase
from kith.data.exchange import ExchangeError, write_private
from kith.data.exchange_common import Snapshot
from kith.data.limits import VCARD_MAX, InputRefused, read_limited
from kith.data.models import Contact
from kith.data.storage import DIR_MODE
from kith.data.vcard import decode
from kith.data.vcard_export import vcards_text, vdir_files

CARD_MAX_BYTES = VCARD_MAX  # one person's card (a photo makes it big)
VDIR_MAX_BYTES = 200 * 1024 * 1024  # every card of a vdir together


def _is_folder_target(output: str | None, target: Path) -> bool:
    return output is not None and (output.endswith(("/", os.sep)) or target.is_dir())


def export_vcards(args: argparse.Namespace, snap: Snapshot, moment: datetime) -> int:
    contacts = [item for item in snap["contacts"] if isinstance(item, Contact)]
    version = "3.0" if args.vcard_version == "3" else "4.0"
    people = count_phrase("contacts", len(contacts))
    if args.output == "-":
        sys.stdout.write(vcards_text(contacts, version))
        sys.stdout.flush()
        return 0
    target = Path(args.output or f"kith-contacts-{moment:%Y-%m-%d}.vcf").expanduser()
    if not _is_folder_target(args.output, target):
        if target.exists() and not args.force:
            raise ExchangeError(
                f"{target} already exists. Choose another --output, or add --force."
            )
        write_private(target, vcards_text(contacts, version).encode("utf-8"))
        print(f"Exported {people} to {target} (vCard {version}).")
        return 0

    if target.exists() and not target.is_dir():
        raise ExchangeError(f"{target} is a file; end --output with / for a folder of cards.")
    if target.exists() and any(target.iterdir()) and not args.force:
        raise ExchangeError(
            f"{target}/ already has files in it. Add --force to write the cards there "
            "(each person's file is replaced; other files are left alone)."
        )
    try:
        target.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    except OSError as error:
        raise ExchangeError(f"Could not create {target} ({error.strerror or error}).") from None
    written = unchanged = 0
    for name, text in vdir_files(contacts, version).items():
        path = target / name
        payload = text.encode("utf-8")
        try:
            same = path.is_file() and path.read_bytes() == payload
        except OSError:
            same = False
        if same:  # not rewritten: a sync tool sees no change
            unchanged += 1
            continue
        write_private(path, payload)
        written += 1
    detail = f"{written} written, {unchanged} unchanged" if unchanged else f"{written} files"
    print(f"Exported {people} to {target}/ (vCard {version}, one file per person: {detail}).")
    return 0


def read_vdir(folder: Path) -> bytes:
    """The text of every ``.vcf`` file directly in ``folder``, one after another, as UTF-8.

    Only regular files are read (links and folders are passed over), each at most
    ``CARD_MAX_BYTES``; a folder with no cards is refused in plain words.
    """
    texts: list[str] = []
    total = 0
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        raise ExchangeError(f"Could not read the folder {folder} ({error.strerror}).") from None
    for entry in entries:
        if not entry.name.lower().endswith((".vcf", ".vcard")):
            continue
        info = entry.stat(follow_symlinks=False)
        if not stat.S_ISREG(info.st_mode):
            continue
        if info.st_size > CARD_MAX_BYTES:
            raise ExchangeError(
                f"{entry.path} is {info.st_size / 1024 / 1024:.0f} MB, larger than any "
                "one person's card should be; nothing was imported."
            )
        total += info.st_size
        if total > VDIR_MAX_BYTES:
            raise ExchangeError(f"The cards in {folder} are too large together to import.")
        try:
            raw = read_limited(Path(entry.path), CARD_MAX_BYTES, what="vCard")
        except InputRefused as error:
            raise ExchangeError(str(error)) from None
        text = decode(raw).strip()
        texts.append(text + "\r\n")
    if not texts:
        raise ExchangeError(f"There are no .vcf files in {folder}.")
    return "".join(texts).encode("utf-8")
