"""Every ``kith`` subcommand through its entry point, ``app.main.main``, against a
temporary data folder with a fixed clock: what it prints, its exit code, and the
store afterwards."""

from __future__ import annotations

import io
import json
import stat
from collections.abc import Callable
from datetime import UTC, date, timedelta
from pathlib import Path

import pytest

import kith.app.cli
from kith.app.main import main
from kith.data.backup import all_backups
from kith.data.clock import FixedClock
from kith.data.demo import build_demo_store
from kith.data.migrations import SCHEMA_VERSION
from kith.data.models import CheckIn, Contact, Interaction, Mode, PlanItem
from kith.data.store import STORE_FILE, Store
from tests.conftest import FIXED_NOW

VCF = Path(__file__).parent.parent / "fixtures" / "vcf"
TODAY = FIXED_NOW.date()  # Friday 20 November 2026

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> FixedClock:
    clock = FixedClock(FIXED_NOW, tz=UTC)
    monkeypatch.setattr(kith.app.cli, "make_clock", lambda: clock)
    return clock


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], data_dir: Path) -> Run:
    """``run("log", "sam")`` runs ``kith log sam --data-dir <tmp>``: (code, out, err)."""

    def invoke(*argv: str, data: Path | None = data_dir) -> tuple[int, str, str]:
        args = [*argv, "--data-dir", str(data)] if data is not None else list(argv)
        code = main(args)
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return invoke


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def one_error_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert lines[0].startswith("kith: ")
    return lines[0]


@pytest.fixture
def people(data_dir: Path, fixed_clock: FixedClock) -> dict[str, Contact]:
    """Sam Okafor (weekly, added a month ago, never contacted: overdue), Sam Taylor,
    Samira, Ana Lopez."""
    month_ago = FIXED_NOW - timedelta(days=30)
    with Store.open(data_dir, clock=fixed_clock) as store:
        made = {}
        for name, rhythm in (
            ("Sam Okafor", 7),
            ("Sam Taylor", None),
            ("Samira Haddad", None),
            ("Ana Lopez", 30),
        ):
            contact = Contact(name=name, rhythm_days=rhythm, created=month_ago, updated=month_ago)
            made[name] = store.contacts.put(contact)
    return made


def stored(data_dir: Path) -> tuple[list[Contact], list[Interaction]]:
    with Store.open(data_dir, readonly=True) as store:
        return store.contacts.list(), store.interactions.list()


# -- kith log ----------------------------------------------------------------------------
def test_log_by_unique_prefix_and_status_no_longer_lists_them(
    run: Run, data_dir: Path, people: dict[str, Contact]
) -> None:
    code, out, err = run("status")
    assert code == 0
    assert (
        "Reach out: Sam Okafor (not in touch yet · you hoped for every week), "
        "Ana Lopez (due today)." in out
    )

    code, out, err = run("log", "sam o", "--mode", "call", "--felt", "4")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Logged: call with Sam Okafor, today (Fri 20 Nov).",
        "  Felt 4/5 (good).",
    ]
    _, interactions = stored(data_dir)
    (logged,) = interactions
    assert logged.contact_ids == [people["Sam Okafor"].id]
    assert (logged.mode, logged.felt, logged.date) == (Mode.CALL, 4, TODAY)
    assert logged.created == FIXED_NOW

    code, out, _ = run("status")
    assert code == 0
    assert "Sam Okafor" not in out
    assert "Reach out: Ana Lopez (due today)." in out


def test_log_is_case_insensitive_exact_first_then_word_prefix(
    run: Run, data_dir: Path, people: dict[str, Contact]
) -> None:
    assert run("log", "ANA LOPEZ")[0] == 0
    assert run("log", "okaf")[0] == 0  # the start of a word of the name
    assert run("log", "Sam", "Taylor")[0] == 0  # unquoted words are one name
    _, interactions = stored(data_dir)
    assert [i.contact_ids[0] for i in interactions] == [
        people["Ana Lopez"].id,
        people["Sam Okafor"].id,
        people["Sam Taylor"].id,
    ]


def test_log_with_every_option(run: Run, data_dir: Path, people: dict[str, Contact]) -> None:
    code, out, err = run(
        "log",
        "ana, samira",
        "--date",
        "3 days ago",
        "--mode",
        "video",
        "--felt",
        "5",
        "--note",
        "Planned the allotment.\nShe is moving in May.",
        "--strategy",
        "listening",
        "--minutes",
        "1h30",
        "--by",
        "them",
    )
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Logged: video, 90 min with Ana Lopez and Samira Haddad, Tuesday 17 November 2026.",
        "  Felt 5/5 (lovely); they reached out; practised: Listen actively; note: 44 characters.",
    ]
    _, (logged,) = stored(data_dir)
    assert logged.contact_ids == [people["Ana Lopez"].id, people["Samira Haddad"].id]
    assert logged.date == date(2026, 11, 17)
    assert (logged.mode, logged.felt, logged.duration_minutes) == (Mode.VIDEO, 5, 90)
    assert (logged.strategy_id, logged.initiated_by) == ("listen", "them")
    assert logged.notes == "Planned the allotment.\nShe is moving in May."


def test_log_several_matches_lists_them_and_stores_nothing(
    run: Run, data_dir: Path, people: dict[str, Contact]
) -> None:
    before = (data_dir / STORE_FILE).read_bytes()
    code, out, err = run("log", "sam")
    assert (code, out) == (1, "")
    line = one_error_line(err)
    assert "'sam' could be 3 people" in line
    for name in ("Sam Okafor", "Sam Taylor", "Samira Haddad"):
        assert name in line
    assert "Type more of the name" in line
    assert (data_dir / STORE_FILE).read_bytes() == before


def test_log_no_match_suggests_new(run: Run, data_dir: Path, people: dict[str, Contact]) -> None:
    code, _, err = run("log", "Robin")
    assert code == 1
    assert one_error_line(err) == (
        "kith: No one in Kith matches 'Robin'. To add them as you log: kith log 'Robin' --new"
    )
    assert stored(data_dir)[1] == []


def test_log_same_name_twice_cannot_guess(
    run: Run, data_dir: Path, fixed_clock: FixedClock
) -> None:
    with Store.open(data_dir, clock=fixed_clock) as store:
        store.contacts.add(Contact(name="Sam", how_met="school"))
        store.contacts.add(Contact(name="Sam", how_met="work"))
    code, _, err = run("log", "sam")
    line = one_error_line(err)
    assert code == 1
    assert "2 people are called 'sam'" in line
    assert "school" in line and "work" in line


def test_log_new_creates_the_person_once(run: Run, data_dir: Path) -> None:
    code, out, _ = run("log", "Robin Example", "--new", "--mode", "message")
    assert code == 0
    assert out.splitlines()[0] == (
        "Added Robin Example to People. Give them a keep-in-touch rhythm in the app."
    )
    code, out, _ = run("log", "robin example", "--new")
    assert code == 0
    assert "Added" not in out
    contacts, interactions = stored(data_dir)
    assert [c.name for c in contacts] == ["Robin Example"]
    assert [i.contact_ids for i in interactions] == [[contacts[0].id]] * 2


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["log", "ana", "--date", "tomorrow"], "That is in the future"),
        (["log", "ana", "--date", "2027-01-01"], "future"),
        (["log", "ana", "--date", "someday"], "could not read that date"),
        (["log", "ana", "--note", "hi \x1b[31m"], "hidden control character (U+001B"),
        (["log", "Eve\u202e", "--new"], "hidden control character"),
        (["log", "ana", "--note", "x" * 10_001], "at most 10,000 characters"),
    ],
)
def test_log_refuses_bad_values_in_one_line(
    run: Run, data_dir: Path, people: dict[str, Contact], argv: list[str], expected: str
) -> None:
    before = (data_dir / STORE_FILE).read_bytes()
    code, out, err = run(*argv)
    assert (code, out) == (1, "")
    assert expected in one_error_line(err)
    assert (data_dir / STORE_FILE).read_bytes() == before


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["log", "ana", "--mode", "bike"], "'bike' is not a mode"),
        (["log", "ana", "--felt", "9"], "'9' is not 1 to 5"),
        (["log", "ana", "--strategy", "juggling"], "'juggling' is not a strategy"),
        (["log", "ana", "--minutes", "soon"], "Please type minutes"),
        (["log"], "the following arguments are required: NAME"),
        (["export", "--format", "xml"], "invalid choice: 'xml'"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_wrong_usage_exits_2(
    run: Run, capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert expected in err
    assert "Traceback" not in err


@pytest.mark.parametrize("command", ["log", "status", "export", "import", "backup", "restore"])
def test_every_command_explains_itself(capsys: pytest.CaptureFixture[str], command: str) -> None:
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: kith {command}")
    assert "--data-dir PATH" in out


def test_main_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("log", "status", "export", "import", "backup", "restore"):
        assert f"    {command} " in out


# -- kith status ---------------------------------------------------------------------------
def test_status_on_demo_data(run: Run, data_dir: Path, fixed_clock: FixedClock) -> None:
    build_demo_store(data_dir, fixed_clock)
    code, out, err = run("status")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Reach out: Noor Imaginary (last talked 3 weeks ago · you hoped for every 2 weeks), "
        "Juniper Example (last talked 2 weeks ago · you hoped for every 2 weeks), "
        "Otto Sample (due today).",
        "Birthdays this week: Priya Placeholder on Wed 25 Nov (turns 36).",
        "Check-in: done 4 days ago; the next is due in 3 days.",
        "This week's plan: 2 planned.",
    ]


def test_status_check_in_due_and_plan_progress(
    run: Run, data_dir: Path, fixed_clock: FixedClock
) -> None:
    with Store.open(data_dir, clock=fixed_clock) as store:
        store.checkins.add(
            CheckIn(
                instrument_id="quick",
                instrument_version=1,
                taken_at=FIXED_NOW - timedelta(days=8),
                answers=[],
                total=4,
                band="not_lonely",
                band_label="Not lonely",
            )
        )
        monday = date(2026, 11, 16)
        store.plan.add(PlanItem(week_start=monday, text="Call Mum", state="done"))
        store.plan.add(PlanItem(week_start=monday, text="Join the choir"))
        store.plan.add(PlanItem(week_start=monday - timedelta(days=7), text="Old week"))
    code, out, _ = run("status")
    assert code == 0
    assert "Check-in: due (the last one was 8 days ago)." in out
    assert "This week's plan: 1 done, 1 to go." in out
    assert "Reach out: nobody is due; you are up to date." in out
    assert "Birthdays this week: none." in out


def test_status_with_no_data_yet(run: Run, data_dir: Path) -> None:
    code, out, err = run("status")
    assert (code, err) == (0, "")
    assert out.startswith("Kith has nothing saved yet.")
    assert not data_dir.exists()  # reading never creates the folder


def test_data_dir_before_or_after_the_command(
    capsys: pytest.CaptureFixture[str], data_dir: Path, people: dict[str, Contact]
) -> None:
    assert main(["--data-dir", str(data_dir), "status"]) == 0
    first = capsys.readouterr().out
    assert main(["status", "--data-dir", str(data_dir)]) == 0
    assert capsys.readouterr().out == first
    assert "Sam Okafor" in first


def test_kith_data_dir_variable_is_used(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("KITH_DATA_DIR", str(tmp_path / "from-env"))
    assert main(["log", "Robin", "--new"]) == 0
    assert (tmp_path / "from-env" / STORE_FILE).exists()


# -- kith export / import ------------------------------------------------------------------
def test_export_json_delete_import_gives_the_same_store(
    run: Run, data_dir: Path, fixed_clock: FixedClock, tmp_path: Path
) -> None:
    build_demo_store(data_dir, fixed_clock)
    with Store.open(data_dir, readonly=True) as store:
        before = store.export_tables()
    target = tmp_path / "out" / "kith.json"
    target.parent.mkdir()
    code, out, err = run("export", "--output", str(target))
    assert (code, err) == (0, "")
    counts = (
        f"12 people, {len(before['interactions'])} interactions, "
        f"{len(before['checkins'])} check-ins, {len(before['plan'])} planned actions, "
        "2 support entries"
    )
    assert out == f"Exported {counts} to {target} (JSON, format {SCHEMA_VERSION}).\n"
    assert mode(target) == 0o600
    document = json.loads(target.read_text())
    assert document["schema"] == SCHEMA_VERSION

    import shutil

    shutil.rmtree(data_dir)
    code, out, err = run("import", str(target))
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"Imported {target}:",
        f"  added: {counts}, 1 settings record",
        "  updated: nothing",
        "  skipped: nothing",
    ]
    with Store.open(data_dir, readonly=True) as store:
        assert store.export_tables() == before


@pytest.mark.parametrize("days_ahead", [1, 2, 400])
def test_import_takes_an_interaction_dated_after_today_as_it_was_saved(
    run: Run,
    data_dir: Path,
    people: dict[str, Contact],
    tmp_path: Path,
    days_ahead: int,
) -> None:
    """The "future date" rule is for typing a new date; a file from another time zone,
    or made while a clock was wrong, imports as it was saved (issue 13, item 10)."""
    sam = people["Sam Okafor"]
    later = Interaction.model_validate(
        {"contact_ids": [sam.id], "date": TODAY + timedelta(days=days_ahead), "mode": "call"},
        context={"today": date.max},  # made as another program might
    )
    document = {
        "kind": "kith-export",
        "schema": 2,
        "contacts": [sam.model_dump(mode="json")],
        "interactions": [later.model_dump(mode="json")],
    }
    target = tmp_path / "later.json"
    target.write_text(json.dumps(document))
    code, out, err = run("import", str(target))
    assert (code, err) == (0, ""), err
    assert "added: 1 interaction" in out
    with Store.open(data_dir, readonly=True) as store:
        assert store.interactions.get(later.id) == later


def test_export_refuses_to_replace_a_file_unless_forced(
    run: Run, data_dir: Path, people: dict[str, Contact], tmp_path: Path
) -> None:
    target = tmp_path / "kith.json"
    target.write_text("precious")
    code, _, err = run("export", "--output", str(target))
    assert code == 1
    assert "already exists" in one_error_line(err)
    assert target.read_text() == "precious"
    assert run("export", "--output", str(target), "--force")[0] == 0
    assert json.loads(target.read_text())["kind"] == "kith-export"


def test_export_default_name_and_stdout(
    run: Run, people: dict[str, Contact], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("export")[0] == 0
    assert (tmp_path / "kith-export-2026-11-20.json").exists()
    assert run("export", "--format", "csv")[0] == 0
    assert sorted(p.name for p in (tmp_path / "kith-export-2026-11-20").iterdir()) == [
        "checkins.csv",
        "contacts.csv",
        "interactions.csv",
        "plan.csv",
        "support.csv",
        "thought_records.csv",
    ]


def test_export_json_to_standard_output(
    data_dir: Path, people: dict[str, Contact], monkeypatch: pytest.MonkeyPatch
) -> None:
    buffer = io.BytesIO()

    class Out:
        def __init__(self) -> None:
            self.buffer = buffer

        def flush(self) -> None:
            pass

    monkeypatch.setattr("sys.stdout", Out())
    assert main(["export", "--output", "-", "--data-dir", str(data_dir)]) == 0
    document = json.loads(buffer.getvalue())
    assert sorted(c["name"] for c in document["contacts"]) == [
        "Ana Lopez",
        "Sam Okafor",
        "Sam Taylor",
        "Samira Haddad",
    ]


def test_export_csv_folder_and_zip(run: Run, people: dict[str, Contact], tmp_path: Path) -> None:
    import zipfile

    code, out, _ = run("export", "--format", "csv", "--output", str(tmp_path / "tables"))
    assert code == 0
    assert "contacts.csv, interactions.csv, checkins.csv, plan.csv, support.csv" in out
    assert mode(tmp_path / "tables") == 0o700
    contacts = (tmp_path / "tables" / "contacts.csv").read_bytes()
    assert b"Samira Haddad" in contacts
    code, out, _ = run("export", "--format", "csv", "--output", str(tmp_path / "tables.zip"))
    assert code == 0
    assert mode(tmp_path / "tables.zip") == 0o600
    with zipfile.ZipFile(tmp_path / "tables.zip") as archive:
        assert archive.read("contacts.csv") == contacts


def test_export_with_no_data(run: Run, data_dir: Path) -> None:
    code, _, err = run("export")
    assert code == 1
    assert one_error_line(err) == f"kith: There is no Kith data in {data_dir} yet."


def test_import_reports_conflicts_and_keeps_the_newer(
    run: Run,
    data_dir: Path,
    people: dict[str, Contact],
    fixed_clock: FixedClock,
    tmp_path: Path,
) -> None:
    target = tmp_path / "kith.json"
    assert run("export", "--output", str(target))[0] == 0
    document = json.loads(target.read_text())
    sam_o, ana = people["Sam Okafor"], people["Ana Lopez"]
    later = (FIXED_NOW + timedelta(hours=2)).isoformat()
    for doc in document["contacts"]:
        if doc["id"] == sam_o.id:  # edited elsewhere after the export: newer
            doc.update(notes="Edited on the laptop", updated=later)
        if doc["id"] == ana.id:  # edited elsewhere, but older than the edit here
            doc.update(notes="Old laptop edit", updated=(FIXED_NOW - timedelta(days=1)).isoformat())
    document["contacts"].append(
        {"id": "new-one", "name": "Noor", "created": later, "updated": later}
    )
    target.write_text(json.dumps(document))
    with Store.open(data_dir, clock=fixed_clock) as store:  # edited here now
        store.contacts.update(ana.model_copy(update={"notes": "Edited here"}))

    before = (data_dir / STORE_FILE).read_bytes()
    code, out, err = run("import", str(target), "--dry-run")
    assert (code, err) == (0, "")
    assert out.startswith("Dry run: nothing was changed.")
    assert "would be added: 1 person" in out
    assert (data_dir / STORE_FILE).read_bytes() == before

    code, out, err = run("import", str(target))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[:4] == [
        f"Imported {target}:",
        "  added: 1 person",
        "  updated: 1 person (the file's copy was newer)",
        "  skipped: 2 people already the same; 1 person newer here, kept",
    ]
    assert lines[4] == "Edited on both sides (2); the more recently edited copy is kept:"
    assert (
        "  Person Sam Okafor: the file's (2026-11-20 14:00) over this one's "
        "(2026-10-21 12:00)" in lines
    )
    assert (
        "  Person Ana Lopez: this one's (2026-11-20 12:00) over the file's "
        "(2026-11-19 12:00)" in lines
    )
    contacts = {c.name: c for c in stored(data_dir)[0]}
    assert contacts["Sam Okafor"].notes == "Edited on the laptop"
    assert contacts["Ana Lopez"].notes == "Edited here"
    assert "Noor" in contacts


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"{broken", "is not valid JSON"),
        (b'{"contacts": []}', "not a Kith export"),
        (b'{"kind": "kith-export", "schema": 7}', "newer Kith"),
    ],
)
def test_import_bad_json_in_one_line(
    run: Run,
    data_dir: Path,
    people: dict[str, Contact],
    tmp_path: Path,
    content: bytes,
    expected: str,
) -> None:
    target = tmp_path / "bad.json"
    target.write_bytes(content)
    before = (data_dir / STORE_FILE).read_bytes()
    code, _, err = run("import", str(target))
    assert code == 1
    assert expected in one_error_line(err)
    assert (data_dir / STORE_FILE).read_bytes() == before


def test_import_missing_file(run: Run, tmp_path: Path) -> None:
    code, _, err = run("import", str(tmp_path / "nope.json"))
    assert code == 1
    assert one_error_line(err) == (
        f"kith: Could not read {tmp_path / 'nope.json'} (No such file or directory)."
    )


def test_import_vcards_from_a_phone(run: Run, data_dir: Path, people: dict[str, Contact]) -> None:
    code, out, err = run("import", str(VCF / "iphone_v30.vcf"), "--dry-run")
    assert (code, err) == (0, "")
    assert "Would add 4 people" in out
    assert len(stored(data_dir)[0]) == 4

    code, out, err = run("import", str(VCF / "iphone_v30.vcf"))
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Added 4 people:",
        "  Samuel Okafor (birthday 14 March 1991, 1 phone, 1 email, with a note)",
        "  Zoë Ångström (birthday 3 June, 1 phone)",
        "  José María Álvarez Ruiz (1 phone, with a note)",
        "  Riverside Community Choir (1 phone)",
    ]
    contacts = {c.name: c for c in stored(data_dir)[0]}
    assert [p.number for p in contacts["Samuel Okafor"].phones] == ["+44 7700 900123"]
    assert [e.address for e in contacts["Samuel Okafor"].emails] == ["sam.okafor@example.org"]
    assert contacts["Zoë Ångström"].birthday is not None
    assert contacts["Zoë Ångström"].birthday.year is None

    code, out, _ = run("import", str(VCF / "iphone_v30.vcf"))
    assert code == 0
    assert out.splitlines()[:3] == [
        "Added 0 people.",
        "Skipped 4 people already in Kith:",
        "  Samuel Okafor",
    ]
    assert len(stored(data_dir)[0]) == 8


def test_import_vcard_40_lists_what_was_left_out(run: Run, data_dir: Path) -> None:
    code, out, _ = run("import", str(VCF / "contacts_v40.vcf"))
    assert code == 0
    assert "Added 4 people:" in out
    assert "  李小龍 (birthday 12 April, with a note)" in out
    assert "  ليلى حداد (birthday 4 March 1985, 1 email)" in out
    assert "Left out:\n  Grandma Rose 🌹: the birthday 'circa 1940' is not a day and month" in out


def test_import_malformed_vcard(run: Run, data_dir: Path, people: dict[str, Contact]) -> None:
    before = (data_dir / STORE_FILE).read_bytes()
    code, out, err = run("import", str(VCF / "malformed.vcf"))
    assert (code, out) == (1, "")
    line = one_error_line(err)
    assert line.startswith(f"kith: Kith could not read {VCF / 'malformed.vcf'}: ")
    assert "not a well-formed vCard file" in line
    assert (data_dir / STORE_FILE).read_bytes() == before


def test_import_sniffs_a_vcard_without_the_extension(
    run: Run, data_dir: Path, tmp_path: Path
) -> None:
    target = tmp_path / "contacts.txt"
    target.write_bytes((VCF / "google_no_birthdays_v30.vcf").read_bytes())
    code, out, _ = run("import", str(target))
    assert code == 0
    assert out.splitlines() == [
        "Added 2 people:",
        "  Alex Kim (1 phone, 1 email)",
        "  Morgan Lee (1 phone)",
    ]


# -- kith backup / restore -----------------------------------------------------------------
def test_backup_then_restore_with_confirmation(
    run: Run,
    data_dir: Path,
    people: dict[str, Contact],
    monkeypatch: pytest.MonkeyPatch,
    fixed_clock: FixedClock,
) -> None:
    code, out, err = run("backup")
    assert (code, err) == (0, "")
    made = data_dir / "backups" / "kith-manual-2026-11-20-120000.json"
    assert out == f"Backed up 4 people to {made}\n"
    assert mode(made) == 0o600

    assert run("log", "ana")[0] == 0
    fixed_clock.set(FIXED_NOW + timedelta(minutes=5))
    code, out, _ = run("restore")
    assert code == 0
    assert out.splitlines()[0] == f"Backups in {data_dir / 'backups'}, newest first:"
    assert "kith-manual-2026-11-20-120000.json" in out

    number = next(
        str(i) for i, p in enumerate(all_backups(data_dir), start=1) if p.name == made.name
    )
    before = (data_dir / STORE_FILE).read_bytes()
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    code, out, err = run("restore", number)
    assert code == 1
    assert one_error_line(err) == "kith: Nothing was changed."
    assert (data_dir / STORE_FILE).read_bytes() == before

    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    code, out, err = run("restore", number)
    assert (code, err) == (0, "")
    assert f"Restore {made.name} (4 people)?" in out
    assert "Restored kith-manual-2026-11-20-120000.json: 4 people." in out
    aside = data_dir / "kith.before-restore-20261120-120500.json"
    assert f"Your previous data is kept as {aside}" in out
    assert aside.read_bytes() == before
    assert stored(data_dir)[1] == []  # the interaction logged after the backup is gone

    # And back again, by path, without asking (in the same second: nothing is replaced).
    code, out, _ = run("restore", str(aside), "--yes")
    assert code == 0
    assert len(stored(data_dir)[1]) == 1
    assert aside.read_bytes() == before
    second = data_dir / "kith.before-restore-2-20261120-120500.json"
    assert f"Your previous data is kept as {second}" in out


def test_restore_with_end_of_input_changes_nothing(
    run: Run, data_dir: Path, people: dict[str, Contact], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("backup")[0] == 0
    before = (data_dir / STORE_FILE).read_bytes()
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, _, err = run("restore", "kith-manual-2026-11-20-120000.json")
    assert code == 1
    assert one_error_line(err) == "kith: Nothing was changed."
    assert (data_dir / STORE_FILE).read_bytes() == before


def test_restore_unknown_backup(run: Run, data_dir: Path, people: dict[str, Contact]) -> None:
    code, _, err = run("restore", "7")
    assert code == 1
    assert "There is no backup number 7" in one_error_line(err)
    code, _, err = run("restore", "nope.json")
    assert "There is no backup called nope.json" in one_error_line(err)


def test_restore_and_backup_with_nothing_yet(run: Run, data_dir: Path) -> None:
    code, out, _ = run("restore")
    assert code == 0
    assert out.startswith("There are no backups in")
    code, _, err = run("backup")
    assert code == 1
    assert "There is no Kith data" in one_error_line(err)


def test_an_unexpected_error_is_still_one_line(
    run: Run, monkeypatch: pytest.MonkeyPatch, people: dict[str, Contact]
) -> None:
    import kith.app.cli_capture

    def broken(*_: object) -> list[str]:
        raise RuntimeError("boom")

    monkeypatch.setattr(kith.app.cli_capture, "status_lines", broken)
    code, _, err = run("status")
    assert code == 1
    assert one_error_line(err) == (
        "kith: something unexpected went wrong (RuntimeError: boom). "
        "Run again with KITH_DEBUG=1 to see the details."
    )
    monkeypatch.setenv("KITH_DEBUG", "1")
    with pytest.raises(RuntimeError):
        run("status")


def test_ctrl_c_at_the_question_changes_nothing(
    run: Run, data_dir: Path, people: dict[str, Contact], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("backup")[0] == 0
    before = (data_dir / STORE_FILE).read_bytes()

    def interrupted(_: str = "") -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr("builtins.input", interrupted)
    code, _, err = run("restore", "1")
    assert code == 130
    assert "stopped; nothing more was changed." in err
    assert "Traceback" not in err
    assert (data_dir / STORE_FILE).read_bytes() == before


@pytest.mark.parametrize("argv", [["log", "sam"], ["status"], ["export"], ["backup"]])
def test_a_damaged_data_file_is_reported_and_left_alone(
    run: Run, data_dir: Path, argv: list[str]
) -> None:
    data_dir.mkdir(mode=0o700)
    (data_dir / STORE_FILE).write_bytes(b'{"contacts": {"1": {"name": "Sa')
    code, out, err = run(*argv)
    assert (code, out) == (1, "")
    assert "Kith could not read its data file" in one_error_line(err)
    assert (data_dir / STORE_FILE).read_bytes() == b'{"contacts": {"1": {"name": "Sa'


def test_log_with_no_data_yet_creates_nothing(run: Run, data_dir: Path) -> None:
    code, _, err = run("log", "sam")
    assert code == 1
    assert one_error_line(err) == (
        "kith: Kith has no people yet. Add the first as you log: kith log 'sam' --new"
    )
    assert not data_dir.exists()
