"""Snapshots of the safety plan, support with the plan, looking again at a hard
moment (the evidence step, the saved list) and the hard-stretch notice, at 80x24
and 120x36 with the fixed clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from kith.data.models import Contact, Interaction, PlanStep, SafetyLine, ThoughtRecord
from kith.data.store import Store
from tests.conftest import FIXED_NOW

SIZES = [(80, 24), (120, 36)]
TODAY = FIXED_NOW.date()
MakeApp = Callable[..., Any]


def with_plan(store: Store) -> None:
    ana = store.contacts.add(Contact(name="Ana [b]Lopez"))
    plan = (
        store.safety_plan.get()
        .with_lines(PlanStep.WARNING_SIGNS, [SafetyLine(text="I stop answering messages")])
        .with_lines(PlanStep.ON_MY_OWN, [SafetyLine(text="A walk round the block")])
        .with_lines(
            PlanStep.ASK_FOR_HELP,
            [SafetyLine(text=ana.name, reach="0700 900 123", contact_id=ana.id)],
        )
        .with_lines(PlanStep.PROFESSIONALS, [SafetyLine(text="Dr Lee", reach="weekdays 8-6")])
        .with_lines(PlanStep.REASONS, [SafetyLine(text="My niece's laugh")])
    )
    store.safety_plan.save(plan)


def with_sam(store: Store, *, hard: bool = False) -> Contact:
    sam = store.contacts.add(Contact(name="Sam"))
    times = [(60, 4, "them"), (40, 5, "them"), (20, 4, "me")]
    if hard:
        times += [(9, 2, "me"), (6, 1, None), (3, 2, "them")]
    for days, felt, by in times:
        store.interactions.add(
            Interaction(
                date=TODAY - timedelta(days=days), contact_ids=[sam.id], felt=felt, initiated_by=by
            )
        )
    return sam


@pytest.mark.parametrize("size", SIZES)
def test_safety_plan(snap_compare: Any, store: Store, make_app: MakeApp, size: Any) -> None:
    with_plan(store)
    assert snap_compare(make_app(store), press=["f2", "p"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_support_shows_the_plan_first(
    snap_compare: Any, store: Store, make_app: MakeApp, size: Any
) -> None:
    with_plan(store)
    assert snap_compare(make_app(store), press=["exclamation_mark"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_rethink_evidence_step(
    snap_compare: Any, store: Store, make_app: MakeApp, size: Any
) -> None:
    sam = with_sam(store)

    async def to_evidence(pilot: Any) -> None:
        await pilot.press("3", "r", "n")
        await pilot.pause()
        await pilot.press(*"No reply")
        pilot.app.screen.query_one("#in-contact").value = sam.id
        for _ in range(6):  # situation, thought, traps, feeling (2 fields), supports
            await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(make_app(store), run_before=to_evidence, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_rethink_list(snap_compare: Any, store: Store, make_app: MakeApp, size: Any) -> None:
    sam = with_sam(store)
    store.thought_records.add(
        ThoughtRecord(
            date=TODAY - timedelta(days=2),
            situation="No reply from Sam since Friday",
            thought="they must be annoyed with me",
            traps=["mind_reading", "personalising"],
            feeling="worried",
            strength_before=70,
            against="Sam reached out twice this year",
            balanced="they are probably busy",
            strength_after=40,
            contact_id=sam.id,
        )
    )
    assert snap_compare(make_app(store), press=["3", "r"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_hard_stretch_notice(snap_compare: Any, store: Store, make_app: MakeApp, size: Any) -> None:
    with_sam(store, hard=True)
    assert snap_compare(make_app(store), press=["3"], terminal_size=size)
