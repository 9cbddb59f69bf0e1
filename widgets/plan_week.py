"""The heading of a plan week: which week, how it went, and the weeks around it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from textual.content import Content
from textual.widgets import Static

from kith.data.models import PlanState
from kith.data.plan import relative_week, week_label


def week_heading(
    week: date,
    this_week: date,
    counts: dict[PlanState, int],
    around: Sequence[tuple[date, int, int]],
) -> Content:
    """Three lines: the week, its counts, and ``around`` as ``(week, done, total)``."""
    relative = relative_week(week, this_week)
    total = sum(counts.values())
    done = counts[PlanState.DONE]
    line1 = Content.assemble(
        (relative[0].upper() + relative[1:], "bold $text-accent"), " · ", week_label(week)
    )
    if total:
        summary = f"{done} done"  # no "of total": a week is not a grade (issue 14)
        extras = [
            f"{counts[PlanState.SKIPPED]} skipped" if counts[PlanState.SKIPPED] else "",
            f"{counts[PlanState.PLANNED]} still planned" if counts[PlanState.PLANNED] else "",
        ]
        summary += "".join(f" · {extra}" for extra in extras if extra)
    else:
        summary = "Nothing planned"
    line2 = Content.styled(summary, "bold" if done else "")
    strip: list[str | Content | tuple[str, str]] = [("[", "bold $text-accent"), (" earlier", "dim")]
    for start, week_done, _total in around:
        label = f"{start.day} {start:%b}" + (f" ✓{week_done}" if week_done else "")
        strip.append(("  ", ""))
        strip.append((label, "reverse bold" if start == week else ""))
    strip += [("  ", ""), ("later ", "dim"), ("]", "bold $text-accent")]
    return Content("\n").join([line1, line2, Content.assemble(*strip)])


class PlanWeekHeader(Static):
    DEFAULT_CSS = """
    PlanWeekHeader {
        height: auto;
        padding: 0 1;
    }
    """

    def show(
        self,
        week: date,
        this_week: date,
        counts: dict[PlanState, int],
        around: Sequence[tuple[date, int, int]],
    ) -> None:
        self.update(week_heading(week, this_week, counts, around))
