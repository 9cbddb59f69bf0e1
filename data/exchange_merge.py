"""Merging an import into the store by id: new records added, identical ones skipped,
and where both sides changed a record, the more recently edited copy kept."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from kith.data.collections import MODELS
from kith.data.exchange_common import Snapshot
from kith.data.models import Contact, Record
from kith.data.store import Store


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


def contact_names(*snapshots: Snapshot) -> dict[str, str]:
    names: dict[str, str] = {}
    for snap in snapshots:
        for record in snap.get("contacts", []):
            if isinstance(record, Contact):
                names[record.id] = record.name
    return names
