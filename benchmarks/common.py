"""What the probe, the targets and the runner share (standard library only at import)."""

from __future__ import annotations

import contextlib
import json
import resource
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

APP_SIZE = (120, 36)
NOT_BUILT = "not built yet"


class NotBuilt(Exception):
    """The code a measurement needs does not exist (yet)."""


def peak_rss_mb() -> float:
    """This process's peak resident set since it started (its ``exec``).

    On Linux that is ``VmHWM``: ``ru_maxrss`` keeps, across ``exec``, the peak of the
    process that forked it, so a probe started by ``benchmarks.run`` (which holds
    the store it generated: 200 MB at ten years) read 200 MB whatever it used (the
    194 MB of the 2026-12-02 table, the same in every run). Elsewhere ``ru_maxrss``.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def current_rss_mb() -> float:
    """The resident set now (Linux), else the peak."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return peak_rss_mb()


def emit(payload: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(payload) + "\n")
    sys.stdout.flush()


def bench_clock() -> Any:
    from kith.data.clock import FixedClock
    from kith.data.demo import DEMO_NOW

    return FixedClock(DEMO_NOW)


# -- loop blocking --------------------------------------------------------------
class LoopMonitor:
    """Times every step the asyncio loop runs (each callback, each task step).

    The longest step while recording is the longest the UI thread was blocked:
    a key press arriving then would wait that long. Patching ``Handle._run``
    costs about a microsecond per step, the same for every figure.
    """

    def __init__(self) -> None:
        self.steps: list[float] = []
        self.recording = False
        self._original: Callable[[Any], None] | None = None
        # Full garbage collections while recording (seconds each): a long step
        # that is not the code under test is usually one of these.
        self.collections: list[float] = []
        self._collecting_since = 0.0

    def _on_collection(self, phase: str, info: dict[str, Any]) -> None:
        if info.get("generation") != 2 or not self.recording:
            return
        if phase == "start":
            self._collecting_since = time.perf_counter()
        elif self._collecting_since:
            self.collections.append(time.perf_counter() - self._collecting_since)
            self._collecting_since = 0.0

    def install(self) -> None:
        import gc
        from asyncio import events

        gc.callbacks.append(self._on_collection)

        original = events.Handle._run
        monitor = self

        def timed_run(handle: Any) -> None:
            if not monitor.recording:
                original(handle)
                return
            started = time.perf_counter()
            try:
                original(handle)
            finally:
                monitor.steps.append(time.perf_counter() - started)

        self._original = original
        events.Handle._run = timed_run  # type: ignore[method-assign]

    @contextlib.contextmanager
    def record(self) -> Iterator[list[float]]:
        self.steps = []
        self.recording = True
        try:
            yield self.steps
        finally:
            self.recording = False


def new_interaction(contact_id: str, note: str = "Coffee and a walk by the river.") -> Any:
    from kith.data.demo import DEMO_NOW
    from kith.data.models import Interaction, Mode

    return Interaction(
        date=DEMO_NOW.date(),
        contact_ids=[contact_id],
        mode=Mode.IN_PERSON,
        felt=4,
        notes=note,
    )
