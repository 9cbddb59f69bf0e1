"""Checks on a parsed store file before any record is taken from it.

A file that passes JSON parsing can still be one Kith must not load: document keys
that are not canonical numbers (``"01"``, ``"1_0"`` and ``"1"`` are all record 1 to
``int()``, so one save would silently drop records), or values nested so deep that
handling them recurses without end. Such a file is refused like any damaged file
(``StoreCorrupt``: the recovery screen explains, nothing is rewritten).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from kith.data.errors import StoreCorrupt
from kith.data.limits import MAX_DEPTH, too_deep
from kith.data.text import printable

# TinyDB document ids as Kith writes them: 1, 2, ... (no sign, no leading zero, no "_").
DOC_KEY = re.compile(r"[1-9][0-9]{0,17}")


def canonical_key(key: str) -> bool:
    return DOC_KEY.fullmatch(key) is not None


def check_tables(path: Path, tables: dict[str, Any]) -> None:
    """Raise ``StoreCorrupt`` if a table's keys are not canonical record numbers or the
    content nests deeper than Kith ever writes."""
    for name, table in tables.items():
        for key in table:
            if not canonical_key(key):
                raise StoreCorrupt(
                    path,
                    f"a record in '{printable(name, 40)}' is numbered {printable(key, 40)!r}, "
                    "not with a plain whole number (1, 2, 3...): "
                    "records could be mixed up, so the file is left as it is.",
                )
    if too_deep(tables, MAX_DEPTH):
        raise StoreCorrupt(
            path, f"it nests values more than {MAX_DEPTH} levels deep, which Kith never writes."
        )
