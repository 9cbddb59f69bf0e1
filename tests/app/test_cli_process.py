"""The installed ``kith`` console script, run as a real process with the real clock,
and a second process holding the store's lock while commands run."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kith.data.clock import FixedClock
from kith.data.demo import build_demo_store
from kith.data.models import Contact
from kith.data.storage import TEMP_PREFIX
from kith.data.store import STORE_FILE, Store

ROOT = Path(__file__).resolve().parents[2]
KITH = Path(sys.executable).with_name("kith")
VCF = ROOT / "tests" / "fixtures" / "vcf"

pytestmark = pytest.mark.skipif(not KITH.exists(), reason="the kith script is not installed")


def kith(*argv: str, data: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "KITH_DATA_DIR"}
    return subprocess.run(
        [str(KITH), *argv, "--data-dir", str(data)],
        capture_output=True,
        text=True,
        input=stdin,
        env=env,
        timeout=60,
        check=False,
    )


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr
    assert "Traceback" not in result.stdout


@pytest.fixture
def sam_overdue(data_dir: Path) -> Path:
    """A store where Sam (weekly) was added 30 days ago and never contacted."""
    now = datetime.now(UTC)
    month_ago = now - timedelta(days=30)
    with Store.open(data_dir, clock=FixedClock(now)) as store:
        store.contacts.put(
            Contact(name="Sam Okafor", rhythm_days=7, created=month_ago, updated=month_ago)
        )
        store.contacts.put(Contact(name="Ana Lopez", created=month_ago, updated=month_ago))
    return data_dir


def test_log_then_status_as_a_new_user_would(sam_overdue: Path) -> None:
    before = kith("status", data=sam_overdue)
    assert before.returncode == 0
    assert "Reach out: Sam Okafor (not in touch yet · you hoped for every week)" in before.stdout

    logged = kith("log", "sam", "--mode", "call", "--felt", "4", data=sam_overdue)
    no_traceback(logged)
    assert logged.returncode == 0, logged.stderr
    assert logged.stdout.startswith("Logged: call with Sam Okafor, today")
    assert "Felt 4/5 (good)" in logged.stdout

    after = kith("status", data=sam_overdue)
    assert after.returncode == 0
    assert "Sam Okafor" not in after.stdout
    assert "Reach out: nobody is due; you are up to date." in after.stdout
    with Store.open(sam_overdue, readonly=True) as store:
        (interaction,) = store.interactions.list()
        assert interaction.felt == 4


def test_export_delete_import_gives_the_same_store(data_dir: Path, tmp_path: Path) -> None:
    build_demo_store(data_dir, FixedClock(datetime.now(UTC)))
    with Store.open(data_dir, readonly=True) as store:
        before = store.export_tables()
    target = tmp_path / "kith-export.json"
    exported = kith("export", "--format", "json", "--output", str(target), data=data_dir)
    assert exported.returncode == 0, exported.stderr
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    shutil.rmtree(data_dir)
    imported = kith("import", str(target), data=data_dir)
    assert imported.returncode == 0, imported.stderr
    assert "updated: nothing" in imported.stdout
    with Store.open(data_dir, readonly=True) as store:
        assert store.export_tables() == before
    again = kith("import", str(target), data=data_dir)
    assert "added: nothing" in again.stdout


def test_a_phone_address_book_comes_in(data_dir: Path) -> None:
    result = kith("import", str(VCF / "iphone_v30.vcf"), data=data_dir)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Added 4 people:")
    with Store.open(data_dir, readonly=True) as store:
        assert "Zoë Ångström" in {c.name for c in store.contacts.list()}
    broken = kith("import", str(VCF / "malformed.vcf"), data=data_dir)
    assert broken.returncode == 1
    assert len(broken.stderr.splitlines()) == 1
    no_traceback(broken)


def test_usage_errors_exit_2_and_help_exits_0(data_dir: Path) -> None:
    wrong = kith("log", "sam", "--felt", "eleven", data=data_dir)
    assert wrong.returncode == 2
    assert "is not 1 to 5" in wrong.stderr
    helped = kith("import", "--help", data=data_dir)
    assert helped.returncode == 0
    assert "vCard" in helped.stdout


def test_status_does_not_import_textual(data_dir: Path) -> None:
    build_demo_store(data_dir, FixedClock(datetime.now(UTC)))
    code = (
        "import sys\n"
        "from app.main import main\n"
        f"code = main(['status', '--data-dir', {str(data_dir)!r}])\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'rich', 'vobject'}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.splitlines()[-1] == "[]"


# -- another Kith holds the lock -----------------------------------------------------------
@pytest.fixture
def app_is_open(data_dir: Path) -> Iterator[subprocess.Popen[str]]:
    """A real second process with the store open (as the app keeps it), and a save of
    its in progress (its temporary file) that nobody else may touch."""
    build_demo_store(data_dir, FixedClock(datetime.now(UTC)))
    script = textwrap.dedent(
        f"""
        import time
        from pathlib import Path
        from kith.data.store import Store
        store = Store.open(Path({str(data_dir)!r}))
        print("ready", flush=True)
        time.sleep(120)
        """
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "ready"
        (data_dir / f"{TEMP_PREFIX}in-progress.json").write_text("{}")
        yield holder
    finally:
        holder.kill()
        holder.wait()


def test_writing_commands_refuse_while_kith_is_open(
    data_dir: Path, app_is_open: subprocess.Popen[str], tmp_path: Path
) -> None:
    export_file = tmp_path / "export.json"
    export_file.write_text(
        json.dumps({"kind": "kith-export", "schema": 2, "contacts": [{"id": "x", "name": "X"}]})
    )
    backup = tmp_path / "old.json"
    shutil.copy(data_dir / STORE_FILE, backup)
    before = (data_dir / STORE_FILE).read_bytes()
    listing_before = sorted(p.name for p in data_dir.iterdir())
    for argv in (
        ["log", "otto", "--mode", "call"],
        ["log", "Someone New", "--new"],
        ["import", str(export_file)],
        ["import", str(VCF / "iphone_v30.vcf")],
        ["restore", str(backup), "--yes"],
    ):
        result = kith(*argv, data=data_dir)
        assert result.returncode == 1, (argv, result.stdout, result.stderr)
        assert result.stdout == ""
        (line,) = result.stderr.splitlines()
        assert line.startswith(
            f"kith: Kith is open in another terminal (process {app_is_open.pid})."
        ), line
        no_traceback(result)
    # Nothing touched: the file, the folder (the other Kith's save in progress included).
    assert (data_dir / STORE_FILE).read_bytes() == before
    assert sorted(p.name for p in data_dir.iterdir()) == listing_before
    assert (data_dir / f"{TEMP_PREFIX}in-progress.json").exists()


def test_reading_commands_work_while_kith_is_open(
    data_dir: Path, app_is_open: subprocess.Popen[str], tmp_path: Path
) -> None:
    before = (data_dir / STORE_FILE).read_bytes()
    status = kith("status", data=data_dir)
    assert status.returncode == 0, status.stderr
    assert status.stdout.startswith("Reach out:")
    assert len(status.stdout.splitlines()) == 4
    exported = kith("export", "--output", str(tmp_path / "e.json"), data=data_dir)
    assert exported.returncode == 0, exported.stderr
    assert json.loads((tmp_path / "e.json").read_text())["contacts"]
    dry = kith("import", str(VCF / "contacts_v40.vcf"), "--dry-run", data=data_dir)
    assert dry.returncode == 0, dry.stderr
    assert "Would add 4 people" in dry.stdout
    backed_up = kith("backup", data=data_dir)  # a copy of the last save; the store is not touched
    assert backed_up.returncode == 0, backed_up.stderr
    listed = kith("restore", data=data_dir)
    assert listed.returncode == 0
    assert "kith-manual-" in listed.stdout
    assert (data_dir / STORE_FILE).read_bytes() == before
    assert (data_dir / f"{TEMP_PREFIX}in-progress.json").exists()
