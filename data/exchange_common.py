"""What every part of taking data out and bringing it back shares: the snapshot (every
record of every collection, as models), the error with plain words, and reading an
input file within its limits."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from kith.data.collections import MODELS
from kith.data.limits import InputRefused, read_limited
from kith.data.models import Record
from kith.data.store import Store

# Records on disk or in a file are checked for shape, not against today's date.
_LOAD_CONTEXT = {"today": date.max}

Snapshot = dict[str, list[Record]]


class ExchangeError(ValueError):
    """A file cannot be imported, exported or restored; ``str()`` says why in plain words."""


def snapshot(store: Store) -> Snapshot:
    """Every record of every collection, as models (the store's current state)."""
    lists = {repo.name: repo.list() for repo in store.repositories}
    return {name: list(lists.get(name, [])) for name in MODELS}


def snapshot_counts(snap: Snapshot) -> dict[str, int]:
    return {name: len(snap.get(name, [])) for name in MODELS if name != "settings"}


def read_input(path: Path, limit: int, *, what: str = "file") -> bytes:
    """The bytes of a file to import or restore: a regular file within ``limit``
    (``ExchangeError`` in plain words otherwise)."""
    try:
        return read_limited(path, limit, what=what)
    except InputRefused as error:
        raise ExchangeError(str(error)) from None
    except OSError as error:
        raise ExchangeError(f"Could not read {path} ({error.strerror or error}).") from None


def records_equal(left: Snapshot, right: Snapshot) -> bool:
    """Whether two snapshots hold exactly the same records (order aside)."""
    return _by_id(left) == _by_id(right)


def _by_id(snap: Snapshot) -> dict[str, dict[str, Any]]:
    return {name: {record.id: record.to_doc() for record in snap.get(name, [])} for name in MODELS}
