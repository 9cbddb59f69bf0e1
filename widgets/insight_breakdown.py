"""A small titled breakdown drawn as text bars: ``In person  ██████░░░░  12  40%``.

The bars take whatever width is left beside the labels and figures, so the
same widget reads well in a third of 120 columns and across 80.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual import events
from textual.content import Content
from textual.widgets import Static


@dataclass(frozen=True)
class BreakdownRow:
    label: str
    value: float  # what the bar length is proportional to
    detail: str  # the figures shown after the bar
    highlight: bool = False


def bar(value: float, most: float, width: int) -> tuple[str, str]:
    """The filled and empty parts of a bar ``width`` cells wide."""
    if width <= 0:
        return "", ""
    filled = 0 if most <= 0 else round(width * value / most)
    if value > 0:
        filled = max(1, filled)
    filled = min(width, filled)
    return "█" * filled, "░" * (width - filled)


class BreakdownBars(Static):
    """Rows of label, bar and figures under a border title; a note when empty."""

    DEFAULT_CSS = """
    BreakdownBars {
        height: auto;
        border: round $primary 40%;
        border-title-color: $text;
        padding: 0 1;
    }
    """

    MAX_BAR = 24
    MIN_BAR = 4

    def __init__(
        self,
        title: str,
        *,
        empty: str = "Nothing logged in these weeks yet.",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.border_title = title
        self.empty = empty
        self.rows: list[BreakdownRow] = []
        self.note = ""
        self.redraws = 0  # how many times ``show`` drew new rows

    def show(self, rows: Sequence[BreakdownRow], note: str = "") -> None:
        """Show ``rows``; the same rows as shown already are not drawn again."""
        if self.redraws and self.rows == list(rows) and self.note == note:
            return
        self.redraws += 1
        self.rows = list(rows)
        self.note = note
        self.update(self._content(self.content_size.width))

    def on_resize(self, event: events.Resize) -> None:
        self.update(self._content(self.content_size.width))

    def _content(self, width: int) -> Content:
        if not self.rows:
            return Content(self.empty).stylize("dim")
        most = max(row.value for row in self.rows)
        detail_width = max(len(row.detail) for row in self.rows)
        longest = max(len(row.label) for row in self.rows)
        if width <= 0:
            label_width, bar_width = min(longest, 16), 12
        else:
            label_width = min(longest, max(8, width - detail_width - 2 - self.MIN_BAR * 2))
            room = width - label_width - detail_width - 2
            bar_width = max(self.MIN_BAR, min(self.MAX_BAR, room))
        lines: list[Content] = []
        for row in self.rows:
            label = row.label
            if len(label) > label_width:
                label = label[: label_width - 1] + "…"
            filled, rest = bar(row.value, most, bar_width)
            lines.append(
                Content.assemble(
                    (label.ljust(label_width + 1), "bold" if row.highlight else ""),
                    (filled, "$success" if row.highlight else "$primary"),
                    (rest, "$primary 25%"),
                    " ",
                    row.detail.rjust(detail_width),
                )
            )
        if self.note:
            lines.append(Content(self.note).stylize("dim"))
        return Content("\n").join(lines)
