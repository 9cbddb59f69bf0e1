"""Realistic, obviously fictional sample data for ``kith --demo`` and snapshots.

Deterministic: the same seed and clock always give the same store.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from kith.data.clock import Clock, FixedClock, today
from kith.data.instruments import build_checkin, instrument
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
from kith.data.plan import week_start as monday_of
from kith.data.store import Store

DEMO_PEOPLE: tuple[tuple[str, Circle, int | None, str], ...] = (
    ("Juniper Example", Circle.CLOSE_FRIEND, 14, "book club"),
    ("Otto Sample", Circle.FAMILY, 7, "my brother"),
    ("Priya Placeholder", Circle.FRIEND, 30, "climbing gym"),
    ("Mo Testington", Circle.COLLEAGUE, 30, "work"),
    ("Rosa Fictional", Circle.FAMILY, 7, "my mum"),
    ("Kenji Madeup", Circle.FRIEND, 91, "university"),
    ("Ama Demo", Circle.NEIGHBOUR, 30, "next door"),
    ("Lars Pretend", Circle.COMMUNITY, 14, "choir"),
    ("Noor Imaginary", Circle.CLOSE_FRIEND, 14, "school"),
    ("Theo Notreal", Circle.FRIEND, 182, "old flatmate"),
    ("Wren Invented", Circle.PARTNER, None, "a party, years ago"),
    ("Ines Standin", Circle.COLLEAGUE, None, "previous job"),
)

REMEMBER = {
    "Juniper Example": ["Reading: The Overstory", "Starting a new job in January"],
    "Otto Sample": ["Kids: Mila (6) and Jonas (3)"],
    "Rosa Fictional": ["Knee surgery recovery, ask how physio is going"],
    "Noor Imaginary": ["Moving house this winter"],
}

NOTES = (
    "Coffee and a long walk by the river.",
    "Quick catch-up, they sounded tired.",
    "Talked about the holidays.",
    "Helped with moving boxes.",
    "Shared a funny video, good laugh.",
    "Long call about work worries. Listened more than I talked.",
    "",
    "",
)

UCLA_ANSWERS = ("hardly_ever", "some_of_the_time", "often")
ONS_ANSWERS = ("often_always", "some_of_the_time", "occasionally", "hardly_ever", "never")
DJG_EMOTIONAL = ("no", "more_or_less", "yes")  # scored 0, 1, 1
DJG_SOCIAL = ("yes", "more_or_less", "no")  # scored 0, 1, 1

# Notes on some demo check-ins, picked by how the week went (hard, easy).
CHECKIN_NOTES = {
    "hard": ("Long week at work, barely saw anyone.", "Missing Noor since she moved."),
    "easy": ("Choir again, felt good to sing with people.", "Dinner with Otto and the kids."),
}


def demo_note(index: int, level: int) -> str:
    """A note for every third demo check-in, fitting its level."""
    if index % 3:
        return ""
    notes = CHECKIN_NOTES["hard" if level >= 1 else "easy"]
    return notes[(index // 3) % len(notes)]


def quick_checkin(taken_at: datetime, level: int, rng: random.Random, note: str = "") -> CheckIn:
    """A quick check (UCLA 3-item + ONS) around ``level`` (0 low .. 2 high), scored
    by the real scoring rules."""
    scores = [max(1, min(3, level + 1 + rng.choice((-1, 0, 0, 1)))) for _ in range(3)]
    total = sum(scores)
    direct = ONS_ANSWERS[max(0, min(4, 4 - (total - 3) * 4 // 6))]
    answers = {f"ucla{i + 1}": UCLA_ANSWERS[s - 1] for i, s in enumerate(scores)}
    answers["ons_direct"] = direct
    return build_checkin(instrument("quick"), answers, taken_at, note)


def djg_checkin(taken_at: datetime, level: int, rng: random.Random, note: str = "") -> CheckIn:
    """An in-depth check (De Jong Gierveld 6-item) around ``level`` (0 low .. 2 high).

    Emotional loneliness runs a little higher than social in the demo person,
    so the two subscales tell different stories."""
    answers: dict[str, str] = {}
    for number in range(1, 7):
        emotional = number <= 3
        lean = level - (0 if emotional else 1) + rng.choice((0, 0, 1))
        choice = max(0, min(2, lean))
        answers[f"djg{number}"] = (DJG_EMOTIONAL if emotional else DJG_SOCIAL)[choice]
    return build_checkin(instrument("djg6"), answers, taken_at, note)


def populate(store: Store, *, seed: int = 7) -> None:
    """Fill ``store`` with a year of sample data ending at the store clock's today."""
    rng = random.Random(seed)
    end = today(store.clock)
    start = end - timedelta(days=364)

    def at(day: date, hour: int = 19) -> datetime:
        return datetime.combine(day, time(hour, 0), tzinfo=UTC)

    with store.batch():
        contacts: list[Contact] = []
        for index, (name, circle, rhythm, met) in enumerate(DEMO_PEOPLE):
            birthday = Birthday(month=(index * 5) % 12 + 1, day=(index * 7) % 27 + 1)
            if index == 2:  # someone with a birthday coming up soon
                soon = end + timedelta(days=5)
                birthday = Birthday(month=soon.month, day=soon.day, year=1990)
            contact = Contact(
                name=name,
                circle=circle,
                rhythm_days=rhythm,
                how_met=met,
                birthday=birthday,
                tags=["demo"] + (["choir"] if circle is Circle.COMMUNITY else []),
                remember=REMEMBER.get(name, []),
                archived=name == "Ines Standin",
            )
            contacts.append(store.contacts.add(contact))

        interactions: list[Interaction] = []
        day = start
        while day <= end:
            # Busier in spring and summer, quieter in winter; a few lonely weeks.
            weekly = 3 if day.month in (4, 5, 6, 7, 8, 9) else 2
            for _ in range(rng.randint(1, weekly + 2)):
                when = day + timedelta(days=rng.randint(0, 6))
                if when > end - timedelta(days=1):
                    continue
                active = [c for c in contacts if not c.archived]
                person = rng.choice(active[:9])  # the last few drift
                mode = rng.choices(list(Mode), weights=(5, 3, 2, 4, 1))[0]
                interactions.append(
                    Interaction(
                        date=when,
                        contact_ids=[person.id],
                        mode=mode,
                        duration_minutes=rng.choice((None, 15, 30, 60, 90)),
                        felt=rng.choices((2, 3, 4, 5), weights=(1, 3, 4, 2))[0],
                        initiated_by=rng.choice(("me", "them")),
                        notes=rng.choice(NOTES),
                        strategy_id=rng.choice((None, None, "cultivate", "listen", "support")),
                    )
                )
            day += timedelta(days=7)
        store.interactions.add_many(interactions)

        checkins: list[CheckIn] = []
        week = start + timedelta(days=3)
        count = 0
        while week < end - timedelta(days=2):
            level = 2 if week.month in (11, 12, 1, 2) else (1 if week.month in (3, 10) else 0)
            if rng.random() < 0.8:
                note = demo_note(count, level)
                checkins.append(quick_checkin(at(week, 20), level, rng, note))
                count += 1
            week += timedelta(days=7)
        # A few in-depth checks, from their own generator so the rest of the
        # demo stays exactly as it was.
        djg_rng = random.Random(seed * 1000 + 6)
        in_depth = (
            (44, 2, "Winter feels long this year."),
            (30, 0, ""),
            (17, 0, ""),
            (3, 1, "People around, but no one I really talk to."),
        )
        for weeks_back, level, note in in_depth:
            day = end - timedelta(days=7 * weeks_back + 1)
            checkins.append(djg_checkin(at(day, 21), level, djg_rng, note))
        store.checkins.add_many(checkins)

        monday = monday_of(end)
        plan: list[PlanItem] = []
        texts = (
            ("cultivate", "Send a voice note to someone you miss"),
            ("widen", "Look up one local club or class"),
            ("listen", "Ask two follow-up questions before sharing your own story"),
            ("support", "Offer to help a friend with one small task"),
        )
        for weeks_back in range(8, -1, -1):
            week_start = monday - timedelta(days=7 * weeks_back)
            for strategy_id, text in rng.sample(texts, 2):
                state = PlanState.PLANNED
                if weeks_back:
                    state = rng.choice((PlanState.DONE, PlanState.DONE, PlanState.SKIPPED))
                plan.append(
                    PlanItem(
                        week_start=week_start,
                        text=text,
                        strategy_id=strategy_id,
                        state=state,
                        done_at=at(week_start + timedelta(days=3))
                        if state is PlanState.DONE
                        else None,
                        felt=4 if state is PlanState.DONE else None,
                    )
                )
        store.plan.add_many(plan)

        store.support.add(
            SupportEntry(kind=SupportKind.PERSON, name="Rosa Fictional", reach="mobile, any time")
        )
        store.support.add(
            SupportEntry(
                kind=SupportKind.HELPS, name="A walk round the park", note="even 10 minutes"
            )
        )
        store.settings.save(Settings(welcome_seen=True))


DEMO_NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def build_demo_store(folder: Path, clock: Clock | None = None, *, seed: int = 7) -> None:
    """Create a demo store in ``folder`` (which must be empty) and close it."""
    clock = clock or FixedClock(datetime.now(UTC))
    store = Store.open(folder, clock=clock, backups=False)
    try:
        populate(store, seed=seed)
    finally:
        store.close()
