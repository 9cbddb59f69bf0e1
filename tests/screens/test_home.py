"""Home by keys: every item opens what it stands for; first steps on an empty store."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from kith.data.models import Birthday, CheckIn, Contact, Interaction, Mode, PlanItem, PlanState
from kith.data.store import Store
from kith.screens.checkin import CheckinScreen
from kith.screens.checkin_take import CheckinTakeScreen
from kith.screens.contact_detail import ContactDetailScreen
from kith.screens.contact_form import ContactForm
from kith.screens.home import HomeScreen
from kith.screens.interaction_form import InteractionForm
from kith.screens.strategies import StrategiesScreen
from kith.widgets.home_item import HomeItem

TODAY = date(2026, 11, 20)  # Friday; the week starts Monday 16 November
MONDAY = date(2026, 11, 16)
MakeApp = Callable[..., Any]


def home_of(pilot: Pilot[Any]) -> HomeScreen:
    screen = pilot.app.screen
    assert isinstance(screen, HomeScreen)
    return screen


def focused_id(pilot: Pilot[Any]) -> str | None:
    focused = pilot.app.focused
    return focused.id if focused is not None else None


def item_text(screen: HomeScreen, item_id: str) -> str:
    return screen.query_one(f"#{item_id}", HomeItem).render().plain


async def go_to(pilot: Pilot[Any], item_id: str, limit: int = 20) -> None:
    """Press down until ``item_id`` has focus (as a user would)."""
    for _ in range(limit):
        if focused_id(pilot) == item_id:
            return
        await pilot.press("down")
        await pilot.pause()
    raise AssertionError(f"{item_id} never got focus; stuck on {focused_id(pilot)}")


def quick(days_ago: int, total: int) -> CheckIn:
    taken = datetime.combine(TODAY - timedelta(days=days_ago), datetime.min.time(), UTC)
    return CheckIn(
        instrument_id="quick",
        instrument_version=1,
        taken_at=taken + timedelta(hours=9),
        answers=[],
        total=total,
        band="lonely" if total >= 6 else "not_lonely",
        band_label="Lonely" if total >= 6 else "Not lonely",
    )


def small_world(store: Store) -> dict[str, Contact]:
    """Two people overdue, one with a birthday soon, a plan and a check-in 2 days ago."""
    created = datetime(2026, 1, 1, tzinfo=UTC)
    ana = Contact(name="Ana Overdue", rhythm_days=7, created=created)
    bo = Contact(name="Bo Later", rhythm_days=30, created=created)
    cy = Contact(
        name="Cy Birthday",
        created=created,
        birthday=Birthday(month=11, day=24, year=1990),
    )
    for person in (ana, bo, cy):
        store.contacts.put(person)
    store.interactions.add_many(
        [
            Interaction(date=TODAY - timedelta(days=12), contact_ids=[ana.id], felt=4),
            Interaction(date=TODAY - timedelta(days=40), contact_ids=[bo.id], mode=Mode.CALL),
            Interaction(date=TODAY - timedelta(days=1), contact_ids=[cy.id], felt=5),
        ]
    )
    store.checkins.add_many([quick(9, 6), quick(2, 5)])
    store.plan.add_many(
        [
            PlanItem(week_start=MONDAY, text="Call Ana", state=PlanState.DONE),
            PlanItem(week_start=MONDAY, text="Go to choir practice"),
        ]
    )
    return {"ana": ana, "bo": bo, "cy": cy}


# -- the empty store ---------------------------------------------------------------------


async def test_empty_store_shows_first_steps_not_empty_boxes(
    store: Store, make_app: MakeApp
) -> None:
    async with make_app(store).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = home_of(pilot)
        assert screen.has_class("-empty")
        assert screen.query_one("#first-steps").display
        assert not screen.query_one("#row-top").display
        assert not screen.query_one("#panel-recent").display
        assert focused_id(pilot) == "step-0"
        assert "Add someone who matters to you" in item_text(screen, "step-0")


async def test_first_step_add_a_person(store: Store, make_app: MakeApp) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert app.current_mode == "people"
        assert isinstance(app.screen, ContactForm)
        await pilot.press(*"Sam")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [c.name for c in store.contacts.list()] == ["Sam"]
        # Back on Home, the first steps have made way for the dashboard.
        await pilot.press("1")
        await pilot.pause()
        screen = home_of(pilot)
        assert not screen.has_class("-empty")
        assert screen.query_one("#row-top").display


async def test_first_step_take_a_check_in(store: Store, make_app: MakeApp) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        await pilot.pause()
        assert app.current_mode == "checkin"
        assert isinstance(app.screen, CheckinTakeScreen)
        assert app.screen.instrument.id == "quick"


async def test_first_step_pick_a_strategy(store: Store, make_app: MakeApp) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert app.current_mode == "strategies"
        assert isinstance(app.screen, StrategiesScreen)


# -- the dashboard ---------------------------------------------------------------------


async def test_dashboard_shows_today(store: Store, make_app: MakeApp) -> None:
    small_world(store)
    async with make_app(store).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = home_of(pilot)
        today_line = str(screen.query_one("#home-today").render())
        assert "Friday 20 November" in today_line
        assert "Reach out to Bo and 1 more" in today_line
        assert "1 planned action to go" in today_line
        assert "take a check-in" not in today_line
        # Bo (monthly, 40 days) is further overdue than Ana (weekly, 12 days).
        assert item_text(screen, "reach-0").startswith("Bo Later")
        assert "talked 5 weeks ago" in item_text(screen, "reach-0")  # never "overdue"
        assert item_text(screen, "reach-1").startswith("Ana Overdue")
        assert "talked 12 days ago" in item_text(screen, "reach-1")
        assert screen.query_one("#reach-2", HomeItem).has_class("-unused")
        checkin = item_text(screen, "item-checkin")
        assert "Quick check  2 days ago" in checkin
        assert "5 of 9, not feeling lonely" in checkin
        assert "1 point lower than last time" in checkin
        assert "support" not in checkin
        assert "Next check-in in 5 days." in checkin
        plan = item_text(screen, "item-plan")
        assert "1 done, 1 to go" in plan and "Next: Go to choir practice" in plan
        assert "Cy Birthday" in item_text(screen, "birthday-0")
        assert "Tue 24 Nov, turns 36" in item_text(screen, "birthday-0")
        assert "Cy Birthday" in item_text(screen, "recent-0")
        assert "In person, lovely" in item_text(screen, "recent-0")


async def test_up_and_down_walk_every_item_in_order(store: Store, make_app: MakeApp) -> None:
    small_world(store)
    async with make_app(store).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        seen = [focused_id(pilot)]
        for _ in range(8):
            await pilot.press("j")
            await pilot.pause()
            seen.append(focused_id(pilot))
        assert seen == [
            "item-checkin",
            "reach-0",
            "reach-1",
            "item-plan",
            "birthday-0",
            "recent-0",
            "recent-1",
            "recent-2",
            "item-checkin",  # round again
        ]
        await pilot.press("k", "up")
        await pilot.pause()
        assert focused_id(pilot) == "recent-1"


async def test_enter_on_a_person_opens_them_and_escape_comes_home(
    store: Store, make_app: MakeApp
) -> None:
    people = small_world(store)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await go_to(pilot, "reach-0")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ContactDetailScreen)
        assert app.screen.contact_id == people["bo"].id
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert focused_id(pilot) == "reach-0"


async def test_enter_on_a_birthday_and_a_recent_interaction(
    store: Store, make_app: MakeApp
) -> None:
    people = small_world(store)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for item_id in ("birthday-0", "recent-1"):
            await go_to(pilot, item_id)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ContactDetailScreen)
            expected = people["cy"] if item_id == "birthday-0" else people["ana"]
            assert app.screen.contact_id == expected.id
            await pilot.press("escape")
            await pilot.pause()


async def test_enter_on_the_check_in_and_the_plan(store: Store, make_app: MakeApp) -> None:
    small_world(store)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert focused_id(pilot) == "item-checkin"
        await pilot.press("enter")  # not due: the Check-in section with its history
        await pilot.pause()
        assert app.current_mode == "checkin"
        assert isinstance(app.screen, CheckinScreen)
        await pilot.press("1")
        await pilot.pause()
        await go_to(pilot, "item-plan")
        await pilot.press("enter")
        await pilot.pause()
        assert app.current_mode == "strategies"
        assert isinstance(app.screen, StrategiesScreen)


async def test_a_due_check_in_starts_one(store: Store, make_app: MakeApp) -> None:
    small_world(store)
    store.settings.change(checkin_rhythm_days=1)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = home_of(pilot)
        assert "A check-in is due. Press enter." in item_text(screen, "item-checkin")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, CheckinTakeScreen)


async def test_c_starts_a_quick_check_in(store: Store, make_app: MakeApp) -> None:
    small_world(store)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        await pilot.pause()
        assert app.current_mode == "checkin"
        assert isinstance(app.screen, CheckinTakeScreen)


async def test_l_on_a_person_logs_with_them_and_home_shows_it(
    store: Store, make_app: MakeApp
) -> None:
    people = small_world(store)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await go_to(pilot, "reach-1")  # Ana Overdue
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, InteractionForm)
        who = app.screen.query_one("#field-who Input", Input)
        assert who.value == "Ana Overdue"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        latest = max(store.interactions.list(), key=lambda i: (i.date, i.created))
        assert latest.contact_ids == [people["ana"].id] and latest.date == TODAY
        screen = home_of(pilot)
        assert item_text(screen, "recent-0").startswith("Fri 20 Nov  Ana Overdue")
        # Ana is no longer due: only Bo is left to reach out to.
        assert item_text(screen, "reach-0").startswith("Bo Later")
        assert screen.query_one("#reach-1", HomeItem).has_class("-unused")


async def test_l_elsewhere_opens_an_empty_log_form(store: Store, make_app: MakeApp) -> None:
    small_world(store)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("l")  # focus is on the check-in
        await pilot.pause()
        assert isinstance(app.screen, InteractionForm)
        assert app.screen.query_one("#field-who Input", Input).value == ""
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_names_are_shown_verbatim_never_as_markup(store: Store, make_app: MakeApp) -> None:
    odd = Contact(name="[b]Ann[/b] [@click=app.quit]x[/]", rhythm_days=7)
    store.contacts.add(odd)
    store.interactions.add(
        Interaction(date=TODAY - timedelta(days=20), contact_ids=[odd.id], mode=Mode.CALL)
    )
    app = make_app(store)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = home_of(pilot)
        assert item_text(screen, "reach-0").startswith("[b]Ann[/b] [@click=app.quit]x[/]")
        assert "[b]Ann[/b]" in item_text(screen, "recent-0")
        assert app.is_running


async def test_tall_screens_show_five_recent(demo_store: Store, make_app: MakeApp) -> None:
    async with make_app(demo_store).run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = home_of(pilot)
        assert screen.query_one("#recent-4").display
    async with make_app(demo_store).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not home_of(pilot).query_one("#recent-4").display


async def test_arrows_move_between_items_even_when_home_must_scroll(
    demo_store: Store, make_app: MakeApp
) -> None:
    # 80x16 is too small for everything: arrows still move between items (they do not
    # scroll the page), and the page follows the focus.
    async with make_app(demo_store).run_test(size=(80, 16)) as pilot:
        await pilot.pause()
        screen = home_of(pilot)
        body = screen.query_one("#home-body")
        assert body.max_scroll_y > 0
        await pilot.press("down")
        await pilot.pause()
        assert focused_id(pilot) == "reach-0"
        for _ in range(7):  # reach 1-2, plan, birthday, recent 0-2
            await pilot.press("down")
        await pilot.pause()
        assert focused_id(pilot) == "recent-2"
        assert body.scroll_y > 0
        item = screen.query_one("#recent-2", HomeItem)
        assert body.region.contains_region(item.region)


async def test_left_and_right_jump_between_the_boxes_of_a_row(
    demo_store: Store, make_app: MakeApp
) -> None:
    async with make_app(demo_store).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert focused_id(pilot) == "item-checkin"
        await pilot.press("right")
        assert focused_id(pilot) == "reach-0"
        await pilot.press("right")  # nothing further right
        assert focused_id(pilot) == "reach-0"
        await pilot.press("left")
        assert focused_id(pilot) == "item-checkin"
        await go_to(pilot, "item-plan")
        await pilot.press("right")
        assert focused_id(pilot) == "birthday-0"
        await go_to(pilot, "recent-0")
        await pilot.press("left", "right")  # Recently is a row of its own
        assert focused_id(pilot) == "recent-0"


async def test_a_high_score_offers_support_gently(store: Store, make_app: MakeApp) -> None:
    store.checkins.add_many([quick(9, 5), quick(2, 7)])
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = item_text(home_of(pilot), "item-checkin")
        assert "7 of 9, feeling lonely" in text and "+2" in text
        assert "A heavy time? Press ! for support." in text
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert type(app.screen).__name__ == "SupportScreen"


async def test_boxes_say_what_to_do_when_they_are_empty(store: Store, make_app: MakeApp) -> None:
    sam = store.contacts.add(Contact(name="Sam"))  # no rhythm yet
    async with make_app(store).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = home_of(pilot)
        assert not screen.has_class("-empty")
        checkin = item_text(screen, "item-checkin")
        assert "No check-in yet." in checkin and "press enter" in checkin
        assert "keep-in-touch rhythm" in str(screen.query_one("#reach-note").render())
        assert "Nothing planned this week yet." in item_text(screen, "item-plan")
        assert "No birthdays" in str(screen.query_one("#birthday-note").render())
        assert "Press l" in str(screen.query_one("#recent-note").render())
        store.contacts.update(sam.model_copy(update={"rhythm_days": 30}))
        await pilot.pause()
        assert "No one is due" in str(screen.query_one("#reach-note").render())
        # The check-in item starts the first check-in.
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(pilot.app.screen, CheckinTakeScreen)


async def test_weeks_at_a_glance_on_taller_screens_opens_insights(
    demo_store: Store, make_app: MakeApp
) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = home_of(pilot)
        # The page starts at the top even though this box was shown after the first layout.
        assert focused_id(pilot) == "item-checkin"
        assert screen.query_one("#panel-weeks").display
        text = item_text(screen, "item-weeks")
        assert "Last 12 weeks" in text and "interactions" in text
        # Plain words on Home; the number is on Insights (issue 14).
        assert "More contact has tended to come before harder weeks." in text
        assert "r =" not in text
        await go_to(pilot, "item-weeks")
        await pilot.press("enter")
        await pilot.pause()
        assert app.current_mode == "insights"
    async with make_app(demo_store).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not home_of(pilot).query_one("#panel-weeks").display


async def test_weeks_at_a_glance_counts_one_interaction_in_the_singular(
    store: Store, make_app: MakeApp
) -> None:
    sam = store.contacts.add(Contact(name="Sam"))
    store.interactions.add(
        Interaction(contact_ids=[sam.id], date=store.clock.now().date() - timedelta(days=3))
    )
    async with make_app(store).run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = item_text(home_of(pilot), "item-weeks")
        assert "  1 interaction" in text and "1 interactions" not in text
        assert "% in person" not in text  # no share of one interaction (issue 14)
