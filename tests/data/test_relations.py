"""Links between people: typed once, shown from both sides, gone when a person is."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from kith.data.models import Contact, Interaction, Link, RelationKind
from kith.data.relations import (
    links_text,
    links_to,
    parse_links,
    relation_line,
    relations,
    without_links_to,
)
from kith.data.store import Store


def people() -> tuple[Contact, Contact, Contact, Contact]:
    alex = Contact(name="Alex Kim")
    rosa = Contact(name="Rosa Diaz")
    sam_o = Contact(name="Sam Okafor")
    sam_t = Contact(name="Sam Taylor")
    return alex, rosa, sam_o, sam_t


def test_a_link_reads_from_both_sides() -> None:
    alex, rosa, sam, _ = people()
    sam = sam.model_copy(
        update={
            "links": [
                Link(kind=RelationKind.PARTNER, contact_id=alex.id),
                Link(kind=RelationKind.PARENT, contact_id=rosa.id),
            ]
        }
    )
    everyone = [alex, rosa, sam]
    [(kind, other)] = [(r.kind, r.other.name) for r in relations(alex, everyone)]
    assert (kind, other) == (RelationKind.PARTNER, "Sam Okafor")
    assert relation_line(alex, relations(alex, everyone)[0]) == (
        "Alex Kim's",
        "partner",
        "Sam Okafor",
    )
    assert [(r.kind, r.other.name) for r in relations(rosa, everyone)] == [
        (RelationKind.CHILD, "Sam Okafor")
    ]
    assert [(r.kind, r.other.name) for r in relations(sam, everyone)] == [
        (RelationKind.PARTNER, "Alex Kim"),
        (RelationKind.PARENT, "Rosa Diaz"),
    ]


def test_a_link_typed_on_both_sides_is_shown_once() -> None:
    alex, _, sam, _ = people()
    sam = sam.model_copy(update={"links": [Link(kind=RelationKind.PARTNER, contact_id=alex.id)]})
    alex = alex.model_copy(update={"links": [Link(kind=RelationKind.PARTNER, contact_id=sam.id)]})
    assert len(relations(sam, [alex, sam])) == 1


def test_parse_links_by_name_or_start_of_name() -> None:
    alex, rosa, sam_o, sam_t = people()
    everyone = [alex, rosa, sam_o, sam_t]
    links = parse_links("partner: alex\nMother: Rosa Diaz\n\nsibling: Sam T", everyone, None)
    assert links == [
        Link(kind=RelationKind.PARTNER, contact_id=alex.id),
        Link(kind=RelationKind.PARENT, contact_id=rosa.id),
        Link(kind=RelationKind.SIBLING, contact_id=sam_t.id),
    ]
    assert (
        links_text(links, everyone) == "partner: Alex Kim\nparent: Rosa Diaz\nsibling: Sam Taylor"
    )
    with pytest.raises(ValueError, match="could be Sam Okafor, Sam Taylor"):
        parse_links("friend: sam", everyone, None)
    with pytest.raises(ValueError, match="no one called 'Nobody'"):
        parse_links("friend: Nobody", everyone, None)
    with pytest.raises(ValueError, match=r"e\.g\. partner: Alex"):
        parse_links("Alex", everyone, None)
    with pytest.raises(ValueError, match="no one called 'Alex'"):
        parse_links("partner: Alex", everyone, alex.id)  # not to themselves


def test_a_contact_cannot_link_to_themselves() -> None:
    alex = Contact(name="Alex")
    with pytest.raises(ValidationError, match="themselves"):
        Contact.model_validate(
            alex.model_dump() | {"links": [{"kind": "friend", "contact_id": alex.id}]}
        )


@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4), st.sampled_from(RelationKind))))
def test_without_links_to_leaves_no_link_to_them(
    edges: list[tuple[int, int, RelationKind]],
) -> None:
    five = [Contact(name=f"P{i}") for i in range(5)]
    links: dict[int, list[Link]] = {i: [] for i in range(5)}
    for a, b, kind in edges:
        link = Link(kind=kind, contact_id=five[b].id)
        if a != b and link not in links[a]:
            links[a].append(link)
    everyone = [c.model_copy(update={"links": links[i]}) for i, c in enumerate(five)]
    gone = everyone[0]
    changed = {c.id: c for c in without_links_to(gone.id, everyone)}
    after = [changed.get(c.id, c) for c in everyone[1:]]
    assert all(link.contact_id != gone.id for c in after for link in c.links)
    seen = {(r.kind, r.other.id) for r in relations(after[0], after)}
    assert seen == {(r.kind, r.other.id) for r in relations(everyone[1], everyone)} - {
        (kind, gone.id) for kind in RelationKind
    }
    before = sum(len(c.links) for c in everyone[1:])
    assert sum(len(c.links) for c in after) == before - sum(
        1 for c in everyone[1:] for link in c.links if link.contact_id == gone.id
    )


def test_deleting_a_person_removes_the_links_to_them(store: Store) -> None:
    alex = store.contacts.add(Contact(name="Alex Kim"))
    sam = store.contacts.add(
        Contact(name="Sam", links=[Link(kind=RelationKind.PARTNER, contact_id=alex.id)])
    )
    store.interactions.add(Interaction(date=store.clock.now().date(), contact_ids=[sam.id]))
    assert links_to(alex.id, store.contacts.list()) == 1
    store.delete_contact(alex.id, keep_interactions=True)
    assert store.contacts.require(sam.id).links == []
    assert len(store.interactions) == 1
