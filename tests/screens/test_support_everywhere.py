"""Support is one key away, everywhere (issue 14): ``f2`` opens the helplines from
every form and dialog, ``!`` wherever it is not typed into a text field; the form
underneath keeps what was typed, focus comes back to where it was, and the form
still saves."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from textual.widgets import Input, Static, TextArea

from kith.app.app import KithApp
from kith.data.models import Contact, PlanItem, SupportEntry, SupportKind
from kith.data.store import Store
from kith.screens.checkin import RhythmForm
from kith.screens.checkin_take import CheckinTakeScreen
from kith.screens.confirm import ConfirmScreen
from kith.screens.contact_form import ContactForm
from kith.screens.form import FormScreen
from kith.screens.interaction_form import InteractionForm
from kith.screens.plan_form import PlanItemForm
from kith.screens.plan_reflection import ReflectionForm
from kith.screens.support import SupportScreen
from kith.screens.support_form import SupportEntryForm
from kith.widgets.crisis import CrisisPanel

MakeApp = Callable[..., KithApp]


def text_of(screen: Any) -> str:
    return "\n".join(str(widget.render()) for widget in screen.query(Static))


async def support_round_trip(pilot: Any, key: str = "f2") -> None:
    """Press ``key``, see the helplines, close them; the screen underneath is back
    with the same widget focused."""
    app = pilot.app
    before, focused = app.screen, app.focused
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(app.screen, SupportScreen)
    assert "Talk to someone now" in str(app.screen.query_one(CrisisPanel).render())
    await pilot.press("escape")
    await pilot.pause()
    assert app.screen is before
    assert app.focused is focused


async def test_contact_form(store: Store, make_app: MakeApp) -> None:
    async with make_app(store).run_test(size=(80, 24)) as pilot:
        await pilot.press("4", "n")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, ContactForm)
        await pilot.press(*"Ana! Lee")  # "!" is typed, not a support key
        assert isinstance(pilot.app.screen, ContactForm)
        await support_round_trip(pilot)
        assert form.query_one("#field-name Input", Input).value == "Ana! Lee"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [c.name for c in store.contacts.list()] == ["Ana! Lee"]


async def test_log_form(store: Store, make_app: MakeApp) -> None:
    store.contacts.add(Contact(name="Sam Rivera"))
    async with make_app(store).run_test(size=(80, 24)) as pilot:
        await pilot.press("l")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, InteractionForm)
        await pilot.press(*"Sam Rivera")
        form.query_one(TextArea).focus()
        await pilot.pause()
        await pilot.press(*"A hard talk!")
        await support_round_trip(pilot)
        assert form.query_one(TextArea).text == "A hard talk!"
        await pilot.press("ctrl+s")
        await pilot.pause()
        [saved] = store.interactions.list()
        assert saved.notes == "A hard talk!"


async def test_rhythm_form(store: Store, make_app: MakeApp) -> None:
    async with make_app(store).run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "r")
        await pilot.pause()
        assert isinstance(pilot.app.screen, RhythmForm)
        await pilot.press("enter", "down", "enter")  # every 2 weeks
        await support_round_trip(pilot, "exclamation_mark")  # a Select: "!" is not typed
        await support_round_trip(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert store.settings.get().checkin_rhythm_days == 14


async def test_plan_form(store: Store, make_app: MakeApp) -> None:
    async with make_app(store).run_test(size=(80, 24)) as pilot:
        await pilot.press("3", "w", "n")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, PlanItemForm)
        await pilot.press(*"Call my sister!")
        await support_round_trip(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [item.text for item in store.plan.list()] == ["Call my sister!"]


async def test_reflection_form(store: Store, make_app: MakeApp) -> None:
    # The week of the fixed clock (Friday 20 Nov 2026) starts on Monday 16 Nov.
    store.plan.add(PlanItem(week_start=date(2026, 11, 16), text="Ask a question"))
    async with make_app(store).run_test(size=(80, 24)) as pilot:
        await pilot.press("3", "w", "space")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, ReflectionForm)
        await pilot.press("4")
        await pilot.press(*"It went better than I feared!")
        await support_round_trip(pilot)
        assert form.query_one(TextArea).text == "It went better than I feared!"
        await pilot.press("ctrl+s")
        await pilot.pause()
        [item] = store.plan.list()
        assert item.felt == 4
        assert item.reflection == "It went better than I feared!"


async def test_support_entry_form(store: Store, make_app: MakeApp) -> None:
    async with make_app(store).run_test(size=(80, 24)) as pilot:
        await pilot.press("exclamation_mark", "n")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, SupportEntryForm)
        form.query_one("#field-name Input", Input).focus()
        await pilot.press(*"My sister Ana")
        # Support is already open underneath: f2 opens a fresh copy over the form.
        await support_round_trip(pilot)
        assert form.query_one("#field-name Input", Input).value == "My sister Ana"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [e.name for e in store.support.list()] == ["My sister Ana"]


async def test_checkin_note(store: Store, make_app: MakeApp) -> None:
    async with make_app(store).run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "c")
        await pilot.pause()
        assert isinstance(pilot.app.screen, CheckinTakeScreen)
        await support_round_trip(pilot, "exclamation_mark")  # on a question: not typing
        await pilot.press("1", "1", "1", "1")
        await pilot.pause()
        await pilot.press(*"Tired!")
        await support_round_trip(pilot)
        await pilot.press("enter")
        await pilot.pause()
        [saved] = store.checkins.list()
        assert saved.note == "Tired!"


async def test_confirm_dialog_and_form_under_it(store: Store, make_app: MakeApp) -> None:
    async with make_app(store).run_test(size=(80, 24)) as pilot:
        await pilot.press("4", "n", *"Robin")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await support_round_trip(pilot, "exclamation_mark")
        await support_round_trip(pilot)
        await pilot.press("n")  # keep editing
        await pilot.pause()
        assert isinstance(pilot.app.screen, ContactForm)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [c.name for c in store.contacts.list()] == ["Robin"]


async def test_welcome(store: Store, make_app: MakeApp) -> None:
    async with make_app(store, show_welcome=True).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await support_round_trip(pilot)
        await support_round_trip(pilot, "exclamation_mark")


async def test_recovery_screen() -> None:
    from kith.app.recovery import RecoveryApp
    from kith.data.errors import StoreError
    from kith.screens.recovery import RecoveryScreen

    app = RecoveryApp(StoreError("The file is damaged."), None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, RecoveryScreen)
        assert "f2" in text_of(app.screen)
        await support_round_trip(pilot)
        await support_round_trip(pilot, "exclamation_mark")


async def test_every_form_says_f2_support(store: Store, make_app: MakeApp) -> None:
    async with make_app(store).run_test(size=(80, 24)) as pilot:
        await pilot.press("4", "n")
        await pilot.pause()
        assert isinstance(pilot.app.screen, FormScreen)
        assert "f2 support" in text_of(pilot.app.screen)


async def test_support_entry_kind_kept(store: Store, make_app: MakeApp) -> None:
    store.support.add(SupportEntry(kind=SupportKind.PERSON, name="Ana", reach="555"))
    async with make_app(store).run_test(size=(80, 24)) as pilot:
        await pilot.press("f2", "e")
        await pilot.pause()
        assert isinstance(pilot.app.screen, SupportEntryForm)
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(pilot.app.screen, SupportScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, SupportEntryForm)
