"""Benchmark rows for sync through a folder (issue 17), on a generated store.

    python -m benchmarks.sync                    # ten_years, 5 rounds
    python -m benchmarks.sync --size small --rounds 3 --json out.json

Two machines are two data folders, each with its own sync folder; the "engine" is a
file copy. Printed (milliseconds):

- ``merge_1000``: ``merge_now`` on machine B when machine A's log holds 1,000 new
  versions (edits of people and new interactions): read, validated like an import,
  merged by the clock, applied in one save, the state written. Target: under 1 s.
- ``save_plain`` / ``save_synced``: one durable save (a person edited) on a store
  without and with sync on: the journal's fdatasync, and with sync the change log's
  line and its fdatasync too. The save target is the existing one for a save.
- ``poll_ms`` (``changed_elsewhere`` when nothing changed: what the app pays every few
  seconds) and ``idle_merge_ms`` (a merge that finds nothing new).
- ``enable`` (every record written to the log once) and ``first_merge`` (the first
  merge of a session compares every record with the state: a save the log missed is
  found there) for scale.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import bench_clock, new_interaction
from benchmarks.generate import generate


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def _copy_logs(source: Path, target: Path) -> None:
    for path in (source / "kith-sync").iterdir():
        shutil.copyfile(path, target / "kith-sync" / path.name)


def measure(size: str, rounds: int) -> dict[str, Any]:
    from kith.data import sync
    from kith.data.store import Store

    figures: dict[str, Any] = {"size": size}
    with tempfile.TemporaryDirectory(prefix="kith-bench-sync-") as root_name:
        root = Path(root_name)
        generate(size, root / "a")
        shutil.copytree(root / "a", root / "b")
        for name in ("a", "b"):
            (root / f"{name}-sync").mkdir()
        clock = bench_clock()
        a = Store.open(root / "a", clock=clock, backups=False)
        b = Store.open(root / "b", clock=clock, backups=False)
        try:
            figures["records"] = sum(len(repo) for repo in a.repositories)
            people = sorted(a.contacts.list(), key=lambda c: c.id)

            saves_plain = []
            for n in range(50):
                person = a.contacts.require(people[n % len(people)].id)
                start = time.perf_counter()
                a.contacts.update(person.model_copy(update={"notes": f"plain {n}"}))
                saves_plain.append(_ms(start))

            start = time.perf_counter()
            sync.enable(a, root / "a-sync", "a")
            figures["enable_ms"] = _ms(start)
            sync.enable(b, root / "b-sync", "b")
            _copy_logs(root / "a-sync", root / "b-sync")
            _copy_logs(root / "b-sync", root / "a-sync")
            start = time.perf_counter()
            sync.merge_now(b)
            figures["first_merge_ms"] = _ms(start)
            sync.merge_now(a)

            saves_synced = []
            for n in range(50):
                person = a.contacts.require(people[n % len(people)].id)
                start = time.perf_counter()
                a.contacts.update(person.model_copy(update={"notes": f"synced {n}"}))
                saves_synced.append(_ms(start))
            _copy_logs(root / "a-sync", root / "b-sync")
            sync.merge_now(b)

            merges = []
            for round_ in range(rounds):
                edits = min(500, len(people))  # distinct people: 1,000 distinct records
                with a.batch():
                    for n in range(edits):
                        person = a.contacts.require(people[n % len(people)].id)
                        a.contacts.update(person.model_copy(update={"notes": f"r{round_} {n}"}))
                a.interactions.add_many(
                    [new_interaction(people[n % len(people)].id) for n in range(1000 - edits)]
                )
                _copy_logs(root / "a-sync", root / "b-sync")
                start = time.perf_counter()
                report = sync.merge_now(b)
                merges.append(_ms(start))
                assert sum(report.arrived.values()) == 1000, report
                assert report.collisions_new == 0, report
            assert sync.canonical_bytes(a) == sync.canonical_bytes(b)
            polls, idle = [], []
            for _ in range(20):
                start = time.perf_counter()
                assert not sync.changed_elsewhere(b)
                polls.append(_ms(start))
                start = time.perf_counter()
                sync.merge_now(b)
                idle.append(_ms(start))
            figures["poll_ms"] = _summary(polls)
            figures["idle_merge_ms"] = _summary(idle)
        finally:
            a.close()
            b.close()
    figures["merge_1000_ms"] = _summary(merges)
    figures["save_plain_ms"] = _summary(saves_plain)
    figures["save_synced_ms"] = _summary(saves_synced)
    return figures


def _summary(values: list[float]) -> dict[str, Any]:
    ordered = sorted(values)
    return {
        "median": round(statistics.median(ordered), 2),
        "p95": round(ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))], 2),
        "max": round(ordered[-1], 2),
        "samples": [round(value, 3) for value in values],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="ten_years")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    figures = measure(args.size, args.rounds)
    print(f"sync at {figures['size']} ({figures['records']:,} records)")
    for key in ("merge_1000_ms", "save_plain_ms", "save_synced_ms", "poll_ms", "idle_merge_ms"):
        row = figures[key]
        print(
            f"  {key:16} median {row['median']:8.2f}  p95 {row['p95']:8.2f}  max {row['max']:8.2f}"
        )
    print(f"  {'enable_ms':16} {figures['enable_ms']:8.1f}")
    print(f"  {'first_merge_ms':16} {figures['first_merge_ms']:8.1f}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
