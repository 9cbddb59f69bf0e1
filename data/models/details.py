"""How to reach a person: phone numbers, emails and postal addresses, each with a label.

Validated gently: a phone is kept exactly as typed, but only digits, spaces and
``+()-`` (and at least one digit); an email needs an ``@`` with something on
each side and no spaces. Nothing is reformatted.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from kith.data.text import clean_text

PHONE_MAX = 40
EMAIL_MAX = 254
ADDRESS_PART_MAX = 200


class DetailLabel(StrEnum):
    HOME = "home"
    WORK = "work"
    MOBILE = "mobile"
    OTHER = "other"


_PHONE = re.compile(r"^[0-9 +()\-]+$")


def _phone(value: str) -> str:
    value = clean_text(value, label="A phone number", max_length=PHONE_MAX, required=True)
    value = " ".join(value.split())
    if not _PHONE.match(value) or not any(char.isdigit() for char in value):
        raise ValueError(
            f"The phone number '{value}' can only have digits, spaces and + ( ) -, "
            "e.g. +44 20 7946 0018."
        )
    return value


def _email(value: str) -> str:
    value = clean_text(value, label="An email", max_length=EMAIL_MAX, required=True)
    local, at, domain = value.rpartition("@")
    if not at or not local or not domain or any(char.isspace() for char in value):
        raise ValueError(f"The email '{value}' needs an @, e.g. sam@example.org.")
    return value


def _part(value: str) -> str:
    return clean_text(value, label="An address", max_length=ADDRESS_PART_MAX)


PhoneNumber = Annotated[str, AfterValidator(_phone)]
EmailAddress = Annotated[str, AfterValidator(_email)]
AddressPart = Annotated[str, AfterValidator(_part)]


class Phone(BaseModel):
    model_config = ConfigDict(frozen=True)

    number: PhoneNumber
    label: DetailLabel = DetailLabel.MOBILE


class Email(BaseModel):
    model_config = ConfigDict(frozen=True)

    address: EmailAddress
    label: DetailLabel = DetailLabel.OTHER


class Address(BaseModel):
    """A postal address in vCard's parts (any may be empty; a typed address that was
    not split into parts is kept whole in ``street``)."""

    model_config = ConfigDict(frozen=True)

    label: DetailLabel = DetailLabel.HOME
    street: AddressPart = ""
    city: AddressPart = ""
    region: AddressPart = ""
    postcode: AddressPart = ""
    country: AddressPart = ""

    def one_line(self) -> str:
        parts = (self.street, self.city, self.region, self.postcode, self.country)
        return ", ".join(part for part in parts if part)


class RelationKind(StrEnum):
    """How one person is related to another: ``Link(kind=PARENT, ...)`` on Sam says
    "Sam's parent is ..."."""

    PARTNER = "partner"
    PARENT = "parent"
    CHILD = "child"
    SIBLING = "sibling"
    FRIEND = "friend"
    COLLEAGUE = "colleague"

    @property
    def inverse(self) -> RelationKind:
        return {
            RelationKind.PARENT: RelationKind.CHILD,
            RelationKind.CHILD: RelationKind.PARENT,
        }.get(self, self)


class Link(BaseModel):
    """A typed link from one contact to another (by id)."""

    model_config = ConfigDict(frozen=True)

    kind: RelationKind
    contact_id: str = Field(min_length=1, max_length=64)
