"""Merging two people (issue 18) at 1,000 people and 20,000 interactions: what a person
waits for after choosing whom to merge into (the preview), after confirming (the merge,
saved in one batch, with the session's undo record), and after pressing ``u``.

    python -m benchmarks.merge_people            # prints one JSON line per row

Rows:
- ``preview``: ``plan_merge`` and ``combined_words`` (what the preview shows);
- ``merge``: ``merge_in_store`` inside ``store.undo.recording``, on a store on disk;
- ``undo``: ``store.undo.undo``, back to both people.

Each is run a few times (merge, undo, merge, ...) on the same store; the figures are
printed, not asserted. Each of the two has 40 interactions more than the random ones.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from benchmarks.people_search import make_data, sized

ROUNDS = 5


def _ms(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "median_ms": round(statistics.median(ordered) * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
        "samples_ms": [round(value * 1000, 3) for value in values],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", help="a generated size's counts (benchmarks.generate.SIZES)")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    args = parser.parse_args(argv)
    contacts, interactions = sized(args.size)
    from kith.data.clock import FixedClock
    from kith.data.merge_people import combined_words, merge_in_store, plan_merge
    from kith.data.models import Interaction
    from kith.data.store import Store

    people, items = make_data(contacts=contacts, interactions=interactions)
    keep, gone = people[0], people[1]
    extra = [
        Interaction(date=date(2026, 1, 1 + n % 28), contact_ids=[(keep, gone)[n % 2].id])
        for n in range(80)
    ]
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(
            Path(folder) / "kith", clock=FixedClock(datetime(2026, 11, 20, 12, tzinfo=UTC))
        )
        try:
            store.contacts.add_many(people)
            store.interactions.add_many([*items, *extra])
            preview: list[float] = []
            merge: list[float] = []
            undo: list[float] = []
            for _ in range(args.rounds):
                a, b = store.contacts.require(keep.id), store.contacts.require(gone.id)
                began = time.perf_counter()
                changes = plan_merge(
                    a, b, contacts=store.contacts.list(), interactions=store.interactions.list()
                )
                combined_words(a, b, changes)
                preview.append(time.perf_counter() - began)
                began = time.perf_counter()
                with store.undo.recording(store, "two again"):
                    merge_in_store(store, keep.id, gone.id)
                merge.append(time.perf_counter() - began)
                began = time.perf_counter()
                store.undo.undo(store)
                undo.append(time.perf_counter() - began)
            size: dict[str, Any] = {"contacts": contacts, "interactions": interactions + 80}
            for name, values in (("preview", preview), ("merge", merge), ("undo", undo)):
                print(json.dumps({"row": name, **size, "rounds": args.rounds, **_ms(values)}))
        finally:
            store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
