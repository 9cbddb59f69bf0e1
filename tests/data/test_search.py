"""Search: interaction notes and things to remember are found, and where is said."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from kith.data.models import Contact, FollowUp, Interaction, Mode, PlanItem
from kith.data.search import (
    joined_notes,
    notes_by_contact,
    person_search_text,
    same_items,
    search_everything,
    where_matched,
)

TODAY = date(2026, 11, 20)


def test_where_a_word_was_found() -> None:
    sam = Contact(name="Sam Rivera", remember=["Kids: Mila and Jonas"], notes="climbs")
    older = Interaction(date=date(2026, 3, 12), contact_ids=[sam.id], notes="The Interview!")
    newer = Interaction(date=date(2026, 3, 14), contact_ids=[sam.id], notes="interview went well")
    assert where_matched(sam, [older, newer], ["sam"]) == ""  # the row shows it
    assert where_matched(sam, [older, newer], ["mila"]) == "in a thing to remember"
    assert where_matched(sam, [older], ["interview"]) == "in a note, 12 March"
    assert where_matched(sam, [older, newer], ["interview"]) == "in a note, 14 March (and 1 more)"
    text = person_search_text(sam, notes_by_contact([older, newer])[sam.id])
    assert "interview" in text and "mila" in text and "climbs" in text


def test_follow_ups_phones_and_emails_are_searched() -> None:
    from kith.data.models import Email, Phone

    ana = Contact(
        name="Ana",
        follow_ups=[FollowUp(text="Send the photos", due=TODAY)],
        phones=[Phone(number="+34 600")],
        emails=[Email(address="Ana@Example.org")],
    )
    text = person_search_text(ana)
    assert "photos" in text and "+34 600" in text and "ana@example.org" in text
    assert where_matched(ana, [], ["photos"]) == "in a thing to remember"
    assert where_matched(ana, [], ["example"]) == "in a phone or email"


@given(st.text(alphabet="abcdefg XYZ", min_size=1, max_size=30), st.integers(0, 2))
def test_every_note_is_found_by_its_own_words(note: str, who: int) -> None:
    people = [Contact(name=f"P{i}") for i in range(3)]
    item = Interaction(date=TODAY, contact_ids=[people[who].id], notes=note)
    notes = notes_by_contact([item])
    words = note.casefold().split()
    if not words:
        return
    texts = {p.id: person_search_text(p, notes.get(p.id, "")) for p in people}
    assert all(w in texts[people[who].id] for w in words)
    hits = search_everything(note, people, [item], [], [])
    assert any(h.kind == "interaction" and h.record_id == item.id for h in hits)


def test_search_everything_finds_people_interactions_and_reflections() -> None:
    sam = Contact(name="Sam Rivera", remember=["loves the interview podcast"])
    call = Interaction(
        date=date(2026, 3, 12),
        contact_ids=[sam.id],
        mode=Mode.CALL,
        notes="Asked about the interview",
    )
    monday = date(2026, 11, 16)
    plan = PlanItem(text="Call Sam", week_start=monday, reflection="The interview talk helped")
    hits = search_everything("interview", [sam], [call], [plan], [])
    assert [(h.kind, h.title) for h in hits] == [
        ("person", "Sam Rivera"),
        ("interaction", "Call with Sam Rivera, 12 March 2026"),
        ("reflection", "Reflection on “Call Sam”"),
    ]
    assert hits[0].detail == "in a thing to remember"
    assert hits[1].contact_id == sam.id
    assert search_everything("   ", [sam], [call], [plan], []) == []


def test_a_person_s_notes_are_joined_again_only_when_their_records_changed() -> None:
    """People keeps each person's search text, not their joined notes a second time: it
    tells a change by the records themselves (immutable: an edit is a new object)."""
    sam = Contact(name="Sam")
    first = Interaction(date=TODAY, contact_ids=[sam.id], notes="Coffee by the River")
    second = Interaction(date=TODAY, contact_ids=[sam.id], notes="walk")
    assert joined_notes([first, second]) == notes_by_contact([first, second])[sam.id]
    assert joined_notes([first, second]) == "coffee by the river\nwalk"
    assert same_items([first, second], [first, second])
    edited = first.model_copy(update={"notes": "Tea"})
    assert not same_items([edited, second], [first, second])  # equal length, new record
    assert not same_items([first], [first, second])
    assert not same_items([second, first], [first, second])  # the order is the text's
    assert same_items([], ())
