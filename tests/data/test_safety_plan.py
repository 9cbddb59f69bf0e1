"""The safety plan: its model, the migration of the old support list, the printed text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from kith.data.clock import FixedClock
from kith.data.migrations import SCHEMA_VERSION, migrate
from kith.data.models import PlanStep, SafetyLine, SafetyPlan, SupportEntry, SupportKind
from kith.data.safety_plan import plan_text, read_safety_plan, safety_plan_content
from kith.data.store import STORE_FILE, Store


def v2_file(path: Path, support: dict[str, dict[str, object]]) -> None:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    (path / STORE_FILE).write_text(
        json.dumps({"_meta": {"1": {"schema": 2, "app": "kith"}}, "support": support})
    )


OLD_LIST = {
    "1": {
        "id": "a",
        "kind": "person",
        "name": "My sister Ana",
        "reach": "0700 900 123",
        "note": "any evening",
        "created": "2026-01-02T10:00:00+00:00",
        "updated": "2026-02-01T10:00:00+00:00",
    },
    "2": {"id": "b", "kind": "professional", "name": "Dr Lee", "reach": "health centre"},
    "3": {"id": "c", "kind": "helps", "name": "A walk round the block"},
    "4": {
        "id": "d",
        "kind": "person",
        "name": "Sam",
        "created": "2025-12-01T10:00:00+00:00",
        "updated": "2025-12-01T10:00:00+00:00",
    },
}


def test_old_support_entries_move_into_steps_4_and_5(data_dir: Path, clock: FixedClock) -> None:
    v2_file(data_dir, OLD_LIST)
    with Store.open(data_dir, clock=clock) as store:
        assert store.migrated_from == 2
        plan = store.safety_plan.get()
        assert [(line.text, line.reach, line.note) for line in plan.ask_for_help] == [
            ("My sister Ana", "0700 900 123", "any evening"),
            ("Sam", "", ""),
        ]
        assert [line.text for line in plan.professionals] == ["Dr Lee"]
        assert [line.text for line in plan.on_my_own] == ["A walk round the block"]
        assert plan.warning_signs == plan.reasons == []
        assert store.support.list() == []  # moved, not copied
        assert plan.created.isoformat() == "2025-12-01T10:00:00+00:00"
    raw = json.loads((data_dir / STORE_FILE).read_text())
    assert raw["_meta"]["1"]["schema"] == SCHEMA_VERSION == 3
    # The file as it was is kept as a backup before the migration rewrote it.
    assert any(p.name.startswith("kith-v2-") for p in (data_dir / "backups").iterdir())


def test_migration_keeps_what_does_not_fit_and_an_existing_plan() -> None:
    many = {str(n): {"id": f"p{n}", "kind": "person", "name": f"Person {n}"} for n in range(1, 106)}
    tables, found = migrate({"_meta": {"1": {"schema": 2}}, "support": many})
    assert found == 2
    assert len(tables["safety_plan"]["1"]["ask_for_help"]) == 100
    assert sorted(doc["name"] for doc in tables["support"].values()) == [
        f"Person {n}" for n in range(101, 106)
    ]
    SafetyPlan.model_validate(tables["safety_plan"]["1"])
    # Nothing to move: no plan record is made.
    empty, _ = migrate({"_meta": {"1": {"schema": 2}}, "support": {}})
    assert "safety_plan" not in empty


def test_a_plan_is_one_record_saved_and_read_back(store: Store) -> None:
    assert not store.safety_plan.get().has_content()
    plan = store.safety_plan.get().with_lines(
        PlanStep.ASK_FOR_HELP, [SafetyLine(text="Ana", reach="0700", contact_id="ana-id")]
    )
    store.safety_plan.save(plan)
    store.safety_plan.save(
        store.safety_plan.get().with_lines(PlanStep.REASONS, [SafetyLine(text="My niece")])
    )
    saved = store.safety_plan.get()
    assert saved.has_content()
    assert [line.text for line in saved.ask_for_help] == ["Ana"]
    assert [line.text for line in saved.reasons] == ["My niece"]
    assert len(store._safety_plan) == 1


@pytest.mark.parametrize("bad", ["", "Ana\x1b[31m", "x" * 201, "\u202eAna"])
def test_plan_lines_refuse_empty_long_and_control_text(bad: str) -> None:
    with pytest.raises(ValidationError):
        SafetyLine(text=bad)


def test_plan_text_lists_every_step_the_helplines_and_the_citation() -> None:
    plan = (
        SafetyPlan()
        .with_lines(PlanStep.WARNING_SIGNS, [SafetyLine(text="I stop answering messages")])
        .with_lines(
            PlanStep.ASK_FOR_HELP, [SafetyLine(text="Ana", reach="0700 900 123", note="evenings")]
        )
    )
    text = plan_text(plan)
    lines = text.splitlines()
    assert lines[0] == "My safety plan"
    assert "1. My warning signs" in lines
    assert "   - I stop answering messages" in lines
    assert "   - Ana · 0700 900 123 · evenings" in lines
    assert text.count("(nothing written yet)") == 5
    assert "My reasons for living" in lines
    assert "988 Suicide & Crisis Lifeline" in text and "116 123" in text
    assert "Stanley, B. & Brown, G. K. (2012)" in text.replace("\n", " ")
    assert "Cognitive and Behavioral Practice, 19(2), 256-264" in text.replace("\n", " ")
    assert "professional" in text  # best made with a professional
    assert all(len(line) <= 78 for line in lines)
    # steps in order
    titles = [safety_plan_content().step(step).title for step in PlanStep]
    assert [text.index(title) for title in titles] == sorted(text.index(t) for t in titles)


def test_read_safety_plan_reads_an_old_file_without_changing_it(data_dir: Path) -> None:
    v2_file(data_dir, OLD_LIST)
    before = (data_dir / STORE_FILE).read_bytes()
    plan = read_safety_plan(data_dir / STORE_FILE)
    assert plan is not None
    assert [line.text for line in plan.professionals] == ["Dr Lee"]
    assert (data_dir / STORE_FILE).read_bytes() == before
    assert read_safety_plan(data_dir / "missing.json") is None


def test_support_entries_added_now_stay_in_the_support_list(store: Store) -> None:
    store.support.add(SupportEntry(name="Dr Lee", kind=SupportKind.PROFESSIONAL))
    assert len(store.support.list()) == 1


_entry = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(["person", "professional", "helps"]),
        "name": st.text(alphabet="abc XYZ[]/é", min_size=1, max_size=12).filter(str.strip),
        "reach": st.text(alphabet="0123 ", max_size=8),
    }
)


@given(st.lists(_entry, max_size=130))
def test_the_migration_loses_no_entry(entries: list[dict[str, str]]) -> None:
    """Every old entry ends up in its step, in order, or (past a step's limit) still in
    the support list; the plan it makes is valid."""
    support = {str(n): {"id": f"e{n}", **doc} for n, doc in enumerate(entries, start=1)}
    tables, _ = migrate({"_meta": {"1": {"schema": 2}}, "support": dict(support)})
    steps = {"person": "ask_for_help", "professional": "professionals", "helps": "on_my_own"}
    moved: dict[str, list[str]] = {step: [] for step in steps.values()}
    kept: list[str] = []
    for doc in support.values():
        step = steps[doc["kind"]]
        (moved[step] if len(moved[step]) < 100 else kept).append(doc["name"])
    left = [doc["name"] for doc in tables.get("support", {}).values()]
    assert left == kept
    if not entries:
        assert "safety_plan" not in tables
        return
    plan = SafetyPlan.model_validate(tables["safety_plan"]["1"])
    for step, names in moved.items():
        expected = [SafetyLine(text=name).text for name in names]  # as validation tidies it
        assert [line.text for line in plan.lines(PlanStep(step))] == expected
