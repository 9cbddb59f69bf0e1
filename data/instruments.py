"""The loneliness self-check instruments: content models, loader, scoring and explanations.

The instruments live in ``data/content/instruments.json`` (items verbatim from
the published scales, answer options with their scores, scoring rules,
subscales, bands, citations and Kith's own explanations). The models below
check on load that the file is whole and consistent: every item points at an
answer set, scored items have scores, the declared ranges match the scores,
the bands cover the range without gaps, every suggestion names a strategy.

Scoring is a handful of small rules, each its own function:

- ``answer_score``: the score of one answer to one item (or None if unscored);
- ``sum_rule``: a total is the sum of its items' scores;
- ``subscale_score``: a subscale is the sum of its own items' scores;
- ``band_for``: the band whose range holds a total;
- ``lonely_on``: whether a subscale score counts as lonely on that dimension;
- ``loneliness_kind``: which subscales are lonely (emotional, social, both, neither);
- ``safety_met``: whether a result meets the instrument's safety rule.

``score_answers`` puts them together for one set of answers, and
``build_checkin`` turns that into a ``CheckIn`` record ready to store.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from kith.data.content import read_content
from kith.data.models import CheckIn, CheckInAnswer
from kith.data.strategies import strategy_ids

KIND_NEITHER = "neither"
KIND_BOTH = "both"
SAFETY_STRATEGY = "professional"
MAX_SUGGESTIONS = 3


class _Content(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AnswerOption(_Content):
    id: str = Field(min_length=1)
    label: str = Field(min_length=1)
    score: int | None = None


class Item(_Content):
    id: str = Field(min_length=1)
    text: str = Field(min_length=1)
    answers: str  # the id of an answer set of the instrument
    scored: bool = True
    with_introduction: bool = False


class Scoring(_Content):
    rule: Literal["sum"]
    items: list[str] = Field(min_length=1)
    min: int
    max: int


class Subscale(_Content):
    id: str = Field(min_length=1)
    label: str
    items: list[str] = Field(min_length=1)
    min: int
    max: int
    lonely_from: int  # a score from here up means lonely on this dimension
    about: str
    helps: str


class Band(_Content):
    id: str = Field(min_length=1)
    label: str  # a feeling in time, never a person: "Feeling lonely lately"
    short: str  # the same, for a table column: "Feeling lonely"
    min: int
    max: int
    meaning: str


class ScoreNote(_Content):
    min: int
    max: int
    text: str


class OwnWords(_Content):
    """How a result leads with the person's own answer to the direct question."""

    headline: str  # "You said you feel lonely often or always."
    label: str  # in a line: "you said you feel lonely often or always"
    short: str  # in a table column: "You said: often"
    home: str  # on Home, beside the score: "You said: lonely often"
    # What the result means, when this answer's own meaning differs from the
    # direct question's shared ``own_words_meaning`` (an answer saying less).
    meaning: str = ""


class DirectQuestion(_Content):
    item: str
    meanings: dict[str, str]
    # Direct answer -> the bands it says more loneliness than: then the result,
    # Home and the history lead with the person's own words, the band second.
    says_more_than: dict[str, list[str]] = Field(default_factory=dict)
    # Direct answer -> the bands it says less loneliness than ("Never" with a lonely
    # band): the person's own words lead there too, and the score is named as higher.
    says_less_than: dict[str, list[str]] = Field(default_factory=dict)
    own_words: dict[str, OwnWords] = Field(default_factory=dict)
    score_second: list[ScoreNote] = Field(default_factory=list)  # may use {total}, {max}
    own_words_meaning: str = ""

    @model_validator(mode="after")
    def _own_words_for_each(self) -> DirectQuestion:
        leading = set(self.says_more_than) | set(self.says_less_than)
        if set(self.own_words) != leading:
            raise ValueError("every answer that says more or less than a band needs its own words")
        if set(self.says_more_than) & set(self.says_less_than):
            raise ValueError("an answer cannot say both more and less than the bands")
        if leading and not (self.score_second and self.own_words_meaning):
            raise ValueError("own words need score_second and own_words_meaning")
        for note in self.score_second:
            try:
                note.text.format(total=5, max=9)
            except (KeyError, IndexError, ValueError) as error:
                raise ValueError(f"score_second uses an unknown placeholder: {error}") from error
        return self


class AboutRisk(_Content):
    """A sentence about risk, shown only with the results it concerns."""

    from_total: int
    text: str


class AnswerOrder(_Content):
    """Which way the answers run on screen, and why (issue 14)."""

    shown: str  # on screen, may use {n}: "1 is the least often, {n} the most often."
    choice: str
    reason: str


class Kind(_Content):
    label: str
    text: str


class SafetyRule(_Content):
    total_at_least: int | None = None
    direct_answers: list[str] = Field(default_factory=list)
    bands: list[str] = Field(default_factory=list)


class StrategyHint(_Content):
    title: str
    why: str


class Texts(_Content):
    signal_note: str
    safety_message: str
    change_first: str  # may use {name}
    change_same: str  # may use {name}, {when}, {points}
    change_lower: str
    change_higher: str

    @model_validator(mode="after")
    def _templates_fill(self) -> Texts:
        sample = {"name": "quick check", "when": "on 1 Nov 2026", "points": "2 points"}
        for name in ("change_first", "change_same", "change_lower", "change_higher"):
            try:
                getattr(self, name).format(**sample)
            except (KeyError, IndexError, ValueError) as error:
                raise ValueError(f"{name} uses an unknown placeholder: {error}") from error
        return self


def _score_range(options: list[AnswerOption]) -> tuple[int, int]:
    scores = [option.score for option in options if option.score is not None]
    return min(scores), max(scores)


class Instrument(_Content):
    id: str = Field(min_length=1)
    version: int = Field(ge=1)
    name: str  # in a sentence: "your last quick check"
    title: str
    short_name: str
    summary: str
    introduction: str
    answer_sets: dict[str, list[AnswerOption]]
    items: list[Item] = Field(min_length=1)
    scoring: Scoring
    subscales: list[Subscale]
    bands: list[Band] = Field(min_length=1)
    score_notes: list[ScoreNote]
    about_score: str
    about_risk: AboutRisk | None = None
    answer_order: AnswerOrder | None = None
    direct: DirectQuestion | None
    kinds: dict[str, Kind]
    safety: SafetyRule
    suggest_by: Literal["band", "kind"]
    suggestions: dict[str, list[str]]
    citations: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Instrument:
        self._check_items()
        self._check_ranges()
        self._check_bands()
        self._check_direct()
        self._check_kinds_and_suggestions()
        return self

    def _check_items(self) -> None:
        ids = [item.id for item in self.items]
        if len(set(ids)) != len(ids):
            raise ValueError(f"{self.id}: item ids repeat")
        for name, options in self.answer_sets.items():
            if not options:
                raise ValueError(f"{self.id}: answer set {name} is empty")
            option_ids = [option.id for option in options]
            if len(set(option_ids)) != len(option_ids):
                raise ValueError(f"{self.id}: answer ids repeat in {name}")
        for item in self.items:
            if item.answers not in self.answer_sets:
                raise ValueError(f"{self.id}: {item.id} uses unknown answers {item.answers}")
            has_scores = [option.score is not None for option in self.answer_sets[item.answers]]
            if item.scored and not all(has_scores):
                raise ValueError(f"{self.id}: scored item {item.id} has answers without a score")
            if not item.scored and any(has_scores):
                raise ValueError(f"{self.id}: unscored item {item.id} has scored answers")
        scored = {item.id for item in self.items if item.scored}
        for item_id in self.scoring.items:
            if item_id not in scored:
                raise ValueError(f"{self.id}: scoring uses {item_id}, not a scored item")
        for subscale in self.subscales:
            for item_id in subscale.items:
                if item_id not in scored:
                    raise ValueError(f"{self.id}: {subscale.id} uses {item_id}, not scored")

    def _declared_range_matches(self, what: str, items: list[str], low: int, high: int) -> None:
        options = [self.answer_sets[self.item(item_id).answers] for item_id in items]
        lows, highs = zip(*(_score_range(o) for o in options), strict=True)
        if (sum(lows), sum(highs)) != (low, high):
            raise ValueError(
                f"{self.id}: {what} declares {low}-{high} but its items give "
                f"{sum(lows)}-{sum(highs)}"
            )

    def _check_ranges(self) -> None:
        self._declared_range_matches("the total", self.scoring.items, *self._total_range)
        for subscale in self.subscales:
            self._declared_range_matches(subscale.id, subscale.items, subscale.min, subscale.max)
            if not subscale.min < subscale.lonely_from <= subscale.max:
                raise ValueError(f"{self.id}: {subscale.id} lonely_from is out of range")

    @property
    def _total_range(self) -> tuple[int, int]:
        return self.scoring.min, self.scoring.max

    def _check_bands(self) -> None:
        expected = self.scoring.min
        for band in self.bands:
            if band.min != expected or band.max < band.min:
                raise ValueError(f"{self.id}: band {band.id} should start at {expected}")
            expected = band.max + 1
        if expected != self.scoring.max + 1:
            raise ValueError(f"{self.id}: the bands stop before {self.scoring.max}")
        for note in self.score_notes:
            if not self.scoring.min <= note.min <= note.max <= self.scoring.max:
                raise ValueError(f"{self.id}: a score note is out of range")

    def _check_direct(self) -> None:
        band_ids = {band.id for band in self.bands}
        if not set(self.safety.bands) <= band_ids:
            raise ValueError(f"{self.id}: the safety rule names an unknown band")
        if self.direct is None:
            if self.safety.direct_answers:
                raise ValueError(f"{self.id}: safety names direct answers but there is none")
            return
        item = self.item(self.direct.item)
        if item.scored:
            raise ValueError(f"{self.id}: the direct question must be unscored")
        answer_ids = {option.id for option in self.answer_sets[item.answers]}
        if set(self.direct.meanings) != answer_ids:
            raise ValueError(f"{self.id}: every direct answer needs a meaning")
        if not set(self.safety.direct_answers) <= answer_ids:
            raise ValueError(f"{self.id}: the safety rule names an unknown direct answer")
        for name, rule in (
            ("says_more_than", self.direct.says_more_than),
            ("says_less_than", self.direct.says_less_than),
        ):
            if not set(rule) <= answer_ids:
                raise ValueError(f"{self.id}: {name} names an unknown direct answer")
            for bands in rule.values():
                if not set(bands) <= band_ids:
                    raise ValueError(f"{self.id}: {name} names an unknown band")

    def _check_kinds_and_suggestions(self) -> None:
        if self.subscales:
            expected = {KIND_NEITHER, KIND_BOTH} | {s.id for s in self.subscales}
            if set(self.kinds) != expected:
                raise ValueError(f"{self.id}: kinds should be {sorted(expected)}")
        elif self.kinds:
            raise ValueError(f"{self.id}: kinds need subscales")
        if self.suggest_by == "kind":
            if not self.subscales:
                raise ValueError(f"{self.id}: suggestions by kind need subscales")
            keys = set(self.kinds)
        else:
            keys = {band.id for band in self.bands}
        if set(self.suggestions) != keys:
            raise ValueError(f"{self.id}: suggestions should cover {sorted(keys)}")
        for ids in self.suggestions.values():
            if not 2 <= len(ids) <= MAX_SUGGESTIONS or not set(ids) <= set(strategy_ids()):
                raise ValueError(f"{self.id}: suggestions need 2-3 known strategies")

    # -- lookups -------------------------------------------------------------
    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def options(self, item_id: str) -> list[AnswerOption]:
        return self.answer_sets[self.item(item_id).answers]

    def band(self, band_id: str) -> Band | None:
        return next((band for band in self.bands if band.id == band_id), None)

    def subscale(self, subscale_id: str) -> Subscale | None:
        return next((s for s in self.subscales if s.id == subscale_id), None)

    def answer_label(self, item_id: str, answer_id: str) -> str:
        for option in self.options(item_id):
            if option.id == answer_id:
                return option.label
        return answer_id


class InstrumentSet(_Content):
    texts: Texts
    strategies: dict[str, StrategyHint]
    instruments: list[Instrument] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> InstrumentSet:
        if set(self.strategies) != set(strategy_ids()):
            raise ValueError(f"strategies should be exactly {list(strategy_ids())}")
        ids = [instrument.id for instrument in self.instruments]
        if len(set(ids)) != len(ids):
            raise ValueError("instrument ids repeat")
        return self

    def get(self, instrument_id: str) -> Instrument | None:
        return next((i for i in self.instruments if i.id == instrument_id), None)


# -- loading -----------------------------------------------------------------
@cache
def instrument_set() -> InstrumentSet:
    """All instruments, validated (read once)."""
    return InstrumentSet.model_validate_json(read_content("instruments.json"))


def find_instrument(instrument_id: str) -> Instrument | None:
    return instrument_set().get(instrument_id)


def instrument(instrument_id: str) -> Instrument:
    """The instrument with this id; KeyError if there is none."""
    found = find_instrument(instrument_id)
    if found is None:
        raise KeyError(instrument_id)
    return found


# -- scoring rules (one small function each) -----------------------------------
def answer_score(inst: Instrument, item_id: str, answer_id: str) -> int | None:
    """The score of ``answer_id`` to ``item_id``; None for an unscored item.

    Raises ValueError for an answer the item does not offer.
    """
    for option in inst.options(item_id):
        if option.id == answer_id:
            return option.score
    raise ValueError(f"{answer_id!r} is not an answer to {item_id!r}")


def sum_rule(scores: Iterable[int]) -> int:
    """A total is the plain sum of its items' scores (no item is reverse-scored
    here: reversed items carry their reversed scores in the content)."""
    return sum(scores)


def subscale_score(subscale: Subscale, item_scores: Mapping[str, int]) -> int:
    """A subscale is the sum of its own items' scores."""
    return sum_rule(item_scores[item_id] for item_id in subscale.items)


def band_for(bands: Iterable[Band], total: int) -> Band:
    """The band whose range holds ``total``; ValueError if none does."""
    for band in bands:
        if band.min <= total <= band.max:
            return band
    raise ValueError(f"no band holds {total}")


def lonely_on(subscale: Subscale, score: int) -> bool:
    """Whether a subscale score counts as lonely on that dimension."""
    return score >= subscale.lonely_from


def loneliness_kind(inst: Instrument, subscales: Mapping[str, int]) -> str | None:
    """Which kinds of loneliness the subscales show: a subscale id, "both" or
    "neither"; None for an instrument without subscales."""
    if not inst.subscales:
        return None
    lonely = [s.id for s in inst.subscales if lonely_on(s, subscales.get(s.id, 0))]
    if not lonely:
        return KIND_NEITHER
    if len(lonely) == len(inst.subscales):
        return KIND_BOTH
    return lonely[0]


def safety_met(rule: SafetyRule, total: int, band: str, direct_answer: str | None) -> bool:
    """Whether a result meets the safety rule (any one of its conditions)."""
    if rule.total_at_least is not None and total >= rule.total_at_least:
        return True
    if direct_answer is not None and direct_answer in rule.direct_answers:
        return True
    return band in rule.bands


# -- putting the rules together --------------------------------------------------
@dataclass(frozen=True)
class Scored:
    """One set of answers, scored."""

    answers: list[CheckInAnswer]
    total: int
    subscales: dict[str, int]
    band: Band
    direct_answer: str | None


def score_answers(inst: Instrument, answers: Mapping[str, str]) -> Scored:
    """Score a complete set of answers (item id -> answer id).

    Raises ValueError if an item is unanswered, an item is unknown, or an
    answer is not one the item offers.
    """
    known = {item.id for item in inst.items}
    unknown = set(answers) - known
    if unknown:
        raise ValueError(f"unknown items: {sorted(unknown)}")
    missing = [item.id for item in inst.items if item.id not in answers]
    if missing:
        raise ValueError(f"unanswered: {missing}")
    records: list[CheckInAnswer] = []
    item_scores: dict[str, int] = {}
    for item in inst.items:
        score = answer_score(inst, item.id, answers[item.id])
        records.append(CheckInAnswer(item_id=item.id, answer_id=answers[item.id], score=score))
        if score is not None:
            item_scores[item.id] = score
    total = sum_rule(item_scores[item_id] for item_id in inst.scoring.items)
    subscales = {s.id: subscale_score(s, item_scores) for s in inst.subscales}
    direct = answers[inst.direct.item] if inst.direct is not None else None
    return Scored(records, total, subscales, band_for(inst.bands, total), direct)


def build_checkin(
    inst: Instrument, answers: Mapping[str, str], taken_at: datetime, note: str = ""
) -> CheckIn:
    """A CheckIn record for these answers, with everything needed to read it later."""
    scored = score_answers(inst, answers)
    return CheckIn(
        instrument_id=inst.id,
        instrument_version=inst.version,
        taken_at=taken_at,
        answers=scored.answers,
        total=scored.total,
        subscales=scored.subscales,
        band=scored.band.id,
        band_label=scored.band.label,
        direct_answer=scored.direct_answer,
        note=note,
    )


# -- explanations ----------------------------------------------------------------
def score_notes(inst: Instrument, total: int) -> list[str]:
    """Extra words for particular scores (e.g. a score right at the edge)."""
    return [note.text for note in inst.score_notes if note.min <= total <= note.max]


def direct_meaning(inst: Instrument, answer_id: str | None) -> str | None:
    if inst.direct is None or answer_id is None:
        return None
    return inst.direct.meanings.get(answer_id)


def suggested_strategies(
    inst: Instrument, band: str, subscales: Mapping[str, int], *, safety: bool
) -> list[str]:
    """Two or three strategy ids that fit this result, best first.

    By band or by kind of loneliness (as the content says); when the safety
    rule is met, seeking professional help comes first.
    """
    by_kind = inst.suggest_by == "kind"
    key = (loneliness_kind(inst, subscales) or KIND_NEITHER) if by_kind else band
    ids = list(inst.suggestions.get(key, []))
    if safety and SAFETY_STRATEGY not in ids:
        ids = [SAFETY_STRATEGY, *ids][:MAX_SUGGESTIONS]
    return ids
