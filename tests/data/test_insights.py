"""Insights series and statistics against hand-computed values."""

from __future__ import annotations

import itertools
import math
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kith.data.insights import (
    LINK_CAVEAT,
    MEANINGFUL_DEFINITION,
    by_circle,
    by_mode,
    by_strategy,
    connection_link,
    first_quick_by_week,
    in_person_share,
    in_window,
    link_sentences,
    next_weeks_choice,
    pearson,
    strength_words,
    week_starts,
    weekly_series,
)
from kith.data.models import CheckIn, Circle, Contact, Interaction, Mode, PlanItem, PlanState
from kith.data.plan import week_start

TODAY = date(2026, 11, 20)  # a Friday; its week starts Monday 16 November
LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")


def talk(
    day: date, mode: Mode = Mode.IN_PERSON, felt: int | None = None, **kw: object
) -> Interaction:
    kw.setdefault("contact_ids", ["c1"])
    return Interaction.model_validate(
        {"date": day, "mode": mode, "felt": felt, **kw}, context={"today": date.max}
    )


def quick(taken_at: datetime, total: int, instrument: str = "quick") -> CheckIn:
    return CheckIn(
        instrument_id=instrument,
        instrument_version=1,
        taken_at=taken_at,
        answers=[],
        total=total,
        band="x",
        band_label="X",
    )


def plan(
    week: date,
    state: PlanState = PlanState.DONE,
    done_at: datetime | None = None,
    strategy: str | None = "listen",
) -> PlanItem:
    return PlanItem(
        week_start=week, text="Do a thing", state=state, done_at=done_at, strategy_id=strategy
    )


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


# -- weeks ---------------------------------------------------------------------------


def test_week_start_and_week_starts() -> None:
    assert week_start(date(2026, 11, 20)) == date(2026, 11, 16)
    assert week_start(date(2026, 11, 16)) == date(2026, 11, 16)
    assert week_start(date(2026, 11, 22)) == date(2026, 11, 16)  # Sunday
    assert week_starts(TODAY, 3) == [date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16)]
    assert week_starts(TODAY, 1) == [date(2026, 11, 16)]
    assert len(week_starts(TODAY, 52)) == 52
    with pytest.raises(ValueError):
        week_starts(TODAY, 0)


def test_weeks_choice_cycles() -> None:
    assert [next_weeks_choice(w) for w in (12, 26, 52)] == [26, 52, 12]
    assert next_weeks_choice(7) == 12


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), st.integers(1, 60))
def test_week_starts_are_consecutive_mondays(today: date, weeks: int) -> None:
    starts = week_starts(today, weeks)
    assert len(starts) == weeks
    assert all(day.weekday() == 0 for day in starts)
    assert all(b - a == timedelta(days=7) for a, b in itertools.pairwise(starts))
    assert starts[-1] <= today < starts[-1] + timedelta(days=7)


# -- series --------------------------------------------------------------------------


def test_empty_store_gives_zero_counts_and_no_averages() -> None:
    series = weekly_series([], [], [], today=TODAY, tz=UTC, weeks=12)
    assert len(series.weeks) == 12
    assert series.interactions == [0] * 12
    assert series.in_person == [0] * 12
    assert series.felt == [None] * 12
    assert series.plan_done == [0] * 12
    assert series.quick == [None] * 12
    assert not series.has_any


def test_one_week_hand_computed() -> None:
    week = date(2026, 11, 16)
    interactions = [
        talk(week, Mode.IN_PERSON, felt=5),
        talk(week + timedelta(days=2), Mode.CALL, felt=2),
        talk(week + timedelta(days=3), Mode.MESSAGE),  # no felt: not in the average
        talk(week + timedelta(days=4), Mode.IN_PERSON, felt=4),
    ]
    checkins = [quick(utc(2026, 11, 17, 9), 6), quick(utc(2026, 11, 19, 9), 3)]
    items = [
        plan(week, done_at=utc(2026, 11, 18, 10)),
        plan(week, state=PlanState.SKIPPED),
        plan(week, state=PlanState.PLANNED),
    ]
    series = weekly_series(interactions, checkins, items, today=TODAY, tz=UTC, weeks=1)
    assert series.weeks == [week]
    assert series.interactions == [4]
    assert series.in_person == [2]
    assert series.meaningful == [3]  # in person, call, in person
    assert series.felt == [pytest.approx(11 / 3)]
    assert series.plan_done == [1]
    assert series.quick == [pytest.approx(4.5)]
    assert series.has_any


def test_gaps_and_out_of_range_data() -> None:
    # Three weeks: data in the first and last only; one interaction before the range.
    interactions = [
        talk(date(2026, 11, 1)),  # Sunday before the range
        talk(date(2026, 11, 2), felt=3),
        talk(date(2026, 11, 20), Mode.VIDEO, felt=4),
    ]
    checkins = [
        quick(utc(2026, 11, 3, 8), 7),
        quick(utc(2026, 11, 4, 8), 5, instrument="djg6"),  # other instruments are ignored
    ]
    series = weekly_series(interactions, checkins, [], today=TODAY, tz=UTC, weeks=3)
    assert series.interactions == [1, 0, 1]
    assert series.in_person == [1, 0, 0]
    assert series.felt == [3.0, None, 4.0]
    assert series.quick == [7.0, None, None]
    assert series.total_interactions == 2


def test_plan_item_counts_in_the_week_it_was_done() -> None:
    week = date(2026, 11, 9)
    late = plan(week, done_at=utc(2026, 11, 17, 9))  # planned last week, done this week
    on_time = plan(week, done_at=utc(2026, 11, 10, 9))
    undated = plan(week, done_at=None)  # done but no time: its plan week
    series = weekly_series([], [], [late, on_time, undated], today=TODAY, tz=UTC, weeks=2)
    assert series.plan_done == [2, 1]


def test_checkin_week_uses_local_time_not_utc() -> None:
    # Sunday 22 Nov 23:30 in New York is Monday 23 Nov 04:30 UTC.
    sunday_evening = utc(2026, 11, 23, 4, 30)
    today = date(2026, 11, 25)
    in_ny = weekly_series([], [quick(sunday_evening, 8)], [], today=today, tz=NEW_YORK, weeks=2)
    in_utc = weekly_series([], [quick(sunday_evening, 8)], [], today=today, tz=UTC, weeks=2)
    assert in_ny.quick == [8.0, None]  # the week of 16 Nov, where the user was
    assert in_utc.quick == [None, 8.0]


def test_weeks_across_the_spring_dst_change() -> None:
    # UK clocks go forward on Sunday 29 March 2026 at 01:00 UTC.
    today = date(2026, 4, 2)
    before = utc(2026, 3, 22, 23, 30)  # Sunday 23:30 GMT: week of 16 March
    after = utc(2026, 3, 29, 23, 30)  # Monday 00:30 BST: week of 30 March
    series = weekly_series(
        [], [quick(before, 4), quick(after, 8)], [], today=today, tz=LONDON, weeks=3
    )
    assert series.weeks == [date(2026, 3, 16), date(2026, 3, 23), date(2026, 3, 30)]
    assert series.quick == [4.0, None, 8.0]
    # The same moments read as UTC fall a week earlier.
    as_utc = weekly_series(
        [], [quick(before, 4), quick(after, 8)], [], today=today, tz=UTC, weeks=3
    )
    assert as_utc.quick == [4.0, 8.0, None]


def test_weeks_across_the_autumn_dst_change() -> None:
    # UK clocks go back on Sunday 25 October 2026 at 01:00 UTC.
    today = date(2026, 10, 28)
    last_bst = utc(2026, 10, 18, 23, 30)  # Monday 19 Oct 00:30 BST
    after = utc(2026, 10, 25, 23, 30)  # Sunday 25 Oct 23:30 GMT: still week of 19 Oct
    done = plan(date(2026, 10, 19), done_at=utc(2026, 10, 25, 23, 59))
    series = weekly_series(
        [], [quick(last_bst, 3), quick(after, 9)], [done], today=today, tz=LONDON, weeks=2
    )
    assert series.weeks == [date(2026, 10, 19), date(2026, 10, 26)]
    assert series.quick == [6.0, None]
    assert series.plan_done == [1, 0]


# -- breakdowns ------------------------------------------------------------------------


def test_by_mode_and_in_person_share() -> None:
    day = date(2026, 11, 10)
    items = [
        talk(day, Mode.IN_PERSON),
        talk(day, Mode.IN_PERSON),
        talk(day, Mode.CALL),
        talk(day, Mode.MESSAGE),
    ]
    rows = by_mode(items)
    assert [(r.label, r.count, r.share) for r in rows] == [
        ("In person", 2, 0.5),
        ("Call", 1, 0.25),
        ("Message", 1, 0.25),
    ]
    assert in_person_share(items) == 0.5
    assert in_person_share([]) is None
    assert by_mode([]) == []


def test_by_circle_counts_each_circle_once_per_interaction() -> None:
    sis = Contact(id="sis", name="Sis", circle=Circle.FAMILY)
    mum = Contact(id="mum", name="Mum", circle=Circle.FAMILY)
    pal = Contact(id="pal", name="Pal", circle=Circle.FRIEND)
    day = date(2026, 11, 10)
    items = [
        talk(day, contact_ids=["sis", "mum"]),  # family once
        talk(day, contact_ids=["sis", "pal"]),  # family and friend
        talk(day, contact_ids=["gone"]),  # a deleted person
        talk(day, contact_ids=["pal"]),
    ]
    rows = by_circle(items, [sis, mum, pal])
    assert [(r.label, r.count, r.share) for r in rows] == [("Family", 2, 0.5), ("Friend", 2, 0.5)]


def test_by_strategy_combines_tagged_interactions_and_done_plan_items() -> None:
    items = [
        talk(date(2026, 11, 18), strategy_id="listen"),
        talk(date(2026, 11, 3), strategy_id="listen"),
        talk(date(2026, 10, 1), strategy_id="listen"),  # outside 3 weeks
        talk(date(2026, 11, 4), strategy_id="support"),
    ]
    plans = [
        plan(date(2026, 11, 16), done_at=utc(2026, 11, 17, 9), strategy="support"),
        plan(date(2026, 11, 16), done_at=utc(2026, 11, 17, 9), strategy="support"),
        plan(date(2026, 11, 16), state=PlanState.SKIPPED, strategy="widen"),
        plan(date(2026, 11, 16), done_at=utc(2026, 11, 17, 9), strategy=None),
    ]
    rows = by_strategy(items, plans, today=TODAY, tz=UTC, weeks=3)
    assert [(r.strategy_id, r.interactions, r.plan_done, r.total) for r in rows] == [
        ("support", 1, 2, 3),
        ("listen", 2, 0, 2),
    ]


def test_in_window() -> None:
    inside, before = talk(date(2026, 11, 2)), talk(date(2026, 11, 1))
    assert in_window([inside, before], TODAY, 3) == [inside]


# -- correlation -----------------------------------------------------------------------


def test_pearson_known_answers() -> None:
    assert pearson([1, 2, 3, 4, 5], [2, 4, 6, 8, 10]) == pytest.approx(1.0)
    assert pearson([1, 2, 3, 4, 5], [9, 7, 5, 3, 1]) == pytest.approx(-1.0)
    # Hand-computed: mean x 3, mean y 4; sxy = 7, sxx = 10, syy = 10 -> 0.7
    assert pearson([1, 2, 3, 4, 5], [2, 5, 3, 4, 6]) == pytest.approx(0.7)
    assert pearson([1, 2, 3, 4], [1, -1, -1, 1]) == pytest.approx(0.0)
    assert pearson([1], [2]) is None
    assert pearson([], []) is None
    assert pearson([2, 2, 2], [1, 2, 3]) is None  # no variation
    with pytest.raises(ValueError):
        pearson([1, 2], [1])


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(3, 9)), min_size=2, max_size=60))
def test_pearson_is_bounded_and_symmetric(pairs: list[tuple[int, int]]) -> None:
    xs = [float(x) for x, _ in pairs]
    ys = [float(y) for _, y in pairs]
    r = pearson(xs, ys)
    if r is None:
        assert len(set(xs)) == 1 or len(set(ys)) == 1
    else:
        assert -1.0 <= r <= 1.0
        assert pearson(ys, xs) == pytest.approx(r)
        # Linear changes of scale do not change r; flipping one side flips its sign.
        assert pearson([2 * x + 1 for x in xs], ys) == pytest.approx(r)
        assert pearson([-x for x in xs], ys) == pytest.approx(-r, abs=1e-9)


def _weeks_of_data(
    counts: list[int], scores: list[int | None]
) -> tuple[list[Interaction], list[CheckIn]]:
    """Week k (k=0 the oldest of len(counts) weeks ending this week) gets counts[k]
    calls on its Tuesday; scores[k] is the first quick check in week k (Wednesday 08:00 UTC)."""
    starts = week_starts(TODAY, len(counts))
    interactions = [
        talk(start + timedelta(days=1), Mode.CALL)
        for start, n in zip(starts, counts, strict=True)
        for _ in range(n)
    ]
    checkins = []
    for start, score in zip(starts, scores, strict=True):
        if score is not None:
            moment = datetime.combine(start + timedelta(days=2), datetime.min.time(), UTC)
            checkins.append(quick(moment + timedelta(hours=8), score))
            checkins.append(quick(moment + timedelta(days=1), 9))  # later in the week: ignored
    return interactions, checkins


def test_link_pairs_each_week_with_the_next_weeks_first_check() -> None:
    # 10 weeks. Meaningful calls per week and the score in each week.
    counts = [1, 2, 3, 4, 5, 1, 2, 3, 4, 5]
    scores = [None, 9, 8, 7, 6, 5, 9, 8, 7, 6]  # score[k+1] = 10 - counts[k]
    interactions, checkins = _weeks_of_data(counts, scores)
    link = connection_link(interactions, checkins, today=TODAY, tz=UTC, weeks=10)
    assert link.count == 9  # the current week has no "next week" yet
    assert [(p.meaningful, p.score) for p in link.pairs] == [
        (1, 9),
        (2, 8),
        (3, 7),
        (4, 6),
        (5, 5),
        (1, 9),
        (2, 8),
        (3, 7),
        (4, 6),
    ]
    assert link.ready
    assert link.r == pytest.approx(-1.0)
    assert "lower loneliness" in link_sentences(link, 10)[0]
    assert "based on 9 paired weeks" in link_sentences(link, 10)[0]


def test_link_counts_weeks_without_contact_as_zero_but_not_before_the_first_log() -> None:
    counts = [0, 0, 3, 0, 2, 0, 1, 0, 4, 0]
    scores = [5, 5, 5, 4, 9, 4, 8, 5, 7, 3]
    interactions, checkins = _weeks_of_data(counts, scores)
    link = connection_link(interactions, checkins, today=TODAY, tz=UTC, weeks=10)
    # Logging starts in week 2, so weeks 0 and 1 are unknown, not empty.
    assert [(p.meaningful, p.score) for p in link.pairs] == [
        (3, 4),
        (0, 9),
        (2, 4),
        (0, 8),
        (1, 5),
        (0, 7),
        (4, 3),
    ]
    assert link.count == 7
    assert not link.ready
    assert link.r is None
    assert link.missing == 1
    assert link_sentences(link, 10)[0].startswith("7 of 8 weeks so far.")


def test_link_messages_are_not_meaningful_and_r_is_hand_computed() -> None:
    starts = week_starts(TODAY, 9)
    xs = [0, 1, 2, 3, 0, 1, 2, 3]
    ys = [6, 6, 4, 5, 7, 5, 4, 3]
    interactions: list[Interaction] = []
    checkins: list[CheckIn] = []
    for start, x in zip(starts, xs, strict=False):
        interactions += [talk(start, Mode.VIDEO) for _ in range(x)]
        interactions.append(talk(start, Mode.MESSAGE))  # logged every week, never counted
    for start, y in zip(starts[1:], ys, strict=True):
        checkins.append(quick(datetime.combine(start, datetime.min.time(), UTC), y))
    link = connection_link(interactions, checkins, today=TODAY, tz=UTC, weeks=9)
    assert [p.meaningful for p in link.pairs] == xs
    # mean x 1.5, mean y 5; sxy = -9, sxx = 10, syy = 12 -> -9 / sqrt(120)
    assert link.r == pytest.approx(-9 / math.sqrt(120))
    assert strength_words(link.r) == "a strong link"


def test_link_uses_the_first_check_of_the_next_local_week() -> None:
    # Sunday 23:30 in New York is already Monday in UTC: in New York it belongs to
    # the week before, so it cannot be "the following week's" check.
    tuesday = date(2026, 11, 10)
    interactions = [talk(tuesday, Mode.CALL)]
    sunday_night = utc(2026, 11, 16, 4, 30)  # Sun 15 Nov 23:30 in New York
    later = utc(2026, 11, 18, 12)
    checkins = [quick(sunday_night, 4), quick(later, 7)]
    ny = connection_link(interactions, checkins, today=TODAY, tz=NEW_YORK, weeks=3, needed=1)
    as_utc = connection_link(interactions, checkins, today=TODAY, tz=UTC, weeks=3, needed=1)
    assert [(p.week, p.score) for p in ny.pairs] == [(date(2026, 11, 9), 7)]
    assert [(p.week, p.score) for p in as_utc.pairs] == [(date(2026, 11, 9), 4)]
    assert first_quick_by_week(checkins, UTC)[date(2026, 11, 16)].total == 4


def test_link_with_nothing_logged_and_no_variation() -> None:
    empty = connection_link([], [], today=TODAY, tz=UTC, weeks=26)
    assert empty.count == 0 and not empty.ready and empty.r is None
    assert link_sentences(empty, 26)[0].startswith("0 of 8 weeks so far.")
    # Eight paired weeks, but the same number of calls every week: nothing to measure.
    interactions, checkins = _weeks_of_data([2] * 9, [None, 5, 6, 7, 5, 6, 7, 5, 6])
    flat = connection_link(interactions, checkins, today=TODAY, tz=UTC, weeks=9)
    assert flat.ready and flat.r is None
    assert "no link to measure" in link_sentences(flat, 9)[0]


def test_strength_words_and_caveat() -> None:
    assert strength_words(0.05) == "no clear link"
    assert strength_words(-0.2) == "a weak link"
    assert strength_words(0.4) == "a moderate link"
    assert strength_words(-0.7) == "a strong link"
    assert "not proof of cause" in LINK_CAVEAT
    assert "negative number" in LINK_CAVEAT
    assert "in person, by call or by video" in MEANINGFUL_DEFINITION


@given(
    st.lists(st.integers(-400, 0), max_size=60),
    st.sampled_from([12, 26, 52]),
)
def test_series_count_exactly_the_interactions_in_range(offsets: list[int], weeks: int) -> None:
    items = [talk(TODAY + timedelta(days=offset)) for offset in offsets]
    series = weekly_series(items, [], [], today=TODAY, tz=UTC, weeks=weeks)
    first = week_starts(TODAY, weeks)[0]
    assert series.total_interactions == sum(
        1 for o in offsets if TODAY + timedelta(days=o) >= first
    )
    assert len(in_window(items, TODAY, weeks)) == series.total_interactions
