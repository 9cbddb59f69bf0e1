"""Merging two people who are the same person ("Sam" and "Sam Rivera" after an import).

    diffs = differences(keep, gone)                  # what differs, to show and choose
    merged = merged_contact(keep, gone, {"name": GONE})
    changes = plan_merge(keep, gone, contacts=..., interactions=..., choices={"name": GONE})
    merge_in_store(store, keep.id, gone.id, {"name": GONE})   # one batch: all or none

``gone`` is merged into ``keep``: ``keep``'s id stays, ``gone`` is deleted. What
can be combined is combined, each item once, in order (``keep``'s first): tags,
things to remember, phones, emails, addresses, named dates, follow-ups, links;
notes are joined. What has one value (name, circle, birthday, rhythm, how met,
the vCard UID, snooze, archived) is ``keep``'s unless the choice says ``gone``'s;
where ``keep`` has none and ``gone`` has one, ``gone``'s is the default.

Everything that pointed at ``gone`` points at ``keep``: interactions (an
interaction with both lists them once), plan items, thought records, safety plan
lines, other people's links (a link between the two is dropped: no one is linked
to themselves). Undo is the store's session undo log, around ``merge_in_store``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from kith.data.dates import birthday_text
from kith.data.models import (
    Contact,
    Interaction,
    Link,
    PlanItem,
    SafetyPlan,
    ThoughtRecord,
    rhythm_label,
)

if TYPE_CHECKING:
    from kith.data.store import Store

Side = Literal["keep", "gone"]
KEEP: Side = "keep"
GONE: Side = "gone"

# The fields with one value, in the order they are shown, and their labels.
SINGLE_FIELDS: dict[str, str] = {
    "name": "Name",
    "circle": "Circle",
    "birthday": "Birthday",
    "rhythm_days": "Rhythm",
    "how_met": "How you met",
    "vcard_uid": "vCard UID",
    "snoozed_until": "Snoozed until",
    "archived": "Archived",
}
# The fields whose items are combined (each once, keep's first).
LIST_FIELDS = ("tags", "remember", "phones", "emails", "addresses", "dates", "follow_ups")


def _shown(name: str, value: Any) -> str:
    """A single field's value in words."""
    if name == "circle":
        return str(value.label)
    if name == "birthday":
        return birthday_text(value) if value is not None else "none"
    if name == "rhythm_days":
        return rhythm_label(value)
    if name == "archived":
        return "yes" if value else "no"
    if name == "snoozed_until":
        return value.isoformat() if value is not None else "not snoozed"
    return str(value) if value else "none"


def _empty(value: Any) -> bool:
    return value is None or value == ""


@dataclass(frozen=True)
class Difference:
    field: str
    label: str
    keep: str  # keep's value in words
    gone: str  # gone's value in words
    default: Side  # which is kept unless chosen otherwise


def differences(keep: Contact, gone: Contact) -> list[Difference]:
    """The single-valued fields where the two differ, in ``SINGLE_FIELDS`` order."""
    found = []
    for name, label in SINGLE_FIELDS.items():
        mine, theirs = getattr(keep, name), getattr(gone, name)
        if mine == theirs:
            continue
        default: Side = GONE if _empty(mine) and not _empty(theirs) else KEEP
        found.append(Difference(name, label, _shown(name, mine), _shown(name, theirs), default))
    return found


def _union(first: Iterable[Any], second: Iterable[Any]) -> list[Any]:
    return list(dict.fromkeys([*first, *second]))


def _notes(first: str, second: str) -> str:
    if not second or second == first or second in first:
        return first
    if not first or first in second:
        return second
    return f"{first}\n\n{second}"


def _links(keep: Contact, gone: Contact) -> list[Link]:
    kept: list[Link] = []
    for link in (*keep.links, *gone.links):
        if link.contact_id in (keep.id, gone.id):
            continue  # a link between the two: no one is linked to themselves
        if link not in kept:
            kept.append(link)
    return kept


def merged_contact(
    keep: Contact, gone: Contact, choices: Mapping[str, Side] | None = None
) -> Contact:
    """``keep`` with ``gone`` merged in (``choices`` by field: whose value stays)."""
    chosen = {d.field: d.default for d in differences(keep, gone)}
    chosen.update(choices or {})
    update: dict[str, Any] = {
        name: getattr(gone, name) for name, side in chosen.items() if side == GONE
    }
    for name in LIST_FIELDS:
        update[name] = _union(getattr(keep, name), getattr(gone, name))
    update["notes"] = _notes(keep.notes, gone.notes)
    update["links"] = _links(keep, gone)
    doc = keep.model_dump() | {
        key: [item.model_dump() if hasattr(item, "model_dump") else item for item in value]
        if isinstance(value, list)
        else value
        for key, value in update.items()
    }
    for name in (*LIST_FIELDS, "links"):  # within the models' own limits
        limit = Contact.model_fields[name].metadata
        for rule in limit:
            most = getattr(rule, "max_length", None)
            if most is not None:
                doc[name] = doc[name][:most]
    return Contact.model_validate(doc, context={"today": date.max})


def _pointed(ids: Sequence[str], keep_id: str, gone_id: str) -> list[str]:
    return list(dict.fromkeys(keep_id if cid == gone_id else cid for cid in ids))


@dataclass
class MergeChanges:
    """What one merge changes: saved together by ``merge_in_store``."""

    keep: Contact  # the merged person, to save
    gone_id: str  # deleted
    contacts: list[Contact] = field(default_factory=list)  # others whose links moved
    interactions: list[Interaction] = field(default_factory=list)
    plan: list[PlanItem] = field(default_factory=list)
    thought_records: list[ThoughtRecord] = field(default_factory=list)
    safety_plan: SafetyPlan | None = None

    @property
    def interactions_moved(self) -> int:
        return len(self.interactions)


def plan_merge(
    keep: Contact,
    gone: Contact,
    *,
    contacts: Iterable[Contact],
    interactions: Iterable[Interaction],
    plan: Iterable[PlanItem] = (),
    thought_records: Iterable[ThoughtRecord] = (),
    safety_plan: SafetyPlan | None = None,
    choices: Mapping[str, Side] | None = None,
) -> MergeChanges:
    """Everything a merge of ``gone`` into ``keep`` changes (pure: nothing is saved)."""
    if keep.id == gone.id:
        raise ValueError("Choose someone else to merge with.")
    changes = MergeChanges(merged_contact(keep, gone, choices), gone.id)
    for other in contacts:
        if other.id in (keep.id, gone.id):
            continue
        if any(link.contact_id == gone.id for link in other.links):
            links: list[Link] = []
            for link in other.links:
                moved = (
                    link.model_copy(update={"contact_id": keep.id})
                    if (link.contact_id == gone.id)
                    else link
                )
                if moved not in links:
                    links.append(moved)
            changes.contacts.append(other.model_copy(update={"links": links}))
    for item in interactions:
        if gone.id in item.contact_ids:
            ids = _pointed(item.contact_ids, keep.id, gone.id)
            changes.interactions.append(item.model_copy(update={"contact_ids": ids}))
    for entry in plan:
        if entry.contact_id == gone.id:
            changes.plan.append(entry.model_copy(update={"contact_id": keep.id}))
    for record in thought_records:
        if record.contact_id == gone.id:
            changes.thought_records.append(record.model_copy(update={"contact_id": keep.id}))
    if safety_plan is not None:
        doc = safety_plan.model_dump()
        lines_moved = False
        for value in doc.values():
            if isinstance(value, list):
                for line in value:
                    if isinstance(line, dict) and line.get("contact_id") == gone.id:
                        line["contact_id"] = keep.id
                        lines_moved = True
        if lines_moved:
            changes.safety_plan = SafetyPlan.model_validate(doc)
    return changes


def combined_words(keep: Contact, gone: Contact, changes: MergeChanges) -> str:
    """What is brought together, in words, for the preview."""
    parts = []
    moved = changes.interactions_moved
    if moved:
        parts.append(f"{moved} interaction{'s' if moved != 1 else ''}")
    merged = changes.keep
    for name, one, many in (
        ("tags", "tag", "tags"),
        ("remember", "thing to remember", "things to remember"),
        ("phones", "phone", "phones"),
        ("emails", "email", "emails"),
        ("addresses", "address", "addresses"),
        ("dates", "date", "dates"),
        ("follow_ups", "follow-up", "follow-ups"),
        ("links", "link", "links"),
    ):
        added = len(getattr(merged, name)) - len(getattr(keep, name))
        if added > 0:
            parts.append(f"{added} {one if added == 1 else many}")
    if merged.notes != keep.notes:
        parts.append("their notes")
    if not parts:
        return "Nothing more to bring over: the rest is the same."
    return "Brought over: " + ", ".join(parts) + "."


def merge_in_store(
    store: Store, keep_id: str, gone_id: str, choices: Mapping[str, Side] | None = None
) -> MergeChanges:
    """Merge ``gone_id`` into ``keep_id`` in one batch (all or none), then tell listeners."""
    keep = store.contacts.require(keep_id)
    gone = store.contacts.require(gone_id)
    changes = plan_merge(
        keep,
        gone,
        contacts=store.contacts.list(),
        interactions=store.interactions.list(),
        plan=store.plan.list(),
        thought_records=store.thought_records.list(),
        safety_plan=store.safety_plan.get(),
        choices=choices,
    )
    with store.batch():
        for item in changes.interactions:
            store.interactions.update(item)
        for entry in changes.plan:
            store.plan.update(entry)
        for record in changes.thought_records:
            store.thought_records.update(record)
        if changes.safety_plan is not None:
            store.safety_plan.save(changes.safety_plan)
        for other in changes.contacts:
            store.contacts.update(other)
        store.contacts.update(changes.keep)
        store.contacts.delete(gone_id)
    for name in ("interactions", "plan", "thought_records", "safety_plan", "contacts"):
        store.notify_changed(name)
    return changes
