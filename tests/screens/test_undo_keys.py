"""u, by keys: a deleted person comes back with their interactions; an archive and a
follow-up's done are undone; each time the message says what came back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from kith.data.models import Contact, FollowUp, Interaction
from kith.data.store import Store
from kith.screens.people import PeopleScreen
from kith.screens.people_actions import DeleteContactScreen
from kith.widgets.contact_table import ContactTable

TODAY = date(2026, 11, 20)
MakeApp = Callable[..., Any]


def messages(app: Any) -> list[str]:
    return [str(note.message) for note in app._notifications]


def names_shown(app: Any) -> list[str]:
    table = app.screen.query_one(ContactTable)
    return [str(table.get_row_at(i)[0].plain) for i in range(table.row_count)]


async def test_u_brings_back_a_deleted_person_with_their_interactions(
    store: Store, make_app: MakeApp
) -> None:
    sam = store.contacts.add(Contact(name="Sam Rivera"))
    ana = store.contacts.add(Contact(name="Ana"))
    own = [store.interactions.add(Interaction(date=TODAY, contact_ids=[sam.id])) for _ in "ab"]
    shared = store.interactions.add(Interaction(date=TODAY, contact_ids=[sam.id, ana.id]))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        assert isinstance(app.screen, PeopleScreen)
        await pilot.press("j", "d")  # Sam Rivera
        await pilot.pause()
        assert isinstance(app.screen, DeleteContactScreen)
        await pilot.press("x")  # delete the interactions too
        await pilot.pause()
        assert sam.id not in store.contacts
        assert len(store.interactions) == 1
        assert names_shown(app) == ["Ana"]

        await pilot.press("u")
        await pilot.pause()
        assert store.contacts.require(sam.id) == sam
        assert {i.id for i in store.interactions.list()} == {own[0].id, own[1].id, shared.id}
        assert store.interactions.require(shared.id).contact_ids == [sam.id, ana.id]
        assert names_shown(app) == ["Ana", "Sam Rivera"]
        assert "Sam Rivera is back, with 3 interactions." in messages(app)

        await pilot.press("u")
        await pilot.pause()
        assert "Nothing to undo in this session." in messages(app)


async def test_u_undoes_an_archive(store: Store, make_app: MakeApp) -> None:
    sam = store.contacts.add(Contact(name="Sam"))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4", "x")
        await pilot.pause()
        assert store.contacts.require(sam.id).archived
        await pilot.press("u")
        await pilot.pause()
        assert not store.contacts.require(sam.id).archived
        assert names_shown(app) == ["Sam"]
        assert "Sam is back in your list." in messages(app)


async def test_u_undoes_a_follow_up_done_on_home(store: Store, make_app: MakeApp) -> None:
    item = FollowUp(text="Ask how the interview went", due=TODAY)
    sam = store.contacts.add(Contact(name="Sam", follow_ups=[item]))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for _ in range(20):
            if app.focused is not None and app.focused.id == "reach-0":
                break
            await pilot.press("down")
        assert app.focused is not None and app.focused.id == "reach-0"
        await pilot.press("x")
        await pilot.pause()
        assert store.contacts.require(sam.id).follow_ups == []
        await pilot.press("u")
        await pilot.pause()
        assert store.contacts.require(sam.id).follow_ups == [item]
        assert "The follow-up 'Ask how the interview went' is back." in messages(app)
