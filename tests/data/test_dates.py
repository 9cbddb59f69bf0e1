"""Reading typed dates, birthdays and durations."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kith.data.dates import (
    birthday_text,
    day_label,
    minutes_label,
    minutes_short,
    parse_birthday,
    parse_day,
    parse_minutes,
)
from kith.data.models import Birthday

TODAY = date(2026, 11, 20)  # a Friday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", TODAY),
        ("today", TODAY),
        ("  Today ", TODAY),
        ("yesterday", date(2026, 11, 19)),
        ("2026-11-20", TODAY),
        ("2026-11-5", date(2026, 11, 5)),
        ("2025/01/31", date(2025, 1, 31)),
        ("3 days ago", date(2026, 11, 17)),
        ("1 day ago", date(2026, 11, 19)),
        ("a day ago", date(2026, 11, 19)),
        ("3d", date(2026, 11, 17)),
        ("2 weeks ago", date(2026, 11, 6)),
        ("a week ago", date(2026, 11, 13)),
        ("0 days ago", TODAY),
        ("mon", date(2026, 11, 16)),
        ("Monday", date(2026, 11, 16)),
        ("thu", date(2026, 11, 19)),
        ("thursday", date(2026, 11, 19)),
        ("sat", date(2026, 11, 14)),
        ("sunday", date(2026, 11, 15)),
        ("fri", TODAY),  # today is Friday: the most recent Friday is today
        ("last friday", date(2026, 11, 13)),
        ("last mon", date(2026, 11, 16)),
        ("20 nov", TODAY),
        ("21 nov", date(2025, 11, 21)),  # the most recent 21 November
        ("nov 2", date(2026, 11, 2)),
        ("2 November 2025", date(2025, 11, 2)),
        ("3rd march", date(2026, 3, 3)),
    ],
)
def test_parse_day_accepts(text: str, expected: date) -> None:
    assert parse_day(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2026-02-30", "There is no 30 February in 2026"),
        ("2025-02-29", "There is no 29 February in 2025"),
        ("2026-13-01", "no month 13"),
        ("2026-11-21", "in the future"),
        ("2030-01-01", "in the future"),
        ("tomorrow", "in the future"),
        ("in 3 days", "in the future"),
        ("next week", "in the future"),
        ("11/20/2026", "two ways"),
        ("20/11", "two ways"),
        ("banana", "could not read"),
        ("1066-10-14", "long time ago"),
        ("32 jan", "There is no 32 January"),
        ("99999999 days ago", "too long ago"),
    ],
)
def test_parse_day_refuses_in_plain_words(text: str, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        parse_day(text, TODAY)


def test_parse_day_error_suggests_forms() -> None:
    with pytest.raises(ValueError) as caught:
        parse_day("someday", TODAY)
    assert "2026-11-20" in str(caught.value) and "3 days ago" in str(caught.value)


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 1, 1)))
def test_iso_round_trip_or_future(day: date) -> None:
    if day <= TODAY:
        assert parse_day(day.isoformat(), TODAY) == day
    else:
        with pytest.raises(ValueError, match="future"):
            parse_day(day.isoformat(), TODAY)


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 1, 1)), st.integers(0, 6))
def test_weekday_is_the_most_recent(today: date, weekday: int) -> None:
    name = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")[weekday]
    result = parse_day(name, today)
    assert result.weekday() == weekday
    assert 0 <= (today - result).days <= 6
    before = parse_day("last " + name, today)
    assert before.weekday() == weekday
    assert 1 <= (today - before).days <= 7


@given(st.integers(0, 3000))
def test_days_ago(days: int) -> None:
    assert parse_day(f"{days} days ago", TODAY) == TODAY - timedelta(days=days)


def test_day_label() -> None:
    assert day_label(TODAY, TODAY) == "Today"
    assert day_label(date(2026, 11, 19), TODAY) == "Yesterday"
    assert day_label(date(2026, 11, 16), TODAY) == "Mon 16 Nov"
    assert day_label(date(2025, 11, 16), TODAY) == "16 Nov 2025"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", None),
        ("14 March", Birthday(month=3, day=14)),
        ("14 mar 1990", Birthday(month=3, day=14, year=1990)),
        ("March 14", Birthday(month=3, day=14)),
        ("march 14, 1990", Birthday(month=3, day=14, year=1990)),
        ("1990-03-14", Birthday(month=3, day=14, year=1990)),
        ("--03-14", Birthday(month=3, day=14)),
        ("29 feb", Birthday(month=2, day=29)),
    ],
)
def test_parse_birthday(text: str, expected: Birthday | None) -> None:
    assert parse_birthday(text) == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("30 feb", "There is no 30 February"),
        ("29 feb 1991", "There is no 29 February in 1991"),
        ("03/04", "two ways"),
        ("someday", "could not read"),
        ("14 march 1850", "check the year"),
    ],
)
def test_parse_birthday_refuses(text: str, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        parse_birthday(text)


@given(
    st.builds(
        Birthday,
        month=st.integers(1, 12),
        day=st.integers(1, 28),
        year=st.none() | st.integers(1900, 2100),
    )
)
def test_birthday_text_round_trips(birthday: Birthday) -> None:
    assert parse_birthday(birthday_text(birthday)) == birthday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", None),
        ("45", 45),
        ("45 min", 45),
        ("45m", 45),
        ("1h", 60),
        ("1 hour", 60),
        ("1h30", 90),
        ("1h 30m", 90),
        ("1.5 hours", 90),
        ("2,5h", 150),
        ("24h", 1440),
    ],
)
def test_parse_minutes(text: str, expected: int | None) -> None:
    assert parse_minutes(text) == expected


@pytest.mark.parametrize("text", ["0", "25h", "lots", "-5", "0.001h"])
def test_parse_minutes_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        parse_minutes(text)


def test_minutes_label() -> None:
    assert minutes_label(None) == ""
    assert minutes_label(45) == "45 min"
    assert minutes_label(60) == "1 h"
    assert minutes_label(95) == "1 h 35 min"


def test_minutes_short() -> None:
    assert minutes_short(None) == ""
    assert minutes_short(45) == "45m"
    assert minutes_short(60) == "1h"
    assert minutes_short(65) == "1h05"
