"""A check-in result in plain words: score, meaning, change, kinds, help, resources.

``CheckinResultView(result)`` takes a ``Result`` of plain values and models
(built by the screen from ``data/``); it never touches the store.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from kith.data.checkins import Change, own_words_meaning, reading
from kith.data.instruments import (
    Instrument,
    StrategyHint,
    Texts,
    direct_meaning,
    loneliness_kind,
    lonely_on,
    score_notes,
)
from kith.data.models import CheckIn
from kith.widgets.crisis import CrisisPanel


@dataclass(frozen=True)
class Result:
    """Everything one result view shows."""

    checkin: CheckIn
    instrument: Instrument | None  # None if the instrument is no longer known
    texts: Texts
    taken_local: datetime
    change: Change | None = None
    change_when: str = ""  # "on 6 Nov 2026" or "earlier the same day"
    safety: bool = False
    strategies: list[tuple[str, StrategyHint]] = field(default_factory=list)


def when_text(moment: datetime) -> str:
    return f"{moment:%a} {moment.day} {moment:%b %Y, %H:%M}"


def score_gauge(total: int, low: int, high: int, width: int = 21) -> Content:
    """``3 ━━━━━━●━━━━ 9``: where a total sits in its range."""
    span = max(1, high - low)
    position = round((min(max(total, low), high) - low) / span * (width - 1))
    left = "━" * position
    right = "━" * (width - 1 - position)
    return Content.from_markup(
        "[dim]$low[/] [$accent]$left[/][b $accent]●[/][dim]$right[/] [dim]$high[/]",
        low=str(low),
        high=str(high),
        left=left,
        right=right,
    )


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def heading(text: str) -> Static:
    return Static(Content.from_markup("[b $accent]$text[/]", text=text), classes="result-heading")


def para(content: Content | str, classes: str = "result-text") -> Static:
    return Static(content if isinstance(content, Content) else Content(content), classes=classes)


class CheckinResultView(VerticalScroll):
    """The whole result, scrollable."""

    DEFAULT_CSS = """
    CheckinResultView { height: 1fr; padding: 0 1; }
    CheckinResultView #result-title { padding-top: 1; }
    CheckinResultView .result-text { padding-left: 2; margin-bottom: 1; }
    CheckinResultView .result-muted { padding-left: 2; margin-bottom: 1; color: $text-muted; }
    CheckinResultView .result-score { padding-left: 2; }
    CheckinResultView .result-spacer { height: 1; }
    CheckinResultView .result-signal { padding-left: 0; }
    CheckinResultView .result-item { padding-left: 2; }
    CheckinResultView .result-why { padding-left: 4; margin-bottom: 1; color: $text-muted; }
    CheckinResultView CrisisPanel { margin: 0 0 1 2; }
    """

    def __init__(self, result: Result, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.result = result

    def compose(self) -> ComposeResult:
        yield from self.score_part()
        yield from self.meaning_part()
        if self.result.safety:
            yield from self.safety_part()
        yield from self.kind_part()
        yield heading("Since last time")
        yield para(_first_upper(self._change_text()))
        yield from self.strategy_part()
        yield from self.about_part()

    def _change_text(self) -> str:
        result = self.result
        texts = result.texts
        name = result.instrument.name if result.instrument else "check"
        change = result.change
        if change is None:
            return texts.change_first.format(name=name)
        size = abs(change.delta)
        points = f"{size} point{'' if size == 1 else 's'}"
        template = texts.change_same
        if change.delta < 0:
            template = texts.change_lower
        elif change.delta > 0:
            template = texts.change_higher
        return template.format(name=name, when=result.change_when, points=points)

    # -- parts ---------------------------------------------------------------
    def score_part(self) -> Iterable[Widget]:
        result, checkin, inst = self.result, self.result.checkin, self.result.instrument
        title = inst.title if inst else checkin.instrument_id
        yield Static(
            Content.from_markup(
                "[b]$title[/]  [dim]$when[/]", title=title, when=when_text(result.taken_local)
            ),
            id="result-title",
        )
        if inst is None:
            yield para(
                Content.from_markup(
                    "Score [b]$total[/] · [b]$band[/]",
                    total=str(checkin.total),
                    band=reading(checkin).headline,
                ),
                "result-score",
            )
            yield Static("", classes="result-spacer")
            yield from self.signal_part()
            return
        low, high = inst.scoring.min, inst.scoring.max
        words = reading(checkin)
        if words.own_words_lead:
            # The person's own answer says more than the band: it leads (issue 14).
            yield para(Content.from_markup("[b]$text[/]", text=words.headline), "result-score")
            yield para(Content(words.second), "result-score")
        else:
            yield para(
                Content.from_markup(
                    "Your score: [b]$total[/] (from $low to $high) · [b]$band[/]",
                    total=str(checkin.total),
                    low=str(low),
                    high=str(high),
                    band=words.headline,
                ),
                "result-score",
            )
        yield para(score_gauge(checkin.total, low, high), "result-score")
        if inst.subscales:
            yield from self.subscale_lines(inst)
        yield Static("", classes="result-spacer")
        yield from self.signal_part()

    def signal_part(self) -> Iterable[Widget]:
        yield para(self.result.texts.signal_note, "result-muted result-signal")
        if self.result.safety:
            yield para(
                Content.from_markup(
                    "[b]Support is close by:[/] helplines are listed below, and [b]![/] opens "
                    "them at any time."
                ),
                "result-text result-signal",
            )

    def meaning_part(self) -> Iterable[Widget]:
        checkin, inst = self.result.checkin, self.result.instrument
        yield heading("What it means")
        if inst is None:
            return
        band = inst.band(checkin.band)
        direct = direct_meaning(inst, checkin.direct_answer)
        if reading(checkin).own_words_lead and inst.direct is not None and direct:
            # Never a band meaning that contradicts what the person said.
            assert checkin.direct_answer is not None  # own words lead only with one
            meaning = own_words_meaning(inst, checkin.direct_answer)
            # The headline already said it when the meaning is only the answer itself.
            said = [] if direct == reading(checkin).headline else [direct]
            lines = [*said, meaning, *score_notes(inst, checkin.total)]
        else:
            lines = [band.meaning] if band else []
            lines += score_notes(inst, checkin.total)
            if direct:
                lines.append(direct)
        for line in lines:
            yield para(line)

    def subscale_lines(self, inst: Instrument) -> Iterable[Widget]:
        checkin = self.result.checkin
        width = max(len(s.label) for s in inst.subscales)
        for subscale in inst.subscales:
            score = checkin.subscales.get(subscale.id, 0)
            lonely = lonely_on(subscale, score)
            yield para(
                Content.from_markup(
                    "$label  [b]$score[/] of $max  $state",
                    label=subscale.label.ljust(width),
                    score=str(score),
                    max=str(subscale.max),
                    state=("lonely on this side" if lonely else "not lonely on this side"),
                ),
                "result-score",
            )

    def kind_part(self) -> Iterable[Widget]:
        checkin, inst = self.result.checkin, self.result.instrument
        if inst is None or not inst.subscales:
            return
        kind = loneliness_kind(inst, checkin.subscales)
        if kind is None or kind not in inst.kinds:
            return
        yield heading("Which kind of loneliness")
        yield para(inst.kinds[kind].text)
        for subscale in inst.subscales:
            if kind in (subscale.id, "both"):
                yield para(
                    Content.from_markup(
                        "[b]$label[/] is $about. What tends to help is $helps",
                        label=subscale.label,
                        about=subscale.about,
                        helps=subscale.helps,
                    )
                )

    def safety_part(self) -> Iterable[Widget]:
        yield heading("You don't have to carry this alone")
        yield para(self.result.texts.safety_message)
        yield CrisisPanel(compact=True, id="result-crisis")

    def strategy_part(self) -> Iterable[Widget]:
        if not self.result.strategies:
            return
        yield heading("Things that may help")
        for _, hint in self.result.strategies:
            yield para(Content.from_markup("[b]$title[/]", title=hint.title), "result-item")
            yield para(hint.why, "result-why")
        yield para(
            Content.from_markup("Press [b]s[/] to open these in Strategies."), "result-muted"
        )

    def about_part(self) -> Iterable[Widget]:
        checkin, inst = self.result.checkin, self.result.instrument
        if checkin.note:
            yield heading("Your note")
            yield para(Content(checkin.note))
        yield heading("About this check")
        if inst is not None:
            yield para(inst.about_score, "result-muted")
            risk = inst.about_risk
            if risk is not None and checkin.total >= risk.from_total:
                # Only with the results it concerns.
                yield para(risk.text, "result-text about-risk")
            for citation in inst.citations:
                yield para(citation, "result-muted")
        yield para(Content(f"Version {checkin.instrument_version} of this check."), "result-muted")
