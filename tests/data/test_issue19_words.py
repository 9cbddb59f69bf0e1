"""The words of the safety plan and of looking again at a hard moment stay kind:
none of the words Kith keeps out of everything it shows, and no claim of treatment."""

from __future__ import annotations

import json
import re
from importlib import resources
from typing import Any

import pytest

from kith.data.rethink import HardStretch, evidence_lines, rethink_content
from kith.data.safety_plan import safety_plan_content

FORBIDDEN = re.compile(
    r"\b(overdue|fail(s|ed|ure)?|streaks?|lonely|diagnos\w*|treatment|cure[sd]?|"
    r"should have|wrong|irrational|distorted|negative thinking)\b",
    re.IGNORECASE,
)


def strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in strings(item)]
    return []


@pytest.mark.parametrize("name", ["safety_plan.json", "rethink.json"])
def test_content_files_keep_the_words_out(name: str) -> None:
    raw = resources.files("kith.data").joinpath("content", name).read_text()
    found = [s for s in strings(json.loads(raw)) if FORBIDDEN.search(s)]
    assert found == []


def test_the_word_check_can_fail() -> None:
    assert FORBIDDEN.search("You failed to reply")
    assert FORBIDDEN.search("3 days overdue")
    assert not FORBIDDEN.search("a way to look again at a hard moment")


def test_generated_lines_keep_the_words_out() -> None:
    from datetime import date

    from kith.data.models import Contact, Interaction

    day = date(2026, 11, 20)
    log = [
        Interaction.model_validate(
            {"date": day, "contact_ids": ["s"], "felt": felt, "initiated_by": "them"},
            context={"today": date.max},
        )
        for felt in (1, 4, 5, 2)
    ]
    lines = evidence_lines("Sam", "s", log, day)
    reason = HardStretch(Contact(id="s", name="Sam"), 3, 4, day).reason
    assert lines and not [s for s in [*lines, reason] if FORBIDDEN.search(s)]


def test_it_says_what_it_is_and_is_not() -> None:
    assert "not therapy" in rethink_content().intro
    plan = safety_plan_content()
    assert "own" in plan.intro and "professional" in plan.intro
    assert "Stanley" in plan.source and "2012" in plan.source
