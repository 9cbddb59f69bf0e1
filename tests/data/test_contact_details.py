"""Contact details (phones, emails, addresses) and the migration that brings them in."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from kith.data.clock import FixedClock
from kith.data.contact_details import (
    addresses_text,
    emails_text,
    parse_addresses,
    parse_emails,
    parse_phones,
    phones_text,
)
from kith.data.migrations import SCHEMA_VERSION, migrate
from kith.data.models import Address, Contact, DetailLabel, Email, Phone
from kith.data.store import STORE_FILE, Store

FIXTURES = Path(__file__).parent.parent / "fixtures"


# -- validation ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "typed", ["+44 20 7946 0018", "(555) 010-4477", "07700900123", "  +1 555  0100 "]
)
def test_a_phone_is_kept_as_typed(typed: str) -> None:
    assert Phone(number=typed).number == " ".join(typed.split())


@pytest.mark.parametrize("typed", ["", "call me", "+44 20 7946 0018 ext. 2", "555.0100", "+()-"])
def test_a_phone_with_other_characters_is_refused_in_plain_words(typed: str) -> None:
    with pytest.raises(ValidationError) as info:
        Phone(number=typed)
    message = info.value.errors()[0]["msg"]
    assert "phone" in message.lower()


@given(st.text(alphabet="0123456789 +()-", min_size=1, max_size=40))
def test_any_phone_of_allowed_characters_with_a_digit_is_kept(typed: str) -> None:
    if not any(c.isdigit() for c in typed):
        with pytest.raises(ValidationError):
            Phone(number=typed)
        return
    assert Phone(number=typed).number == " ".join(typed.split())


@pytest.mark.parametrize("typed", ["sam@example.org", "a@b", "first.last+tag@mail.co.uk"])
def test_an_email_needs_an_at(typed: str) -> None:
    assert Email(address=typed).address == typed


@pytest.mark.parametrize("typed", ["sam", "sam@", "@example.org", "sam @example.org", ""])
def test_an_email_without_an_at_is_refused(typed: str) -> None:
    with pytest.raises(ValidationError) as info:
        Email(address=typed)
    assert "email" in info.value.errors()[0]["msg"].lower()


def test_control_characters_are_refused_in_every_detail() -> None:
    with pytest.raises(ValidationError):
        Email(address="sam@exa\x1bmple.org")
    with pytest.raises(ValidationError):
        Address(street="1 High St\x1b[31m")
    with pytest.raises(ValidationError):
        Address(city="Leeds\u202e")


def test_labels_and_defaults() -> None:
    assert Phone(number="123").label is DetailLabel.MOBILE
    assert Email(address="a@b").label is DetailLabel.OTHER
    assert Address(street="1 High St").label is DetailLabel.HOME
    address = Address(street="1 High St", city="Leeds", postcode="LS1 1AA", country="UK")
    assert address.one_line() == "1 High St, Leeds, LS1 1AA, UK"


def test_a_contact_keeps_any_number_of_details(store: Store) -> None:
    contact = store.contacts.add(
        Contact(
            name="Ana Lopez",
            phones=[Phone(number="+34 600 000 001"), Phone(number="555 0100", label="work")],
            emails=[Email(address="ana@example.org", label="home")],
            addresses=[Address(street="Calle Mayor 1", city="Madrid", country="Spain")],
        )
    )
    again = store.contacts.require(contact.id)
    assert [p.number for p in again.phones] == ["+34 600 000 001", "555 0100"]
    assert again.phones[1].label is DetailLabel.WORK
    assert again.emails[0].address == "ana@example.org"
    assert again.addresses[0].city == "Madrid"


# -- migration from today's files -----------------------------------------------------------
def test_version_2_file_is_migrated_with_a_backup(data_dir: Path, clock: FixedClock) -> None:
    """tests/fixtures/store_v2.json was written by Kith before contact details (the demo
    data, trimmed): every record comes through, each contact with empty details."""
    original = json.loads((FIXTURES / "store_v2.json").read_text())
    data_dir.mkdir(mode=0o700)
    shutil.copy(FIXTURES / "store_v2.json", data_dir / STORE_FILE)
    with Store.open(data_dir, clock=clock) as store:
        assert store.migrated_from == 2
        assert len(store.contacts) == len(original["contacts"])
        assert len(store.interactions) == len(original["interactions"])
        assert len(store.checkins) == len(original["checkins"])
        assert len(store.plan) == len(original["plan"])
        for doc in original["contacts"].values():
            contact = store.contacts.require(doc["id"])
            assert contact.name == doc["name"]
            assert contact.remember == doc["remember"]
            assert (contact.phones, contact.emails, contact.addresses) == ([], [], [])
    raw = json.loads((data_dir / STORE_FILE).read_text())
    assert raw["_meta"]["1"]["schema"] == SCHEMA_VERSION == 3
    first = raw["contacts"]["1"]
    assert first["phones"] == [] and first["emails"] == [] and first["addresses"] == []
    assert first["vcard_uid"] == ""
    old = list((data_dir / "backups").glob("kith-v2-*.json"))
    assert len(old) == 1
    assert json.loads(old[0].read_text()) == original


def test_the_v2_step_is_pure_and_keeps_details_already_there() -> None:
    tables = {
        "_meta": {"1": {"schema": 2}},
        "contacts": {"1": {"id": "a", "name": "A", "phones": [{"number": "1"}]}},
    }
    migrated, found = migrate(tables)
    assert found == 2
    assert migrated["contacts"]["1"]["phones"] == [{"number": "1"}]
    assert migrated["contacts"]["1"]["emails"] == []


# -- as typed in the form -------------------------------------------------------------------
phones = st.builds(
    Phone,
    number=st.from_regex(r"\+?[0-9][0-9 ()\-]{0,20}[0-9]", fullmatch=True),
    label=st.sampled_from(DetailLabel),
)
emails = st.builds(
    Email,
    address=st.from_regex(r"[a-z0-9.+]{1,10}@[a-z0-9.]{1,10}", fullmatch=True),
    label=st.sampled_from(DetailLabel),
)


@given(st.lists(phones, max_size=5), st.lists(emails, max_size=5))
def test_form_text_round_trips(phone_list: list[Phone], email_list: list[Email]) -> None:
    assert parse_phones(phones_text(phone_list)) == phone_list
    assert parse_emails(emails_text(email_list)) == email_list


def test_form_text_labels_are_optional_and_forgiving() -> None:
    assert parse_phones("555 0100\ncell: 1\n\n Work : 2") == [
        Phone(number="555 0100"),
        Phone(number="1", label=DetailLabel.MOBILE),
        Phone(number="2", label=DetailLabel.WORK),
    ]
    # "mailto x" is not a label: the line is taken whole, and refused in plain words.
    with pytest.raises(ValueError, match="needs an @"):
        parse_emails("mailto x")
    with pytest.raises(ValueError, match="digits, spaces"):
        parse_phones("home: 555.0100")


def test_a_changed_address_line_is_kept_whole() -> None:
    old = Address(street="1 High St", city="Leeds", country="UK")
    kept, typed = parse_addresses(f"{addresses_text([old])}\nwork: 2 Low Rd, York", [old])
    assert kept == old
    assert typed == Address(label=DetailLabel.WORK, street="2 Low Rd, York")
