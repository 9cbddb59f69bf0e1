"""The seven ways to build connection, as content (``data/content/strategies.json``).

The JSON holds the five benefits of connection, the seven strategies with
their small actions and reflection prompts, how to find a therapist or
counsellor, and the short rotating insights Home shows. Everything is
validated here on load, so a typo in the file fails at once (and in the
tests), not in front of a user.

    strategy("listen").actions[0].text
    insights()[0]
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from kith.data.content import read_content

BENEFIT_IDS: tuple[str, ...] = ("stress", "resilience", "self_esteem", "isolation", "wellbeing")


class Situation(StrEnum):
    """When an action fits: how much energy and time there is, or feeling shy."""

    LITTLE_ENERGY = "little_energy"
    SOME_TIME = "some_time"
    SHY = "shy"
    BUSY = "busy"

    @property
    def label(self) -> str:
        return SITUATION_LABELS[self]


SITUATION_LABELS: dict[Situation, str] = {
    Situation.LITTLE_ENERGY: "Little energy",
    Situation.SOME_TIME: "Some time",
    Situation.SHY: "Feeling shy",
    Situation.BUSY: "Busy week",
}


class _Content(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Benefit(_Content):
    """One way connection supports mental health."""

    id: str
    title: str = Field(min_length=1, max_length=40)
    text: str = Field(min_length=20)


class Action(_Content):
    """A small, concrete, doable step."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)
    text: str = Field(min_length=10, max_length=120)
    situations: tuple[Situation, ...] = Field(min_length=1)


class Strategy(_Content):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)
    title: str = Field(min_length=1, max_length=60)
    short_title: str = Field(min_length=1, max_length=24)  # for narrow lists
    summary: str = Field(min_length=1, max_length=70)
    explanation: str = Field(min_length=40)
    benefits: tuple[str, ...] = Field(min_length=1)
    actions: tuple[Action, ...] = Field(min_length=6)
    reflection: str = Field(min_length=10)

    @model_validator(mode="after")
    def _unique_actions(self) -> Self:
        ids = [action.id for action in self.actions]
        if len(ids) != len(set(ids)):
            raise ValueError(f"Strategy {self.id!r} repeats an action id.")
        if len(self.benefits) != len(set(self.benefits)):
            raise ValueError(f"Strategy {self.id!r} lists a benefit twice.")
        return self

    def action(self, action_id: str) -> Action | None:
        for action in self.actions:
            if action.id == action_id:
                return action
        return None

    def actions_for(self, situation: Situation | None) -> tuple[Action, ...]:
        """The actions that fit ``situation`` (all of them for ``None``)."""
        if situation is None:
            return self.actions
        return tuple(a for a in self.actions if situation in a.situations)


class Way(_Content):
    title: str = Field(min_length=1)
    text: str = Field(min_length=1)


class FindingHelp(_Content):
    """How to find a therapist or counsellor (no phone numbers here on purpose)."""

    title: str
    intro: str
    ways: tuple[Way, ...] = Field(min_length=3)


class StrategiesContent(_Content):
    version: int = Field(ge=1)
    intro: str
    benefits: tuple[Benefit, ...]
    strategies: tuple[Strategy, ...] = Field(min_length=1)
    finding_help: FindingHelp
    insights: tuple[str, ...] = Field(min_length=10)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        benefit_ids = tuple(b.id for b in self.benefits)
        if benefit_ids != BENEFIT_IDS:
            raise ValueError(f"The benefits must be {BENEFIT_IDS}, in order; found {benefit_ids}.")
        strategy_ids = [s.id for s in self.strategies]
        if len(strategy_ids) != len(set(strategy_ids)):
            raise ValueError(f"A strategy id repeats: {strategy_ids}.")
        for item in self.strategies:
            unknown = [b for b in item.benefits if b not in benefit_ids]
            if unknown:
                raise ValueError(f"Strategy {item.id!r} names unknown benefits {unknown}.")
        for line in self.insights:
            if not line.strip() or len(line) > 90 or "\n" in line:
                raise ValueError(f"An insight must be one short line: {line!r}.")
        return self


def parse_strategies(raw: bytes | str) -> StrategiesContent:
    """Validate a strategies file's text (raises pydantic's ValidationError)."""
    return StrategiesContent.model_validate_json(raw)


@cache
def strategies_content() -> StrategiesContent:
    """The shipped content, read and validated once."""
    return parse_strategies(read_content("strategies.json"))


def strategies() -> tuple[Strategy, ...]:
    return strategies_content().strategies


def strategy_ids() -> tuple[str, ...]:
    """Every strategy's id, in the content file's order: the one list of them.

    Adding a strategy is one new entry in ``strategies.json`` (plus its hint in
    ``instruments.json``, which checks that every strategy has one)."""
    return tuple(item.id for item in strategies())


def strategy(strategy_id: str) -> Strategy:
    """One strategy by id; ``KeyError`` for an unknown id."""
    for item in strategies():
        if item.id == strategy_id:
            return item
    raise KeyError(strategy_id)


def find_strategy(strategy_id: str | None) -> Strategy | None:
    """One strategy by id, or None (for stored ids that may be unknown or missing)."""
    if strategy_id is None:
        return None
    try:
        return strategy(strategy_id)
    except KeyError:
        return None


def benefits() -> tuple[Benefit, ...]:
    return strategies_content().benefits


def benefit(benefit_id: str) -> Benefit:
    for item in benefits():
        if item.id == benefit_id:
            return item
    raise KeyError(benefit_id)


def finding_help() -> FindingHelp:
    return strategies_content().finding_help


def insights() -> tuple[str, ...]:
    """Short one-line insights about connection, for Home to rotate through."""
    return strategies_content().insights


def insight_for(index: int) -> str:
    """The insight at ``index``, wrapping round (e.g. the day number)."""
    lines = insights()
    return lines[index % len(lines)]
