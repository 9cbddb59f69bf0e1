"""A thought record: looking again at a hard social moment, step by step."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, field_validator

from kith.data.models.base import NoteText, Record, ShortText


class ThoughtRecord(Record):
    date: dt.date
    situation: NoteText
    thought: NoteText = ""
    traps: list[str] = Field(default_factory=list, max_length=20)  # thinking trap ids
    feeling: ShortText = ""
    strength_before: int | None = Field(default=None, ge=0, le=100)
    supports: NoteText = ""
    against: NoteText = ""
    balanced: NoteText = ""
    strength_after: int | None = Field(default=None, ge=0, le=100)
    contact_id: str | None = Field(default=None, max_length=64)
    interaction_id: str | None = Field(default=None, max_length=64)

    def search_text(self) -> str:
        """Everything typed, for a filter that ignores case."""
        parts = (self.situation, self.thought, self.feeling, self.supports, self.against)
        return " ".join((*parts, self.balanced)).casefold()

    @field_validator("situation")
    @classmethod
    def _situation_given(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("A few words about what happened are needed to save this.")
        return value
