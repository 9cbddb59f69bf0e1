"""An action the user plans for a week, does (or skips) and reflects on."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field, field_validator

from kith.data.models.base import Day, Id, NoteText, Record, UTCDateTime
from kith.data.text import clean_text


class PlanState(StrEnum):
    PLANNED = "planned"
    DONE = "done"
    SKIPPED = "skipped"


class PlanItem(Record):
    week_start: Day  # the Monday of the ISO week
    text: str
    strategy_id: Id | None = None
    action_id: Id | None = None  # None for a custom action
    contact_id: Id | None = None
    day: Day | None = None
    state: PlanState = PlanState.PLANNED
    done_at: UTCDateTime | None = None
    felt: int | None = Field(default=None, ge=1, le=5)
    reflection: NoteText = ""
    carried_from: Id | None = None

    @field_validator("text")
    @classmethod
    def _text(cls, value: str) -> str:
        return clean_text(value, label="The action", max_length=500, required=True)

    @field_validator("week_start")
    @classmethod
    def _monday(cls, value: date) -> date:
        if value.weekday() != 0:
            raise ValueError("A plan week starts on a Monday.")
        return value
