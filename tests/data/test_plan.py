"""The weekly plan's pure helpers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from kith.data.models import PlanItem, PlanState
from kith.data.plan import (
    CarryError,
    carried_source,
    carried_to,
    carry_over,
    day_label,
    items_for_week,
    mark_done,
    mark_skipped,
    open_items_for_contact,
    planned_action_ids,
    relative_week,
    reopen,
    tried_strategies,
    week_counts,
    week_days,
    week_label,
    week_progress,
    week_start,
    with_reflection,
)

MONDAY = date(2026, 11, 16)
WHEN = datetime(2026, 11, 19, 18, 0, tzinfo=UTC)


def item(text: str = "Call Sam", week: date = MONDAY, **kw: object) -> PlanItem:
    return PlanItem(week_start=week, text=text, **kw)  # type: ignore[arg-type]


@given(st.dates(min_value=date(1900, 1, 8), max_value=date(2999, 12, 24)))
def test_week_start_is_the_monday_on_or_before(day: date) -> None:
    start = week_start(day)
    assert start.weekday() == 0
    assert 0 <= (day - start).days < 7
    assert week_start(start) == start
    assert week_days(day)[0] == start and len(week_days(day)) == 7


def test_week_start_examples() -> None:
    assert week_start(date(2026, 11, 20)) == MONDAY  # Friday
    assert week_start(date(2026, 11, 22)) == MONDAY  # Sunday
    assert week_start(date(2026, 11, 23)) == date(2026, 11, 23)


def test_plan_item_week_must_be_a_monday() -> None:
    with pytest.raises(ValidationError, match="Monday"):
        item(week=date(2026, 11, 17))


def test_items_for_week_orders_by_day_then_added() -> None:
    a = item("no day", created=WHEN)
    b = item("thursday", day=date(2026, 11, 19), created=WHEN)
    c = item("tuesday", day=date(2026, 11, 17), created=WHEN + timedelta(hours=1))
    d = item("no day, later", created=WHEN + timedelta(hours=2))
    other = item("next week", week=MONDAY + timedelta(days=7))
    got = items_for_week([d, other, a, b, c], date(2026, 11, 20))
    assert [i.text for i in got] == ["tuesday", "thursday", "no day", "no day, later"]


def test_week_progress_counts_done_of_all() -> None:
    items = [
        item("a", state=PlanState.DONE, done_at=WHEN),
        item("b", state=PlanState.SKIPPED),
        item("c"),
        item("d", week=MONDAY - timedelta(days=7), state=PlanState.DONE, done_at=WHEN),
    ]
    assert week_progress(items, MONDAY) == (1, 3)
    assert week_progress(items, MONDAY - timedelta(days=7)) == (1, 1)
    assert week_progress(items, MONDAY + timedelta(days=7)) == (0, 0)
    counts = week_counts(items, MONDAY)
    assert counts == {PlanState.DONE: 1, PlanState.SKIPPED: 1, PlanState.PLANNED: 1}


def test_state_changes_validate_and_keep_the_rest() -> None:
    planned = item(strategy_id="listen", action_id="follow_up")
    done = mark_done(planned, WHEN, felt=4, reflection="They told me about the trip.")
    assert done.state is PlanState.DONE and done.done_at == WHEN
    assert done.felt == 4 and done.reflection == "They told me about the trip."
    assert done.id == planned.id and done.action_id == "follow_up"
    with pytest.raises(ValidationError):
        mark_done(planned, WHEN, felt=6)
    with pytest.raises(ValidationError):
        with_reflection(done, felt=3, reflection="bad \x1b[31m")
    again = with_reflection(done, felt=2, reflection="")
    assert again.felt == 2 and again.reflection == "" and again.state is PlanState.DONE
    skipped = mark_skipped(done)
    assert skipped.state is PlanState.SKIPPED and skipped.done_at is None
    back = reopen(skipped)
    assert back.state is PlanState.PLANNED
    assert back.reflection == "They told me about the trip."  # kept


def test_carry_over_makes_a_new_item_next_week_and_leaves_the_old() -> None:
    old = item(
        strategy_id="cultivate",
        action_id="voice_note",
        contact_id="c1",
        day=date(2026, 11, 18),
        state=PlanState.SKIPPED,
    )
    new = carry_over(old, [old])
    assert new.id != old.id
    assert new.week_start == date(2026, 11, 23)
    assert new.day == date(2026, 11, 25)
    assert new.carried_from == old.id
    assert new.state is PlanState.PLANNED
    assert (new.text, new.strategy_id, new.action_id, new.contact_id) == (
        old.text,
        "cultivate",
        "voice_note",
        "c1",
    )
    assert old.state is PlanState.SKIPPED  # untouched
    assert carried_to([old, new], old) == new
    assert carried_source([old, new], new) == old
    assert carried_source([old, new], old) is None
    with pytest.raises(CarryError, match="already carried"):
        carry_over(old, [old, new])


def test_a_done_item_is_not_carried() -> None:
    done = item(state=PlanState.DONE, done_at=WHEN)
    with pytest.raises(CarryError, match="already done"):
        carry_over(done)


def test_carry_without_a_day() -> None:
    assert carry_over(item()).day is None


def test_carry_from_an_old_week_lands_no_earlier_than_this_week() -> None:
    old = item(week=MONDAY - timedelta(days=21), day=date(2026, 10, 28))  # a Wednesday
    new = carry_over(old, not_before=date(2026, 11, 20))
    assert new.week_start == MONDAY
    assert new.day == date(2026, 11, 18)  # still a Wednesday
    assert carry_over(item(), not_before=date(2026, 11, 20)).week_start == MONDAY + timedelta(7)


def test_tried_and_planned_and_contact_helpers() -> None:
    items = [
        item("a", strategy_id="listen", state=PlanState.DONE, done_at=WHEN),
        item("b", strategy_id="widen", action_id="go_once"),
        item("c", strategy_id="support", state=PlanState.SKIPPED, contact_id="p1"),
        item("d", contact_id="p1"),
        item("e", contact_id="p1", week=MONDAY + timedelta(days=7)),
    ]
    assert tried_strategies(items) == {"listen"}
    assert planned_action_ids(items, MONDAY) == {("widen", "go_once")}
    assert [i.text for i in open_items_for_contact(items, "p1", MONDAY)] == ["d"]


def test_labels() -> None:
    assert week_label(MONDAY) == "16–22 Nov 2026"
    assert week_label(date(2026, 11, 30)) == "30 Nov – 6 Dec 2026"
    assert week_label(date(2026, 12, 28)) == "28 Dec 2026 – 3 Jan 2027"
    assert relative_week(MONDAY, MONDAY) == "this week"
    assert relative_week(MONDAY - timedelta(days=7), MONDAY) == "last week"
    assert relative_week(MONDAY + timedelta(days=7), MONDAY) == "next week"
    assert relative_week(MONDAY - timedelta(days=21), MONDAY) == "3 weeks ago"
    assert relative_week(MONDAY + timedelta(days=14), MONDAY) == "in 2 weeks"
    assert day_label(date(2026, 11, 17)) == "Tue 17 Nov"
