"""Putting numbers and facts into words: ``plural``, and Kith's short labels from
``data/content/words.json`` (what happened and what the person hoped for, in words
that describe rather than score, issue 14)."""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict, Field

from kith.data.content import read_content


class _Words(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class KeepInTouchWords(_Words):
    due_today: str
    tomorrow: str
    soon: str  # {span}
    table_past: str  # {rhythm}
    home_past: str  # {since}
    home_never: str
    line_past: str  # {since}, {rhythm}
    line_never: str  # {rhythm}


class TogetherWords(_Words):
    enough: int = Field(ge=1)  # fewer interactions than this: no description at all
    mostly_you: str
    mostly_them: str
    both: str
    in_person_often: str
    in_person_some: str
    in_person_none: str


class LinkWords(_Words):
    plain_none: str
    plain_less_lonely: str
    plain_more_lonely: str
    number: str  # {r}, {pairs}, {strength}
    home_less_lonely: str
    home_more_lonely: str
    home_none: str
    home_more: str


class PlanWords(_Words):
    none_done: str  # {total}
    some_done: str  # {done}, {left}
    all_done: str  # {done}


class UnlockWords(_Words):
    """The unlock screen's words (read there without pydantic: ``kith.data.unlock_words``;
    validated here so that a change to the file is checked)."""

    title: str
    explain: str
    label: str
    unlocking: str
    wrong: str  # {left}
    one_left: str
    some_left: str  # {count}
    empty: str
    refused: str
    closing: str
    hint: str


class EncryptionSettingsWords(_Words):
    heading: str
    on: str
    off: str
    how_on: str
    how_off: str


class EncryptionWords(_Words):
    unlock: UnlockWords
    settings: EncryptionSettingsWords


class SyncWords(_Words):
    """The app's words for sync (issue 17)."""

    arrived: str  # {changes}, {machines}
    arrived_title: str
    collisions_new: str  # {records}
    home_waiting: str  # {records}
    problem_title: str
    unexpected: str  # {reason}
    off: str
    demo: str
    on: str  # {folder}, {name}
    turning_on: str
    turned_on: str
    turned_off: str
    no_others: str
    machine: str  # {name}, {when}
    never: str
    collisions_none: str
    collisions_some: str  # {records}
    list_title: str
    list_intro: str
    list_empty: str
    list_row: str  # {kind}, {label}, {machine}, {when}
    detail_intro: str  # {machine}, {when}
    detail_same: str
    deleted: str
    empty_value: str
    mine_heading: str
    theirs_heading: str  # {machine}
    kept_mine: str  # {label}
    took_theirs: str  # {machine}, {label}


class Words(_Words):
    about: str
    keep_in_touch: KeepInTouchWords
    together: TogetherWords
    plan: PlanWords
    in_person_note: str
    link: LinkWords
    encryption: EncryptionWords
    sync: SyncWords


def plural(count: int, word: str) -> str:
    """``1 interaction``, ``3 interactions``, ``0 weeks``: a count and a regular noun."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


@cache
def words() -> Words:
    """The labels, validated (read once)."""
    return Words.model_validate_json(read_content("words.json"))


def rhythm_words(days: int) -> str:
    """What follows "every": ``week``, ``2 weeks``, ``month``, ``10 days``."""
    if days == 7:
        return "week"
    if days % 7 == 0 and days <= 63:
        return f"{days // 7} weeks"
    if days == 30:
        return "month"
    if days % 30 == 0 and days <= 330:
        return f"{days // 30} months"
    if days == 365:
        return "year"
    return "day" if days == 1 else f"{days} days"


def reach_out_words(by_me: int, by_them: int) -> str:
    """Who tends to reach out first, in words; "" until enough times are noted."""
    together = words().together
    noted = by_me + by_them
    if noted < together.enough:
        return ""
    if by_me >= 0.7 * noted:
        return together.mostly_you
    if by_them >= 0.7 * noted:
        return together.mostly_them
    return together.both


def in_person_words(in_person: int, total: int) -> str:
    """How much of the time together was in person, in words (calls and video count
    too); "" until enough is logged to mean something."""
    together = words().together
    if total < together.enough:
        return ""
    if in_person == 0:
        return together.in_person_none
    if in_person * 2 >= total:
        return together.in_person_often
    return together.in_person_some


def plan_words(done: int, total: int) -> str:
    """A week's plan without a tally that reads as a grade: ``2 planned``,
    ``1 done, 1 to go``, ``all 2 done``."""
    said = words().plan
    if done <= 0:
        return said.none_done.format(total=total)
    if done >= total:
        return said.all_done.format(done=done)
    return said.some_done.format(done=done, left=total - done)
