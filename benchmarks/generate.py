"""Deterministic benchmark data: a real Kith store of a given size.

    python -m benchmarks.generate ten_years /tmp/kith-ten-years

Three sizes (``SIZES``): ``small`` (a first year), ``ten_years`` (ten years of
heavy use) and ``stress`` (five times that). The same size and seed always
give the same file, byte for byte: ids come from the seeded generator and the
store's clock is a ``FixedClock`` that walks forward month by month, so
``created`` times are spread over the years as they would be in real use.

Texts have realistic lengths: most interaction notes are a sentence or two,
some are empty, a few are long; contacts carry tags, a how-we-met line, notes
and things to remember. One contact (``HEAVY_CONTACT_ID``) has exactly 500
interactions, for the "open a busy contact" benchmark.

Everything is written through ``data.store.Store`` (``add_many`` inside
``store.batch()``), so the file is exactly what Kith itself would write.
"""

from __future__ import annotations

import argparse
import bisect
import os
import random
import shutil
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

from kith.data.clock import FixedClock
from kith.data.demo import DEMO_NOW, quick_checkin
from kith.data.models import (
    Birthday,
    CheckIn,
    Circle,
    Contact,
    Interaction,
    Mode,
    PlanItem,
    PlanState,
    Settings,
    SupportEntry,
    SupportKind,
)
from kith.data.store import Store

# "Now" for every benchmark store: the demo's fixed moment (a Friday).
BENCH_NOW = DEMO_NOW
SEED = 2026
HEAVY_CONTACT_ID = "00000000-0000-4000-8000-000000000500"
HEAVY_CONTACT_NAME = "Marguerite Oyelaran-Whitfield"  # unique: no other name uses these words
HEAVY_INTERACTIONS = 500


@dataclass(frozen=True)
class Size:
    name: str
    contacts: int
    interactions: int
    checkins: int
    plan_items: int
    years: int

    @property
    def records(self) -> int:
        return self.contacts + self.interactions + self.checkins + self.plan_items


SIZES: dict[str, Size] = {
    "small": Size("small", 100, 1_000, 50, 200, years=1),
    "ten_years": Size("ten_years", 1_000, 20_000, 520, 2_000, years=10),
    "stress": Size("stress", 5_000, 100_000, 1_000, 5_000, years=10),
}


def _words(text: str) -> list[str]:
    return text.split()


FIRST = _words(
    "Ada Ali Amara Ana Anders Aoife Arjun Ava Bea Ben Bilal Carmen Chen Chloe Dara Dev "
    "Elif Ella Emeka Emil Erin Ezra Fatima Finn Freya Gabriel Grace Hana Hugo Ibrahim "
    "Ines Isla Jakob Jamal Jin Joan Jonas Juniper Kai Kemal Kenji Lara Leo Lina Luca Maya "
    "Mei Milo Mira Nadia Nia Noah Noor Olga Omar Oskar Pablo Priya Quinn Rahul Rosa Ruth "
    "Sam Sara Sven Tariq Tess Theo Uma Vera Wen Wren Yara Yusuf Zoe Zanele Björn Zoë "
    "Søren José Łukasz Anaïs 明 Ngozi Siobhán"
)
LAST = _words(
    "Abbott Adeyemi Almeida Andersen Baker Banerjee Becker Brennan Castillo Chen Costa "
    "Dimitrov Doyle Dubois Eriksen Evans Fernández Fischer Garcia Gupta Haddad Hansen "
    "Hoffmann Hughes Ibrahim Ito Jansen Jovanović Kaur Kim Kowalski Larsen Lee Lindqvist "
    "Lopez Mahmoud Martin Mensah Moreau Murphy Nakamura Nguyen Novak Okafor Olsen Patel "
    "Petrov Quinn Rahman Rossi Santos Schmidt Silva Singh Sørensen Tanaka Thompson Torres "
    "Vargas Walsh Weber Williams Wójcik Yilmaz Zhang Zimmermann 王 García-Márquez"
)
TAGS = (
    "book club",
    "climbing",
    "choir",
    "work",
    "school",
    "university",
    "running",
    "neighbours",
    "family",
    "old flat",
    "football",
    "parents at school",
    "volunteering",
    "board games",
    "yoga",
    "allotment",
)
HOW_MET = (
    "book club",
    "my brother's wedding",
    "the climbing gym",
    "first job, years ago",
    "school",
    "university halls",
    "next door",
    "the choir",
    "a friend's birthday party",
    "the school gate",
    "volunteering at the food bank",
    "an online course",
    "",
    "",
)
WORDS = _words(
    "we talked about work and the holidays and how the kids are doing at school and she "
    "told me about her new job which sounds hard but exciting we walked along the river "
    "and had coffee at the little place by the bridge he is still worried about his mum "
    "and the move and I mostly listened which felt right they laughed a lot about the old "
    "days planned to meet again next month for the quiz night I should send the photos "
    "and ask how the interview went it was a quick call but warm and easy long chat about "
    "books films the garden the allotment and their trip to the coast felt tired "
    "afterwards but glad we did it shared lunch and made plans for the summer remembered "
    "her birthday and she was touched by the card"
)
REMEMBER = (
    "Kids: Mila (6) and Jonas (3)",
    "Starting a new job in January",
    "Knee surgery recovery, ask how physio is going",
    "Vegetarian",
    "Moving house this winter",
    "Allergic to cats",
    "Training for a marathon",
    "Their dad has been unwell",
    "Loves jazz; mention the festival",
)
PLAN_TEXTS = (
    ("cultivate", "Send a voice note to someone you miss"),
    ("widen", "Look up one local club or class"),
    ("listen", "Ask two follow-up questions before sharing your own story"),
    ("support", "Offer to help a friend with one small task"),
    ("cultivate", "Invite an old friend for a walk this weekend"),
    ("widen", "Say yes to the next invitation, even a small one"),
    (None, "Call grandma on Sunday afternoon"),
)
STRATEGIES = (None, None, None, "cultivate", "listen", "support", "widen")


class Generator:
    def __init__(self, size: Size, seed: int) -> None:
        self.size = size
        self.rng = random.Random(f"{seed}:{size.name}")
        self.end = BENCH_NOW.date()
        self.start = self.end - timedelta(days=365 * size.years - 1)

    # -- small pieces ------------------------------------------------------
    def new_id(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def sentence_text(self, low: int, high: int) -> str:
        """Text of a length between ``low`` and ``high`` characters, in sentences."""
        target = self.rng.randint(low, high)
        parts: list[str] = []
        length = 0
        while length < target:
            count = self.rng.randint(5, 16)
            start = self.rng.randrange(len(WORDS) - count)
            sentence = " ".join(WORDS[start : start + count])
            sentence = sentence[0].upper() + sentence[1:] + "."
            parts.append(sentence)
            length += len(sentence) + 1
        return " ".join(parts)[:high].strip()

    def note(self) -> str:
        roll = self.rng.random()
        if roll < 0.35:
            return ""
        if roll < 0.85:
            return self.sentence_text(20, 160)
        if roll < 0.98:
            return self.sentence_text(160, 600)
        return self.sentence_text(600, 2_000)

    def day_between(self, first: date, last: date) -> date:
        return first + timedelta(days=self.rng.randint(0, (last - first).days))

    # -- collections -------------------------------------------------------
    def contacts(self) -> list[Contact]:
        rng = self.rng
        people: list[Contact] = []
        for index in range(self.size.contacts):
            # Most people are added in the first weeks, the rest over the years.
            if index == 0 or rng.random() < 0.4:
                added = self.day_between(self.start, self.start + timedelta(days=30))
            else:
                added = self.day_between(self.start, self.end)
            birthday = None
            if rng.random() < 0.7:
                birthday = Birthday(
                    month=rng.randint(1, 12),
                    day=rng.randint(1, 28),
                    year=rng.choice((None, rng.randint(1940, 2015))),
                )
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            if index == 0:
                name = HEAVY_CONTACT_NAME
            elif rng.random() < 0.02:
                name = f"{name} [{rng.choice(('work', 'b', '/bold'))}]"  # hostile, on purpose
            people.append(
                Contact(
                    id=HEAVY_CONTACT_ID if index == 0 else self.new_id(),
                    name=name,
                    circle=rng.choices(list(Circle), weights=(3, 1, 3, 6, 4, 2, 2, 1))[0],
                    tags=rng.sample(TAGS, rng.choice((0, 1, 1, 2, 3))),
                    how_met=rng.choice(HOW_MET),
                    notes=self.sentence_text(40, 800) if rng.random() < 0.5 else "",
                    birthday=birthday,
                    rhythm_days=rng.choice((None, None, 7, 14, 30, 30, 91, 182, 365, 10)),
                    archived=index > 0 and rng.random() < 0.05,
                    remember=rng.sample(REMEMBER, rng.choice((0, 0, 1, 2, 3))),
                    created=datetime.combine(added, dtime(9), tzinfo=UTC),
                )
            )
        return people

    def interactions(self, people: list[Contact]) -> list[Interaction]:
        rng = self.rng
        heavy = people[0]
        others = sorted(people[1:], key=lambda c: c.created)
        added = [c.created.date() for c in others]
        # A few people get most of the attention (a Zipf-like spread, shuffled so
        # that it does not follow the order people were added in).
        weights = [1 / (rank + 1) ** 0.9 for rank in range(len(others))]
        rng.shuffle(weights)
        cumulative: list[float] = []
        total = 0.0
        for weight in weights:
            total += weight
            cumulative.append(total)

        def someone_known_on(day: date) -> Contact:
            known = max(1, bisect.bisect_right(added, day))
            pick = rng.random() * cumulative[known - 1]
            return others[min(bisect.bisect_left(cumulative, pick, hi=known), known - 1)]

        heavy_count = min(HEAVY_INTERACTIONS, self.size.interactions)
        found: list[Interaction] = []
        for index in range(self.size.interactions):
            day = self.day_between(self.start, self.end - timedelta(days=1))
            ids = [heavy.id] if index < heavy_count else [someone_known_on(day).id]
            if rng.random() < 0.1:
                ids += [someone_known_on(day).id for _ in range(rng.randint(1, 3))]
            found.append(
                Interaction(
                    id=self.new_id(),
                    date=day,
                    contact_ids=ids,
                    mode=rng.choices(list(Mode), weights=(5, 3, 2, 4, 1))[0],
                    duration_minutes=rng.choice((None, None, 10, 15, 30, 60, 90, 180)),
                    felt=rng.choice((None, 2, 3, 3, 4, 4, 4, 5, 5)),
                    initiated_by=rng.choice((None, "me", "them")),
                    notes=self.note(),
                    strategy_id=rng.choice(STRATEGIES),
                )
            )
        return found

    def checkins(self) -> list[CheckIn]:
        rng = self.rng
        span = (self.end - self.start).days - 1
        step = span / self.size.checkins
        found: list[CheckIn] = []
        for index in range(self.size.checkins):
            day = self.start + timedelta(days=int(index * step))
            level = 2 if day.month in (11, 12, 1, 2) else (1 if day.month in (3, 10) else 0)
            taken = datetime.combine(day, dtime(20, rng.randint(0, 59)), tzinfo=UTC)
            checkin = quick_checkin(taken, level, rng)
            update: dict[str, object] = {"id": self.new_id()}
            if rng.random() < 0.2:
                update["note"] = self.sentence_text(10, 120)
            found.append(checkin.model_copy(update=update))
        return found

    def plan(self, people: list[Contact]) -> list[PlanItem]:
        rng = self.rng
        first_monday = self.start - timedelta(days=self.start.weekday())
        weeks = (self.end - first_monday).days // 7 + 1
        found: list[PlanItem] = []
        for index in range(self.size.plan_items):
            week = first_monday + timedelta(days=7 * (index * weeks // self.size.plan_items))
            strategy, text = rng.choice(PLAN_TEXTS)
            this_week = week + timedelta(days=7) > self.end
            state = (
                PlanState.PLANNED
                if this_week
                else rng.choice((PlanState.DONE, PlanState.DONE, PlanState.SKIPPED))
            )
            done = state is PlanState.DONE
            found.append(
                PlanItem(
                    id=self.new_id(),
                    week_start=week,
                    text=text,
                    strategy_id=strategy,
                    action_id=None,
                    contact_id=rng.choice(people).id if rng.random() < 0.3 else None,
                    day=week + timedelta(days=rng.randint(0, 6)) if rng.random() < 0.5 else None,
                    state=state,
                    done_at=(
                        datetime.combine(week + timedelta(days=3), dtime(18), tzinfo=UTC)
                        if done
                        else None
                    ),
                    felt=rng.choice((3, 4, 5)) if done else None,
                    reflection=self.sentence_text(20, 200) if done and rng.random() < 0.4 else "",
                )
            )
        return found


def _month_ends(first: date, last: date) -> Iterator[date]:
    """The last day of every month from ``first``'s month to ``last`` (``last`` itself)."""
    year, month = first.year, first.month
    while True:
        following = date(year + month // 12, month % 12 + 1, 1)
        end = following - timedelta(days=1)
        if end >= last:
            yield last
            return
        yield end
        year, month = following.year, following.month


def generate(size: str | Size, folder: Path, *, seed: int = SEED) -> Path:
    """Write a store of ``size`` into ``folder`` (created, must hold no store yet).

    Returns the store file. Records are added month by month with the clock set
    to that month's end, so ``created``/``updated`` are spread over the years.
    """
    spec = SIZES[size] if isinstance(size, str) else size
    folder = Path(folder)
    if (folder / "kith.json").exists():
        raise FileExistsError(f"{folder} already holds a Kith store.")
    made = _already_generated(size, seed)
    if made is not None:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        shutil.copyfile(made, folder / "kith.json")
        return folder / "kith.json"
    gen = Generator(spec, seed)
    people = gen.contacts()
    interactions = gen.interactions(people)
    checkins = gen.checkins()
    plan = gen.plan(people)

    def month_of(day: date) -> date:
        return next(end for end in ends if end >= day)

    ends = list(_month_ends(gen.start, gen.end))
    buckets: dict[date, tuple[list[Contact], list[Interaction], list[CheckIn], list[PlanItem]]]
    buckets = {end: ([], [], [], []) for end in ends}
    for person in people:
        buckets[month_of(person.created.date())][0].append(person)
    for interaction in interactions:
        buckets[month_of(interaction.date)][1].append(interaction)
    for checkin in checkins:
        buckets[month_of(checkin.taken_at.date())][2].append(checkin)
    for item in plan:
        buckets[month_of(min(item.week_start + timedelta(days=6), gen.end))][3].append(item)

    clock = FixedClock(datetime.combine(gen.start, dtime(9), tzinfo=UTC))
    store = Store.open(folder, clock=clock, backups=False)
    try:
        with store.batch():
            for end, (new_people, new_interactions, new_checkins, new_plan) in buckets.items():
                clock.set(min(datetime.combine(end, dtime(21), tzinfo=UTC), BENCH_NOW))
                store.contacts.add_many(new_people)
                store.interactions.add_many(new_interactions)
                store.checkins.add_many(new_checkins)
                store.plan.add_many(new_plan)
            clock.set(BENCH_NOW)
            store.support.add_many(
                [
                    SupportEntry(
                        id=gen.new_id(),
                        kind=SupportKind.PERSON,
                        name=people[0].name,
                        reach="mobile, any time",
                    ),
                    SupportEntry(
                        id=gen.new_id(),
                        kind=SupportKind.HELPS,
                        name="A walk round the park",
                        note="even 10 minutes",
                    ),
                ]
            )
            store.settings.save(Settings(welcome_seen=True, insights_weeks=52))
    finally:
        store.close()
    _without_journal_record(store.path)
    return store.path


ORIGINALS_ENV = "KITH_BENCH_ORIGINALS"


def _already_generated(size: str | Size, seed: int) -> Path | None:
    """The same size's store, if ``benchmarks.run`` already generated it and said where
    (``$KITH_BENCH_ORIGINALS/original-SIZE``): the output is the same byte for byte,
    so the benchmarks it starts copy it rather than spend 10 s making it again."""
    where = os.environ.get(ORIGINALS_ENV)
    if not where or not isinstance(size, str) or seed != SEED:
        return None
    made = Path(where) / f"original-{size}" / "kith.json"
    return made if made.is_file() else None


def _without_journal_record(path: Path) -> None:
    """Drop the snapshot's ``_journal`` record (its ids are random) and the empty
    journal: the same size and seed give the same file, byte for byte. A snapshot
    without the record is read like one an older Kith wrote."""
    from kith.data.journal import JOURNAL_TABLE, journal_path
    from kith.data.storage import atomic_write_bytes, dumps, load_file

    tables = load_file(path) or {}
    tables.pop(JOURNAL_TABLE, None)
    atomic_write_bytes(path, dumps(tables))
    journal = journal_path(path)
    if journal.exists() and not journal.stat().st_size:
        journal.unlink()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("size", choices=sorted(SIZES))
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    path = generate(args.size, args.folder, seed=args.seed)
    spent = time.perf_counter() - started
    print(f"{args.size}: {path} ({path.stat().st_size / 1e6:.1f} MB) in {spent:.1f} s")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
