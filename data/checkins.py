"""Pure functions over stored check-ins: history, change, trend, rhythm, safety.

Nothing here touches the store or the screen: give it a list of ``CheckIn``
records (in any order) and it answers. Home asks ``checkin_due``; the
Check-in section uses the rest.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, tzinfo

from kith.data.instruments import Instrument, find_instrument, safety_met
from kith.data.models import CheckIn


def newest_first(checkins: Iterable[CheckIn]) -> list[CheckIn]:
    """Check-ins sorted newest first (ties broken by id, so the order is stable)."""
    return sorted(checkins, key=lambda c: (c.taken_at, c.id), reverse=True)


def latest(checkins: Iterable[CheckIn], instrument_id: str | None = None) -> CheckIn | None:
    """The most recent check-in, of one instrument if ``instrument_id`` is given."""
    chosen = [c for c in checkins if instrument_id is None or c.instrument_id == instrument_id]
    ordered = newest_first(chosen)
    return ordered[0] if ordered else None


def previous(checkins: Iterable[CheckIn], checkin: CheckIn) -> CheckIn | None:
    """The check-in of the same instrument taken just before ``checkin``."""
    key = (checkin.taken_at, checkin.id)
    earlier = [
        c
        for c in checkins
        if c.instrument_id == checkin.instrument_id
        and c.id != checkin.id
        and (c.taken_at, c.id) < key
    ]
    return latest(earlier)


@dataclass(frozen=True)
class Change:
    """How a check-in's total moved since the one before it (same instrument)."""

    previous: CheckIn
    delta: int  # this total minus the previous total; higher means lonelier


def change_since_last(checkins: Iterable[CheckIn], checkin: CheckIn) -> Change | None:
    """The change since the last check of the same instrument, or None if it is the first."""
    before = previous(checkins, checkin)
    if before is None:
        return None
    return Change(previous=before, delta=checkin.total - before.total)


def local_date(checkin: CheckIn, tz: tzinfo = UTC) -> date:
    """The day (in the user's zone) a check-in was taken."""
    return checkin.taken_at.astimezone(tz).date()


def trend_series(
    checkins: Iterable[CheckIn], instrument_id: str = "quick", tz: tzinfo = UTC
) -> list[tuple[date, int]]:
    """(local date, total) for every check-in of one instrument, oldest first."""
    chosen = [c for c in checkins if c.instrument_id == instrument_id]
    return [(local_date(c, tz), c.total) for c in reversed(newest_first(chosen))]


def next_checkin_date(
    checkins: Iterable[CheckIn], rhythm_days: int, tz: tzinfo = UTC
) -> date | None:
    """The day the next check-in is due: ``rhythm_days`` after the last one of any
    kind. None if there has never been one (a first check-in is due at once)."""
    last = latest(checkins)
    if last is None:
        return None
    return date.fromordinal(local_date(last, tz).toordinal() + rhythm_days)


def checkin_due(
    checkins: Iterable[CheckIn], rhythm_days: int, today: date, tz: tzinfo = UTC
) -> bool:
    """Is a check-in due today? True if there has never been one, or if the last
    one (quick or in-depth) was ``rhythm_days`` or more days ago."""
    due = next_checkin_date(checkins, rhythm_days, tz)
    return due is None or today >= due


def days_until_due(
    checkins: Iterable[CheckIn], rhythm_days: int, today: date, tz: tzinfo = UTC
) -> int:
    """Days until the next check-in is due: 0 if due today, negative once the
    rhythm's day has gone by."""
    due = next_checkin_date(checkins, rhythm_days, tz)
    return 0 if due is None else due.toordinal() - today.toordinal()


def safety_rule_met(checkin: CheckIn) -> bool:
    """Whether this result should come with the support and crisis resources.

    The rule (instruments.md): a quick check with a UCLA total of 6 or more, or
    "Often/always" on the direct question; an in-depth check in the severe
    band. It is read from the instrument's content, applied to what was stored.
    """
    inst = find_instrument(checkin.instrument_id)
    if inst is None:
        return False
    return safety_met(inst.safety, checkin.total, checkin.band, checkin.direct_answer)


@dataclass(frozen=True)
class Reading:
    """A check-in's result in words that agree with what the person said.

    When the direct answer says more loneliness than the scale's band ("Often/
    always", or "Some of the time" with a not-lonely band), or less ("Never" or
    "Hardly ever" with a lonely band), the person's own words lead and the score
    comes second; otherwise the band leads.
    """

    own_words_lead: bool
    headline: str  # the first words of the result
    second: str  # the score, second, when own words lead ("" otherwise)
    label: str  # in a line (Home, the Check-in section), lower case
    short: str  # in a table column
    home: str  # on Home, beside the score


def own_words_lead(inst: Instrument, band: str, direct_answer: str | None) -> bool:
    """Does the direct answer say more, or less, loneliness than the band?"""
    if inst.direct is None or direct_answer is None:
        return False
    direct = inst.direct
    return band in direct.says_more_than.get(direct_answer, []) or band in (
        direct.says_less_than.get(direct_answer, [])
    )


def own_words_meaning(inst: Instrument, direct_answer: str) -> str:
    """What a result led by the person's own answer means (the answer's own words,
    else the direct question's shared ones)."""
    assert inst.direct is not None
    words = inst.direct.own_words.get(direct_answer)
    return (words.meaning if words else "") or inst.direct.own_words_meaning


def reading(checkin: CheckIn) -> Reading:
    """How to put ``checkin``'s result into words (labels from the content, so a
    record keeps up with kinder wording; the stored label if the check is unknown)."""
    inst = find_instrument(checkin.instrument_id)
    if inst is None:
        label = checkin.band_label
        lower = label[:1].lower() + label[1:]
        return Reading(False, label, "", lower, label, lower)
    band = inst.band(checkin.band)
    label = band.label if band else checkin.band_label
    short = band.short if band else checkin.band_label
    if inst.direct is None or not own_words_lead(inst, checkin.band, checkin.direct_answer):
        lower = label[:1].lower() + label[1:]
        return Reading(False, label, "", lower, short, short[:1].lower() + short[1:])
    assert checkin.direct_answer is not None  # own_words_lead checked it
    words = inst.direct.own_words[checkin.direct_answer]
    second = next(
        (
            note.text.format(total=checkin.total, max=inst.scoring.max)
            for note in inst.direct.score_second
            if note.min <= checkin.total <= note.max
        ),
        "",
    )
    return Reading(True, words.headline, second, words.label, words.short, words.home)


RHYTHM_CHOICES: tuple[tuple[int, str], ...] = (
    (1, "Every day"),
    (3, "Every 3 days"),
    (7, "Every week"),
    (14, "Every 2 weeks"),
    (30, "Every month"),
)


def rhythm_label(days: int) -> str:
    """The check-in rhythm in words."""
    for value, label in RHYTHM_CHOICES:
        if value == days:
            return label
    return f"Every {days} days"
