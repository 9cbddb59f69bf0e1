"""What ``kith remind`` and ``kith calendar`` read, and "what is due today".

Both commands run without the app (from a timer, from a calendar refresh), so
they read the saved file the way ``kith status`` does: read-only, no lock,
the last saved state. The answers come from the sections' own logic
(``data.people``, ``data.checkins``, ``data.plan``), so a reminder always agrees
with Home. Everything here is pure except ``read_snapshot`` and the small
"sent today" marker file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
from pydantic import BaseModel, ConfigDict

from kith.data.checkins import checkin_due, next_checkin_date
from kith.data.content import read_content
from kith.data.crypto import StoreKey
from kith.data.errors import StoreTooNew
from kith.data.journal import load_current
from kith.data.migrations import SCHEMA_VERSION, migrate, schema_version
from kith.data.models import SETTINGS_ID, CheckIn, Contact, PlanItem, PlanState, Settings
from kith.data.models.settings import ReminderSettings
from kith.data.people import ContactSummary, reach_out, summary_for
from kith.data.plan import week_start
from kith.data.status import _records, last_contacts
from kith.data.storage import atomic_write_bytes

if TYPE_CHECKING:
    from kith.data.store import Store

SENT_FILE = "reminded.json"  # in the data folder: the local day of the last reminder
MAX_MARKER_BYTES = 4096


# -- the words (data/content/reminders.json) -------------------------------------------
class _Words(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ReminderWords(_Words):
    title: str
    people_one: str
    people_many: str
    birthday_one: str
    birthday_many: str
    checkin: str
    plan_one: str
    plan_many: str
    ask: str
    nothing: str
    already: str
    quiet: str


class FeedWords(_Words):
    calendar_name: str
    birthday: str
    named_date: str
    named_date_private: str
    follow_up: str
    follow_up_private: str
    reach_out: str
    checkin: str
    checkin_description: str
    plan: str
    plan_private: str
    plan_private_default: str
    from_kith: str


class Words(_Words):
    reminder: ReminderWords
    feed: FeedWords


@cache
def words() -> Words:
    return Words.model_validate_json(read_content("reminders.json"))


# -- the saved data, read once -----------------------------------------------------------
@dataclass(frozen=True)
class Snapshot:
    """The records the reminder and the feed need, for one local day."""

    today: date
    tz: tzinfo  # the person's zone: for the local day of a check-in
    contacts: list[Contact]
    summaries: list[ContactSummary]
    checkins: list[CheckIn]
    plan: list[PlanItem]  # this week's and later weeks' actions
    settings: Settings


def make_snapshot(
    contacts: Iterable[Contact],
    last_seen: dict[str, tuple[date, int]],
    checkins: Iterable[CheckIn],
    plan: Iterable[PlanItem],
    settings: Settings,
    today: date,
    tz: tzinfo,
) -> Snapshot:
    """A snapshot from records (``last_seen``: each contact id's last day and count)."""
    people = list(contacts)
    summaries = []
    for contact in people:
        last_day, count = last_seen.get(contact.id, (None, 0))
        summaries.append(summary_for(contact, last_day, count, today, tz))
    week = week_start(today)
    return Snapshot(
        today=today,
        tz=tz,
        contacts=people,
        summaries=summaries,
        checkins=list(checkins),
        plan=[item for item in plan if item.week_start >= week],
        settings=settings,
    )


def read_snapshot(
    path: Path, today: date, tz: tzinfo, key: StoreKey | None = None
) -> Snapshot | None:
    """The saved data at ``path`` for ``today``; None if nothing is saved yet.

    Read-only and without the lock; raises ``StoreCorrupt`` or ``StoreTooNew`` as
    opening the store would.
    """
    tables = load_current(path, key)  # the snapshot with the journal replayed
    if tables is None:
        return None
    found = schema_version(tables)
    if found > SCHEMA_VERSION:
        raise StoreTooNew(path, found, SCHEMA_VERSION)
    if found < SCHEMA_VERSION:
        tables, _ = migrate(tables)
    contacts: list[Contact] = _records(path, tables.get("contacts", {}), "contacts", Contact)
    seen = last_contacts(path, tables.get("interactions", {}).values())
    checkins: list[CheckIn] = _records(path, tables.get("checkins", {}), "checkins", CheckIn)
    settings_docs = {
        doc_id: doc
        for doc_id, doc in tables.get("settings", {}).items()
        if isinstance(doc, dict) and doc.get("id") == SETTINGS_ID
    }
    found_settings: list[Settings] = _records(path, settings_docs, "settings", Settings)
    week = week_start(today).isoformat()
    coming = {
        doc_id: doc
        for doc_id, doc in tables.get("plan", {}).items()
        if isinstance(doc, dict) and str(doc.get("week_start", "")) >= week
    }
    plan: list[PlanItem] = _records(path, coming, "plan", PlanItem)
    settings = found_settings[0] if found_settings else Settings()
    return make_snapshot(contacts, seen, checkins, plan, settings, today, tz)


# -- what is due today --------------------------------------------------------------------
@dataclass(frozen=True)
class DueToday:
    reach_out: list[Contact]  # people whose keep-in-touch day is today or has passed
    birthdays: list[Contact]  # birthdays today
    checkin: bool  # a check-in is due by the rhythm
    plan: list[PlanItem]  # planned (not yet done) actions dated today

    @property
    def empty(self) -> bool:
        return not (self.reach_out or self.birthdays or self.checkin or self.plan)


def due_today(snapshot: Snapshot, counts: ReminderSettings | None = None) -> DueToday:
    """What the reminder mentions today, limited to what the person chose to count."""
    chosen = counts if counts is not None else snapshot.settings.reminders
    today = snapshot.today
    people = [s.contact for s in reach_out(snapshot.summaries, today)] if chosen.reach_out else []
    birthdays = [
        c
        for c in snapshot.contacts
        if chosen.birthdays
        and not c.archived
        and c.birthday is not None
        and c.birthday.next_on_or_after(today) == today
    ]
    checkin = chosen.checkin and checkin_due(
        snapshot.checkins, snapshot.settings.checkin_rhythm_days, today, snapshot.tz
    )
    plan = [
        item
        for item in snapshot.plan
        if chosen.plan and item.day == today and item.state == PlanState.PLANNED
    ]
    return DueToday(people, sorted(birthdays, key=lambda c: c.name.casefold()), checkin, plan)


def _count(one: str, many: str, count: int) -> str:
    return one if count == 1 else many.format(count=count)


def join_parts(parts: Sequence[str]) -> str:
    """``a``; ``a, and b``; ``a, b, and c`` (the calm list of the reminder)."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + ", and " + parts[-1]


def reminder_line(due: DueToday) -> str | None:
    """The one line of the reminder, or None when nothing is waiting.

    "3 people you hoped to hear from, and a check-in. Open Kith?"
    """
    w = words().reminder
    parts = []
    if due.reach_out:
        parts.append(_count(w.people_one, w.people_many, len(due.reach_out)))
    if due.birthdays:
        parts.append(_count(w.birthday_one, w.birthday_many, len(due.birthdays)))
    if due.checkin:
        parts.append(w.checkin)
    if due.plan:
        parts.append(_count(w.plan_one, w.plan_many, len(due.plan)))
    if not parts:
        return None
    text = join_parts(parts)
    return f"{text[0].upper()}{text[1:]}. {w.ask}"


# -- quiet hours and the time of day ---------------------------------------------------------
def in_quiet_hours(moment: time, settings: ReminderSettings) -> bool:
    """Whether the local time ``moment`` falls in the quiet hours (start included,
    end excluded; a start later than the end runs across midnight)."""
    start, end = settings.quiet_start, settings.quiet_end
    if start is None or end is None or start == end:
        return False
    minute = moment.hour * 60 + moment.minute
    if start < end:
        return start <= minute < end
    return minute >= start or minute < end


def reminder_time_reached(moment: time, settings: ReminderSettings) -> bool:
    """Whether a scheduled run at local ``moment`` is at or after the chosen time."""
    return moment.hour * 60 + moment.minute >= settings.at_minute


def clock_label(minute: int) -> str:
    """``540`` is ``09:00``."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


def parse_clock(text: str) -> int:
    """``9``, ``9:00``, ``09.30``, ``21:15`` as minutes after midnight; ValueError in words."""
    cleaned = text.strip().replace(".", ":")
    hours, _, minutes = cleaned.partition(":")
    try:
        h = int(hours)
        m = int(minutes) if minutes else 0
    except ValueError:
        raise ValueError(f"'{text}' is not a time of day; type it like 9:00 or 21:30.") from None
    if not (0 <= h < 24 and 0 <= m < 60) or (minutes and len(minutes) != 2):
        raise ValueError(f"'{text}' is not a time of day; type it like 9:00 or 21:30.")
    return h * 60 + m


# -- once a day -----------------------------------------------------------------------------
def last_sent(folder: Path) -> date | None:
    """The local day the last reminder was sent (None if never, or the marker is odd)."""
    path = folder / SENT_FILE
    try:
        if not path.is_file() or path.stat().st_size > MAX_MARKER_BYTES:
            return None
        doc: Any = orjson.loads(path.read_bytes())
        return date.fromisoformat(doc["day"])
    except (OSError, ValueError, KeyError, TypeError, orjson.JSONDecodeError):
        return None


def mark_sent(folder: Path, day: date, moment: datetime) -> None:
    """Remember that today's reminder went out (atomic, 0600)."""
    payload = orjson.dumps({"day": day.isoformat(), "at": moment.isoformat()})
    atomic_write_bytes(folder / SENT_FILE, payload)


def next_checkin_day(snapshot: Snapshot) -> date:
    """The day the next check-in is due by the rhythm (today if due or never done)."""
    rhythm = snapshot.settings.checkin_rhythm_days
    due = next_checkin_date(snapshot.checkins, rhythm, snapshot.tz)
    return snapshot.today if due is None or due < snapshot.today else due


def snapshot_from_store(store: Store) -> Snapshot:
    """The snapshot of an open store, for its clock's today (copies of its records,
    so it can be used off the thread that changes the store)."""
    from kith.data.clock import today as local_today

    index = store.interactions.index()
    last_dates, counts = index.last_dates(), index.counts()
    seen = {cid: (day, counts.get(cid, 0)) for cid, day in last_dates.items()}
    return make_snapshot(
        store.contacts.list(),
        seen,
        store.checkins.list(),
        store.plan.list(),
        store.settings.get(),
        local_today(store.clock),
        store.clock.tz,
    )
