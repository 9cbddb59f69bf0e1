"""Every key, on ``?`` or ``f1``: the screen's own keys and Kith's global ones."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

GLOBAL_KEYS: tuple[tuple[str, str], ...] = (
    ("1 … 5", "Home, Check-in, Strategies, People, Insights"),
    ("ctrl+p", "Command palette: every action by name"),
    ("? / f1", "This help"),
    ("! / f2", "Support and crisis resources"),
    ("escape", "Back, or cancel a form"),
    ("q", "Quit (when not typing)"),
    ("ctrl+q", "Quit, always"),
)
LIST_KEYS: tuple[tuple[str, str], ...] = (
    ("↑ ↓ / j k", "Move in a list"),
    ("enter", "Open"),
    ("n / e / d", "New, edit, delete (asks first)"),
    ("/", "Filter as you type"),
)
FORM_KEYS: tuple[tuple[str, str], ...] = (
    ("tab / shift+tab", "Next or previous field"),
    ("ctrl+s", "Save"),
    ("escape", "Cancel (asks first if you typed something)"),
)


def _table(title: str, rows: tuple[tuple[str, str], ...] | list[tuple[str, str]]) -> Content:
    lines = [Content.from_markup("[b $accent]$title[/]", title=title)]
    for key, text in rows:
        lines.append(Content.from_markup("  [b]$key[/]", key=key.ljust(16)) + Content(text))
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", "Close", id="help.close")]

    def __init__(self, screen_keys: list[tuple[str, str]], screen_name: str) -> None:
        super().__init__(classes="help")
        self.screen_keys = screen_keys
        self.screen_name = screen_name

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog"):
            yield Static(Content.from_markup("[b]Kith keys[/]"), classes="title")
            if self.screen_keys:
                yield Static(_table(f"On this screen ({self.screen_name})", self.screen_keys))
            yield Static(_table("Everywhere", GLOBAL_KEYS))
            yield Static(_table("In lists", LIST_KEYS))
            yield Static(_table("In forms", FORM_KEYS))
            yield Static(
                Content(
                    "Kith is not therapy or a crisis service. If you are in danger, call "
                    "your local emergency number (911, 999, 112, 000), or press ! for "
                    "free helplines that are open day and night."
                ),
                classes="note",
            )
            yield Static(Content("Press escape to close."), classes="hint")
