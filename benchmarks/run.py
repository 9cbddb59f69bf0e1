"""Kith's benchmarks: one command, a table and a JSON file.

    python -m benchmarks.run [--sizes small,ten_years,stress] [--repeat N] [--json PATH]

For each size a store is generated (``benchmarks.generate``, seeded), then every
measurement runs on a fresh copy of it, in fresh processes
(``benchmarks.probe``). Start-up is timed from outside: from starting the
process to the moment the child reports its first rendered frame. Figures are
the median over the runs with their spread (min-max, and p95 for saves);
"growth" is stress over small with the exponent of the data size it implies
(1.0 is linear).

Benchmarks are not tests: they print figures. Targets come from issue 9.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.generate import SIZES, generate

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
NA = {"na": "not built yet"}


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    unit: str
    # (size, limit) pairs the figure must stay at or under (issue 9).
    targets: tuple[tuple[str, float], ...] = ()
    # Which statistic the row shows and the targets judge.
    stat: str = "median"


EVERY_SIZE = ("small", "ten_years", "stress")

FIGURES: tuple[Figure, ...] = (
    Figure("startup_bare", "start-up, bare Textual app", "ms"),
    Figure("startup_empty", "start-up, Kith with an empty store (Home with data)", "ms"),
    Figure("startup_kith", "start-up to first frame (loading)", "ms"),
    Figure("startup_ratio", "start-up ratio, first frame / bare", "x", (("ten_years", 1.25),)),
    Figure("startup_home", "start-up to Home with its data", "ms"),
    Figure(
        "startup_home_ratio",
        "start-up ratio, Home with its data / bare",
        "x",
        (("ten_years", 2.0), ("stress", 3.0)),
    ),
    Figure("startup_cpu_ratio", "start-up ratio, CPU time (to Home with data)", "x"),
    Figure("save", "durable save, median", "ms", tuple((size, 3.0) for size in EVERY_SIZE)),
    Figure("save_p95", "durable save, p95", "ms", stat="p95"),
    Figure("save_floor", "300-byte append + fdatasync, same disk, interleaved", "ms"),
    Figure(
        "keypress_save",
        "key press blocked by a save",
        "ms",
        (("ten_years", 50), ("stress", 30)),
        "max",
    ),
    Figure("filter", "filter keystroke: filter work", "ms", (("ten_years", 16), ("stress", 33))),
    Figure("filter_total", "filter keystroke: all UI work", "ms"),
    Figure("open_contact", "open a contact (500 interactions)", "ms"),
    Figure("open_plain", "push a plain screen (same app, for scale)", "ms"),
    Figure(
        "open_contact_ratio",
        "open a contact / plain 500-row DataTable screen",
        "x",
        (("ten_years", 1.3),),
    ),
    Figure("open_table", "push a plain 500-row DataTable screen", "ms"),
    Figure("home", "compute Home", "ms"),
    Figure("insights", "compute Insights, 52 weeks", "ms"),
    Figure("index", "build the interactions index (once)", "ms"),
    Figure("status", "`kith status` end to end", "ms"),
    Figure("log", "`kith log NAME` end to end", "ms"),
    Figure("jrnl", '`jrnl "text"` end to end (as many entries)', "ms"),
    Figure("log_ratio", "`kith log` / `jrnl`", "x", (("ten_years", 1.0), ("stress", 1.0))),
    Figure("python_pass", "`python -c pass`", "ms"),
    Figure("rss", "peak RSS, every section opened", "MB", (("ten_years", 100),), "max"),
    # benchmarks/encryption.py (issue 16): real Argon2id parameters.
    Figure("enc_unlock_open", "encrypted: unlock + open (key derivation, decrypt, load)", "ms"),
    Figure("enc_open_plain", "plain open, same run (for the row above)", "ms"),
    Figure("enc_unlock_ratio", "encrypted unlock + open / plain open", "x"),
    Figure("enc_save", "encrypted: durable save, median", "ms", (("ten_years", 3.0),)),
    Figure("enc_save_plain", "plain durable save, same run", "ms"),
    # benchmarks/sync.py (issue 17): two machines, a folder between them.
    Figure("sync_merge", "sync: merge 1,000 new versions", "ms", (("ten_years", 1000),)),
    Figure(
        "sync_save", "sync on: durable save (journal + change log)", "ms", (("ten_years", 3.0),)
    ),
    Figure("sync_save_plain", "sync off: the same save, same run", "ms"),
    Figure("sync_poll", "sync: poll when nothing changed", "ms"),
    # benchmarks/people_search.py (issue 18): notes searched too.
    Figure("search_texts", "people search: build search texts with notes (once)", "ms"),
    Figure(
        "search_keystroke",
        "people search: filter keystroke, notes searched",
        "ms",
        (("ten_years", 16),),
    ),
    Figure("search_pilot", "people search: key press in the app (Pilot, headless)", "ms"),
    # benchmarks/merge_people.py (issue 18).
    Figure("merge_preview", "merge two people: preview", "ms"),
    Figure("merge_people", "merge two people: merge, saved", "ms"),
    Figure("merge_undo", "merge two people: undo", "ms"),
    # benchmarks/reminders.py (issue 20): fresh processes, interleaved with each other.
    Figure("remind", "`kith remind --again` end to end", "ms"),
    Figure("calendar", "`kith calendar --reach-out` end to end", "ms"),
    Figure("feed_snapshot", "calendar feed after a save: snapshot (UI thread)", "ms"),
    Figure("feed_write", "calendar feed after a save: build + write (thread)", "ms"),
)
FIGURE = {figure.key: figure for figure in FIGURES}


# -- statistics ---------------------------------------------------------------------
def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = (len(ordered) - 1) * q
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def stats(values: list[float]) -> dict[str, Any]:
    return {
        "median": statistics.median(values),
        "p95": percentile(values, 0.95),
        "min": min(values),
        "max": max(values),
        "n": len(values),
    }


# -- processes ------------------------------------------------------------------------
def probe(*args: str, timeout: float = 600) -> dict[str, Any]:
    """Run ``python -m benchmarks.probe ARGS`` and return its JSON line."""
    done = subprocess.run(
        [PYTHON, "-m", "benchmarks.probe", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(
            f"probe {' '.join(args)} failed ({done.returncode}):\n{done.stderr[-3000:]}"
        )
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_startup(
    app: str, data_dir: Path | None, *, memory: bool = False
) -> tuple[float, float, Any, float]:
    """Seconds from spawning the process to its first rendered frame (READY), the
    CPU seconds the process used in all (it exits right after Home is drawn), what
    it reported after (``memory``), and, for Kith, seconds to Home drawn with its
    data (HOME; the same as READY for the bare app)."""
    command = [PYTHON, "-m", "benchmarks.probe", "startup", "--app", app]
    if data_dir is not None:
        command += ["--data", str(data_dir)]
    if memory:
        command.append("--memory")
    cpu = children_cpu()
    started = time.perf_counter()
    child = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    elapsed = time.perf_counter() - started
    home = elapsed
    if app == "kith" and line.strip() == "READY":
        second = child.stdout.readline()
        home = time.perf_counter() - started
        if second.strip() != "HOME":
            line += second
    rest, errors = child.communicate(timeout=600)
    cpu = children_cpu() - cpu
    if line.strip() != "READY" or child.returncode != 0:
        raise RuntimeError(f"start-up probe ({app}) failed:\n{line}{rest}\n{errors[-3000:]}")
    extra = json.loads(rest.strip().splitlines()[-1]) if memory else None
    return elapsed, cpu, extra, home


def time_command(command: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr}")
    return elapsed


def kith_command() -> list[str]:
    script = Path(PYTHON).with_name("kith")
    return [str(script)] if script.exists() else [PYTHON, "-m", "kith.app.main"]


def status_exists() -> bool:
    """Whether ``kith status`` exists (its --help exits 0)."""
    done = subprocess.run(
        [*kith_command(), "status", "--help"], cwd=ROOT, capture_output=True, check=False
    )
    return done.returncode == 0


# -- stores -----------------------------------------------------------------------------
class Stores:
    """One generated store per size, and fresh copies of it for each measurement."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.originals: dict[str, Path] = {}
        self.generated_s: dict[str, float] = {}
        self.warm = False
        self._copies = 0

    def original(self, size: str) -> Path:
        if size not in self.originals:
            folder = self.workdir / f"original-{size}"
            started = time.perf_counter()
            generate(size, folder)
            self.generated_s[size] = time.perf_counter() - started
            (folder / "kith.lock").unlink(missing_ok=True)
            self.originals[size] = folder
        return self.originals[size]

    @contextmanager
    def empty(self) -> Iterator[Path]:
        """A data folder with a new, empty store (the welcome already seen)."""
        self._copies += 1
        folder = self.workdir / f"empty-{self._copies}"
        from kith.data.models import Settings
        from kith.data.store import Store

        with Store.open(folder, backups=False) as store:
            store.settings.save(Settings(welcome_seen=True))
        (folder / "kith.lock").unlink(missing_ok=True)
        try:
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    @contextmanager
    def copy(self, size: str) -> Iterator[Path]:
        self._copies += 1
        folder = self.workdir / f"copy-{self._copies}-{size}"
        folder.mkdir(mode=0o700)
        shutil.copy2(self.original(size) / "kith.json", folder / "kith.json")
        try:
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)


# -- the measurements -------------------------------------------------------------------------
Results = dict[str, dict[str, Any]]


def say(message: str) -> None:
    print(f"  {message}", file=sys.stderr, flush=True)


def measure_startup(stores: Stores, size: str, repeat: int, results: Results) -> None:
    """(1) start-up to the first Home frame vs a bare Textual app, (7) peak RSS."""
    with stores.copy(size) as folder, stores.empty() as empty:
        # Warm-up: compiled bytecode, the page cache and the day's backup.
        if not stores.warm:
            time_startup("bare", None)
            stores.warm = True
        time_startup("kith", folder)
        bare: list[float] = []
        kith: list[float] = []
        home: list[float] = []
        nothing: list[float] = []
        bare_cpu: list[float] = []
        kith_cpu: list[float] = []
        for _ in range(repeat):
            wall, cpu, _, _ = time_startup("bare", None)
            bare.append(wall * 1000)
            bare_cpu.append(cpu * 1000)
            wall, cpu, _, with_data = time_startup("kith", folder)
            kith.append(wall * 1000)
            home.append(with_data * 1000)
            kith_cpu.append(cpu * 1000)
            nothing.append(time_startup("kith", empty)[3] * 1000)
        memory = [time_startup("kith", folder, memory=True)[2] for _ in range(min(repeat, 3))]
    results["startup_bare"][size] = {**stats(bare), "cpu": stats(bare_cpu)}
    results["startup_kith"][size] = {**stats(kith), "cpu": stats(kith_cpu)}
    results["startup_home"][size] = stats(home)
    results["startup_empty"][size] = stats(nothing)
    results["startup_ratio"][size] = ratio(kith, bare)
    results["startup_home_ratio"][size] = ratio(home, bare)
    results["startup_cpu_ratio"][size] = ratio(kith_cpu, bare_cpu)
    results["rss"][size] = {
        **stats([m["rss_mb"] for m in memory]),
        "current": stats([m["current_mb"] for m in memory]),
    }
    say(
        f"start-up {size}: bare {statistics.median(bare):.0f} ms, Kith "
        f"{statistics.median(kith):.0f} ms, ratio {results['startup_ratio'][size]['median']:.2f}, "
        f"Home with data {statistics.median(home):.0f} ms "
        f"(CPU {results['startup_cpu_ratio'][size]['median']:.2f}); "
        f"peak RSS {results['rss'][size]['max']:.0f} MB"
    )


def ratio(top: list[float], bottom: list[float]) -> dict[str, Any]:
    """The ratio of the medians, with the widest spread the runs allow."""
    return {
        "median": statistics.median(top) / statistics.median(bottom),
        "min": min(top) / max(bottom),
        "max": max(top) / min(bottom),
        "n": len(top),
    }


def measure_saves(stores: Stores, size: str, repeat: int, results: Results) -> None:
    """(2) a durable save of one interaction."""
    with stores.copy(size) as folder:
        samples = probe("save", "--data", str(folder), "--repeat", str(max(10, 10 * repeat)))
    times = samples["save_ms"]
    results["save"][size] = stats(times)
    results["save_p95"][size] = stats(times)
    floor = samples.get("floor_ms") or []
    if floor:
        results["save_floor"][size] = stats(floor)
    say(
        f"save {size}: median {statistics.median(times):.1f} ms, "
        f"p95 {percentile(times, 0.95):.1f} ms"
        + (f"; 300-byte append + fdatasync {statistics.median(floor):.2f} ms" if floor else "")
    )


def _fill(results: Results, key: str, size: str, value: Any) -> None:
    if isinstance(value, dict):
        results[key][size] = value
    elif isinstance(value, list) and value:
        results[key][size] = stats(value)
    else:
        results[key][size] = dict(NA)


def measure_compute(stores: Stores, size: str, repeat: int, results: Results) -> None:
    """(5) Home, Insights for 52 weeks, as the sections compute them."""
    with stores.copy(size) as folder:
        found = probe("compute", "--data", str(folder), "--repeat", str(repeat))
    _fill(results, "home", size, found["home_ms"])
    _fill(results, "insights", size, found["insights_ms"])
    _fill(results, "index", size, found.get("index_ms"))
    say(
        f"compute {size}: {_brief(results['home'][size])} home, "
        f"{_brief(results['insights'][size])} insights, "
        f"{_brief(results['index'][size])} index"
    )


def measure_ui(stores: Stores, size: str, repeat: int, results: Results) -> None:
    """(3) key press blocked by a save, (4) filter keystroke, (5) opening a contact."""
    with stores.copy(size) as folder:
        found = probe("ui", "--data", str(folder), "--repeat", str(repeat))
    _fill(results, "keypress_save", size, found["keypress_save"])
    if "na" not in results["keypress_save"][size]:
        # Full garbage collections during the whole Pilot session, for reading outliers.
        results["keypress_save"][size]["full_collections_ms"] = found.get("full_collections_ms")
    _fill(results, "filter", size, found["filter"])
    _fill(results, "filter_total", size, found["filter"].get("total_ui", NA))
    _fill(results, "open_contact", size, found["open_contact"])
    contact = found["open_contact"]
    if isinstance(contact, dict) and "na" not in contact:
        _fill(results, "open_plain", size, contact.get("plain_screen", NA))
        table = contact.get("table_screen")
        _fill(results, "open_table", size, table if table else NA)
        if table:
            results["open_contact_ratio"][size] = {
                "median": contact["median"] / table["median"],
                "min": contact["min"] / table["max"],
                "max": contact["max"] / table["min"],
                "n": contact["n"],
            }
    say(
        f"ui {size}: key press blocked {_brief(results['keypress_save'][size], 'max')}, "
        f"filter work {_brief(results['filter'][size])} "
        f"(all UI {_brief(results['filter_total'][size])}), "
        f"open contact {_brief(results['open_contact'][size])}"
    )


def measure_status(stores: Stores, size: str, repeat: int, results: Results) -> None:
    """(6) ``kith status`` end to end against ``python -c pass``."""
    if not status_exists():
        results["status"][size] = dict(NA)
        results["python_pass"][size] = dict(NA)
        say(f"status {size}: n/a: not built yet")
        return
    with stores.copy(size) as folder:
        command = [*kith_command(), "--data-dir", str(folder), "status"]
        time_command(command)  # warm-up (and the day's backup, if status makes one)
        status: list[float] = []
        bare: list[float] = []
        for _ in range(repeat):
            bare.append(time_command([PYTHON, "-c", "pass"]) * 1000)
            status.append(time_command(command) * 1000)
    results["status"][size] = stats(status)
    results["python_pass"][size] = stats(bare)
    say(
        f"status {size}: {statistics.median(status):.0f} ms "
        f"(python -c pass {statistics.median(bare):.0f} ms)"
    )


def jrnl_command() -> list[str] | None:
    """``jrnl`` if it is installed (an optional peer: ``pip install jrnl``)."""
    script = Path(PYTHON).with_name("jrnl")
    if script.exists():
        return [str(script)]
    found = shutil.which("jrnl")
    return [found] if found else None


def jrnl_journal(folder: Path, entries: int) -> list[str]:
    """A plain-text jrnl journal of ``entries`` entries and a config naming it; returns
    the arguments that make ``jrnl`` use it."""
    folder.mkdir(parents=True, exist_ok=True)
    journal = folder / "journal.txt"
    with journal.open("w") as out:
        for number in range(entries):
            day = 1 + number % 28
            month = 1 + (number // 28) % 12
            year = 2016 + number // (28 * 12) % 10
            out.write(
                f"[{year}-{month:02d}-{day:02d} 09:00:00 AM] Coffee with friend {number}.\n"
                "We talked about the week and made plans for the weekend.\n\n"
            )
    config = folder / "jrnl.yaml"
    config.write_text(
        "colors: {body: none, date: none, tags: none, title: none}\n"
        "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\n"
        "highlight: false\nindent_character: '|'\n"
        f"journals: {{default: {{journal: '{journal}'}}}}\n"
        "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\ntimeformat: '%F %r'\n"
        "version: v4.6\n"
    )
    return ["--config-file", str(config)]


def measure_log(stores: Stores, size: str, repeat: int, results: Results) -> None:
    """``kith log NAME`` end to end against ``jrnl "text"`` on a journal of as many
    entries as the store has interactions (jrnl: optional, skipped with a note)."""
    from benchmarks.generate import HEAVY_CONTACT_NAME

    jrnl = jrnl_command()
    with stores.copy(size) as folder:
        command = [*kith_command(), "--data-dir", str(folder), "log", HEAVY_CONTACT_NAME]
        peer = None
        if jrnl is not None:
            peer = [*jrnl, *jrnl_journal(folder / "jrnl", SIZES[size].interactions)]
            time_command([*peer, "A warm-up entry."])
        time_command([*command, "--mode", "call"])  # warm-up (and the day's backup)
        log: list[float] = []
        other: list[float] = []
        for _ in range(repeat):
            log.append(time_command([*command, "--mode", "call"]) * 1000)
            if peer is not None:
                other.append(time_command([*peer, "Coffee with a friend."]) * 1000)
    results["log"][size] = stats(log)
    if peer is None:
        results["jrnl"][size] = {"na": "jrnl is not installed (pip install jrnl)"}
        results["log_ratio"][size] = {"na": "jrnl is not installed"}
        say(f"log {size}: {statistics.median(log):.0f} ms (jrnl not installed: skipped)")
        return
    results["jrnl"][size] = stats(other)
    results["log_ratio"][size] = ratio(log, other)
    say(
        f"log {size}: {statistics.median(log):.0f} ms, jrnl {statistics.median(other):.0f} ms, "
        f"ratio {results['log_ratio'][size]['median']:.2f}"
    )


# -- the standalone benchmarks (issues 16, 17, 18, 20), each in a fresh process ----------------
def run_script(stores: Stores, module: str, *args: str) -> list[dict[str, Any]]:
    """``python -m benchmarks.MODULE ARGS`` with this run's generated stores to copy
    from; returns the JSON lines it printed."""
    from benchmarks.generate import ORIGINALS_ENV

    done = subprocess.run(
        [PYTHON, "-m", f"benchmarks.{module}", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
        env={**os.environ, ORIGINALS_ENV: str(stores.workdir)},
    )
    if done.returncode != 0:
        raise RuntimeError(
            f"benchmarks.{module} {' '.join(args)} failed ({done.returncode}):\n"
            f"{done.stderr[-3000:]}"
        )
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def measure_encryption(stores: Stores, size: str, repeat: int, results: Results) -> None:
    """Unlock (Argon2id + decrypt) and open, and a durable save, encrypted vs plain."""
    out = stores.workdir / f"encryption-{size}.json"
    stores.original(size)
    run_script(
        stores, "encryption", "--sizes", size, "--repeat", str(max(3, repeat)), "--json", str(out)
    )
    data = json.loads(out.read_text())[size]
    plain, sealed = data["plain"], data["encrypted"]
    both = sealed["unlock + open"]["samples_ms"]
    results["enc_unlock_open"][size] = stats(both)
    results["enc_open_plain"][size] = stats(plain["open"]["samples_ms"])
    results["enc_unlock_ratio"][size] = ratio(both, plain["open"]["samples_ms"])
    results["enc_save"][size] = stats(sealed["durable save"]["samples_ms"])
    results["enc_save_plain"][size] = stats(plain["durable save"]["samples_ms"])
    say(
        f"encryption {size}: unlock + open {_brief(results['enc_unlock_open'][size])} "
        f"(plain open {_brief(results['enc_open_plain'][size])}), "
        f"save {_brief(results['enc_save'][size])} "
        f"(plain {_brief(results['enc_save_plain'][size])})"
    )


def measure_sync(stores: Stores, size: str, repeat: int, results: Results) -> None:
    """A merge of 1,000 new versions; the save with sync on and off; the idle poll."""
    out = stores.workdir / f"sync-{size}.json"
    run_script(stores, "sync", "--size", size, "--rounds", str(max(3, repeat)), "--json", str(out))
    data = json.loads(out.read_text())
    for key, name in (
        ("sync_merge", "merge_1000_ms"),
        ("sync_save", "save_synced_ms"),
        ("sync_save_plain", "save_plain_ms"),
        ("sync_poll", "poll_ms"),
    ):
        results[key][size] = stats(data[name]["samples"])
    say(
        f"sync {size}: merge of 1,000 {_brief(results['sync_merge'][size])}, "
        f"save {_brief(results['sync_save'][size])} "
        f"(sync off {_brief(results['sync_save_plain'][size])})"
    )


def measure_people(stores: Stores, size: str, repeat: int, results: Results) -> None:
    """People's filter with notes searched, and merging two people (issue 18), on data of
    the size's counts (the scripts make their own, seeded)."""
    rows = {row["row"]: row for row in run_script(stores, "people_search", "--size", size)}
    results["search_texts"][size] = stats([rows["search_texts"]["ms"]])
    results["search_keystroke"][size] = stats(rows["filter_keystroke"]["samples_ms"])
    results["search_pilot"][size] = stats(rows["pilot_keystroke"]["samples_ms"])
    merged = {
        row["row"]: row
        for row in run_script(
            stores, "merge_people", "--size", size, "--rounds", str(max(5, repeat))
        )
    }
    for key, name in (
        ("merge_preview", "preview"),
        ("merge_people", "merge"),
        ("merge_undo", "undo"),
    ):
        results[key][size] = stats(merged[name]["samples_ms"])
    say(
        f"people {size}: search keystroke {_brief(results['search_keystroke'][size])}, "
        f"merge {_brief(results['merge_people'][size])}"
    )


def measure_reminders(stores: Stores, size: str, repeat: int, results: Results) -> None:
    """``kith remind`` and ``kith calendar`` end to end; the feed kept after a save."""
    out = stores.workdir / f"reminders-{size}.json"
    stores.original(size)
    run_script(stores, "reminders", "--sizes", size, "--repeat", str(repeat), "--json", str(out))
    data = json.loads(out.read_text())[size]

    def entry(row: dict[str, float]) -> dict[str, Any]:
        return {**{k: row[k] for k in ("median", "p95", "min", "max")}, "n": row["runs"]}

    results["remind"][size] = entry(data["commands"]["kith remind --again"])
    results["calendar"][size] = entry(data["commands"]["kith calendar --reach-out"])
    results["feed_snapshot"][size] = entry(data["feed_after_save"]["snapshot (UI thread)"])
    results["feed_write"][size] = entry(data["feed_after_save"]["build + write (thread)"])
    say(
        f"reminders {size}: remind {_brief(results['remind'][size])}, "
        f"calendar {_brief(results['calendar'][size])}"
    )


MEASUREMENTS: tuple[Callable[[Stores, str, int, Results], None], ...] = (
    measure_startup,
    measure_saves,
    measure_ui,
    measure_compute,
    measure_status,
    measure_log,
    measure_encryption,
    measure_sync,
    measure_people,
    measure_reminders,
)


# -- growth and verdicts ----------------------------------------------------------------------
def value_of(entry: dict[str, Any] | None, stat: str) -> float | None:
    if not entry or "na" in entry:
        return None
    value = entry.get(stat, entry.get("median"))
    return float(value) if value is not None else None


def growth(figure: Figure, by_size: dict[str, Any]) -> dict[str, Any] | None:
    """How the figure grows from the smallest size measured to the largest.

    ``exponents`` are, between each pair of neighbouring sizes, the power of the
    data size the figure grows with (1.0 is linear; fixed costs pull it below).
    The largest step (ten years to stress, 4.7 times the records) is the one
    least blurred by fixed costs: over 1.15 there is counted as super-linear.
    """
    measured = [s for s in SIZES if value_of(by_size.get(s), figure.stat) is not None]
    if len(measured) < 2:
        return None
    values = {size: value_of(by_size[size], figure.stat) or 0.0 for size in measured}
    exponents = []
    for low, high in itertools.pairwise(measured):
        data_ratio = SIZES[high].records / SIZES[low].records
        if values[low] > 0 and values[high] > 0:
            exponents.append(math.log(values[high] / values[low]) / math.log(data_ratio))
        else:
            exponents.append(0.0)
    first, last = measured[0], measured[-1]
    return {
        "from": first,
        "to": last,
        "ratio": values[last] / values[first] if values[first] > 0 else math.inf,
        "data_ratio": SIZES[last].records / SIZES[first].records,
        "exponents": exponents,
        "super_linear": exponents[-1] > 1.15,
    }


def verdict(figure: Figure, by_size: dict[str, Any]) -> str:
    if not figure.targets:
        return ""
    missed = []
    unknown = []
    for size, limit in figure.targets:
        if size not in by_size:
            continue  # that size was not run
        value = value_of(by_size.get(size), figure.stat)
        if value is None:
            unknown.append(size)
        elif value > limit:
            missed.append(size)
    if missed:
        return "MISSED " + ", ".join(missed)
    if unknown:
        return "n/a " + ", ".join(unknown)
    judged = [size for size, _ in figure.targets if size in by_size]
    return "met" if judged else "(size not run)"


# -- output ------------------------------------------------------------------------------------
def _number(value: float, unit: str) -> str:
    if unit == "x":
        return f"{value:.2f}"
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def _brief(entry: dict[str, Any] | None, stat: str = "median") -> str:
    value = value_of(entry, stat)
    return "n/a" if value is None else f"{value:.1f} ms"


def cell(figure: Figure, entry: dict[str, Any] | None) -> str:
    if entry is None:
        return "-"
    if "na" in entry:
        return "n/a"
    value = value_of(entry, figure.stat)
    assert value is not None
    text = _number(value, figure.unit)
    if entry.get("n", 1) > 1 and figure.unit != "x":
        if figure.stat == "median":
            low, high = _number(entry["min"], figure.unit), _number(entry["max"], figure.unit)
            text += f" ({low}-{high})"
        elif figure.stat == "max":
            text += f" (median {_number(entry['median'], figure.unit)})"
    return text


def target_text(figure: Figure) -> str:
    unit = "x" if figure.unit == "x" else f" {figure.unit}"
    return ", ".join(f"<= {limit:g}{unit} @ {size}" for size, limit in figure.targets)


def growth_text(entry: dict[str, Any] | None) -> str:
    if not entry:
        return ""
    powers = "/".join(f"{power:.2f}" for power in entry["exponents"])
    text = f"x{entry['ratio']:.1f} (n^{powers})"
    return text + " SUPER-LINEAR" if entry["super_linear"] else text


def table_rows(report: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    sizes = report["sizes_run"]
    header = ["figure", "unit", *sizes, "growth", "target", "verdict"]
    rows = []
    for figure in FIGURES:
        data = report["figures"][figure.key]
        by_size = data["by_size"]
        if not any(size in by_size for size in sizes):
            continue
        rows.append(
            [
                figure.label,
                figure.unit,
                *[cell(figure, by_size.get(size)) for size in sizes],
                growth_text(data["growth"]),
                target_text(figure),
                data["verdict"],
            ]
        )
    return header, rows


def text_table(report: dict[str, Any]) -> str:
    header, rows = table_rows(report)
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
    return "\n".join(lines)


def markdown_table(report: dict[str, Any]) -> str:
    header, rows = table_rows(report)
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in row) + " |")
    return "\n".join(lines)


def machine() -> dict[str, Any]:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def headline(report: dict[str, Any]) -> str:
    info = report["machine"]
    load = report.get("load_average") or {}
    busy = ""
    if load.get("before") and load.get("after"):
        busy = f"; load average {load['before'][0]:.1f} before, {load['after'][0]:.1f} after"
    return (
        f"Kith benchmarks, {report['date']}: {info['nproc']} CPUs, {info['cpu']}, "
        f"Python {info['python']}; median (min-max) of {report['repeat']} runs{busy}"
    )


def load_average() -> list[float] | None:
    try:
        return [round(value, 2) for value in os.getloadavg()]
    except OSError:
        return None


def run(sizes: list[str], repeat: int, workdir: Path) -> dict[str, Any]:
    results: Results = {figure.key: {} for figure in FIGURES}
    load_before = load_average()
    stores = Stores(workdir)
    for size in sizes:
        spec = SIZES[size]
        say(
            f"{size}: generating {spec.contacts:,} contacts, {spec.interactions:,} interactions, "
            f"{spec.checkins:,} check-ins, {spec.plan_items:,} plan items"
        )
        stores.original(size)
        for measure in MEASUREMENTS:
            measure(stores, size, repeat, results)
    report: dict[str, Any] = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "repeat": repeat,
        "load_average": {"before": load_before, "after": load_average()},
        "sizes_run": sizes,
        "sizes": {
            size: {
                "contacts": SIZES[size].contacts,
                "interactions": SIZES[size].interactions,
                "checkins": SIZES[size].checkins,
                "plan_items": SIZES[size].plan_items,
                "file_mb": (stores.originals[size] / "kith.json").stat().st_size / 1e6,
                "generate_s": stores.generated_s[size],
            }
            for size in sizes
        },
        "figures": {},
    }
    for figure in FIGURES:
        by_size = results[figure.key]
        report["figures"][figure.key] = {
            "label": figure.label,
            "unit": figure.unit,
            "stat": figure.stat,
            "targets": [list(target) for target in figure.targets],
            "by_size": by_size,
            "growth": growth(figure, by_size),
            "verdict": verdict(figure, by_size),
        }
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description="Kith's benchmarks (issue 9)."
    )
    parser.add_argument(
        "--sizes",
        default="small,ten_years,stress",
        help="comma-separated sizes: " + ", ".join(SIZES),
    )
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (default 5)")
    parser.add_argument(
        "--json",
        type=Path,
        default=ROOT / "benchmarks" / "results.json",
        help="where to save the figures (default benchmarks/results.json)",
    )
    parser.add_argument("--markdown", action="store_true", help="also print a Markdown table")
    args = parser.parse_args(argv)
    sizes = [size.strip() for size in args.sizes.split(",") if size.strip()]
    unknown = [size for size in sizes if size not in SIZES]
    if unknown or not sizes:
        parser.error(f"unknown size {', '.join(unknown)}; choose from {', '.join(SIZES)}")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    sizes = [size for size in SIZES if size in sizes]  # smallest first
    workdir = Path(tempfile.mkdtemp(prefix="kith-bench-"))
    try:
        report = run(sizes, args.repeat, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2) + "\n")
    print(headline(report))
    print(text_table(report))
    if args.markdown:
        print()
        print(markdown_table(report))
    print(f"\nSaved {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
