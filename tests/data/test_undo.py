"""Undo: any mix of deletes, archives and dones, undone in turn, gives back the store as it
was, record for record."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kith.data.models import Contact, FollowUp, Interaction, Link, PlanItem, RelationKind
from kith.data.store import Store

TODAY = date(2026, 11, 20)


def fill(store: Store) -> list[Contact]:
    people = [store.contacts.add(Contact(name=f"Person {i}")) for i in range(4)]
    store.contacts.update(
        people[1].model_copy(
            update={
                "links": [Link(kind=RelationKind.PARTNER, contact_id=people[0].id)],
                "follow_ups": [FollowUp(text="Ask about the move", due=TODAY)],
            }
        )
    )
    for day in range(6):
        who = [people[day % 4].id] + ([people[0].id] if day % 3 == 0 and day % 4 else [])
        store.interactions.add(Interaction(date=TODAY - timedelta(days=day), contact_ids=who))
    store.plan.add(
        PlanItem(
            text="Call",
            contact_id=people[0].id,
            week_start=TODAY - timedelta(days=TODAY.weekday()),
        )
    )
    return people


def state(store: Store) -> dict[str, list[dict[str, object]]]:
    return {
        repo.name: sorted((r.to_doc() for r in repo.list()), key=lambda d: str(d["id"]))
        for repo in store.repositories
    }


operations = st.lists(
    st.tuples(st.sampled_from(["delete", "delete_all", "archive", "done"]), st.integers(0, 3)),
    max_size=6,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=operations)
def test_undoing_every_change_gives_back_the_store(
    store: Store, ops: list[tuple[str, int]]
) -> None:
    for contact in store.contacts.list():
        store.delete_contact(contact.id, keep_interactions=False)
    for item in store.interactions.list():
        store.interactions.delete(item.id)
    for item in store.plan.list():
        store.plan.delete(item.id)
    store.undo = type(store.undo)()
    people = fill(store)
    start = state(store)
    done = 0
    for op, index in ops:
        contact = store.contacts.get(people[index].id)
        if contact is None:
            continue
        with store.undo.recording(store, f"{op} {contact.name}"):
            if op == "delete":
                store.delete_contact(contact.id, keep_interactions=True)
            elif op == "delete_all":
                store.delete_contact(contact.id, keep_interactions=False)
            elif op == "archive":
                store.contacts.update(contact.model_copy(update={"archived": not contact.archived}))
            else:
                store.contacts.update(contact.model_copy(update={"follow_ups": []}))
        done += 1
    said = []
    while (words := store.undo.undo(store)) is not None:
        said.append(words)
    assert len(said) <= done
    assert state(store) == start


def test_a_deleted_person_comes_back_with_their_interactions(store: Store) -> None:
    people = fill(store)
    before = state(store)
    with store.undo.recording(store, "Person 0 is back."):
        store.delete_contact(people[0].id, keep_interactions=False)
    assert people[0].id not in store.contacts
    assert store.contacts.require(people[1].id).links == []
    heard: list[str] = []
    store.subscribe(heard.append)
    assert store.undo.undo(store) == "Person 0 is back."
    assert state(store) == before
    assert "contacts" in heard and "interactions" in heard
    assert store.undo.undo(store) is None


def test_a_change_that_changed_nothing_is_not_recorded(store: Store) -> None:
    with store.undo.recording(store, "nothing"):
        pass
    assert len(store.undo) == 0
