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

from kith.data.models import Interaction

_NUMBER_BITS = 40  # stored numbers stay far below 2**40


def _key(day: date, number: int) -> int:
    """Date order, then stored order, as one integer (integers sort fastest)."""
    return (day.toordinal() << _NUMBER_BITS) | number


def _day(key: int) -> date:
    return date.fromordinal(key >> _NUMBER_BITS)


class IndexBuilder:
    """Collects interactions one by one (as the store loads them, while each record is
    still in the CPU's cache), then ``build()`` sorts once."""

    def __init__(self) -> None:
        self.items: list[Interaction] = []
        self.keys: list[int] = []
        self.last: dict[str, date] = {}
        self.counts: dict[str, int] = {}

    def add(self, item: Interaction, number: int) -> None:
        day = item.date
        self.items.append(item)
        self.keys.append(_key(day, number))
        last, counts = self.last, self.counts
        for contact_id in item.contact_ids:
            counts[contact_id] = counts.get(contact_id, 0) + 1
            if last.get(contact_id, date.min) < day:
                last[contact_id] = day

    def build(self) -> InteractionIndex:
        index = InteractionIndex.__new__(InteractionIndex)
        self.fill(index)
        return index

    def fill(self, index: InteractionIndex) -> None:
        keys, items = self.keys, self.items
        # Sort positions, not records: only the keys are compared, and the records
        # are then moved as pointers, never read again.
        order = sorted(range(len(keys)), key=keys.__getitem__)
        index._keys = sorted(keys)
        index._items = [items[position] for position in order]
        index._last = self.last
        index._counts = self.counts


class InteractionIndex:
    """``InteractionIndex((interaction, stored_number), ...)``; the store builds its
    own with ``IndexBuilder`` while loading."""

    _keys: list[int]  # _key(date, stored number), ascending
    _items: list[Interaction]
    _last: dict[str, date]
    _counts: dict[str, int]

    def __init__(self, entries: Iterable[tuple[Interaction, int]]) -> None:
        builder = IndexBuilder()
        for item, number in entries:
            builder.add(item, number)
        builder.fill(self)

    def _note(self, item: Interaction) -> None:
        for contact_id in item.contact_ids:
            self._counts[contact_id] = self._counts.get(contact_id, 0) + 1
            seen = self._last.get(contact_id)
            if seen is None or item.date > seen:
                self._last[contact_id] = item.date

    def add(self, item: Interaction, number: int) -> None:
        """A newly stored interaction (``number``: its place in the store, the highest)."""
        key = _key(item.date, number)
        position = bisect_right(self._keys, key)
        self._keys.insert(position, key)
        self._items.insert(position, item)
        self._note(item)

    def remove(self, item: Interaction, number: int) -> bool:
        """Take out a stored interaction (before an edit or a delete). False if it is
        not here as given (the caller then builds the index again)."""
        key = _key(item.date, number)
        position = bisect_left(self._keys, key)
        if position >= len(self._keys) or self._keys[position] != key:
            return False
        del self._keys[position]
        del self._items[position]
        for contact_id in item.contact_ids:
            left = self._counts.get(contact_id, 0) - 1
            if left <= 0:
                self._counts.pop(contact_id, None)
                self._last.pop(contact_id, None)
                continue
            self._counts[contact_id] = left
            if self._last.get(contact_id) == item.date:
                # Their latest may have been this one: the next latest, from the end.
                self._last[contact_id] = next(
                    other.date for other in reversed(self._items) if contact_id in other.contact_ids
                )
        return True

    def __len__(self) -> int:
        return len(self._items)

    def since(self, day: date) -> list[Interaction]:
        """The interactions dated ``day`` or later, oldest first."""
        return self._items[bisect_left(self._keys, _key(day, 0)) :]

    def latest(self, count: int) -> list[Interaction]:
        """The interactions on the days that hold the newest ``count`` (ties included)."""
        if count <= 0 or not self._items:
            return []
        if len(self._keys) <= count:
            return list(self._items)
        return self.since(_day(self._keys[-count]))

    def first_date(self) -> date | None:
        """The date of the earliest interaction logged."""
        return _day(self._keys[0]) if self._keys else None

    def last_dates(self) -> Mapping[str, date]:
        """Each person's latest interaction date, by contact id (present only if any)."""
        return self._last

    def counts(self) -> Mapping[str, int]:
        """How many interactions each person is in, by contact id."""
        return self._counts
