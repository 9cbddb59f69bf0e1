"""The person's safety plan in a few lines, shown first in support once it has content."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from kith.data.models import PlanStep, SafetyPlan
from kith.data.safety_plan import line_text, safety_plan_content


def summary_content(plan: SafetyPlan) -> Content:
    """Each step with content as one line: its title, then its lines joined by ``;``."""
    words = safety_plan_content()
    rows: list[Content] = []
    for step in PlanStep:
        lines = plan.lines(step)
        if not lines:
            continue
        step_words = words.step(step)
        number = f"{step_words.number}. " if step_words.number else ""
        rows.append(
            Content.from_markup(
                "[b]$number$title:[/] $lines",
                number=number,
                title=step_words.title,
                lines="; ".join(line_text(line) for line in lines),
            )
        )
    return Content("\n").join(rows)


class SafetyPlanSummary(Static):
    """Hidden while the plan is empty."""

    DEFAULT_CSS = """
    SafetyPlanSummary {
        height: auto;
        max-height: 7;
        overflow-y: auto;
        padding: 0 1;
        border: round $accent;
        border-title-color: $accent;
        display: none;
    }
    SafetyPlanSummary.-shown { display: block; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__("", **kwargs)  # type: ignore[arg-type]
        self.border_title = safety_plan_content().title
        self.border_subtitle = "p to open"

    def show(self, plan: SafetyPlan | None) -> None:
        shown = plan is not None and plan.has_content()
        self.set_class(shown, "-shown")
        self.update(summary_content(plan) if plan is not None and shown else "")
