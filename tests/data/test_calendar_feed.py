"""The calendar feed: its events by hand values, parsed back with icalendar and read
by a second library (recurring-ical-events), stable UIDs, private titles, the file."""

from __future__ import annotations

import os
import stat
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from kith.data.calendar_feed import (
    FeedOptions,
    build_feed,
    feed_events,
    initials,
    write_feed,
)
from kith.data.models import Birthday, Contact, PlanItem, PlanState, Settings
from kith.data.reminders import make_snapshot

MONDAY = date(2026, 11, 16)
TODAY = date(2026, 11, 20)
ADDED = datetime(2026, 1, 1, tzinfo=UTC)


def person(name: str, **fields: object) -> Contact:
    return Contact(name=name, created=ADDED, updated=ADDED, **fields)  # type: ignore[arg-type]


SAM = person("Sam Okafor", birthday=Birthday(month=3, day=14, year=1990), rhythm_days=7)
LEAP = person("Lee", birthday=Birthday(month=2, day=29))
ANA = person("Ana Lopez", rhythm_days=30)
PLAN = [
    PlanItem(week_start=MONDAY, text="Call Sam", strategy_id="listen", day=TODAY),
    PlanItem(week_start=MONDAY, text="Skipped one", day=TODAY, state=PlanState.SKIPPED),
    PlanItem(week_start=MONDAY, text="No day"),
]


def snapshot(day: date = TODAY):  # type: ignore[no-untyped-def]
    seen = {SAM.id: (TODAY - timedelta(days=3), 2)}
    return make_snapshot([SAM, LEAP, ANA], seen, [], PLAN, Settings(), day, ZoneInfo("UTC"))


def parsed(payload: bytes) -> Calendar:
    return Calendar.from_ical(payload)


def test_events_by_hand() -> None:
    events = {e.uid.split("-")[0]: e for e in feed_events(snapshot(), FeedOptions(reach_out=True))}
    kinds = sorted(e.uid.split("-")[0] for e in feed_events(snapshot(), FeedOptions()))
    assert kinds == ["birthday", "birthday", "checkin", "plan"]
    assert events["birthday"].yearly
    assert events["checkin"].day == TODAY  # never done: due today
    assert events["plan"].day == TODAY
    reach = [e for e in feed_events(snapshot(), FeedOptions(reach_out=True)) if "reach" in e.uid]
    by_name = {e.summary: e.day for e in reach}
    assert by_name == {
        "Reach out to S. O.": TODAY + timedelta(days=4),  # seen 3 days ago, weekly
        "Reach out to A. L.": TODAY,  # added in January, monthly: due, shown today
    }


def test_parsed_back_birthdays_recur_yearly_all_day() -> None:
    cal = parsed(build_feed(snapshot()))
    assert cal["version"] == "2.0"
    birthdays = [e for e in cal.walk("VEVENT") if str(e["summary"]).startswith("Birthday")]
    assert len(birthdays) == 2
    for event in birthdays:
        start = event.decoded("dtstart")
        assert type(start) is date  # all-day
        assert event.decoded("dtend") == start + timedelta(days=1)
        assert event["rrule"]["FREQ"] == ["YEARLY"]
        assert event["transp"] == "TRANSPARENT"
    sam = next(e for e in birthdays if e["summary"] == "Birthday: S. O.")
    assert sam.decoded("dtstart") == date(1990, 3, 14)


def test_29_february_recurs_on_the_last_day_of_february_everywhere() -> None:
    import recurring_ical_events

    cal = parsed(build_feed(snapshot()))
    days = [
        occurrence.decoded("dtstart")
        for occurrence in recurring_ical_events.of(cal).between(date(2026, 1, 1), date(2029, 1, 1))
        if occurrence["summary"] == "Birthday: L."
    ]
    assert days == [date(2026, 2, 28), date(2027, 2, 28), date(2028, 2, 29)]


def test_a_second_reader_sees_every_event_once_a_year() -> None:
    import recurring_ical_events

    cal = parsed(build_feed(snapshot(), FeedOptions(reach_out=True)))
    year = recurring_ical_events.of(cal).between(date(2027, 1, 1), date(2028, 1, 1))
    summaries = sorted(str(e["summary"]) for e in year)
    assert summaries == ["Birthday: L.", "Birthday: S. O."]
    now = recurring_ical_events.of(cal).at(TODAY)
    assert sorted(str(e["summary"]) for e in now) == [
        "Kith check-in",
        "Plan: Listen actively",
        "Reach out to A. L.",
    ]


def test_uids_are_stable_and_the_bytes_too() -> None:
    first = build_feed(snapshot(), FeedOptions(reach_out=True))
    second = build_feed(snapshot(), FeedOptions(reach_out=True))
    assert first == second
    uids = [str(e["uid"]) for e in parsed(first).walk("VEVENT")]
    assert len(uids) == len(set(uids))
    assert f"birthday-{SAM.id}@kith.invalid" in uids
    # A day later the reach-out day may move; its UID does not.
    later = build_feed(snapshot(TODAY + timedelta(days=1)), FeedOptions(reach_out=True))
    assert {str(e["uid"]) for e in parsed(later).walk("VEVENT")} == set(uids)


def test_private_by_default_full_names_when_chosen() -> None:
    private = build_feed(snapshot(), FeedOptions(reach_out=True))
    for secret in (b"Sam", b"Okafor", b"Ana", b"Lopez", b"Call"):
        assert secret not in private
    full = parsed(build_feed(snapshot(), FeedOptions(reach_out=True, full_names=True)))
    summaries = {str(e["summary"]) for e in full.walk("VEVENT")}
    assert {"Birthday: Sam Okafor", "Plan: Call Sam", "Reach out to Ana Lopez"} <= summaries
    assert initials("Sam") == "S."
    assert initials("ana  lopez") == "A. L."
    assert initials("🙂") == "?"


def test_alarm_is_wall_clock_time_across_dst() -> None:
    """The alert is relative to the all-day start (a floating local midnight): on the
    day London's clocks change it is still 9:00 local, an hour apart in UTC."""
    cal = parsed(build_feed(snapshot(), FeedOptions(alarm_minute=9 * 60)))
    events = list(cal.walk("VEVENT"))
    assert events
    for event in events:
        (alarm,) = event.walk("VALARM")
        assert alarm.decoded("trigger") == timedelta(hours=9)
        assert alarm["action"] == "DISPLAY"
    london = ZoneInfo("Europe/London")
    trigger = timedelta(hours=9)
    for day, utc_hour in ((date(2026, 10, 24), 8), (date(2026, 10, 25), 9)):
        local = (datetime.combine(day, datetime.min.time()) + trigger).replace(tzinfo=london)
        assert local.hour == 9
        assert local.astimezone(UTC).hour == utc_hour


def test_text_is_escaped_and_folded() -> None:
    odd = person("Zoë; Comma, Back\\slash " + "x" * 80, birthday=Birthday(month=1, day=2))
    s = make_snapshot([odd], {}, [], [], Settings(), TODAY, ZoneInfo("UTC"))
    payload = build_feed(s, FeedOptions(full_names=True))
    assert all(len(line) <= 75 for line in payload.split(b"\r\n"))
    (event,) = (e for e in parsed(payload).walk("VEVENT") if "Birthday" in str(e["summary"]))
    assert str(event["summary"]) == f"Birthday: {odd.name}"


# -- the file ------------------------------------------------------------------------------
def test_write_feed_is_private_atomic_and_skips_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "kith.ics"
    payload = build_feed(snapshot())
    assert write_feed(path, payload) is True
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    before = path.stat().st_mtime_ns
    assert write_feed(path, payload) is False
    assert path.stat().st_mtime_ns == before
    assert not [p for p in tmp_path.iterdir() if p.name != "kith.ics"]  # no temp left


def test_write_feed_refuses_odd_targets(tmp_path: Path) -> None:
    payload = build_feed(snapshot())
    with pytest.raises(ValueError, match="does not exist"):
        write_feed(tmp_path / "missing" / "kith.ics", payload)
    (tmp_path / "dir.ics").mkdir()
    with pytest.raises(ValueError, match="not a regular file"):
        write_feed(tmp_path / "dir.ics", payload)
    target = tmp_path / "elsewhere.txt"
    target.write_text("keep me")
    os.symlink(target, tmp_path / "link.ics")
    with pytest.raises(ValueError, match="not a regular file"):
        write_feed(tmp_path / "link.ics", payload)
    assert target.read_text() == "keep me"


def test_feed_on_without_a_folder_writes_nothing(tmp_path: Path) -> None:
    from kith.data.calendar_feed import refresh_feed
    from kith.data.models.settings import FeedSettings

    settings = Settings(feed=FeedSettings(enabled=True))
    s = make_snapshot([SAM], {}, [], [], settings, TODAY, ZoneInfo("UTC"))
    assert refresh_feed(s) is None
    on = Settings(feed=FeedSettings(enabled=True, folder=str(tmp_path)))
    s = make_snapshot([SAM], {}, [], [], on, TODAY, ZoneInfo("UTC"))
    assert refresh_feed(s) == tmp_path / "kith.ics"
    assert refresh_feed(s) is None  # unchanged: not rewritten


@settings(max_examples=40, deadline=None)
@given(
    st.integers(1, 12),
    st.integers(1, 31),
    st.one_of(st.none(), st.integers(1900, 2025)),
    st.integers(2026, 2040),
)
def test_every_birthday_recurs_on_the_day_kith_shows(
    month: int, day: int, year: int | None, shown_in: int
) -> None:
    """The second reader's expansion of the yearly rule agrees, year by year, with
    ``Birthday.next_on_or_after`` (what Home and the reminder use)."""
    import recurring_ical_events

    try:
        birthday = Birthday(month=month, day=day, year=year)
    except ValueError:
        assume(False)
        return
    someone = person("Sam", birthday=birthday)
    s = make_snapshot([someone], {}, [], [], Settings(), TODAY, ZoneInfo("UTC"))
    cal = parsed(build_feed(s))
    found = [
        e.decoded("dtstart")
        for e in recurring_ical_events.of(cal).between(
            date(shown_in, 1, 1), date(shown_in + 1, 1, 1)
        )
        if str(e["summary"]).startswith("Birthday")
    ]
    assert found == [birthday.next_on_or_after(date(shown_in, 1, 1))]


def test_named_dates_recur_yearly_and_follow_ups_come_on_their_day() -> None:
    """Issue 18's dates in the feed (issue 20): private by default, words when chosen."""
    from kith.data.models import FollowUp, NamedDate

    seen = {SAM.id: (TODAY - timedelta(days=3), 2)}
    kim = person(
        "Kim Park",
        dates=[NamedDate(name="Anniversary", month=6, day=12, year=2015)],
        follow_ups=[
            FollowUp(text="Ask how the interview went", due=TODAY - timedelta(days=2)),
            FollowUp(text="Ask about the move", due=TODAY + timedelta(days=5)),
        ],
    )
    answered = person(
        "Jo", follow_ups=[FollowUp(text="Old question", due=TODAY - timedelta(days=10))]
    )
    seen[answered.id] = (TODAY - timedelta(days=1), 1)  # logged after its day: answered

    def events(options: FeedOptions) -> list:  # type: ignore[type-arg]
        snap = make_snapshot([kim, answered], seen, [], [], Settings(), TODAY, ZoneInfo("UTC"))
        return [e for e in feed_events(snap, options) if e.uid.startswith(("date", "follow"))]

    private = events(FeedOptions())
    assert sorted((e.summary, e.day, e.yearly) for e in private) == [
        ("A date to remember: K. P.", date(2015, 6, 12), True),
        ("Something to follow up with K. P.", TODAY, False),  # two days ago: shown today
        ("Something to follow up with K. P.", TODAY + timedelta(days=5), False),
    ]
    full = {e.summary for e in events(FeedOptions(full_names=True))}
    assert full == {
        "Anniversary: Kim Park",
        "Ask how the interview went (Kim Park)",
        "Ask about the move (Kim Park)",
    }
    # stable UIDs across runs, and parsed back: the date recurs every year
    assert [e.uid for e in events(FeedOptions())] == [e.uid for e in private]
    snap = make_snapshot([kim], {}, [], [], Settings(), TODAY, ZoneInfo("UTC"))
    cal = parsed(build_feed(snap))
    dated = [c for c in cal.walk("VEVENT") if str(c["UID"]).startswith("date-")]
    assert len(dated) == 1 and dated[0]["RRULE"]["FREQ"] == ["YEARLY"]
