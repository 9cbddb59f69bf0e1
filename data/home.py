"""Home: everything the dashboard shows, assembled from the stored records.

Pure: give it the records, today's local date and the user's zone; it
answers with plain values. It reuses the other sections' own logic
(``data.people`` for who is due and birthdays, ``data.checkins`` for the
check-in rhythm and trend, ``data.plan`` for the week's progress,
``data.strategies`` for the rotating insight), so Home always agrees with them.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, tzinfo

from kith.data.checkins import change_since_last, checkin_due, days_until_due, latest, trend_series
from kith.data.followups import due_follow_ups, upcoming_dates
from kith.data.insights import (
    connection_link,
    in_person_share,
    in_window,
    week_starts,
    weekly_series,
)
from kith.data.instruments import find_instrument
from kith.data.interaction_index import InteractionIndex
from kith.data.models import (
    CheckIn,
    Contact,
    FollowUp,
    Interaction,
    NamedDate,
    PlanItem,
    PlanState,
)
from kith.data.people import ContactSummary, reach_out, summarize, upcoming_birthdays
from kith.data.plan import items_for_week, week_progress, week_start
from kith.data.strategies import insight_for

REACH_OUT_SHOWN = 3
BIRTHDAYS_SHOWN = 3
BIRTHDAY_DAYS = 14
RECENT_SHOWN = 5
TREND_POINTS = 12
GLANCE_WEEKS = 12
SPARK = "▁▂▃▄▅▆▇█"


@dataclass(frozen=True)
class CheckinGlance:
    """The latest check-in, how it moved, and whether the next one is due."""

    latest: CheckIn | None
    trend: list[int]  # totals of the same instrument, oldest first (up to TREND_POINTS)
    low: int  # the instrument's lowest and highest possible totals, for the trend's scale
    high: int
    change: int | None  # this total minus the one before (same instrument); higher is lonelier
    due: bool
    days_until_due: int  # 0 when due today, negative when overdue
    instrument_name: str  # "Quick check"


@dataclass(frozen=True)
class Recent:
    """One recent interaction and the (still existing) people in it."""

    interaction: Interaction
    names: list[str]
    contact_id: str | None  # the first person still in People, to open


@dataclass(frozen=True)
class PlanGlance:
    week: date
    done: int
    total: int
    next_up: list[PlanItem] = field(default_factory=list)  # still planned, in plan order


@dataclass(frozen=True)
class WeeksGlance:
    """The last few weeks in brief, and how far the connection-wellbeing link has got."""

    interactions: list[int]  # per week, oldest first, ending with this week
    in_person_share: float | None
    link_weeks: int  # the range Insights uses (Settings.insights_weeks)
    link_pairs: int
    link_needed: int
    link_r: float | None


@dataclass(frozen=True)
class HomeData:
    today: date
    empty: bool  # nothing at all yet: show the first steps instead
    has_people: bool
    has_rhythms: bool  # someone (not archived) has a keep-in-touch rhythm
    checkin: CheckinGlance
    reach_out: list[ContactSummary]  # the most overdue first, up to REACH_OUT_SHOWN
    reach_out_more: int  # how many more are due beyond those shown
    birthdays: list[tuple[Contact, date]]
    plan: PlanGlance
    recent: list[Recent]
    insight: str
    weeks: WeeksGlance
    # Named dates in the birthdays' window, soonest first (issue 18).
    dates: list[tuple[Contact, NamedDate, date]] = field(default_factory=list)
    # Follow-ups whose day has come, not yet done or answered by an interaction.
    follow_ups: list[tuple[Contact, FollowUp]] = field(default_factory=list)


def daily_insight(today: date) -> str:
    """One of Kith's short insights: the same all day, a different one tomorrow."""
    return insight_for(today.toordinal())


def checkin_glance(
    checkins: Sequence[CheckIn], rhythm_days: int, today: date, tz: tzinfo
) -> CheckinGlance:
    last = latest(checkins)
    due = checkin_due(checkins, rhythm_days, today, tz)
    until = days_until_due(checkins, rhythm_days, today, tz)
    if last is None:
        return CheckinGlance(None, [], 0, 0, None, due, until, "")
    inst = find_instrument(last.instrument_id)
    low, high = (inst.scoring.min, inst.scoring.max) if inst else (0, max(last.total, 1))
    name = inst.title if inst else last.instrument_id
    trend = [total for _, total in trend_series(checkins, last.instrument_id, tz)]
    moved = change_since_last(checkins, last)
    return CheckinGlance(
        latest=last,
        trend=trend[-TREND_POINTS:],
        low=low,
        high=high,
        change=moved.delta if moved else None,
        due=due,
        days_until_due=until,
        instrument_name=name,
    )


def recent_interactions(
    interactions: Iterable[Interaction], contacts: Iterable[Contact], limit: int = RECENT_SHOWN
) -> list[Recent]:
    """The latest interactions, newest first: by date, then when they were logged, then the
    one stored last (ids are random, so they never decide the order)."""
    by_id = {contact.id: contact for contact in contacts}
    items = list(interactions)
    if not items:
        return []
    # Only the latest few days can hold the newest ``limit``: find them cheaply first.
    threshold = min(heapq.nlargest(limit, (item.date for item in items)))
    stored_last_first = [item for item in reversed(items) if item.date >= threshold]
    ordered = sorted(stored_last_first, key=lambda i: (i.date, i.created), reverse=True)
    found: list[Recent] = []
    for item in ordered[:limit]:
        people = [by_id[cid] for cid in item.contact_ids if cid in by_id]
        found.append(Recent(item, [p.name for p in people], people[0].id if people else None))
    return found


def plan_glance(items: Sequence[PlanItem], today: date) -> PlanGlance:
    week = week_start(today)
    done, total = week_progress(items, week)
    open_items = [i for i in items_for_week(items, week) if i.state is PlanState.PLANNED]
    return PlanGlance(week, done, total, open_items)


def weeks_glance(
    interactions: Sequence[Interaction],
    checkins: Sequence[CheckIn],
    plan_items: Sequence[PlanItem],
    today: date,
    tz: tzinfo,
    link_weeks: int,
    first_logged: date | None = None,
) -> WeeksGlance:
    series = weekly_series(
        interactions, checkins, plan_items, today=today, tz=tz, weeks=GLANCE_WEEKS
    )
    link = connection_link(
        interactions, checkins, today=today, tz=tz, weeks=link_weeks, first_logged=first_logged
    )
    return WeeksGlance(
        interactions=series.interactions,
        in_person_share=in_person_share(in_window(interactions, today, GLANCE_WEEKS)),
        link_weeks=link_weeks,
        link_pairs=link.count,
        link_needed=link.needed,
        link_r=link.r,
    )


def build_home(
    *,
    contacts: Sequence[Contact],
    interactions: Sequence[Interaction],
    checkins: Sequence[CheckIn],
    plan_items: Sequence[PlanItem],
    checkin_rhythm_days: int,
    today: date,
    tz: tzinfo,
    insights_weeks: int = 26,
    index: InteractionIndex | None = None,
) -> HomeData:
    """Everything Home shows, for ``today`` in zone ``tz``.

    With ``index`` (the store's ``InteractionIndex`` of the same ``interactions``),
    only the weeks Home shows are read, and each person's last contact comes from it:
    the same answers, at a cost that follows those weeks, not every year logged.
    """
    if index is not None:
        summaries = summarize(
            contacts, (), today, tz=tz, known=(index.last_dates(), index.counts())
        )
        logged = len(index)
        recent_pool: Sequence[Interaction] = index.latest(RECENT_SHOWN)
        first_week = week_starts(today, max(GLANCE_WEEKS, insights_weeks))[0]
        weeks_pool: Sequence[Interaction] = index.since(first_week)
        first_logged = index.first_date()
    else:
        summaries = summarize(contacts, interactions, today, tz=tz)
        logged = len(interactions)
        recent_pool = weeks_pool = interactions
        first_logged = None
    due = reach_out(summaries.values(), today)
    active = [contact for contact in contacts if not contact.archived]
    return HomeData(
        today=today,
        empty=not (contacts or logged or checkins or plan_items),
        has_people=bool(active),
        has_rhythms=any(contact.rhythm_days is not None for contact in active),
        checkin=checkin_glance(checkins, checkin_rhythm_days, today, tz),
        reach_out=due[:REACH_OUT_SHOWN],
        reach_out_more=max(0, len(due) - REACH_OUT_SHOWN),
        birthdays=upcoming_birthdays(contacts, today, BIRTHDAY_DAYS)[:BIRTHDAYS_SHOWN],
        plan=plan_glance(plan_items, today),
        recent=recent_interactions(recent_pool, contacts),
        insight=daily_insight(today),
        weeks=weeks_glance(
            weeks_pool, checkins, plan_items, today, tz, insights_weeks, first_logged
        ),
        dates=upcoming_dates(contacts, today, BIRTHDAY_DAYS)[:BIRTHDAYS_SHOWN],
        follow_ups=due_follow_ups(
            contacts, {cid: s.last_contact for cid, s in summaries.items()}, today
        ),
    )


# -- words and small pictures -----------------------------------------------------------


def sparkline(values: Sequence[float], low: float, high: float) -> str:
    """A one-line picture of ``values`` on the fixed scale ``low``..``high``."""
    if not values:
        return ""
    span = high - low
    marks = []
    for value in values:
        share = 0.0 if span <= 0 else (min(max(value, low), high) - low) / span
        marks.append(SPARK[round(share * (len(SPARK) - 1))])
    return "".join(marks)


def change_words(change: int | None) -> str:
    """How the latest check-in moved, gently: higher totals mean lonelier."""
    if change is None:
        return "your first check-in"
    if change == 0:
        return "the same as last time"
    points = abs(change)
    unit = "point" if points == 1 else "points"
    if change < 0:
        return f"{points} {unit} lower than last time"
    return f"{points} {unit} higher than last time"


def due_words(glance: CheckinGlance) -> str:
    if glance.latest is None:
        return "No check-in yet."
    if glance.due:
        return "A check-in is due."
    days = glance.days_until_due
    return "Next check-in tomorrow." if days == 1 else f"Next check-in in {days} days."


def birthday_words(contact: Contact, on: date, today: date) -> str:
    """``today``, ``tomorrow``, ``Wed 25 Nov``, with the age turned when the year is known."""
    days = (on - today).days
    when = "today" if days == 0 else "tomorrow" if days == 1 else f"{on:%a} {on.day} {on:%b}"
    if contact.birthday is not None and contact.birthday.year is not None:
        return f"{when}, turns {on.year - contact.birthday.year}"
    return when


def today_points(data: HomeData) -> list[str]:
    """The short answer to "what should I do today?", most useful first."""
    points = [
        f"wish {contact.name.split()[0]} a happy birthday"
        for contact, on in data.birthdays
        if on == data.today
    ]
    if data.reach_out:
        names = [summary.contact.name.split()[0] for summary in data.reach_out]
        more = len(data.reach_out) + data.reach_out_more
        who = names[0] if more == 1 else f"{names[0]} and {more - 1} more"
        points.append(f"reach out to {who}")
    if data.checkin.due:
        points.append("take a check-in")
    if data.plan.next_up:
        count = len(data.plan.next_up)
        points.append(f"{count} planned action{'s' if count != 1 else ''} to go")
    return points
