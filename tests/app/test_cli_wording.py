"""The command line's words (issue 14): a one-character note, a date that is no date,
a CSV export given to import, and ``--new`` beside people already in Kith."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from datetime import UTC, date
from pathlib import Path

import pytest

import kith.app.cli
from kith.app.main import main
from kith.data.clock import FixedClock
from kith.data.dates import parse_day
from kith.data.models import Contact
from kith.data.store import Store
from tests.conftest import FIXED_NOW

Run = Callable[..., tuple[int, str, str]]
TODAY = FIXED_NOW.date()


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> FixedClock:
    clock = FixedClock(FIXED_NOW, tz=UTC)
    monkeypatch.setattr(kith.app.cli, "make_clock", lambda: clock)
    return clock


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], data_dir: Path) -> Run:
    def invoke(*argv: str) -> tuple[int, str, str]:
        code = main([*argv, "--data-dir", str(data_dir)])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return invoke


@pytest.fixture
def alex(data_dir: Path, fixed_clock: FixedClock) -> Contact:
    with Store.open(data_dir, clock=fixed_clock) as store:
        return store.contacts.add(Contact(name="Alex Moreno"))


def names(data_dir: Path, clock: FixedClock) -> list[str]:
    with Store.open(data_dir, clock=clock) as store:
        return sorted(c.name for c in store.contacts.list())


@pytest.mark.parametrize(("note", "said"), [("x", "1 character."), ("xy", "2 characters.")])
def test_the_note_is_counted_in_the_singular_too(
    run: Run, alex: Contact, note: str, said: str
) -> None:
    code, out, err = run("log", "alex", "--note", note)
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == f"  Note: {said}"


@pytest.mark.parametrize("text", ["32/13", "0/0", "40.40", "13/13/2026"])
def test_a_slashed_date_that_is_no_date_says_so(text: str) -> None:
    with pytest.raises(ValueError, match=f"^{text} is not a date"):
        parse_day(text, TODAY)


@pytest.mark.parametrize("text", ["11/20", "3/4", "29/2"])
def test_a_slashed_date_read_two_ways_still_asks_for_year_month_day(text: str) -> None:
    with pytest.raises(ValueError, match="read two ways"):
        parse_day(text, TODAY)


def test_kith_log_date_32_13(run: Run, alex: Contact) -> None:
    code, _, err = run("log", "alex", "--date", "32/13")
    assert code == 1
    assert "32/13 is not a date" in err and "two ways" not in err


def test_importing_a_csv_zip_says_json_is_for_import(
    run: Run, alex: Contact, tmp_path: Path
) -> None:
    target = tmp_path / "tables.zip"
    assert run("export", "--format", "csv", "--output", str(target))[0] == 0
    assert zipfile.is_zipfile(target)
    renamed = tmp_path / "tables.dat"  # found by its content, not only its name
    renamed.write_bytes(target.read_bytes())
    for source in (target, renamed):
        code, out, err = run("import", str(source))
        assert code == 1 and out == ""
        assert "CSV exports are for spreadsheets; Kith imports JSON" in err
        assert "kith export --format json" in err
        assert "UTF-8" not in err and "surrogates" not in err


def test_new_adds_only_names_that_match_no_one(
    run: Run, alex: Contact, data_dir: Path, fixed_clock: FixedClock
) -> None:
    code, out, err = run("log", "Robin Example, Alex", "--new")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert "Added Robin Example to People. Give them a keep-in-touch rhythm in the app." in lines
    assert "'Alex' matched Alex Moreno, already in People: not added again." in lines
    assert names(data_dir, fixed_clock) == ["Alex Moreno", "Robin Example"]
    # And so "a" alone is not ambiguous between two Alexes afterwards.
    code, out, err = run("log", "alex")
    assert (code, err) == (0, "")
    assert "with Alex Moreno" in out


def test_new_with_a_full_name_already_there_says_so(
    run: Run, alex: Contact, data_dir: Path, fixed_clock: FixedClock
) -> None:
    code, out, _ = run("log", "alex moreno", "--new")
    assert code == 0
    assert "Alex Moreno is already in People: not added again." in out.splitlines()
    assert names(data_dir, fixed_clock) == ["Alex Moreno"]


def test_new_with_a_name_that_could_be_two_people_adds_no_one(
    run: Run, data_dir: Path, fixed_clock: FixedClock
) -> None:
    with Store.open(data_dir, clock=fixed_clock) as store:
        store.contacts.add(Contact(name="Sam Okafor"))
        store.contacts.add(Contact(name="Sam Taylor"))
    code, _, err = run("log", "sam, Robin", "--new")
    assert code == 1
    assert "'sam' could be 2 people already in Kith" in err
    assert names(data_dir, fixed_clock) == ["Sam Okafor", "Sam Taylor"]


def test_date_type_unchanged_for_real_dates() -> None:
    assert parse_day("2026-11-19", TODAY) == date(2026, 11, 19)
