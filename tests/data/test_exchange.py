"""Export, import and merge: a JSON export imports back as exactly the same store."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
import tempfile
import textwrap
import zipfile
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kith.data.backup import manual_backup
from kith.data.clock import FixedClock
from kith.data.demo import build_demo_store
from kith.data.errors import StoreLocked
from kith.data.exchange import (
    EXPORT_KIND,
    MODELS,
    ExchangeError,
    Outcome,
    apply_merge,
    csv_tables,
    dump_json,
    export_document,
    parse_document,
    plan_merge,
    read_store_file,
    records_equal,
    restore_backup,
    snapshot,
    write_csv_folder,
    write_private,
    zip_bytes,
)
from kith.data.migrations import SCHEMA_VERSION
from kith.data.models import (
    Birthday,
    CheckIn,
    CheckInAnswer,
    Circle,
    Contact,
    Interaction,
    Mode,
    PlanItem,
    PlanState,
    Record,
    Settings,
    SupportEntry,
    SupportKind,
)
from kith.data.store import STORE_FILE, Store
from tests.conftest import FIXED_NOW

ROOT = Path(__file__).resolve().parents[2]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def export_bytes(store: Store) -> bytes:
    return dump_json(export_document(store, FIXED_NOW))


def import_into(store: Store, raw: bytes) -> None:
    apply_merge(store, plan_merge(snapshot(store), parse_document(raw)))


# -- generated stores ------------------------------------------------------------------
TEXT = st.text(
    alphabet=st.sampled_from("abcXYZ éßøł 李龍 ليلى 🌹👍🏽 [/bold]'\",;=+-@\\"), max_size=30
)
NAMES = TEXT.filter(lambda s: s.strip() != "")
NOTES = st.lists(TEXT, max_size=3).map("\n".join)
MOMENTS = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2026, 11, 20), timezones=st.just(UTC)
)
DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2026, 11, 20))
IDS = st.uuids().map(str)
BIRTHDAYS = st.none() | st.builds(
    Birthday,
    month=st.integers(1, 12),
    day=st.integers(1, 28),
    year=st.none() | st.integers(1900, 2026),
)


@st.composite
def records(draw: st.DrawFn, model: type[Record], **fields: Any) -> Record:
    first = draw(MOMENTS)
    last = draw(
        st.datetimes(
            min_value=first.replace(tzinfo=None),
            max_value=datetime(2199, 12, 31),  # the models keep 1900-2199
            timezones=st.just(UTC),
        )
    )
    return model.model_validate(
        {"id": draw(IDS), "created": first, "updated": last, **fields},
        context={"today": date.max},
    )


@st.composite
def stores(draw: st.DrawFn) -> dict[str, list[Record]]:
    contacts = [
        draw(
            records(
                Contact,
                name=draw(NAMES),
                circle=draw(st.sampled_from(list(Circle))),
                tags=draw(st.lists(NAMES, max_size=3)),
                how_met=draw(TEXT),
                notes=draw(NOTES),
                birthday=draw(BIRTHDAYS),
                rhythm_days=draw(st.none() | st.integers(1, 3650)),
                archived=draw(st.booleans()),
                remember=draw(st.lists(NAMES, max_size=2)),
            )
        )
        for _ in range(draw(st.integers(0, 4)))
    ]
    people = [c.id for c in contacts] or ["someone-gone"]
    interactions = [
        draw(
            records(
                Interaction,
                date=draw(DAYS),
                contact_ids=draw(st.lists(st.sampled_from(people), min_size=1, max_size=3)),
                mode=draw(st.sampled_from(list(Mode))),
                duration_minutes=draw(st.none() | st.integers(1, 1440)),
                felt=draw(st.none() | st.integers(1, 5)),
                initiated_by=draw(st.sampled_from([None, "me", "them"])),
                notes=draw(NOTES),
                strategy_id=draw(st.sampled_from([None, "listen", "widen"])),
            )
        )
        for _ in range(draw(st.integers(0, 5)))
    ]
    checkins = [
        draw(
            records(
                CheckIn,
                instrument_id="quick",
                instrument_version=1,
                taken_at=draw(MOMENTS),
                answers=[
                    CheckInAnswer(item_id=f"ucla{i}", answer_id="often", score=3) for i in (1, 2)
                ],
                total=draw(st.integers(3, 9)),
                subscales=draw(st.dictionaries(st.sampled_from(["a", "b"]), st.integers(0, 9))),
                band="lonely",
                band_label="Lonely",
                direct_answer=draw(st.none() | st.just("never")),
                note=draw(TEXT),
            )
        )
        for _ in range(draw(st.integers(0, 2)))
    ]
    plan = [
        draw(
            records(
                PlanItem,
                week_start=(day := draw(DAYS)) - timedelta(days=day.weekday()),
                text=draw(NAMES),
                contact_id=draw(st.none() | st.sampled_from(people)),
                state=draw(st.sampled_from(list(PlanState))),
                done_at=draw(st.none() | MOMENTS),
                felt=draw(st.none() | st.integers(1, 5)),
                reflection=draw(NOTES),
            )
        )
        for _ in range(draw(st.integers(0, 2)))
    ]
    support = [
        draw(
            records(
                SupportEntry,
                kind=draw(st.sampled_from(list(SupportKind))),
                name=draw(NAMES),
                reach=draw(TEXT),
                note=draw(NOTES),
            )
        )
        for _ in range(draw(st.integers(0, 2)))
    ]
    settings_records = draw(
        st.lists(
            records(Settings, id="settings", theme="nord", checkin_rhythm_days=14),
            max_size=1,
        )
    )
    return {
        "contacts": contacts,
        "interactions": interactions,
        "checkins": checkins,
        "plan": plan,
        "support": support,
        "settings": settings_records,
    }


@pytest.fixture
def folders() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        yield Path(tmp)


def fill(folder: Path, snap: dict[str, list[Record]]) -> None:
    with Store.open(folder, clock=FixedClock(FIXED_NOW), backups=False) as store:
        repos = {repo.name: repo for repo in store.repositories}
        with store.batch():
            for name, items in snap.items():
                for item in items:
                    repos[name].put(item)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(original=stores())
def test_json_export_then_import_into_an_empty_folder_is_identity(
    original: dict[str, list[Record]],
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        first, second = Path(tmp) / "first", Path(tmp) / "second"
        fill(first, original)
        with Store.open(first, readonly=True) as store:
            raw = export_bytes(store)
            before = store.export_tables()
        with Store.open(second, clock=FixedClock(FIXED_NOW), backups=False) as store:
            import_into(store, raw)
        # Reopened from disk: the same records, field for field, timestamps included.
        with Store.open(second, readonly=True) as store:
            after = store.export_tables()
            assert records_equal(snapshot(store), original)
            assert export_bytes(store) == raw
        assert {k: sorted(v, key=lambda d: d["id"]) for k, v in after.items() if k != "schema"} == {
            k: sorted(v, key=lambda d: d["id"]) for k, v in before.items() if k != "schema"
        }


@settings(max_examples=25, deadline=None)
@given(original=stores())
def test_importing_the_same_export_twice_changes_nothing(
    original: dict[str, list[Record]],
) -> None:
    raw_plan = plan_merge(original, original)
    assert all(change.outcome is Outcome.SAME for change in raw_plan.changes)
    assert raw_plan.to_write == []


@settings(max_examples=60, deadline=None)
@given(
    base=records(Contact, name="Sam"),
    here_name=NAMES,
    there_name=NAMES,
    here_shift=st.integers(-10_000, 10_000),
    there_shift=st.integers(-10_000, 10_000),
)
def test_a_record_edited_on_both_sides_keeps_the_newer_edit(
    base: Record, here_name: str, there_name: str, here_shift: int, there_shift: int
) -> None:
    here = base.model_copy(
        update={"name": here_name.strip(), "updated": base.updated + timedelta(seconds=here_shift)}
    )
    there = base.model_copy(
        update={
            "name": there_name.strip(),
            "updated": base.updated + timedelta(seconds=there_shift),
        }
    )
    plan = plan_merge({"contacts": [here]}, {"contacts": [there]})
    (change,) = plan.changes
    if here.to_doc() == there.to_doc():
        assert change.outcome is Outcome.SAME
    elif there.updated > here.updated:
        assert change.outcome is Outcome.UPDATED
        assert plan.to_write == [change]
        assert plan.conflicts == [change]
    else:
        assert change.outcome is Outcome.KEPT  # a tie keeps the copy already here
        assert plan.to_write == []
        assert plan.conflicts == [change]


# -- merging into a store that has data ------------------------------------------------
def test_merge_adds_updates_skips_and_reports_conflicts(store: Store, clock: FixedClock) -> None:
    sam = store.contacts.add(Contact(name="Sam", notes="old"))
    ana = store.contacts.add(Contact(name="Ana"))
    kept = store.contacts.add(Contact(name="Lee"))
    exported = parse_document(export_bytes(store))
    # After the export: Sam edited in the file (later), Lee edited here (later still).
    clock.set(clock.now() + timedelta(hours=1))
    newer_sam = sam.model_copy(update={"notes": "new", "updated": clock.now()})
    exported["contacts"] = [
        newer_sam
        if c.id == sam.id
        else c.model_copy(update={"name": "Lee in file"})
        if c.id == kept.id
        else c
        for c in exported["contacts"]
    ]
    clock.set(clock.now() + timedelta(hours=1))
    store.contacts.update(kept.model_copy(update={"name": "Lee here"}))
    newcomer = Contact(name="Robin", created=FIXED_NOW, updated=FIXED_NOW)
    exported["contacts"].append(newcomer)

    plan = plan_merge(snapshot(store), exported)
    outcomes = {change.incoming.id: change.outcome for change in plan.changes}
    assert outcomes == {
        sam.id: Outcome.UPDATED,
        ana.id: Outcome.SAME,
        kept.id: Outcome.KEPT,
        newcomer.id: Outcome.ADDED,
    }
    assert {c.incoming.id for c in plan.conflicts} == {sam.id, kept.id}
    assert plan.counts(Outcome.ADDED) == {"contacts": 1}

    assert apply_merge(store, plan) == 2
    assert store.contacts.require(sam.id).notes == "new"
    assert store.contacts.require(sam.id).updated == newer_sam.updated  # kept, not "now"
    assert store.contacts.require(kept.id).name == "Lee here"
    assert store.contacts.require(newcomer.id).created == FIXED_NOW


def test_merge_is_one_atomic_write(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import kith.data.storage as storage_module

    incoming: dict[str, list[Record]] = {
        "contacts": [Contact(name=f"P{i}") for i in range(5)],
        "interactions": [],
    }
    incoming["interactions"] = [
        Interaction(date=date(2026, 11, 1), contact_ids=[c.id]) for c in incoming["contacts"]
    ]
    saves: list[Path] = []
    real = storage_module.atomic_write_bytes

    def counting(path: Path, payload: bytes) -> None:
        saves.append(path)
        real(path, payload)

    monkeypatch.setattr(storage_module, "atomic_write_bytes", counting)
    apply_merge(store, plan_merge(snapshot(store), incoming))
    assert (len(store.contacts), len(store.interactions)) == (5, 5)
    assert saves == [store.path]


# -- reading exports -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"{not json", "not valid JSON"),
        (b"[1, 2]", "not a Kith export"),
        (b'{"contacts": []}', "not a Kith export"),
        (b'{"kind": "kith-export", "schema": 99, "contacts": []}', "newer Kith"),
        (b'{"kind": "kith-export", "schema": 2, "contacts": {"a": 1}}', "not a list of records"),
        (
            b'{"kind": "kith-export", "schema": 2, "contacts": [{"id": "x", "name": ""}]}',
            "record 1 of 'contacts' is not valid (name: Name is needed).",
        ),
        (
            b'{"kind": "kith-export", "schema": 2, "contacts": '
            b'[{"id": "x", "name": "A"}, {"id": "x", "name": "B"}]}',
            "has the id x twice",
        ),
    ],
)
def test_bad_exports_are_refused_in_plain_words(raw: bytes, expected: str) -> None:
    with pytest.raises(ExchangeError) as info:
        parse_document(raw, source="export.json")
    assert expected in str(info.value)
    assert "export.json" in str(info.value)


def test_export_carries_marker_and_schema_version(demo_store: Store) -> None:
    document = json.loads(export_bytes(demo_store))
    assert document["kind"] == EXPORT_KIND
    assert document["schema"] == SCHEMA_VERSION
    assert set(MODELS) <= set(document)
    assert len(document["interactions"]) == len(demo_store.interactions)


def test_an_older_export_is_brought_forward() -> None:
    raw = json.dumps(
        {
            "kind": EXPORT_KIND,
            "schema": 1,
            "contacts": [{"id": "c1", "name": "Sam Draft", "rhythm": "monthly"}],
        }
    ).encode()
    snap = parse_document(raw)
    (sam,) = snap["contacts"]
    assert isinstance(sam, Contact)
    assert sam.rhythm_days == 30


def test_a_backup_file_imports_like_an_export(demo_store: Store, data_dir: Path) -> None:
    copy = manual_backup(demo_store.path, data_dir, FIXED_NOW)
    from_backup = parse_document(copy.read_bytes())
    assert records_equal(from_backup, snapshot(demo_store))
    assert records_equal(read_store_file(copy), snapshot(demo_store))


# -- CSV -------------------------------------------------------------------------------------
def test_csv_tables_one_per_collection(demo_store: Store) -> None:
    files = csv_tables(snapshot(demo_store))
    assert list(files) == [
        "contacts.csv",
        "interactions.csv",
        "checkins.csv",
        "plan.csv",
        "support.csv",
    ]
    contacts = list(csv.DictReader(io.StringIO(files["contacts.csv"])))
    assert len(contacts) == len(demo_store.contacts)
    juniper = next(row for row in contacts if row["name"] == "Juniper Example")
    assert juniper["circle"] == "close_friend"
    assert juniper["tags"] == "demo"
    assert juniper["remember"] == "Reading: The Overstory; Starting a new job in January"
    assert juniper["archived"] == "no"
    priya = next(row for row in contacts if row["name"] == "Priya Placeholder")
    assert priya["birthday"] == "1990-11-25"
    interactions = list(csv.DictReader(io.StringIO(files["interactions.csv"])))
    assert len(interactions) == len(demo_store.interactions)
    names = {c.id: c.name for c in demo_store.contacts.list()}
    first = interactions[0]
    assert first["people"] == names[first["contact_ids"]]
    assert list(first)[-2:] == ["created", "updated"]
    checkins = list(csv.DictReader(io.StringIO(files["checkins.csv"])))
    assert json.loads(checkins[0]["answers"])[0]["item_id"] == "ucla1"


def test_csv_cells_never_run_as_spreadsheet_formulas() -> None:
    sneaky = Contact(name='=HYPERLINK("http://x","y")', notes="+1 call", tags=["@work"])
    plain = Contact(name="Ann [/bold]", birthday=Birthday(month=2, day=29))
    files = csv_tables({"contacts": [sneaky, plain]})
    rows = list(csv.DictReader(io.StringIO(files["contacts.csv"])))
    assert rows[0]["name"] == '\'=HYPERLINK("http://x","y")'
    assert rows[0]["notes"] == "'+1 call"
    assert rows[0]["tags"] == "'@work"
    assert rows[1]["name"] == "Ann [/bold]"
    assert rows[1]["birthday"] == "--02-29"


def test_csv_folder_and_zip_are_private(demo_store: Store, tmp_path: Path) -> None:
    os.umask(0o022)
    files = csv_tables(snapshot(demo_store))
    written = write_csv_folder(tmp_path / "out", files)
    assert mode(tmp_path / "out") == 0o700
    assert [mode(p) for p in written] == [0o600] * 5
    target = tmp_path / "out.zip"
    write_private(target, zip_bytes(files, FIXED_NOW))
    assert mode(target) == 0o600
    with zipfile.ZipFile(target) as archive:
        assert archive.namelist() == list(files)
        assert archive.read("contacts.csv").decode() == files["contacts.csv"]
        assert {info.external_attr >> 16 for info in archive.infolist()} == {0o100600}


def test_write_private_failure_is_one_plain_line(tmp_path: Path) -> None:
    with pytest.raises(ExchangeError) as info:
        write_private(tmp_path / "missing" / "x.json", b"{}")
    assert "Could not write" in str(info.value)


# -- restore -------------------------------------------------------------------------------
def test_restore_keeps_the_current_file_aside(data_dir: Path, clock: FixedClock) -> None:
    build_demo_store(data_dir, clock)
    copy = manual_backup(data_dir / STORE_FILE, data_dir, FIXED_NOW)
    with Store.open(data_dir, clock=clock) as store:
        store.contacts.add(Contact(name="Added after the backup"))
    current = (data_dir / STORE_FILE).read_bytes()
    done = restore_backup(data_dir, copy, clock)
    assert done.moved_aside is not None
    assert done.moved_aside.read_bytes() == current
    assert done.moved_aside.name.startswith("kith.before-restore-")
    assert (data_dir / STORE_FILE).read_bytes() == copy.read_bytes()
    assert mode(data_dir / STORE_FILE) == 0o600
    assert done.counts["contacts"] == 12
    with Store.open(data_dir, clock=clock) as store:
        assert "Added after the backup" not in {c.name for c in store.contacts.list()}


def test_restore_refuses_a_damaged_backup_and_changes_nothing(
    data_dir: Path, clock: FixedClock
) -> None:
    build_demo_store(data_dir, clock)
    bad = data_dir / "backups" / "kith-broken.json"
    bad.parent.mkdir(mode=0o700, exist_ok=True)
    bad.write_bytes(b'{"_meta": {"1": {"schema": 2}}, "contacts": {"1": {"id": "x"}}}')
    before = (data_dir / STORE_FILE).read_bytes()
    with pytest.raises(ExchangeError, match="not valid"):
        restore_backup(data_dir, bad, clock)
    assert (data_dir / STORE_FILE).read_bytes() == before
    assert list(data_dir.glob("kith.before-restore-*")) == []


def test_restore_refuses_while_another_process_holds_the_lock(
    data_dir: Path, clock: FixedClock
) -> None:
    build_demo_store(data_dir, clock)
    copy = manual_backup(data_dir / STORE_FILE, data_dir, FIXED_NOW)
    before = (data_dir / STORE_FILE).read_bytes()
    script = textwrap.dedent(
        f"""
        import time
        from pathlib import Path
        from kith.data.store import Store
        store = Store.open(Path({str(data_dir)!r}))
        print("ready", flush=True)
        time.sleep(60)
        """
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreLocked):
            restore_backup(data_dir, copy, clock)
        assert (data_dir / STORE_FILE).read_bytes() == before
        assert list(data_dir.glob("kith.before-restore-*")) == []
    finally:
        holder.kill()
        holder.wait()
