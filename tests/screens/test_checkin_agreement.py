"""A check-in result agrees with what the person said (issue 14).

When the direct question says more loneliness than the band (Often/always, or
Some of the time, with a not-lonely band), the result, Home and the history lead
with the person's own answer and the score comes second. Every question's
answers run from the least to the most often, and say so on screen. The
sentence about a higher risk is shown only with the results it concerns.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from textual.widgets import Static

from kith.app.app import KithApp
from kith.data.checkins import reading
from kith.data.instruments import build_checkin, instrument
from kith.data.store import Store
from kith.screens.checkin_result import CheckinResultScreen
from kith.screens.checkin_take import CheckinTakeScreen
from kith.screens.home import HomeScreen
from kith.widgets.checkin_history import CheckinHistory
from kith.widgets.crisis import CrisisPanel
from kith.widgets.home_item import HomeItem

MakeApp = Callable[..., KithApp]

# The oracle, by hand: UCLA answers for each total, and the ONS answers by digit
# (1 the least often, 5 the most).
UCLA_FOR_TOTAL = {3: ["1", "1", "1"], 4: ["2", "1", "1"], 5: ["2", "2", "1"]}
ONS_DIGIT = {"often_always": "5", "some_of_the_time": "4", "hardly_ever": "2", "never": "1"}
OWN_WORDS = {
    "often_always": "You said you feel lonely often or always.",
    "some_of_the_time": "You said you feel lonely some of the time.",
    "hardly_ever": "You said you hardly ever feel lonely.",
    "never": "You said you never feel lonely.",
}
SAYS_MORE = ("often_always", "some_of_the_time")
SAYS_LESS = ("hardly_ever", "never")
LONELY_MEANING = "Scores from 6 to 9 are usually read as feeling lonely"
NOT_LONELY_MEANING = "Lately you have mostly felt that you have company"
ONS_ANSWERS = ["never", "hardly_ever", "occasionally", "some_of_the_time", "often_always"]
UCLA_ANSWER = {1: "hardly_ever", 2: "some_of_the_time", 3: "often"}


def quick_answers(scores: tuple[int, int, int], direct: str) -> dict[str, str]:
    answers = {f"ucla{i}": UCLA_ANSWER[score] for i, score in enumerate(scores, start=1)}
    return answers | {"ons_direct": direct}


def text_of(screen: Any) -> str:
    return "\n".join(str(widget.render()) for widget in screen.query(Static))


# -- every combination, in data ------------------------------------------------------
def test_own_words_lead_exactly_where_the_answer_and_the_band_disagree() -> None:
    quick = instrument("quick")
    for scores in itertools.product((1, 2, 3), repeat=3):
        for direct in ONS_ANSWERS:
            checkin = build_checkin(quick, quick_answers(scores, direct), datetime.now(UTC))
            words = reading(checkin)
            total = sum(scores)
            says_more = total <= 5 and direct in SAYS_MORE
            says_less = total >= 6 and direct in SAYS_LESS
            disagree = says_more or says_less
            assert words.own_words_lead is disagree, (scores, direct)
            if disagree:
                assert words.headline == OWN_WORDS[direct]
                assert words.label == OWN_WORDS[direct][0].lower() + OWN_WORDS[direct][1:-1]
                assert words.short.startswith("You said")
                assert f"{total} of 9" in words.second
                assert ("sits at the edge" in words.second) is (total == 5)
                assert ("lower than your own answer" in words.second) is (total < 5)
                assert ("higher than your own answer" in words.second) is says_less
            else:
                assert words.second == ""
                assert words.headline == (
                    "Not feeling lonely lately" if total <= 5 else "Feeling lonely lately"
                )


def test_the_in_depth_check_has_no_direct_answer_to_lead() -> None:
    djg6 = instrument("djg6")
    for answers in itertools.product(("yes", "more_or_less", "no"), repeat=6):
        checkin = build_checkin(
            djg6, {f"djg{i}": a for i, a in enumerate(answers, 1)}, datetime.now(UTC)
        )
        assert not reading(checkin).own_words_lead


# -- every disagreeing combination, by keys: the result, the history, Home ----------
DISAGREEING = [(total, direct) for total in (3, 4, 5) for direct in SAYS_MORE]
SAYS_LESS_CASES = [(total, direct) for total in (6, 7, 8, 9) for direct in SAYS_LESS]
UCLA_FOR_TOTAL |= {6: ["2", "2", "2"], 7: ["3", "2", "2"], 8: ["3", "3", "2"], 9: ["3", "3", "3"]}


@pytest.mark.parametrize(("total", "direct"), DISAGREEING)
async def test_result_history_and_home_lead_with_the_persons_answer(
    store: Store, make_app: MakeApp, total: int, direct: str
) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "c", *UCLA_FOR_TOTAL[total], ONS_DIGIT[direct], "enter")
        await pilot.pause()
        assert isinstance(app.screen, CheckinResultScreen)
        [saved] = store.checkins.list()
        assert (saved.total, saved.direct_answer, saved.band) == (total, direct, "not_lonely")
        text = text_of(app.screen)
        first = [line for line in text.splitlines() if line.strip()][1]  # after the title
        assert first.strip() == OWN_WORDS[direct]
        assert f"Your UCLA score, {total} of 9," in text
        assert ("sits at the edge" in text) is (total == 5)
        assert NOT_LONELY_MEANING not in text
        assert "Not feeling lonely" not in text
        # The crisis resources stay with Often/always, as the safety rule says.
        assert len(app.screen.query(CrisisPanel)) == (1 if direct == "often_always" else 0)

        await pilot.press("escape")
        await pilot.pause()
        row = [str(c) for c in app.screen.query_one(CheckinHistory).get_row_at(0)]
        assert row[3].startswith("You said")
        assert f"quick: {OWN_WORDS[direct][0].lower()}{OWN_WORDS[direct][1:-1]} ({total}/9)" in (
            text_of(app.screen)
        )  # the "Last:" line

        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        home = app.screen.query_one("#item-checkin", HomeItem).render().plain
        score_line = home.splitlines()[1]
        assert score_line.startswith("You said: lonely")
        assert f"{total} of 9" in score_line
        assert "not feeling lonely" not in home.casefold()


@pytest.mark.parametrize(("total", "direct"), SAYS_LESS_CASES)
async def test_a_lower_answer_than_the_score_leads_too_and_support_stays(
    store: Store, make_app: MakeApp, total: int, direct: str
) -> None:
    """ "Never" lonely with a UCLA score of 6 to 9: the result does not open with
    "Feeling lonely lately" against the person's word; it leads with their answer,
    names the score as higher, and keeps the support the score calls for."""
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "c", *UCLA_FOR_TOTAL[total], ONS_DIGIT[direct], "enter")
        await pilot.pause()
        assert isinstance(app.screen, CheckinResultScreen)
        [saved] = store.checkins.list()
        assert (saved.total, saved.direct_answer, saved.band) == (total, direct, "lonely")
        text = text_of(app.screen)
        first = [line for line in text.splitlines() if line.strip()][1]  # after the title
        assert first.strip() == OWN_WORDS[direct]
        assert f"Your UCLA score, {total} of 9, is higher than your own answer." in text
        assert "Feeling lonely lately" not in text
        assert LONELY_MEANING not in text
        assert "companionship, feeling left out, feeling isolated" in text
        assert text.count(OWN_WORDS[direct]) == 1  # said once, not again as the meaning
        # The safety rule goes by the score: support stays on screen.
        assert len(app.screen.query(CrisisPanel)) == 1

        await pilot.press("escape")
        await pilot.pause()
        row = [str(c) for c in app.screen.query_one(CheckinHistory).get_row_at(0)]
        assert row[3].startswith("You said")
        await pilot.press("1")
        await pilot.pause()
        home = app.screen.query_one("#item-checkin", HomeItem).render().plain
        assert home.splitlines()[1].startswith("You said:")
        assert "feeling lonely" not in home.casefold()


async def test_agreeing_results_still_lead_with_the_band(store: Store, make_app: MakeApp) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "c", "3", "3", "3", "5", "enter")  # 9 and often/always
        await pilot.pause()
        text = text_of(app.screen)
        assert "Your score: 9 (from 3 to 9) · Feeling lonely lately" in text
        assert "Your UCLA score" not in text


# -- answers in one direction ----------------------------------------------------------
async def test_the_same_digit_gives_the_least_often_answer_on_every_question(
    store: Store, make_app: MakeApp
) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "c")
        await pilot.pause()
        for count in (3, 3, 3, 5):
            assert isinstance(app.screen, CheckinTakeScreen)
            assert f"1 is the least often, {count} the most often." in text_of(app.screen)
            await pilot.press("1")
            await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        [saved] = store.checkins.list()
        assert [a.answer_id for a in saved.answers] == [
            "hardly_ever",
            "hardly_ever",
            "hardly_ever",
            "never",
        ]


def test_every_quick_question_runs_from_least_to_most_often() -> None:
    quick = instrument("quick")
    rank = {
        "Hardly ever or never": 0,
        "Never": 0,
        "Hardly ever": 1,
        "Occasionally": 2,
        "Some of the time": 3,
        "Often": 4,
        "Often/always": 4,
    }
    for item in quick.items:
        ranks = [rank[option.label] for option in quick.options(item.id)]
        assert ranks == sorted(ranks), item.id
    order = quick.answer_order
    assert order is not None and order.choice and order.reason
    assert "verbatim" in order.choice and "opposite" in order.reason


# -- "About this check": the higher-risk sentence only where it concerns ------------
@pytest.mark.parametrize(
    ("ucla", "shown"), [("111", False), ("211", False), ("221", True), ("333", True)]
)
async def test_the_risk_sentence_only_with_the_results_it_concerns(
    store: Store, make_app: MakeApp, ucla: str, shown: bool
) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "c", *ucla, "1", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CheckinResultScreen)
        text = text_of(app.screen)
        assert ("harming yourself" in text) is shown
        assert "self-harm" not in text
        assert "About this check" in text


def test_stored_labels_from_before_are_shown_in_todays_words(store: Store) -> None:
    """A record saved with the old label ("Very lonely") reads in the new words."""
    answers = {f"djg{i}": "more_or_less" for i in range(1, 7)}
    checkin = build_checkin(instrument("djg6"), answers, datetime(2026, 11, 10, tzinfo=UTC))
    old = checkin.model_copy(update={"band_label": "Very lonely"})
    assert reading(old).headline == "Feeling a lot of loneliness lately"
    assert reading(old).short == "A lot of loneliness"
