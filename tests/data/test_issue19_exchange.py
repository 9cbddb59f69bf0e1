"""Safety plans and thought records go out and come back like everything else."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from kith.data.clock import FixedClock
from kith.data.exchange import (
    Outcome,
    apply_merge,
    dump_json,
    export_document,
    parse_document,
    plan_merge,
    snapshot,
)
from kith.data.models import Contact, PlanStep, SafetyLine, ThoughtRecord
from kith.data.store import Store

WHEN = datetime(2026, 11, 20, 12, tzinfo=UTC)


def filled(store: Store) -> None:
    sam = store.contacts.add(Contact(name="Sam"))
    store.safety_plan.save(
        store.safety_plan.get().with_lines(
            PlanStep.ASK_FOR_HELP, [SafetyLine(text="Sam", reach="0700", contact_id=sam.id)]
        )
    )
    store.thought_records.add(
        ThoughtRecord(
            date=WHEN.date(),
            situation="No reply",
            thought="annoyed with me",
            traps=["mind_reading"],
            strength_before=70,
            strength_after=40,
            contact_id=sam.id,
        )
    )


def test_json_export_and_import_round_trip(store: Store, tmp_path: Path, clock: FixedClock) -> None:
    filled(store)
    document = export_document(store, WHEN)
    assert len(document["safety_plan"]) == 1 and len(document["thought_records"]) == 1
    raw = dump_json(document)
    with Store.open(tmp_path / "other", clock=clock) as other:
        plan = plan_merge(snapshot(other), parse_document(raw))
        assert plan.counts(Outcome.ADDED) == {
            "contacts": 1,
            "safety_plan": 1,
            "thought_records": 1,
        }
        assert apply_merge(other, plan) == 3
        assert other.export_tables() == store.export_tables()
        [record] = other.thought_records.list()
        assert (record.situation, record.strength_after) == ("No reply", 40)
        assert [line.text for line in other.safety_plan.get().ask_for_help] == ["Sam"]


def test_an_old_export_with_a_support_list_comes_in_as_a_safety_plan() -> None:
    old = {
        "kind": "kith-export",
        "schema": 2,
        "support": [
            {"id": "a", "kind": "person", "name": "Ana", "reach": "0700"},
            {"id": "b", "kind": "professional", "name": "Dr Lee"},
        ],
    }
    snap = parse_document(json.dumps(old).encode())
    assert snap["support"] == []
    [plan] = snap["safety_plan"]
    assert [x.text for x in plan.ask_for_help] == ["Ana"]  # type: ignore[attr-defined]
    assert [x.text for x in plan.professionals] == ["Dr Lee"]  # type: ignore[attr-defined]


def test_thought_records_are_a_csv_table_with_the_persons_name(store: Store) -> None:
    import csv
    import io

    from kith.data.exchange import csv_tables

    filled(store)
    files = csv_tables(snapshot(store))
    assert "safety_plan.csv" not in files  # one record of nested steps: JSON only
    rows = list(csv.DictReader(io.StringIO(files["thought_records.csv"])))
    assert len(rows) == 1
    assert (rows[0]["situation"], rows[0]["person"], rows[0]["traps"]) == (
        "No reply",
        "Sam",
        "mind_reading",
    )
