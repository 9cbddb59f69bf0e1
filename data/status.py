"""What ``kith status`` needs, read straight from the saved file, fast.

``kith status`` runs at every new shell, so it must not validate ten years of
interactions to say who is due. It reads the data file (read-only, no lock:
the last saved state, also while the app is open), validates the contacts,
check-ins, this week's plan items and the settings as the store would, and
takes from each interaction only its day and its people. The answers come
from the sections' own logic (``data.people``, ``data.checkins``,
``data.plan``), so status always agrees with Home.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, tzinfo
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kith.data.checkins import checkin_due, latest, local_date
from kith.data.crypto import StoreKey
from kith.data.errors import StoreCorrupt, StoreTooNew
from kith.data.integrity import check_tables
from kith.data.journal import load_current
from kith.data.migrations import SCHEMA_VERSION, migrate, schema_version
from kith.data.models import SETTINGS_ID, CheckIn, Contact, PlanItem, Record, Settings
from kith.data.people import ContactSummary, reach_out, summary_for, upcoming_birthdays
from kith.data.plan import week_progress, week_start

BIRTHDAY_DAYS = 6  # today and the six days after: "this week"

_LOAD_CONTEXT = {"today": date.max}


@dataclass(frozen=True)
class Glance:
    reach_out: list[ContactSummary]  # due or overdue, the most overdue first
    birthdays: list[tuple[Contact, date]]  # in the next BIRTHDAY_DAYS days, soonest first
    last_checkin: date | None  # the local day of the latest check-in
    checkin_due: bool
    checkin_rhythm_days: int
    plan_done: int
    plan_total: int


def _records(path: Path, table: dict[str, Any], name: str, model: type[Record]) -> list[Any]:
    found = []
    for doc_id, doc in table.items():
        try:
            found.append(model.model_validate(doc, context=_LOAD_CONTEXT))
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "record"
            raise StoreCorrupt(
                path,
                f"a record in '{name}' (number {doc_id}) is not valid: {where}: {first['msg']}.",
            ) from None
    return found


def last_contacts(path: Path, interactions: Iterable[Any]) -> dict[str, tuple[date, int]]:
    """For each contact id: the day of the latest interaction and how many there are,
    from raw interaction documents (their ``date`` and ``contact_ids`` only)."""
    latest_day: dict[str, str] = {}
    counts: dict[str, int] = {}
    for doc in interactions:
        try:
            day, people = doc["date"], doc["contact_ids"]
            if not isinstance(day, str) or not isinstance(people, list):
                raise TypeError
        except (KeyError, TypeError):
            raise StoreCorrupt(path, "an interaction has no valid date or people.") from None
        for contact_id in people:
            counts[contact_id] = counts.get(contact_id, 0) + 1
            seen = latest_day.get(contact_id)
            if seen is None or day > seen:  # ISO days sort as text
                latest_day[contact_id] = day
    result = {}
    for contact_id, day in latest_day.items():
        try:
            result[contact_id] = (date.fromisoformat(day), counts[contact_id])
        except ValueError:
            raise StoreCorrupt(path, f"an interaction has the date '{day}'.") from None
    return result


def read_glance(path: Path, today: date, tz: tzinfo, key: StoreKey | None = None) -> Glance | None:
    """The status of the data file at ``path`` for ``today``; None if there is no data.

    Raises ``StoreCorrupt`` or ``StoreTooNew`` like opening the store would.
    """
    tables = load_current(path, key)
    if tables is None:
        return None
    check_tables(path, tables)  # as opening the store does (issue 13)
    found = schema_version(tables)
    if found > SCHEMA_VERSION:
        raise StoreTooNew(path, found, SCHEMA_VERSION)
    if found < SCHEMA_VERSION:
        tables, _ = migrate(tables)
    contacts: list[Contact] = _records(path, tables.get("contacts", {}), "contacts", Contact)
    seen = last_contacts(path, tables.get("interactions", {}).values())
    summaries = []
    for contact in contacts:
        last_day, count = seen.get(contact.id, (None, 0))
        summaries.append(summary_for(contact, last_day, count, today, tz))
    checkins: list[CheckIn] = _records(path, tables.get("checkins", {}), "checkins", CheckIn)
    settings_docs = {
        doc_id: doc
        for doc_id, doc in tables.get("settings", {}).items()
        if doc.get("id") == SETTINGS_ID
    }
    settings: list[Settings] = _records(path, settings_docs, "settings", Settings)
    rhythm = (settings[0] if settings else Settings()).checkin_rhythm_days
    week = week_start(today)
    this_week = {
        doc_id: doc
        for doc_id, doc in tables.get("plan", {}).items()
        if doc.get("week_start") == week.isoformat()
    }
    plan: list[PlanItem] = _records(path, this_week, "plan", PlanItem)
    done, total = week_progress(plan, week)
    last = latest(checkins)
    return Glance(
        reach_out=reach_out(summaries, today),
        birthdays=upcoming_birthdays(contacts, today, days=BIRTHDAY_DAYS),
        last_checkin=local_date(last, tz) if last is not None else None,
        checkin_due=checkin_due(checkins, rhythm, today, tz),
        checkin_rhythm_days=rhythm,
        plan_done=done,
        plan_total=total,
    )
