"""Pure check-in logic: history order, change, trend, rhythm, the safety rule, the demo."""

from __future__ import annotations

import itertools
import random
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from kith.data.checkins import (
    change_since_last,
    checkin_due,
    days_until_due,
    latest,
    newest_first,
    next_checkin_date,
    previous,
    rhythm_label,
    safety_rule_met,
    trend_series,
)
from kith.data.clock import FixedClock
from kith.data.demo import DEMO_NOW, djg_checkin, populate, quick_checkin
from kith.data.instruments import build_checkin, instrument, score_answers
from kith.data.models import CheckIn
from kith.data.store import Store


def quick(when: datetime, level: str = "hardly_ever", direct: str = "never") -> CheckIn:
    answers = {"ucla1": level, "ucla2": level, "ucla3": level, "ons_direct": direct}
    return build_checkin(instrument("quick"), answers, when)


def djg(when: datetime, answer: str = "no") -> CheckIn:
    return build_checkin(instrument("djg6"), {f"djg{i}": answer for i in range(1, 7)}, when)


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC)


# -- history ----------------------------------------------------------------------
def test_newest_first_and_latest() -> None:
    a, b, c = quick(at(1)), djg(at(5)), quick(at(3))
    assert newest_first([a, b, c]) == [b, c, a]
    assert latest([a, b, c]) == b
    assert latest([a, b, c], "quick") == c
    assert latest([], "quick") is None
    assert latest([b], "quick") is None


@given(st.lists(st.integers(min_value=1, max_value=28), max_size=12))
def test_newest_first_is_sorted_and_keeps_everything(days: list[int]) -> None:
    items = [quick(at(d)) for d in days]
    ordered = newest_first(items)
    assert sorted(c.id for c in ordered) == sorted(c.id for c in items)
    assert all(x.taken_at >= y.taken_at for x, y in itertools.pairwise(ordered))


def test_change_since_last_compares_the_same_instrument_only() -> None:
    first = quick(at(1), "often")  # 9
    between = djg(at(2), "yes")  # other instrument: ignored
    second = quick(at(3), "hardly_ever")  # 3
    third = quick(at(8), "some_of_the_time")  # 6
    everything = [third, between, first, second]
    assert change_since_last(everything, first) is None
    change = change_since_last(everything, second)
    assert change is not None and change.previous == first and change.delta == -6
    change = change_since_last(everything, third)
    assert change is not None and change.previous == second and change.delta == 3
    assert previous(everything, between) is None


def test_trend_series_is_quick_only_oldest_first_in_local_dates() -> None:
    late = quick(datetime(2026, 11, 3, 23, 30, tzinfo=UTC), "often")
    early = quick(at(1), "hardly_ever")
    items = [late, djg(at(2)), early]
    assert trend_series(items) == [(date(2026, 11, 1), 3), (date(2026, 11, 3), 9)]
    plus_two = timezone(timedelta(hours=2))
    assert trend_series(items, tz=plus_two)[-1] == (date(2026, 11, 4), 9)
    assert trend_series(items, "djg6") == [(date(2026, 11, 2), 3)]  # "no" x6: social 3
    assert trend_series([]) == []


# -- rhythm -------------------------------------------------------------------------
def test_a_first_checkin_is_due_at_once() -> None:
    assert checkin_due([], 7, date(2026, 11, 20))
    assert next_checkin_date([], 7) is None
    assert days_until_due([], 7, date(2026, 11, 20)) == 0


def test_due_exactly_rhythm_days_after_the_last_one_of_any_kind() -> None:
    items = [quick(at(1)), djg(at(10))]
    assert next_checkin_date(items, 7) == date(2026, 11, 17)
    assert not checkin_due(items, 7, date(2026, 11, 16))
    assert checkin_due(items, 7, date(2026, 11, 17))
    assert checkin_due(items, 7, date(2026, 11, 30))
    assert days_until_due(items, 7, date(2026, 11, 16)) == 1
    assert days_until_due(items, 7, date(2026, 11, 19)) == -2
    assert not checkin_due(items, 30, date(2026, 11, 20))
    assert checkin_due(items, 1, date(2026, 11, 11))


def test_due_uses_the_local_day() -> None:
    # 23:30 UTC on the 10th is already the 11th two hours east.
    items = [quick(datetime(2026, 11, 10, 23, 30, tzinfo=UTC))]
    east = timezone(timedelta(hours=2))
    assert checkin_due(items, 7, date(2026, 11, 17))
    assert not checkin_due(items, 7, date(2026, 11, 17), tz=east)
    assert checkin_due(items, 7, date(2026, 11, 18), tz=east)


def test_rhythm_labels() -> None:
    assert rhythm_label(7) == "Every week"
    assert rhythm_label(10) == "Every 10 days"


# -- safety ----------------------------------------------------------------------------
def test_safety_rule_reads_what_was_stored() -> None:
    assert safety_rule_met(quick(at(1), "some_of_the_time"))  # 6
    assert not safety_rule_met(quick(at(1), "hardly_ever"))  # 3
    assert safety_rule_met(quick(at(1), "hardly_ever", "often_always"))  # 3 but chronic
    assert not safety_rule_met(djg(at(1), "yes"))  # emotional 3, social 0: moderate
    assert safety_rule_met(djg(at(1), "more_or_less"))  # 3 + 3 = 6: severe


def _quick_of(u1: str, u2: str, u3: str, direct: str) -> CheckIn:
    answers = {"ucla1": u1, "ucla2": u2, "ucla3": u3, "ons_direct": direct}
    return build_checkin(instrument("quick"), answers, at(1))


def test_safety_rule_boundaries_one_by_one() -> None:
    six = _quick_of("often", "some_of_the_time", "hardly_ever", "some_of_the_time")
    assert six.total == 6 and safety_rule_met(six)
    five = _quick_of("often", "hardly_ever", "hardly_ever", "some_of_the_time")
    assert five.total == 5 and not safety_rule_met(five)
    answers = {"djg1": "yes", "djg2": "yes", "djg3": "yes", "djg4": "no", "djg5": "yes"}
    four = build_checkin(instrument("djg6"), {**answers, "djg6": "yes"}, at(1))
    assert four.total == 4 and not safety_rule_met(four)
    five_djg = build_checkin(instrument("djg6"), {**answers, "djg6": "no"}, at(1))
    assert five_djg.total == 5 and five_djg.band == "severe" and safety_rule_met(five_djg)


def test_unknown_instrument_never_triggers_the_safety_rule() -> None:
    odd = quick(at(1), "often").model_copy(update={"instrument_id": "retired"})
    assert not safety_rule_met(odd)


# -- the demo ---------------------------------------------------------------------------
def _demo_checkins(folder: Path) -> list[tuple[object, ...]]:
    store = Store.open(folder, clock=FixedClock(DEMO_NOW), backups=False)
    try:
        populate(store)
        return [
            (c.taken_at, c.instrument_id, c.total, c.band, tuple(c.answers), c.note)
            for c in newest_first(store.checkins.list())
        ]
    finally:
        store.close()


def test_demo_checkins_are_deterministic_and_scored_by_the_real_rules(tmp_path: Path) -> None:
    first = _demo_checkins(tmp_path / "a")
    assert first == _demo_checkins(tmp_path / "b")
    kinds = {row[1] for row in first}
    assert kinds == {"quick", "djg6"}
    for _, instrument_id, total, band, answers, _ in first:
        inst = instrument(str(instrument_id))
        scored = score_answers(inst, {a.item_id: a.answer_id for a in answers})  # type: ignore[attr-defined]
        assert (scored.total, scored.band.id) == (total, band)


def test_demo_builders_use_the_scoring_module() -> None:
    checkin = quick_checkin(at(1), 2, random.Random(1))
    assert checkin.instrument_version == instrument("quick").version
    assert checkin.total == sum(a.score or 0 for a in checkin.answers)
    in_depth = djg_checkin(at(1), 1, random.Random(1), note="hello")
    assert set(in_depth.subscales) == {"emotional", "social"}
    assert in_depth.note == "hello"
