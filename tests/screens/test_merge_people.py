"""m merges two people, by keys (issue 18): choose whom to merge into from a filtered
list, see what differs and choose which to keep, confirm; u brings both back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from textual.widgets import OptionList, Static

from kith.data.models import Birthday, Contact, Interaction, Link, Phone, RelationKind
from kith.data.store import Store
from kith.screens.contact_detail import ContactDetailScreen
from kith.screens.merge_people import MergePickScreen, MergePreviewScreen
from kith.screens.people import PeopleScreen
from kith.widgets.contact_table import ContactTable
from kith.widgets.strategy_rows import plain_text
from tests.screens.test_contact_pages import open_row

TODAY = date(2026, 11, 20)
MakeApp = Callable[..., Any]


def messages(app: Any) -> list[str]:
    return [str(note.message) for note in app._notifications]


def names_shown(app: Any) -> list[str]:
    table = app.screen.query_one(ContactTable)
    return [str(table.get_row_at(i)[0].plain) for i in range(table.row_count)]


def two_sams(store: Store) -> tuple[Contact, Contact, Contact]:
    ana = store.contacts.add(Contact(name="Ana"))
    sam = store.contacts.add(
        Contact(name="Sam", tags=["run"], phones=[Phone(number="555 0100")], notes="Likes tea")
    )
    rivera = store.contacts.add(
        Contact(
            name="Sam Rivera",
            tags=["work"],
            birthday=Birthday(month=3, day=14),
            links=[Link(kind=RelationKind.FRIEND, contact_id=ana.id)],
        )
    )
    ana = store.contacts.update(
        ana.model_copy(update={"links": [Link(kind=RelationKind.SIBLING, contact_id=sam.id)]})
    )
    store.interactions.add(Interaction(date=TODAY, contact_ids=[sam.id]))
    store.interactions.add(Interaction(date=TODAY, contact_ids=[sam.id, rivera.id]))
    store.interactions.add(Interaction(date=TODAY, contact_ids=[rivera.id]))
    return ana, sam, rivera


async def test_merge_from_people_then_undo(store: Store, make_app: MakeApp) -> None:
    ana, sam, rivera = two_sams(store)
    before = {c.id: c for c in store.contacts.list()}
    interactions_before = {i.id: i for i in store.interactions.list()}
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        assert isinstance(app.screen, PeopleScreen)
        assert names_shown(app) == ["Ana", "Sam", "Sam Rivera"]
        await pilot.press("j", "m")  # Sam
        await pilot.pause()
        pick = app.screen
        assert isinstance(pick, MergePickScreen)
        await pilot.press(*"riv")
        await pilot.pause()
        listing = pick.query_one(OptionList)
        assert [listing.get_option_at_index(i).id for i in range(listing.option_count)] == [
            rivera.id
        ]
        await pilot.press("enter")
        await pilot.pause()
        preview = app.screen
        assert isinstance(preview, MergePreviewScreen)
        rows = preview.query_one(OptionList)
        shown = [plain_text(rows.get_option_at_index(i).prompt) for i in range(rows.option_count)]
        assert shown[0] == "Name  ● Sam Rivera   ○ Sam"
        assert shown[1] == "Birthday  ● 14 March   ○ none"
        brought = str(preview.query_one("#merge-brought", Static).render())
        assert "2 interactions" in brought and "1 phone" in brought and "1 tag" in brought
        await pilot.press("enter")  # keep the name "Sam" instead
        await pilot.pause()
        assert plain_text(rows.get_option_at_index(0).prompt) == "Name  ○ Sam Rivera   ● Sam"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PeopleScreen)

        assert sam.id not in store.contacts
        kept = store.contacts.require(rivera.id)
        assert kept.name == "Sam"
        assert kept.birthday == Birthday(month=3, day=14)
        assert kept.tags == ["work", "run"]
        assert kept.phones == [Phone(number="555 0100")]
        assert kept.notes == "Likes tea"
        assert kept.links == [Link(kind=RelationKind.FRIEND, contact_id=ana.id)]
        assert store.contacts.require(ana.id).links == [
            Link(kind=RelationKind.SIBLING, contact_id=rivera.id)
        ]
        assert len(store.interactions) == 3
        assert all(i.contact_ids == [rivera.id] for i in store.interactions.list())
        assert names_shown(app) == ["Ana", "Sam"]
        assert "Sam and Sam Rivera are one person now: Sam. Press u to undo." in messages(app)

        await pilot.press("u")
        await pilot.pause()
        assert {c.id: c for c in store.contacts.list()} == before
        assert {i.id: i for i in store.interactions.list()} == interactions_before
        assert names_shown(app) == ["Ana", "Sam", "Sam Rivera"]
        assert "Sam and Sam Rivera are two people again." in messages(app)


async def test_merge_from_a_persons_page_and_cancel(store: Store, make_app: MakeApp) -> None:
    _, sam, rivera = two_sams(store)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        page = await open_row(pilot, 2)  # Sam Rivera's page
        assert page.contact_id == rivera.id
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MergePickScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is page and len(store.contacts) == 3
        await pilot.press("m")
        await pilot.pause()
        await pilot.press(*"sam", "enter")  # the one Sam left to choose
        await pilot.pause()
        preview = app.screen
        assert isinstance(preview, MergePreviewScreen) and preview.keep.id == sam.id
        await pilot.press("escape")  # not now
        await pilot.pause()
        assert app.screen is page and len(store.contacts) == 3
        await pilot.press("m")
        await pilot.pause()
        await pilot.press(*"sam", "enter")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        # This page's person is gone (merged into Sam): back to People.
        assert rivera.id not in store.contacts
        assert not isinstance(app.screen, ContactDetailScreen)
        assert store.contacts.require(sam.id).name == "Sam"


async def test_support_from_the_merge_picker_keeps_what_was_typed(
    store: Store, make_app: MakeApp
) -> None:
    two_sams(store)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4", "j", "m", *"ri")
        await pilot.pause()
        pick = app.screen
        assert isinstance(pick, MergePickScreen)
        await pilot.press("f2")
        await pilot.pause()
        assert app.screen is not pick
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is pick
        assert pick.query_one("#merge-filter").value == "ri"  # type: ignore[attr-defined]
        assert len(store.contacts) == 3


async def test_a_filter_that_finds_no_one_says_so(store: Store, make_app: MakeApp) -> None:
    two_sams(store)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4", "m", *"zed", "enter")
        await pilot.pause()
        pick = app.screen
        assert isinstance(pick, MergePickScreen)  # enter chose no one
        listing = pick.query_one(OptionList)
        assert listing.option_count == 1
        assert "No one else by that name" in plain_text(listing.get_option_at_index(0).prompt)
        assert len(store.contacts) == 3


async def test_notes_too_long_together_are_said_and_nothing_changes(
    store: Store, make_app: MakeApp
) -> None:
    store.contacts.add(Contact(name="Sam", notes="a" * 6000))
    store.contacts.add(Contact(name="Sam Rivera", notes="b" * 6000))
    before = {c.id: c for c in store.contacts.list()}
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4", "m", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PeopleScreen)
        assert any("cannot be merged as they are" in text for text in messages(app))
        assert {c.id: c for c in store.contacts.list()} == before
