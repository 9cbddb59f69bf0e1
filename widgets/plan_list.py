"""A week's planned actions with their state, as an ``OptionList`` (ids are item ids)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from kith.data.models import FELT_LABELS, PlanItem, PlanState
from kith.data.plan import day_label
from kith.widgets.strategy_rows import foreground, hanging, line
from kith.widgets.text import one_line

STATE_MARKS: dict[PlanState, str] = {
    PlanState.PLANNED: "○",
    PlanState.DONE: "✓",
    PlanState.SKIPPED: "–",
}


@dataclass(frozen=True)
class PlanRow:
    """One item and the names to show with it."""

    item: PlanItem
    person: str | None = None
    strategy: str | None = None
    carried_on: bool = False  # a copy of it is in the next week
    carried_in: bool = False  # it came from an earlier week


def row_prompt(row: PlanRow, styles: dict[str, Style] | None = None) -> Table:
    """The row as a mark and up to four lines: the action; state, day, person and
    strategy; how it felt; the reflection and where it was carried."""
    style = styles or {}
    item = row.item
    state_style = style.get(item.state.value, Style())
    detail = style.get("detail", Style())
    note = style.get("note", Style())
    text_style = style.get("skipped", Style()) if item.state is PlanState.SKIPPED else Style()
    lines = [line((item.text, text_style))]
    details = [item.state.value]
    if item.day is not None:
        details.append(day_label(item.day))
    if row.person:
        details.append(f"with {row.person}")
    if row.strategy:
        details.append(row.strategy)
    lines.append(line((details[0], state_style), (" · ".join(["", *details[1:]]), detail)))
    extras: list[str] = []
    if item.state is PlanState.DONE and item.felt is not None:
        extras.append(f"felt {item.felt}/5 ({FELT_LABELS[item.felt].lower()})")
    if row.carried_in:
        extras.append("carried over from an earlier week")
    if row.carried_on:
        extras.append("carried on to a later week")
    if extras:
        lines.append(line((" · ".join(extras), note)))
    if item.reflection:
        lines.append(line(("“" + one_line(item.reflection, 200) + "”", note)))
    return hanging(Text(STATE_MARKS[item.state], style=state_style), lines)


class PlanList(OptionList):
    """``show(rows)`` rebuilds the list, keeping the highlighted item if it is still there."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "plan-list--planned",
        "plan-list--done",
        "plan-list--skipped",
        "plan-list--detail",
        "plan-list--note",
    }
    DEFAULT_CSS = """
    PlanList > .plan-list--planned { color: $text-accent; }
    PlanList > .plan-list--done { color: $text-success; text-style: bold; }
    PlanList > .plan-list--skipped { color: $text-muted; }
    PlanList > .plan-list--detail { color: $text-muted; }
    PlanList > .plan-list--note { color: $text-muted; text-style: italic; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._rows: list[PlanRow] = []
        self._drawn_with: dict[str, Style] = {}

    def _styles(self) -> dict[str, Style]:
        names = ("planned", "done", "skipped", "detail", "note")
        return {
            name: foreground(self.get_component_rich_style(f"plan-list--{name}")) for name in names
        }

    def show(self, rows: Sequence[PlanRow], *, highlight: str | None = None) -> None:
        current = highlight or self.highlighted_id
        self._rows = list(rows)
        styles = self._drawn_with = self._styles()
        self.set_options([Option(row_prompt(row, styles), id=row.item.id) for row in rows])
        ids = [row.item.id for row in rows]
        if ids:
            self.highlighted = ids.index(current) if current in ids else 0

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if self._rows and self._styles() != self._drawn_with:
            self.call_later(self.show, self._rows)  # a new theme: redraw in its colours

    @property
    def highlighted_id(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None else None
