"""Named dates and follow-ups: parsing what is typed, and what Home shows when."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kith.data.followups import (
    dates_text,
    due_follow_ups,
    follow_ups_text,
    is_open,
    parse_dates,
    parse_follow_ups,
    parse_when,
    upcoming_dates,
)
from kith.data.models import Contact, FollowUp, NamedDate

FRIDAY = date(2026, 11, 20)


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("today", FRIDAY),
        ("tomorrow", date(2026, 11, 21)),
        ("friday", FRIDAY),
        ("next friday", date(2026, 11, 27)),
        ("Monday", date(2026, 11, 23)),
        ("in 3 days", date(2026, 11, 23)),
        ("in 2 weeks", date(2026, 12, 4)),
        ("4 December", date(2026, 12, 4)),
        ("dec 4", date(2026, 12, 4)),
        ("3 March", date(2027, 3, 3)),  # the next one
        ("2026-11-01", date(2026, 11, 1)),  # a full date is kept, even past
    ],
)
def test_when_a_follow_up_is_for(typed: str, day: date) -> None:
    assert parse_when(typed, FRIDAY) == day


@pytest.mark.parametrize("typed", ["someday", "31 February", "2026-02-30", "11/20"])
def test_a_day_kith_cannot_read_is_explained(typed: str) -> None:
    with pytest.raises(ValueError, match=r"no|could not read"):
        parse_when(typed, FRIDAY)


@given(
    st.dates(date(2000, 1, 1), date(2090, 1, 1)),
    st.sampled_from(["monday", "sunday", "tomorrow", "in 5 days", "1 january", "29 june"]),
)
def test_a_relative_day_is_never_before_today(today: date, typed: str) -> None:
    day = parse_when(typed, today)
    assert today <= day <= today + timedelta(days=366)


def test_named_dates_round_trip_through_the_form_text() -> None:
    dates = parse_dates("anniversary: 12 June 2015\nMoved to Leeds: 3 May")
    assert dates == [
        NamedDate(name="anniversary", month=6, day=12, year=2015),
        NamedDate(name="Moved to Leeds", month=5, day=3),
    ]
    assert parse_dates(dates_text(dates)) == dates
    with pytest.raises(ValueError, match="a colon"):
        parse_dates("12 June")
    with pytest.raises(ValueError, match="There is no 30 February"):
        parse_dates("anniversary: 30 February")


def test_follow_ups_round_trip_and_an_unchanged_line_keeps_its_day() -> None:
    items = parse_follow_ups(
        "Ask how the interview went, friday\nSend the book, in 2 weeks", FRIDAY
    )
    assert items == [
        FollowUp(text="Ask how the interview went", due=FRIDAY),
        FollowUp(text="Send the book", due=date(2026, 12, 4)),
    ]
    # A week later the same text still means the same days.
    later = FRIDAY + timedelta(days=7)
    assert parse_follow_ups(follow_ups_text(items), later, items) == items
    with pytest.raises(ValueError, match="add a comma and when"):
        parse_follow_ups("Ask about the interview", FRIDAY)


def test_a_follow_up_shows_from_its_day_until_someone_logs_time_with_them() -> None:
    item = FollowUp(text="Ask how the interview went", due=FRIDAY)
    assert not is_open(item, None, FRIDAY - timedelta(days=1))
    assert is_open(item, None, FRIDAY)
    assert is_open(item, FRIDAY - timedelta(days=1), FRIDAY + timedelta(days=3))
    assert not is_open(item, FRIDAY, FRIDAY)  # logged on the day: answered
    sam = Contact(name="Sam", follow_ups=[item])
    away = Contact(name="Away", archived=True, follow_ups=[item])
    assert due_follow_ups([sam, away], {}, FRIDAY) == [(sam, item)]
    assert due_follow_ups([sam], {sam.id: FRIDAY}, FRIDAY) == []


def test_upcoming_dates_in_the_window_soonest_first() -> None:
    wedding = NamedDate(name="Anniversary", month=11, day=25, year=2015)
    move = NamedDate(name="Moved", month=11, day=21)
    later = NamedDate(name="Later", month=12, day=25)
    ana = Contact(name="Ana", dates=[wedding, later])
    sam = Contact(name="Sam", dates=[move])
    assert upcoming_dates([ana, sam], FRIDAY, 14) == [
        (sam, move, date(2026, 11, 21)),
        (ana, wedding, date(2026, 11, 25)),
    ]
