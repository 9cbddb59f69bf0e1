"""Model validation: plain-words messages, hostile text refused or kept verbatim."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from kith.data.models import (
    Birthday,
    CheckIn,
    Contact,
    Interaction,
    PlanItem,
    Settings,
    SupportEntry,
)
from kith.data.text import BIDI_CONTROLS, forbidden_character

CONTROL = [chr(c) for c in range(0x20) if chr(c) not in "\n\t"] + ["\x7f", "\x85"]


def message(error: ValidationError) -> str:
    return error.errors()[0]["msg"]


def test_name_is_trimmed_and_required() -> None:
    assert Contact(name="  Sam  ").name == "Sam"
    with pytest.raises(ValidationError) as info:
        Contact(name="   ")
    assert "Name is needed" in message(info.value)


def test_name_length_limit_is_200() -> None:
    assert len(Contact(name="x" * 200).name) == 200
    with pytest.raises(ValidationError) as info:
        Contact(name="x" * 201)
    assert "at most 200" in message(info.value)


def test_notes_limit_is_10000() -> None:
    assert len(Contact(name="a", notes="n" * 10_000).notes) == 10_000
    with pytest.raises(ValidationError):
        Contact(name="a", notes="n" * 10_001)


@pytest.mark.parametrize("char", CONTROL + sorted(BIDI_CONTROLS))
def test_control_and_bidi_characters_are_refused(char: str) -> None:
    with pytest.raises(ValidationError) as info:
        Contact(name=f"Ann{char}Lee")
    text = message(info.value)
    assert "control character" in text or "one line" in text


def test_newlines_allowed_in_notes_but_not_names() -> None:
    assert Contact(name="a", notes="line 1\nline 2\tend").notes == "line 1\nline 2\tend"
    with pytest.raises(ValidationError) as info:
        Contact(name="Ann\nLee")
    assert "one line" in message(info.value)


@pytest.mark.parametrize(
    "name",
    [
        "Ann [/bold]",
        "[@click=app.quit]Bob[/]",
        "[link=https://example.com]x[/link]",
        "👩\u200d👩\u200d👧 family",  # zero-width joiners stay allowed
        "李小龍",
        "مريم",
        "e\u0301lodie",  # combining mark
        "x" * 200,
    ],
)
def test_odd_but_legitimate_names_are_kept_verbatim(name: str) -> None:
    assert Contact(name=name).name == name


@given(st.text(max_size=60))
def test_any_text_is_either_kept_verbatim_or_refused_with_a_message(text: str) -> None:
    expected = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    try:
        contact = Contact(name="n", notes=text)
    except ValidationError as error:
        assert forbidden_character(expected, allow_newlines=True) is not None
        assert "control character" in message(error)
    else:
        assert contact.notes == expected
        assert all(unicodedata.category(c) != "Cc" or c in "\n\t" for c in contact.notes)


def test_birthday_validates_real_dates() -> None:
    assert Birthday(month=2, day=29).label() == "29 February"
    assert Birthday(month=2, day=29, year=2000).year == 2000
    with pytest.raises(ValidationError) as info:
        Birthday(month=2, day=30)
    assert "no day 30 in month 2" in message(info.value)
    with pytest.raises(ValidationError):
        Birthday(month=2, day=29, year=2023)
    with pytest.raises(ValidationError):
        Birthday(month=13, day=1)


def test_leap_day_birthday_falls_on_28_february_in_other_years() -> None:
    assert Birthday(month=2, day=29).next_on_or_after(date(2027, 1, 1)) == date(2027, 2, 28)
    assert Birthday(month=2, day=29).next_on_or_after(date(2028, 1, 1)) == date(2028, 2, 29)


@pytest.mark.parametrize("days", [0, -3, 3651])
def test_rhythm_must_be_sensible(days: int) -> None:
    with pytest.raises(ValidationError):
        Contact(name="a", rhythm_days=days)


def test_interaction_in_the_future_is_refused_against_the_given_today() -> None:
    context = {"today": date(2026, 11, 20)}
    ok = Interaction.model_validate({"date": "2026-11-20", "contact_ids": ["x"]}, context=context)
    assert ok.date == date(2026, 11, 20)
    with pytest.raises(ValidationError) as info:
        Interaction.model_validate({"date": "2026-11-21", "contact_ids": ["x"]}, context=context)
    assert "future" in message(info.value)


@pytest.mark.parametrize("felt", [0, 6, 9, -1])
def test_felt_is_one_to_five(felt: int) -> None:
    with pytest.raises(ValidationError):
        Interaction(date=date(2026, 1, 1), contact_ids=["x"], felt=felt)


def test_interaction_needs_someone_and_dedupes() -> None:
    with pytest.raises(ValidationError):
        Interaction(date=date(2026, 1, 1), contact_ids=[])
    assert Interaction(date=date(2026, 1, 1), contact_ids=["a", "a", "b"]).contact_ids == [
        "a",
        "b",
    ]


def test_plan_week_starts_on_monday() -> None:
    assert PlanItem(week_start=date(2026, 11, 16), text="Call Sam").week_start.weekday() == 0
    with pytest.raises(ValidationError) as info:
        PlanItem(week_start=date(2026, 11, 17), text="Call Sam")
    assert "Monday" in message(info.value)


def test_records_have_uuid_ids_and_utc_times() -> None:
    contact = Contact(name="a")
    assert len(contact.id) == 36
    assert contact.created.utcoffset() is not None
    doc = contact.to_doc()
    assert doc["created"].endswith("Z")
    assert Contact.model_validate(doc) == contact


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValidationError):
        CheckIn(
            instrument_id="quick",
            instrument_version=1,
            taken_at="2026-01-01T10:00:00",  # type: ignore[arg-type]
            answers=[],
            total=3,
            band="not_lonely",
            band_label="Not lonely",
        )


def test_settings_and_support_defaults() -> None:
    assert Settings().checkin_rhythm_days == 7
    with pytest.raises(ValidationError):
        Settings(insights_weeks=13)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        SupportEntry(name="")


def test_pasted_windows_line_endings_become_newlines() -> None:
    assert Contact(name="a", notes="one\r\ntwo\rthree").notes == "one\ntwo\nthree"
    with pytest.raises(ValidationError) as info:
        Contact(name="Ann\rLee")
    assert "one line" in message(info.value)


def test_interactions_loaded_from_a_file_share_each_person_s_id() -> None:
    """Ten years name 1,000 people in 20,000 interactions: each id is kept once."""
    import orjson

    person = "3f2a1c9e-0000-4000-8000-00000000abcd"
    docs = orjson.loads(
        orjson.dumps([{"date": "2026-01-02", "contact_ids": [person, person]} for _ in range(2)])
    )
    first, second = (Interaction.model_validate(doc) for doc in docs)
    assert first.contact_ids == [person]  # named twice, kept once
    assert first.contact_ids[0] is second.contact_ids[0]
