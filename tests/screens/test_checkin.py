"""The Check-in section, driven by real keys: take a check, go back, leave, finish,
the result and its resources, history (open, delete), trend, rhythm, restart."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import OptionList, Static

from kith.app.app import KithApp
from kith.data.clock import FixedClock
from kith.data.errors import StoreWriteError
from kith.data.instruments import build_checkin, instrument
from kith.data.store import Store
from kith.screens.checkin import CheckinScreen, RhythmForm
from kith.screens.checkin_result import CheckinResultScreen, build_result
from kith.screens.checkin_take import CheckinTakeScreen
from kith.screens.confirm import ConfirmScreen
from kith.widgets.checkin_history import CheckinHistory
from kith.widgets.checkin_question import NoteInput, QuestionView
from kith.widgets.crisis import CrisisPanel
from kith.widgets.trend_chart import TrendChart

MakeApp = Callable[..., KithApp]
# Every question's answers run from the least to the most often (issue 14).
QUICK_LOWEST = ["1", "1", "1", "1"]  # hardly ever x3, never: total 3
QUICK_HIGHEST = ["3", "3", "3", "5"]  # often x3, often/always: total 9


def screen_text(app: KithApp) -> str:
    return "\n".join(str(widget.render()) for widget in app.screen.query(Static))


async def open_checkin(pilot: Any) -> CheckinScreen:
    await pilot.press("2")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, CheckinScreen)
    return screen


async def take(pilot: Any, keys: list[str], note: str = "", start: str = "c") -> None:
    await pilot.press(start)
    await pilot.pause()
    assert isinstance(pilot.app.screen, CheckinTakeScreen)
    await pilot.press(*keys)
    await pilot.pause()
    if note:
        await pilot.press(*note)
    await pilot.press("enter")
    await pilot.pause()


def question_of(app: KithApp) -> tuple[str, str]:
    screen = app.screen
    assert isinstance(screen, CheckinTakeScreen)
    view = screen.query_one(QuestionView)
    assert view.question is not None
    progress = str(view.query_one("#progress", Static).render())
    return view.question.item_id, progress


# -- taking a check --------------------------------------------------------------
async def test_quick_check_by_digits_is_stored_and_shown(store: Store, make_app: MakeApp) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_checkin(pilot)
        await pilot.press("c")
        await pilot.pause()
        item, progress = question_of(app)
        assert item == "ucla1" and "Question 1 of 4" in progress
        text = screen_text(app)
        assert "How often do you feel that you lack companionship?" in text
        assert "tell me how often you feel that way" in text
        await pilot.press("3", "3")
        item, progress = question_of(app)
        assert item == "ucla3" and "Question 3 of 4" in progress
        await pilot.press("3", "5")
        await pilot.press(*"A hard week [b]x[/b]")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CheckinResultScreen)
        (checkin,) = store.checkins.list()
        assert checkin.instrument_id == "quick" and checkin.instrument_version == 1
        assert checkin.total == 9 and checkin.band == "lonely"
        assert checkin.direct_answer == "often_always"
        assert checkin.note == "A hard week [b]x[/b]"
        assert [(a.item_id, a.answer_id, a.score) for a in checkin.answers] == [
            ("ucla1", "often", 3),
            ("ucla2", "often", 3),
            ("ucla3", "often", 3),
            ("ons_direct", "often_always", None),
        ]
        text = screen_text(app)
        assert "Your score: 9 (from 3 to 9) · Feeling lonely lately" in text
        assert "not a diagnosis" in text
        assert "chronic loneliness" in text
        assert "This is your first quick check" in text
        assert "A hard week [b]x[/b]" in text  # user text shown verbatim
        assert len(app.screen.query(CrisisPanel)) == 1
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)
        table = app.screen.query_one(CheckinHistory)
        assert table.row_count == 1
        row = [str(c) for c in table.get_row_at(0)]
        assert row[1:4] == ["Quick", "9/9", "Feeling lonely"]
        assert row[4] == "A hard week [b]x[/b]"
        assert app.screen.query_one(TrendChart).points == [(date(2026, 11, 20), 9)]


async def test_arrows_and_enter_answer_too(store: Store, make_app: MakeApp) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_checkin(pilot)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.focused, OptionList)
        await pilot.press("down", "down", "enter")  # often
        await pilot.press("enter")  # hardly ever (the first is highlighted)
        await pilot.press("down", "enter")  # some of the time
        await pilot.press("down", "enter")  # hardly ever (ONS: never is first)
        await pilot.pause()
        assert isinstance(app.focused, NoteInput)
        await pilot.press("enter")
        await pilot.pause()
        (checkin,) = store.checkins.list()
        assert [a.answer_id for a in checkin.answers] == [
            "often",
            "hardly_ever",
            "some_of_the_time",
            "hardly_ever",
        ]
        assert checkin.total == 6 and checkin.note == ""


async def test_backspace_goes_back_keeping_the_earlier_answer(
    store: Store, make_app: MakeApp
) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_checkin(pilot)
        await pilot.press("c", "3", "2")
        assert question_of(app)[0] == "ucla3"
        await pilot.press("backspace")
        item, progress = question_of(app)
        assert item == "ucla2" and "Question 2 of 4" in progress
        options = app.screen.query_one("#answers", OptionList)
        assert options.highlighted == 1  # "Some of the time", answered before
        await pilot.press("backspace", "backspace")  # at the first question: stays
        assert question_of(app)[0] == "ucla1"
        await pilot.press("1", "1", "1", "2")  # ONS: hardly ever
        await pilot.pause()
        assert isinstance(app.focused, NoteInput)
        await pilot.press("o", "k", "backspace", "backspace")  # deletes the typing
        assert isinstance(app.focused, NoteInput)
        await pilot.press("backspace")  # on an empty note: back to the last question
        await pilot.pause()
        assert question_of(app)[0] == "ons_direct"
        await pilot.press("4", "enter")  # ONS: some of the time
        await pilot.pause()
        (checkin,) = store.checkins.list()
        assert [a.answer_id for a in checkin.answers] == [
            "hardly_ever",
            "hardly_ever",
            "hardly_ever",
            "some_of_the_time",
        ]


async def test_escape_before_any_answer_leaves_at_once(store: Store, make_app: MakeApp) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_checkin(pilot)
        await pilot.press("c", "escape")
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)
        assert len(store.checkins) == 0


async def test_escape_after_an_answer_asks_and_saves_nothing(
    store: Store, make_app: MakeApp
) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_checkin(pilot)
        await pilot.press("c", "2", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep going
        await pilot.pause()
        assert question_of(app)[0] == "ucla2"
        await pilot.press("3", "3", "1")  # on the note step now
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)
        assert len(store.checkins) == 0
        assert app.screen.query_one("#history-empty", Static).display


async def test_a_failed_save_keeps_the_note_and_says_so(
    store: Store, make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_: object) -> None:
        raise StoreWriteError(store.path, OSError(28, "No space left on device"))

    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_checkin(pilot)
        monkeypatch.setattr(store.checkins, "add", broken)
        await take(pilot, QUICK_LOWEST, note="still here")
        assert isinstance(app.screen, CheckinTakeScreen)
        assert app.screen.query_one(NoteInput).value == "still here"
        assert "the disk is full" in screen_text(app)  # the store's words, in place
        assert len(store.checkins) == 0


# -- the result --------------------------------------------------------------------
async def test_lowest_answers_score_three_without_resources_and_show_the_change(
    store: Store, make_app: MakeApp, clock: FixedClock
) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_checkin(pilot)
        await take(pilot, QUICK_HIGHEST)
        await pilot.press("escape")
        clock.set(clock.now() + timedelta(days=7))
        await take(pilot, QUICK_LOWEST)
        assert isinstance(app.screen, CheckinResultScreen)
        text = screen_text(app)
        assert "Your score: 3 (from 3 to 9) · Not feeling lonely lately" in text
        assert "6 points lower than your last quick check, on 20 Nov 2026" in text
        assert not app.screen.query(CrisisPanel)
        await pilot.press("escape")
        await pilot.pause()
        chart = app.screen.query_one(TrendChart)
        assert chart.points == [(date(2026, 11, 20), 9), (date(2026, 11, 27), 3)]
        assert app.screen.query_one(CheckinHistory).row_count == 2


@pytest.mark.parametrize(
    ("start", "keys", "resources"),
    [
        ("c", ["1", "1", "1", "1"], False),  # 3
        ("c", ["3", "1", "1", "4"], False),  # 5, some of the time
        ("c", ["3", "2", "1", "4"], True),  # 6
        ("c", ["1", "1", "1", "5"], True),  # 3 but often/always
        ("i", ["1", "1", "1", "3", "3", "3"], True),  # emotional 3 + social 3 = 6: severe
        ("i", ["1", "1", "3", "3", "3", "3"], True),  # 2 + 3 = 5: severe
        ("i", ["1", "1", "3", "3", "3", "1"], False),  # 2 + 2 = 4: moderate
        ("i", ["3", "3", "3", "1", "1", "1"], False),  # 0: not lonely
    ],
)
async def test_resources_appear_exactly_when_the_safety_rule_is_met(
    store: Store, make_app: MakeApp, start: str, keys: list[str], resources: bool
) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_checkin(pilot)
        await take(pilot, keys, start=start)
        assert isinstance(app.screen, CheckinResultScreen)
        assert len(app.screen.query(CrisisPanel)) == (1 if resources else 0)
        assert ("Support is close by" in screen_text(app)) is resources
        strategies = [sid for sid, _ in app.screen.result.strategies]
        assert (strategies[0] == "professional") is resources


def test_the_result_offers_resources_for_every_combination_exactly_by_the_rule(
    store: Store, clock: FixedClock
) -> None:
    """Every quick and in-depth answer combination through the screen's own builder,
    against the rule written out from instruments.md."""
    ucla = {"hardly_ever": 1, "some_of_the_time": 2, "often": 3}
    ons = ["often_always", "some_of_the_time", "occasionally", "hardly_ever", "never"]
    for a, b, c, d in itertools.product(ucla, ucla, ucla, ons):
        answers = {"ucla1": a, "ucla2": b, "ucla3": c, "ons_direct": d}
        checkin = build_checkin(instrument("quick"), answers, clock.now())
        expected = ucla[a] + ucla[b] + ucla[c] >= 6 or d == "often_always"
        assert build_result(store, clock, checkin).safety is expected
    for combo in itertools.product(("yes", "more_or_less", "no"), repeat=6):
        emotional = sum(x != "no" for x in combo[:3])
        social = sum(x != "yes" for x in combo[3:])
        checkin = build_checkin(
            instrument("djg6"), {f"djg{i + 1}": x for i, x in enumerate(combo)}, clock.now()
        )
        assert build_result(store, clock, checkin).safety is (emotional + social >= 5)


async def test_in_depth_reports_emotional_and_social_separately(
    store: Store, make_app: MakeApp
) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_checkin(pilot)
        # emptiness: yes, miss people: more or less, rejected: no -> emotional 2
        # rely on: yes, trust: yes, close: no -> social 1
        await take(pilot, ["1", "2", "3", "1", "1", "3"], start="i")
        (checkin,) = store.checkins.list()
        assert checkin.instrument_id == "djg6"
        assert checkin.subscales == {"emotional": 2, "social": 1}
        assert checkin.total == 3 and checkin.band == "moderate"
        text = screen_text(app)
        assert "Emotional loneliness  2 of 3  lonely on this side" in text
        assert "Social loneliness     1 of 3  lonely on this side" in text
        assert "Your answers point to both kinds" in text
        assert "What tends to help is depth rather than numbers" in text
        assert "What tends to help is breadth" in text
        assert "Feeling some loneliness lately" in text


async def test_in_depth_with_only_emotional_loneliness_says_so(
    store: Store, make_app: MakeApp
) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_checkin(pilot)
        await take(pilot, ["1", "1", "3", "1", "1", "1"], start="i")
        text = screen_text(app)
        assert "Emotional loneliness  2 of 3  lonely on this side" in text
        assert "Social loneliness     0 of 3  not lonely on this side" in text
        assert "Your answers point to emotional loneliness" in text
        assert "What tends to help is breadth" not in text
        assert [sid for sid, _ in app.screen.result.strategies] == ["open_up", "cultivate"]


async def test_s_on_a_result_opens_strategies(store: Store, make_app: MakeApp) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_checkin(pilot)
        await take(pilot, QUICK_LOWEST)
        assert "Press s to open these in Strategies" in screen_text(app)
        await pilot.press("s")
        await pilot.pause()
        await pilot.pause()
        assert app.current_mode == "strategies"
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)  # the result is not left behind


async def test_the_app_action_starts_a_check_from_another_section(
    store: Store, make_app: MakeApp
) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await app.run_action("start_checkin('djg6')")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, CheckinTakeScreen)
        assert app.screen.instrument.id == "djg6"
        assert "I experience a general sense of emptiness." in screen_text(app)
        assert "Question 1 of 6" in screen_text(app)


# -- history -------------------------------------------------------------------------
def _seed(store: Store) -> None:
    quick = instrument("quick")
    lowest = {"ucla1": "hardly_ever", "ucla2": "hardly_ever", "ucla3": "hardly_ever"}
    store.checkins.add(
        build_checkin(
            quick, {**lowest, "ons_direct": "never"}, datetime(2026, 11, 1, 9, tzinfo=UTC)
        )
    )
    highest = {"ucla1": "often", "ucla2": "often", "ucla3": "often", "ons_direct": "never"}
    store.checkins.add(
        build_checkin(quick, highest, datetime(2026, 11, 15, 9, tzinfo=UTC), note="newest")
    )


async def test_history_is_newest_first_and_enter_opens_one(store: Store, make_app: MakeApp) -> None:
    _seed(store)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_checkin(pilot)
        table = screen.query_one(CheckinHistory)
        assert [str(table.get_row_at(i)[0]) for i in range(2)] == ["15 Nov 2026", " 1 Nov 2026"]
        # 9 of 9 with "never" lonely: the person's own answer leads (issue 14's rule, both ways).
        assert (
            "Last: 15 Nov, quick: you said you never feel lonely (9/9).  Next due 22 Nov."
            in screen_text(app)
        )
        await pilot.press("j", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CheckinResultScreen)
        assert app.screen.checkin.total == 3
        assert "This is your first quick check" in screen_text(app)
        await pilot.press("escape", "k", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CheckinResultScreen)
        assert app.screen.checkin.note == "newest"
        assert "6 points higher than your last quick check, on 1 Nov 2026" in screen_text(app)


async def test_d_deletes_a_checkin_after_asking(store: Store, make_app: MakeApp) -> None:
    _seed(store)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_checkin(pilot)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Delete the quick check from 15 Nov 2026?" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert len(store.checkins) == 2
        await pilot.press("d", "y")
        await pilot.pause()
        assert [c.note for c in store.checkins.list()] == [""]
        assert screen.query_one(CheckinHistory).row_count == 1
        assert screen.query_one(TrendChart).points == [(date(2026, 11, 1), 3)]


async def test_an_empty_section_invites_a_first_checkin(store: Store, make_app: MakeApp) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_checkin(pilot)
        assert not screen.query_one(CheckinHistory).display
        assert "No check-ins yet. Press c for the quick check" in screen_text(app)
        assert screen.query_one(TrendChart).points == []
        await pilot.press("d", "enter")  # nothing to delete or open: nothing happens
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)


# -- rhythm ------------------------------------------------------------------------------
async def test_r_changes_the_checkin_rhythm(store: Store, make_app: MakeApp) -> None:
    _seed(store)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_checkin(pilot)
        assert "Next due 22 Nov." in screen_text(app)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RhythmForm)
        await pilot.press("enter", "down", "enter")  # open the list, one down: every 2 weeks
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert store.settings.get().checkin_rhythm_days == 14
        assert isinstance(app.screen, CheckinScreen)
        assert "Next due 29 Nov." in screen_text(app)
        assert "rhythm (every 2 weeks)" in screen_text(app)


# -- restart ---------------------------------------------------------------------------
async def test_checkins_survive_a_restart(data_dir: Path, clock: FixedClock) -> None:
    store = Store.open(data_dir, clock=clock)
    app = KithApp(store, clock=clock, show_welcome=False, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_checkin(pilot)
        await take(pilot, QUICK_HIGHEST, note="before")
        await pilot.press("escape")
        await take(pilot, ["1", "2", "3", "1", "1", "3"], start="i")
    store.close()

    again = Store.open(data_dir, clock=clock)
    try:
        app = KithApp(again, clock=clock, show_welcome=False, cursor_blink=False)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_checkin(pilot)
            table = screen.query_one(CheckinHistory)
            assert table.row_count == 2
            kinds = sorted(str(table.get_row_at(i)[1]) for i in range(2))
            assert kinds == ["In-depth", "Quick"]
            assert screen.query_one(TrendChart).points == [(date(2026, 11, 20), 9)]
            by_kind = {c.instrument_id: c for c in again.checkins.list()}
            assert by_kind["quick"].note == "before"
            assert by_kind["djg6"].subscales == {"emotional": 2, "social": 1}
    finally:
        again.close()


def test_a_second_check_on_the_same_day_says_earlier_the_same_day(
    store: Store, clock: FixedClock
) -> None:
    _seed(store)
    quick = instrument("quick")
    answers = {"ucla1": "often", "ucla2": "often", "ucla3": "often", "ons_direct": "never"}
    later = build_checkin(quick, answers, datetime(2026, 11, 15, 18, tzinfo=UTC))
    store.checkins.add(later)
    result = build_result(store, clock, later)
    assert result.change is not None and result.change.delta == 0
    assert result.change_when == "earlier the same day"
    first = next(c for c in store.checkins.list() if c.total == 3)
    assert build_result(store, clock, first).change is None


async def test_the_status_line_says_when_a_checkin_is_due(store: Store, make_app: MakeApp) -> None:
    answers = {f"djg{i}": "more_or_less" for i in range(1, 7)}
    store.checkins.add(
        build_checkin(instrument("djg6"), answers, datetime(2026, 11, 10, 9, tzinfo=UTC))
    )
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_checkin(pilot)
        text = screen_text(app)
        assert (
            "Last: 10 Nov, in-depth 6/6 · Feeling a lot of loneliness lately.  "
            "A check-in is due today." in text
        )
        assert not app.screen.query_one("#trend-title", Static).display  # no quick checks yet


async def test_support_and_help_stay_one_key_away_while_checking_in(
    store: Store, make_app: MakeApp
) -> None:
    from kith.screens.help import HelpScreen
    from kith.screens.support import SupportScreen

    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_checkin(pilot)
        await pilot.press("c", "2", "exclamation_mark")
        await pilot.pause()
        assert isinstance(app.screen, SupportScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert question_of(app)[0] == "ucla2"  # the answer so far is kept
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "Back one question" in screen_text(app)
        await pilot.press("escape", "2", "2", "2", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CheckinResultScreen)
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, SupportScreen)
