"""The instruments: content, scoring over every answer combination, bands, safety.

The oracles below are written from instruments.md by hand, independently of
the content file and of data/instruments.py: if either drifts, these fail.
"""

from __future__ import annotations

import itertools
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from kith.data.checkins import safety_rule_met
from kith.data.content import read_content
from kith.data.instruments import (
    InstrumentSet,
    answer_score,
    band_for,
    build_checkin,
    direct_meaning,
    instrument,
    instrument_set,
    loneliness_kind,
    lonely_on,
    score_answers,
    score_notes,
    suggested_strategies,
    sum_rule,
)
from kith.data.strategies import strategy_ids

WHEN = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)

# -- the oracle, from instruments.md ---------------------------------------------
UCLA_ITEMS = {
    "ucla1": "How often do you feel that you lack companionship?",
    "ucla2": "How often do you feel left out?",
    "ucla3": "How often do you feel isolated from others?",
}
UCLA_SCORES = {"hardly_ever": 1, "some_of_the_time": 2, "often": 3}
UCLA_LABELS = {"hardly_ever": "Hardly ever or never", "some_of_the_time": "Some of the time",
               "often": "Often"}  # fmt: skip
ONS_TEXT = "How often do you feel lonely?"
ONS_LABELS = {"often_always": "Often/always", "some_of_the_time": "Some of the time",
              "occasionally": "Occasionally", "hardly_ever": "Hardly ever",
              "never": "Never"}  # fmt: skip
DJG_ITEMS = {
    "djg1": "I experience a general sense of emptiness.",
    "djg2": "I miss having people around me.",
    "djg3": "I often feel rejected.",
    "djg4": "There are plenty of people I can rely on when I have problems.",
    "djg5": "There are many people I can trust completely.",
    "djg6": "There are enough people I feel close to.",
}
DJG_LABELS = {"yes": "Yes", "more_or_less": "More or less", "no": "No"}
UCLA_INTRO = (
    "The next questions are about how you feel about different aspects of your life. "
    "For each one, tell me how often you feel that way."
)


def oracle_quick(a1: str, a2: str, a3: str, direct: str) -> dict[str, Any]:
    total = UCLA_SCORES[a1] + UCLA_SCORES[a2] + UCLA_SCORES[a3]
    band = "not_lonely" if 3 <= total <= 5 else "lonely"
    return {
        "total": total,
        "band": band,
        "safety": total >= 6 or direct == "often_always",
        "item_scores": [UCLA_SCORES[a1], UCLA_SCORES[a2], UCLA_SCORES[a3], None],
    }


def oracle_djg(answers: tuple[str, ...]) -> dict[str, Any]:
    emotional = sum(1 for a in answers[:3] if a in ("yes", "more_or_less"))
    social = sum(1 for a in answers[3:] if a in ("no", "more_or_less"))
    total = emotional + social
    if total <= 1:
        band = "not_lonely"
    elif total <= 4:
        band = "moderate"
    else:
        band = "severe"
    kinds = {(False, False): "neither", (True, False): "emotional",
             (False, True): "social", (True, True): "both"}  # fmt: skip
    kind = kinds[(emotional >= 1, social >= 1)]
    return {"emotional": emotional, "social": social, "total": total, "band": band,
            "kind": kind, "safety": band == "severe"}  # fmt: skip


# -- content -----------------------------------------------------------------------
def test_the_shipped_content_validates() -> None:
    data = instrument_set()
    assert [i.id for i in data.instruments] == ["quick", "djg6"]
    assert set(data.strategies) == set(strategy_ids())
    for inst in data.instruments:
        assert inst.version >= 1
        assert inst.citations


def test_items_and_answers_are_verbatim() -> None:
    quick = instrument("quick")
    assert [item.id for item in quick.items] == [*UCLA_ITEMS, "ons_direct"]
    for item_id, text in UCLA_ITEMS.items():
        assert quick.item(item_id).text == text
        assert {o.id: o.label for o in quick.options(item_id)} == UCLA_LABELS
        assert quick.item(item_id).with_introduction
    assert quick.introduction == UCLA_INTRO
    assert quick.item("ons_direct").text == ONS_TEXT
    assert [(o.id, o.label) for o in quick.options("ons_direct")] == list(ONS_LABELS.items())
    djg = instrument("djg6")
    assert {item.id: item.text for item in djg.items} == DJG_ITEMS
    for item_id in DJG_ITEMS:
        assert [(o.id, o.label) for o in djg.options(item_id)] == list(DJG_LABELS.items())


def test_citations_name_the_published_sources() -> None:
    quick = " ".join(instrument("quick").citations)
    assert "Hughes, M. E., Waite, L. J., Hawkley, L. C., & Cacioppo, J. T. (2004)" in quick
    assert "Research on Aging, 26(6), 655-672" in quick
    assert "Matthews et al. (2022)" in quick
    djg = " ".join(instrument("djg6").citations)
    assert "De Jong Gierveld, J., & Van Tilburg, T. (2006)" in djg
    assert "Research on Aging, 28(5), 582-598" in djg


def test_the_quick_explanation_mentions_matthews_five_or_more() -> None:
    text = instrument("quick").about_score
    assert "Matthews" in text and "5 or more" in text
    assert "no official cut-off" in text


def test_every_band_has_kind_words_and_no_diagnosis_claim() -> None:
    data = instrument_set()
    assert "not a diagnosis" in data.texts.signal_note
    for inst in data.instruments:
        for band in inst.bands:
            assert len(band.meaning) > 40
            assert "diagnos" not in band.meaning.lower()


def _raw() -> dict[str, Any]:
    result: dict[str, Any] = json.loads(read_content("instruments.json"))
    return result


def _quick(raw: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = raw["instruments"][0]
    return found


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        (lambda r: _quick(r)["answer_sets"]["ucla"][0].pop("score"), "without a score"),
        (lambda r: _quick(r)["answer_sets"]["ons"][0].update(score=1), "unscored item"),
        (lambda r: _quick(r)["bands"][1].update(min=7), "should start at 6"),
        (lambda r: _quick(r)["bands"][1].update(max=8), "stop before 9"),
        (lambda r: _quick(r)["scoring"].update(max=10), "declares 3-10"),
        (lambda r: _quick(r)["items"][0].update(answers="nope"), "unknown answers"),
        (lambda r: _quick(r)["suggestions"].update(lonely=["cultivate", "dance"]), "strategies"),
        (lambda r: _quick(r)["direct"]["meanings"].pop("never"), "needs a meaning"),
        (lambda r: _quick(r)["safety"].update(bands=["nope"]), "unknown band"),
        (lambda r: _quick(r)["items"][1].update(id="ucla1"), "repeat"),
        (lambda r: r["instruments"][1]["kinds"].pop("both"), "kinds should be"),
        (lambda r: r["instruments"][1]["subscales"][0].update(max=2), "declares 0-2"),
        (lambda r: r["strategies"].pop("listen"), "strategies should be"),
        (lambda r: _quick(r).update(colour="blue"), "Extra inputs"),
        (lambda r: r["texts"].update(change_same="on {date}"), "unknown placeholder"),
    ],
)
def test_broken_content_is_refused_with_a_clear_message(breakage: Any, message: str) -> None:
    raw = _raw()
    breakage(raw)
    with pytest.raises(ValidationError, match=message):
        InstrumentSet.model_validate(raw)


# -- scoring rules, one by one -----------------------------------------------------------
def test_answer_score_reads_the_content() -> None:
    quick, djg = instrument("quick"), instrument("djg6")
    assert answer_score(quick, "ucla2", "often") == 3
    assert answer_score(quick, "ons_direct", "never") is None
    assert answer_score(djg, "djg1", "more_or_less") == 1
    assert answer_score(djg, "djg1", "no") == 0
    assert answer_score(djg, "djg4", "yes") == 0  # social items are reversed
    assert answer_score(djg, "djg4", "no") == 1
    with pytest.raises(ValueError, match="not an answer"):
        answer_score(quick, "ucla1", "yes")


def test_sum_rule() -> None:
    assert sum_rule([]) == 0
    assert sum_rule([1, 2, 3]) == 6


@pytest.mark.parametrize(
    ("total", "band"),
    [(3, "not_lonely"), (5, "not_lonely"), (6, "lonely"), (9, "lonely")],
)
def test_quick_band_boundaries(total: int, band: str) -> None:
    assert band_for(instrument("quick").bands, total).id == band


@pytest.mark.parametrize(
    ("total", "band"),
    [(0, "not_lonely"), (1, "not_lonely"), (2, "moderate"), (4, "moderate"),
     (5, "severe"), (6, "severe")],
)  # fmt: skip
def test_djg_band_boundaries(total: int, band: str) -> None:
    assert band_for(instrument("djg6").bands, total).id == band


@pytest.mark.parametrize(("instrument_id", "total"), [("quick", 2), ("quick", 10), ("djg6", -1),
                                                      ("djg6", 7)])  # fmt: skip
def test_totals_outside_the_range_have_no_band(instrument_id: str, total: int) -> None:
    with pytest.raises(ValueError, match="no band"):
        band_for(instrument(instrument_id).bands, total)


def test_subscale_zero_is_not_lonely_one_to_three_is() -> None:
    djg = instrument("djg6")
    for subscale in djg.subscales:
        assert [lonely_on(subscale, s) for s in range(4)] == [False, True, True, True]


def test_score_notes_only_at_five_for_the_quick_check() -> None:
    quick = instrument("quick")
    assert [t for t in range(3, 10) if score_notes(quick, t)] == [5]


def test_incomplete_or_unknown_answers_are_refused() -> None:
    quick = instrument("quick")
    with pytest.raises(ValueError, match="unanswered"):
        score_answers(quick, {"ucla1": "often", "ucla2": "often", "ucla3": "often"})
    with pytest.raises(ValueError, match="unknown items"):
        score_answers(quick, {"ucla1": "often", "nope": "often"})
    with pytest.raises(ValueError, match="not an answer"):
        score_answers(quick, {"ucla1": "often", "ucla2": "often", "ucla3": "often",
                              "ons_direct": "often"})  # fmt: skip


# -- exhaustive: every answer combination against the oracle -----------------------------
def test_quick_check_every_combination() -> None:
    quick = instrument("quick")
    seen = 0
    for a1, a2, a3, direct in itertools.product(UCLA_SCORES, UCLA_SCORES, UCLA_SCORES,
                                                ONS_LABELS):  # fmt: skip
        expected = oracle_quick(a1, a2, a3, direct)
        answers = {"ucla1": a1, "ucla2": a2, "ucla3": a3, "ons_direct": direct}
        checkin = build_checkin(quick, answers, WHEN, note="")
        assert checkin.total == expected["total"], answers
        assert checkin.band == expected["band"], answers
        assert (
            checkin.band_label == {"not_lonely": "Not lonely", "lonely": "Lonely"}[expected["band"]]
        )
        assert checkin.subscales == {}
        assert checkin.direct_answer == direct
        assert [a.item_id for a in checkin.answers] == ["ucla1", "ucla2", "ucla3", "ons_direct"]
        assert [a.answer_id for a in checkin.answers] == [a1, a2, a3, direct]
        assert [a.score for a in checkin.answers] == expected["item_scores"]
        assert checkin.instrument_id == "quick" and checkin.instrument_version == 1
        assert safety_rule_met(checkin) is expected["safety"], answers
        suggestions = suggested_strategies(
            quick, checkin.band, checkin.subscales, safety=expected["safety"]
        )
        assert 2 <= len(suggestions) <= 3
        assert (suggestions[0] == "professional") is expected["safety"]
        seen += 1
    assert seen == 3**3 * 5


def test_in_depth_check_every_combination() -> None:
    djg = instrument("djg6")
    seen = 0
    for combo in itertools.product(DJG_LABELS, repeat=6):
        expected = oracle_djg(combo)
        answers = {f"djg{i + 1}": a for i, a in enumerate(combo)}
        checkin = build_checkin(djg, answers, WHEN)
        assert checkin.subscales == {"emotional": expected["emotional"],
                                     "social": expected["social"]}, combo  # fmt: skip
        assert checkin.total == expected["total"], combo
        assert checkin.band == expected["band"], combo
        assert checkin.direct_answer is None
        assert loneliness_kind(djg, checkin.subscales) == expected["kind"], combo
        assert safety_rule_met(checkin) is expected["safety"], combo
        seen += 1
    assert seen == 3**6


def test_every_direct_answer_has_its_own_meaning() -> None:
    quick = instrument("quick")
    meanings = {a: direct_meaning(quick, a) for a in ONS_LABELS}
    assert len(set(meanings.values())) == 5
    assert "chronic" in (meanings["often_always"] or "")
    assert direct_meaning(instrument("djg6"), None) is None


def test_suggestions_follow_the_kind_of_loneliness() -> None:
    djg = instrument("djg6")

    def ids(emotional: int, social: int) -> list[str]:
        total = emotional + social
        band = band_for(djg.bands, total).id
        return suggested_strategies(
            djg, band, {"emotional": emotional, "social": social}, safety=band == "severe"
        )

    assert ids(2, 0)[0] == "open_up"
    assert "widen" in ids(0, 2) and "open_up" not in ids(0, 2)
    assert {"open_up", "widen"} <= set(ids(2, 2))
    assert ids(3, 3)[0] == "professional" and len(ids(3, 3)) == 3
    assert "professional" not in ids(0, 0)
    quick = instrument("quick")
    assert suggested_strategies(quick, "not_lonely", {}, safety=True)[0] == "professional"
    assert "professional" not in suggested_strategies(quick, "not_lonely", {}, safety=False)
