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
        keys = self._keys_here()
        parts: list[Content] = []
        for usual, name, label in SECTIONS:
            key = keys.get(f"section('{name}')", usual)
            if name == self.current:
                parts.append(
                    Content.from_markup("[reverse b] $key $label [/]", key=key, label=label)
                )
            else:
                parts.append(
                    Content.from_markup(" [b $accent]$key[/] $label ", key=key, label=label)
                )
        parts.append(
            Content.from_markup(
                "  [dim]$support support  $help help[/]",
                support=keys.get("support", "!"),
                help=keys.get("help", "?"),
            )
        )
        return Content("").join(parts)

    def _keys_here(self) -> dict[str, str]:
        """The key of each app-wide action, as the footer shows it: the person's
        keys.toml may have moved them. Asked of the app (``shown_key``), not of the
        focused widget, so the bar says the same whatever has focus."""
        shown_key = getattr(self.app, "shown_key", None)
        if not callable(shown_key):
            return {}
        actions = [f"section('{name}')" for _, name, _ in SECTIONS] + ["support", "help"]
        return {action: key for action in actions if isinstance(key := shown_key(action), str)}
