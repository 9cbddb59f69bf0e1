"""People, by keys only: add, edit, filter, log, archive, delete; screen and store agree."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from kith.data.models import Birthday, Circle, Contact, Interaction, Mode, PlanItem, PlanState
from kith.data.store import Store
from kith.screens.confirm import ConfirmScreen
from kith.screens.contact_detail import ContactDetailScreen
from kith.screens.contact_form import ContactForm
from kith.screens.interaction_form import InteractionForm, WhichPersonScreen
from kith.screens.people import PeopleScreen
from kith.screens.people_actions import DeleteContactScreen
from kith.widgets.contact_table import ContactTable
from kith.widgets.people_profile import ContactProfile
from kith.widgets.people_timeline import TimelineTable

TODAY = date(2026, 11, 20)
MakeApp = Callable[..., Any]


async def open_people(pilot: Pilot[Any]) -> PeopleScreen:
    await pilot.press("4")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, PeopleScreen)
    return screen


def names_shown(screen: PeopleScreen) -> list[str]:
    table = screen.query_one(ContactTable)
    return [str(table.get_row_at(i)[0].plain) for i in range(table.row_count)]


def row_of(screen: PeopleScreen, contact_id: str) -> list[str]:
    table = screen.query_one(ContactTable)
    return [str(cell.plain) for cell in table.get_row(contact_id)]


async def type_text(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*[{" ": "space", ",": "comma"}.get(char, char) for char in text])


async def choose(pilot: Pilot[Any], downs: int) -> None:
    """Open the focused Select, move down ``downs`` times, choose."""
    await pilot.press("enter")
    await pilot.pause()
    for _ in range(downs):
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()


def field_error(screen: Any, name: str) -> str:
    return str(screen.query_one(f"#field-{name} .field-error", Static).render())


# -- adding ---------------------------------------------------------------------------
async def test_empty_list_explains_what_to_do(store: Store, make_app: MakeApp) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_people(pilot)
        empty = screen.query_one("#people-empty", Static)
        assert empty.display
        assert "Press n to add someone" in str(empty.render())
        assert not screen.query_one(ContactTable).display


async def test_add_a_person_by_keys(store: Store, make_app: MakeApp) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_people(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ContactForm)
        await type_text(pilot, "Sam Rivera")
        await pilot.press("tab")
        await choose(pilot, 2)  # from Friend, two down: Colleague, Neighbour
        await pilot.press("tab")
        await choose(pilot, 1)  # No rhythm -> Weekly
        await pilot.press("tab")  # the custom-days field is hidden: straight to birthday
        await type_text(pilot, "14 March 1990")
        await pilot.press("tab")
        await type_text(pilot, "climbing gym")
        await pilot.press("tab")
        await type_text(pilot, "climbing, old friends")
        await pilot.press("tab")
        await type_text(pilot, "Kids: Mila and Jonas")
        await pilot.press("ctrl+s")
        await pilot.pause()

        assert app.screen is screen
        [sam] = store.contacts.list()
        assert sam.name == "Sam Rivera"
        assert sam.rhythm_days == 7
        assert sam.birthday == Birthday(month=3, day=14, year=1990)
        assert sam.how_met == "climbing gym"
        assert sam.tags == ["climbing", "old friends"]
        assert sam.remember == ["Kids: Mila and Jonas"]
        assert names_shown(screen) == ["Sam Rivera"]
        # Never contacted: due one rhythm after being added (today).
        assert sam.circle is Circle.NEIGHBOUR
        assert row_of(screen, sam.id)[1:] == ["Neighbour", "never", "in 7 days", "0"]


async def test_custom_rhythm_and_errors_beside_fields(store: Store, make_app: MakeApp) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_people(pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ContactForm)
        await pilot.press("tab", "tab")
        await choose(pilot, 7)  # Every N days…
        assert form.query_one("#field-rhythm_n").display
        await pilot.press("tab")
        await type_text(pilot, "ten")
        await pilot.press("tab")
        await type_text(pilot, "30 feb")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form  # still open, nothing saved
        assert store.contacts.list() == []
        assert "whole number" in field_error(form, "rhythm_n")
        assert "There is no 30 February" in field_error(form, "birthday")
        assert "Name is needed" in field_error(form, "name")
        # What was typed is kept; fix it and save.
        assert form.query_one("#field-birthday Input", Input).value == "30 feb"
        form.query_one("#field-rhythm_n Input", Input).value = "10"
        form.query_one("#field-birthday Input", Input).value = "29 feb"
        form.query_one("#field-name Input", Input).value = "Ana"
        await pilot.press("ctrl+s")
        await pilot.pause()
        [ana] = store.contacts.list()
        assert ana.rhythm_days == 10
        assert ana.birthday == Birthday(month=2, day=29)


async def test_control_characters_are_refused_with_a_message(
    store: Store, make_app: MakeApp
) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_people(pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        form.query_one("#field-name Input", Input).value = "Bad\x1b[31mName"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "control character" in field_error(form, "name")
        assert store.contacts.list() == []


async def test_escape_on_a_typed_form_asks_first(store: Store, make_app: MakeApp) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_people(pilot)
        await pilot.press("n")
        await pilot.pause()
        await type_text(pilot, "Half typed")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep editing
        await pilot.pause()
        assert isinstance(app.screen, ContactForm)
        assert app.screen.query_one("#field-name Input", Input).value == "Half typed"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, PeopleScreen)
        assert store.contacts.list() == []


# -- editing ----------------------------------------------------------------------------
async def test_edit_the_highlighted_person(store: Store, make_app: MakeApp) -> None:
    ana = store.contacts.add(Contact(name="Ana"))
    bo = store.contacts.add(Contact(name="Bo", rhythm_days=30))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_people(pilot)
        await pilot.press("j")  # Bo
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ContactForm)
        assert form.query_one("#field-name Input", Input).value == "Bo"
        await pilot.press("end", "space")
        await type_text(pilot, "Okafor")
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = store.contacts.require(bo.id)
        assert saved.name == "Bo Okafor"
        assert saved.rhythm_days == 30  # untouched fields kept
        assert store.contacts.require(ana.id).name == "Ana"
        assert names_shown(screen) == ["Ana", "Bo Okafor"]
        assert screen.query_one(ContactTable).current_id == bo.id


# -- filtering and views -------------------------------------------------------------------
async def test_filter_as_you_type(demo_store: Store, make_app: MakeApp) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_people(pilot)
        everyone = names_shown(screen)
        assert len(everyone) == 11  # the archived demo person is hidden
        await pilot.press("slash")
        assert app.focused is screen.query_one("#people-filter", Input)
        await type_text(pilot, "fam")
        await pilot.pause()
        assert names_shown(screen) == ["Otto Sample", "Rosa Fictional"]  # circle
        await pilot.press("backspace", "backspace", "backspace")
        await type_text(pilot, "choir")
        await pilot.pause()
        assert names_shown(screen) == ["Lars Pretend"]  # a tag
        await pilot.press("enter")
        assert app.focused is screen.query_one(ContactTable)
        assert "choir" in str(screen.query_one("#people-status", Static).render())
        await type_text(pilot, "zzz")  # not typing any more: letters do nothing here
        await pilot.press("escape")
        await pilot.pause()
        assert names_shown(screen) == everyone
        assert not screen.query_one("#people-filter", Input).display
        await pilot.press("slash")
        await type_text(pilot, "nobody at all")
        await pilot.pause()
        assert names_shown(screen) == []
        assert "No one matches" in str(screen.query_one("#people-empty", Static).render())


async def test_filter_searches_notes(store: Store, make_app: MakeApp) -> None:
    store.contacts.add(Contact(name="Ana", notes="Loves sourdough"))
    store.contacts.add(Contact(name="Bo"))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_people(pilot)
        await pilot.press("slash")
        await type_text(pilot, "SOURDOUGH")
        await pilot.pause()
        assert names_shown(screen) == ["Ana"]


async def test_an_edited_interaction_note_is_what_the_filter_finds(
    store: Store, make_app: MakeApp
) -> None:
    """People keeps each person's search text and redoes it only for those whose noted
    interactions changed: an edited note is found by its new words, not its old ones."""
    sam = store.contacts.add(Contact(name="Sam"))
    store.contacts.add(Contact(name="Bo"))
    item = store.interactions.add(Interaction(date=TODAY, contact_ids=[sam.id], notes="Tea"))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_people(pilot)
        await pilot.press("slash")
        await type_text(pilot, "river")
        await pilot.pause()
        assert names_shown(screen) == []
        store.interactions.update(item.model_copy(update={"notes": "A walk by the river"}))
        await pilot.press("backspace")
        await type_text(pilot, "r")
        await pilot.pause()
        assert names_shown(screen) == ["Sam"]
        store.interactions.update(item.model_copy(update={"notes": "Tea again"}))
        await pilot.press("backspace", "backspace", "backspace", "backspace", "backspace")
        await type_text(pilot, "tea")
        await pilot.pause()
        assert names_shown(screen) == ["Sam"]
        await pilot.press("backspace", "backspace", "backspace")
        await type_text(pilot, "river")
        await pilot.pause()
        assert names_shown(screen) == []


async def test_a_shorter_filter_brings_people_back(store: Store, make_app: MakeApp) -> None:
    """The filter narrows its last result while the query grows; when the query gets
    shorter, the people it had left out come back."""
    for name in ("Zoe", "Zed", "Zara"):
        store.contacts.add(Contact(name=name))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_people(pilot)
        await pilot.press("slash")
        await type_text(pilot, "zo")
        await pilot.pause()
        assert names_shown(screen) == ["Zoe"]
        await pilot.press("backspace")
        await pilot.pause()
        assert screen.query_one("#people-filter", Input).value == "z"
        assert names_shown(screen) == ["Zara", "Zed", "Zoe"]
        await type_text(pilot, "e")
        await pilot.pause()
        assert names_shown(screen) == ["Zed"]
        await pilot.press("backspace", "backspace")
        await type_text(pilot, "ar")
        await pilot.pause()
        assert names_shown(screen) == ["Zara"]


async def test_reach_out_view_most_overdue_first(demo_store: Store, make_app: MakeApp) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_people(pilot)
        await pilot.press("r")
        await pilot.pause()
        assert screen.reach_out_view
        table = screen.query_one(ContactTable)
        rows = [[str(c.plain) for c in table.get_row_at(i)] for i in range(table.row_count)]
        # Only people with a rhythm; the overdue first, the most overdue on top.
        assert all(row[3] != "—" for row in rows)
        overdue = [screen.summaries[cid].days_overdue for cid in table.row_ids()]
        assert overdue == sorted(overdue, reverse=True)
        assert overdue[0] > 0
        assert rows[0][3].startswith("hoped: every")
        due_now = sum(1 for cid in table.row_ids() if screen.summaries[cid].next_due <= TODAY)
        assert f"{due_now} due now" in str(screen.query_one("#people-status", Static).render())
        await pilot.press("escape")  # back to everyone
        await pilot.pause()
        assert not screen.reach_out_view
        assert len(names_shown(screen)) == 11


async def test_sort_by_any_column(demo_store: Store, make_app: MakeApp) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_people(pilot)
        table = screen.query_one(ContactTable)
        names = names_shown(screen)
        assert names == sorted(names, key=str.casefold)
        await pilot.press("s")  # circle
        await pilot.press("s")  # last contact
        await pilot.pause()
        last = [screen.summaries[cid].last_contact or date.min for cid in table.row_ids()]
        assert last == sorted(last, reverse=True)  # most recent first ("never" last)
        await pilot.press("s", "s")  # keep in touch, then times
        await pilot.pause()
        counts = [screen.summaries[cid].interaction_count for cid in table.row_ids()]
        assert counts == sorted(counts, reverse=True)
        await pilot.press("S")  # reversed
        await pilot.pause()
        counts = [screen.summaries[cid].interaction_count for cid in table.row_ids()]
        assert counts == sorted(counts)
        assert "by times ↓" in str(screen.query_one("#people-status", Static).render())


# -- logging ---------------------------------------------------------------------------------
async def test_log_with_the_highlighted_person(store: Store, make_app: MakeApp) -> None:
    sam = store.contacts.add(Contact(name="Sam", rhythm_days=7))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_people(pilot)
        assert row_of(screen, sam.id)[2:4] == ["never", "in 7 days"]
        await pilot.press("l")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, InteractionForm)
        assert form.query_one("#field-who Input", Input).value == "Sam"
        # Sam is filled in, so the form starts on "How": a letter picks the mode.
        await pilot.press("c")  # In person -> Call
        await pilot.press("tab")
        await type_text(pilot, "10 days ago")
        await pilot.press("tab")  # the time of day, optional: left empty
        await pilot.press("tab")
        await pilot.press("4")  # felt: "4 · Good"
        await pilot.press("tab")
        await choose(pilot, 2)  # who reached out: They did
        await pilot.press("tab")
        await type_text(pilot, "1h30")
        await pilot.press("tab")
        await type_text(pilot, "Talked about the move")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        [logged] = store.interactions.list()
        assert logged.contact_ids == [sam.id]
        assert logged.date == TODAY - timedelta(days=10)
        assert logged.mode is Mode.CALL
        assert logged.felt == 4
        assert logged.initiated_by == "them"
        assert logged.duration_minutes == 90
        assert logged.notes == "Talked about the move"
        # The clock restarted from the last contact: 10 days ago, hoped for every week.
        assert row_of(screen, sam.id)[2:] == ["10 days ago", "hoped: every week", "1"]


async def test_log_refuses_future_and_impossible_dates(store: Store, make_app: MakeApp) -> None:
    store.contacts.add(Contact(name="Sam"))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_people(pilot)
        await pilot.press("l")
        await pilot.pause()
        form = app.screen
        when = form.query_one("#field-when Input", Input)
        when.value = "2026-02-30"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "There is no 30 February in 2026" in field_error(form, "when")
        when.value = "tomorrow"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "future" in field_error(form, "when")
        assert store.interactions.list() == []
        when.value = "mon"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [i.date for i in store.interactions.list()] == [date(2026, 11, 16)]


async def test_log_with_several_people_and_unknown_names(store: Store, make_app: MakeApp) -> None:
    ana = store.contacts.add(Contact(name="Ana Lopez"))
    bo = store.contacts.add(Contact(name="Bo"))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_people(pilot)
        screen.action_log_interaction()  # what Home and the palette call: empty "with"
        await pilot.pause()
        form = app.screen
        who = form.query_one("#field-who Input", Input)
        assert who.value == ""
        await type_text(pilot, "ana, Zed")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "No one called “Zed”" in field_error(form, "who")
        who.value = "ana, bo"
        await pilot.press("ctrl+s")
        await pilot.pause()
        [logged] = store.interactions.list()
        assert logged.contact_ids == [ana.id, bo.id]
        assert row_of(screen, ana.id)[2] == "today"
        assert row_of(screen, bo.id)[2] == "today"


async def test_duplicate_names_ask_which_one(store: Store, make_app: MakeApp) -> None:
    store.contacts.add(Contact(name="Sam", how_met="work", circle=Circle.COLLEAGUE))
    climbing_sam = store.contacts.add(Contact(name="Sam", how_met="climbing gym"))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_people(pilot)
        screen.action_log_interaction()
        await pilot.pause()
        await type_text(pilot, "sam")
        await pilot.press("ctrl+s")
        await pilot.pause()
        which = app.screen
        assert isinstance(which, WhichPersonScreen)
        assert str(which.query_one(".title", Static).render()) == "Which sam?"
        options = which.query_one(OptionList)
        assert options.option_count == 2
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(2)]
        assert any("climbing gym" in p for p in prompts)
        index = next(i for i, p in enumerate(prompts) if "climbing gym" in p)
        for _ in range(index):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PeopleScreen)
        [logged] = store.interactions.list()
        assert logged.contact_ids == [climbing_sam.id]


async def test_logging_offers_to_tick_off_a_planned_action(store: Store, make_app: MakeApp) -> None:
    sam = store.contacts.add(Contact(name="Sam"))
    monday = date(2026, 11, 16)
    planned = store.plan.add(PlanItem(week_start=monday, text="Call Sam", contact_id=sam.id))
    other = store.plan.add(PlanItem(week_start=monday, text="Join a class"))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_people(pilot)
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        assert "Call Sam" in str(confirm.query_one("#question", Static).render())
        await pilot.press("y")
        await pilot.pause()
        done = store.plan.require(planned.id)
        assert done.state is PlanState.DONE
        assert done.done_at is not None
        assert store.plan.require(other.id).state is PlanState.PLANNED


async def test_no_plan_question_without_a_matching_action(store: Store, make_app: MakeApp) -> None:
    sam = store.contacts.add(Contact(name="Sam"))
    last_week = date(2026, 11, 9)
    store.plan.add(PlanItem(week_start=last_week, text="Call Sam", contact_id=sam.id))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_people(pilot)
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert len(store.interactions.list()) == 1


# -- archiving and deleting ----------------------------------------------------------------------
async def test_archive_and_show_archived(store: Store, make_app: MakeApp) -> None:
    store.contacts.add(Contact(name="Ana"))
    bo = store.contacts.add(Contact(name="Bo", rhythm_days=7))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_people(pilot)
        await pilot.press("j", "x")
        await pilot.pause()
        assert store.contacts.require(bo.id).archived
        assert names_shown(screen) == ["Ana"]
        await pilot.press("a")
        await pilot.pause()
        assert names_shown(screen) == ["Ana", "Bo"]
        assert row_of(screen, bo.id)[3] == "archived"
        await pilot.press("j", "x")  # bring back
        await pilot.pause()
        assert not store.contacts.require(bo.id).archived


async def test_archive_from_the_edit_form(store: Store, make_app: MakeApp) -> None:
    bo = store.contacts.add(Contact(name="Bo"))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_people(pilot)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        form.query_one("#field-archived").query_one("Checkbox").focus()
        await pilot.press("space", "ctrl+s")
        await pilot.pause()
        assert store.contacts.require(bo.id).archived
        assert names_shown(screen) == []
        assert "archived" in str(screen.query_one("#people-empty", Static).render())


async def test_delete_keeping_interactions(store: Store, make_app: MakeApp) -> None:
    sam = store.contacts.add(Contact(name="Sam"))
    ana = store.contacts.add(Contact(name="Ana"))
    own = store.interactions.add(Interaction(date=TODAY, contact_ids=[sam.id]))
    shared = store.interactions.add(Interaction(date=TODAY, contact_ids=[sam.id, ana.id]))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_people(pilot)
        await pilot.press("j", "d")  # Sam
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, DeleteContactScreen)
        detail = str(dialog.query_one("#detail", Static).render())
        assert "1 interaction with only them" in detail
        assert "1 interaction shared" in detail
        await pilot.press("k")
        await pilot.pause()
        assert sam.id not in store.contacts
        assert store.interactions.require(own.id).contact_ids == [sam.id]
        assert store.interactions.require(shared.id).contact_ids == [ana.id]
        assert names_shown(screen) == ["Ana"]


async def test_delete_with_interactions(store: Store, make_app: MakeApp) -> None:
    sam = store.contacts.add(Contact(name="Sam"))
    store.interactions.add(Interaction(date=TODAY, contact_ids=[sam.id]))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_people(pilot)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("escape")  # cancel keeps everything
        await pilot.pause()
        assert sam.id in store.contacts
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert store.contacts.list() == []
        assert store.interactions.list() == []
        assert names_shown(screen) == []


async def test_delete_someone_never_contacted_is_a_plain_confirm(
    store: Store, make_app: MakeApp
) -> None:
    store.contacts.add(Contact(name="Sam"))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_people(pilot)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert store.contacts.list() == []


# -- a person's page ----------------------------------------------------------------------------
async def test_open_a_timeline_and_log_from_it(demo_store: Store, make_app: MakeApp) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_people(pilot)
        await pilot.press("slash")
        await type_text(pilot, "otto")
        await pilot.press("enter", "enter")
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, ContactDetailScreen)
        otto = demo_store.contacts.require(detail.contact_id)
        assert otto.name == "Otto Sample"
        profile = str(detail.query_one(ContactProfile).render())
        assert "Kids: Mila (6) and Jonas (3)" in profile  # things to remember
        assert "in the last 30 days" in profile
        title = str(detail.query_one("#timeline-title", Static).render())
        assert "30 days:" in title and "in person:" not in title  # no percentage
        assert "Some of it in person; calls, video and messages count too." in profile
        assert "You reached out" not in profile
        table = detail.query_one(TimelineTable)
        mine = [i for i in demo_store.interactions.list() if otto.id in i.contact_ids]
        assert table.row_count == len(mine)
        dates = [demo_store.interactions.require(i).date for i in table.row_ids()]
        assert dates == sorted(dates, reverse=True)  # newest first

        await pilot.press("l")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, InteractionForm)
        assert form.query_one("#field-who Input", Input).value == "Otto Sample"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is detail
        assert table.row_count == len(mine) + 1
        assert str(table.get_row_at(0)[0].plain) == "Today"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert row_of(screen, otto.id)[2] == "today"


async def test_edit_and_delete_an_interaction_from_the_timeline(
    store: Store, make_app: MakeApp
) -> None:
    sam = store.contacts.add(Contact(name="Sam"))
    item = store.interactions.add(Interaction(date=TODAY, contact_ids=[sam.id], notes="Tea"))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_people(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")  # the timeline row: change it
        await pilot.pause()
        form = app.screen
        assert isinstance(form, InteractionForm)
        form.query_one("#field-when Input", Input).value = "yesterday"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert store.interactions.require(item.id).date == TODAY - timedelta(days=1)
        assert store.interactions.require(item.id).notes == "Tea"
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert store.interactions.list() == []
        assert "Nothing logged with Sam yet" in str(
            app.screen.query_one("#timeline-empty").render()
        )


async def test_delete_from_the_detail_goes_back_to_the_list(
    store: Store, make_app: MakeApp
) -> None:
    store.contacts.add(Contact(name="Sam"))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_people(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is screen
        assert store.contacts.list() == []


# -- from elsewhere in the app -------------------------------------------------------------------
async def test_app_actions_open_the_forms_from_home(demo_store: Store, make_app: MakeApp) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.action_new_contact()
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ContactForm)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        app.action_log_interaction()
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, InteractionForm)
        assert app.screen.query_one("#field-who Input", Input).value == ""


# -- hostile names ---------------------------------------------------------------------------------
HOSTILE = [
    "[@click=app.quit]Bob[/]",
    "Ann [/bold] [b]",
    "Zoë 👩‍👩‍👧 Family",
    "山田 太郎さん",
    "مريم العربية",
    "L" * 200,
]


async def test_hostile_names_render_verbatim(store: Store, make_app: MakeApp) -> None:
    added = [store.contacts.add(Contact(name=name, rhythm_days=7)) for name in HOSTILE]
    for contact in added:
        store.interactions.add(
            Interaction(date=TODAY, contact_ids=[contact.id], notes=contact.name)
        )
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_people(pilot)
        assert sorted(names_shown(screen)) == sorted(HOSTILE)
        table = screen.query_one(ContactTable)
        # The name column never pushes the others off: everything fits the width.
        assert table.virtual_size.width <= table.size.width
        for contact in added:
            assert row_of(screen, contact.id)[1:] == ["Friend", "today", "in 7 days", "1"]
        await pilot.press("slash")
        await type_text(pilot, "[b]")
        await pilot.pause()
        assert names_shown(screen) == ["Ann [/bold] [b]"]
        await pilot.press("enter", "enter")
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, ContactDetailScreen)
        assert str(detail.query_one(ContactProfile).render()).startswith("Ann [/bold] [b]")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running  # the [@click=app.quit] name did nothing


async def test_a_page_whose_person_is_deleted_elsewhere_goes_back(
    store: Store, make_app: MakeApp
) -> None:
    sam = store.contacts.add(Contact(name="Sam"))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_people(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ContactDetailScreen)
        store.delete_contact(sam.id, keep_interactions=True)  # e.g. from the command line
        await pilot.pause()
        await pilot.pause()
        assert app.screen is screen
        assert names_shown(screen) == []


# -- quit and reopen ------------------------------------------------------------------------------
async def test_everything_is_there_after_a_restart(
    store: Store, make_app: MakeApp, clock: Any
) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_people(pilot)
        await pilot.press("n")
        await pilot.pause()
        await type_text(pilot, "Maya")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("tab")
        await type_text(pilot, "yesterday")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    store.close()

    reopened = Store.open(store.data_dir, clock=clock)
    try:
        [maya] = reopened.contacts.list()
        assert maya.name == "Maya"
        [logged] = reopened.interactions.list()
        assert logged.contact_ids == [maya.id]
        assert logged.date == TODAY - timedelta(days=1)
        again = make_app(reopened)
        async with again.run_test(size=(80, 24)) as pilot:
            screen = await open_people(pilot)
            assert row_of(screen, maya.id)[:3] == ["Maya", "Friend", "yesterday"]
    finally:
        reopened.close()
