"""Crash safety: SIGKILL a process that saves in a loop, again and again, on one folder.

After every kill the store must open, and every change the child acknowledged
(its ``ack`` line was printed after the store call returned) must be there. The
one change in flight may be applied or not, but never half applied: the store
holds either the acknowledged state or that state plus the whole in-flight
operation (a batch of four changes counts as one operation).

Default: 200 kills (``KITH_CRASH_KILLS`` for more, ``KITH_CRASH_SEED`` for another
sequence). Two lanes run side by side, each with its own folder, to use both cores.

Then SIGTERM and SIGHUP against the real app under a pseudo-terminal, with a form
open and text typed in it.
"""

from __future__ import annotations

import json
import os
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

from data.store import STORE_FILE, Store
from tests.adversarial.crash_child import State, apply

ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("crash_child.py")
KILLS = int(os.environ.get("KITH_CRASH_KILLS", "200"))
SEED = int(os.environ.get("KITH_CRASH_SEED", "20261120"))
LANES = 2


@dataclass
class LaneReport:
    kills: int = 0
    acked: int = 0
    in_flight: int = 0
    in_flight_applied: int = 0
    during_open: int = 0
    startup: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def parse_output(raw: bytes) -> tuple[list[dict[str, Any]], dict[str, Any] | None, bool]:
    """Acknowledged ops in order, the op in flight (begun, not acknowledged), and
    whether the child got as far as ``ready``."""
    acked: list[dict[str, Any]] = []
    pending: dict[str, Any] | None = None
    ready = False
    lines = raw.decode().split("\n")
    complete, _partial = lines[:-1], lines[-1]  # a line cut by the kill never counts
    for line in complete:
        if line == "ready":
            ready = True
        elif line.startswith("begin "):
            assert pending is None, "a begin without an ack before it"
            pending = json.loads(line[6:])
        elif line.startswith("ack "):
            assert pending is not None and pending["seq"] == int(line[4:])
            acked.append(pending)
            pending = None
        else:  # pragma: no cover - the child printed something unexpected
            raise AssertionError(f"unexpected child output: {line!r}")
    return acked, pending, ready


def snapshot(store: Store) -> State:
    return {c.id: (c.name, c.notes) for c in store.contacts.list()}


def describe(state: State) -> str:
    return ", ".join(sorted(f"{k}({len(v[1])})" for k, v in state.items()))


def run_lane(
    lane: int,
    folder: Path,
    kills: int,
    rng: random.Random,
    report: LaneReport,
    env: dict[str, str] | None = None,
) -> None:
    try:
        _run_lane(lane, folder, kills, rng, report, env)
    except Exception as error:
        report.failures.append(f"lane {lane}: {error!r}")


def _run_lane(
    lane: int,
    folder: Path,
    kills: int,
    rng: random.Random,
    report: LaneReport,
    env: dict[str, str] | None,
) -> None:
    expected: State = {}
    for round_no in range(kills):
        start = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, str(CHILD), str(folder), str(rng.getrandbits(32))],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            bufsize=0,
            env=env,  # unbuffered: readline must not swallow what communicate reads
        )
        assert child.stdout is not None
        head = b""
        if rng.random() < 0.15:
            # Anywhere from process start: during imports, Store.open, the backup...
            time.sleep(rng.uniform(0.0, 0.25))
        else:
            head = child.stdout.readline()
            if head != b"ready\n":
                child.kill()
                _, err = child.communicate()
                report.failures.append(f"lane {lane} round {round_no}: child failed: {err!r}")
                return
            report.startup.append(time.perf_counter() - start)
            # Mostly short waits (each op takes about a millisecond), sometimes longer.
            time.sleep(
                rng.choice([rng.uniform(0, 0.005), rng.uniform(0, 0.03), rng.uniform(0, 0.1)])
            )
        child.kill()
        rest, err = child.communicate()
        if child.returncode != -9:
            report.failures.append(
                f"lane {lane} round {round_no}: child exited {child.returncode} before the kill: "
                f"{err.decode(errors='replace')[-2000:]}"
            )
            return
        acked, pending, ready = parse_output(head + rest)
        report.kills += 1
        report.acked += len(acked)
        report.during_open += not ready
        for op in acked:
            expected = apply(expected, op)
        try:
            store = Store.open(folder)
        except Exception as error:
            report.failures.append(f"lane {lane} round {round_no}: Store.open failed: {error!r}")
            return
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
                continue
        if actual != expected:
            report.failures.append(
                f"lane {lane} round {round_no}: store differs from acknowledged state\n"
                f"  in flight: {pending}\n  expected: {describe(expected)}\n"
                f"  actual:   {describe(actual)}"
            )
            return
        leftovers = [p.name for p in folder.glob(".kith-tmp-*")]
        if leftovers:
            report.failures.append(f"lane {lane}: temp files left after open: {leftovers}")
            return
        if stat.S_IMODE((folder / STORE_FILE).stat().st_mode) != 0o600:
            report.failures.append(f"lane {lane}: store file mode changed")
            return


@pytest.fixture
def lanes(tmp_path: Path) -> Iterator[list[Path]]:
    yield [tmp_path / f"lane{i}" for i in range(LANES)]


def test_sigkill_loop_loses_no_acknowledged_save(lanes: list[Path]) -> None:
    master = random.Random(SEED)
    reports = [LaneReport() for _ in lanes]
    per_lane = [KILLS // LANES + (1 if i < KILLS % LANES else 0) for i in range(LANES)]
    threads = [
        threading.Thread(
            target=run_lane,
            args=(i, folder, per_lane[i], random.Random(master.getrandbits(64)), reports[i]),
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
    startup = sorted(s for r in reports for s in r.startup)
    print(
        f"\ncrash loop: {kills} SIGKILLs survived in {elapsed:.1f} s (seed {SEED}); "
        f"{sum(r.acked for r in reports)} acknowledged saves all present; "
        f"{sum(r.in_flight for r in reports)} kills with a save in flight "
        f"({sum(r.in_flight_applied for r in reports)} applied whole, the rest not at all); "
        f"{sum(r.during_open for r in reports)} kills before the child was ready; "
        f"child start to ready: median {startup[len(startup) // 2] * 1000:.0f} ms, "
        f"max {startup[-1] * 1000:.0f} ms"
    )
    assert kills == KILLS
    # The loop really exercised the interesting cases.
    assert sum(r.acked for r in reports) > KILLS
    assert sum(r.in_flight for r in reports) > KILLS // 2
    assert 0 < sum(r.in_flight_applied for r in reports) < sum(r.in_flight for r in reports)


@pytest.mark.parametrize("mode", ["cache", "inplace"])
def test_the_loop_notices_a_storage_that_loses_data(tmp_path: Path, mode: str) -> None:
    """The test can fail: with a caching writer (acknowledges before writing) or an
    in-place writer (TinyDB's own JSONStorage), the loop finds the loss quickly."""
    report = LaneReport()
    env = {**os.environ, "KITH_CRASH_SABOTAGE": mode}
    run_lane(0, tmp_path / "sabotaged", 60, random.Random(SEED), report, env)
    print(f"\n{mode} writer: caught after {report.kills} kills: {report.failures[:1]}")
    assert report.failures, f"{report.kills} kills and the {mode} writer was not caught"


# -- SIGTERM and SIGHUP against the real app -------------------------------------------------
def _saved_folder(tmp_path: Path) -> tuple[Path, bytes]:
    from data.models import Contact, SupportEntry

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
        app.wait_for("Home")
        # Save one entry through the UI: acknowledged once the form closes.
        app.press("f2")
        app.wait_for("You are not alone")
        app.press("n")
        app.wait_for("Add to my support list")
        app.press("tab")
        app.type("Saved Through UI")
        app.press("ctrl+s")
        deadline = time.monotonic() + 10
        while b"Saved Through UI" not in (folder / STORE_FILE).read_bytes():
            assert time.monotonic() < deadline, "the save never reached the disk"
            app.pump(0.05)
        app.pump(0.5)  # the form closes
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
    assert b"Typed Not Saved" not in (folder / STORE_FILE).read_bytes()
    assert not list(folder.glob(".kith-tmp-*"))
    # Closed the way ctrl+q closes (not killed by the signal): exit code 128 + signal,
    # and the terminal is given back (the alternate screen is left).
    assert code == 128 + (signal.SIGTERM if how == "SIGTERM" else signal.SIGHUP)
    if how != "hangup":  # after a hang-up there is no terminal left to read from
        assert b"\x1b[?1049l" in app.output


def test_a_signal_before_the_app_runs_still_exits_cleanly() -> None:
    """Before the event loop runs (still starting up) the handler ends with SystemExit,
    so ``run_app``'s ``finally`` still closes the store; the old handlers come back."""
    from app.main import close_on_signals

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
