"""Weekly series and statistics for Insights: pure functions over the stored records.

Weeks are ISO weeks (Monday to Sunday) in the user's local time zone. Stored
moments (``CheckIn.taken_at``, ``PlanItem.done_at``) are UTC and are turned into
local dates with the clock's zone before they are put in a week;
``Interaction.date`` is already a local date.

"Your connection and wellbeing" pairs each week's meaningful interactions with
the first quick check taken in the week after, and reports the Pearson
correlation once there are ``MIN_PAIRS`` such pairs.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from kith.data.models import (
    CIRCLE_LABELS,
    MODE_LABELS,
    CheckIn,
    Contact,
    Interaction,
    Mode,
    PlanItem,
    PlanState,
)
from kith.data.plan import week_start

WEEK_CHOICES: tuple[int, ...] = (12, 26, 52)
MIN_PAIRS = 8
QUICK = "quick"
QUICK_MIN, QUICK_MAX = 3, 9

MEANINGFUL_MODES: frozenset[Mode] = frozenset({Mode.IN_PERSON, Mode.CALL, Mode.VIDEO})
MEANINGFUL_DEFINITION = (
    "A meaningful interaction is one in person, by call or by video "
    "(messages and other contact are not counted)."
)


def local_date(moment: datetime, tz: tzinfo) -> date:
    """The user's local calendar date of a stored (UTC) moment."""
    return moment.astimezone(tz).date()


def week_starts(today: date, weeks: int) -> list[date]:
    """The Mondays of the last ``weeks`` ISO weeks, oldest first, ending with this week."""
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    current = week_start(today)
    return [current - timedelta(weeks=weeks - 1 - index) for index in range(weeks)]


def next_weeks_choice(weeks: int) -> int:
    """The next range in the 12 -> 26 -> 52 -> 12 cycle."""
    if weeks not in WEEK_CHOICES:
        return WEEK_CHOICES[0]
    return WEEK_CHOICES[(WEEK_CHOICES.index(weeks) + 1) % len(WEEK_CHOICES)]


def is_meaningful(interaction: Interaction) -> bool:
    """In person, a call or a video call (the definition shown on screen)."""
    return interaction.mode in MEANINGFUL_MODES


def plan_item_week(item: PlanItem, tz: tzinfo) -> date:
    """The week a done plan item counts in: when it was done (local), else its plan week."""
    if item.done_at is not None:
        return week_start(local_date(item.done_at, tz))
    return item.week_start


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


# -- weekly series ---------------------------------------------------------------------


@dataclass(frozen=True)
class WeeklySeries:
    """One value per week for the chosen range; ``None`` where a week has no data."""

    weeks: list[date]
    interactions: list[int]
    in_person: list[int]
    meaningful: list[int]
    felt: list[float | None]  # average "how it felt" (1-5) of interactions that say
    plan_done: list[int]
    quick: list[float | None]  # average quick-check total (3-9, higher is lonelier)

    @property
    def total_interactions(self) -> int:
        return sum(self.interactions)

    @property
    def total_in_person(self) -> int:
        return sum(self.in_person)

    @property
    def total_plan_done(self) -> int:
        return sum(self.plan_done)

    @property
    def has_any(self) -> bool:
        return bool(self.total_interactions or self.total_plan_done) or any(
            value is not None for value in self.quick
        )


def weekly_series(
    interactions: Iterable[Interaction],
    checkins: Iterable[CheckIn],
    plan_items: Iterable[PlanItem],
    *,
    today: date,
    tz: tzinfo,
    weeks: int,
) -> WeeklySeries:
    """All five weekly series over the last ``weeks`` weeks (see the module docstring)."""
    starts = week_starts(today, weeks)
    index = {start: position for position, start in enumerate(starts)}
    count = [0] * weeks
    in_person = [0] * weeks
    meaningful = [0] * weeks
    felt: list[list[int]] = [[] for _ in starts]
    plan_done = [0] * weeks
    quick: list[list[int]] = [[] for _ in starts]

    first, last = starts[0], starts[-1] + timedelta(days=6)
    for interaction in interactions:
        if not first <= interaction.date <= last:  # cheap, before working out the week
            continue
        position = index[week_start(interaction.date)]
        count[position] += 1
        if interaction.mode is Mode.IN_PERSON:
            in_person[position] += 1
        if is_meaningful(interaction):
            meaningful[position] += 1
        if interaction.felt is not None:
            felt[position].append(interaction.felt)

    for item in plan_items:
        if item.state is not PlanState.DONE:
            continue
        found = index.get(plan_item_week(item, tz))
        if found is not None:
            plan_done[found] += 1

    for checkin in checkins:
        if checkin.instrument_id != QUICK:
            continue
        found = index.get(week_start(local_date(checkin.taken_at, tz)))
        if found is not None:
            quick[found].append(checkin.total)

    return WeeklySeries(
        weeks=starts,
        interactions=count,
        in_person=in_person,
        meaningful=meaningful,
        felt=[mean(values) for values in felt],
        plan_done=plan_done,
        quick=[mean(values) for values in quick],
    )


# -- breakdowns ------------------------------------------------------------------------


@dataclass(frozen=True)
class Share:
    """One row of a breakdown: how many, and what part of the whole."""

    key: str
    label: str
    count: int
    share: float  # 0..1 of the breakdown's total


def _shares(counts: dict[str, int], labels: dict[str, str], total: int) -> list[Share]:
    rows = [
        Share(key, labels.get(key, key), number, number / total if total else 0.0)
        for key, number in counts.items()
        if number
    ]
    order = list(labels)
    rows.sort(key=lambda row: (-row.count, order.index(row.key) if row.key in order else 99))
    return rows


def in_window(interactions: Iterable[Interaction], today: date, weeks: int) -> list[Interaction]:
    """The interactions dated inside the last ``weeks`` ISO weeks (up to today)."""
    first = week_starts(today, weeks)[0]
    return [item for item in interactions if first <= item.date <= today]


def by_mode(interactions: Sequence[Interaction]) -> list[Share]:
    """Interactions per mode, largest first (each interaction counts once)."""
    counts = Counter(str(item.mode) for item in interactions)
    labels = {str(mode): label for mode, label in MODE_LABELS.items()}
    return _shares(dict(counts), labels, len(interactions))


def in_person_share(interactions: Sequence[Interaction]) -> float | None:
    """The part of interactions that were in person (``None`` when there are none)."""
    if not interactions:
        return None
    return sum(1 for item in interactions if item.mode is Mode.IN_PERSON) / len(interactions)


def by_circle(interactions: Sequence[Interaction], contacts: Iterable[Contact]) -> list[Share]:
    """Interactions per circle: one with people from two circles counts once in each.

    Shares are of all interactions, so they can add up to more than 100%.
    People deleted since are left out.
    """
    circle_of = {contact.id: contact.circle for contact in contacts}
    counts: Counter[str] = Counter()
    for item in interactions:
        circles = {circle_of[cid] for cid in item.contact_ids if cid in circle_of}
        counts.update(str(circle) for circle in circles)
    labels = {str(circle): label for circle, label in CIRCLE_LABELS.items()}
    return _shares(dict(counts), labels, len(interactions))


@dataclass(frozen=True)
class StrategyPractice:
    """How often one strategy was practised: interactions tagged with it, plan actions done."""

    strategy_id: str
    interactions: int
    plan_done: int

    @property
    def total(self) -> int:
        return self.interactions + self.plan_done


def by_strategy(
    interactions: Iterable[Interaction],
    plan_items: Iterable[PlanItem],
    *,
    today: date,
    tz: tzinfo,
    weeks: int,
) -> list[StrategyPractice]:
    """Per strategy: tagged interactions and done plan actions in the range, most first."""
    starts = set(week_starts(today, weeks))
    first = min(starts)
    tagged: Counter[str] = Counter()
    done: Counter[str] = Counter()
    for interaction in interactions:
        if interaction.strategy_id and first <= interaction.date <= today:
            tagged[interaction.strategy_id] += 1
    for item in plan_items:
        done_in_range = item.state is PlanState.DONE and plan_item_week(item, tz) in starts
        if done_in_range and item.strategy_id:
            done[item.strategy_id] += 1
    rows = [
        StrategyPractice(key, tagged[key], done[key]) for key in sorted(set(tagged) | set(done))
    ]
    rows.sort(key=lambda row: (-row.total, row.strategy_id))
    return rows


# -- connection and wellbeing ----------------------------------------------------------


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r; ``None`` with fewer than two pairs or when either side never varies."""
    if len(xs) != len(ys):
        raise ValueError("xs and ys must have the same length")
    n = len(xs)
    if n < 2:
        return None
    mean_x = sum(xs) / n
    mean_y = sum(ys) / n
    dx = [x - mean_x for x in xs]
    dy = [y - mean_y for y in ys]
    sxx = sum(d * d for d in dx)
    syy = sum(d * d for d in dy)
    if sxx == 0 or syy == 0:
        return None
    r = sum(a * b for a, b in zip(dx, dy, strict=True)) / math.sqrt(sxx * syy)
    return max(-1.0, min(1.0, r))


@dataclass(frozen=True)
class Pair:
    week: date  # the week of the interactions
    meaningful: int
    score: int  # the first quick check of the following week


@dataclass(frozen=True)
class Link:
    """The connection-wellbeing link over the chosen range."""

    pairs: list[Pair] = field(default_factory=list)
    r: float | None = None  # only set from MIN_PAIRS pairs on
    needed: int = MIN_PAIRS

    @property
    def count(self) -> int:
        return len(self.pairs)

    @property
    def ready(self) -> bool:
        return self.count >= self.needed

    @property
    def missing(self) -> int:
        return max(0, self.needed - self.count)


def first_quick_by_week(checkins: Iterable[CheckIn], tz: tzinfo) -> dict[date, CheckIn]:
    """For each local ISO week, the first quick check taken in it."""
    first: dict[date, CheckIn] = {}
    for checkin in sorted(
        (c for c in checkins if c.instrument_id == QUICK), key=lambda c: c.taken_at
    ):
        first.setdefault(week_start(local_date(checkin.taken_at, tz)), checkin)
    return first


def connection_link(
    interactions: Iterable[Interaction],
    checkins: Iterable[CheckIn],
    *,
    today: date,
    tz: tzinfo,
    weeks: int,
    needed: int = MIN_PAIRS,
    first_logged: date | None = None,
) -> Link:
    """Pair each week's meaningful interactions with the next week's first quick check.

    Only weeks inside the range whose following week is also inside it (so the
    current week, whose next week has not come, is never paired) and that are not
    earlier than the first interaction ever logged (weeks before the user started
    logging are unknown, not weeks without contact). ``first_logged`` is that date
    when ``interactions`` holds only the range (from ``InteractionIndex.since``).
    """
    items = list(interactions)
    if first_logged is None:
        if not items:
            return Link(needed=needed)
        first_logged = min(item.date for item in items)
    started = week_start(first_logged)
    first = week_starts(today, weeks)[0]
    counts = Counter(
        week_start(item.date) for item in items if item.date >= first and is_meaningful(item)
    )
    follow = first_quick_by_week(checkins, tz)
    pairs: list[Pair] = []
    for start in week_starts(today, weeks)[:-1]:
        if start < started:
            continue
        checkin = follow.get(start + timedelta(weeks=1))
        if checkin is not None:
            pairs.append(Pair(start, counts.get(start, 0), checkin.total))
    r = None
    if len(pairs) >= needed:
        r = pearson([float(p.meaningful) for p in pairs], [float(p.score) for p in pairs])
    return Link(pairs=pairs, r=r, needed=needed)


def strength_words(r: float) -> str:
    """Plain words for the size of a correlation (Cohen's rough guide)."""
    size = abs(r)
    if size < 0.1:
        return "no clear link"
    if size < 0.3:
        return "a weak link"
    if size < 0.5:
        return "a moderate link"
    return "a strong link"


def link_sentences(link: Link, weeks: int) -> list[str]:
    """What the link panel says, in Kith's words (no markup)."""
    if not link.ready:
        return [
            f"{link.count} of {link.needed} weeks so far. The link is shown once "
            f"{link.needed} weeks in the last {weeks} each have interactions logged and a "
            "quick check-in in the week after.",
        ]
    if link.r is None:
        return [
            f"Based on {link.count} weeks. Every week looked the same on one side, "
            "so there is no link to measure yet.",
        ]
    r = link.r
    if abs(r) < 0.1:
        direction = "your meaningful contact and your next check-in did not move together."
    elif r < 0:
        direction = "weeks with more meaningful contact were followed by lower loneliness scores."
    else:
        direction = (
            "weeks with more meaningful contact were followed by higher loneliness scores. "
            "That can happen when reaching out is how you cope with a hard week."
        )
    return [
        f"r = {r:+.2f}, based on {link.count} paired weeks: {strength_words(r)}; {direction}",
    ]


LINK_CAVEAT = (
    "This is a link in your own data, not proof of cause: busy, low or unwell weeks change "
    "both at once. A negative number means more contact went with less loneliness."
)
