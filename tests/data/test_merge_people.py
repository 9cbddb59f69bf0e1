"""Merging two people (issue 18): nothing is lost, links follow, the two are never
linked to themselves, merging duplicates changes nothing, and undo brings back both
exactly as they were."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kith.data.clock import FixedClock
from kith.data.merge_people import (
    GONE,
    KEEP,
    combined_words,
    differences,
    merge_in_store,
    merged_contact,
    plan_merge,
)
from kith.data.models import (
    Birthday,
    Circle,
    Contact,
    Email,
    FollowUp,
    Interaction,
    Link,
    NamedDate,
    Phone,
    PlanItem,
    RelationKind,
)
from kith.data.store import Store
from tests.conftest import FIXED_NOW

TODAY = date(2026, 11, 20)

names = st.sampled_from(["Sam", "Sam Rivera", "Ana", "Bo", "Noor [b]x[/]"])
tags = st.lists(st.sampled_from(["book club", "Book Club", "run", "work"]), max_size=4)
phones = st.lists(
    st.builds(Phone, number=st.sampled_from(["+44 20 7946 0018", "555 0100", "(0) 1234"])),
    max_size=3,
    unique=True,
)
emails = st.lists(
    st.builds(Email, address=st.sampled_from(["sam@example.org", "s@r.net"])),
    max_size=2,
    unique=True,
)
dates = st.lists(
    st.builds(
        NamedDate,
        name=st.sampled_from(["Anniversary", "Moved"]),
        month=st.integers(1, 12),
        day=st.integers(1, 28),
    ),
    max_size=2,
    unique=True,
)
follow_ups = st.lists(
    st.builds(
        FollowUp, text=st.sampled_from(["Ask about the job", "Send the book"]), due=st.just(TODAY)
    ),
    max_size=2,
    unique=True,
)
birthdays = st.none() | st.builds(Birthday, month=st.integers(1, 12), day=st.integers(1, 28))


@st.composite
def person(draw: Any, contact_id: str) -> Contact:
    return Contact(
        id=contact_id,
        name=draw(names),
        circle=draw(st.sampled_from(list(Circle))),
        tags=list(dict.fromkeys(draw(tags))),
        notes=draw(st.sampled_from(["", "Likes tea", "Met at the park"])),
        birthday=draw(birthdays),
        rhythm_days=draw(st.none() | st.sampled_from([7, 30])),
        remember=draw(st.lists(st.sampled_from(["Dog: Rex", "Vegan"]), max_size=2, unique=True)),
        phones=draw(phones),
        emails=draw(emails),
        dates=draw(dates),
        follow_ups=draw(follow_ups),
    )


@st.composite
def world(draw: Any) -> dict[str, Any]:
    """Sam (``keep``), Sam again (``gone``), and Ana, linked any which way, with
    interactions with any of them."""
    keep = draw(person("keep"))
    gone = draw(person("gone"))
    ana = Contact(id="ana", name="Ana")
    people = {"keep": keep, "gone": gone, "ana": ana}
    for owner in people:
        for kind, target in draw(
            st.lists(
                st.tuples(st.sampled_from(list(RelationKind)), st.sampled_from(list(people))),
                max_size=3,
            )
        ):
            if target == owner:
                continue
            current = people[owner]
            link = Link(kind=kind, contact_id=target)
            if link not in current.links:
                people[owner] = current.model_copy(update={"links": [*current.links, link]})
    groups = draw(st.lists(st.sets(st.sampled_from(list(people)), min_size=1), max_size=6))
    interactions = [
        Interaction(id=f"i{n}", date=TODAY, contact_ids=sorted(group))
        for n, group in enumerate(groups)
    ]
    return {"people": people, "interactions": interactions}


@given(
    world(),
    st.dictionaries(st.sampled_from(["name", "circle", "birthday"]), st.sampled_from([KEEP, GONE])),
)
def test_a_merge_loses_nothing(w: dict[str, Any], choices: dict[str, Any]) -> None:
    people = w["people"]
    keep, gone = people["keep"], people["gone"]
    changes = plan_merge(
        keep, gone, contacts=people.values(), interactions=w["interactions"], choices=choices
    )
    merged = changes.keep
    assert merged.id == keep.id
    for name in ("phones", "emails", "dates", "follow_ups", "remember"):
        assert set(getattr(keep, name)) | set(getattr(gone, name)) == set(getattr(merged, name))
    assert set(keep.tags) | set(gone.tags) == set(merged.tags)
    # Every interaction with either is now with the kept one, once.
    moved = {item.id: item for item in changes.interactions}
    for item in w["interactions"]:
        now = moved.get(item.id, item)
        assert "gone" not in now.contact_ids
        assert len(now.contact_ids) == len(set(now.contact_ids))
        if {"keep", "gone"} & set(item.contact_ids):
            assert "keep" in now.contact_ids
    # No self-link; Ana's links to either now point at the kept one.
    assert all(link.contact_id not in ("keep", "gone") for link in merged.links)
    for other in changes.contacts:
        assert all(link.contact_id != "gone" for link in other.links)
    ana_links = {(link.kind, link.contact_id) for link in people["ana"].links}
    if "gone" in {cid for _, cid in ana_links}:
        assert [c.id for c in changes.contacts] == ["ana"]
    # What was chosen is what stays.
    for field, side in choices.items():
        source = gone if side == GONE else keep
        assert getattr(merged, field) == getattr(source, field)
    assert combined_words(keep, gone, changes)


@given(person("keep"))
def test_merging_a_duplicate_changes_nothing(sam: Contact) -> None:
    copy = sam.model_copy(update={"id": "copy"})
    assert differences(sam, copy) == []
    assert merged_contact(sam, copy) == sam
    assert merged_contact(merged_contact(sam, copy), copy) == sam


@given(person("keep"), person("gone"))
def test_merging_again_changes_nothing_more(keep: Contact, gone: Contact) -> None:
    once = merged_contact(keep, gone, {d.field: GONE for d in differences(keep, gone)})
    assert merged_contact(once, gone, {d.field: GONE for d in differences(once, gone)}) == once


def test_an_empty_field_takes_the_other_ones_value() -> None:
    keep = Contact(id="keep", name="Sam")
    gone = Contact(id="gone", name="Sam Rivera", birthday=Birthday(month=3, day=14))
    found = {d.field: d for d in differences(keep, gone)}
    assert found["name"].default == KEEP and found["birthday"].default == GONE
    assert found["birthday"].keep == "none" and found["birthday"].gone == "14 March"
    merged = merged_contact(keep, gone)
    assert merged.name == "Sam" and merged.birthday == Birthday(month=3, day=14)


def by_id(store: Store) -> dict[str, Any]:
    """Every record, by collection and id (undo puts a deleted record back at the end)."""
    tables = store.export_tables()
    return {
        name: {doc["id"]: doc for doc in docs} if isinstance(docs, list) else docs
        for name, docs in tables.items()
    }


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(world())
def test_merge_then_undo_is_as_before(w: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "kith", clock=FixedClock(FIXED_NOW), backups=False)
        try:
            people = w["people"]
            with store.batch():
                for contact in people.values():
                    store.contacts.put(contact)
                for item in w["interactions"]:
                    store.interactions.put(item)
                store.plan.put(
                    PlanItem(id="p1", week_start=date(2026, 11, 16), text="Call", contact_id="gone")
                )
            before = by_id(store)
            with store.undo.recording(store, "Sam and Sam are two again."):
                merge_in_store(store, "keep", "gone", {"name": GONE})
            assert "gone" not in store.contacts
            assert store.plan.require("p1").contact_id == "keep"
            assert store.contacts.require("keep").name == people["gone"].name
            assert store.undo.undo(store) == "Sam and Sam are two again."
            assert by_id(store) == before
        finally:
            store.close()
        # And on disk too: the undo was saved.
        again = Store.open(Path(folder) / "kith", clock=FixedClock(FIXED_NOW), backups=False)
        try:
            assert by_id(again) == before
        finally:
            again.close()


def test_safety_plan_lines_and_thought_records_follow(store: Store) -> None:
    from kith.data.models import SafetyLine, ThoughtRecord

    keep = store.contacts.add(Contact(name="Sam Rivera"))
    gone = store.contacts.add(Contact(name="Sam"))
    line = SafetyLine(text="Sam", reach="555 0100", contact_id=gone.id)
    store.safety_plan.save(store.safety_plan.get().model_copy(update={"ask_for_help": [line]}))
    record = store.thought_records.add(
        ThoughtRecord(date=TODAY, situation="The call", contact_id=gone.id)
    )
    merge_in_store(store, keep.id, gone.id)
    assert store.safety_plan.get().ask_for_help[0].contact_id == keep.id
    assert store.thought_records.require(record.id).contact_id == keep.id
