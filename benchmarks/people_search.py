"""People's ``/`` filter with interaction notes searched too (issue 18), at 1,000 people and
20,000 interactions: the cost of one keystroke, against the 16 ms filter target.

    python -m benchmarks.people_search            # prints one JSON line per row

Rows:
- ``search_texts``: building every person's search text with their notes (done once per
  change of contacts or interactions, not per keystroke);
- ``filter_keystroke``: stage 4 of the People screen for a query typed a letter at a time
  (each keystroke narrows the last result, as the screen does), plus "where it matched"
  for the highlighted person;
- ``pilot_keystroke``: a real key press in the running app, from press to the screen
  settled (``pilot.pause()``), with the filter open on the same data.

A separate target from benchmarks/run.py (which H15 owns); the figures are printed, not
asserted.
"""

from __future__ import annotations

import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, timedelta
from pathlib import Path
from typing import Any

CONTACTS = 1_000
INTERACTIONS = 20_000
TARGET_MS = 16.0
WORDS = [
    "coffee",
    "walk",
    "river",
    "interview",
    "garden",
    "dinner",
    "birthday",
    "school",
    "kids",
    "holiday",
    "train",
    "climbing",
    "book",
    "film",
    "music",
    "work",
    "worries",
    "move",
    "flat",
    "rain",
    "market",
    "bakery",
    "tea",
    "call",
]


def sized(size: str | None) -> tuple[int, int]:
    """People and interactions: a generated size's counts, else 1,000 and 20,000."""
    if size is None:
        return CONTACTS, INTERACTIONS
    from benchmarks.generate import SIZES

    return SIZES[size].contacts, SIZES[size].interactions


def make_data(
    seed: int = 18, *, contacts: int = CONTACTS, interactions: int = INTERACTIONS
) -> tuple[list[Any], list[Any]]:
    from kith.data.models import Contact, Interaction

    rng = random.Random(seed)
    people = [
        Contact(
            name=f"Person {i:04d} {rng.choice(WORDS).title()}",
            tags=[rng.choice(WORDS)],
            notes=" ".join(rng.choices(WORDS, k=6)),
            remember=[" ".join(rng.choices(WORDS, k=4))],
        )
        for i in range(contacts)
    ]
    start = date(2016, 11, 20)
    items = [
        Interaction(
            date=start + timedelta(days=rng.randrange(3650)),
            contact_ids=[rng.choice(people).id],
            notes=" ".join(rng.choices(WORDS, k=rng.randrange(0, 25))),
        )
        for _ in range(interactions)
    ]
    return people, items


def _ms(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "median_ms": round(statistics.median(ordered) * 1000, 3),
        "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1] * 1000, 3),
        "max_ms": round(ordered[-1] * 1000, 3),
        "samples_ms": [round(value * 1000, 4) for value in values],
    }


def pure_rows(people: list[Any], items: list[Any]) -> list[dict[str, Any]]:
    from kith.data.people import matches, query_words
    from kith.data.search import (
        noted_by_contact,
        notes_by_contact,
        person_search_text,
        where_matched,
    )

    began = time.perf_counter()
    noted = noted_by_contact(items)
    notes = notes_by_contact((), noted)
    texts = [(p.id, person_search_text(p, notes.get(p.id, ""))) for p in people]
    build = time.perf_counter() - began
    by_id = {p.id: p for p in people}

    timings = []
    for query in ("interview", "river walk", "bakery tea"):
        last: tuple[str, list[tuple[str, str]]] | None = None
        for end in range(1, len(query) + 1):
            typed = query[:end]
            began = time.perf_counter()
            words = query_words(typed)
            pool = last[1] if last is not None and typed.startswith(last[0]) else texts
            kept = [entry for entry in pool if matches(entry[1], words)]
            last = (typed, kept)
            if kept:  # where it matched, for the highlighted (first) person
                contact = by_id[kept[0][0]]
                where_matched(contact, noted.get(contact.id, ()), words)
            timings.append(time.perf_counter() - began)
    return [
        {
            "row": "search_texts",
            "contacts": len(people),
            "interactions": len(items),
            "ms": round(build * 1000, 1),
        },
        {
            "row": "filter_keystroke",
            "contacts": len(people),
            "interactions": len(items),
            "keystrokes": len(timings),
            "target_ms": TARGET_MS,
            **_ms(timings),
        },
    ]


async def pilot_row(people: list[Any], items: list[Any]) -> dict[str, Any]:
    from kith.app.app import KithApp
    from kith.data.clock import FixedClock
    from kith.data.demo import DEMO_NOW
    from kith.data.store import Store

    with tempfile.TemporaryDirectory() as folder:
        clock = FixedClock(DEMO_NOW, tz=UTC)
        store = Store.open(Path(folder) / "kith", clock=clock)
        with store.batch():
            store.contacts.add_many(people)
            store.interactions.add_many(items)
        app = KithApp(store, clock=clock, show_welcome=False, cursor_blink=False)
        timings = []
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.press("4")
            await pilot.pause()
            await pilot.press("slash")
            await pilot.pause()
            for _ in range(3):
                for char in "interview":
                    began = time.perf_counter()
                    await pilot.press(char)
                    await pilot.pause()
                    timings.append(time.perf_counter() - began)
                await pilot.press(*["backspace"] * len("interview"))
                await pilot.pause()
        store.close()
    return {
        "row": "pilot_keystroke",
        "contacts": len(people),
        "interactions": len(items),
        "keystrokes": len(timings),
        "target_ms": TARGET_MS,
        **_ms(timings),
        "note": "includes Pilot's own pause and a headless render",
    }


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    size = args[args.index("--size") + 1] if "--size" in args else None
    contacts, interactions = sized(size)
    people, items = make_data(contacts=contacts, interactions=interactions)
    for row in pure_rows(people, items):
        print(json.dumps(row))
    if "--no-pilot" not in args:
        print(json.dumps(asyncio.run(pilot_row(people, items))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
