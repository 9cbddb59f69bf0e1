"""The row of section names under the header: which section is open, and its key."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("1", "home", "Home"),
    ("2", "checkin", "Check-in"),
    ("3", "strategies", "Strategies"),
    ("4", "people", "People"),
    ("5", "insights", "Insights"),
)


class SectionBar(Static):
    """Shows ``1 Home  2 Check-in ...`` with the current section highlighted."""

    DEFAULT_CSS = """
    SectionBar {
        height: 1;
        padding: 0 1;
        background: $panel;
        color: $text-muted;
    }
    """

    def __init__(self, current: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.current = current

    def render(self) -> Content:
        parts: list[Content] = []
        for key, name, label in SECTIONS:
            if name == self.current:
                parts.append(Content.from_markup(f"[reverse b] {key} {label} [/]"))
            else:
                parts.append(Content.from_markup(f" [b $accent]{key}[/] {label} "))
        parts.append(Content.from_markup("  [dim]! support  ? help[/]"))
        return Content("").join(parts)
