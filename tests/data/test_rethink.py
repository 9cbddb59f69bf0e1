"""Kith's evidence lines and hard stretches, by hand values; the content file."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from kith.data.models import Contact, Interaction, ThoughtRecord
from kith.data.rethink import (
    NOT_NOW_DAYS,
    STEP_IDS,
    evidence_lines,
    find_records,
    hard_stretches,
    not_now_until,
    rethink_content,
    stretch_for,
)
from tests.conftest import moment

TODAY = date(2026, 11, 20)
SAM = Contact(id="sam", name="Sam")
ANA = Contact(id="ana", name="Ana")
_CTX = {"today": date.max}


def met(
    days_ago: int,
    felt: int | None = None,
    by: str | None = None,
    who: str = "sam",
    ident: str | None = None,
) -> Interaction:
    doc = {
        "date": TODAY - timedelta(days=days_ago),
        "contact_ids": [who],
        "felt": felt,
        "initiated_by": by,
        # logged in the order of the days, so ties on a day keep their order
        "created": moment(2026, 1, 1) + timedelta(days=400 - days_ago),
    }
    if ident:
        doc["id"] = ident
    return Interaction.model_validate(doc, context=_CTX)


def test_the_example_from_the_issue() -> None:
    """Sam reached out 4 times this year; the last 3 times together felt good or lovely."""
    log = [
        met(200, felt=3, by="them"),
        met(90, felt=4, by="them"),
        met(60, felt=5, by="them"),
        met(30, felt=4, by="me"),
        met(2, felt=1, by="them", ident="hard"),
        met(500, felt=5, by="them"),  # more than a year ago: not counted as reaching out
        met(10, felt=5, by="them", who="ana"),  # someone else
    ]
    assert evidence_lines("Sam", "sam", log, TODAY, leave_out="hard") == [
        "Sam reached out to you 4 times in the past year.",
        "Your last 3 times together felt good or lovely.",
        "You and Sam have been in touch 5 times in the past year.",
    ]


def test_once_twice_and_the_time_before() -> None:
    log = [met(40, felt=2), met(20, felt=4, by="them"), met(1, felt=1, ident="now")]
    assert evidence_lines("Ana", "sam", log, TODAY, leave_out="now") == [
        "Ana reached out to you once in the past year.",
        "The time before this one felt good or lovely.",
        "You and Ana have been in touch 3 times in the past year.",
    ]
    log.append(met(5, by="them"))
    assert evidence_lines("Ana", "sam", log, TODAY, leave_out="now")[0] == (
        "Ana reached out to you twice in the past year."
    )


def test_some_good_times_among_the_last_ten() -> None:
    log = [met(days, felt=felt) for days, felt in ((50, 5), (40, 2), (30, 4), (20, 3), (10, 2))]
    assert evidence_lines("Sam", "sam", log, TODAY) == [
        "2 of your last 5 times together felt good or lovely.",
        "You and Sam have been in touch 5 times in the past year.",
    ]


def test_nothing_kind_to_say_says_nothing() -> None:
    assert evidence_lines("Sam", "sam", [], TODAY) == []
    assert evidence_lines("Sam", "sam", [met(3, felt=1), met(700, felt=2)], TODAY) == []


def test_a_hard_stretch_is_three_of_the_last_four_rated() -> None:
    assert stretch_for("sam", [met(9, 1), met(6, 2), met(3, 1)]) == (3, 3)
    assert stretch_for("sam", [met(12, 5), met(9, 1), met(6, 4), met(3, 2)]) is None
    # unrated times do not count; only the last four rated ones do
    log = [met(20, 1), met(15, 1), met(12, 5), met(9, 2), met(6), met(3, 1)]
    assert stretch_for("sam", log) == (3, 4)
    assert stretch_for("sam", [*log, met(1, 5), met(0, 4)]) is None


def test_hard_stretches_respects_not_now_archived_and_records() -> None:
    log = [met(9, 1), met(6, 2), met(3, 1), met(5, 1, who="ana"), met(4, 2, who="ana")]
    found = hard_stretches([SAM, ANA], log, TODAY, not_now={})
    assert [(s.contact.name, s.hard, s.of) for s in found] == [("Sam", 3, 3)]
    assert found[0].reason == "3 of your last 3 times with Sam felt hard or not great."
    assert found[0].latest == TODAY - timedelta(days=3)

    until = not_now_until(TODAY)
    assert until == TODAY + timedelta(days=NOT_NOW_DAYS)
    assert hard_stretches([SAM], log, TODAY, not_now={"sam": until}) == []
    assert hard_stretches([SAM], log, until, not_now={"sam": until}) != []  # it comes back
    archived = SAM.model_copy(update={"archived": True})
    assert hard_stretches([archived], log, TODAY, not_now={}) == []
    looked = ThoughtRecord(date=TODAY - timedelta(days=2), situation="x", contact_id="sam")
    assert hard_stretches([SAM], log, TODAY, not_now={}, records=[looked]) == []
    older = ThoughtRecord(date=TODAY - timedelta(days=8), situation="x", contact_id="sam")
    assert hard_stretches([SAM], log, TODAY, not_now={}, records=[older]) != []


@given(st.lists(st.integers(min_value=1, max_value=5), max_size=12))
def test_stretch_matches_a_direct_count(feelings: list[int]) -> None:
    log = [met(len(feelings) - i, felt) for i, felt in enumerate(feelings)]
    last_four = feelings[-4:]
    hard = sum(1 for felt in last_four if felt <= 2)
    expected = (hard, len(last_four)) if hard >= 3 else None
    assert stretch_for("sam", log) == expected


@given(st.lists(st.tuples(st.integers(0, 800), st.sampled_from(["me", "them", None]))))
def test_reaching_out_counts_only_the_past_year(times: list[tuple[int, str | None]]) -> None:
    log = [met(days, by=by) for days, by in times]
    reached = sum(1 for days, by in times if by == "them" and days < 365)
    lines = evidence_lines("Sam", "sam", log, TODAY)
    said = [line for line in lines if "reached out" in line]
    assert bool(said) == bool(reached)


def test_records_are_found_by_any_words_newest_first() -> None:
    old = ThoughtRecord(date=date(2026, 1, 5), situation="No reply from Sam", thought="annoyed")
    new = ThoughtRecord(date=date(2026, 3, 5), situation="Party", balanced="sam was BUSY")
    assert find_records([old, new], "") == [new, old]
    assert find_records([old, new], "sam") == [new, old]
    assert find_records([old, new], "busy sam") == [new]
    assert find_records([old, new], "nothing") == []


def test_content_has_every_step_and_names_its_sources() -> None:
    content = rethink_content()
    assert tuple(step.id for step in content.steps) == STEP_IDS
    assert "Masi" in content.source and "Beck" in content.source
    assert "not therapy" in content.intro
    assert {"mind_reading", "fortune_telling", "all_or_nothing"} <= {t.id for t in content.traps}
    assert all(trap.line for trap in content.traps)


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(1, 5)), max_size=10))
def test_hard_stretches_agrees_with_stretch_for(times: list[tuple[int, int]]) -> None:
    # each logged at its own moment, as the store does (ties in time are not real)
    log = [
        met(days, felt).model_copy(update={"created": moment(2026, 1, 1) + timedelta(seconds=n)})
        for n, (days, felt) in enumerate(times)
    ]
    found = hard_stretches([SAM], log, TODAY, not_now={})
    expected = stretch_for("sam", log)
    assert [(s.hard, s.of) for s in found] == ([expected] if expected else [])
