"""Issue 13, items 8-13: files that validation used to accept and then crashed on, input
without bounds, exports onto odd paths, and terminal escapes from files.

Real processes where it matters: time zones through ``TZ``, a real FIFO, memory
measured from the child's own rusage. Each test failed on the code before the fix.
"""

from __future__ import annotations

import copy
import json
import os
import re
import signal
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from kith.data.clock import FixedClock
from kith.data.demo import build_demo_store
from kith.data.errors import StoreCorrupt
from kith.data.models import Contact, Interaction
from kith.data.store import STORE_FILE, Store
from tests.adversarial.test_data_trust import filled, kith, names_in, run_kith

# What must never reach a terminal from a file: C0 (but newline), DEL, C1, bidi controls.
ESCAPES = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
HOSTILE = "\x1b]0;pwned\x07\x1b[2J\x9b31m\u202eevil"


def clean(text: str) -> bool:
    return ESCAPES.search(text) is None


@pytest.fixture(scope="module")
def demo_document(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A real export of the demo data: one valid record of every collection."""
    folder = tmp_path_factory.mktemp("demo")
    build_demo_store(folder)
    from kith.data.exchange import export_document
    from kith.data.models.base import utc_now

    with Store.open(folder, readonly=True) as store:
        return export_document(store, utc_now())


def export_with(
    document: dict[str, Any], collection: str, record: dict[str, Any]
) -> dict[str, Any]:
    doc = {key: value for key, value in document.items() if not isinstance(value, list)}
    for name, value in document.items():
        if isinstance(value, list):
            doc[name] = []
    doc[collection] = [record]
    return doc


# -- 8. dates at the edge of the range ----------------------------------------------------
EDGES = [
    "9999-12-31T12:00:00Z",
    "0001-01-01T00:00:00Z",
    "2200-01-01T00:00:00Z",
    "1899-12-31T23:59:59Z",
    "1900-01-01T00:00:00+05:00",
]


@pytest.mark.parametrize("moment", EDGES)
@pytest.mark.parametrize(
    ("collection", "field"),
    [
        ("checkins", "taken_at"),
        ("contacts", "created"),
        ("interactions", "updated"),
    ],
)
def test_times_outside_1900_2199_are_refused_at_import_in_plain_words(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    demo_document: dict[str, Any],
    moment: str,
    collection: str,
    field: str,
) -> None:
    record = copy.deepcopy(demo_document[collection][0]) | {field: moment}
    source = tmp_path / "edge.json"
    source.write_text(json.dumps(export_with(demo_document, collection, record)))
    folder = tmp_path / "kith"
    code, out, err = run_kith(capsys, "--data-dir", str(folder), "import", str(source))
    assert code == 1, out
    assert "Kith keeps 1900 to 2199" in err and err.count("\n") == 1, err
    assert "unexpected" not in err


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2200-01-01", "1899-12-31"])
def test_dates_outside_1900_2199_are_refused_in_a_store_file(tmp_path: Path, day: str) -> None:
    folder = tmp_path / "kith"
    with Store.open(folder, backups=False) as store:
        sam = store.contacts.add(Contact(name="Sam"))
        store.interactions.add(Interaction(date=date(2026, 1, 1), contact_ids=[sam.id]))
    raw = json.loads((folder / STORE_FILE).read_text())
    raw["interactions"]["1"]["date"] = day
    (folder / STORE_FILE).write_text(json.dumps(raw))
    with pytest.raises(StoreCorrupt, match="1900 to 2199"):
        Store.open(folder)
    done = kith("--data-dir", str(folder), "status")  # reads around it, or says why not
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == done.returncode, done.stderr


@pytest.mark.parametrize("zone", ["America/New_York", "Pacific/Kiritimati", "Pacific/Pago_Pago"])
def test_the_edges_that_are_kept_show_in_every_time_zone(tmp_path: Path, zone: str) -> None:
    folder = tmp_path / "kith"
    filled(folder, "Sam")
    raw = json.loads((folder / STORE_FILE).read_text())
    doc = raw["contacts"]["1"]
    doc["created"] = "1900-01-01T00:00:00Z"
    doc["updated"] = "2199-12-31T23:59:59Z"
    doc["birthday"] = {"month": 12, "day": 31, "year": 1900}
    (folder / STORE_FILE).write_text(json.dumps(raw))
    for argv in (["status"], ["export", "--output", "-"], ["log", "Sam"]):
        done = kith("--data-dir", str(folder), *argv, env={"TZ": zone})
        assert done.returncode == 0, (argv, done.stderr)
        assert "Traceback" not in done.stderr


# -- 9. deep nesting -------------------------------------------------------------------------
@pytest.mark.parametrize("depth", [300, 900, 1020])
def test_a_file_nested_hundreds_deep_is_refused_plainly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], depth: int
) -> None:
    nested = "[" * depth + "]" * depth
    store_shaped = (
        '{"_meta": {"1": {"schema": 2}}, "contacts": {"1": {"id": "a", "name": "x", "tags": '
        + nested
        + "}}}"
    )
    source = tmp_path / "deep.json"
    source.write_text(store_shaped)
    folder = tmp_path / "kith"
    filled(folder, "Sam")
    code, _, err = run_kith(capsys, "--data-dir", str(folder), "import", str(source))
    assert code == 1
    assert "levels deep" in err and "unexpected" not in err, err
    (folder / STORE_FILE).write_text(store_shaped)
    with pytest.raises(StoreCorrupt, match="levels deep"):
        Store.open(folder)
    code, _, err = run_kith(capsys, "--data-dir", str(folder), "status")
    assert code == 1 and "levels deep" in err, err


# -- 10. the future-date rule is for typing only ----------------------------------------------
def test_an_export_from_kiritimati_imports_in_pago_pago_where_it_is_still_yesterday(
    tmp_path: Path,
) -> None:
    """UTC+14 and UTC-11 are 25 hours apart: what is logged "today" in Kiritimati is
    always dated after today in Pago Pago."""
    east, west = {"TZ": "Pacific/Kiritimati"}, {"TZ": "Pacific/Pago_Pago"}
    first, second = tmp_path / "east", tmp_path / "west"
    assert kith("--data-dir", str(first), "log", "Sam", "--new", env=east).returncode == 0
    export = tmp_path / "from-the-east.json"
    done = kith("--data-dir", str(first), "export", "--output", str(export), env=east)
    assert done.returncode == 0, done.stderr
    day = json.loads(export.read_text())["interactions"][0]["date"]
    done = kith("--data-dir", str(second), "import", str(export), env=west)
    assert done.returncode == 0, done.stderr
    assert "added: 1 person, 1 interaction" in done.stdout
    # and back into the store it came from, in the other time zone: all the same
    done = kith("--data-dir", str(first), "import", str(export), env=west)
    assert done.returncode == 0, done.stderr
    # typing that date in Pago Pago is still refused: it is tomorrow there
    done = kith("--data-dir", str(second), "log", "Sam", "--date", day, env=west)
    assert done.returncode == 1 and "future" in done.stderr, done.stderr


def test_editing_an_old_record_keeps_a_date_that_is_now_after_today(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    clock = FixedClock(datetime(2026, 11, 20, 12, tzinfo=UTC))
    with Store.open(tmp_path / "kith", clock=clock) as store:
        sam = store.contacts.add(Contact(name="Sam"))
        later = Interaction.model_validate(
            {"date": date(2026, 11, 21), "contact_ids": [sam.id]}, context={"today": date.max}
        )
        store.interactions.put(later)  # as an import or a restore puts it
        edited = store.interactions.update(later.model_copy(update={"notes": "a note"}))
        assert edited.notes == "a note" and edited.date == date(2026, 11, 21)
        with pytest.raises(ValueError, match="future"):
            store.interactions.update(later.model_copy(update={"date": date(2026, 11, 25)}))
        with pytest.raises(ValueError, match="future"):
            store.interactions.add(later.model_copy(update={"id": "typed-now"}))


# -- 11. bounded input -------------------------------------------------------------------------
def waited(argv: list[str], **kwargs: Any) -> tuple[int, str, int]:
    """Run ``kith ARGV``; (exit code, stderr, the child's peak memory in KB)."""
    # Through a small parent (PEAK_PARENT) that forks and waits: a child started from
    # this test process directly inherits its peak memory at exec (Linux records the
    # old address space's high-water mark), so a long test run would be measured too.
    process = subprocess.Popen(
        [sys.executable, "-c", PEAK_PARENT, *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
        **kwargs,
    )
    assert process.stderr is not None
    # A hang (a FIFO read for ever, say) is a failure, not a stuck test run.
    timer = threading.Timer(60, os.killpg, (process.pid, signal.SIGKILL))
    timer.start()
    try:
        err = process.stderr.read().decode()  # ends when the child does
        _, status, _ = os.wait4(process.pid, 0)
    finally:
        timer.cancel()
    assert os.WIFEXITED(status), f"kith did not end by itself within 60 s: {err[-300:]}"
    process.returncode = os.waitstatus_to_exitcode(status)
    err, _, peak = err.rpartition("kith-peak-kb=")
    return process.returncode, err, int(peak)


PEAK_PARENT = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.executable, [sys.executable, "-m", "kith.app.main", *sys.argv[1:]])
_, status, usage = os.wait4(pid, 0)
sys.stderr.write("kith-peak-kb=%d" % usage.ru_maxrss)
sys.exit(os.waitstatus_to_exitcode(status))
"""


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "export.json"
    os.mkfifo(path)
    yield path


@pytest.mark.parametrize("what", ["fifo", "/dev/zero", "/dev/urandom", "folder"])
def test_import_refuses_what_is_not_a_regular_file_without_reading_it(
    tmp_path: Path, fifo: Path, what: str
) -> None:
    if what == "folder":
        # A folder is read as a vdir of .vcf files (issue 18), each one only if it is a
        # regular file: a FIFO named like a card is never opened for reading.
        os.mkfifo(tmp_path / "card.vcf")
    source = {"fifo": str(fifo), "folder": str(tmp_path)}.get(what, what)
    code, err, _ = waited(["--data-dir", str(tmp_path / "kith"), "import", source])
    assert code == 1, err
    said = ("not a regular file", "no .vcf files") if what == "folder" else ("not a regular file",)
    assert any(words in err for words in said) and err.count("\n") == 1, err


@pytest.mark.parametrize(
    ("name", "size", "limit"),
    [
        ("junk.json", 2 * 1024**3, "128 MB"),
        ("big.vcf", 17 * 1024**2, "16 MB"),
        ("no-suffix", 129 * 1024**2, "128 MB"),
    ],
)
def test_import_refuses_a_file_over_the_limit_before_reading_it(
    tmp_path: Path, name: str, size: int, limit: str
) -> None:
    source = tmp_path / name
    with source.open("wb") as handle:  # sparse: no disk used
        handle.truncate(size)
    code, err, peak_kb = waited(["--data-dir", str(tmp_path / "kith"), "import", str(source)])
    assert code == 1 and f"more than the {limit}" in err, err
    assert peak_kb < 150 * 1024, f"{peak_kb} KB used to refuse it"  # not read


def test_a_vcard_with_a_big_photo_is_read_in_a_small_multiple_of_its_size(
    tmp_path: Path,
) -> None:
    photo = "A" * (12 * 1024 * 1024)
    folded = "\r\n ".join(photo[i : i + 74] for i in range(0, len(photo), 74))
    card = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Photo\r\nBDAY:1990-04-12\r\n"
        f"PHOTO;ENCODING=b;TYPE=JPEG:{folded}\r\nEND:VCARD\r\n"
    )
    source = tmp_path / "photo.vcf"
    source.write_text(card)
    size_kb = source.stat().st_size // 1024
    folder = tmp_path / "kith"
    code, err, peak_kb = waited(["--data-dir", str(folder), "import", str(source)])
    assert code == 0, err
    assert names_in(folder) == {"Ana Photo"}
    print(f"\nvCard of {size_kb} KB: peak {peak_kb} KB")
    assert peak_kb < 80 * 1024 + 8 * size_kb, f"{peak_kb} KB for a {size_kb} KB file"


# -- 12. export writes only to a regular file or a folder ---------------------------------------
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_force_never_replaces_a_fifo_or_a_device(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fifo: Path, fmt: str
) -> None:
    folder = tmp_path / "kith"
    filled(folder, "Sam")
    device = tmp_path / "null.json"
    device.symlink_to("/dev/null")
    targets = [fifo, device] + ([tmp_path / "t.zip"] if fmt == "csv" else [])
    if fmt == "csv":
        os.mkfifo(tmp_path / "t.zip")
    for target in targets:
        code, _, err = run_kith(
            capsys,
            "--data-dir",
            str(folder),
            "export",
            "--format",
            fmt,
            "--output",
            str(target),
            "--force",
        )
        assert code == 1 and "not a regular file" in err, err
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert device.is_symlink() and os.readlink(device) == "/dev/null"
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_csv_export_never_replaces_a_fifo_inside_the_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "kith"
    filled(folder, "Sam")
    out = tmp_path / "tables"
    out.mkdir()
    os.mkfifo(out / "contacts.csv")
    code, _, err = run_kith(
        capsys,
        "--data-dir",
        str(folder),
        "export",
        "--format",
        "csv",
        "--output",
        str(out),
        "--force",
    )
    assert code == 1 and "not a regular file" in err, err
    assert stat.S_ISFIFO((out / "contacts.csv").lstat().st_mode)


def test_export_force_still_replaces_a_regular_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "kith"
    filled(folder, "Sam")
    target = tmp_path / "old.json"
    target.write_text("old")
    code, _, err = run_kith(
        capsys, "--data-dir", str(folder), "export", "--output", str(target), "--force"
    )
    assert code == 0, err
    assert json.loads(target.read_text())["contacts"][0]["name"] == "Sam"


# -- 13. control characters from files never reach the terminal ---------------------------------
def string_paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every string in a record, and every dict key, as a path (keys marked with ``KEY``)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*path, ("KEY", key))
            yield from string_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from string_paths(item, (*path, index))
    elif isinstance(value, str):
        yield path


def with_hostile(record: Any, path: tuple[Any, ...]) -> Any:
    record = copy.deepcopy(record)
    *parents, last = path
    target = record
    for part in parents:
        target = target[part]
    if isinstance(last, tuple):  # a key
        target[HOSTILE + last[1]] = target.pop(last[1])
    else:
        target[last] = HOSTILE + target[last]
    return record


def every_field(document: dict[str, Any]) -> Iterator[tuple[str, int, tuple[Any, ...]]]:
    """(collection, record number, path) for each distinct field of each collection."""
    for name, records in document.items():
        if not isinstance(records, list):
            continue
        seen: set[str] = set()
        for index, record in enumerate(records):
            for path in string_paths(record):
                key = str([p if isinstance(p, str | tuple) else "#" for p in path])
                if key not in seen:
                    seen.add(key)
                    yield name, index, path


def test_a_hostile_string_in_any_field_of_any_record_never_reaches_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], demo_document: dict[str, Any]
) -> None:
    cases = list(every_field(demo_document))
    assert len(cases) > 40  # every text field, id and key of every collection
    folder = tmp_path / "kith"
    build_demo_store(folder)
    accepted = []
    for number, (collection, index, path) in enumerate(cases):
        record = with_hostile(demo_document[collection][index], path)
        doc = copy.deepcopy(demo_document)
        # the same id, edited "later" (a conflict report), or as a second copy (a duplicate)
        doc[collection] = [record | {"updated": "2199-01-01T00:00:00Z"}, record]
        source = tmp_path / f"case{number}.json"
        source.write_text(json.dumps(doc))
        for argv in (["import", str(source), "--dry-run"], ["import", str(source)]):
            code, out, err = run_kith(capsys, "--data-dir", str(folder), *argv)
            assert clean(out) and clean(err), (collection, path, out, err)
            assert "Traceback" not in err and "unexpected" not in err, (collection, path, err)
            if code == 0:
                accepted.append((collection, path))
    for argv in (["status"], ["restore"], ["export", "--output", "-"]):
        done = kith("--data-dir", str(folder), *argv)
        assert clean(done.stdout) and clean(done.stderr), argv
    # what was accepted (a field Kith ignores, say) never holds a control character
    assert clean((folder / STORE_FILE).read_text(encoding="utf-8")), accepted


def test_vcard_fields_left_out_are_named_without_their_control_characters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "cards.vcf"
    source.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana\r\n"
        f"BDAY:{HOSTILE}\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo\r\nBDAY:1990-02-31\x1b[2J\r\nEND:VCARD\r\n"
    )
    code, out, err = run_kith(capsys, "--data-dir", str(tmp_path / "kith"), "import", str(source))
    assert code == 0, err
    assert "Left out:" in out and "birthday" in out
    assert clean(out) and clean(err), out


def test_a_file_name_with_control_characters_is_not_echoed_raw(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "evil\x1b]0;pwned\x07.json"
    source.write_text("{not json")
    code, out, err = run_kith(capsys, "--data-dir", str(tmp_path / "kith"), "import", str(source))
    assert code == 1 and clean(out) and clean(err), err


def test_a_data_folder_named_with_control_characters_is_not_echoed_raw(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app's own refusals (a linked store file) print the path cleaned too."""
    from tests.apprun import open_as_run_does

    monkeypatch.setattr("kith.app.app.KithApp.run", open_as_run_does)
    folder = tmp_path / "evil\x1b]0;pwned\x07"
    folder.mkdir()
    (folder / STORE_FILE).symlink_to(tmp_path / "elsewhere\x1b[2J.json")
    code, out, err = run_kith(capsys, "--data-dir", str(folder))
    assert code == 1 and "link" in err
    assert clean(out) and clean(err), err


@pytest.mark.parametrize(
    ("collection", "field"),
    [
        ("checkins", "band_label"),
        ("checkins", "instrument_id"),
        ("checkins", "band"),
        ("interactions", "strategy_id"),
        ("plan", "action_id"),
        ("settings", "theme"),
    ],
)
def test_a_hand_edited_store_with_an_escape_in_any_field_is_refused_at_open(
    tmp_path: Path, demo_document: dict[str, Any], collection: str, field: str
) -> None:
    """Kith would show these (the Check-in screen showed ``band_label``, and an OSC in
    it changed the terminal's title): refused at open, the file left as it is."""
    folder = tmp_path / "kith"
    build_demo_store(folder)
    raw = json.loads((folder / STORE_FILE).read_text())
    number, doc = next(iter(raw[collection].items()))
    raw[collection][number] = doc | {field: "\x1b]0;pwned\x07"}
    text = json.dumps(raw)
    (folder / STORE_FILE).write_text(text)
    with pytest.raises(StoreCorrupt) as refused:
        Store.open(folder)
    assert clean(str(refused.value))
    assert (folder / STORE_FILE).read_text() == text
