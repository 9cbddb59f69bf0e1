"""Taking data out of Kith and bringing it back: JSON export, CSV tables, merge by id,
and restoring a backup.

The JSON export is the complete, lossless format: every record of every collection,
with the schema version, so ``kith import`` gives back exactly the same store. CSV is
for spreadsheets: one table per collection, readable rather than re-importable.

Everything here is pure except the few functions that take a ``Store`` or a folder
(``apply_merge``, ``write_*``, ``restore_backup``); they are thin.
"""

from __future__ import annotations

import copy
import csv
import io
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

import orjson
from pydantic import ValidationError

from kith.data.backup import move_aside
from kith.data.clock import Clock, local
from kith.data.errors import StoreError, StoreWriteError
from kith.data.journal import fold
from kith.data.lock import StoreLock
from kith.data.migrations import (
    META_TABLE,
    SCHEMA_VERSION,
    migrate,
    schema_version,
    set_schema_version,
)
from kith.data.models import (
    CheckIn,
    Contact,
    Interaction,
    PlanItem,
    Record,
    Settings,
    SupportEntry,
)
from kith.data.storage import DIR_MODE, atomic_write_bytes
from kith.data.store import LOCK_FILE, STORE_FILE, Store

EXPORT_KIND = "kith-export"

# Every collection, in the order they are exported and reported.
MODELS: dict[str, type[Record]] = {
    "contacts": Contact,
    "interactions": Interaction,
    "checkins": CheckIn,
    "plan": PlanItem,
    "support": SupportEntry,
    "settings": Settings,
}
COLLECTION_WORDS: dict[str, tuple[str, str]] = {
    "contacts": ("person", "people"),
    "interactions": ("interaction", "interactions"),
    "checkins": ("check-in", "check-ins"),
    "plan": ("planned action", "planned actions"),
    "support": ("support entry", "support entries"),
    "settings": ("settings record", "settings records"),
}
# The tables written as CSV (settings is one record: it lives in the JSON export only).
CSV_COLLECTIONS: tuple[str, ...] = ("contacts", "interactions", "checkins", "plan", "support")

# Records on disk or in a file are checked for shape, not against today's date.
_LOAD_CONTEXT = {"today": date.max}

Snapshot = dict[str, list[Record]]


class ExchangeError(ValueError):
    """A file cannot be imported, exported or restored; ``str()`` says why in plain words."""


def count_phrase(collection: str, count: int) -> str:
    """``"3 people"``, ``"1 check-in"``."""
    one, many = COLLECTION_WORDS[collection]
    return f"{count} {one if count == 1 else many}"


# -- export ------------------------------------------------------------------------------
def snapshot(store: Store) -> Snapshot:
    """Every record of every collection, as models (the store's current state)."""
    lists = {repo.name: repo.list() for repo in store.repositories}
    return {name: list(lists.get(name, [])) for name in MODELS}


def export_document(store: Store, exported_at: datetime) -> dict[str, Any]:
    """The complete JSON export: a marker, the schema version, then every collection."""
    tables = store.export_tables()
    document: dict[str, Any] = {
        "kind": EXPORT_KIND,
        "schema": tables.pop("schema"),
        "exported": exported_at.isoformat(),
    }
    for name in MODELS:
        document[name] = tables.get(name, [])
    return document


def dump_json(document: Mapping[str, Any]) -> bytes:
    return orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


# -- reading an export (or a store file, e.g. a backup) ------------------------------------
def parse_document(raw: bytes, *, source: str = "the file", today: date | None = None) -> Snapshot:
    """Read a Kith JSON export (or a raw store file, such as a backup) into models.

    Older schema versions are brought forward; a newer one, a file that is not a Kith
    export, or any record that is not valid raises ``ExchangeError`` naming the problem.
    With ``today`` (the importing store's date), an interaction dated after it is not
    valid either, as when it is typed in.
    """
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise ExchangeError(f"{source} is not valid JSON ({error}).") from None
    if not isinstance(data, dict):
        raise ExchangeError(f"{source} is JSON, but not a Kith export.")
    context = _LOAD_CONTEXT if today is None else {"today": today}
    return _tables_to_snapshot(_as_tables(data, source), source, context)


def _as_tables(data: dict[str, Any], source: str) -> dict[str, Any]:
    """Either shape (export with lists, or store file with numbered tables) as store tables."""
    if META_TABLE in data:  # a store file: {"_meta": {...}, "contacts": {"1": {...}}}
        if not all(isinstance(table, dict) for table in data.values()):
            raise ExchangeError(f"{source} looks like a Kith data file, but it is damaged.")
        return copy.deepcopy(data)
    version = data.get("schema")
    if data.get("kind") != EXPORT_KIND or not isinstance(version, int) or version < 1:
        raise ExchangeError(
            f"{source} is JSON, but not a Kith export (it has no Kith marker and schema version)."
        )
    tables: dict[str, Any] = {}
    for name in MODELS:
        records = data.get(name, [])
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
            raise ExchangeError(f"In {source}, '{name}' is not a list of records.")
        tables[name] = {str(number): dict(doc) for number, doc in enumerate(records, start=1)}
    set_schema_version(tables, version)
    return tables


def _tables_to_snapshot(
    tables: dict[str, Any], source: str, context: dict[str, date] = _LOAD_CONTEXT
) -> Snapshot:
    found = schema_version(tables)
    if found > SCHEMA_VERSION:
        raise ExchangeError(
            f"{source} was written by a newer Kith (format {found}; this one reads up to "
            f"{SCHEMA_VERSION}). Please update Kith first."
        )
    tables, _ = migrate(tables)
    result: Snapshot = {}
    for name, model in MODELS.items():
        records: list[Record] = []
        seen: set[str] = set()
        for number, doc in tables.get(name, {}).items():
            try:
                record = model.model_validate(doc, context=context)
            except ValidationError as error:
                first = error.errors()[0]
                where = ".".join(str(part) for part in first["loc"]) or "record"
                message = str(first["msg"]).removeprefix("Value error, ").rstrip(".")
                raise ExchangeError(
                    f"In {source}, record {number} of '{name}' is not valid ({where}: {message})."
                ) from None
            if record.id in seen:
                raise ExchangeError(f"In {source}, '{name}' has the id {record.id} twice.")
            seen.add(record.id)
            records.append(record)
        result[name] = records
    return result


def read_store_file(path: Path) -> Snapshot:
    """A store file (``kith.json`` or a backup), checked record by record."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ExchangeError(f"Could not read {path} ({error.strerror or error}).") from None
    return read_store_bytes(raw, str(path))


def read_store_bytes(raw: bytes, source: str) -> Snapshot:
    """The content of a store file, checked record by record."""
    try:
        tables = orjson.loads(raw) if raw.strip() else None
    except orjson.JSONDecodeError as error:
        raise ExchangeError(f"{source} is not valid JSON ({error}).") from None
    if not isinstance(tables, dict) or not all(isinstance(t, dict) for t in tables.values()):
        raise ExchangeError(f"{source} is not a Kith data file.")
    if META_TABLE not in tables:
        set_schema_version(tables, 1)  # a draft file, from before versions
    return _tables_to_snapshot(tables, source)


# -- merging ------------------------------------------------------------------------------
class Outcome(StrEnum):
    ADDED = "added"  # new id: added
    UPDATED = "updated"  # both have it, they differ, the file's copy is newer: replaced
    KEPT = "kept"  # both have it, they differ, the copy here is as new or newer: kept
    SAME = "same"  # both have it, identical: nothing to do


@dataclass(frozen=True)
class Change:
    collection: str
    incoming: Record
    current: Record | None
    outcome: Outcome

    @property
    def conflict(self) -> bool:
        """Both sides edited the record: the newer ``updated`` won."""
        return self.outcome in (Outcome.UPDATED, Outcome.KEPT)


@dataclass(frozen=True)
class MergePlan:
    changes: list[Change] = field(default_factory=list)

    def having(self, *outcomes: Outcome) -> list[Change]:
        return [change for change in self.changes if change.outcome in outcomes]

    @property
    def to_write(self) -> list[Change]:
        return self.having(Outcome.ADDED, Outcome.UPDATED)

    @property
    def conflicts(self) -> list[Change]:
        return [change for change in self.changes if change.conflict]

    def counts(self, *outcomes: Outcome) -> dict[str, int]:
        """How many records per collection had one of ``outcomes`` (collections in order)."""
        counts = dict.fromkeys(MODELS, 0)
        for change in self.having(*outcomes):
            counts[change.collection] += 1
        return {name: count for name, count in counts.items() if count}


def plan_merge(current: Snapshot, incoming: Snapshot) -> MergePlan:
    """Merge ``incoming`` into ``current`` by id. New ids are added; identical records are
    skipped; a record that differs keeps whichever side has the newer ``updated`` time
    (a tie keeps the copy already here)."""
    changes: list[Change] = []
    for name in MODELS:
        here = {record.id: record for record in current.get(name, [])}
        for record in incoming.get(name, []):
            mine = here.get(record.id)
            if mine is None:
                outcome = Outcome.ADDED
            elif mine.to_doc() == record.to_doc():
                outcome = Outcome.SAME
            elif record.updated > mine.updated:
                outcome = Outcome.UPDATED
            else:
                outcome = Outcome.KEPT
            changes.append(Change(name, record, mine, outcome))
    return MergePlan(changes)


def apply_merge(store: Store, plan: MergePlan) -> int:
    """Write the plan's additions and updates in one atomic save; return how many."""
    repositories = {repo.name: repo for repo in store.repositories}
    writes = plan.to_write
    if not writes:
        return 0
    with store.batch():
        for change in writes:
            repositories[change.collection].put(change.incoming)
    return len(writes)


def describe(collection: str, record: Record, names: Mapping[str, str]) -> str:
    """A short, human label for a record in a report (``names``: contact id -> name)."""
    if isinstance(record, Contact):
        return record.name
    if isinstance(record, Interaction):
        who = ", ".join(names.get(cid, "someone") for cid in record.contact_ids)
        return f"{record.date.isoformat()} with {who}"
    if isinstance(record, CheckIn):
        return f"{record.instrument_id} on {record.taken_at.date().isoformat()}"
    if isinstance(record, PlanItem):
        return f"{record.text} (week of {record.week_start.isoformat()})"
    if isinstance(record, SupportEntry):
        return record.name
    return COLLECTION_WORDS.get(collection, (collection, collection))[0]


def contact_names(*snapshots: Snapshot) -> dict[str, str]:
    names: dict[str, str] = {}
    for snap in snapshots:
        for record in snap.get("contacts", []):
            if isinstance(record, Contact):
                names[record.id] = record.name
    return names


# -- CSV ----------------------------------------------------------------------------------
# A spreadsheet runs a cell that starts with one of these as a formula; a leading
# apostrophe keeps it text (CSV is for reading; the JSON export stays exact).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list) and all(not isinstance(v, dict | list) for v in value):
        text = "; ".join(str(v) for v in value)
    elif isinstance(value, dict | list):
        text = orjson.dumps(value).decode()
    else:
        text = str(value)
    if text.startswith(_FORMULA_START):
        text = "'" + text
    return text


def _birthday_cell(doc: dict[str, Any]) -> str:
    birthday = doc.get("birthday")
    if not birthday:
        return ""
    year = birthday.get("year")
    month, day = birthday["month"], birthday["day"]
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


def csv_tables(snap: Snapshot) -> dict[str, str]:
    """One CSV text per collection (``contacts.csv``, ...), a header row first.

    Columns follow the model's fields; lists of words are joined with ``; ``, nested
    data is JSON, birthdays are ``YYYY-MM-DD`` or ``--MM-DD``; interactions and plan
    items also carry the people's names next to their ids.
    """
    names = contact_names(snap)
    files: dict[str, str] = {}
    for name in CSV_COLLECTIONS:
        model = MODELS[name]
        header: list[str] = []
        fields = [c for c in model.model_fields if c not in ("created", "updated")]
        for column in [*fields, "created", "updated"]:
            if column == "contact_ids":
                header.append("people")
            elif column == "contact_id":
                header.append("person")
            header.append(column)
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        for record in snap.get(name, []):
            doc = record.to_doc()
            row: list[str] = []
            for column in header:
                if column == "people":
                    row.append(_cell([names.get(cid, "") for cid in doc["contact_ids"]]))
                elif column == "person":
                    row.append(_cell(names.get(doc["contact_id"] or "", "")))
                elif column == "birthday":
                    row.append(_birthday_cell(doc))
                else:
                    row.append(_cell(doc.get(column)))
            writer.writerow(row)
        files[f"{name}.csv"] = buffer.getvalue()
    return files


def zip_bytes(files: Mapping[str, str], moment: datetime) -> bytes:
    """The CSV files in one zip archive (members marked private, 0600)."""
    buffer = io.BytesIO()
    stamp = moment.timetuple()[:6]
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100600 << 16
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


# -- writing files privately --------------------------------------------------------------
def write_private(path: Path, payload: bytes) -> None:
    """Write ``payload`` to ``path`` atomically, mode 0600."""
    try:
        atomic_write_bytes(path, payload)
    except StoreWriteError as error:
        reason = error.cause.strerror or str(error.cause)
        raise ExchangeError(f"Could not write {path} ({reason}).") from None


def write_csv_folder(folder: Path, files: Mapping[str, str]) -> list[Path]:
    """Write each CSV into ``folder`` (created private, 0700); return the paths."""
    try:
        folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    except OSError as error:
        raise ExchangeError(f"Could not create {folder} ({error.strerror or error}).") from None
    written = []
    for name, text in files.items():
        target = folder / name
        write_private(target, text.encode("utf-8"))
        written.append(target)
    return written


# -- restoring a backup -------------------------------------------------------------------
@dataclass(frozen=True)
class Restored:
    backup: Path
    moved_aside: Path | None
    counts: dict[str, int]


def snapshot_counts(snap: Snapshot) -> dict[str, int]:
    return {name: len(snap.get(name, [])) for name in MODELS if name != "settings"}


def restore_backup(data_dir: Path, backup: Path, clock: Clock) -> Restored:
    """Make ``backup`` the current data file, keeping the current file aside (renamed,
    timestamped). Refuses with ``StoreLocked`` while Kith has the folder open, and with
    ``ExchangeError`` if the backup cannot be read (then nothing changes)."""
    try:
        data_dir.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    except OSError as error:
        raise ExchangeError(f"Could not create {data_dir} ({error.strerror or error}).") from None
    lock = StoreLock(data_dir / LOCK_FILE)
    lock.acquire()
    try:
        try:
            payload = backup.read_bytes()
        except OSError as error:
            raise ExchangeError(f"Could not read {backup} ({error.strerror or error}).") from None
        counts = snapshot_counts(read_store_bytes(payload, str(backup)))
        store_file = data_dir / STORE_FILE
        fold(store_file)  # the file kept aside holds every save; nothing replays onto the backup
        moved = None
        if store_file.exists():
            label = _free_label(store_file, clock)
            moved = move_aside(store_file, local(clock, clock.now()), label)
        try:
            atomic_write_bytes(store_file, payload)
        except StoreError:
            if moved is not None:  # put the current file back where it was
                moved.replace(store_file)
            raise
        return Restored(backup, moved, counts)
    finally:
        lock.release()


def _free_label(store_file: Path, clock: Clock) -> str:
    """``before-restore``, or ``before-restore-2``... so that no earlier file set aside
    in the same second is ever replaced."""
    stamp = f"{local(clock, clock.now()):%Y%m%d-%H%M%S}"
    label = "before-restore"
    number = 1
    while store_file.with_name(f"{store_file.stem}.{label}-{stamp}{store_file.suffix}").exists():
        number += 1
        label = f"before-restore-{number}"
    return label


def records_equal(left: Snapshot, right: Snapshot) -> bool:
    """Whether two snapshots hold exactly the same records (order aside)."""
    return _by_id(left) == _by_id(right)


def _by_id(snap: Snapshot) -> dict[str, dict[str, Any]]:
    return {name: {record.id: record.to_doc() for record in snap.get(name, [])} for name in MODELS}


def summarize_counts(counts: Mapping[str, int]) -> str:
    """``"3 people, 12 interactions"``, or ``"nothing"``."""
    parts = [count_phrase(name, count) for name, count in counts.items() if count]
    return ", ".join(parts) if parts else "nothing"


def iter_lines(items: Iterable[str], limit: int) -> Sequence[str]:
    """At most ``limit`` lines, then ``"… and N more"``."""
    listed = list(items)
    if len(listed) <= limit:
        return listed
    return [*listed[:limit], f"… and {len(listed) - limit} more"]
