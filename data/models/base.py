"""What every stored record shares: a stable id and created/updated times."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any
from uuid import uuid4

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo

from kith.data.text import NAME_MAX, NOTE_MAX, SHORT_MAX, clean_text


def new_id() -> str:
    """A fresh record id: a uuid4 as a string."""
    return str(uuid4())


def utc_now() -> datetime:
    return datetime.now(UTC)


def _to_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("Times must carry a time zone.")
    return value.astimezone(UTC)


UTCDateTime = Annotated[datetime, AfterValidator(_to_utc)]


def _name(value: str) -> str:
    return clean_text(value, label="Name", max_length=NAME_MAX, required=True)


def _short(value: str) -> str:
    return clean_text(value, label="This field", max_length=SHORT_MAX)


def _note(value: str) -> str:
    return clean_text(value, label="The note", max_length=NOTE_MAX, allow_newlines=True)


Name = Annotated[str, AfterValidator(_name)]
ShortText = Annotated[str, AfterValidator(_short)]
NoteText = Annotated[str, AfterValidator(_note)]


def today_from(info: ValidationInfo) -> date:
    """The local "today" to validate against: from the validation context if given.

    The store passes its clock's date; without one, the machine's date plus a
    day of slack (a user east of UTC may be a day ahead).
    """
    context: Any = info.context
    if isinstance(context, dict):
        given = context.get("today")
        if isinstance(given, date):
            return given
    return date.fromordinal(date.today().toordinal() + 1)


class Record(BaseModel):
    """A stored record. Records are immutable: change one with ``model_copy`` or
    by validating a new dict, then hand it to the store."""

    model_config = ConfigDict(frozen=True, extra="ignore", str_strip_whitespace=False)

    id: str = Field(default_factory=new_id, min_length=1, max_length=64)
    created: UTCDateTime = Field(default_factory=utc_now)
    updated: UTCDateTime = Field(default_factory=utc_now)

    def to_doc(self) -> dict[str, Any]:
        """The JSON-ready dict that is stored."""
        return self.model_dump(mode="json")
