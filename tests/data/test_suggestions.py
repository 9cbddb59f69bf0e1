"""Suggestions "for you": each rule with hand-made data."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from kith.data.models import CheckIn, Contact, Interaction, PlanItem, PlanState
from kith.data.suggestions import is_high, lonely_on, people_reason, suggest, untried

TODAY = date(2026, 11, 20)
LONG_AGO = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)


def quick(total: int, direct: str = "never", days_ago: int = 1) -> CheckIn:
    return CheckIn(
        instrument_id="quick",
        instrument_version=1,
        taken_at=datetime(2026, 11, 20, 9, 0, tzinfo=UTC) - timedelta(days=days_ago),
        answers=[],
        total=total,
        band="lonely" if total >= 6 else "not_lonely",
        band_label="",
        direct_answer=direct,
    )


def djg(emotional: int, social: int, days_ago: int = 1, band: str | None = None) -> CheckIn:
    total = emotional + social
    if band is None:
        band = "not_lonely" if total <= 1 else ("moderate" if total <= 4 else "severe")
    return CheckIn(
        instrument_id="djg6",
        instrument_version=1,
        taken_at=datetime(2026, 11, 20, 9, 0, tzinfo=UTC) - timedelta(days=days_ago),
        answers=[],
        total=total,
        subscales={"emotional": emotional, "social": social},
        band=band,
        band_label="",
    )


def contact(name: str, rhythm: int | None, archived: bool = False) -> Contact:
    return Contact(name=name, rhythm_days=rhythm, archived=archived, created=LONG_AGO)


def met(person: Contact, days_ago: int) -> Interaction:
    return Interaction(date=TODAY - timedelta(days=days_ago), contact_ids=[person.id])


def done(strategy_id: str) -> PlanItem:
    return PlanItem(
        week_start=date(2026, 11, 9),
        text="x",
        strategy_id=strategy_id,
        state=PlanState.DONE,
        done_at=LONG_AGO,
    )


ALL_TRIED = [done(s) for s in ("cultivate", "widen", "listen", "open_up", "support", "boundaries")]


def run(checkins=(), contacts=(), interactions=(), plan=ALL_TRIED, **kw):  # type: ignore[no-untyped-def]
    return suggest(
        checkins=checkins,
        contacts=contacts,
        interactions=interactions,
        plan=plan,
        today=TODAY,
        **kw,
    )


def ids(suggestions) -> list[str]:  # type: ignore[no-untyped-def]
    return [s.strategy_id for s in suggestions]


def test_nothing_to_go_on_means_no_suggestions() -> None:
    assert run() == []


def test_emotional_loneliness_puts_open_up_and_cultivate_first() -> None:
    got = run(checkins=[djg(emotional=2, social=0)])
    assert ids(got) == ["open_up", "cultivate"]
    assert "emotional loneliness" in got[0].reason
    assert "19 Nov" in got[0].reason
    assert got[0].reasons[0].source == "checkin"


def test_social_loneliness_suggests_widening() -> None:
    got = run(checkins=[djg(emotional=0, social=3)])
    assert ids(got) == ["widen"]
    assert "social loneliness" in got[0].reason


def test_both_subscales() -> None:
    assert ids(run(checkins=[djg(emotional=1, social=1)])) == ["open_up", "cultivate", "widen"]


def test_severe_in_depth_result_offers_professional_help_first() -> None:
    got = run(checkins=[djg(emotional=3, social=3)])
    assert ids(got) == ["professional", "open_up", "cultivate", "widen"]
    assert "counsellor" in got[0].reason


def test_high_quick_score_offers_professional_help_first() -> None:
    assert ids(run(checkins=[quick(total=6)])) == ["professional"]
    assert ids(run(checkins=[quick(total=4, direct="often_always")])) == ["professional"]
    assert run(checkins=[quick(total=5, direct="some_of_the_time")]) == []


def test_only_the_latest_check_in_decides_a_high_score() -> None:
    older_high = quick(total=9, days_ago=10)
    newer_low = quick(total=3, days_ago=2)
    assert run(checkins=[older_high, newer_low]) == []
    assert ids(run(checkins=[newer_low, quick(total=8, days_ago=1)])) == ["professional"]


def test_the_latest_in_depth_check_still_counts_after_a_quick_one() -> None:
    got = run(checkins=[djg(emotional=2, social=0, days_ago=10), quick(total=3, days_ago=1)])
    assert ids(got) == ["open_up", "cultivate"]
    newer = run(checkins=[djg(2, 0, days_ago=10), djg(0, 2, days_ago=3)])
    assert ids(newer) == ["widen"]


def test_old_check_ins_no_longer_count() -> None:
    assert run(checkins=[djg(emotional=3, social=3, days_ago=120)]) == []


def test_helpers() -> None:
    assert is_high(quick(6)) and not is_high(quick(5))
    assert is_high(djg(3, 3)) and not is_high(djg(2, 2))
    assert lonely_on(djg(1, 0), "emotional") and not lonely_on(djg(1, 0), "social")


def test_overdue_people_suggest_cultivating_with_the_count() -> None:
    people = [contact(n, 7) for n in ("Ana", "Ben", "Cai", "Dee")]
    fine = contact("Eve", 30)
    no_rhythm = contact("Fay", None)
    gone = contact("Gus", 7, archived=True)
    interactions = [met(p, 20) for p in people] + [met(fine, 3), met(gone, 40)]
    got = run(contacts=[*people, fine, no_rhythm, gone], interactions=interactions)
    assert ids(got) == ["cultivate"]
    assert got[0].reason.startswith("4 people are ready for a catch-up")
    assert "Ana, Ben and 2 more" in got[0].reason
    assert got[0].tag == "4 to catch up with"


def test_never_contacted_counts_from_when_they_were_added() -> None:
    new = Contact(name="Hal", rhythm_days=30, created=datetime(2026, 11, 1, tzinfo=UTC))
    assert people_reason([new], [], TODAY) is None
    old = contact("Ida", 30)
    reason = people_reason([old], [], TODAY)
    assert reason is not None and reason.text.startswith("1 person is ready for a catch-up")
    assert "Ida" in reason.text


def test_due_today_is_worded_gently() -> None:
    person = contact("Jo", 7)
    reason = people_reason([person], [met(person, 7)], TODAY)
    assert reason is not None and "due a catch-up today" in reason.text


def test_check_in_and_people_reasons_merge_on_cultivate() -> None:
    person = contact("Kim", 7)
    got = run(checkins=[djg(2, 0)], contacts=[person], interactions=[met(person, 30)])
    assert ids(got) == ["open_up", "cultivate"]
    sources = [r.source for r in got[1].reasons]
    assert sources == ["checkin", "people"]
    assert "1 person is ready for a catch-up" in got[1].reason


def test_untried_strategies_from_the_plan_history() -> None:
    plan = [done("listen"), done("widen")]
    skipped = PlanItem(
        week_start=date(2026, 11, 9), text="x", strategy_id="support", state=PlanState.SKIPPED
    )
    assert untried([*plan, skipped]) == ["cultivate", "open_up", "support", "boundaries"]
    got = run(plan=[*plan, skipped])
    assert ids(got) == ["cultivate", "open_up"]  # two at most
    assert all(s.tag == "not tried yet" for s in got)
    assert "professional" not in ids(run(plan=[]))


def test_not_tried_adds_nothing_to_a_stronger_reason_and_order_is_kept() -> None:
    got = run(checkins=[quick(8), djg(0, 2, days_ago=2)], plan=[done("listen")])
    assert ids(got) == ["professional", "widen", "cultivate", "open_up"]
    widen = got[1]
    assert len(widen.reasons) == 1 and widen.reasons[0].source == "checkin"
    assert ids(run(checkins=[quick(8)], plan=[], limit=2)) == ["professional", "cultivate"]
