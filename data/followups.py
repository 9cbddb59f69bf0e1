"""Named yearly dates and dated follow-ups: typed in the form, shown on Home.

    parse_dates("anniversary: 12 June 2015")        # -> [NamedDate]
    parse_follow_ups("Ask how the interview went, friday", today)
    upcoming_dates(contacts, today, 14)            # -> [(contact, named date, day)]
    due_follow_ups(contacts, last_contact, today)  # -> [(contact, follow-up)]

A follow-up is shown from its day on, until it is done (removed) or an
interaction with that person is logged on or after its day.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta

from pydantic import ValidationError

from kith.data.dates import MONTH_NAMES, MONTHS, WEEKDAYS, birthday_text, parse_birthday
from kith.data.models import Contact, FollowUp, NamedDate

WHEN_HINT = "e.g. friday, tomorrow, in 2 weeks, 4 December or 2026-12-04"
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_IN = re.compile(r"^in\s+(\d{1,3}|a|an|one)\s+(day|days|week|weeks|month|months)$")
_DAY_MONTH = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?(?:\s+(\d{4}))?$")
_MONTH_DAY = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?$")


def _first_message(error: ValidationError) -> str:
    return str(error.errors()[0]["msg"]).removeprefix("Value error, ")


def parse_when(text: str, today: date) -> date:
    """The day a follow-up is for: a weekday (the next one, today included), today,
    tomorrow, ``in 3 days``, ``in 2 weeks``, ``4 December``, or a full date."""
    value = " ".join(text.strip().casefold().split())
    if value in ("today", "tonight"):
        return today
    if value in ("tomorrow", "tmrw"):
        return today + timedelta(days=1)
    if match := _ISO.match(value):
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            raise ValueError(f"There is no day {value}.") from None
    if match := _IN.match(value):
        amount = 1 if match[1] in ("a", "an", "one") else int(match[1])
        unit = match[2]
        days = amount * (7 if unit.startswith("week") else 30 if unit.startswith("month") else 1)
        return today + timedelta(days=days)
    name = value.removeprefix("next ").removeprefix("on ")
    if name in WEEKDAYS:
        ahead = (WEEKDAYS[name] - today.weekday()) % 7
        if value.startswith("next ") and ahead == 0:
            ahead = 7
        return today + timedelta(days=ahead)
    for pattern, day_group, month_group in ((_DAY_MONTH, 1, 2), (_MONTH_DAY, 2, 1)):
        match = pattern.match(value)
        month = MONTHS.get(match[month_group]) if match else None
        if match and month is not None:
            day = int(match[day_group])
            years = [int(match[3])] if match[3] else [today.year, today.year + 1]
            for year in years:
                try:
                    candidate = date(year, month, day)
                except ValueError:
                    raise ValueError(f"There is no {day} {MONTH_NAMES[month]}.") from None
                if match[3] or candidate >= today:
                    return candidate
    raise ValueError(f"Kith could not read '{text.strip()}' as a day ({WHEN_HINT}).")


# -- named dates -------------------------------------------------------------------------
def parse_dates(text: str) -> list[NamedDate]:
    """One per line, ``name: date`` (``anniversary: 12 June 2015``, ``moved: 3 May``)."""
    found = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        name, colon, when = line.rpartition(":")
        if not colon or not name.strip():
            raise ValueError(
                f"'{line}': please write a name, a colon, then the day, "
                "e.g. anniversary: 12 June 2015."
            )
        try:
            day = parse_birthday(when)
        except ValueError as error:
            raise ValueError(f"{name.strip()}: {error}") from None
        if day is None:
            raise ValueError(f"'{line}': which day? e.g. anniversary: 12 June 2015.")
        try:
            found.append(NamedDate(name=name.strip(), month=day.month, day=day.day, year=day.year))
        except ValidationError as error:
            raise ValueError(_first_message(error)) from None
    return found


def dates_text(dates: Iterable[NamedDate]) -> str:
    return "\n".join(f"{item.name}: {birthday_text(item)}" for item in dates)


def upcoming_dates(
    contacts: Iterable[Contact], today: date, days: int = 14
) -> list[tuple[Contact, NamedDate, date]]:
    """Named dates from today to ``days`` ahead, soonest first, archived people left out."""
    end = today + timedelta(days=days)
    found = []
    for contact in contacts:
        if contact.archived:
            continue
        for item in contact.dates:
            when = item.next_on_or_after(today)
            if when <= end:
                found.append((contact, item, when))
    found.sort(key=lambda row: (row[2], row[0].name.casefold(), row[1].name))
    return found


def soon_words(on: date, today: date) -> str:
    """``today``, ``tomorrow`` or ``Wed 25 Nov``, as birthdays are said on Home."""
    days = (on - today).days
    return "today" if days == 0 else "tomorrow" if days == 1 else f"{on:%a} {on.day} {on:%b}"


def years_since(item: NamedDate, on: date) -> int | None:
    if item.year is None or on.year <= item.year:
        return None
    return on.year - item.year


# -- follow-ups ----------------------------------------------------------------------------
def parse_follow_ups(text: str, today: date, existing: Sequence[FollowUp] = ()) -> list[FollowUp]:
    """One per line: what, a comma, then when (``Ask how the interview went, friday``).
    A line exactly as an existing follow-up is shown keeps it as it was."""
    known = {follow_up_line(item): item for item in existing}
    found = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if line in known:
            found.append(known[line])
            continue
        what, comma, when = line.rpartition(",")
        if not comma or not what.strip():
            raise ValueError(
                f"'{line}': add a comma and when, e.g. Ask how the interview went, friday."
            )
        try:
            due = parse_when(when, today)
            found.append(FollowUp(text=what.strip(), due=due))
        except ValidationError as error:
            raise ValueError(_first_message(error)) from None
    return found


def follow_up_line(item: FollowUp) -> str:
    return f"{item.text}, {item.due.isoformat()}"


def follow_ups_text(items: Iterable[FollowUp]) -> str:
    return "\n".join(follow_up_line(item) for item in items)


def is_open(item: FollowUp, last_contact: date | None, today: date) -> bool:
    """Due (its day has come) and not yet answered by an interaction on or after its day."""
    return item.due <= today and (last_contact is None or last_contact < item.due)


def due_follow_ups(
    contacts: Iterable[Contact], last_contact: Mapping[str, date | None], today: date
) -> list[tuple[Contact, FollowUp]]:
    """Every open follow-up, the longest-waiting first; archived people left out."""
    found = [
        (contact, item)
        for contact in contacts
        if not contact.archived
        for item in contact.follow_ups
        if is_open(item, last_contact.get(contact.id), today)
    ]
    found.sort(key=lambda row: (row[1].due, row[0].name.casefold(), row[1].text))
    return found
