"""A scrolling pane that says when it holds more than it shows.

While part of its content is below the fold, a line docked at its bottom says
so ("▼ more below") and how to get there (``more_keys``, such as "tab, then ↓").
The line stays (blank at the end) while the content is taller than the pane,
so it never changes how far the pane scrolls while it is read.
Focused, it scrolls by ``j``/``k`` as well as the arrows, page up/down, home/end.
"""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static


class ScrollPane(VerticalScroll):
    """A ``VerticalScroll`` with a "more below" line and j/k scrolling."""

    BINDINGS = [
        Binding("j,down", "line(1)", "Scroll down", show=False, id="pane.down"),
        Binding("k,up", "line(-1)", "Scroll up", show=False, id="pane.up"),
    ]

    DEFAULT_CSS = """
    ScrollPane > .more-below {
        dock: bottom;
        height: 1;
        width: 1fr;
        padding: 0 1;
        text-align: right;
        color: $text-accent;
        background: $panel;
        display: none;
    }
    ScrollPane.-scrolls > .more-below { display: block; }
    """

    def __init__(self, *children: Any, more_keys: str = "", **kwargs: Any) -> None:
        super().__init__(*children, **kwargs)
        self.more_keys = more_keys

    def on_mount(self) -> None:
        self.mount(Static(self._more_text(), classes="more-below"))
        self.watch(self, "scroll_y", self._update_more, init=False)
        self.watch(self, "virtual_size", self._update_more, init=False)

    def on_resize(self) -> None:
        self._update_more()

    def on_focus(self) -> None:
        self._show_text()

    def on_blur(self) -> None:
        self._show_text()

    def on_descendant_focus(self) -> None:
        self._show_text()

    def on_descendant_blur(self) -> None:
        self._show_text()

    def _show_text(self) -> None:
        for marker in self.query_children(".more-below").results(Static):
            marker.update(self._more_text())

    def _more_text(self) -> Content:
        if not self.has_more_below:
            return Content("▲ the end · ↑ or k" if self.has_focus_within else "")
        words = "▼ more below"
        keys = "↓ or j" if self.has_focus_within else self.more_keys
        if keys:
            words += f" · {keys}"
        return Content(words)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # j/k/↑/↓ scroll the pane only when the pane itself has focus: a list inside
        # it (a strategy's steps) keeps its own keys.
        if action == "line":
            return self.has_focus
        return True

    def action_line(self, step: int) -> None:
        """One line, from where the last key left it (quick presses add up)."""
        target = max(0, min(self.max_scroll_y, round(self.scroll_target_y) + step))
        self.scroll_to(y=target, animate=False, immediate=True)

    @property
    def has_more_below(self) -> bool:
        return round(self.scroll_y) < self.max_scroll_y

    def _update_more(self, *_: object) -> None:
        # The line is there whenever the content is taller than the pane (so it does
        # not come and go while the pane is read); its words say if more is below.
        # Shown, it takes a line of the pane: one more line to scroll.
        shown = self.has_class("-scrolls")
        self.set_class(self.max_scroll_y > (1 if shown else 0), "-scrolls")
        self.set_class(self.has_more_below, "-more")
        self._show_text()
