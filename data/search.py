"""Search: People's ``/`` also finds words in interaction notes and things to remember
(and says where), and "Search everything" looks through people, interactions,
reflections and check-in notes.

    noted = noted_by_contact(interactions)                 # contact id -> interactions
    texts = notes_by_contact(interactions, noted)          # contact id -> lowered notes
    person_search_text(contact, texts.get(contact.id, ""))  # what / searches, lowered
    where_matched(contact, theirs, words)                   # "in a note, 12 March"
    search_everything(query, contacts, interactions, plan, checkins)  # -> [Hit]

Pure; the text is lowered once per change, so a keystroke is substring tests only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kith.data.dates import MONTH_NAMES, time_label
from kith.data.models import CheckIn, Contact, Interaction, PlanItem
from kith.data.people import search_text, timeline_key

HITS_MAX = 200


def noted_by_contact(interactions: Iterable[Interaction]) -> dict[str, list[Interaction]]:
    """Each person's interactions that have a note (one pass)."""
    found: dict[str, list[Interaction]] = {}
    for item in interactions:
        if item.notes:
            for contact_id in item.contact_ids:
                found.setdefault(contact_id, []).append(item)
    return found


def notes_by_contact(
    interactions: Iterable[Interaction], noted: dict[str, list[Interaction]] | None = None
) -> dict[str, str]:
    """Each person's interaction notes, lowered and joined (one pass)."""
    grouped = noted if noted is not None else noted_by_contact(interactions)
    return {contact_id: joined_notes(items) for contact_id, items in grouped.items()}


def joined_notes(items: Iterable[Interaction]) -> str:
    """One person's interaction notes, lowered and joined (what ``/`` searches)."""
    return "\n".join(item.notes for item in items).casefold()


def same_items(first: Sequence[Interaction], second: Sequence[Interaction]) -> bool:
    """The same records in the same order (records are immutable: an edit is a new
    object), so the notes joined from them are the same without joining them again."""
    return len(first) == len(second) and all(a is b for a, b in zip(first, second, strict=True))


def remembered_text(contact: Contact) -> str:
    texts = [*contact.remember, *(item.text for item in contact.follow_ups)]
    return "\n".join(texts).casefold()


def person_search_text(contact: Contact, notes: str = "") -> str:
    """What ``/`` in People searches for one person, lowered: name, circle, tags, notes,
    phones and emails, things to remember and follow-ups, and interaction notes."""
    reach = [phone.number for phone in contact.phones]
    reach += [email.address.casefold() for email in contact.emails]
    return "\n".join(
        part
        for part in (search_text(contact), " ".join(reach), remembered_text(contact), notes)
        if part
    )


def _has(text: str, words: Sequence[str]) -> bool:
    lowered = text.casefold()
    return all(word in lowered for word in words)


def _day(item: Interaction) -> str:
    return f"{item.date.day} {MONTH_NAMES[item.date.month]}"


def where_matched(contact: Contact, theirs: Iterable[Interaction], words: Sequence[str]) -> str:
    """Where the words were found for a person People's filter kept: "" when it was in
    what the list shows about them (name, circle, tags, notes), else "in a thing to
    remember" or "in a note, 12 March" (the latest such interaction)."""
    if not words or _has(search_text(contact), words):
        return ""
    if _has(remembered_text(contact), words):
        return "in a thing to remember"
    reach = " ".join([p.number for p in contact.phones] + [e.address for e in contact.emails])
    if _has(reach, words):
        return "in a phone or email"
    found = [item for item in theirs if item.notes and _has(item.notes, words)]
    if found:
        latest = max(found, key=lambda item: (item.date, item.created))
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        return f"in a note, {_day(latest)}{more}"
    return "in their notes and things to remember"


@dataclass(frozen=True)
class Hit:
    kind: str  # "person", "interaction", "reflection", "check-in"
    title: str  # what the result is, in words ("Sam Rivera", "Call with Sam, 12 March")
    detail: str  # the matching text, first line, shortened
    contact_id: str | None  # the person to open, if any
    record_id: str


def _snippet(text: str, words: Sequence[str], width: int = 70) -> str:
    flat = " ".join(text.split())
    at = flat.casefold().find(words[0]) if words else 0
    start = max(0, at - 20)
    cut = flat[start : start + width]
    return ("…" if start else "") + cut + ("…" if start + width < len(flat) else "")


def search_everything(
    query: str,
    contacts: Sequence[Contact],
    interactions: Iterable[Interaction],
    plan: Iterable[PlanItem],
    checkins: Iterable[CheckIn],
) -> list[Hit]:
    """Everything whose words contain every word of ``query``: people first, then
    interactions (newest first), reflections, check-in notes; at most ``HITS_MAX``."""
    words = query.casefold().split()
    if not words:
        return []
    names = {contact.id: contact.name for contact in contacts}
    hits: list[Hit] = []
    for contact in sorted(contacts, key=lambda c: c.name.casefold()):
        text = person_search_text(contact)
        if all(word in text for word in words):
            where = where_matched(contact, (), words) or "in their name, tags or notes"
            hits.append(Hit("person", contact.name, where, contact.id, contact.id))
    found = [item for item in interactions if item.notes and _has(item.notes, words)]
    found.sort(key=timeline_key, reverse=True)
    for item in found:
        who = ", ".join(names[cid] for cid in item.contact_ids if cid in names) or "someone"
        title = f"{item.mode.label} with {who}, {_day(item)} {item.date.year}"
        if item.time is not None:
            title += f", {time_label(item.time)}"
        first = next((cid for cid in item.contact_ids if cid in names), None)
        hits.append(Hit("interaction", title, _snippet(item.notes, words), first, item.id))
    for entry in plan:
        if entry.reflection and _has(entry.reflection, words):
            title = f"Reflection on “{entry.text}”"
            snippet = _snippet(entry.reflection, words)
            hits.append(Hit("reflection", title, snippet, entry.contact_id, entry.id))
    for checkin in checkins:
        note = checkin.note
        if note and _has(note, words):
            when = checkin.taken_at
            title = f"Check-in, {when.day} {MONTH_NAMES[when.month]} {when.year}"
            hits.append(Hit("check-in", title, _snippet(note, words), None, checkin.id))
    return hits[:HITS_MAX]
