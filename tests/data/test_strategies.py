"""The strategies content file loads, validates and says what Kith promises."""

from __future__ import annotations

import json
import re

import pytest
from pydantic import ValidationError

from kith.data.content import read_content
from kith.data.strategies import (
    BENEFIT_IDS,
    Situation,
    benefit,
    benefits,
    find_strategy,
    finding_help,
    insight_for,
    insights,
    parse_strategies,
    strategies,
    strategy,
    strategy_ids,
)


def raw() -> dict:
    return json.loads(read_content("strategies.json"))


def sentences(text: str) -> int:
    return len([s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s])


def test_the_seven_strategies_in_order() -> None:
    assert tuple(s.id for s in strategies()) == strategy_ids()
    assert strategy_ids() == (
        "cultivate",
        "widen",
        "listen",
        "open_up",
        "support",
        "boundaries",
        "professional",
    )


def test_every_strategy_has_its_fields_and_six_or_more_actions() -> None:
    for item in strategies():
        assert item.title and item.short_title and item.summary
        assert len(item.short_title) <= 24
        assert sentences(item.explanation) >= 2
        assert item.reflection.endswith("?")
        assert len(item.actions) >= 6, item.id
        assert item.benefits
        for action in item.actions:
            assert action.id and action.text and action.situations
            assert all(isinstance(s, Situation) for s in action.situations)


def test_every_situation_is_served_by_every_strategy() -> None:
    for item in strategies():
        for situation in Situation:
            assert item.actions_for(situation), (item.id, situation)
        assert item.actions_for(None) == item.actions


def test_action_ids_unique_within_a_strategy() -> None:
    for item in strategies():
        ids = [a.id for a in item.actions]
        assert len(ids) == len(set(ids))
        assert item.action(ids[0]) is item.actions[0]
        assert item.action("nope") is None


def test_the_five_benefits_each_in_two_or_three_sentences() -> None:
    assert tuple(b.id for b in benefits()) == BENEFIT_IDS
    titles = [b.title for b in benefits()]
    assert titles == [
        "Less stress",
        "Emotional resilience",
        "Self-esteem",
        "Less isolation",
        "Overall well-being",
    ]
    for item in benefits():
        assert 2 <= sentences(item.text) <= 3, item.text


def test_every_benefit_referenced_exists_and_every_benefit_is_served() -> None:
    served = set()
    for item in strategies():
        for benefit_id in item.benefits:
            assert benefit(benefit_id).id == benefit_id
            served.add(benefit_id)
    assert served == set(BENEFIT_IDS)


def test_lookups() -> None:
    assert strategy("listen").title == "Listen actively"
    with pytest.raises(KeyError):
        strategy("juggling")
    assert find_strategy(None) is None
    assert find_strategy("juggling") is None
    assert find_strategy("widen") is strategy("widen")


def test_the_listening_example_from_the_issue_is_there() -> None:
    texts = [a.text.lower() for a in strategy("listen").actions]
    assert any("two follow-up questions before sharing your own story" in t for t in texts)


def test_insights_are_ten_or_more_short_distinct_lines() -> None:
    lines = insights()
    assert len(lines) >= 10
    assert len(set(lines)) == len(lines)
    for line in lines:
        assert "\n" not in line and 20 <= len(line) <= 90
    assert insight_for(0) == lines[0]
    assert insight_for(len(lines) + 2) == lines[2]


def test_finding_help_covers_the_ways_in_and_has_no_phone_numbers() -> None:
    help_ = finding_help()
    text = " ".join(w.title + " " + w.text for w in help_.ways).lower()
    for words in ("doctor", "employee assistance", "directories", "student"):
        assert words in text
    whole = read_content("strategies.json").decode()
    # No invented numbers: nothing that looks like a phone number anywhere.
    assert not re.search(r"\d[\d \-]{4,}\d", whole)


def test_wrong_content_is_refused() -> None:
    data = raw()
    data["strategies"][0]["actions"] = data["strategies"][0]["actions"][:5]
    with pytest.raises(ValidationError):
        parse_strategies(json.dumps(data))

    data = raw()
    data["strategies"][1]["benefits"] = ["stress", "happiness"]
    with pytest.raises(ValidationError, match="unknown benefits"):
        parse_strategies(json.dumps(data))

    data = raw()
    data["strategies"][2]["actions"][0]["situations"] = ["sleepy"]
    with pytest.raises(ValidationError):
        parse_strategies(json.dumps(data))

    data = raw()
    del data["strategies"][3]["reflection"]
    with pytest.raises(ValidationError):
        parse_strategies(json.dumps(data))

    data = raw()
    data["strategies"] = []
    with pytest.raises(ValidationError, match="at least 1"):
        parse_strategies(json.dumps(data))

    data = raw()
    data["strategies"][0]["id"] = "Not An Id"
    with pytest.raises(ValidationError, match="pattern"):
        parse_strategies(json.dumps(data))

    data = raw()
    data["strategies"][0]["actions"][1]["id"] = data["strategies"][0]["actions"][0]["id"]
    with pytest.raises(ValidationError, match="repeats an action"):
        parse_strategies(json.dumps(data))

    data = raw()
    data["insights"] = data["insights"][:9]
    with pytest.raises(ValidationError):
        parse_strategies(json.dumps(data))


def test_a_new_strategy_needs_only_its_content(monkeypatch: pytest.MonkeyPatch) -> None:
    """One new entry in strategies.json (and its hint in instruments.json) is enough:
    the id list, the untried suggestions and the check-in content all follow."""
    import kith.data.strategies as strategies_module
    from kith.data.instruments import InstrumentSet
    from kith.data.suggestions import untried

    content = raw()
    added = json.loads(json.dumps(content["strategies"][0]))
    added["id"] = "gratitude"
    added["title"] = "Say thank you"
    content["strategies"].append(added)
    parsed = parse_strategies(json.dumps(content))
    monkeypatch.setattr(strategies_module, "strategies_content", lambda: parsed)

    assert strategy_ids()[-1] == "gratitude"
    assert strategy("gratitude").title == "Say thank you"
    assert untried([])[-1] == "gratitude"

    hints = json.loads(read_content("instruments.json"))
    with pytest.raises(ValidationError, match="gratitude"):
        InstrumentSet.model_validate(hints)  # its hint is missing: the content says so
    hints["strategies"]["gratitude"] = hints["strategies"]["cultivate"]
    assert "gratitude" in InstrumentSet.model_validate(hints).strategies


def test_a_repeated_strategy_id_is_refused() -> None:
    content = raw()
    content["strategies"].append(content["strategies"][0])
    with pytest.raises(ValidationError, match="repeats"):
        parse_strategies(json.dumps(content))
