"""Looking again at a hard moment: the content, Kith's evidence lines, hard stretches.

All pure functions on models. The evidence lines are facts from the person's own
log that may not fit a hard thought about someone ("Sam reached out to you 4
times in the past year"); only kind facts are offered, never a tally against
anyone. A hard stretch is 3 of the last 4 rated times with a person felt hard
or not great (1 or 2).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

from pydantic import BaseModel, ConfigDict, Field

from kith.data.content import read_content
from kith.data.models import Contact, Interaction, ThoughtRecord

YEAR_DAYS = 365
RECENT_RATED = 10  # how many rated times with a person "your last N" looks at
STRETCH_WINDOW = 4  # a hard stretch: of the last STRETCH_WINDOW rated times ...
STRETCH_HARD = 3  # ... at least STRETCH_HARD felt hard or not great
HARD_MAX = 2  # felt 1 (hard) or 2 (not great)
GOOD_MIN = 4  # felt 4 (good) or 5 (lovely)
NOT_NOW_DAYS = 30  # "not now" keeps the suggestion away this long


class _Content(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RethinkStep(_Content):
    id: str
    title: str
    prompt: str
    example: str


class ThinkingTrap(_Content):
    id: str
    name: str
    line: str


STEP_IDS = ("situation", "thought", "traps", "feeling", "supports", "against", "balanced", "after")


class RethinkContent(_Content):
    title: str
    intro: str
    source: str
    source_short: str
    offer_after_log: str
    stretch_offer: str
    saved: str
    empty: str
    evidence_intro: str
    no_evidence: str
    steps: list[RethinkStep] = Field(min_length=len(STEP_IDS), max_length=len(STEP_IDS))
    traps: list[ThinkingTrap] = Field(min_length=1)

    def step(self, step_id: str) -> RethinkStep:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    def trap(self, trap_id: str) -> ThinkingTrap | None:
        return next((trap for trap in self.traps if trap.id == trap_id), None)


@cache
def rethink_content() -> RethinkContent:
    content = RethinkContent.model_validate_json(read_content("rethink.json"))
    if tuple(step.id for step in content.steps) != STEP_IDS:
        raise ValueError(f"rethink.json must have the steps {', '.join(STEP_IDS)}, in order.")
    return content


def _times(count: int) -> str:
    return "once" if count == 1 else "twice" if count == 2 else f"{count} times"


def _with(contact_id: str, interactions: Iterable[Interaction]) -> list[Interaction]:
    """This person's interactions, latest first (by day, then when logged)."""
    found = [item for item in interactions if contact_id in item.contact_ids]
    found.sort(key=lambda item: (item.date, item.created), reverse=True)
    return found


def evidence_lines(
    name: str,
    contact_id: str,
    interactions: Iterable[Interaction],
    today: date,
    *,
    leave_out: str | None = None,
) -> list[str]:
    """Facts from the log that may not fit a hard thought about ``name``.

    ``leave_out`` is the hard moment being looked at (its own rating is not
    evidence about the other times).
    """
    mine = _with(contact_id, interactions)
    year_ago = today - timedelta(days=YEAR_DAYS)
    past_year = [item for item in mine if year_ago < item.date <= today]
    lines: list[str] = []

    reached = sum(1 for item in past_year if item.initiated_by == "them")
    if reached:
        lines.append(f"{name} reached out to you {_times(reached)} in the past year.")

    rated = [item for item in mine if item.felt is not None and item.id != leave_out]
    rated = rated[:RECENT_RATED]
    run = 0
    for item in rated:
        if item.felt is None or item.felt < GOOD_MIN:
            break
        run += 1
    good = sum(1 for item in rated if item.felt is not None and item.felt >= GOOD_MIN)
    if run >= 2:
        lines.append(f"Your last {run} times together felt good or lovely.")
    elif run == 1:
        lines.append("The time before this one felt good or lovely.")
    elif good:
        lines.append(f"{good} of your last {len(rated)} times together felt good or lovely.")

    if len(past_year) >= 2:
        lines.append(f"You and {name} have been in touch {len(past_year)} times in the past year.")
    return lines


@dataclass(frozen=True)
class HardStretch:
    contact: Contact
    hard: int  # how many of the last ``of`` rated times felt hard or not great
    of: int
    latest: date  # the day of the latest of them

    @property
    def reason(self) -> str:
        return (
            f"{self.hard} of your last {self.of} times with {self.contact.name} "
            "felt hard or not great."
        )


def stretch_for(contact_id: str, interactions: Iterable[Interaction]) -> tuple[int, int] | None:
    """``(hard, of)`` when at least STRETCH_HARD of the last STRETCH_WINDOW rated times
    with this person felt hard or not great; else None."""
    rated = [item for item in _with(contact_id, interactions) if item.felt is not None]
    recent = rated[:STRETCH_WINDOW]
    hard = sum(1 for item in recent if item.felt is not None and item.felt <= HARD_MAX)
    return (hard, len(recent)) if hard >= STRETCH_HARD else None


def not_now_until(today: date) -> date:
    return today + timedelta(days=NOT_NOW_DAYS)


def hard_stretches(
    contacts: Iterable[Contact],
    interactions: Sequence[Interaction],
    today: date,
    *,
    not_now: Mapping[str, date],
    records: Iterable[ThoughtRecord] = (),
) -> list[HardStretch]:
    """People with a hard stretch, the latest first. Left out: anyone archived, anyone
    "not now" was said for (until that day), and anyone whose stretch has been looked
    at again already (a thought record about them since its latest hard time)."""
    # Only what the count needs, read once per interaction (ten years is 25,000).
    by_person: dict[str, list[tuple[date, datetime, int]]] = {}
    for item in interactions:
        felt = item.felt
        if felt is not None:
            key = (item.date, item.created, felt)
            for contact_id in item.contact_ids:
                by_person.setdefault(contact_id, []).append(key)
    looked_at: dict[str, date] = {}
    for record in records:
        if record.contact_id is not None:
            seen = looked_at.get(record.contact_id)
            if seen is None or record.date > seen:
                looked_at[record.contact_id] = record.date
    found: list[HardStretch] = []
    for contact in contacts:
        if contact.archived:
            continue
        until = not_now.get(contact.id)
        if until is not None and today < until:
            continue
        recent = heapq.nlargest(STRETCH_WINDOW, by_person.get(contact.id, []))
        hard_days = [day for day, _, felt in recent if felt <= HARD_MAX]
        if len(hard_days) < STRETCH_HARD:
            continue
        latest = max(hard_days)
        seen = looked_at.get(contact.id)
        if seen is not None and seen >= latest:
            continue
        found.append(HardStretch(contact, len(hard_days), len(recent), latest))
    found.sort(key=lambda s: (s.latest, s.contact.name.casefold()), reverse=True)
    return found


def find_records(records: Iterable[ThoughtRecord], query: str) -> list[ThoughtRecord]:
    """Records whose text has every word of ``query`` (case ignored), newest first."""
    words = query.casefold().split()
    found = [r for r in records if all(word in r.search_text() for word in words)]
    found.sort(key=lambda r: (r.date, r.created), reverse=True)
    return found
