"""``kith export``, ``kith import``, ``kith backup`` and ``kith restore``.

The work is done by ``data.exchange`` and ``data.vcard``; this module opens the
store the right way (read-only for what only reads, so it works while the app
is open; with the lock for what writes) and words the report.
"""

from __future__ import annotations

import argparse
import stat
import sys
from datetime import datetime
from pathlib import Path

from kith.app import cli
from kith.app.cli_crypto import key_for
from kith.app.exchange_words import count_phrase, describe, iter_lines, summarize_counts
from kith.data.backup import all_backups, manual_backup
from kith.data.clock import local
from kith.data.crypto import StoreKey, is_sealed_bytes, open_bytes
from kith.data.exchange import (
    MODELS,
    ExchangeError,
    MergePlan,
    Outcome,
    apply_merge,
    contact_names,
    csv_tables,
    dump_json,
    export_document,
    parse_document,
    plan_merge,
    read_input,
    read_store_file,
    restore_backup,
    snapshot,
    snapshot_counts,
    write_csv_folder,
    write_private,
    zip_bytes,
)
from kith.data.limits import JSON_MAX, VCARD_MAX, size_words
from kith.data.lock import StoreLock
from kith.data.models import Contact
from kith.data.store import LOCK_FILE, STORE_FILE, Store

LISTED = 20  # names or conflicts listed before "… and N more"


def _open_for_reading(folder: Path, args: argparse.Namespace) -> Store:
    if not (folder / STORE_FILE).exists():
        raise ExchangeError(f"There is no Kith data in {folder} yet.")
    key = key_for(folder, args)
    return Store.open(folder, clock=cli.make_clock(), readonly=True, key=key)


PLAIN_WARNING = (
    "Warning: this copy is NOT encrypted. Anyone who can read {target} can read "
    "everything in it. Delete it when you are done with it."
)


# -- export --------------------------------------------------------------------------------
def export(args: argparse.Namespace) -> int:
    clock = cli.make_clock()
    moment = local(clock, clock.now())
    with _open_for_reading(cli.data_dir(args), args) as store:
        snap = snapshot(store)
        key = store.key
        plain = bool(getattr(args, "plain", False))
        if key is not None and not plain and args.format != "json":
            raise ExchangeError(
                f"Kith's data is encrypted, and a {args.format} export cannot be. To write a "
                "readable copy anyway, add --plain."
            )
        document = export_document(store, clock.now()) if args.format == "json" else None
    counts = summarize_counts(snapshot_counts(snap))

    if args.format == "vcard":
        from kith.app.cli_vcard import export_vcards

        return export_vcards(args, snap, moment)
    if args.format == "json":
        assert document is not None
        payload = dump_json(document)
        if key is not None and not plain:
            payload = key.seal_file(payload)  # opened with the same passphrase
        if key is not None and plain:
            print(PLAIN_WARNING.format(target=args.output or "the file"), file=sys.stderr)
        if args.output == "-":
            sys.stdout.buffer.write(payload)
            sys.stdout.flush()
            return 0
        target = Path(args.output or f"kith-export-{moment:%Y-%m-%d}.json").expanduser()
        _check_free(target, args.force)
        write_private(target, payload)
        print(f"Exported {counts} to {target} (JSON, format {document['schema']}).")
        return 0

    if args.output == "-":
        raise ExchangeError("CSV is several files; give a folder or a .zip as --output.")
    target = Path(args.output or f"kith-export-{moment:%Y-%m-%d}").expanduser()
    _check_free(target, args.force, folder=target.suffix.lower() != ".zip")
    files = csv_tables(snap)
    if target.suffix.lower() == ".zip":
        write_private(target, zip_bytes(files, moment))
        print(f"Exported {counts} to {target} ({len(files)} CSV files in a zip).")
    else:
        if target.exists() and not target.is_dir():
            raise ExchangeError(f"{target} is a file; give a folder or a .zip for CSV.")
        write_csv_folder(target, files)
        print(f"Exported {counts} to {target}/ ({', '.join(files)}).")
    return 0


def _check_free(target: Path, force: bool, *, folder: bool = False) -> None:
    """Export writes only a new file, an existing regular file (with ``--force``) or,
    for CSV, a folder: never a FIFO, a device, a socket (``/dev/full``, ``/dev/stdout``)."""
    try:
        info = target.stat()
    except FileNotFoundError:
        return
    except OSError as error:
        raise ExchangeError(f"Could not use {target} ({error.strerror or error}).") from None
    if stat.S_ISDIR(info.st_mode):
        if not folder:
            raise ExchangeError(f"{target} is a folder. Give a file name as --output.")
        if not force:
            raise ExchangeError(
                f"{target} already exists. Choose another --output, or add --force."
            )
        return
    if not stat.S_ISREG(info.st_mode):
        raise ExchangeError(
            f"{target} is not a regular file (a device or a pipe, say); Kith exports only "
            "to a file or a folder. To write to standard output, use --output -."
        )
    if folder:
        raise ExchangeError(f"{target} is a file; give a folder or a .zip for CSV.")
    if not force:
        raise ExchangeError(f"{target} already exists. Choose another --output, or add --force.")


# -- import --------------------------------------------------------------------------------
CSV_IS_NOT_FOR_IMPORT = (
    "{source} looks like a CSV export. CSV exports are for spreadsheets; Kith imports "
    "JSON. To move your data back into Kith, export it with: kith export --format json"
)


def import_file(args: argparse.Namespace) -> int:
    source = Path(args.file).expanduser()
    if source.is_dir():
        from kith.app.cli_vcard import read_vdir

        return _import_vcard(args, source, read_vdir(source))
    kind = source.suffix.lower()
    # A regular file within the limit, checked before a byte is read (never a FIFO,
    # a device or a 2 GB file): ExchangeError in plain words.
    raw = read_input(source, VCARD_MAX if kind in (".vcf", ".vcard") else JSON_MAX)
    if kind in (".zip", ".csv") or raw.startswith(b"PK\x03\x04"):
        raise ExchangeError(CSV_IS_NOT_FOR_IMPORT.format(source=source))
    if kind not in (".json", ".vcf", ".vcard"):
        head = raw[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").upper()
        kind = ".vcf" if head.startswith(b"BEGIN:VCARD") else ".json"
        if kind == ".vcf" and len(raw) > VCARD_MAX:
            raise ExchangeError(
                f"{source} is {size_words(len(raw))}, more than the {size_words(VCARD_MAX)} "
                "Kith reads for an address book."
            )
    if kind == ".json":
        return _import_json(args, source, raw)
    return _import_vcard(args, source, raw)


def _open_for_import(args: argparse.Namespace, key: StoreKey | None = None) -> Store | None:
    """The store to merge into, holding the lock. A dry run only reads (so it works while
    the app is open), and finds nothing (``None``) where there is no data yet."""
    folder = cli.data_dir(args)
    clock = cli.make_clock()
    if not args.dry_run:
        return Store.open(folder, clock=clock, key=key)
    if not (folder / STORE_FILE).exists():
        return None
    return Store.open(folder, clock=clock, readonly=True, key=key)


def _import_json(args: argparse.Namespace, source: Path, raw: bytes) -> int:
    # Records already saved are taken as Kith wrote them: the "not in the future" rule
    # is for typing a new date, not for a file from another time zone or clock.
    folder = cli.data_dir(args)
    key = key_for(folder, args) if (folder / STORE_FILE).exists() else None
    if is_sealed_bytes(raw):
        if key is None:
            raise ExchangeError(
                f"{source} is encrypted; Kith imports it into a store encrypted with the "
                "same passphrase."
            )
        raw = open_bytes(raw, source, key)
    incoming = parse_document(raw, source=str(source))
    store = _open_for_import(args, key)
    try:
        current = snapshot(store) if store is not None else {name: [] for name in MODELS}
        plan = plan_merge(current, incoming)
        if store is not None and not args.dry_run:
            apply_merge(store, plan)
    finally:
        if store is not None:
            store.close()
    _report_merge(plan, source, contact_names(current, incoming), dry_run=args.dry_run)
    return 0


def _report_merge(plan: MergePlan, source: Path, names: dict[str, str], *, dry_run: bool) -> None:
    added = plan.counts(Outcome.ADDED)
    updated = plan.counts(Outcome.UPDATED)
    same = plan.counts(Outcome.SAME)
    kept = plan.counts(Outcome.KEPT)
    if dry_run:
        print(f"Dry run: nothing was changed. Importing {source} would give:")
    else:
        print(f"Imported {source}:")
    verb = "would be " if dry_run else ""
    print(f"  {verb}added: {summarize_counts(added)}")
    newer = " (the file's copy was newer)" if updated else ""
    print(f"  {verb}updated: {summarize_counts(updated)}{newer}")
    skipped = []
    if same:
        skipped.append(f"{summarize_counts(same)} already the same")
    if kept:
        skipped.append(f"{summarize_counts(kept)} newer here, kept")
    print(f"  {verb}skipped: {'; '.join(skipped) if skipped else 'nothing'}")
    conflicts = plan.conflicts
    if not conflicts:
        return
    tz = cli.make_clock().tz

    def stamp(moment: datetime) -> str:
        return f"{moment.astimezone(tz):%Y-%m-%d %H:%M}"

    print(f"Edited on both sides ({len(conflicts)}); the more recently edited copy is kept:")
    lines = []
    for change in conflicts:
        assert change.current is not None
        kind = count_phrase(change.collection, 1).removeprefix("1 ").capitalize()
        label = describe(change.collection, change.incoming, names)
        theirs, ours = stamp(change.incoming.updated), stamp(change.current.updated)
        if change.outcome is Outcome.UPDATED:
            which = f"the file's ({theirs}) over this one's ({ours})"
        else:
            which = f"this one's ({ours}) over the file's ({theirs})"
        lines.append(f"{kind} {label}: {which}")
    for line in iter_lines(lines, LISTED):
        print(f"  {line}")


def _import_vcard(args: argparse.Namespace, source: Path, raw: bytes) -> int:
    from kith.data.vcard import VCardError, decode, plan_vcard_import, read_vcards

    try:
        cards, problems = read_vcards(decode(raw))
    except VCardError as error:
        raise ExchangeError(f"Kith could not read {source}: {error}") from None
    store = _open_for_import(args)
    try:
        plan = plan_vcard_import(cards, store.contacts.list() if store is not None else [])
        if store is not None and plan.to_add and not args.dry_run:
            store.contacts.add_many(plan.to_add)
    finally:
        if store is not None:
            store.close()
    verb = "Would add" if args.dry_run else "Added"
    if args.dry_run:
        print(f"Dry run: nothing was changed. From {source}:")
    if plan.matched:
        matched = count_phrase("contacts", len(plan.matched))
        print(f"Already in Kith by their card's UID, unchanged: {matched}.")
    people = count_phrase("contacts", len(plan.to_add))
    print(f"{verb} {people}" + (":" if plan.to_add else "."))
    for line in iter_lines(_describe_cards(plan.to_add), LISTED):
        print(f"  {line}")
    if plan.duplicates:
        print(f"Skipped {count_phrase('contacts', len(plan.duplicates))} already in Kith:")
        for line in iter_lines(plan.duplicates, LISTED):
            print(f"  {line}")
    left_out = problems + plan.problems
    if left_out:
        print("Left out:")
        for line in iter_lines(left_out, LISTED):
            print(f"  {line}")
    return 0


def _describe_cards(contacts: list[Contact]) -> list[str]:
    from kith.data.dates import birthday_text

    lines = []
    for contact in contacts:
        extras = []
        if contact.birthday is not None:
            extras.append(f"birthday {birthday_text(contact.birthday)}")
        for count, word in (
            (len(contact.phones), "phone"),
            (len(contact.emails), "email"),
            (len(contact.addresses), "address"),
            (len(contact.links), "link"),
        ):
            if count:
                plural = "es" if word == "address" else "s"
                extras.append(f"{count} {word}{plural if count > 1 else ''}")
        if contact.notes:
            extras.append("with a note")
        lines.append(contact.name + (f" ({', '.join(extras)})" if extras else ""))
    return lines


# -- backup and restore --------------------------------------------------------------------
def backup(args: argparse.Namespace) -> int:
    folder = cli.data_dir(args)
    clock = cli.make_clock()
    with _open_for_reading(folder, args) as store:  # checks the file is whole first
        counts = snapshot_counts(snapshot(store))
        made = manual_backup(store.path, folder, local(clock, clock.now()), store.key)
    print(f"Backed up {summarize_counts(counts)} to {made}")
    return 0


def _size(path: Path) -> str:
    size = path.stat().st_size
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def _choose(folder: Path, choice: str) -> Path:
    backups = all_backups(folder)
    if choice.isdecimal() and len(choice) < 7:  # not isdigit: int("²") fails
        number = int(choice)
        if not 1 <= number <= len(backups):
            raise ExchangeError(
                f"There is no backup number {number}; 'kith restore' lists "
                f"{len(backups)} backup{'s' if len(backups) != 1 else ''}."
            )
        return backups[number - 1]
    named = folder / "backups" / choice
    if named.is_file():
        return named
    path = Path(choice).expanduser()
    if path.is_file():
        return path
    raise ExchangeError(f"There is no backup called {choice}. See the list with: kith restore")


def restore(args: argparse.Namespace) -> int:
    folder = cli.data_dir(args)
    clock = cli.make_clock()
    if args.backup is None:
        backups = all_backups(folder)
        if not backups:
            print(f"There are no backups in {folder / 'backups'} yet. Make one with: kith backup")
            return 0
        print(f"Backups in {folder / 'backups'}, newest first:")
        for number, path in enumerate(backups, start=1):
            when = datetime.fromtimestamp(path.stat().st_mtime, tz=clock.tz)
            print(f"  {number:>2}  {path.name:<40} {when:%a %d %b %Y %H:%M}  {_size(path):>7}")
        print("Go back to one with: kith restore NUMBER (Kith must be closed)")
        return 0

    chosen = _choose(folder, args.backup)
    if folder.is_dir():  # refuse before asking, while Kith is open (StoreLocked)
        probe = StoreLock(folder / LOCK_FILE)
        probe.acquire()
        probe.release()
    key = key_for(folder, args)
    counts = snapshot_counts(read_store_file(chosen, key))  # a damaged backup stops here
    if not args.yes:
        print(f"Restore {chosen.name} ({summarize_counts(counts)})?")
        print("Your current data file is kept aside, so you can come back to it.")
        try:
            answer = input("Restore it? [y/N] ")
        except EOFError:
            answer = ""
        if answer.strip().casefold() not in ("y", "yes"):
            return cli.say_error("Nothing was changed.")
    done = restore_backup(folder, chosen, clock, key)
    print(f"Restored {chosen.name}: {summarize_counts(done.counts)}.")
    if done.moved_aside is not None:
        print(f"Your previous data is kept as {done.moved_aside}")
        print(f"To go back to it: kith restore {done.moved_aside}")
    return 0
