"""Every key, on ``?`` or ``f1``: the screen's own keys and Kith's global ones, in words.

Only Kith's own bindings are listed (each has an id); the keys Textual's widgets
bind for themselves ("Scroll Left", "Page Left") are left out. The page scrolls
with ``j``/``k``, the arrows, page up/down and home/end, and the way to close it
stays in view below the page.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.keys import format_key
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
    ("home / end", "First or last row"),
    ("page up / down", "A page up or down"),
    ("enter", "Open"),
    ("n / e / d", "New, edit, delete (asks first)"),
    ("/", "Filter as you type"),
)
FORM_KEYS: tuple[tuple[str, str], ...] = (
    ("tab / shift+tab", "Next or previous field"),
    ("letters, 1 … 5", "Pick a choice without opening it (see its hint)"),
    ("enter", "Open a list of choices"),
    ("ctrl+s", "Save"),
    ("escape", "Cancel (asks first if you typed something)"),
)

KEY_NAMES = {
    "pageup": "page up",
    "pagedown": "page down",
    "space": "space",
    "enter": "enter",
    "escape": "escape",
    "tab": "tab",
    "delete": "delete",
    "backspace": "backspace",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
}


def key_words(key: str) -> str:
    """A key as a person reads it: ``[`` not ``left_square_bracket``, ``page up``
    not ``pageup``, ``ctrl+s`` as it is."""
    *modifiers, name = key.split("+")
    word = KEY_NAMES.get(name) or format_key(name)
    return "+".join([*modifiers, word])


def _table(title: str, rows: Sequence[tuple[str, str]]) -> Content:
    lines = [Content.from_markup("[b $accent]$title[/]", title=title)]
    for key, text in rows:
        lines.append(Content.from_markup("  [b]$key[/]", key=key.ljust(16)) + Content(text))
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close", id="help.close"),
        Binding("j", "scroll(1)", "Scroll down", show=False, id="help.down"),
        Binding("k", "scroll(-1)", "Scroll up", show=False, id="help.up"),
    ]

    def __init__(
        self,
        screen_keys: list[tuple[str, str]],
        screen_name: str,
        focus_keys: list[tuple[str, str]] | None = None,
    ) -> None:
        super().__init__(classes="help")
        self.screen_keys = screen_keys
        self.screen_name = screen_name
        self.focus_keys = focus_keys or []

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content.from_markup("[b]Kith keys[/]"), classes="title")
            with VerticalScroll(id="help-body"):
                if self.screen_keys:
                    yield Static(_table(f"On this screen ({self.screen_name})", self.screen_keys))
                if self.focus_keys:
                    yield Static(_table("Where the cursor is", self.focus_keys))
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
            yield Static(
                Content.from_markup(
                    "[b]escape[/] closes · [b]j k[/], arrows and [b]page up/down[/] scroll"
                ),
                classes="hint",
                id="help-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#help-body", VerticalScroll).focus()

    def action_scroll(self, step: int) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        # From where the last key left it, so quick presses add up.
        target = max(0, min(body.max_scroll_y, round(body.scroll_target_y) + step))
        body.scroll_to(y=target, animate=False, immediate=True)
