"""One time the user and one or more people were in touch."""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, PlainSerializer, ValidationInfo, field_validator

from kith.data.models.base import Day, Id, NoteText, Record, today_from


class Mode(StrEnum):
    IN_PERSON = "in_person"
    CALL = "call"
    VIDEO = "video"
    MESSAGE = "message"
    OTHER = "other"

    @property
    def label(self) -> str:
        return MODE_LABELS[self]


MODE_LABELS: dict[Mode, str] = {
    Mode.IN_PERSON: "In person",
    Mode.CALL: "Call",
    Mode.VIDEO: "Video",
    Mode.MESSAGE: "Message",
    Mode.OTHER: "Other",
}

FELT_LABELS: dict[int, str] = {
    1: "Hard",
    2: "Not great",
    3: "Okay",
    4: "Good",
    5: "Lovely",
}


def _minute(value: dt.time) -> dt.time:
    """A time of day to the minute, without a zone (it is the day's local time)."""
    return value.replace(second=0, microsecond=0, tzinfo=None)


# Stored as "14:30"; the day's local time, as the date is the local day.
TimeOfDay = Annotated[
    dt.time,
    AfterValidator(_minute),
    PlainSerializer(lambda value: value.strftime("%H:%M"), return_type=str, when_used="json"),
]


class Interaction(Record):
    date: Day
    time: TimeOfDay | None = None  # optional: when in the day (issue 18)
    contact_ids: list[Id] = Field(min_length=1, max_length=100)
    mode: Mode = Mode.IN_PERSON
    duration_minutes: int | None = Field(default=None, ge=1, le=24 * 60)
    felt: int | None = Field(default=None, ge=1, le=5)
    initiated_by: Literal["me", "them"] | None = None
    notes: NoteText = ""
    strategy_id: Id | None = None

    @field_validator("date")
    @classmethod
    def _not_future(cls, value: dt.date, info: ValidationInfo) -> dt.date:
        if value > today_from(info):
            raise ValueError("That date is in the future; log interactions once they happen.")
        return value

    @field_validator("contact_ids")
    @classmethod
    def _unique(cls, value: list[str]) -> list[str]:
        # Interned: ten years hold 20,000 interactions naming 1,000 people, so each
        # person's id is kept once instead of once per interaction (about 2 MB).
        return list(dict.fromkeys(map(sys.intern, value)))
