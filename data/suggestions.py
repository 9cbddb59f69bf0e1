"""Strategies suggested "for you", each with the reason why.

A pure function over the store's records (no store, no UI), so every rule is
tested with hand-made data:

- the latest check-in: a high score (quick check total of 6 or more, or
  "Often/always" on the direct question; an in-depth check in the severe band)
  puts professional help first;
- the latest in-depth (De Jong Gierveld) check-in: emotional loneliness
  suggests opening up and cultivating close bonds; social loneliness suggests
  widening the circle;
- People: contacts overdue for a catch-up (by their keep-in-touch rhythm)
  suggest cultivating existing relationships;
- the plan history: strategies never tried yet (none of their actions done),
  two at most, among those not already suggested for a stronger reason.

A strategy appears once, with every reason that led to it, in the order the
rules above are listed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, timedelta, tzinfo
from typing import Literal

from kith.data.models import CheckIn, Contact, Interaction, PlanItem
from kith.data.people import reach_out, summarize
from kith.data.plan import tried_strategies
from kith.data.strategies import strategy_ids

Source = Literal["checkin", "people", "plan"]

QUICK = "quick"
IN_DEPTH = "djg6"
QUICK_HIGH_TOTAL = 6
CHRONIC_ANSWER = "often_always"
SEVERE_BAND = "severe"
SUBSCALE_LONELY_FROM = 1
# Check-ins older than this no longer shape the suggestions.
FRESH_DAYS = 90
# At most this many "not tried yet" suggestions: a nudge, not a to-do list.
UNTRIED_MAX = 2
# Professional help is offered from a check-in, never as "not tried yet".
NOT_FROM_HISTORY = frozenset({"professional"})


@dataclass(frozen=True)
class Reason:
    source: Source
    text: str  # a full, kind sentence
    tag: str  # a few words for a narrow list


@dataclass(frozen=True)
class Suggestion:
    strategy_id: str
    reasons: tuple[Reason, ...]

    @property
    def reason(self) -> str:
        return " ".join(reason.text for reason in self.reasons)

    @property
    def tag(self) -> str:
        return self.reasons[0].tag


def _day(checkin: CheckIn, tz: tzinfo) -> date:
    return checkin.taken_at.astimezone(tz).date()


def _on(day: date) -> str:
    return f"{day.day} {day:%b}"


def is_high(checkin: CheckIn) -> bool:
    """The result that comes with support resources (instruments.md, safety rule)."""
    if checkin.instrument_id == QUICK:
        return checkin.total >= QUICK_HIGH_TOTAL or checkin.direct_answer == CHRONIC_ANSWER
    if checkin.instrument_id == IN_DEPTH:
        return checkin.band == SEVERE_BAND
    return False


def lonely_on(checkin: CheckIn, subscale: str) -> bool:
    return checkin.subscales.get(subscale, 0) >= SUBSCALE_LONELY_FROM


def _latest(checkins: Iterable[CheckIn], today: date, tz: tzinfo) -> list[CheckIn]:
    """Fresh check-ins, newest first."""
    oldest = today - timedelta(days=FRESH_DAYS)
    fresh = [c for c in checkins if oldest <= _day(c, tz) <= today]
    return sorted(fresh, key=lambda c: c.taken_at, reverse=True)


def checkin_reasons(
    checkins: Iterable[CheckIn], today: date, tz: tzinfo = UTC
) -> list[tuple[str, Reason]]:
    """``(strategy_id, reason)`` pairs from the latest check-ins."""
    found: list[tuple[str, Reason]] = []
    recent = _latest(checkins, today, tz)
    if not recent:
        return found
    latest = recent[0]
    if is_high(latest):
        found.append(
            (
                "professional",
                Reason(
                    "checkin",
                    f"Your check-in on {_on(_day(latest, tz))} suggests things have felt "
                    "hard lately. A doctor, therapist or counsellor can help, alongside "
                    "the people around you.",
                    "your recent check-in",
                ),
            )
        )
    in_depth = next((c for c in recent if c.instrument_id == IN_DEPTH), None)
    if in_depth is None:
        return found
    when = _on(_day(in_depth, tz))
    if lonely_on(in_depth, "emotional"):
        found.append(
            (
                "open_up",
                Reason(
                    "checkin",
                    f"Your in-depth check-in on {when} points to emotional loneliness: "
                    "missing a close bond. Sharing a little more with someone you trust "
                    "can help one grow.",
                    "missing a close bond",
                ),
            )
        )
        found.append(
            (
                "cultivate",
                Reason(
                    "checkin",
                    f"Your in-depth check-in on {when} points to emotional loneliness. "
                    "Time with the people you are already fond of can deepen those bonds.",
                    "missing a close bond",
                ),
            )
        )
    if lonely_on(in_depth, "social"):
        found.append(
            (
                "widen",
                Reason(
                    "checkin",
                    f"Your in-depth check-in on {when} points to social loneliness: "
                    "wanting a wider circle. Meeting people through shared interests "
                    "can help, a step at a time.",
                    "wanting a wider circle",
                ),
            )
        )
    return found


def _names(names: Sequence[str]) -> str:
    if len(names) <= 3:
        return ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + names[-1]
    return f"{', '.join(names[:2])} and {len(names) - 2} more"


def people_reason(
    contacts: Iterable[Contact],
    interactions: Iterable[Interaction],
    today: date,
    tz: tzinfo = UTC,
) -> Reason | None:
    """Why cultivating fits now: people overdue for a catch-up (or due today)."""
    due = reach_out(summarize(contacts, interactions, today, tz=tz).values(), today)
    if not due:
        return None
    overdue = [s for s in due if s.days_overdue > 0]
    chosen = overdue or due
    names = _names([s.contact.name for s in chosen])
    count = len(chosen)
    people = "1 person is" if count == 1 else f"{count} people are"
    when = "overdue for a catch-up" if overdue else "due a catch-up today"
    return Reason(
        "people",
        f"{people} {when}, going by the rhythms you set in People: {names}.",
        f"{count} overdue" if overdue else f"{count} due today",
    )


def untried(plan: Iterable[PlanItem]) -> list[str]:
    """Strategies none of whose actions have been done yet (professional help left out)."""
    tried = tried_strategies(plan)
    return [s for s in strategy_ids() if s not in tried and s not in NOT_FROM_HISTORY]


def suggest(
    *,
    checkins: Iterable[CheckIn],
    contacts: Iterable[Contact],
    interactions: Iterable[Interaction],
    plan: Iterable[PlanItem],
    today: date,
    tz: tzinfo = UTC,
    limit: int | None = None,
) -> list[Suggestion]:
    """The suggestions, most relevant first, at most ``limit`` of them."""
    pairs: list[tuple[str, Reason]] = list(checkin_reasons(checkins, today, tz))
    overdue = people_reason(contacts, interactions, today, tz)
    if overdue is not None:
        pairs.append(("cultivate", overdue))
    already = {strategy_id for strategy_id, _ in pairs}
    fresh = [s for s in untried(plan) if s not in already][:UNTRIED_MAX]
    for strategy_id in fresh:
        pairs.append(
            (
                strategy_id,
                Reason(
                    "plan",
                    "You have not tried this one yet. One small action is enough to start.",
                    "not tried yet",
                ),
            )
        )
    grouped: dict[str, list[Reason]] = {}
    for strategy_id, reason in pairs:
        grouped.setdefault(strategy_id, []).append(reason)
    suggestions = [Suggestion(sid, tuple(reasons)) for sid, reasons in grouped.items()]
    return suggestions if limit is None else suggestions[:limit]
