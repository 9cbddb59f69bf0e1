"""Files and processes: private modes, folders that are not safe, the one-writer lock,
stale locks, and store files edited by hand, all through the real entry points
(``app.main.main`` and the ``kith`` subcommands), not only the store.

The store's own basics (atomic write, modes of store and lock under umask 0, a
symlinked store file, a second process holding the lock, corrupt and too-new files
opened with ``Store.open``) are in tests/data/test_store.py; this goes further.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import kith.data.storage as storage_module
from kith.app.main import main
from kith.app.recovery import RecoveryApp
from kith.data.migrations import SCHEMA_VERSION
from kith.data.models import Contact, Interaction
from kith.data.store import LOCK_FILE, STORE_FILE, Store
from tests.apprun import open_as_run_does

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
NOBODY = 65534
IS_ROOT = os.geteuid() == 0


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def tree(folder: Path) -> dict[str, Any]:
    """Everything under ``folder``: each path's kind, mode, owner and content."""
    found: dict[str, Any] = {}
    if not folder.exists() and not folder.is_symlink():
        return found
    for path in sorted([folder, *folder.rglob("*")]):
        info = path.lstat()
        key = str(path.relative_to(folder))
        if stat.S_ISLNK(info.st_mode):
            found[key] = ("link", os.readlink(path))
        elif stat.S_ISDIR(info.st_mode):
            found[key] = ("dir", stat.S_IMODE(info.st_mode), info.st_uid)
        else:
            found[key] = ("file", stat.S_IMODE(info.st_mode), info.st_uid, path.read_bytes())
    return found


def run_kith(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``kith ARGV`` in this process; returns (exit code, stdout, stderr)."""
    capsys.readouterr()
    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def no_ui(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The real entry point, with the two full-screen apps replaced by recorders."""
    shown: list[str] = []

    def kith_run(self: Any) -> None:
        open_as_run_does(self)
        if self.opened_store is not None:
            shown.append(f"kith:{len(self.store.contacts)}")

    def recovery_run(self: Any) -> bool:
        shown.append(f"recovery:{self.backup_name}:{self.problem}")
        return False

    monkeypatch.setattr("kith.app.app.KithApp.run", kith_run)
    monkeypatch.setattr(RecoveryApp, "run", recovery_run)
    return shown


@pytest.fixture
def umask0() -> Iterator[None]:
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def filled(folder: Path, names: tuple[str, ...] = ("Ana", "Sam")) -> bytes:
    with Store.open(folder) as store:
        for name in names:
            store.contacts.add(Contact(name=name, notes=f"private notes about {name}"))
    return (folder / STORE_FILE).read_bytes()


# -- modes ---------------------------------------------------------------------------------
def test_every_file_kith_writes_is_private_under_umask_0(
    tmp_path: Path,
    umask0: None,
    capsys: pytest.CaptureFixture[str],
    no_ui: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A tour of everything that writes: the store, its lock, temp files, daily, manual
    and migration backups, JSON/CSV/zip exports, import, restore, recovery, kith log."""
    temp_modes: list[int] = []
    real_replace = storage_module.os.replace

    def watching_replace(src: Any, dst: Any) -> None:
        temp_modes.append(mode(Path(src)))
        real_replace(src, dst)

    monkeypatch.setattr(storage_module.os, "replace", watching_replace)
    folder = tmp_path / "kith"
    exports = tmp_path / "exports"
    exports.mkdir(mode=0o700)
    # The app: a fresh folder, then again (daily backup).
    assert main(["--data-dir", str(folder)]) == 0
    filled(folder)
    assert main(["--data-dir", str(folder)]) == 0
    assert no_ui == ["kith:0", "kith:2"]
    # A v1 file migrated with a backup, in a second folder.
    old = tmp_path / "old"
    old.mkdir(mode=0o700)
    shutil.copy(FIXTURES / "store_v1.json", old / STORE_FILE)
    os.chmod(old / STORE_FILE, 0o666)
    assert main(["--data-dir", str(old)]) == 0
    # The command line.
    for argv in (
        ["log", "Ana", "--mode", "call", "--note", "a private word"],
        ["backup"],
        ["export", "--output", str(exports / "all.json")],
        ["export", "--format", "csv", "--output", str(exports / "tables")],
        ["export", "--format", "csv", "--output", str(exports / "tables.zip")],
        ["import", str(exports / "all.json")],
        ["restore", "1", "--yes"],
    ):
        code, out, err = run_kith(capsys, "--data-dir", str(folder), *argv)
        assert code == 0, (argv, out, err)
    # Recovery after a hand-edited file: moved aside, newest backup copied in.
    (folder / STORE_FILE).write_bytes(b"{broken")
    os.chmod(folder / STORE_FILE, 0o600)
    monkeypatch.setattr(RecoveryApp, "run", lambda self: True)
    assert main(["--data-dir", str(folder)]) == 0
    with zipfile.ZipFile(exports / "tables.zip") as archive:
        assert {(i.external_attr >> 16) & 0o777 for i in archive.infolist()} == {0o600}

    files = [p for root in (folder, old, exports) for p in [root, *root.rglob("*")] if p.is_file()]
    kinds = {p.name.split("-")[0].split(".")[0] for p in files}
    assert {"kith", "all", "contacts"} <= kinds
    assert any(p.name.startswith("kith-v1-") for p in files)  # migration backup
    assert any(p.name.startswith("kith-manual-") for p in files)  # kith backup
    assert any(".corrupt-" in p.name for p in files)  # moved aside by recovery
    loose = {str(p): oct(mode(p)) for p in files if mode(p) != 0o600}
    assert not loose, f"files not private: {loose}"
    dirs = [p for root in (folder, old) for p in [root, *root.rglob("*")] if p.is_dir()]
    dirs.append(exports / "tables")
    assert {str(p): oct(mode(p)) for p in dirs if mode(p) != 0o700} == {}
    assert temp_modes and set(temp_modes) == {0o600}, "a temporary file was not private"
    print(f"\nmodes: {len(files)} files, {len(dirs)} folders, {len(temp_modes)} temp files checked")


def test_a_loose_lock_file_is_tightened(tmp_path: Path, umask0: None) -> None:
    folder = tmp_path / "kith"
    folder.mkdir(mode=0o700)
    (folder / LOCK_FILE).write_text("12345\n")
    os.chmod(folder / LOCK_FILE, 0o666)
    with Store.open(folder):
        assert mode(folder / LOCK_FILE) == 0o600
        assert (folder / LOCK_FILE).read_text() == f"{os.getpid()}\n"


# -- folders and files that are not safe to write ------------------------------------------
def _other_users_folder(path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder that belongs to someone else: chown to nobody as root, else pretend."""
    path.mkdir(mode=0o700)
    if IS_ROOT:
        os.chown(path, NOBODY, NOBODY)
    else:  # pragma: no cover - CI may not be root
        real = os.getuid()
        monkeypatch.setattr(os, "getuid", lambda: real + 1)
    return path


UNSAFE_WRITES = [
    [],  # the app
    ["log", "Ana", "--new"],
    ["import", "EXPORT"],
    ["backup"],
    ["restore", "BACKUP", "--yes"],
]


@pytest.mark.parametrize("argv", UNSAFE_WRITES, ids=lambda a: a[0] if a else "app")
@pytest.mark.parametrize("how", ["owned-by-nobody", "link-to-nobodys-folder"])
def test_a_data_folder_of_another_user_is_refused_and_not_written(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    no_ui: list[str],
    argv: list[str],
    how: str,
) -> None:
    mine = tmp_path / "mine"
    filled(mine)
    export = tmp_path / "export.json"
    assert run_kith(capsys, "--data-dir", str(mine), "export", "--output", str(export))[0] == 0
    (mine / "backups").mkdir(mode=0o700, exist_ok=True)
    backup = mine / "backups" / "kith-manual-x.json"
    shutil.copy(mine / STORE_FILE, backup)
    theirs = _other_users_folder(tmp_path / "theirs", monkeypatch)
    target = theirs
    if how == "link-to-nobodys-folder":
        target = tmp_path / "link"
        target.symlink_to(theirs)
    before = tree(theirs)
    argv = [{"EXPORT": str(export), "BACKUP": str(backup)}.get(a, a) for a in argv]
    code, out, err = run_kith(capsys, "--data-dir", str(target), *argv)
    assert code == 1, (out, err)
    if argv != ["backup"]:  # backup: "There is no Kith data in ... yet", also fine
        assert "belongs to another user" in err, err
    assert "Traceback" not in err and err.count("\n") == 1
    assert tree(theirs) == before, "something was written into another user's folder"
    assert no_ui == []


@pytest.mark.parametrize(
    "setup",
    ["store-symlink", "lock-symlink", "backups-link-to-nobodys", "store-hardlink"],
)
def test_links_inside_the_data_folder_never_lead_writes_elsewhere(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    no_ui: list[str],
    setup: str,
) -> None:
    folder = tmp_path / "kith"
    filled(folder)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    victim = elsewhere / "victim.json"
    victim.write_bytes(b'{"not": "kith"}')
    if setup == "store-symlink":
        shutil.move(folder / STORE_FILE, victim)
        (folder / STORE_FILE).symlink_to(victim)
    elif setup == "lock-symlink":
        (folder / LOCK_FILE).unlink()
        (folder / LOCK_FILE).symlink_to(elsewhere / "victim.lock")
    elif setup == "backups-link-to-nobodys":
        shutil.rmtree(folder / "backups", ignore_errors=True)
        if IS_ROOT:
            os.chown(elsewhere, NOBODY, NOBODY)
        else:  # pragma: no cover
            pytest.skip("needs root to give a folder to another user")
        (folder / "backups").symlink_to(elsewhere)
    elif setup == "store-hardlink":
        victim.unlink()
        os.link(folder / STORE_FILE, victim)
    before = tree(elsewhere)
    victim_bytes = victim.read_bytes()
    for argv in ([], ["log", "Ana"], ["backup"]):
        code, out, err = run_kith(capsys, "--data-dir", str(folder), *argv)
        assert "Traceback" not in err
        if setup.startswith("lock-") and argv == ["backup"]:
            assert code == 0, err  # a backup only reads: no lock needed
        elif setup.startswith("backups-") and argv != ["backup"]:
            # The daily copy is refused, never the person's own data (issue 13, 4-5).
            assert code == 0, (argv, out, err)
        elif setup == "store-hardlink":
            assert code == 0, err  # allowed: the atomic rename replaces only the link
        else:
            assert code == 1, (argv, out, err)
            assert err.startswith("kith: ") and err.count("\n") == 1, err
            assert str(folder) in err
    assert victim.read_bytes() == victim_bytes, "a write went through a link"
    if setup == "store-hardlink":
        assert os.stat(victim).st_nlink == 1  # the store file is its own file now
        assert b"Ana" in (folder / STORE_FILE).read_bytes()
    else:
        assert tree(elsewhere) == before
    print(f"\n{setup}: {no_ui}")


@pytest.mark.parametrize("setup", ["folder-is-a-file", "lock-is-a-folder", "backups-is-a-file"])
def test_odd_things_where_files_should_be_give_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no_ui: list[str], setup: str
) -> None:
    folder = tmp_path / "kith"
    if setup == "folder-is-a-file":
        folder.write_text("not a folder")
    else:
        filled(folder)
        if setup == "lock-is-a-folder":
            (folder / LOCK_FILE).unlink()
            (folder / LOCK_FILE).mkdir()
        else:
            shutil.rmtree(folder / "backups", ignore_errors=True)
            (folder / "backups").write_text("not a folder")
    before = tree(folder) if folder.is_dir() else folder.read_bytes()
    for argv in ([], ["log", "Ana"], ["backup"]):
        code, out, err = run_kith(capsys, "--data-dir", str(folder), *argv)
        if setup == "lock-is-a-folder" and argv == ["backup"]:
            assert code == 0, err  # a backup only reads: no lock needed
            shutil.rmtree(folder / "backups")  # (keep the comparison below simple)
            continue
        if setup == "backups-is-a-file" and argv != ["backup"]:
            # The data opens and saves; only the daily copy is not made (issue 13, 4-5).
            assert code == 0, (argv, out, err)
            assert (folder / "backups").read_text() == "not a folder"
            if argv:
                before = tree(folder)  # kith log saved: compare from here on
            continue
        assert code == 1, (argv, out, err)
        assert err.startswith("kith: ") and err.count("\n") == 1, err
        assert "Traceback" not in err
    assert (tree(folder) if folder.is_dir() else folder.read_bytes()) == before
    assert no_ui == (["kith:2"] if setup == "backups-is-a-file" else [])


# -- the lock: two Kiths at once, and stale locks ----------------------------------------
RACER = textwrap.dedent(
    """
    import sys, time, types
    sys.path.insert(0, {root!r})
    # The full-screen apps are replaced by stand-ins (no Textual import: a fast start);
    # the entry point, the store and its lock are the real ones.
    class Holder:
        return_code = 0
        unlock_refused = False
        def __init__(self, opener, **kwargs):
            self.opener = opener
            self.opened_store = None
            self.open_error = None
        def run(self):  # opens the store as KithApp does, then holds it
            try:
                self.opened_store = self.opener()
            except Exception as error:
                self.open_error = error
                return
            print("won", flush=True)
            sys.stdin.readline()  # holds the store until the test says the race is over
    sys.modules["kith.app.app"] = types.SimpleNamespace(KithApp=Holder)
    sys.modules["kith.app.recovery"] = types.SimpleNamespace(RecoveryApp=None)
    from kith.app.main import main
    print("armed", flush=True)
    sys.stdin.readline()
    sys.exit(main(["--data-dir", {folder!r}]))
    """
)


def test_two_kiths_racing_for_the_lock_exactly_one_wins(tmp_path: Path) -> None:
    """Several rounds: two real ``kith`` entry points (the full-screen app replaced by a
    hold) released at the same instant. One opens, the other exits 1. The winner holds
    the store until the other has ended, however slow the machine (a fixed hold let a
    loaded machine run the two one after the other, and both won)."""
    folder = tmp_path / "kith"
    filled(folder)
    before = (folder / STORE_FILE).read_bytes()
    rounds = 5
    for _ in range(rounds):
        script = RACER.format(root=str(ROOT), folder=str(folder))
        racers = [
            subprocess.Popen(
                [sys.executable, "-c", script],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                cwd=ROOT,
            )
            for _ in range(2)
        ]
        for racer in racers:
            assert racer.stdout is not None
            assert racer.stdout.readline() == "armed\n"
        for racer in racers:  # both released within a millisecond
            assert racer.stdin is not None
            racer.stdin.write("go\n")
            racer.stdin.flush()
        deadline = time.monotonic() + 120  # a bound only: the state is what is waited for
        while all(r.poll() is None for r in racers):
            assert time.monotonic() < deadline, "neither racer ended"
            time.sleep(0.02)
        for racer in racers:  # the race is over: the winner lets go
            if racer.poll() is None:
                assert racer.stdin is not None
                racer.stdin.write("end\n")
                racer.stdin.flush()
        results = [(r.wait(timeout=120), r.stdout.read(), r.stderr.read()) for r in racers]  # type: ignore[union-attr]
        codes = sorted(code for code, _, _ in results)
        assert codes == [0, 1], results
        winner = next(r for r in results if r[0] == 0)
        loser = next(r for r in results if r[0] == 1)
        assert winner[1] == "won\n"
        assert loser[1] == ""
        assert "Kith is open in another terminal" in loser[2]
        assert "Traceback" not in loser[2] and loser[2].count("\n") == 1
    assert (folder / STORE_FILE).read_bytes() == before  # nothing was written by either
    print(f"\nlock race: {rounds} rounds, one winner each")


def test_two_real_apps_in_terminals_and_a_cli_writer(tmp_path: Path) -> None:
    """The real app twice under pseudo-terminals: the second says so and exits 1; a
    ``kith log`` while the first is open is refused too; after ctrl+q all is free."""
    from tests.adversarial.ptyapp import PtyApp

    folder = tmp_path / "kith"
    with Store.open(folder) as store:
        store.settings.change(welcome_seen=True)
        store.contacts.add(Contact(name="Ana"))
    first = PtyApp(folder)
    second: PtyApp | None = None
    try:
        first.wait_for("c Check in")
        second = PtyApp(folder)
        assert second.wait(timeout=30) == 1
        assert "Kith is open in another terminal" in second.text
        assert f"process {first.pid}" in second.text
        assert "Traceback" not in second.text
        log = subprocess.run(
            [sys.executable, "-m", "kith.app.main", "--data-dir", str(folder), "log", "Ana"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=60,
        )
        assert log.returncode == 1 and "Kith is open in another terminal" in log.stderr
        first.press("ctrl+q")
        assert first.wait() == 0
    finally:
        first.kill()
        if second is not None:
            second.kill()
    Store.open(folder).close()


def test_stale_lock_files_never_block(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no_ui: list[str]
) -> None:
    folder = tmp_path / "kith"
    filled(folder)
    # A lock file left with a dead process's number, then with garbage in it.
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    for content in (f"{dead.pid}\n", "not a number", "", "9" * 40):
        (folder / LOCK_FILE).write_text(content)
        assert main(["--data-dir", str(folder)]) == 0
        code, _, err = run_kith(capsys, "--data-dir", str(folder), "log", "Ana")
        assert code == 0, err
    assert no_ui == ["kith:2"] * 4


def test_a_killed_app_never_blocks_the_next_start(tmp_path: Path) -> None:
    from tests.adversarial.ptyapp import PtyApp

    folder = tmp_path / "kith"
    with Store.open(folder) as store:
        store.settings.change(welcome_seen=True)
    app = PtyApp(folder)
    try:
        app.wait_for("c Check in")
        os.kill(app.pid, signal.SIGKILL)
        assert app.wait() == -signal.SIGKILL
    finally:
        app.kill()
    assert (folder / LOCK_FILE).exists()  # the file stays; the lock died with the process
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "kith.app.main", "--data-dir", str(folder), "log", "Sam", "--new"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started < 30


# -- store files edited by hand ------------------------------------------------------------
def _valid_doc(folder: Path) -> dict[str, Any]:
    return json.loads((folder / STORE_FILE).read_bytes())


HAND_EDITS: dict[str, Any] = {
    "truncated": lambda raw, doc: raw[: len(raw) // 2],
    "trailing-comma": lambda raw, doc: raw.rstrip()[:-1] + b",}",
    "utf8-bom": lambda raw, doc: b"\xef\xbb\xbf" + raw,
    "latin-1": lambda raw, doc: raw.replace(b"Ana", b"An\xe1"),
    "nul-bytes": lambda raw, doc: b"\x00" * 64,
    "a-list": lambda raw, doc: b"[]",
    "a-string": lambda raw, doc: b'"kith"',
    "table-is-a-list": lambda raw, doc: json.dumps({**doc, "contacts": []}).encode(),
    "record-is-a-string": lambda raw, doc: json.dumps({**doc, "contacts": {"1": "Ana"}}).encode(),
    "record-missing-name": lambda raw, doc: json.dumps(
        {
            **doc,
            "contacts": {
                k: {kk: vv for kk, vv in v.items() if kk != "name"}
                for k, v in doc["contacts"].items()
            },
        }
    ).encode(),
    "record-missing-id": lambda raw, doc: json.dumps(
        {
            **doc,
            "contacts": {
                k: {kk: vv for kk, vv in v.items() if kk != "id"}
                for k, v in doc["contacts"].items()
            },
        }
    ).encode(),
    "name-is-a-number": lambda raw, doc: json.dumps(
        {**doc, "contacts": {k: {**v, "name": 42} for k, v in doc["contacts"].items()}}
    ).encode(),
    "escape-in-a-name": lambda raw, doc: json.dumps(
        {
            **doc,
            "contacts": {k: {**v, "name": "\x1b]0;pwned\x07"} for k, v in doc["contacts"].items()},
        }
    ).encode(),
    "rhythm-negative": lambda raw, doc: json.dumps(
        {**doc, "contacts": {k: {**v, "rhythm_days": -3} for k, v in doc["contacts"].items()}}
    ).encode(),
    "interaction-felt-9": lambda raw, doc: json.dumps(
        {**doc, "interactions": {k: {**v, "felt": 9} for k, v in doc["interactions"].items()}}
    ).encode(),
    "schema-newer": lambda raw, doc: json.dumps(
        {**doc, "_meta": {"1": {"schema": SCHEMA_VERSION + 1}}}
    ).encode(),
    "schema-a-string": lambda raw, doc: json.dumps(
        {**doc, "_meta": {"1": {"schema": "2"}}}
    ).encode(),
    "schema-huge": lambda raw, doc: json.dumps(
        {**doc, "_meta": {"1": {"schema": 10**30}}}
    ).encode(),
    "deeply-nested": lambda raw, doc: b"[" * 100_000 + b"]" * 100_000,
    "duplicate-id": lambda raw, doc: json.dumps(
        {**doc, "contacts": {**doc["contacts"], "99": next(iter(doc["contacts"].values()))}}
    ).encode(),
    "doc-number-not-a-number": lambda raw, doc: json.dumps(
        {**doc, "contacts": {"first": next(iter(doc["contacts"].values()))}}
    ).encode(),
}


@pytest.mark.parametrize("edit", list(HAND_EDITS))
def test_a_hand_edited_store_is_reported_never_overwritten_and_a_way_out_offered(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no_ui: list[str], edit: str
) -> None:
    folder = tmp_path / "kith"
    with Store.open(folder) as store:
        ana = store.contacts.add(Contact(name="Ana"))
        store.interactions.add(Interaction(date=store.clock.now().date(), contact_ids=[ana.id]))
    Store.open(folder).close()  # today's backup: the way out
    export = tmp_path / "export.json"
    assert run_kith(capsys, "--data-dir", str(folder), "export", "--output", str(export))[0] == 0
    raw = (folder / STORE_FILE).read_bytes()
    broken = HAND_EDITS[edit](raw, json.loads(raw))
    (folder / STORE_FILE).write_bytes(broken)
    os.chmod(folder / STORE_FILE, 0o600)
    before = tree(folder)

    # The app: a recovery screen naming the problem and the backup; quitting changes nothing.
    code, out, err = run_kith(capsys, "--data-dir", str(folder))
    assert code == 1
    assert "Traceback" not in err
    if edit == "schema-newer":
        assert "newer Kith" in err and "Please update Kith" in err
        assert no_ui == []
    else:
        assert len(no_ui) == 1 and no_ui[0].startswith("recovery:kith-"), no_ui
        assert str(folder / STORE_FILE) in no_ui[0]
        assert "Nothing was changed" in out
    assert tree(folder) == before, "the hand-edited file or its folder was changed"

    # Every command: one clear line, nothing changed (status and export only read).
    code, out, err = run_kith(capsys, "--data-dir", str(folder), "status")
    # status reads only what it shows: it may not notice damage elsewhere; never writes.
    assert code == 0 or (code == 1 and err.startswith("kith: ") and err.count("\n") == 1)
    assert "Traceback" not in err
    for argv in (
        ["log", "Ana"],
        ["export", "--output", str(tmp_path / "x.json")],
        ["backup"],
        ["import", str(export)],
    ):
        code, out, err = run_kith(capsys, "--data-dir", str(folder), *argv)
        assert code == 1, (argv, out, err)
        assert err.startswith("kith: ") and err.count("\n") == 1, (argv, err)
        assert "Traceback" not in err
    assert tree(folder) == before
    assert not (tmp_path / "x.json").exists()
