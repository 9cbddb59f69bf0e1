"""CSV for spreadsheets (one table per collection, in a folder or a zip), and writing
export files privately (0600, atomically)."""

from __future__ import annotations

import csv
import io
import stat
import zipfile
from collections.abc import Mapping
from contextlib import suppress
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from kith.data.collections import CSV_COLLECTIONS, MODELS
from kith.data.errors import StoreWriteError
from kith.data.exchange_common import ExchangeError, Snapshot
from kith.data.exchange_merge import contact_names
from kith.data.storage import DIR_MODE, atomic_write_bytes

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
    for name in files:
        with suppress(FileNotFoundError):
            if not stat.S_ISREG((folder / name).lstat().st_mode):
                raise ExchangeError(
                    f"{folder / name} is not a regular file; Kith replaces only its own "
                    "files. Choose another folder."
                )
    for name, text in files.items():
        target = folder / name
        write_private(target, text.encode("utf-8"))
        written.append(target)
    return written
