"""Undo for the session: what a delete, archive, skip or done changed, and putting it back.

    with store.undo.recording(store, "Sam is back, with 3 interactions."):
        store.delete_contact(sam.id, keep_interactions=False)
    ...
    said = store.undo.undo(store)      # "Sam is back, with 3 interactions." (or None)

Records are immutable, so what changed is found by identity: every record that is
not the same object after the change is kept as it was before (``None`` for one
that did not exist). Undo writes those back in one atomic batch. The log lives
as long as the open store (the session); ``kith restore`` covers the rest.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kith.data.store import Store

UNDO_KEPT = 50  # the most recent changes that can be undone


@dataclass(frozen=True)
class UndoEntry:
    said: str  # what undoing it brings back, in words
    before: tuple[tuple[str, str, Any], ...]  # (collection, record id, record or None)


class UndoLog:
    def __init__(self) -> None:
        self._entries: list[UndoEntry] = []

    def __len__(self) -> int:
        return len(self._entries)

    @staticmethod
    def _state(store: Store) -> dict[str, dict[str, Any]]:
        return {
            repo.name: {record.id: record for record in repo.list()}
            for repo in store.repositories
            if repo.name != "settings"
        }

    @contextmanager
    def recording(self, store: Store, said: str) -> Iterator[None]:
        """Remember what the block changes, so ``undo`` can put it back. A block that
        raises (a failed save) records nothing."""
        before = self._state(store)
        yield
        after = self._state(store)
        changed: list[tuple[str, str, Any]] = []
        for name, records in before.items():
            now = after[name]
            for record_id, record in records.items():
                if now.get(record_id) is not record:
                    changed.append((name, record_id, record))
            changed.extend((name, record_id, None) for record_id in now.keys() - records.keys())
        if changed:
            self._entries.append(UndoEntry(said, tuple(changed)))
            del self._entries[:-UNDO_KEPT]

    def undo(self, store: Store) -> str | None:
        """Put back the most recent change; what came back in words, or None if there
        is nothing to undo. On a failed save the entry is kept and the error raised."""
        if not self._entries:
            return None
        entry = self._entries[-1]
        repositories = {repo.name: repo for repo in store.repositories}
        with store.batch():
            for name, record_id, record in entry.before:
                repo = repositories[name]
                if record is None:
                    if record_id in repo:
                        repo.delete(record_id)
                else:
                    repo.put(record)
        self._entries.pop()
        for name in {name for name, _, _ in entry.before}:
            store.notify_changed(name)
        return entry.said
