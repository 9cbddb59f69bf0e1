"""The weekly plan: pure helpers over ``PlanItem`` records.

Weeks start on Monday (ISO). Nothing here touches the store: screens read
the items, call these, and save what comes back.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from kith.data.models import PlanItem, PlanState

ONE_WEEK = timedelta(days=7)


def week_start(day: date) -> date:
    """The Monday of the week ``day`` falls in."""
    return day - timedelta(days=day.weekday())


def week_days(week: date) -> list[date]:
    """The seven days of the week starting on ``week`` (a Monday)."""
    start = week_start(week)
    return [start + timedelta(days=offset) for offset in range(7)]


def _order(item: PlanItem) -> tuple[date, datetime]:
    return (item.day or date.max, item.created)


def items_for_week(items: Iterable[PlanItem], week: date) -> list[PlanItem]:
    """The items planned for ``week``: those with a day first (by day), then the rest,
    each in the order they were added."""
    start = week_start(week)
    return sorted((item for item in items if item.week_start == start), key=_order)


def week_progress(items: Iterable[PlanItem], week: date) -> tuple[int, int]:
    """``(done, total)`` for ``week``; skipped items count in the total."""
    chosen = items_for_week(items, week)
    done = sum(1 for item in chosen if item.state is PlanState.DONE)
    return done, len(chosen)


def week_counts(items: Iterable[PlanItem], week: date) -> dict[PlanState, int]:
    """How many items of ``week`` are in each state."""
    counts = dict.fromkeys(PlanState, 0)
    for item in items_for_week(items, week):
        counts[item.state] += 1
    return counts


def _changed(item: PlanItem, **changes: Any) -> PlanItem:
    """``item`` with ``changes``, validated again (model_copy would not check them)."""
    return PlanItem.model_validate(item.model_dump() | changes)


def mark_done(
    item: PlanItem, when: datetime, *, felt: int | None = None, reflection: str | None = None
) -> PlanItem:
    """``item`` marked done at ``when``; felt and reflection kept unless given."""
    changes: dict[str, Any] = {"state": PlanState.DONE, "done_at": when}
    if felt is not None:
        changes["felt"] = felt
    if reflection is not None:
        changes["reflection"] = reflection
    return _changed(item, **changes)


def with_reflection(item: PlanItem, *, felt: int | None, reflection: str) -> PlanItem:
    """``item`` with how it felt (1-5) and a note."""
    return _changed(item, felt=felt, reflection=reflection)


def mark_skipped(item: PlanItem) -> PlanItem:
    """``item`` skipped this week (a reflection already written is kept)."""
    return _changed(item, state=PlanState.SKIPPED, done_at=None)


def reopen(item: PlanItem) -> PlanItem:
    """``item`` back to planned (its reflection, if any, is kept)."""
    return _changed(item, state=PlanState.PLANNED, done_at=None)


def back_words(item: PlanItem) -> str:
    """What undoing a skip or a done of ``item`` (as it was before) says came back."""
    if item.state is PlanState.SKIPPED:
        return f"“{item.text}” is back to skipped."
    if item.state is PlanState.DONE:
        return f"“{item.text}” is back to done."
    return f"“{item.text}” is back to planned."


def carried_to(items: Iterable[PlanItem], item: PlanItem) -> PlanItem | None:
    """The item that ``item`` was carried over into, if any."""
    for other in items:
        if other.carried_from == item.id:
            return other
    return None


def carried_source(items: Iterable[PlanItem], item: PlanItem) -> PlanItem | None:
    """The item ``item`` was carried over from, if it still exists."""
    if item.carried_from is None:
        return None
    for other in items:
        if other.id == item.carried_from:
            return other
    return None


class CarryError(ValueError):
    """Why an item cannot be carried over, in plain words."""


def carry_over(
    item: PlanItem, items: Iterable[PlanItem] = (), *, not_before: date | None = None
) -> PlanItem:
    """A new planned item for the week after ``item``'s, pointing back to it.

    ``not_before`` (this week, say) keeps an item from an old week from landing in
    another week that is already over. The old item stays as it is. Raises
    ``CarryError`` for a done item or one already carried over (found in ``items``).
    """
    if item.state is PlanState.DONE:
        raise CarryError("This one is already done, so there is nothing to carry over.")
    if carried_to(items, item) is not None:
        raise CarryError("This one is already carried over to a later week.")
    target = item.week_start + ONE_WEEK
    if not_before is not None:
        target = max(target, week_start(not_before))
    shift = target - item.week_start
    return PlanItem(
        week_start=target,
        text=item.text,
        strategy_id=item.strategy_id,
        action_id=item.action_id,
        contact_id=item.contact_id,
        day=item.day + shift if item.day is not None else None,
        carried_from=item.id,
    )


def tried_strategies(items: Iterable[PlanItem]) -> set[str]:
    """Strategies with at least one action done."""
    return {
        item.strategy_id
        for item in items
        if item.state is PlanState.DONE and item.strategy_id is not None
    }


def planned_action_ids(items: Iterable[PlanItem], week: date) -> set[tuple[str, str]]:
    """``(strategy_id, action_id)`` pairs already in ``week``'s plan."""
    return {
        (item.strategy_id, item.action_id)
        for item in items_for_week(items, week)
        if item.strategy_id is not None and item.action_id is not None
    }


def open_items_for_contact(
    items: Iterable[PlanItem], contact_id: str, week: date
) -> list[PlanItem]:
    """Still-planned items of ``week`` tied to ``contact_id`` (for ticking one off
    when an interaction with that person is logged)."""
    return [
        item
        for item in items_for_week(items, week)
        if item.contact_id == contact_id and item.state is PlanState.PLANNED
    ]


def week_label(week: date) -> str:
    """``16–22 Nov 2026`` (or ``28 Dec 2026 – 3 Jan 2027`` across a year)."""
    start = week_start(week)
    end = start + timedelta(days=6)
    if start.year != end.year:
        return f"{start.day} {start:%b %Y} – {end.day} {end:%b %Y}"
    if start.month != end.month:
        return f"{start.day} {start:%b} – {end.day} {end:%b %Y}"
    return f"{start.day}–{end.day} {end:%b %Y}"


def relative_week(week: date, this_week: date) -> str:
    """``this week``, ``last week``, ``next week``, ``3 weeks ago``, ``in 2 weeks``."""
    weeks = (week_start(week) - week_start(this_week)).days // 7
    if weeks == 0:
        return "this week"
    if weeks == -1:
        return "last week"
    if weeks == 1:
        return "next week"
    return f"{-weeks} weeks ago" if weeks < 0 else f"in {weeks} weeks"


def day_label(day: date) -> str:
    """``Tue 17 Nov``."""
    return f"{day:%a} {day.day} {day:%b}"
