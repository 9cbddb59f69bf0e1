"""The user's settings: one record."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from kith.data.models.base import Id, Record
from kith.data.text import clean_text

SETTINGS_ID = "settings"

MINUTES_IN_DAY = 24 * 60


class ReminderSettings(BaseModel):
    """When the daily desktop reminder (``kith remind``) may arrive, and what it counts.

    Times are minutes after local midnight. Quiet hours run from ``quiet_start`` to
    ``quiet_end`` (across midnight when the start is later); equal or None means none.
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    at_minute: int = Field(default=9 * 60, ge=0, lt=MINUTES_IN_DAY)
    quiet_start: int | None = Field(default=22 * 60, ge=0, lt=MINUTES_IN_DAY)
    quiet_end: int | None = Field(default=8 * 60, ge=0, lt=MINUTES_IN_DAY)
    birthdays: bool = True
    reach_out: bool = True
    checkin: bool = True
    plan: bool = True


class FeedSettings(BaseModel):
    """The calendar feed Kith keeps up to date after every save (off by default)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    enabled: bool = False  # on without a folder writes nothing (Settings asks for one)
    folder: str = ""  # where kith.ics is written; empty: not chosen yet
    reach_out: bool = False
    full_names: bool = False
    alarm_minute: int | None = Field(default=None, ge=0, lt=MINUTES_IN_DAY)

    @field_validator("folder")
    @classmethod
    def _folder(cls, value: str) -> str:
        return clean_text(value, label="The feed folder", max_length=1000)


class Settings(Record):
    id: Id = SETTINGS_ID
    welcome_seen: bool = False
    theme: Id = "textual-dark"
    checkin_rhythm_days: int = Field(default=7, ge=1, le=365)
    insights_weeks: Literal[12, 26, 52] = 26
    reminders: ReminderSettings = Field(default_factory=ReminderSettings)
    feed: FeedSettings = Field(default_factory=FeedSettings)
    # The hard-stretch suggestion: person id -> the day "not now" ends.
    rethink_not_now: dict[str, dt.date] = Field(default_factory=dict, max_length=10_000)
