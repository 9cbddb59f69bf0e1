"""Contact details as a person types them in the form: one per line, a label first if
wanted (``work: +44 20 7946 0018``), and back again.

    phones_text(contact.phones)          # "mobile: +44 7700 900123\\nwork: 555 0100"
    parse_phones(text)                   # -> [Phone, Phone]; ValueError in plain words

An address line that is exactly how an existing address is shown keeps that
address (with its parts); a new or changed line is kept whole as the street.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import ValidationError

from kith.data.models.details import Address, DetailLabel, Email, Phone

LABELS = tuple(label.value for label in DetailLabel)
_ALIASES = {"cell": "mobile", "mob": "mobile", "office": "work", "personal": "home"}


def _split_label(line: str, default: DetailLabel) -> tuple[DetailLabel, str]:
    head, colon, rest = line.partition(":")
    word = head.strip().casefold()
    word = _ALIASES.get(word, word)
    if colon and word in LABELS:
        return DetailLabel(word), rest.strip()
    return default, line.strip()


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _first_message(error: ValidationError) -> str:
    return str(error.errors()[0]["msg"]).removeprefix("Value error, ")


def parse_phones(text: str) -> list[Phone]:
    phones = []
    for line in _lines(text):
        label, number = _split_label(line, DetailLabel.MOBILE)
        try:
            phones.append(Phone(number=number, label=label))
        except ValidationError as error:
            raise ValueError(_first_message(error)) from None
    return phones


def parse_emails(text: str) -> list[Email]:
    emails = []
    for line in _lines(text):
        label, address = _split_label(line, DetailLabel.OTHER)
        try:
            emails.append(Email(address=address, label=label))
        except ValidationError as error:
            raise ValueError(_first_message(error)) from None
    return emails


def parse_addresses(text: str, existing: Sequence[Address] = ()) -> list[Address]:
    known = {address_line(address): address for address in existing}
    addresses = []
    for line in _lines(text):
        if line in known:
            addresses.append(known[line])
            continue
        label, rest = _split_label(line, DetailLabel.HOME)
        try:
            addresses.append(Address(label=label, street=rest))
        except ValidationError as error:
            raise ValueError(_first_message(error)) from None
    return addresses


def phones_text(phones: Sequence[Phone]) -> str:
    return "\n".join(f"{phone.label.value}: {phone.number}" for phone in phones)


def emails_text(emails: Sequence[Email]) -> str:
    return "\n".join(f"{email.label.value}: {email.address}" for email in emails)


def address_line(address: Address) -> str:
    return f"{address.label.value}: {address.one_line()}"


def addresses_text(addresses: Sequence[Address]) -> str:
    return "\n".join(address_line(address) for address in addresses)
