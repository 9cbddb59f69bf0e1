"""vCard import: real-looking address books from phones and mail apps."""

from __future__ import annotations

from pathlib import Path

import pytest

from kith.data.models import Birthday, Contact
from kith.data.vcard import (
    Card,
    VCardError,
    decode,
    name_key,
    parse_birthday,
    plan_vcard_import,
    read_vcards,
)

VCF = Path(__file__).parent.parent / "fixtures" / "vcf"


def read(name: str) -> tuple[list[Card], list[str]]:
    return read_vcards(decode((VCF / name).read_bytes()))


def by_name(cards: list[Card]) -> dict[str, Card]:
    return {card.name: card for card in cards}


def test_iphone_v30_export() -> None:
    cards, problems = read("iphone_v30.vcf")
    assert [c.name for c in cards] == [
        "Samuel Okafor",
        "Zoë Ångström",
        "José María Álvarez Ruiz",
        "Riverside Community Choir",  # a company card: ORG when there is no name
    ]
    found = by_name(cards)
    assert found["Samuel Okafor"].birthday == Birthday(month=3, day=14, year=1991)
    # A folded line is unfolded, escaped commas and newlines decoded.
    assert found["Samuel Okafor"].notes == (
        "Met at the climbing gym, likes oolong tea.\nAsk about the half marathon in April."
    )
    # Apple's "no year" marker (1604 with X-APPLE-OMIT-YEAR) is a birthday without a year.
    assert found["Zoë Ångström"].birthday == Birthday(month=6, day=3)
    assert found["José María Álvarez Ruiz"].birthday is None
    assert found["José María Álvarez Ruiz"].notes == "Neighbour from the old flat in Madrid."
    assert problems == []


def test_vcard_40_with_birthdays_without_year_and_non_ascii_names() -> None:
    cards, problems = read("contacts_v40.vcf")
    found = by_name(cards)
    assert set(found) == {"李小龍", "ليلى حداد", "Dr. Sam Taylor", "Grandma Rose 🌹"}
    assert found["李小龍"].birthday == Birthday(month=4, day=12)  # BDAY:--0412
    assert found["ليلى حداد"].birthday == Birthday(month=3, day=4, year=1985)  # 19850304
    # No FN: the name is built from N (prefix given family); --02-29 is allowed.
    assert found["Dr. Sam Taylor"].birthday == Birthday(month=2, day=29)
    assert found["Dr. Sam Taylor"].notes == "Line one\nLine two, with a comma; and a semicolon"
    # A birthday that is not a date is left out, with a word why; the person still comes in.
    assert found["Grandma Rose 🌹"].birthday is None
    assert problems == [
        "Grandma Rose 🌹: the birthday 'circa 1940' is not a day and month, so it was left out"
    ]


def test_android_v21_quoted_printable() -> None:
    cards, problems = read("android_v21.vcf")
    found = by_name(cards)
    assert list(found) == ["Jürgen Müller", "Małgorzata Nowak", "Priya Brown"]
    assert found["Jürgen Müller"].birthday == Birthday(month=11, day=2, year=1978)
    assert found["Małgorzata Nowak"].notes == "Znamy się z kursu językowego."
    assert problems == []


def test_without_birthdays() -> None:
    cards, problems = read("google_no_birthdays_v30.vcf")
    assert [(c.name, c.birthday, c.notes) for c in cards] == [
        ("Alex Kim", None, ""),
        ("Morgan Lee", None, ""),
    ]
    assert problems == []


def test_malformed_file_is_a_clear_error() -> None:
    with pytest.raises(VCardError) as info:
        read("malformed.vcf")
    message = str(info.value)
    assert "not a well-formed vCard file" in message
    assert "this line has no colon at all" in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BEGIN:VCARD\nVERSION:3.0\nFN:Sam\n", "never closed"),
        ("hello, this is a shopping list\n", "no vCards in it"),
        ("", "no vCards in it"),
    ],
)
def test_other_broken_files(text: str, expected: str) -> None:
    with pytest.raises(VCardError, match=expected):
        read_vcards(text)


def test_cards_without_a_name_are_listed_not_imported() -> None:
    text = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;;;\r\nFN:\r\nTEL:+1 555 0100\r\nEND:VCARD\r\n"
    cards, problems = read_vcards(text)
    assert cards == []
    assert problems == ["card 1 has no name"]


def test_control_characters_from_a_file_are_removed_not_refused() -> None:
    text = "BEGIN:VCARD\nVERSION:3.0\nFN:Eve\x1b[31m Red\u202e\nNOTE:a\\nb\x07c\nEND:VCARD\n"
    cards, _ = read_vcards(text)
    assert cards[0].name == "Eve[31m Red"
    assert cards[0].notes == "a\nbc"
    Contact(name=cards[0].name, notes=cards[0].notes)  # valid for the model


def test_latin1_file_is_still_read() -> None:
    raw = "BEGIN:VCARD\nVERSION:3.0\nFN:Zoë\nEND:VCARD\n".encode("latin-1")
    cards, _ = read_vcards(decode(raw))
    assert cards[0].name == "Zoë"
    bom = "\ufeffBEGIN:VCARD\nVERSION:3.0\nFN:Zoë\nEND:VCARD\n".encode()
    assert read_vcards(decode(bom))[0][0].name == "Zoë"


@pytest.mark.parametrize(
    ("value", "params", "expected"),
    [
        ("1990-04-12", {}, Birthday(month=4, day=12, year=1990)),
        ("19900412", {}, Birthday(month=4, day=12, year=1990)),
        ("1990-04-12T00:00:00Z", {}, Birthday(month=4, day=12, year=1990)),
        ("--0412", {}, Birthday(month=4, day=12)),
        ("--04-12", {}, Birthday(month=4, day=12)),
        ("1604-04-12", {"X-APPLE-OMIT-YEAR": ["1604"]}, Birthday(month=4, day=12)),
        ("1800-04-12", {}, Birthday(month=4, day=12)),  # a year Kith cannot keep
        ("", {}, None),
    ],
)
def test_birthday_forms(value: str, params: dict[str, list[str]], expected: Birthday) -> None:
    assert parse_birthday(value, params) == expected


@pytest.mark.parametrize("value", ["circa 1800", "1985", "1985-04", "1990-02-30", "--1302"])
def test_birthdays_that_are_not_dates(value: str) -> None:
    with pytest.raises(ValueError):
        parse_birthday(value)


def test_plan_skips_names_already_in_kith_and_repeats_in_the_file() -> None:
    cards, _ = read("iphone_v30.vcf")
    cards.append(Card(name="samuel  OKAFOR"))  # the same person twice in one file
    existing = [Contact(name="zoë ångström")]
    plan = plan_vcard_import(cards, existing)
    assert [c.name for c in plan.to_add] == [
        "Samuel Okafor",
        "José María Álvarez Ruiz",
        "Riverside Community Choir",
    ]
    assert plan.duplicates == ["Zoë Ångström", "samuel  OKAFOR"]
    sam = plan.to_add[0]
    assert sam.birthday == Birthday(month=3, day=14, year=1991)
    assert sam.notes.startswith("Met at the climbing gym")


def test_name_key_ignores_case_spacing_and_composition() -> None:
    assert name_key("  Zoe\u0308  Ångström ") == name_key("zoë ångström")
    assert name_key("Sam") != name_key("Sammy")
