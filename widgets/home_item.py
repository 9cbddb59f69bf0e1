"""One thing on Home you can move to and open: a person, the check-in, the plan, a first step.

It shows Content (the screen builds it safely from user text), takes focus,
and on ``enter`` or a click posts ``HomeItem.Opened`` with what it stands for.
The screen decides what opening means, so the widget never touches the store.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widget import Widget


@dataclass(frozen=True)
class Target:
    """What an item opens: ``kind`` (contact, checkin, plan, ...) and an optional id."""

    kind: str
    key: str = ""


class HomeItem(Widget, can_focus=True):
    """A focusable line (or a few) on Home: ``left`` text, and ``right`` text kept at the
    right edge (the left side is shortened with an ellipsis when space runs out)."""

    DEFAULT_CSS = """
    HomeItem {
        height: auto;
        padding: 0 1;
    }
    HomeItem.-unused {
        display: none;
    }
    HomeItem:hover {
        background: $boost;
    }
    HomeItem:focus {
        background: $primary 25%;
    }
    """

    BINDINGS = [Binding("enter", "open", "Open", id="home.open")]

    @dataclass
    class Opened(Message):
        item: HomeItem
        target: Target

    def __init__(
        self,
        left: Content | None = None,
        target: Target | None = None,
        *,
        right: Content | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.left = left if left is not None else Content("")
        self.right = right if right is not None else Content("")
        self.target = target

    def show(self, left: Content, target: Target | None, right: Content | None = None) -> None:
        """Change what this item says and opens; an item without a target is hidden."""
        self.left = left
        self.right = right if right is not None else Content("")
        self.target = target
        self.set_class(target is None, "-unused")
        self.refresh(layout=True)

    def render(self) -> Content:
        """One line per line of ``left``, never wrapped: cut with an ellipsis to fit."""
        width = self.content_size.width
        if width <= 0:
            return Content.assemble(self.left, "  ", self.right)
        lines = self.left.split("\n")
        right = self.right
        if right.cell_length:
            room = width - right.cell_length - 1
            if room < 8:  # too narrow for both: the right side goes
                right, room = Content(""), width
            first = lines[0].truncate(room, ellipsis=True, pad=bool(right.cell_length))
            lines[0] = Content.assemble(first, " ", right) if right.cell_length else first
        else:
            lines[0] = lines[0].truncate(width, ellipsis=True)
        lines[1:] = [line.truncate(width, ellipsis=True) for line in lines[1:]]
        return Content("\n").join(lines)

    def action_open(self) -> None:
        if self.target is not None:
            self.post_message(self.Opened(self, self.target))

    def on_click(self, event: events.Click) -> None:
        self.focus()
        self.action_open()
