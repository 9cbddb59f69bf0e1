"""Home's assembled data: who to reach out to, the check-in glance, the plan, recent times."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from kith.data.home import (
    REACH_OUT_SHOWN,
    HomeData,
    birthday_words,
    build_home,
    change_words,
    checkin_glance,
    daily_insight,
    due_words,
    plan_glance,
    recent_interactions,
    sparkline,
    today_points,
)
from kith.data.models import Birthday, CheckIn, Contact, Interaction, Mode, PlanItem, PlanState
from kith.data.store import Store
from kith.data.strategies import insights

TODAY = date(2026, 11, 20)  # Friday
MONDAY = date(2026, 11, 16)
CREATED = datetime(2026, 1, 1, 12, tzinfo=UTC)


def person(name: str, rhythm: int | None = 7, **kw: object) -> Contact:
    return Contact.model_validate({"name": name, "rhythm_days": rhythm, "created": CREATED, **kw})


def talk(day: date, *who: Contact, **kw: object) -> Interaction:
    return Interaction.model_validate(
        {"date": day, "contact_ids": [c.id for c in who], **kw}, context={"today": date.max}
    )


def check(days_ago: int, total: int, instrument: str = "quick", hour: int = 12) -> CheckIn:
    taken = datetime.combine(TODAY - timedelta(days=days_ago), datetime.min.time(), UTC)
    return CheckIn(
        instrument_id=instrument,
        instrument_version=1,
        taken_at=taken + timedelta(hours=hour),
        answers=[],
        total=total,
        band="lonely" if total >= 6 else "not_lonely",
        band_label="Lonely" if total >= 6 else "Not lonely",
    )


def home(**kw: object) -> HomeData:
    args: dict[str, object] = {
        "contacts": [],
        "interactions": [],
        "checkins": [],
        "plan_items": [],
        "checkin_rhythm_days": 7,
        "today": TODAY,
        "tz": UTC,
    }
    args.update(kw)
    return build_home(**args)  # type: ignore[arg-type]


def test_empty_store_is_empty_and_asks_for_a_first_check_in() -> None:
    data = home()
    assert data.empty
    assert not data.has_people
    assert data.reach_out == [] and data.birthdays == [] and data.recent == []
    assert data.checkin.latest is None and data.checkin.due
    assert (data.plan.done, data.plan.total) == (0, 0)
    assert data.insight in insights()
    assert today_points(data) == ["take a check-in"]
    assert data.weeks.interactions == [0] * 12
    assert data.weeks.in_person_share is None and data.weeks.link_pairs == 0


def test_anything_stored_means_not_empty() -> None:
    assert not home(contacts=[person("Sam")]).empty
    assert not home(checkins=[check(1, 4)]).empty
    assert not home(plan_items=[PlanItem(week_start=MONDAY, text="Call Mum")]).empty


def test_reach_out_shows_the_three_most_overdue_and_counts_the_rest() -> None:
    # Weekly rhythm; last contact 8..12 days ago -> overdue by 1..5 days.
    people = [person(name) for name in ("Ana", "Bo", "Cy", "Di", "Ed")]
    talks = [talk(TODAY - timedelta(days=8 + i), p) for i, p in enumerate(people)]
    in_touch = person("Fay")
    talks.append(talk(TODAY - timedelta(days=2), in_touch))
    no_rhythm = person("Gus", rhythm=None)
    archived = person("Hal", archived=True)
    data = home(contacts=[*people, in_touch, no_rhythm, archived], interactions=talks)
    assert [s.contact.name for s in data.reach_out] == ["Ed", "Di", "Cy"]
    assert [s.days_overdue for s in data.reach_out] == [5, 4, 3]
    assert len(data.reach_out) == REACH_OUT_SHOWN
    assert data.reach_out_more == 2
    assert today_points(data)[0] == "reach out to Ed and 4 more"


def test_checkin_glance_trend_change_and_due() -> None:
    checkins = [check(30, 4), check(20, 5), check(13, 7), check(9, 6), check(3, 0, "djg6")]
    glance = checkin_glance(checkins, 7, TODAY, UTC)
    # The latest is the in-depth one (0-6): its own trend, not the quick totals.
    assert glance.latest is not None and glance.latest.instrument_id == "djg6"
    assert glance.trend == [0]
    assert (glance.low, glance.high) == (0, 6)
    assert glance.change is None
    assert not glance.due and glance.days_until_due == 4
    assert due_words(glance) == "Next check-in in 4 days."

    quick_only = [c for c in checkins if c.instrument_id == "quick"]
    glance = checkin_glance(quick_only, 7, TODAY, UTC)
    assert glance.trend == [4, 5, 7, 6]
    assert (glance.low, glance.high) == (3, 9)
    assert glance.change == -1
    assert glance.instrument_name == "Quick check"
    assert glance.due and glance.days_until_due == -2
    assert due_words(glance) == "A check-in is due."


def test_checkin_due_uses_the_local_day() -> None:
    # Taken 13 Nov 23:30 UTC = 14 Nov 00:30 in Berlin: due again on 21 Nov there, 20 Nov in UTC.
    late = CheckIn(
        instrument_id="quick",
        instrument_version=1,
        taken_at=datetime(2026, 11, 13, 23, 30, tzinfo=UTC),
        answers=[],
        total=5,
        band="not_lonely",
        band_label="Not lonely",
    )
    assert checkin_glance([late], 7, TODAY, UTC).due
    assert not checkin_glance([late], 7, TODAY, ZoneInfo("Europe/Berlin")).due


def test_plan_glance_counts_this_week_and_lists_what_is_left() -> None:
    items = [
        PlanItem(week_start=MONDAY, text="Call Mum", state=PlanState.DONE),
        PlanItem(week_start=MONDAY, text="Join the choir", day=date(2026, 11, 21)),
        PlanItem(week_start=MONDAY, text="Skip this", state=PlanState.SKIPPED),
        PlanItem(week_start=MONDAY - timedelta(days=7), text="Last week"),
    ]
    glance = plan_glance(items, TODAY)
    assert glance.week == MONDAY
    assert (glance.done, glance.total) == (1, 3)
    assert [i.text for i in glance.next_up] == ["Join the choir"]
    data = home(plan_items=items, checkins=[check(1, 4)])
    assert today_points(data) == ["1 planned action to go"]


def test_recent_interactions_newest_first_and_deleted_people() -> None:
    sam, ana = person("Sam"), person("Ana")
    items = [
        talk(TODAY - timedelta(days=5), sam),
        talk(TODAY - timedelta(days=1), sam, ana, mode=Mode.CALL),
        talk(TODAY - timedelta(days=3), ana),
    ]
    gone = Interaction.model_validate(
        {"date": TODAY - timedelta(days=2), "contact_ids": ["deleted"]},
        context={"today": date.max},
    )
    recent = recent_interactions([*items, gone], [sam, ana], limit=3)
    assert [r.interaction.date for r in recent] == [
        TODAY - timedelta(days=1),
        TODAY - timedelta(days=2),
        TODAY - timedelta(days=3),
    ]
    assert recent[0].names == ["Sam", "Ana"] and recent[0].contact_id == sam.id
    assert recent[1].names == [] and recent[1].contact_id is None


def test_birthdays_within_two_weeks_with_age() -> None:
    soon = person("Sol", birthday=Birthday(month=11, day=25, year=1990))
    today_bd = person("Tia", birthday=Birthday(month=11, day=20))
    far = person("Uma", birthday=Birthday(month=12, day=20))
    data = home(contacts=[soon, today_bd, far])
    assert [(c.name, d) for c, d in data.birthdays] == [
        ("Tia", TODAY),
        ("Sol", date(2026, 11, 25)),
    ]
    assert birthday_words(today_bd, TODAY, TODAY) == "today"
    assert birthday_words(soon, date(2026, 11, 25), TODAY) == "Wed 25 Nov, turns 36"
    assert birthday_words(soon, date(2026, 11, 21), TODAY) == "tomorrow, turns 36"
    assert today_points(data)[0] == "wish Tia a happy birthday"


def test_daily_insight_is_stable_for_a_day_and_rotates() -> None:
    assert daily_insight(TODAY) == daily_insight(TODAY)
    week = {daily_insight(TODAY + timedelta(days=i)) for i in range(7)}
    assert len(week) == 7


def test_sparkline_and_change_words() -> None:
    assert sparkline([], 3, 9) == ""
    assert sparkline([3, 6, 9], 3, 9) == "▁▅█"
    assert sparkline([1, 12], 3, 9) == "▁█"  # clamped to the scale
    assert sparkline([4, 4], 4, 4) == "▁▁"
    assert change_words(None) == "your first check-in"
    assert change_words(0) == "the same as last time"
    assert change_words(-1) == "1 point lower than last time"
    assert change_words(3) == "3 points higher than last time"


def test_demo_store_home_answers_what_to_do_today(demo_store: Store) -> None:
    clock = demo_store.clock
    data = home(
        contacts=demo_store.contacts.list(),
        interactions=demo_store.interactions.list(),
        checkins=demo_store.checkins.list(),
        plan_items=demo_store.plan.list(),
        today=clock.now().date(),
    )
    assert not data.empty
    assert len(data.reach_out) == 3
    assert [c.name for c, _ in data.birthdays] == ["Priya Placeholder"]
    assert data.plan.total == 2
    assert data.checkin.latest is not None
    assert today_points(data)
    assert len(data.weeks.interactions) == 12
    assert data.weeks.link_weeks == 26 and data.weeks.link_pairs == 19
    assert data.weeks.link_r is not None


def test_recent_ties_go_to_the_one_stored_last_not_to_the_random_id() -> None:
    sam = person("Sam")
    same_day = [
        talk(TODAY, sam, id=f"{letter}-id", notes=str(index)) for index, letter in enumerate("zay")
    ]
    recent = recent_interactions(same_day, [sam])
    assert [r.interaction.notes for r in recent] == ["2", "1", "0"]
