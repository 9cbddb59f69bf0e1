"""The crisis and support resources, rendered from ``data/content/crisis.json``."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from kith.data.content import CrisisResources, crisis_resources


def crisis_content(resources: CrisisResources | None = None, *, compact: bool = False) -> Content:
    """The resources as Content. ``compact`` leaves out the intro and closing words."""
    res = resources or crisis_resources()
    lines: list[Content] = []
    if not compact:
        lines.append(Content(res.intro))
        lines.append(Content(""))
    numbers = " · ".join(f"{n.number} ({n.where})" for n in res.emergency.numbers)
    lines.append(
        Content.from_markup(
            "[b]$title:[/] $text", title=res.emergency.title, text=res.emergency.text
        )
    )
    lines.append(Content("  " + numbers))
    lines.append(Content(""))
    lines.append(Content.from_markup("[b]Talk to someone now[/] (free, 24/7):"))
    for line in res.lines:
        lines.append(
            Content.from_markup(
                "  [b]$country[/]: $name. $how", country=line.country, name=line.name, how=line.how
            )
        )
    if not compact:
        lines.append(Content(""))
        lines.append(Content(res.availability))
        lines.append(Content(res.not_therapy))
    return Content("\n").join(lines)


class CrisisPanel(Static):
    """A block listing emergency numbers and helplines."""

    DEFAULT_CSS = """
    CrisisPanel {
        height: auto;
        padding: 0 1;
        border: round $warning;
        border-title-color: $warning;
    }
    """

    def __init__(self, *, compact: bool = False, **kwargs: object) -> None:
        super().__init__(crisis_content(compact=compact), **kwargs)  # type: ignore[arg-type]
        self.border_title = "Support and crisis resources"
