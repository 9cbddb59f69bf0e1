"""What is due today, the reminder's one line, quiet hours, once a day: by hand values."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kith.data.clock import FixedClock, today
from kith.data.models import Birthday, CheckIn, Contact, PlanItem, PlanState, Settings
from kith.data.models.settings import FeedSettings, ReminderSettings
from kith.data.reminders import (
    DueToday,
    due_today,
    in_quiet_hours,
    join_parts,
    last_sent,
    make_snapshot,
    mark_sent,
    parse_clock,
    read_snapshot,
    reminder_line,
    reminder_time_reached,
)
from kith.data.store import STORE_FILE, Store

MONDAY = date(2026, 11, 16)


def person(name: str, **fields: object) -> Contact:
    added = datetime(2026, 1, 1, tzinfo=UTC)
    return Contact(name=name, created=added, updated=added, **fields)  # type: ignore[arg-type]


def snap(
    contacts: list[Contact],
    day: date,
    *,
    last_seen: dict[str, tuple[date, int]] | None = None,
    checkins: list[CheckIn] | None = None,
    plan: list[PlanItem] | None = None,
    settings: Settings | None = None,
    tz: ZoneInfo | None = None,
):  # type: ignore[no-untyped-def]
    return make_snapshot(
        contacts,
        last_seen or {},
        checkins or [],
        plan or [],
        settings or Settings(),
        day,
        tz or ZoneInfo("UTC"),
    )


def checkin_at(moment: datetime) -> CheckIn:
    return CheckIn(
        instrument_id="quick",
        instrument_version=1,
        taken_at=moment,
        answers=[],
        total=3,
        band="low",
        band_label="Low",
        created=moment,
        updated=moment,
    )


# -- the line -------------------------------------------------------------------------------
def test_the_line_from_the_issue() -> None:
    people = [person(n) for n in ("Ana", "Ben", "Cy")]
    due = DueToday(reach_out=people, birthdays=[], checkin=True, plan=[])
    assert reminder_line(due) == "3 people you hoped to hear from, and a check-in. Open Kith?"


def test_one_of_each_and_nothing() -> None:
    sam = person("Sam")
    item = PlanItem(week_start=MONDAY, text="Call Sam", day=MONDAY)
    due = DueToday(reach_out=[sam], birthdays=[sam], checkin=False, plan=[item])
    assert reminder_line(due) == (
        "1 person you hoped to hear from, a birthday today, and something you planned "
        "for today. Open Kith?"
    )
    assert reminder_line(DueToday([], [], True, [])) == "A check-in. Open Kith?"
    assert reminder_line(DueToday([], [], False, [])) is None


@given(st.lists(st.text(alphabet="abc", min_size=1, max_size=3), max_size=5))
def test_join_keeps_every_part_in_order(parts: list[str]) -> None:
    joined = join_parts(parts)
    position = 0
    for part in parts:
        found = joined.find(part, position)
        assert found >= position
        position = found + len(part)
    assert joined.count(", and ") == (1 if len(parts) > 1 else 0)


def test_the_words_are_kind() -> None:
    people = [person("Ana"), person("Ben")]
    line = reminder_line(DueToday(people, people, True, [])) or ""
    for word in ("overdue", "late", "failed", "streak", "missed", "should"):
        assert word not in line.casefold()


# -- what is due today ------------------------------------------------------------------------
def test_reach_out_counts_people_due_today_or_before_and_not_after() -> None:
    today_ = date(2026, 11, 20)
    due = person("Due", rhythm_days=7)
    past = person("Past", rhythm_days=7)
    later = person("Later", rhythm_days=7)
    archived = person("Gone", rhythm_days=7, archived=True)
    seen = {
        due.id: (today_ - timedelta(days=7), 1),
        past.id: (today_ - timedelta(days=30), 1),
        later.id: (today_ - timedelta(days=6), 1),
        archived.id: (today_ - timedelta(days=30), 1),
    }
    s = snap([due, past, later, archived], today_, last_seen=seen)
    assert [c.name for c in due_today(s).reach_out] == ["Past", "Due"]


def test_birthday_on_29_february_counts_on_28_february_in_other_years() -> None:
    leap = person("Leap", birthday=Birthday(month=2, day=29))
    assert due_today(snap([leap], date(2027, 2, 28))).birthdays == [leap]
    assert due_today(snap([leap], date(2027, 3, 1))).birthdays == []
    assert due_today(snap([leap], date(2028, 2, 29))).birthdays == [leap]
    assert due_today(snap([leap], date(2028, 2, 28))).birthdays == []


def test_checkin_by_rhythm_and_the_chosen_counts() -> None:
    day = date(2026, 11, 20)
    recent = checkin_at(datetime(2026, 11, 15, 12, tzinfo=UTC))
    assert due_today(snap([], day, checkins=[recent])).checkin is False
    old = checkin_at(datetime(2026, 11, 13, 12, tzinfo=UTC))
    assert due_today(snap([], day, checkins=[old])).checkin is True
    assert due_today(snap([], day)).checkin is True  # never done: the first is due
    off = ReminderSettings(checkin=False, reach_out=False, birthdays=False, plan=False)
    sam = person("Sam", rhythm_days=1, birthday=Birthday(month=11, day=20))
    item = PlanItem(week_start=MONDAY, text="Walk", day=day)
    everything = snap([sam], day, plan=[item])
    assert not due_today(everything).empty
    assert due_today(everything, off).empty


def test_plan_counts_only_todays_planned_actions() -> None:
    day = date(2026, 11, 20)
    items = [
        PlanItem(week_start=MONDAY, text="Today", day=day),
        PlanItem(week_start=MONDAY, text="Done", day=day, state=PlanState.DONE),
        PlanItem(week_start=MONDAY, text="Tomorrow", day=day + timedelta(days=1)),
        PlanItem(week_start=MONDAY, text="Someday"),
    ]
    assert [i.text for i in due_today(snap([], day, plan=items)).plan] == ["Today"]


def test_the_local_day_across_a_dst_change() -> None:
    """London leaves summer time on 25 October 2026: 23:30 UTC on the 24th is
    00:30 local on the 25th, and 23:30 UTC on the 25th is still the 25th."""
    london = ZoneInfo("Europe/London")
    before = FixedClock(datetime(2026, 10, 24, 23, 30, tzinfo=UTC), tz=london)
    after = FixedClock(datetime(2026, 10, 25, 23, 30, tzinfo=UTC), tz=london)
    assert today(before) == date(2026, 10, 25)
    assert today(after) == date(2026, 10, 25)
    birthday = person("Oct", birthday=Birthday(month=10, day=25))
    assert due_today(snap([birthday], today(before), tz=london)).birthdays == [birthday]
    # A check-in at 00:30 local (23:30 UTC the day before) belongs to the local day.
    taken = checkin_at(datetime(2026, 10, 24, 23, 30, tzinfo=UTC))
    s = snap([], date(2026, 11, 1), checkins=[taken], tz=london)
    assert due_today(s).checkin is True  # 25 Oct + 7 days = 1 Nov
    s = snap([], date(2026, 10, 31), checkins=[taken], tz=london)
    assert due_today(s).checkin is False


# -- quiet hours and time -------------------------------------------------------------------
def test_quiet_hours_across_midnight() -> None:
    night = ReminderSettings(quiet_start=22 * 60, quiet_end=8 * 60)
    assert in_quiet_hours(time(22, 0), night)
    assert in_quiet_hours(time(3, 0), night)
    assert in_quiet_hours(time(7, 59), night)
    assert not in_quiet_hours(time(8, 0), night)
    assert not in_quiet_hours(time(21, 59), night)
    lunch = ReminderSettings(quiet_start=12 * 60, quiet_end=13 * 60)
    assert in_quiet_hours(time(12, 30), lunch)
    assert not in_quiet_hours(time(13, 0), lunch)
    assert not in_quiet_hours(time(3, 0), ReminderSettings(quiet_start=None, quiet_end=None))


@given(st.integers(0, 1439), st.integers(0, 1439), st.integers(0, 1439))
def test_quiet_hours_are_a_window_of_the_right_length(start: int, end: int, minute: int) -> None:
    chosen = ReminderSettings(quiet_start=start, quiet_end=end)
    quiet = [in_quiet_hours(time(m // 60, m % 60), chosen) for m in range(1440)]
    assert sum(quiet) == (end - start) % 1440


def test_reminder_time_and_clock_words() -> None:
    at_nine = ReminderSettings(at_minute=9 * 60)
    assert not reminder_time_reached(time(8, 59), at_nine)
    assert reminder_time_reached(time(9, 0), at_nine)
    assert parse_clock("9") == 540
    assert parse_clock("9:00") == 540
    assert parse_clock("21.30") == 21 * 60 + 30
    for bad in ("24:00", "9:5", "nine", "9:60", ""):
        with pytest.raises(ValueError, match="time of day"):
            parse_clock(bad)


# -- once a day --------------------------------------------------------------------------------
def test_sent_marker_round_trip_and_odd_files(tmp_path: Path) -> None:
    assert last_sent(tmp_path) is None
    mark_sent(tmp_path, date(2026, 11, 20), datetime(2026, 11, 20, 9, tzinfo=UTC))
    assert last_sent(tmp_path) == date(2026, 11, 20)
    marker = tmp_path / "reminded.json"
    assert marker.stat().st_mode & 0o777 == 0o600
    marker.write_text("{not json")
    assert last_sent(tmp_path) is None
    marker.unlink()
    marker.mkdir()
    assert last_sent(tmp_path) is None


# -- from the saved file ------------------------------------------------------------------------
def test_read_snapshot_agrees_with_the_store(demo_store: Store, clock: FixedClock) -> None:
    demo_store.settings.change(
        reminders=ReminderSettings(at_minute=600).model_dump(),
        feed=FeedSettings(enabled=True, folder="/tmp").model_dump(),
    )
    s = read_snapshot(demo_store.data_dir / STORE_FILE, today(clock), clock.tz)
    assert s is not None
    assert len(s.contacts) == len(demo_store.contacts.list())
    assert s.settings.reminders.at_minute == 600
    assert s.settings.feed.enabled
    assert all(item.week_start >= MONDAY for item in s.plan)
    assert read_snapshot(demo_store.data_dir / "nothing.json", today(clock), clock.tz) is None
