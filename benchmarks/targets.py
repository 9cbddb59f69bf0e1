"""What each measurement times, in one place: the sections' own code.

Every function raises ``NotBuilt`` when the code it needs is not there (yet),
so the harness prints "n/a: not built yet" instead of failing. Measurements
follow what the screens do: if a screen changes how it computes, change the
matching function here.
"""

from __future__ import annotations

import importlib
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from benchmarks.common import LoopMonitor, NotBuilt, new_interaction
from benchmarks.generate import HEAVY_CONTACT_ID, HEAVY_CONTACT_NAME


def need(module: str, *names: str) -> ModuleType:
    """Import ``module`` and check it has ``names``, else NotBuilt."""
    try:
        found = importlib.import_module(module)
    except ImportError as error:
        raise NotBuilt(f"not built yet ({module})") from error
    missing = [name for name in names if not hasattr(found, name)]
    if missing:
        raise NotBuilt(f"not built yet ({module}.{missing[0]})")
    return found


# -- pure computations ----------------------------------------------------------------
def home(store: Any, clock: Any) -> Callable[[], object]:
    """Everything Home computes from the store (HomeScreen.refresh_data)."""
    module = need("kith.data.home", "build_home")
    from kith.data.clock import today

    def compute() -> object:
        settings = store.settings.get()
        return module.build_home(
            contacts=store.contacts.list(),
            interactions=store.interactions.list(),
            checkins=store.checkins.list(),
            plan_items=store.plan.list(),
            checkin_rhythm_days=settings.checkin_rhythm_days,
            insights_weeks=settings.insights_weeks,
            today=today(clock),
            tz=clock.tz,
            index=store.interactions.index(),
        )

    return compute


def interaction_index(store: Any, clock: Any) -> Callable[[], object]:
    """Building the store's index of interactions from scratch (once after opening,
    and after an interaction is edited or deleted; an added one updates it in place)."""
    module = need("kith.data.interaction_index", "InteractionIndex")

    def compute() -> object:
        repository = store.interactions
        doc_ids = repository._doc_ids
        return module.InteractionIndex((item, doc_ids[item.id]) for item in repository.list())

    return compute


def insights(store: Any, clock: Any) -> Callable[[], object]:
    """What the Insights screen computes for 52 weeks (InsightsScreen.refresh_data)."""
    module = need(
        "kith.data.insights",
        "weekly_series",
        "in_window",
        "connection_link",
        "by_mode",
        "by_circle",
        "by_strategy",
        "week_starts",
    )
    from kith.data.clock import today

    def compute() -> object:
        weeks = 52
        day = today(clock)
        tz = clock.tz
        index = store.interactions.index()
        interactions = index.since(module.week_starts(day, weeks)[0])
        checkins = store.checkins.list()
        plan_items = store.plan.list()
        contacts = store.contacts.list()
        series = module.weekly_series(
            interactions, checkins, plan_items, today=day, tz=tz, weeks=weeks
        )
        window = module.in_window(interactions, day, weeks)
        link = module.connection_link(
            interactions, checkins, today=day, tz=tz, weeks=weeks, first_logged=index.first_date()
        )
        return (
            series,
            link,
            module.by_mode(window),
            module.by_circle(window, contacts),
            module.by_strategy(interactions, plan_items, today=day, tz=tz, weeks=weeks),
        )

    return compute


def contact_data(store: Any, clock: Any) -> Callable[[], object]:
    """A busy contact's timeline and counts (the data behind the contact screen)."""
    module = need("kith.data.people", "timeline", "contact_stats")
    from kith.data.clock import today

    def compute() -> object:
        items = module.timeline(HEAVY_CONTACT_ID, store.interactions.list())
        return module.contact_stats(items, today(clock))

    return compute


# -- the app ---------------------------------------------------------------------------
def bench_app(store: Any) -> Any:
    """KithApp with one extra key, f12, that saves an interaction like a form's ctrl+s.

    ``app.saves`` gets the time of each whole ``add`` (validation, the durable
    write and the screens refreshing, as the store tells them synchronously),
    ``app.writes`` the time of the durable write alone.
    """
    from textual.binding import Binding

    import kith.app.app as app_module
    from kith.app.app import KithApp

    class BenchApp(KithApp):
        CSS_PATH = str(Path(app_module.__file__).with_name("app.tcss"))
        BINDINGS = [
            *KithApp.BINDINGS,
            Binding("f12", "bench_save", "Save (benchmark)", show=False, priority=True),
        ]
        saves: list[float]
        writes: list[float]

        def action_bench_save(self) -> None:
            started = time.perf_counter()
            self.store.interactions.add(new_interaction(HEAVY_CONTACT_ID))
            self.saves.append(time.perf_counter() - started)

    app = BenchApp(store, show_welcome=False, cursor_blink=False)
    app.saves = []
    app.writes = []
    storage = store._storage
    write = storage._append  # the journal append: the durable write of a save

    def timed_write(ops: Any) -> None:
        started = time.perf_counter()
        write(ops)
        app.writes.append(time.perf_counter() - started)

    storage._append = timed_write
    return app


def _ms(values: list[float]) -> list[float]:
    return [value * 1000 for value in values]


async def keypress_save(app: Any, pilot: Any, monitor: LoopMonitor, repeat: int) -> Any:
    """The longest the UI thread is blocked when a key press saves an interaction.

    On Home and on People (both show data that a new interaction changes), the
    key f12 saves as a form's ctrl+s would; the figure is the longest single
    step of the event loop from the key press until the app is idle again, which
    includes the durable save and the screens refreshing after it.
    """
    blocked: list[float] = []
    sections: dict[str, Any] = {}
    for section in ("home", "people"):
        await app.switch_mode(section)
        await pilot.pause()
        here: list[float] = []
        app.saves.clear()
        app.writes.clear()
        for _ in range(repeat):
            with monitor.record() as steps:
                await pilot.press("f12")
                await pilot.pause()
            here.append(max(steps))
        blocked += here
        sections[section] = {
            "blocked": _stats_ms(here),
            "add_with_refresh": _stats_ms(app.saves),
            "durable_write": _stats_ms(app.writes),
        }
    return {**_stats_ms(blocked), "by_section": sections}


def _stats_ms(values: list[float]) -> dict[str, Any]:
    ms = _ms(values)
    ordered = sorted(ms)
    return {
        "median": statistics.median(ms),
        "p95": ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))],
        "min": min(ms),
        "max": max(ms),
        "n": len(ms),
    }


async def _people_filter(app: Any, pilot: Any) -> Any:
    """Open People and its filter; return the focused filter Input."""
    from textual.widgets import DataTable, Input

    await app.switch_mode("people")
    await pilot.pause()
    if not app.screen.query(DataTable):
        raise NotBuilt("not built yet (People list)")
    await pilot.press("slash")
    focused = app.focused
    if not isinstance(focused, Input):
        raise NotBuilt("not built yet (People filter on /)")
    return focused


def time_messages(node: Any, kind: type, into: list[float]) -> Callable[[], None]:
    """Time how long ``node`` spends handling each message of ``kind``; returns an undo.

    Wraps the node's ``_dispatch_message`` (where a message pump runs the
    handlers for one message), so the People screen's own reaction to a filter
    keystroke is timed without knowing its method names.
    """
    original = node._dispatch_message

    async def timed(message: Any) -> Any:
        if not isinstance(message, kind):
            return await original(message)
        started = time.perf_counter()
        try:
            return await original(message)
        finally:
            into.append(time.perf_counter() - started)

    node._dispatch_message = timed

    def undo() -> None:
        del node._dispatch_message

    return undo


async def filter_keystroke(app: Any, pilot: Any, monitor: LoopMonitor, repeat: int) -> Any:
    """One keystroke in the People filter, on the real screen.

    Types "a", "n" (narrowing the list), then two backspaces (widening it back
    to everyone, the most rows); each keystroke is one sample. The figure is the
    filter work: the time the People screen spends handling the filter's
    ``Input.Changed`` (filtering and replacing the table's rows). Beside it: the
    longest event-loop step and the total UI time per keystroke, which add
    Textual's own work (the key event, drawing the frame).
    """
    from textual.widgets import DataTable, Input

    field = await _people_filter(app, pilot)
    screen = app.screen
    table = screen.query(DataTable).first()
    work: list[float] = []
    longest: list[float] = []
    total: list[float] = []
    rows: list[int] = []
    undo = time_messages(screen, Input.Changed, work)
    try:
        for _ in range(repeat):
            for key in ("a", "n", "backspace", "backspace"):
                with monitor.record() as steps:
                    await pilot.press(key)
                    await pilot.pause()
                longest.append(max(steps))
                total.append(sum(steps))
                rows.append(table.row_count)
    finally:
        undo()
    if field.value:
        raise RuntimeError(f"the filter did not clear: {field.value!r}")
    if len(work) != len(longest):
        raise RuntimeError(f"{len(work)} filter changes for {len(longest)} keystrokes")
    await pilot.press("escape")
    return {
        **_stats_ms(work),
        "longest_step": _stats_ms(longest),
        "total_ui": _stats_ms(total),
        "rows": max(rows),
    }


async def open_contact(app: Any, pilot: Any, monitor: LoopMonitor, repeat: int) -> Any:
    """Enter on a contact with 500 interactions: UI time until the detail is shown.

    The figure is the event loop's busy time from the key press until the app
    is idle with the contact's screen showing. Beside it, for scale, the same
    for pushing a plain screen (Header, one line, Footer) in the same app.
    """
    from textual.widgets import DataTable

    opened: list[float] = []
    longest: list[float] = []
    plain: list[float] = []
    tables: list[float] = []
    for _ in range(repeat):
        field = await _people_filter(app, pilot)
        field.value = HEAVY_CONTACT_NAME
        await pilot.pause()
        table = app.screen.query(DataTable).first()
        if table.row_count != 1:
            raise RuntimeError(f"filtering by {HEAVY_CONTACT_NAME} left {table.row_count} rows")
        before = app.screen
        table.focus()
        await pilot.pause()
        with monitor.record() as steps:
            await pilot.press("enter")
            await pilot.pause()
        if app.screen is before:
            raise NotBuilt("not built yet (contact detail on enter)")
        opened.append(sum(steps))
        longest.append(max(steps))
        await pilot.press("escape")
        await pilot.pause()
        with monitor.record() as steps:
            await app.push_screen(plain_screen())
            await pilot.pause()
        plain.append(sum(steps))
        app.pop_screen()
        await pilot.pause()
        with monitor.record() as steps:
            await app.push_screen(table_screen())
            await pilot.pause()
        tables.append(sum(steps))
        app.pop_screen()
        await pilot.pause()
    return {
        **_stats_ms(opened),
        "longest_step": _stats_ms(longest),
        "plain_screen": _stats_ms(plain),
        "table_screen": _stats_ms(tables),
    }


def plain_screen() -> Any:
    from textual.app import ComposeResult
    from textual.screen import Screen
    from textual.widgets import Footer, Header, Label

    class Plain(Screen[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Label("A plain screen, for scale.")
            yield Footer()

    return Plain()


def table_screen(rows: int = 500) -> Any:
    """A plain screen with a 500-row DataTable (date, mode, note): the issue's yardstick
    for a person's page with 500 interactions."""
    from textual.app import ComposeResult
    from textual.screen import Screen
    from textual.widgets import DataTable, Footer, Header

    class Table(Screen[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield DataTable(id="plain-table")
            yield Footer()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("Date", "How", "Note")
            table.add_rows(
                (f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}", "Call", f"A talk, number {n}")
                for n in range(rows)
            )

    return Table()
