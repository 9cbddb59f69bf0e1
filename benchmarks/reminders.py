"""Benchmark rows for ``kith remind`` and ``kith calendar`` (issue 20), beside
``kith status`` and ``python -c pass``, on a generated store; and the in-app cost of
keeping the calendar feed up to date after a save.

A separate script so it can run without the whole harness:

    python -m benchmarks.reminders                      # ten_years, 7 runs each
    python -m benchmarks.reminders --sizes small,ten_years --repeat 5 --json out.json

Each command runs as a fresh process on a fresh copy of the store (the console
script, as a timer or a shell would start it). ``remind --again`` sends (or prints)
every time; with no notification service it prints, which is what is timed here.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.generate import generate
from benchmarks.run import PYTHON, kith_command, time_command


def stats(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "median": statistics.median(ordered),
        "p95": p95,
        "min": ordered[0],
        "max": ordered[-1],
        "runs": len(ordered),
    }


def timed_commands(folder: Path, out: Path, repeat: int) -> dict[str, dict[str, float]]:
    base = [*kith_command(), "--data-dir", str(folder)]
    commands: dict[str, list[str]] = {
        "python -c pass": [PYTHON, "-c", "pass"],
        "kith status": [*base, "status"],
        "kith remind --again": [*base, "remind", "--again"],
        "kith calendar --reach-out": [
            *base,
            "calendar",
            "--reach-out",
            "--alarm",
            "9:00",
            "--output",
            str(out),
        ],
    }
    for command in commands.values():  # warm-up: the page cache, the first backup
        time_command(command)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):  # interleaved, so a busy moment hits every row alike
        for name, command in commands.items():
            times[name].append(time_command(command) * 1000)
    return {name: stats(values) for name, values in times.items()}


def feed_after_save(folder: Path, out: Path, repeat: int) -> dict[str, dict[str, float]]:
    """In the app: the snapshot taken on the UI thread, then the feed built and written
    (in a thread), as after every save with the feed on."""
    from kith.data.calendar_feed import FeedOptions, build_feed, write_feed
    from kith.data.clock import FixedClock
    from kith.data.reminders import snapshot_from_store
    from kith.data.store import Store

    clock = FixedClock(datetime(2026, 11, 20, 12, tzinfo=UTC))
    rows: dict[str, list[float]] = {"snapshot (UI thread)": [], "build + write (thread)": []}
    with Store.open(folder, clock=clock, backups=False) as store:
        for index in range(repeat + 1):
            started = time.perf_counter()
            snapshot = snapshot_from_store(store)
            taken = time.perf_counter()
            payload = build_feed(snapshot, FeedOptions(reach_out=True, alarm_minute=540))
            write_feed(out, payload + f"X-RUN:{index}\r\n".encode())  # a real write each time
            done = time.perf_counter()
            if index:  # the first is a warm-up
                rows["snapshot (UI thread)"].append((taken - started) * 1000)
                rows["build + write (thread)"].append((done - taken) * 1000)
        events = payload.count(b"BEGIN:VEVENT")
    result = {name: stats(values) for name, values in rows.items()}
    result["events"] = {"median": float(events), "p95": 0, "min": 0, "max": 0, "runs": 0}
    return result


def table(rows: dict[str, dict[str, float]], size: str) -> str:
    lines = [f"\n{size}", "| what | median ms | p95 | min-max |", "| --- | ---: | ---: | --- |"]
    for name, row in rows.items():
        if name == "events":
            lines.append(f"| feed events | {row['median']:.0f} | | |")
            continue
        lines.append(
            f"| {name} | {row['median']:.0f} | {row['p95']:.0f} | "
            f"{row['min']:.0f}-{row['max']:.0f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="ten_years", help="comma-separated: small,ten_years")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    results: dict[str, Any] = {}
    work = Path(tempfile.mkdtemp(prefix="kith-bench-remind-"))
    say: Callable[[str], None] = lambda text: print(text, flush=True)  # noqa: E731
    try:
        for size in args.sizes.split(","):
            folder = work / size
            say(f"generating {size} ...")
            generate(size, folder)
            (folder / "kith.lock").unlink(missing_ok=True)
            commands = timed_commands(folder, work / f"{size}.ics", args.repeat)
            feed = feed_after_save(folder, work / f"{size}-app.ics", args.repeat)
            results[size] = {"commands": commands, "feed_after_save": feed}
            say(table(commands, f"{size}: end to end, fresh processes"))
            say(table(feed, f"{size}: keeping the feed up to date after a save, in the app"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
