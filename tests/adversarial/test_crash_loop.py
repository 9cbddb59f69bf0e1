"""Crash safety: SIGKILL a process that saves in a loop, again and again, on one folder.

After every kill the store must open, and every change the child acknowledged
(its ``ack`` line was printed after the store call returned) must be there. The
one change in flight may be applied or not, but never half applied: the store
holds either the acknowledged state or that state plus the whole in-flight
operation (a batch of four changes counts as one operation).

Default: 300 kills (``KITH_CRASH_KILLS`` for more, ``KITH_CRASH_SEED`` for another
sequence). Two lanes run side by side, each with its own folder, to use both cores.
Most savers are forked from a fork server that imported the store once (ready in
a few tens of milliseconds); every tenth is a fresh interpreter (about 0.25 s to
import on an idle machine), so the cold start and kills during imports and
``Store.open`` are covered too.

Then SIGTERM and SIGHUP against the real app under a pseudo-terminal, with a form
open and text typed in it.
"""

from __future__ import annotations

import json
import os
import queue
import random
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from kith.data.crypto import TEST_KNOB, StoreKey, unlock
from kith.data.store import STORE_FILE, Store
from tests.adversarial.crash_child import State, apply

ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("crash_child.py")
KILLS = int(os.environ.get("KITH_CRASH_KILLS", "300"))
SEED = int(os.environ.get("KITH_CRASH_SEED", "20261120"))
LANES = 2
PASSPHRASE_ENV = "KITH_CRASH_PASSPHRASE"
PASSPHRASE = "crash loop passphrase"
MARK = " é漢😀".encode()


@dataclass
class LaneReport:
    kills: int = 0
    cold_kills: int = 0
    acked: int = 0
    in_flight: int = 0
    in_flight_applied: int = 0
    during_open: int = 0
    during_compaction: int = 0
    compactions: int = 0
    torn_tails: int = 0
    startup_fork: list[float] = field(default_factory=list)
    startup_cold: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def parse_output(
    lines: list[bytes], report: LaneReport | None = None
) -> tuple[list[dict[str, Any]], dict[str, Any] | None, bool]:
    """Acknowledged ops in order, the op in flight (begun, not acknowledged), and
    whether the child got as far as ``ready``. Only complete lines count. Counts
    compactions, and a kill during one, into ``report``."""
    acked: list[dict[str, Any]] = []
    pending: dict[str, Any] | None = None
    ready = False
    compacting = False
    for raw in lines:
        if not raw.endswith(b"\n"):
            continue  # cut by the kill (cannot happen with one write per line; kept safe)
        line = raw.decode().rstrip("\n")
        if line == "compacting":
            compacting = True
        elif line == "compacted":
            compacting = False
            if report is not None:
                report.compactions += 1
        elif line == "ready":
            ready = True
        elif line.startswith("begin "):
            assert pending is None, "a begin without an ack before it"
            pending = json.loads(line[6:])
        elif line.startswith("ack "):
            assert pending is not None and pending["seq"] == int(line[4:])
            acked.append(pending)
            pending = None
        else:
            raise AssertionError(f"unexpected child output: {line!r}")
    if compacting and report is not None:
        report.during_compaction += 1
    return acked, pending, ready


class LineReader:
    """Lines from a pipe, with a timeout (a thread feeds a queue)."""

    def __init__(self, stream: Any) -> None:
        self.lines: queue.Queue[bytes] = queue.Queue()
        self._thread = threading.Thread(target=self._pump, args=(stream,), daemon=True)
        self._thread.start()

    def _pump(self, stream: Any) -> None:
        for line in iter(stream.readline, b""):
            self.lines.put(line)
        self.lines.put(b"")

    def next(self, timeout: float = 30.0) -> bytes:
        try:
            return self.lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no output for {timeout} s") from None


class Zygote:
    """The fork server of ``crash_child.py``: one forked saver at a time."""

    def __init__(self, folder: Path, env: dict[str, str] | None) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(CHILD), "--zygote", str(folder)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=ROOT,
            env=env,
        )
        self.reader = LineReader(self.process.stdout)
        first = self.reader.next()
        assert first == b"zygote ready\n", first

    def child(self, seed: int) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(f"go {seed}\n".encode())
        self.process.stdin.flush()

    def close(self) -> None:
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(b"quit\n")
            self.process.stdin.close()
            self.process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()


def kill_delay(rng: random.Random) -> float:
    """After ``ready``: mostly short waits (each save takes about a millisecond)."""
    return rng.choice([rng.uniform(0, 0.004), rng.uniform(0, 0.02), rng.uniform(0, 0.08)])


def forked_round(zygote: Zygote, rng: random.Random, report: LaneReport) -> list[bytes]:
    """Fork a saver, SIGKILL it at a random moment, return what it wrote."""
    started = time.perf_counter()
    zygote.child(rng.getrandbits(32))
    early = rng.random() < 0.15  # any moment from the fork: during Store.open, the backup
    pid: int | None = None
    ready = False
    lines: list[bytes] = []
    while pid is None or not (early or ready):
        line = zygote.reader.next()
        if line.startswith(b"pid "):
            pid = int(line.split()[1])
        elif line.startswith(b"dead ") or not line:
            raise AssertionError(f"the saver died by itself: {line!r} after {lines[-3:]!r}")
        else:
            lines.append(line)
            ready = ready or line == b"ready\n"
    if early:
        time.sleep(rng.uniform(0, 0.015))
    else:
        report.startup_fork.append(time.perf_counter() - started)
        time.sleep(kill_delay(rng))
    os.kill(pid, signal.SIGKILL)
    while True:
        line = zygote.reader.next()
        if line.startswith(b"dead "):
            _, dead, status = line.split()
            assert int(dead) == pid
            assert os.WIFSIGNALED(int(status)) and os.WTERMSIG(int(status)) == signal.SIGKILL
            return lines
        assert line, "the fork server ended"
        lines.append(line)


def cold_round(
    folder: Path, rng: random.Random, report: LaneReport, env: dict[str, str] | None
) -> list[bytes]:
    """Start a fresh interpreter (imports and all), SIGKILL it at a random moment."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(folder), str(rng.getrandbits(32))],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        bufsize=0,  # unbuffered: readline must not swallow what communicate reads
        env=env,
    )
    assert child.stdout is not None
    head = b""
    if rng.random() < 0.3:
        time.sleep(rng.uniform(0.0, 0.25))  # during imports or Store.open
    else:
        head = child.stdout.readline()
        assert head == b"ready\n", child.communicate()[1].decode(errors="replace")[-2000:]
        report.startup_cold.append(time.perf_counter() - started)
        time.sleep(kill_delay(rng))
    child.kill()
    rest, err = child.communicate()
    assert child.returncode == -signal.SIGKILL, err.decode(errors="replace")[-2000:]
    report.cold_kills += 1
    return (head + rest).splitlines(keepends=True)


def run_lane(
    lane: int,
    folder: Path,
    kills: int,
    rng: random.Random,
    report: LaneReport,
    env: dict[str, str] | None = None,
) -> None:
    """``kills`` rounds on one folder; stops at the first failure (in ``report``)."""
    expected: State = {}
    key = None
    if env is not None and env.get(PASSPHRASE_ENV):
        key = encrypted_folder(folder, env[PASSPHRASE_ENV])
    zygote = Zygote(folder, env)
    try:
        for round_no in range(kills):
            where = f"lane {lane} round {round_no}"
            try:
                if round_no % 10 == 9:
                    lines = cold_round(folder, rng, report, env)
                else:
                    lines = forked_round(zygote, rng, report)
                acked, pending, ready = parse_output(lines, report)
            except AssertionError as error:
                report.failures.append(f"{where}: {error}")
                return
            report.kills += 1
            report.acked += len(acked)
            report.during_open += not ready
            for op in acked:
                expected = apply(expected, op)
            problem, expected = check_store(folder, expected, pending, report, key)
            if problem:
                report.failures.append(f"{where}: {problem}")
                return
    except Exception as error:  # reported by the test, not lost in a thread
        report.failures.append(f"lane {lane}: {error!r}")
    finally:
        zygote.close()


def encrypted_folder(folder: Path, passphrase: str) -> StoreKey:
    """An empty encrypted store in ``folder`` (issue 16): the loop runs on it sealed."""
    from kith.data.crypto import new_key, unlock
    from kith.data.encryption import encrypt_store

    Store.open(folder).close()
    encrypt_store(folder, new_key(passphrase)[0])
    return unlock(folder, passphrase)


def check_store(
    folder: Path,
    expected: State,
    pending: dict[str, Any] | None,
    report: LaneReport,
    key: StoreKey | None = None,
) -> tuple[str | None, State]:
    """Open the store as the next start would; compare with what was acknowledged."""
    journal = folder / "kith.journal"
    if journal.exists():
        raw = journal.read_bytes()
        report.torn_tails += bool(raw) and not raw.endswith(b"\n")
    try:
        if key is not None:  # what the next start does: unlock (header + whole file), open
            key = unlock(folder, PASSPHRASE)
        store = Store.open(folder, key=key)
    except Exception as error:
        return f"Store.open failed: {error!r}", expected
    try:
        actual = snapshot(store)
    finally:
        store.close()
    if pending is not None:
        report.in_flight += 1
        after = apply(expected, pending)
        if actual == after:
            report.in_flight_applied += 1
            expected = after
    if actual != expected:
        return (
            f"store differs from acknowledged state\n  in flight: {pending}\n"
            f"  expected: {describe(expected)}\n  actual:   {describe(actual)}"
        ), expected
    leftovers = [p.name for p in folder.glob(".kith-tmp-*")]
    if leftovers:
        return f"temp files left after open: {leftovers}", expected
    if stat.S_IMODE((folder / STORE_FILE).stat().st_mode) != 0o600:
        return "store file mode changed", expected
    if key is not None:
        # Nine bytes every record's notes hold (three would turn up in random ciphertext).
        plain = [p.name for p in folder.rglob("*") if p.is_file() and MARK in p.read_bytes()]
        if plain:
            return f"a record's text is readable in {plain}, in an encrypted store", expected
    return None, expected


def snapshot(store: Store) -> State:
    return {c.id: (c.name, c.notes) for c in store.contacts.list()}


def describe(state: State) -> str:
    return ", ".join(sorted(f"{k}({len(v[1])})" for k, v in state.items()))


@pytest.fixture
def lanes(tmp_path: Path) -> Iterator[list[Path]]:
    yield [tmp_path / f"lane{i}" for i in range(LANES)]


def median_ms(values: list[float]) -> str:
    return f"{sorted(values)[len(values) // 2] * 1000:.0f} ms" if values else "n/a"


@pytest.mark.parametrize("sealed", [False, True], ids=["plain", "encrypted"])
def test_sigkill_loop_loses_no_acknowledged_save(
    lanes: list[Path], sealed: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Plain, and on an encrypted store (issue 16): sealed snapshot, sealed lines."""
    master = random.Random(SEED)
    env = None
    if sealed:
        env = {**os.environ, PASSPHRASE_ENV: PASSPHRASE, TEST_KNOB: "1"}
        monkeypatch.setenv(TEST_KNOB, "1")  # the parent makes the key with the same knob
    reports = [LaneReport() for _ in lanes]
    per_lane = [KILLS // LANES + (1 if i < KILLS % LANES else 0) for i in range(LANES)]
    threads = [
        threading.Thread(
            target=run_lane,
            args=(i, folder, per_lane[i], random.Random(master.getrandbits(64)), reports[i], env),
        )
        for i, folder in enumerate(lanes)
    ]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    failures = [f for r in reports for f in r.failures]
    assert not failures, "\n".join(failures)
    kills = sum(r.kills for r in reports)
    in_flight = sum(r.in_flight for r in reports)
    applied = sum(r.in_flight_applied for r in reports)
    print(
        f"\ncrash loop: {kills} SIGKILLs survived in {elapsed:.1f} s (seed {SEED}, "
        f"{sum(r.cold_kills for r in reports)} of them fresh interpreters); "
        f"{sum(r.acked for r in reports)} acknowledged saves all present; "
        f"{in_flight} kills with a save in flight ({applied} applied whole, the rest not "
        f"at all); {sum(r.during_open for r in reports)} kills before the saver was ready; "
        f"{sum(r.compactions for r in reports)} compactions, "
        f"{sum(r.during_compaction for r in reports)} kills during one; "
        f"{sum(r.torn_tails for r in reports)} torn journal lines left by a kill mid-append; "
        f"start to ready: forked {median_ms([x for r in reports for x in r.startup_fork])}, "
        f"fresh interpreter {median_ms([x for r in reports for x in r.startup_cold])} (median)"
    )
    assert kills == KILLS
    # The loop really exercised the interesting cases.
    assert sum(r.acked for r in reports) > KILLS
    assert in_flight > KILLS // 2
    assert 0 < applied < in_flight
    assert sum(r.during_compaction for r in reports) > 0


@pytest.mark.parametrize("mode", ["cache", "inplace"])
def test_the_loop_notices_a_storage_that_loses_data(tmp_path: Path, mode: str) -> None:
    """The test can fail: with a caching writer (acknowledges before writing) or an
    in-place writer (TinyDB's own JSONStorage), the loop finds the loss quickly."""
    report = LaneReport()
    env = {**os.environ, "KITH_CRASH_SABOTAGE": mode}
    run_lane(0, tmp_path / "sabotaged", 150, random.Random(SEED), report, env)
    print(f"\n{mode} writer: caught after {report.kills} kills: {report.failures[:1]}")
    assert report.failures, f"{report.kills} kills and the {mode} writer was not caught"


# -- SIGTERM and SIGHUP against the real app -------------------------------------------------
def on_disk(folder: Path) -> bytes:
    """The snapshot and its journal: where an acknowledged save is."""
    journal = folder / "kith.journal"
    return (folder / STORE_FILE).read_bytes() + (journal.read_bytes() if journal.exists() else b"")


def _saved_folder(tmp_path: Path) -> tuple[Path, bytes]:
    from kith.data.models import Contact, SupportEntry

    folder = tmp_path / "kith"
    with Store.open(folder) as store:
        store.settings.change(welcome_seen=True)
        store.contacts.add(Contact(name="Ana Acknowledged", notes="saved before the signal"))
        store.support.add(SupportEntry(name="Sister", reach="555 0100"))
    return folder, (folder / STORE_FILE).read_bytes()


@pytest.mark.parametrize("how", ["SIGTERM", "SIGHUP", "hangup"])
def test_signal_with_a_form_open_keeps_saved_data_and_releases_the_lock(
    tmp_path: Path, how: str
) -> None:
    from tests.adversarial.ptyapp import PtyApp

    folder, _ = _saved_folder(tmp_path)
    app = PtyApp(folder)
    try:
        app.wait_for("c Check in")
        # Save one entry through the UI: acknowledged once the form closes.
        app.press("f2")
        app.wait_for("You are not alone")
        app.press("n")
        app.wait_for("Add to my support list")
        app.press("tab")
        app.type("Saved Through UI")
        app.press("ctrl+s")
        deadline = time.monotonic() + 60
        while b"Saved Through UI" not in on_disk(folder):
            assert time.monotonic() < deadline, "the save never reached the disk"
            app.pump(0.05)
        # The form closes: the support screen underneath is drawn whole again. (A key
        # pressed before that would go to the closing form, not the screen.)
        app.wait_for("You are not alone")
        # Then open the form again and type without saving.
        app.press("n")
        app.wait_for("Add to my support list")
        app.press("tab")
        app.type("Typed Not Saved")
        app.wait_for("Typed Not Saved")
        began = time.monotonic()
        if how == "hangup":
            app.hang_up()
        else:
            os.kill(app.pid, getattr(signal, how))
        code = app.wait()
        took = time.monotonic() - began
    finally:
        app.kill()
    print(f"\n{how}: kith ended with {code} after {took * 1000:.0f} ms")
    assert "Traceback" not in app.text
    with Store.open(folder) as store:  # the lock is free right away
        names = sorted(e.name for e in store.support.list())
        assert names == ["Saved Through UI", "Sister"]
        assert [c.name for c in store.contacts.list()] == ["Ana Acknowledged"]
    assert b"Typed Not Saved" not in on_disk(folder)
    assert not list(folder.glob(".kith-tmp-*"))
    # Closed the way ctrl+q closes (not killed by the signal): exit code 128 + signal,
    # and the terminal is given back (the alternate screen is left).
    assert code == 128 + (signal.SIGTERM if how == "SIGTERM" else signal.SIGHUP)
    if how != "hangup":  # after a hang-up there is no terminal left to read from
        assert b"\x1b[?1049l" in app.output


def test_a_signal_before_the_app_runs_still_exits_cleanly() -> None:
    """Before the event loop runs (still starting up) the handler ends with SystemExit,
    so ``run_app``'s ``finally`` still closes the store; the old handlers come back."""
    from kith.app.main import close_on_signals

    before = signal.getsignal(signal.SIGTERM)
    restore = close_on_signals(object())  # type: ignore[arg-type]
    try:
        with pytest.raises(SystemExit) as info:
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(1)  # the handler runs between bytecodes, well before this ends
        assert info.value.code == 128 + signal.SIGTERM
    finally:
        restore()
    assert signal.getsignal(signal.SIGTERM) is before
