"""Looking again at a hard moment by keys: every step, the evidence lines from the
person's own log, saving, finding it again; the offer after a hard log; the
hard-stretch offer in Strategies and its "not now"."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from textual.pilot import Pilot
from textual.widgets import ContentSwitcher, Input, OptionList, Select, Static

from kith.data.models import Contact, Interaction
from kith.data.rethink import NOT_NOW_DAYS
from kith.data.store import Store
from kith.screens.confirm import ConfirmScreen
from kith.screens.interaction_form import InteractionForm
from kith.screens.rethink import RethinkScreen
from kith.screens.rethink_list import RethinkListScreen
from kith.screens.safety_plan import SafetyPlanScreen
from kith.screens.strategies import StrategiesScreen
from kith.widgets.stretch_notice import StretchNotice
from tests.conftest import FIXED_NOW

MakeApp = Callable[..., Any]
TODAY = FIXED_NOW.date()


async def type_text(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*[{" ": "space", ",": "comma"}.get(char, char) for char in text])


def step_of(screen: RethinkScreen) -> str:
    return str(screen.query_one(ContentSwitcher).current)


def with_sam(store: Store) -> Contact:
    sam = store.contacts.add(Contact(name="Sam"))
    for days, felt, by in ((60, 4, "them"), (40, 5, "them"), (20, 4, "me")):
        store.interactions.add(
            Interaction(
                date=TODAY - timedelta(days=days), contact_ids=[sam.id], felt=felt, initiated_by=by
            )
        )
    return sam


async def strategies(pilot: Pilot[Any]) -> StrategiesScreen:
    await pilot.press("3")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, StrategiesScreen)
    return screen


async def test_every_step_by_keys_with_kiths_evidence(store: Store, make_app: MakeApp) -> None:
    sam = with_sam(store)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await strategies(pilot)
        await pilot.press("r")
        assert isinstance(app.screen, RethinkListScreen)
        await pilot.press("n")
        wizard = app.screen
        assert isinstance(wizard, RethinkScreen)
        assert step_of(wizard) == "step-situation"
        await pilot.press("enter")  # nothing typed: it asks for a few words first
        assert step_of(wizard) == "step-situation"
        await type_text(pilot, "No reply from Sam")
        wizard.query_one("#in-contact", Select).value = sam.id  # the person, by its list
        await pilot.press("enter")
        assert step_of(wizard) == "step-thought"
        await type_text(pilot, "they must be annoyed")
        await pilot.press("enter")
        assert step_of(wizard) == "step-traps"
        await pilot.press("space", "enter")  # mind reading, the first trap
        assert step_of(wizard) == "step-feeling"
        await type_text(pilot, "worried")
        await pilot.press("enter")
        await type_text(pilot, "170")
        await pilot.press("enter")  # not 0-100: it stays and says so
        assert step_of(wizard) == "step-feeling"
        assert "0 to 100" in str(wizard.query_one("#step-feeling .step-error", Static).render())
        await pilot.press("backspace", "backspace", "backspace", "7", "0", "enter")
        assert step_of(wizard) == "step-supports"
        await type_text(pilot, "they reply fast usually")
        await pilot.press("enter")
        assert step_of(wizard) == "step-against"
        evidence = str(wizard.query_one("#evidence", Static).render())
        assert "Sam reached out to you twice in the past year." in evidence
        assert "Your last 3 times together felt good or lovely." in evidence
        await type_text(pilot, "busy week")
        await pilot.press("pageup")  # back one step, nothing lost
        assert step_of(wizard) == "step-supports"
        assert wizard.query_one("#in-supports", Input).value == "they reply fast usually"
        await pilot.press("pagedown", "enter")
        assert step_of(wizard) == "step-balanced"
        await type_text(pilot, "they are busy")
        await pilot.press("enter")
        assert step_of(wizard) == "step-after"
        await type_text(pilot, "40")
        await pilot.press("enter")  # the last step: saves
        await pilot.pause()
        assert isinstance(app.screen, RethinkListScreen)
        [record] = store.thought_records.list()
        assert record.situation == "No reply from Sam"
        assert record.thought == "they must be annoyed"
        assert record.traps == ["mind_reading"]
        assert record.feeling == "worried"
        assert (record.strength_before, record.strength_after) == (70, 40)
        assert (record.supports, record.against) == ("they reply fast usually", "busy week")
        assert record.balanced == "they are busy"
        assert record.contact_id == sam.id and record.date == TODAY
        # Listed, and found again by a word.
        records = app.screen.query_one("#records", OptionList)
        assert records.option_count == 1
        assert "Sam: No reply from Sam" in str(records.get_option_at_index(0).prompt)
        detail = str(app.screen.query_one("#record-detail", Static).render())
        assert "Mind reading" in detail and "worried: 70 before, 40 after" in detail
        await pilot.press("slash")
        await type_text(pilot, "nothing like it")
        assert not records.display
        await pilot.press("escape")
        assert records.option_count == 1 and records.display
        await pilot.press("slash")
        await type_text(pilot, "busy")
        await pilot.press("enter")
        assert records.option_count == 1


async def test_save_from_any_step_and_cancel_asks(store: Store, make_app: MakeApp) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await strategies(pilot)
        await pilot.press("r", "n")
        wizard = app.screen
        assert isinstance(wizard, RethinkScreen)
        await pilot.press("ctrl+s")  # nothing yet: stays, asks for what happened
        assert app.screen is wizard and store.thought_records.list() == []
        await type_text(pilot, "The party")
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep writing
        assert app.screen is wizard
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [r.situation for r in store.thought_records.list()] == ["The party"]
        # Opened again (enter), changed, saved; then removed (d, y).
        await pilot.press("enter")
        assert isinstance(app.screen, RethinkScreen)
        await pilot.press("end", *" at work", "ctrl+s")
        await pilot.pause()
        assert [r.situation for r in store.thought_records.list()] == ["The party at work"]
        await pilot.press("d", "y")
        await pilot.pause()
        assert store.thought_records.list() == []


async def test_offered_after_logging_a_hard_time_never_pushed(
    store: Store, make_app: MakeApp
) -> None:
    sam = with_sam(store)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        for answer in ("n", "y"):
            before = {i.id for i in store.interactions.list()}
            await pilot.press("4", "l")
            await pilot.pause()
            form = app.screen
            assert isinstance(form, InteractionForm)
            form.query_one("#field-felt Select", Select).value = 1
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmScreen)  # an offer, one key away
            await pilot.press(answer)
            await pilot.pause()
        wizard = app.screen
        assert isinstance(wizard, RethinkScreen)
        assert wizard.query_one("#in-contact", Select).value == sam.id
        [logged] = [i for i in store.interactions.list() if i.id not in before]
        assert logged.felt == 1 and wizard.interaction_id == logged.id
        # A time that felt good is not followed by the offer.
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        app.screen.query_one("#field-felt Select", Select).value = 5
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, (ConfirmScreen, RethinkScreen))


async def test_hard_stretch_offered_once_with_its_reason_and_not_now(
    store: Store, make_app: MakeApp
) -> None:
    sam = with_sam(store)
    for days in (9, 6, 3):
        store.interactions.add(
            Interaction(date=TODAY - timedelta(days=days), contact_ids=[sam.id], felt=2)
        )
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await strategies(pilot)
        notice = screen.query_one(StretchNotice)
        assert notice.display
        assert "3 of your last 4 times with Sam felt hard or not great." in str(notice.render())
        await pilot.press("h")  # not now: one key
        await pilot.pause()
        assert not notice.display
        assert store.settings.get().rethink_not_now == {
            sam.id: TODAY + timedelta(days=NOT_NOW_DAYS)
        }
        await pilot.press("a")  # nothing offered now: a does nothing
        assert app.screen is screen
        await pilot.press("1", "3")
        assert not screen.query_one(StretchNotice).display  # remembered


async def test_look_again_from_the_stretch_and_the_safety_plan_key(
    store: Store, make_app: MakeApp
) -> None:
    sam = store.contacts.add(Contact(name="Sam"))
    for days in (9, 6, 3):
        store.interactions.add(
            Interaction(date=TODAY - timedelta(days=days), contact_ids=[sam.id], felt=1)
        )
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await strategies(pilot)
        await pilot.press("a")
        wizard = app.screen
        assert isinstance(wizard, RethinkScreen)
        assert wizard.query_one("#in-contact", Select).value == sam.id
        await type_text(pilot, "The call")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert not screen.query_one(StretchNotice).display  # looked at: not offered again
        await pilot.press("s")
        assert isinstance(app.screen, SafetyPlanScreen)


async def test_palette_and_help_name_both(store: Store, make_app: MakeApp) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "My safety plan" in titles and "Look again at a hard moment" in titles
        await app.run_action("safety_plan")
        await pilot.pause()
        assert isinstance(app.screen, SafetyPlanScreen)
        await pilot.press("escape")
        await app.run_action("rethink")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, RethinkListScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StrategiesScreen)
        keys = dict((description, key) for key, description in app.screen_keys())
        assert "My safety plan" in keys and "Look again at a hard moment" in keys


async def test_hostile_names_show_verbatim_everywhere_new(store: Store, make_app: MakeApp) -> None:
    name = "[@click=app.quit]Bob[/]"
    bob = store.contacts.add(Contact(name=name))
    for days in (9, 6, 3):
        store.interactions.add(
            Interaction(
                date=TODAY - timedelta(days=days),
                contact_ids=[bob.id],
                felt=1,
                initiated_by="them",
            )
        )
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await strategies(pilot)
        assert name in str(screen.query_one(StretchNotice).render())
        await pilot.press("a")
        wizard = app.screen
        assert isinstance(wizard, RethinkScreen)
        await type_text(pilot, "[b]x")
        wizard.show_step(5)  # what does not fit
        await pilot.pause()
        assert f"{name} reached out to you 3 times" in str(
            wizard.query_one("#evidence", Static).render()
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        records = app.screen.query_one("#records", OptionList)
        assert f"{name}: [b]x" in str(records.get_option_at_index(0).prompt)
        await pilot.press("escape", "s", "j", "j", "j", "p")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.is_running  # nothing was run as an action
        assert [line.text for line in store.safety_plan.get().ask_for_help] == [name]
