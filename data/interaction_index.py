"""Interactions in date order, and each person's latest one, kept in step with the store.

Home and Insights look at recent weeks, and at each person's last contact. Scanning
every interaction ever logged for that made them grow faster than the data (issue 9:
at 100,000 interactions each record costs more to visit than at 20,000). The store
keeps this index instead: built once in one pass, updated in place when an
interaction is added (the usual change), rebuilt after an edit or a delete.

``since(day)`` gives the interactions dated on or after ``day`` in date order (within
a day, in the order they were stored), so the pure functions in ``data.home`` and
``data.insights`` get only the weeks they show and give the same answers.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from datetime import date

from data.models import Interaction


class InteractionIndex:
    """``InteractionIndex((interaction, stored_number), ...)``."""

    def __init__(self, entries: Iterable[tuple[Interaction, int]]) -> None:
        ordered = sorted(entries, key=lambda entry: (entry[0].date, entry[1]))
        self._keys: list[tuple[date, int]] = [(item.date, number) for item, number in ordered]
        self._items: list[Interaction] = [item for item, _ in ordered]
        self._last: dict[str, date] = {}
        self._counts: dict[str, int] = {}
        for item in self._items:
            self._note(item)

    def _note(self, item: Interaction) -> None:
        for contact_id in item.contact_ids:
            self._counts[contact_id] = self._counts.get(contact_id, 0) + 1
            seen = self._last.get(contact_id)
            if seen is None or item.date > seen:
                self._last[contact_id] = item.date

    def add(self, item: Interaction, number: int) -> None:
        """A newly stored interaction (``number``: its place in the store, the highest)."""
        key = (item.date, number)
        position = bisect_right(self._keys, key)
        self._keys.insert(position, key)
        self._items.insert(position, item)
        self._note(item)

    def __len__(self) -> int:
        return len(self._items)

    def since(self, day: date) -> list[Interaction]:
        """The interactions dated ``day`` or later, oldest first."""
        return self._items[bisect_left(self._keys, (day, -1)) :]

    def latest(self, count: int) -> list[Interaction]:
        """The interactions on the days that hold the newest ``count`` (ties included)."""
        if count <= 0 or not self._items:
            return []
        if len(self._keys) <= count:
            return list(self._items)
        return self.since(self._keys[-count][0])

    def first_date(self) -> date | None:
        """The date of the earliest interaction logged."""
        return self._keys[0][0] if self._keys else None

    def last_dates(self) -> Mapping[str, date]:
        """Each person's latest interaction date, by contact id (present only if any)."""
        return self._last

    def counts(self) -> Mapping[str, int]:
        """How many interactions each person is in, by contact id."""
        return self._counts
