"""A completed loneliness self-check, kept whole so it stays interpretable."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from kith.data.models.base import Record, ShortText, UTCDateTime


class CheckInAnswer(BaseModel):
    model_config = ConfigDict(frozen=True)

    item_id: str
    answer_id: str
    score: int | None = None  # None for unscored items (the ONS direct question)


class CheckIn(Record):
    instrument_id: str
    instrument_version: int = Field(ge=1)
    taken_at: UTCDateTime
    answers: list[CheckInAnswer]
    total: int
    subscales: dict[str, int] = Field(default_factory=dict)
    band: str
    band_label: str
    direct_answer: str | None = None  # the ONS direct question's answer id
    note: ShortText = ""
