"""How ``kith import``, ``export``, ``backup`` and ``restore`` word their reports:
counts in words ("3 people"), a short label per record, lists cut after a few lines.
Command-line wording, kept out of ``data/``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from kith.data.collections import COLLECTION_WORDS
from kith.data.models import CheckIn, Contact, Interaction, PlanItem, Record, SupportEntry


def count_phrase(collection: str, count: int) -> str:
    """``"3 people"``, ``"1 check-in"``."""
    one, many = COLLECTION_WORDS[collection]
    return f"{count} {one if count == 1 else many}"


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
