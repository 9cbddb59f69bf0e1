"""vCard out (4.0 and 3.0, one file or a vdir) and the round trip back in."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kith.data.models import Address, Birthday, Contact, DetailLabel, Email, NamedDate, Phone
from kith.data.vcard import plan_vcard_import, read_vcards
from kith.data.vcard_export import card_uid, vcard_text, vcards_text, vdir_files, vdir_name

VCF = Path(__file__).parent.parent / "fixtures" / "vcf"

# Text a person might type: letters of any script, digits, punctuation that vCard
# escapes (, ; \\ :), emoji; no control characters (the models refuse them).
words = st.text(
    alphabet=st.characters(
        categories=("L", "N", "Zs", "Po", "So"), include_characters=",;\\:", max_codepoint=0x1FAFF
    ),
    min_size=1,
    max_size=30,
).map(lambda text: " ".join(text.split()))
names = words.filter(bool)
phones = st.builds(
    Phone,
    number=st.from_regex(r"\+?[0-9][0-9 ()\-]{0,18}[0-9]", fullmatch=True),
    label=st.sampled_from(DetailLabel),
)
emails = st.builds(
    Email,
    address=st.from_regex(r"[a-z0-9.+_]{1,12}@[a-z0-9.\-]{1,12}", fullmatch=True),
    label=st.sampled_from(DetailLabel),
)
addresses = st.builds(
    Address,
    label=st.sampled_from([DetailLabel.HOME, DetailLabel.WORK, DetailLabel.OTHER]),
    street=names,
    city=words,
    region=st.just(""),
    postcode=st.from_regex(r"[A-Z0-9 ]{0,8}", fullmatch=True).map(str.strip),
    country=words,
)
birthdays = st.one_of(
    st.none(),
    st.builds(
        Birthday,
        month=st.integers(1, 12),
        day=st.integers(1, 28),
        year=st.one_of(st.none(), st.integers(1900, 2025)),
    ),
)
contacts = st.builds(
    Contact,
    name=names,
    phones=st.lists(phones, max_size=3),
    emails=st.lists(emails, max_size=3),
    addresses=st.lists(addresses, max_size=2),
    birthday=birthdays,
    notes=st.text(
        alphabet=st.characters(categories=("L", "N", "Zs", "P"), include_characters="\n"),
        max_size=80,
    ).map(lambda text: "\n".join(line.strip() for line in text.splitlines()).strip()),
    tags=st.lists(names.map(lambda t: t[:50].strip()).filter(bool), max_size=3, unique=True),
    dates=st.lists(
        st.builds(
            NamedDate,
            name=st.just("Anniversary"),
            month=st.integers(1, 12),
            day=st.integers(1, 28),
            year=st.one_of(st.none(), st.integers(1900, 2025)),
        ),
        max_size=1,
    ),
)


def _label_back(label: DetailLabel, *, phone: bool) -> DetailLabel:
    """What survives a vCard: "other" is no TYPE, which reads back as other."""
    if not phone and label is DetailLabel.MOBILE:
        return DetailLabel.OTHER  # an email or address has no "mobile" type
    return label


@pytest.mark.parametrize("version", ["4.0", "3.0"])
@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(person=contacts)
def test_a_person_survives_the_round_trip(person: Contact, version: str) -> None:
    [card], problems = read_vcards(vcard_text(person, version))
    assert problems == []
    assert card.name == person.name
    assert card.uid == f"urn:uuid:{person.id}"
    assert card.birthday == person.birthday
    assert card.notes == person.notes
    assert list(card.tags) == person.tags
    if person.dates:
        wedding = person.dates[0]
        assert card.anniversary == Birthday(month=wedding.month, day=wedding.day, year=wedding.year)
    else:
        assert card.anniversary is None
    assert list(card.phones) == [
        Phone(number=p.number, label=_label_back(p.label, phone=True)) for p in person.phones
    ]
    assert list(card.emails) == [
        Email(address=e.address, label=_label_back(e.label, phone=False)) for e in person.emails
    ]
    assert list(card.addresses) == [
        a.model_copy(update={"label": _label_back(a.label, phone=False)}) for a in person.addresses
    ]


@settings(max_examples=30, deadline=None)
@given(people=st.lists(contacts, max_size=6))
def test_importing_an_export_back_adds_no_one(people: list[Contact]) -> None:
    cards, _ = read_vcards(vcards_text(people)) if people else ([], [])
    plan = plan_vcard_import(cards, people)
    assert plan.to_add == []
    assert plan.duplicates == []
    assert plan.matched == [person.name for person in people]


def test_a_card_keeps_the_uid_it_came_with() -> None:
    cards, _ = read_vcards((VCF / "contacts_v40.vcf").read_text(encoding="utf-8"))
    plan = plan_vcard_import(cards, [])
    first = plan.to_add[0]
    assert first.vcard_uid == "6d8f3c0e-1b7a-4a55-9a0e-3f1b2c4d5e6f"
    assert card_uid(first) == first.vcard_uid
    assert "UID:6d8f3c0e-1b7a-4a55-9a0e-3f1b2c4d5e6f" in vcard_text(first)
    # ... so a phone's file imported twice adds each person once
    again = plan_vcard_import(cards, plan.to_add)
    assert again.to_add == []
    assert len(again.matched) == len(plan.to_add)


def test_phone_exports_keep_phones_emails_and_labels() -> None:
    iphone, _ = read_vcards((VCF / "iphone_v30.vcf").read_text(encoding="utf-8"))
    sam = iphone[0]
    assert sam.phones == (Phone(number="+44 7700 900123", label=DetailLabel.MOBILE),)
    assert sam.emails == (Email(address="sam.okafor@example.org", label=DetailLabel.OTHER),)
    assert iphone[1].phones == (Phone(number="+46 8 123 456 78", label=DetailLabel.HOME),)
    android, _ = read_vcards((VCF / "android_v21.vcf").read_text(encoding="utf-8"))
    assert android[0].phones == (Phone(number="+49 151 23456789", label=DetailLabel.MOBILE),)
    google, _ = read_vcards((VCF / "google_no_birthdays_v30.vcf").read_text(encoding="utf-8"))
    assert google[0].emails == (Email(address="alex.kim@example.com", label=DetailLabel.OTHER),)
    assert google[0].tags == ()  # Google's "myContacts" group is not the person's tag


def test_a_phone_with_other_characters_is_left_out_with_a_word() -> None:
    text = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Kim\r\nTEL;TYPE=WORK:555.0100\r\n"
        "TEL:+1 555 0100 ext 7\r\nEMAIL:kim-at-example\r\n"
        "ADR;TYPE=WORK:PO 7;Floor 2;1 Main St;Springfield;IL;62701;USA\r\nEND:VCARD\r\n"
    )
    [card], problems = read_vcards(text)
    assert card.phones == (Phone(number="555 0100", label=DetailLabel.WORK),)
    assert card.emails == ()
    assert card.addresses == (
        Address(
            label=DetailLabel.WORK,
            street="PO 7, Floor 2, 1 Main St",
            city="Springfield",
            region="IL",
            postcode="62701",
            country="USA",
        ),
    )
    assert problems == [
        "Kim: the phone number '+1 555 0100 ext 7' has more than digits, spaces and + ( ) -, "
        "so it was left out",
        "Kim: the email 'kim-at-example' has no @, so it was left out",
    ]


def test_version_3_writes_what_3_0_readers_expect() -> None:
    person = Contact(
        name="Zoë Ångström",
        birthday=Birthday(month=6, day=3),
        phones=[Phone(number="+46 8 123", label=DetailLabel.HOME)],
        emails=[Email(address="zoe@example.se", label=DetailLabel.WORK)],
    )
    text = vcard_text(person, "3.0")
    assert "VERSION:3.0" in text
    assert "BDAY;X-APPLE-OMIT-YEAR=1604:1604-06-03" in text
    assert "TEL;TYPE=HOME,VOICE:+46 8 123" in text
    assert "EMAIL;TYPE=INTERNET,WORK:zoe@example.se" in text
    assert "N:Ångström;Zoë;;;" in text
    text4 = vcard_text(person, "4.0")
    assert "VERSION:4.0" in text4 and "BDAY:--0603" in text4
    with pytest.raises(ValueError, match="not one Kith writes"):
        vcard_text(person, "2.1")


def test_vdir_file_names_are_stable_and_safe() -> None:
    person = Contact(name="Sam")
    files = vdir_files([person])
    assert list(files) == [f"{person.id}.vcf"]
    assert vdir_files([person]) == files  # the same every time
    hostile = person.model_copy(update={"vcard_uid": "../../etc/passwd"})
    [name] = vdir_files([hostile])
    assert "/" not in name and name.endswith(".vcf") and len(name) == 36
    assert vdir_name("../../etc/passwd") == name
