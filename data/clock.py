"""Injectable time: "now" comes from a clock so tests and snapshots are deterministic.

Everything is stored as timezone-aware UTC; the clock also knows the user's
local zone, used for "today" and for showing times.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from typing import Protocol


class Clock(Protocol):
    """Where Kith gets the current time from."""

    def now(self) -> datetime:
        """The current moment, timezone-aware, in UTC."""
        ...

    @property
    def tz(self) -> tzinfo:
        """The user's local time zone."""
        ...


def local_tz() -> tzinfo:
    """The machine's local time zone."""
    tz = datetime.now().astimezone().tzinfo
    return tz if tz is not None else UTC


class SystemClock:
    """The real clock."""

    def __init__(self, tz: tzinfo | None = None) -> None:
        self._tz = tz if tz is not None else local_tz()

    def now(self) -> datetime:
        return datetime.now(UTC)

    @property
    def tz(self) -> tzinfo:
        return self._tz


class FixedClock:
    """A clock that stands still (tests, snapshots, demo data). ``advance`` moves it."""

    def __init__(self, moment: datetime, tz: tzinfo = UTC) -> None:
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=tz)
        self._now = moment.astimezone(UTC)
        self._tz = tz

    def now(self) -> datetime:
        return self._now

    @property
    def tz(self) -> tzinfo:
        return self._tz

    def set(self, moment: datetime) -> None:
        self._now = moment.astimezone(UTC)


def today(clock: Clock) -> date:
    """The user's local date according to ``clock``."""
    return clock.now().astimezone(clock.tz).date()


def local(clock: Clock, moment: datetime) -> datetime:
    """``moment`` in the user's local zone."""
    return moment.astimezone(clock.tz)
