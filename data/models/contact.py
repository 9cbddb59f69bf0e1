"""A person who matters to the user."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from kith.data.models.base import Name, NoteText, Record, ShortText
from kith.data.models.details import Address, Email, Link, Phone
from kith.data.text import clean_text


class Circle(StrEnum):
    FAMILY = "family"
    PARTNER = "partner"
    CLOSE_FRIEND = "close_friend"
    FRIEND = "friend"
    COLLEAGUE = "colleague"
    NEIGHBOUR = "neighbour"
    COMMUNITY = "community"
    OTHER = "other"

    @property
    def label(self) -> str:
        return CIRCLE_LABELS[self]


CIRCLE_LABELS: dict[Circle, str] = {
    Circle.FAMILY: "Family",
    Circle.PARTNER: "Partner",
    Circle.CLOSE_FRIEND: "Close friend",
    Circle.FRIEND: "Friend",
    Circle.COLLEAGUE: "Colleague",
    Circle.NEIGHBOUR: "Neighbour",
    Circle.COMMUNITY: "Community",
    Circle.OTHER: "Other",
}

# Keep-in-touch rhythms offered by name; any other whole number of days is "every N days".
RHYTHMS: dict[int, str] = {
    7: "Weekly",
    14: "Every 2 weeks",
    30: "Monthly",
    91: "Every 3 months",
    182: "Every 6 months",
    365: "Yearly",
}
RHYTHM_MAX_DAYS = 3650


def rhythm_label(days: int | None) -> str:
    """Plain words for a rhythm: ``None`` is no rhythm."""
    if days is None:
        return "No rhythm"
    if days in RHYTHMS:
        return RHYTHMS[days]
    return "Every day" if days == 1 else f"Every {days} days"


def _tag(value: str) -> str:
    return clean_text(value, label="A tag", max_length=50, required=True)


def _uid(value: str) -> str:
    return clean_text(value, label="A vCard UID", max_length=200)


def _remember(value: str) -> str:
    return clean_text(value, label="A thing to remember", max_length=500, required=True)


Tag = Annotated[str, AfterValidator(_tag)]
RememberItem = Annotated[str, AfterValidator(_remember)]
VCardUID = Annotated[str, AfterValidator(_uid)]


class Birthday(BaseModel):
    """A birthday: day and month, the year optional."""

    model_config = ConfigDict(frozen=True)

    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)
    year: int | None = Field(default=None, ge=1900, le=2100)

    @model_validator(mode="after")
    def _real_date(self) -> Self:
        # Without a year, 29 February is allowed (a leap-year birthday).
        try:
            date(self.year if self.year is not None else 2000, self.month, self.day)
        except ValueError:
            raise ValueError(f"There is no day {self.day} in month {self.month}.") from None
        return self

    def next_on_or_after(self, start: date) -> date:
        """The next birthday on or after ``start`` (29 Feb falls on 28 Feb in other years)."""
        for year in (start.year, start.year + 1, start.year + 2):
            try:
                candidate = date(year, self.month, self.day)
            except ValueError:
                candidate = date(year, 2, 28)
            if candidate >= start:
                return candidate
        raise AssertionError("unreachable")  # pragma: no cover

    def label(self) -> str:
        month = date(2000, self.month, 1).strftime("%B")
        text = f"{self.day} {month}"
        return f"{text} {self.year}" if self.year else text


def _date_name(value: str) -> str:
    return clean_text(value, label="The name of a date", max_length=60, required=True)


DateName = Annotated[str, AfterValidator(_date_name)]


class NamedDate(Birthday):
    """A yearly date that matters, such as an anniversary: day and month, the year
    optional (``name`` is what it is: "Anniversary", "Moved to Leeds")."""

    name: DateName


class FollowUp(BaseModel):
    """A thing to remember with a day: on or after ``due`` it shows on Home, until it is
    done or an interaction with them is logged on or after that day."""

    model_config = ConfigDict(frozen=True)

    text: RememberItem
    due: date


class Contact(Record):
    name: Name
    circle: Circle = Circle.FRIEND
    tags: list[Tag] = Field(default_factory=list, max_length=50)
    how_met: ShortText = ""
    notes: NoteText = ""
    birthday: Birthday | None = None
    rhythm_days: int | None = Field(default=None, ge=1, le=RHYTHM_MAX_DAYS)
    archived: bool = False
    remember: list[RememberItem] = Field(default_factory=list, max_length=100)
    phones: list[Phone] = Field(default_factory=list, max_length=20)
    emails: list[Email] = Field(default_factory=list, max_length=20)
    addresses: list[Address] = Field(default_factory=list, max_length=10)
    # The UID of the vCard this person came from (kept so a sync or a re-import
    # matches them); empty for people made in Kith, whose vCard UID is their id.
    vcard_uid: VCardUID = ""
    links: list[Link] = Field(default_factory=list, max_length=50)
    dates: list[NamedDate] = Field(default_factory=list, max_length=20)
    follow_ups: list[FollowUp] = Field(default_factory=list, max_length=50)
    # "Not now": out of Reach out until this day, their rhythm unchanged.
    snoozed_until: date | None = None

    @model_validator(mode="after")
    def _links_unique(self) -> Self:
        seen = set()
        for link in self.links:
            if link.contact_id == self.id:
                raise ValueError("A person cannot be linked to themselves.")
            seen.add((link.kind, link.contact_id))
        if len(seen) != len(self.links):
            raise ValueError("The same link is there twice.")
        return self

    @property
    def rhythm_label(self) -> str:
        return rhythm_label(self.rhythm_days)
