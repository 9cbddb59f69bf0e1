"""A completed loneliness self-check, kept whole so it stays interpretable."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from kith.data.models.base import Id, Record, ShortText, UTCDateTime


class CheckInAnswer(BaseModel):
    model_config = ConfigDict(frozen=True)

    item_id: Id
    answer_id: Id
    score: int | None = None  # None for unscored items (the ONS direct question)


class CheckIn(Record):
    instrument_id: Id
    instrument_version: int = Field(ge=1)
    taken_at: UTCDateTime
    answers: list[CheckInAnswer]
    total: int
    subscales: dict[Id, int] = Field(default_factory=dict)
    band: Id
    band_label: ShortText
    direct_answer: Id | None = None  # the ONS direct question's answer id
    note: ShortText = ""
