"""Reading the dates, birthdays and durations people type.

Every parser raises ``ValueError`` with a message in plain words that a form
shows beside its field. Nothing here knows the real date: ``today`` is always
passed in (from the store's clock), so tests are deterministic.

Accepted days (``parse_day``):

- ``2026-11-20`` (also ``2026-11-5`` and ``2026/11/20``)
- ``today``, ``yesterday``
- ``3 days ago``, ``a week ago``, ``2 weeks ago``, ``3d``
- ``mon`` / ``monday`` (the most recent Monday, today if today is Monday),
  ``last monday`` (the one before today)
- ``20 nov``, ``nov 20``, ``20 november 2025`` (without a year: the most recent one)
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta

from kith.data.models import Birthday

WEEKDAYS: dict[str, int] = {}
for _index, _names in enumerate(
    (
        ("mon", "monday"),
        ("tue", "tues", "tuesday"),
        ("wed", "weds", "wednesday"),
        ("thu", "thur", "thurs", "thursday"),
        ("fri", "friday"),
        ("sat", "saturday"),
        ("sun", "sunday"),
    )
):
    for _name in _names:
        WEEKDAYS[_name] = _index

MONTHS: dict[str, int] = {}
for _index, _name in enumerate(
    (
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ),
    start=1,
):
    MONTHS[_name] = _index
    MONTHS[_name[:3]] = _index
MONTHS["sept"] = 9

MONTH_NAMES = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

EARLIEST_YEAR = 1900
DAY_HINT = "Try 2026-11-20, today, yesterday, 3 days ago or monday."

_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
# Numbers are bounded (\d{1,9}): a pasted run of digits is "not a date", not a number
# too long for Python to convert or an hour count that overflows.
_AGO = re.compile(r"^(a|an|one|\d{1,9})\s*(d|day|days|w|wk|wks|week|weeks)\s*(ago)?$")
_DAY_MONTH = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?(?:\s+(\d{4}))?$")
_MONTH_DAY = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?$")
_SLASHED = re.compile(r"^\d{1,2}[/.-]\d{1,2}([/.-]\d{2,4})?$")


def _real_date(year: int, month: int, day: int) -> date:
    """``date(year, month, day)`` with a plain-words error for days that do not exist."""
    if not 1 <= month <= 12:
        raise ValueError(f"There is no month {month}; months go from 1 to 12.")
    if year < EARLIEST_YEAR:
        raise ValueError(f"{year} is a long time ago; please check the year.")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"There is no {day} {MONTH_NAMES[month]} in {year}.") from None


def _past(value: date, today: date) -> date:
    if value > today:
        raise ValueError(
            f"{value.isoformat()} is in the future. Log things once they have happened."
        )
    return value


def _month(name: str) -> int | None:
    return MONTHS.get(name)


def _most_recent(month: int, day: int, today: date) -> date:
    """The latest ``day month`` on or before ``today`` (29 Feb: the last leap year's)."""
    for year in range(today.year, today.year - 9, -1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= today:
            return candidate
    raise ValueError(f"There is no {day} {MONTH_NAMES[month]}.")  # pragma: no cover


def _could_be_a_date(value: str) -> bool:
    """Whether ``11/20``-like text is a real day read either way round (``32/13`` is not)."""
    first, second = (int(part) for part in re.split(r"[/.-]", value)[:2])
    for day, month in ((first, second), (second, first)):
        try:
            date(2000, month, day)  # a leap year: 29/2 is a date
        except ValueError:
            continue
        return True
    return False


def parse_day(text: str, today: date) -> date:
    """The day ``text`` means, on or before ``today``; an empty text is today."""
    value = " ".join(text.strip().casefold().split())
    if value in ("", "today", "now", "tod"):
        return today
    if value in ("yesterday", "yday", "yest"):
        return today - timedelta(days=1)

    match = _ISO.match(value)
    if match:
        year, month, day = (int(part) for part in match.groups())
        return _past(_real_date(year, month, day), today)

    match = _AGO.match(value)
    if match:
        amount_text, unit, _ = match.groups()
        amount = 1 if amount_text in ("a", "an", "one") else int(amount_text)
        days = amount * (7 if unit.startswith("w") else 1)
        if days > 365 * 120:
            raise ValueError("That is too long ago; please type the date, like 2001-05-14.")
        return today - timedelta(days=days)

    last = value.startswith("last ")
    weekday_name = value.removeprefix("last ").strip()
    if weekday_name in WEEKDAYS:
        back = (today.weekday() - WEEKDAYS[weekday_name]) % 7
        if last and back == 0:
            back = 7
        return today - timedelta(days=back)

    for pattern, day_group, month_group in ((_DAY_MONTH, 1, 2), (_MONTH_DAY, 2, 1)):
        match = pattern.match(value)
        named_month = _month(match.group(month_group)) if match else None
        if match and named_month is not None:
            day = int(match.group(day_group))
            year_text = match.group(3)
            if year_text:
                return _past(_real_date(int(year_text), named_month, day), today)
            _real_date(2000, named_month, day)  # a leap year: checks the day exists at all
            return _most_recent(named_month, day, today)

    if _SLASHED.match(value):
        if not _could_be_a_date(value):
            raise ValueError(f"{text.strip()} is not a date. {DAY_HINT}")
        raise ValueError(
            "Dates like 11/20 can be read two ways; please type year-month-day, like 2026-11-20."
        )
    if (
        value.endswith(("from now", "later"))
        or value.startswith(("in ", "next "))
        or value in ("tomorrow", "tmrw")
    ):
        raise ValueError("That is in the future. Log things once they have happened.")
    raise ValueError(f"Kith could not read that date. {DAY_HINT}")


def day_label(value: date, today: date) -> str:
    """A day as people say it: ``Today``, ``Yesterday``, ``Mon 16 Nov``, ``16 Nov 2025``."""
    if value == today:
        return "Today"
    if value == today - timedelta(days=1):
        return "Yesterday"
    short = f"{value.day} {MONTH_NAMES[value.month][:3]}"
    if value.year == today.year:
        return f"{value.strftime('%a')} {short}"
    return f"{short} {value.year}"


# -- birthdays ---------------------------------------------------------------
_BIRTHDAY_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_BIRTHDAY_MD = re.compile(r"^-{0,2}(\d{1,2})-(\d{1,2})$")
BIRTHDAY_HINT = "Try 14 March, 14 March 1990 or 1990-03-14."


def parse_birthday(text: str) -> Birthday | None:
    """A birthday from ``14 March``, ``March 14 1990``, ``1990-03-14`` or ``--03-14``.

    An empty text is no birthday. The year is optional.
    """
    value = " ".join(text.strip().casefold().split())
    if not value:
        return None
    month: int | None = None
    day = 0
    year: int | None = None
    match = _BIRTHDAY_ISO.match(value)
    if match:
        year, month, day = (int(part) for part in match.groups())
    elif match := _BIRTHDAY_MD.match(value):
        month, day = int(match.group(1)), int(match.group(2))
    else:
        for pattern, day_group, month_group in ((_DAY_MONTH, 1, 2), (_MONTH_DAY, 2, 1)):
            found = pattern.match(value)
            if found and _month(found.group(month_group)) is not None:
                month = _month(found.group(month_group))
                day = int(found.group(day_group))
                year = int(found.group(3)) if found.group(3) else None
                break
    if month is None:
        if _SLASHED.match(value):
            raise ValueError(
                "Dates like 03/04 can be read two ways; please write the month as a word, "
                "like 4 March."
            )
        raise ValueError(f"Kith could not read that birthday. {BIRTHDAY_HINT}")
    if not 1 <= month <= 12:
        raise ValueError(f"There is no month {month}; months go from 1 to 12.")
    if year is not None and not EARLIEST_YEAR <= year <= 2100:
        raise ValueError("Please check the year of birth.")
    try:
        date(year if year is not None else 2000, month, day)
    except ValueError:
        where = f" in {year}" if year is not None else ""
        raise ValueError(f"There is no {day} {MONTH_NAMES[month]}{where}.") from None
    return Birthday(month=month, day=day, year=year)


def birthday_text(birthday: Birthday | None) -> str:
    """How a birthday is shown in a form so ``parse_birthday`` reads it back."""
    if birthday is None:
        return ""
    text = f"{birthday.day} {MONTH_NAMES[birthday.month]}"
    return f"{text} {birthday.year}" if birthday.year else text


# -- durations -----------------------------------------------------------------
_MINUTES = re.compile(r"^(\d{1,9})\s*(m|min|mins|minute|minutes)?$")
_HOURS = re.compile(
    r"^(\d{1,9}(?:[.,]\d{1,9})?)\s*(h|hr|hrs|hour|hours)"
    r"(?:\s*(\d{1,9})\s*(m|min|mins|minute|minutes)?)?$"
)
DURATION_MAX = 24 * 60


def parse_minutes(text: str) -> int | None:
    """Minutes from ``45``, ``45 min``, ``1h``, ``1h30``, ``1.5 hours``; empty is None."""
    value = " ".join(text.strip().casefold().split())
    if not value:
        return None
    minutes: float
    match = _MINUTES.match(value)
    if match:
        minutes = int(match.group(1))
    elif match := _HOURS.match(value):
        minutes = float(match.group(1).replace(",", ".")) * 60
        if match.group(3):
            minutes += int(match.group(3))
    else:
        raise ValueError("Please type minutes, like 45, or hours, like 1h30.")
    whole = round(minutes)
    if whole < 1:
        raise ValueError("Please type at least one minute, or leave it empty.")
    if whole > DURATION_MAX:
        raise ValueError("That is more than a day; please type at most 24 hours.")
    return whole


def minutes_label(minutes: int | None) -> str:
    """``45 min``, ``1 h``, ``1 h 30 min``; empty for None."""
    if minutes is None:
        return ""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def minutes_short(minutes: int | None) -> str:
    """``45m``, ``1h``, ``1h30``: for narrow table cells; empty for None."""
    if minutes is None:
        return ""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest}m"
    return f"{hours}h{rest:02d}" if rest else f"{hours}h"


# -- time of day -------------------------------------------------------------
_CLOCK = re.compile(r"^(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.|a|p)?$")
_FOUR_DIGITS = re.compile(r"^(\d{2})(\d{2})$")
TIME_HINT = "e.g. 14:30, 2pm or 9 (leave empty if you'd rather not say)"


def parse_time(text: str) -> time | None:
    """A time of day from ``14:30``, ``14.30``, ``1430``, ``2pm``, ``2:30 pm``, ``9``
    (9 in the morning), ``noon`` or ``midnight``; an empty text is no time."""
    value = " ".join(text.strip().casefold().split())
    if not value:
        return None
    if value in ("noon", "midday"):
        return time(12, 0)
    if value == "midnight":
        return time(0, 0)
    match = _FOUR_DIGITS.match(value) or _CLOCK.match(value)
    if match is None:
        raise ValueError("Please type a time like 14:30, 2pm or 9, or leave it empty.")
    hour = int(match.group(1))
    minute = int(match.group(2) or 0)
    half = match.group(3) if match.re is _CLOCK else None
    if half:
        if not 1 <= hour <= 12:
            raise ValueError("With am or pm the hour is 1 to 12, e.g. 2pm or 11:30am.")
        hour = hour % 12 + (12 if half.startswith("p") else 0)
    if hour > 23 or minute > 59:
        raise ValueError("That is not a time of day; try 14:30, 2pm or 9.")
    return time(hour, minute)


def time_label(value: time | None) -> str:
    """``14:30``; empty for no time."""
    return value.strftime("%H:%M") if value is not None else ""
