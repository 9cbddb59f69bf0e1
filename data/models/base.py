"""What every stored record shares: a stable id and created/updated times."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any
from uuid import uuid4

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, ValidationInfo

from kith.data.text import NAME_MAX, NOTE_MAX, SHORT_MAX, clean_text


def new_id() -> str:
    """A fresh record id: a uuid4 as a string."""
    return str(uuid4())


def utc_now() -> datetime:
    return datetime.now(UTC)


# Every date and time Kith keeps lies in these years: far from date.min and date.max, so
# any time-zone conversion (UTC-12 to UTC+14) of anything accepted can always be shown.
YEAR_MIN = 1900
YEAR_MAX = 2199


def _year_in_range(year: int, what: str) -> None:
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise ValueError(f"{what} in the year {year}; Kith keeps {YEAR_MIN} to {YEAR_MAX}.")


def _to_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("Times must carry a time zone.")
    _year_in_range(value.year, "That time is")  # before converting: year 1 cannot be
    value = value.astimezone(UTC)
    _year_in_range(value.year, "That time is")
    return value


def _date_in_range(value: date) -> date:
    _year_in_range(value.year, "That date is")
    return value


UTCDateTime = Annotated[datetime, AfterValidator(_to_utc)]
Day = Annotated[date, AfterValidator(_date_in_range)]

# Ids from a file are shown and compared, never trusted: letters, digits and a few
# separators only (a uuid4, "settings", an instrument's or a strategy's id).
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, min_length=1, max_length=64)]


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

    id: Id = Field(default_factory=new_id)
    created: UTCDateTime = Field(default_factory=utc_now)
    updated: UTCDateTime = Field(default_factory=utc_now)

    def to_doc(self) -> dict[str, Any]:
        """The JSON-ready dict that is stored."""
        return self.model_dump(mode="json")
