"""The user's settings: one record."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from kith.data.models.base import Id, Record

SETTINGS_ID = "settings"


class Settings(Record):
    id: Id = SETTINGS_ID
    welcome_seen: bool = False
    theme: Id = "textual-dark"
    checkin_rhythm_days: int = Field(default=7, ge=1, le=365)
    insights_weeks: Literal[12, 26, 52] = 26
