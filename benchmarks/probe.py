"""The child side of the benchmarks: one measurement in a fresh process.

``benchmarks.run`` starts ``python -m benchmarks.probe MODE ...`` and reads one
JSON line from stdout (``startup`` first prints ``READY`` the moment the first
frame is rendered, so the parent can time the whole start from outside).

Nothing here is imported at module level beyond the standard library: the bare
Textual app and Kith must pay for their own imports.

A measurement whose target is not built yet reports ``{"na": "not built yet"}``
instead of failing (``NotBuilt``).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.common import (
    APP_SIZE,
    NOT_BUILT,
    LoopMonitor,
    NotBuilt,
    bench_clock,
    current_rss_mb,
    emit,
    new_interaction,
    peak_rss_mb,
)


# -- start-up -------------------------------------------------------------------
def startup(app_kind: str, data_dir: Path | None, memory: bool) -> None:
    """Print READY at the first rendered frame (of Home, for Kith), then exit.

    With ``memory``, open every section first (after READY, so start-up is not
    affected) and report the peak RSS with the app open.
    """

    def say(word: str, *, last: bool) -> Callable[[Any], None]:
        """Print ``word`` (a line the parent times); after the ``last`` one, measure
        memory (``memory``) or exit."""

        def said(app: Any) -> None:
            sys.stdout.write(f"{word}\n")
            sys.stdout.flush()
            if not last:
                return
            if memory:
                app.call_later(visit_all, app)
            else:
                app.exit()

        return said

    async def visit_all(app: Any) -> None:
        sections = ("checkin", "strategies", "people", "insights", "home")
        if app_kind == "kith":
            for section in sections:
                await app.switch_mode(section)
                await asyncio.sleep(0.05)
                await app.workers.wait_for_complete()
        await asyncio.sleep(0.2)
        emit({"rss_mb": peak_rss_mb(), "current_mb": current_rss_mb()})
        app.exit()

    if app_kind == "bare":
        from textual.app import App, ComposeResult
        from textual.widgets import Footer, Header, Label

        class Bare(App[None]):
            def compose(self) -> ComposeResult:
                yield Header()
                yield Label("Hello")
                yield Footer()

        bare = Bare()
        on_first_frame(bare, lambda screen: True, say("READY", last=True))
        bare.run(headless=True, size=APP_SIZE)
        return

    assert data_dir is not None
    from kith.app.app import KithApp
    from kith.screens.loading import LoadingScreen

    def open_store() -> Any:
        from kith.data.store import Store

        return Store.open(data_dir, clock=bench_clock())

    # As ``kith`` starts: the first frame (Home's frame, still opening the store),
    # then the store opened off the UI thread, then Home with its data.
    app = KithApp(opener=open_store, show_welcome=False)
    on_first_frame(
        app,
        lambda screen: isinstance(screen, LoadingScreen) or _is_home(screen),
        say("READY", last=False),
    )
    # Home with its data: the frame the person sees is the second update of Home
    # after its data arrived (the first draws the boxes before their layout settles,
    # 100-170 ms earlier; issue 15), so that is the one stamped.
    on_first_frame(app, _home_with_data, say("HOME", last=True), nth=2)
    try:
        app.run(headless=True, size=APP_SIZE)
    finally:
        if app.opened_store is not None:
            app.opened_store.close()
    if app.open_error is not None:
        raise app.open_error


def _is_home(screen: Any) -> bool:
    return type(screen).__name__ == "HomeScreen"


def _home_with_data(screen: Any) -> bool:
    return _is_home(screen) and getattr(screen, "data", None) is not None


def on_first_frame(
    app: Any, wanted: Callable[[Any], bool], then: Callable[[Any], None], *, nth: int = 1
) -> None:
    """Call ``then(app)`` once, when the ``nth`` frame of a ``wanted`` screen is rendered.

    Wraps the app's ``_display`` (where Textual hands a rendered screen update to
    the driver); headless, the update is rendered but not written anywhere.
    """
    original = app._display
    seen = 0

    def display(screen: Any, renderable: Any) -> None:
        nonlocal seen
        original(screen, renderable)
        if renderable is not None and seen < nth and wanted(screen):
            seen += 1
            if seen == nth:
                then(app)

    app._display = display


# -- durable saves ----------------------------------------------------------------
def saves(data_dir: Path, count: int) -> None:
    """Time ``count`` durable saves of one interaction (after two warm-ups)."""
    from benchmarks.generate import HEAVY_CONTACT_ID
    from kith.data.store import Store

    store = Store.open(data_dir, clock=bench_clock(), backups=False)
    try:
        for _ in range(2):
            store.interactions.add(new_interaction(HEAVY_CONTACT_ID))
        times = []
        floor = []
        # The floor, interleaved: a 300-byte append + fdatasync to a file in the same
        # folder (what a save cannot beat on this disk, at this moment).
        fd = os.open(data_dir / "floor.bin", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            for _ in range(count):
                item = new_interaction(HEAVY_CONTACT_ID)
                started = time.perf_counter()
                store.interactions.add(item)
                times.append(time.perf_counter() - started)
                started = time.perf_counter()
                os.write(fd, b"x" * 299 + b"\n")
                os.fdatasync(fd)
                floor.append(time.perf_counter() - started)
        finally:
            os.close(fd)
    finally:
        store.close()
    emit({"save_ms": [t * 1000 for t in times], "floor_ms": [t * 1000 for t in floor]})


# -- pure computations ------------------------------------------------------------
def _timed(function: Callable[[], object], repeat: int) -> list[float]:
    function()  # warm-up (imports, caches of content files)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return times


def _or_na(measure: Callable[[], list[float]]) -> list[float] | dict[str, str]:
    try:
        return measure()
    except NotBuilt as missing:
        return {"na": str(missing) or NOT_BUILT}


def compute(data_dir: Path, repeat: int) -> None:
    """Home, Insights for 52 weeks and a busy contact's timeline, as pure functions."""
    from kith.data.store import Store

    store = Store.open(data_dir, clock=bench_clock(), readonly=True)
    clock = store.clock
    from benchmarks import targets

    emit(
        {
            "home_ms": _or_na(lambda: _timed(targets.home(store, clock), repeat)),
            "insights_ms": _or_na(lambda: _timed(targets.insights(store, clock), repeat)),
            "index_ms": _or_na(lambda: _timed(targets.interaction_index(store, clock), repeat)),
            "contact_data_ms": _or_na(lambda: _timed(targets.contact_data(store, clock), repeat)),
        }
    )


# -- the app, driven by Pilot -----------------------------------------------------
def ui(data_dir: Path, repeat: int) -> None:
    """Key presses in the real app: a save, a filter keystroke, opening a contact."""
    from benchmarks import targets
    from kith.data.store import Store

    monitor = LoopMonitor()
    monitor.install()
    store = Store.open(data_dir, clock=bench_clock(), backups=False)
    results: dict[str, Any] = {}

    async def run() -> None:
        app = targets.bench_app(store)
        async with app.run_test(size=APP_SIZE) as pilot:
            await pilot.pause()
            for name, measure in (
                ("keypress_save", targets.keypress_save),
                ("filter", targets.filter_keystroke),
                ("open_contact", targets.open_contact),
            ):
                try:
                    results[name] = await measure(app, pilot, monitor, repeat)
                except NotBuilt as missing:
                    results[name] = {"na": str(missing) or NOT_BUILT}
                await app.switch_mode("home")
                await pilot.pause()

    try:
        asyncio.run(run())
    finally:
        store.close()
    results["full_collections_ms"] = [round(c * 1000, 1) for c in monitor.collections]
    emit(results)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.probe")
    parser.add_argument("mode", choices=("startup", "save", "compute", "ui"))
    parser.add_argument("--app", choices=("bare", "kith"), default="kith")
    parser.add_argument("--data", type=Path)
    parser.add_argument("--memory", action="store_true")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    if args.mode == "startup":
        startup(args.app, args.data, args.memory)
    elif args.mode == "save":
        saves(args.data, args.repeat)
    elif args.mode == "compute":
        compute(args.data, args.repeat)
    else:
        os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
        ui(args.data, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
