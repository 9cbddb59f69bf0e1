"""People: keep-in-touch due dates, the Reach-out list, birthdays, search, labels.

Pure functions over the store's records; no UI, no store. The People screen
computes ``summarize`` once per change to the data and keeps the result, so
showing, sorting and filtering thousands of people never walks the
interactions again.

Keep-in-touch rule: the next time someone is due is their last interaction
plus their rhythm; someone never contacted is due one rhythm after they were
added. Logging an interaction therefore resets the clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum

from kith.data.models import Circle, Contact, Interaction, Mode, PlanItem, PlanState
from kith.data.plan import week_start
from kith.data.words import plural, rhythm_words, words

# -- summaries ---------------------------------------------------------------


@dataclass(frozen=True)
class ContactSummary:
    contact: Contact
    last_contact: date | None  # date of the latest interaction with them
    next_due: date | None  # None when no rhythm
    days_overdue: int  # > 0 when overdue, else 0
    interaction_count: int


def added_on(contact: Contact, tz: tzinfo | None = None) -> date:
    """The local day ``contact`` was added (UTC when no zone is given)."""
    created = contact.created.astimezone(tz) if tz is not None else contact.created
    return created.date()


def next_due_date(rhythm_days: int | None, last_contact: date | None, added: date) -> date | None:
    """Last contact plus the rhythm; from ``added`` if never contacted; None without rhythm."""
    if rhythm_days is None:
        return None
    start = last_contact if last_contact is not None else added
    try:
        return start + timedelta(days=rhythm_days)
    except OverflowError:  # pragma: no cover - a date near 9999
        return date.max


def summary_for(
    contact: Contact,
    last_contact: date | None,
    count: int,
    today: date,
    tz: tzinfo | None = None,
) -> ContactSummary:
    due = next_due_date(contact.rhythm_days, last_contact, added_on(contact, tz))
    overdue = max(0, (today - due).days) if due is not None else 0
    return ContactSummary(contact, last_contact, due, overdue, count)


def summarize(
    contacts: Iterable[Contact],
    interactions: Iterable[Interaction],
    today: date,
    *,
    tz: tzinfo | None = None,
    known: tuple[Mapping[str, date], Mapping[str, int]] | None = None,
) -> dict[str, ContactSummary]:
    """Every contact's summary, keyed by contact id, from one pass over the interactions.

    ``tz`` is the user's zone, for the local day a never-contacted person was added.
    ``known``: each person's last date and count, already worked out (the store's
    ``InteractionIndex``); ``interactions`` is then not read.
    """
    if known is not None:
        last, counts = known
    else:
        last, counts = last_dates_and_counts(interactions)
    return {
        contact.id: summary_for(contact, last.get(contact.id), counts.get(contact.id, 0), today, tz)
        for contact in contacts
    }


def last_dates_and_counts(
    interactions: Iterable[Interaction],
) -> tuple[dict[str, date], dict[str, int]]:
    """Each person's latest interaction date and how many they are in, by contact id."""
    last: dict[str, date] = {}
    counts: dict[str, int] = {}
    for interaction in interactions:
        day = interaction.date
        for contact_id in interaction.contact_ids:
            counts[contact_id] = counts.get(contact_id, 0) + 1
            seen = last.get(contact_id)
            if seen is None or day > seen:
                last[contact_id] = day
    return last, counts


def is_snoozed(contact: Contact, today: date) -> bool:
    """Snoozed ("not now") until a day after ``today``: left out of Reach out."""
    return contact.snoozed_until is not None and contact.snoozed_until > today


def reach_out(
    summaries: Iterable[ContactSummary], today: date, *, include_archived: bool = False
) -> list[ContactSummary]:
    """People with a rhythm who are due today or overdue, the most overdue first."""
    due = [
        summary
        for summary in summaries
        if summary.next_due is not None
        and summary.next_due <= today
        and (include_archived or not summary.contact.archived)
        and not is_snoozed(summary.contact, today)
    ]
    due.sort(key=lambda s: (-s.days_overdue, s.contact.name.casefold(), s.contact.id))
    return due


def keep_in_touch(
    summaries: Iterable[ContactSummary], *, include_archived: bool = False
) -> list[ContactSummary]:
    """Everyone with a rhythm, soonest due first: the overdue on top, most overdue first."""
    rows = [
        summary
        for summary in summaries
        if summary.next_due is not None and (include_archived or not summary.contact.archived)
    ]
    rows.sort(key=lambda s: (s.next_due or date.max, s.contact.name.casefold(), s.contact.id))
    return rows


# -- birthdays ---------------------------------------------------------------


def upcoming_birthdays(
    contacts: Iterable[Contact], today: date, days: int = 14
) -> list[tuple[Contact, date]]:
    """Birthdays from today to ``days`` days ahead (inclusive), soonest first, archived left out."""
    end = today + timedelta(days=days)
    found: list[tuple[Contact, date]] = []
    for contact in contacts:
        if contact.archived or contact.birthday is None:
            continue
        when = contact.birthday.next_on_or_after(today)
        if when <= end:
            found.append((contact, when))
    found.sort(key=lambda pair: (pair[1], pair[0].name.casefold(), pair[0].id))
    return found


def turning(contact: Contact, on: date) -> int | None:
    """The age ``contact`` turns on their birthday ``on``, when the year is known."""
    if contact.birthday is None or contact.birthday.year is None:
        return None
    age = on.year - contact.birthday.year
    return age if age > 0 else None


# -- finding people by name ----------------------------------------------------


def find_contacts(contacts: Iterable[Contact], query: str) -> list[Contact]:
    """Exact (case-insensitive) name matches if there are any, else everyone whose
    name starts with ``query``. Several results mean "which one?"."""
    wanted = " ".join(query.split()).casefold()
    if not wanted:
        return []
    exact: list[Contact] = []
    prefix: list[Contact] = []
    for contact in contacts:
        name = " ".join(contact.name.split()).casefold()
        if name == wanted:
            exact.append(contact)
        elif name.startswith(wanted):
            prefix.append(contact)
    return exact or prefix


@dataclass(frozen=True)
class NameMatch:
    """One name typed in the "who" field and the people it could mean."""

    text: str
    matches: tuple[Contact, ...]


def parse_people(text: str, contacts: Sequence[Contact]) -> list[NameMatch]:
    """Split ``Sam, Ana Lopez`` into names and look each one up.

    Names are separated by commas, but a name may itself contain a comma
    ("Lopez, Ana"): the longest run of pieces that is someone's exact name wins.
    """
    exact_names = {" ".join(c.name.split()).casefold() for c in contacts}
    pieces = text.split(",")
    found: list[NameMatch] = []
    index = 0
    while index < len(pieces):
        taken = 1
        for end in range(len(pieces), index + 1, -1):
            candidate = " ".join(",".join(pieces[index:end]).split()).casefold()
            if candidate in exact_names:
                taken = end - index
                break
        name = ",".join(pieces[index : index + taken]).strip()
        index += taken
        if name:
            found.append(NameMatch(name, tuple(find_contacts(contacts, name))))
    return found


# -- search --------------------------------------------------------------------


def search_text(contact: Contact) -> str:
    """What ``/`` searches for a contact, lowered once: name, circle, tags, notes."""
    parts = [contact.name, contact.circle.label, " ".join(contact.tags), contact.notes]
    return "\n".join(parts).casefold()


def query_words(query: str) -> list[str]:
    return query.casefold().split()


def matches(haystack: str, words: Sequence[str]) -> bool:
    """True when every word of the query appears in ``haystack`` (already lowered)."""
    return all(word in haystack for word in words)


class SortKey(StrEnum):
    NAME = "name"
    CIRCLE = "circle"
    LAST = "last"
    DUE = "due"
    COUNT = "count"


_CIRCLE_ORDER = {circle: index for index, circle in enumerate(Circle)}


def sort_summaries(
    summaries: Iterable[ContactSummary], key: SortKey, *, reverse: bool = False
) -> list[ContactSummary]:
    """Sorted for the People table. Missing values (never, no rhythm) always go last."""
    rows = list(summaries)
    rows.sort(key=lambda s: (s.contact.name.casefold(), s.contact.id))
    if key is SortKey.NAME:
        if reverse:
            rows.reverse()
        return rows
    if key is SortKey.CIRCLE:
        rows.sort(key=lambda s: _CIRCLE_ORDER[s.contact.circle], reverse=reverse)
        return rows
    if key is SortKey.COUNT:
        rows.sort(key=lambda s: s.interaction_count, reverse=not reverse)
        return rows
    if key is SortKey.LAST:
        have = [s for s in rows if s.last_contact is not None]
        missing = [s for s in rows if s.last_contact is None]
        # Most recent first; reversed: the longest ago first.
        have.sort(key=lambda s: s.last_contact or date.min, reverse=not reverse)
        return have + missing
    have = [s for s in rows if s.next_due is not None]
    missing = [s for s in rows if s.next_due is None]
    have.sort(key=lambda s: s.next_due or date.max, reverse=reverse)
    return have + missing


# -- one person's timeline -------------------------------------------------------


@dataclass(frozen=True)
class ContactStats:
    total: int
    last_30: int
    last_90: int
    in_person: int  # of all interactions
    by_me: int  # how many the user started
    by_them: int

    @property
    def in_person_share(self) -> float | None:
        return self.in_person / self.total if self.total else None


def timeline(contact_id: str, interactions: Iterable[Interaction]) -> list[Interaction]:
    """Interactions with ``contact_id``, newest first. Within a day, those with a time
    come first, latest time first; those without one follow them (as if early in the
    day), and ties go latest logged first."""
    mine = [i for i in interactions if contact_id in i.contact_ids]
    mine.sort(key=timeline_key, reverse=True)
    return mine


def timeline_key(item: Interaction) -> tuple[date, bool, time, datetime]:
    """Sort key for a timeline read oldest to newest (``timeline`` reverses it)."""
    at = item.time
    return (item.date, at is not None, at or time.min, item.created)


def contact_stats(items: Iterable[Interaction], today: date) -> ContactStats:
    """Counts over one person's interactions (as returned by ``timeline``)."""
    total = last_30 = last_90 = in_person = by_me = by_them = 0
    for item in items:
        total += 1
        age = (today - item.date).days
        if age < 30:
            last_30 += 1
        if age < 90:
            last_90 += 1
        if item.mode is Mode.IN_PERSON:
            in_person += 1
        if item.initiated_by == "me":
            by_me += 1
        elif item.initiated_by == "them":
            by_them += 1
    return ContactStats(total, last_30, last_90, in_person, by_me, by_them)


# -- the weekly plan ---------------------------------------------------------------


def planned_with(
    plan: Iterable[PlanItem], contact_ids: Iterable[str], today: date
) -> list[PlanItem]:
    """This week's still-planned actions tied to any of ``contact_ids``: the ones
    logging an interaction with them can tick off."""
    people = set(contact_ids)
    monday = week_start(today)
    found = [
        item
        for item in plan
        if item.state is PlanState.PLANNED
        and item.week_start == monday
        and item.contact_id is not None
        and item.contact_id in people
    ]
    found.sort(key=lambda item: (item.day or date.max, item.created))
    return found


# -- words -----------------------------------------------------------------------


def names_label(names: Sequence[str], limit: int = 3) -> str:
    """``Sam``, ``Sam and Ana``, ``Sam, Ana and Bo``, ``Sam, Ana and 3 others``."""
    if not names:
        return "no one"
    if len(names) == 1:
        return names[0]
    if len(names) <= limit:
        return ", ".join(names[:-1]) + " and " + names[-1]
    shown = ", ".join(names[: limit - 1])
    rest = len(names) - (limit - 1)
    return f"{shown} and {rest} others"


def span_label(days: int) -> str:
    """A stretch of time in words: ``5 days``, ``3 weeks``, ``4 months``, ``2 years``."""
    days = abs(days)
    if days < 14:
        return plural(days, "day")
    if days < 60:
        return plural(days // 7, "week")
    if days < 365:
        return plural(days // 30, "month")
    return plural(days // 365, "year")


def since_label(last: date | None, today: date) -> str:
    """``today``, ``yesterday``, ``3 days ago``, ``2 weeks ago``, ``never``."""
    if last is None:
        return "never"
    days = (today - last).days
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 0:
        return "tomorrow" if days == -1 else f"in {span_label(days)}"
    return f"{span_label(days)} ago"


def _coming(summary: ContactSummary, today: date) -> str | None:
    """``—``, ``due today``, ``tomorrow``, ``in 4 days``; None once the day has passed."""
    said = words().keep_in_touch
    if summary.next_due is None:
        return "—"
    days = (summary.next_due - today).days
    if days == 0:
        return said.due_today
    if days == 1:
        return said.tomorrow
    if days > 0:
        return said.soon.format(span=span_label(days))
    return None


def _hoped(summary: ContactSummary) -> str:
    return rhythm_words(summary.contact.rhythm_days or 1)


def due_label(summary: ContactSummary, today: date) -> str:
    """For a table beside "Last contact": ``in 4 days``, ``due today``, and once the
    day has passed, what the person hoped for, ``hoped: every 3 weeks`` (never a
    debt: no "overdue"); ``—`` without a rhythm."""
    coming = _coming(summary, today)
    if coming is not None:
        return coming
    return words().keep_in_touch.table_past.format(rhythm=_hoped(summary))


def reach_label(summary: ContactSummary, today: date) -> str:
    """For Home's Reach out list: ``last talked 5 weeks ago``, ``not in touch yet``."""
    coming = _coming(summary, today)
    if coming is not None:
        return coming
    said = words().keep_in_touch
    if summary.last_contact is None:
        return said.home_never
    return said.home_past.format(since=since_label(summary.last_contact, today))


def keep_in_touch_line(summary: ContactSummary, today: date) -> str:
    """In a sentence: ``last talked 5 weeks ago · you hoped for every 3 weeks``."""
    coming = _coming(summary, today)
    if coming is not None:
        return coming
    said = words().keep_in_touch
    if summary.last_contact is None:
        return said.line_never.format(rhythm=_hoped(summary))
    since = since_label(summary.last_contact, today)
    return said.line_past.format(since=since, rhythm=_hoped(summary))
