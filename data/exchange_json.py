"""The JSON export, Kith's complete and lossless format, and reading it back (or a raw
store file, such as a backup) into models, checked record by record."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson
from pydantic import ValidationError

from kith.data.collections import MODELS
from kith.data.crypto import StoreKey, open_bytes
from kith.data.errors import StoreCorrupt
from kith.data.exchange_common import (
    _LOAD_CONTEXT,
    ExchangeError,
    Snapshot,
    read_input,
)
from kith.data.integrity import check_tables
from kith.data.limits import JSON_MAX, MAX_DEPTH, too_deep
from kith.data.migrations import (
    META_TABLE,
    SCHEMA_VERSION,
    migrate,
    schema_version,
    set_schema_version,
)
from kith.data.models import Record
from kith.data.store import Store
from kith.data.text import printable

EXPORT_KIND = "kith-export"


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
    _check_depth(data, source)
    context = _LOAD_CONTEXT if today is None else {"today": today}
    return _tables_to_snapshot(_as_tables(data, source), source, context)


def _check_depth(data: Any, source: str) -> None:
    if too_deep(data):
        raise ExchangeError(
            f"{source} nests values more than {MAX_DEPTH} levels deep; a Kith file never "
            "does, so it is not one."
        )


def _check_keys(tables: dict[str, Any], source: str) -> None:
    try:
        check_tables(Path(source), tables)
    except StoreCorrupt as error:
        raise ExchangeError(f"{source} cannot be used: {error.detail}") from None


def _as_tables(data: dict[str, Any], source: str) -> dict[str, Any]:
    """Either shape (export with lists, or store file with numbered tables) as store tables."""
    if META_TABLE in data:  # a store file: {"_meta": {...}, "contacts": {"1": {...}}}
        if not all(isinstance(table, dict) for table in data.values()):
            raise ExchangeError(f"{source} looks like a Kith data file, but it is damaged.")
        _check_keys(data, source)
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
                where = printable(".".join(str(part) for part in first["loc"]) or "record", 80)
                message = printable(str(first["msg"]).removeprefix("Value error, ").rstrip("."))
                raise ExchangeError(
                    f"In {source}, record {number} of '{name}' is not valid ({where}: {message})."
                ) from None
            if record.id in seen:
                raise ExchangeError(
                    f"In {source}, '{name}' has the id {printable(record.id, 70)} twice."
                )
            seen.add(record.id)
            records.append(record)
        result[name] = records
    return result


def read_store_file(path: Path, key: StoreKey | None = None) -> Snapshot:
    """A store file (``kith.json`` or a backup, sealed with ``key`` or plain), checked
    record by record."""
    raw = open_bytes(read_input(path, JSON_MAX, what="backup"), path, key)
    return read_store_bytes(raw, str(path))


def read_store_bytes(raw: bytes, source: str) -> Snapshot:
    """The content of a store file, checked record by record."""
    try:
        tables = orjson.loads(raw) if raw.strip() else None
    except orjson.JSONDecodeError as error:
        raise ExchangeError(f"{source} is not valid JSON ({error}).") from None
    if not isinstance(tables, dict) or not all(isinstance(t, dict) for t in tables.values()):
        raise ExchangeError(f"{source} is not a Kith data file.")
    _check_depth(tables, source)
    _check_keys(tables, source)
    if META_TABLE not in tables:
        set_schema_version(tables, 1)  # a draft file, from before versions
    return _tables_to_snapshot(tables, source)
