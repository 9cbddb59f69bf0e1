"""Words that never judge (issue 14): a list of words Kith must not show, checked
against every content string and every string in the code that can reach a screen
or a terminal, and the short labels of the content files (words.json)."""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from kith.data.content import read_content
from kith.data.words import in_person_words, plan_words, reach_out_words, rhythm_words, words

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "data" / "content"
CODE = [ROOT / "app", ROOT / "screens", ROOT / "widgets", ROOT / "data"]

# Anywhere in what Kith shows: debt, failure, streaks, grades, and loneliness as
# something a person is rather than something felt for a while.
FORBIDDEN = [
    r"\boverdue\b",
    r"\bfail(ed|ure|ing)?\b",
    r"\bstreaks?\b",
    r"\bsevere loneliness\b",
    r"\bvery lonely\b",
    r"\bmoderately lonely\b",
    r"\byou are lonely\b",
    r"\bantidote\b",
    r"\breached out \d+ times?\b",
    r"\d+% of \d+ logged",
]
# "lonely" as a bare label: a short string that is just a (qualified) "lonely".
BARE_LABEL = re.compile(r"^(not |very |moderately |quite )?lonely$", re.IGNORECASE)
# "8 of 9, lonely" or "5/9 · Lonely": a score beside the word as a label.
SCORE_LABEL = re.compile(r"\d+\s*(of|/)\s*\d+\s*[,·]\s*(not |very )?lonely\b", re.IGNORECASE)


BAND_ID_LISTS = re.compile(r"\.says_(more|less)_than\.[a-z_]+\[\d+\]$")


def content_strings() -> Iterator[tuple[str, str]]:
    """Every string in every content file, with where it is."""

    def walk(value: object, where: str) -> Iterator[tuple[str, str]]:
        if isinstance(value, str):
            # ids are never shown, nor the band ids a direct answer's rules name
            if not where.endswith(".id") and not BAND_ID_LISTS.search(where):
                yield where, value
        elif isinstance(value, dict):
            for key, item in value.items():
                yield from walk(item, f"{where}.{key}")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                yield from walk(item, f"{where}[{index}]")

    for path in sorted(CONTENT.glob("*.json")):
        yield from walk(json.loads(path.read_text(encoding="utf-8")), path.name)


def code_strings() -> Iterator[tuple[str, str]]:
    """Every string literal in the code (f-string parts too), docstrings left out:
    they are for programmers, not shown."""
    for folder in CODE:
        for path in sorted(folder.rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            docstrings = {
                id(node.body[0].value)
                for node in ast.walk(tree)
                if isinstance(
                    node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef
                )
                and node.body
                and isinstance(node.body[0], ast.Expr)
                and isinstance(node.body[0].value, ast.Constant)
            }
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Constant)
                    and isinstance(node.value, str)
                    and id(node) not in docstrings
                ):
                    yield f"{path.relative_to(ROOT)}:{node.lineno}", node.value


def judging(text: str) -> list[str]:
    found = [pattern for pattern in FORBIDDEN if re.search(pattern, text, re.IGNORECASE)]
    if BARE_LABEL.match(text.strip()):
        found.append("lonely as a bare label")
    if SCORE_LABEL.search(text):
        found.append("a score labelled lonely")
    return found


def test_the_list_catches_what_it_should() -> None:
    for bad in [
        "overdue by 2 weeks",
        "Very lonely",
        "Lonely",
        "8 of 9, lonely",
        "5/9 · Lonely",
        "a streak of 3",
        "Save failed",
        "You reached out 0 times, they did 1",
        "In person 0% of 1 logged",
        "severe loneliness",
    ]:
        assert judging(bad), bad
    for fine in [
        "Feeling lonely lately",
        "You said you feel lonely often or always.",
        "last talked 5 weeks ago · you hoped for every 3 weeks",
        "How often do you feel lonely?",
    ]:
        assert not judging(fine), fine


def test_no_content_string_judges() -> None:
    bad = [(where, text, judging(text)) for where, text in content_strings() if judging(text)]
    assert bad == []


def test_no_string_in_the_code_judges() -> None:
    bad = [(where, text, judging(text)) for where, text in code_strings() if judging(text)]
    assert bad == []


def test_band_labels_are_a_feeling_in_time() -> None:
    instruments = json.loads(read_content("instruments.json"))
    for inst in instruments["instruments"]:
        for band in inst["bands"]:
            assert "lately" in band["label"].lower(), band["label"]
            assert not BARE_LABEL.match(band["short"]), band["short"]


# -- the words themselves ------------------------------------------------------------
def test_words_load_and_every_template_fills() -> None:
    said = words()
    keep = said.keep_in_touch
    assert keep.line_past.format(since="5 weeks ago", rhythm="3 weeks") == (
        "last talked 5 weeks ago · you hoped for every 3 weeks"
    )
    keep.line_never.format(rhythm="week")
    keep.table_past.format(rhythm="week")
    keep.home_past.format(since="today")
    said.link.number.format(r="+0.10", pairs=9, strength="a weak link")


@pytest.mark.parametrize(
    ("days", "expected"),
    [(1, "day"), (7, "week"), (14, "2 weeks"), (21, "3 weeks"), (30, "month"), (90, "3 months"),
     (10, "10 days"), (365, "year")],
)  # fmt: skip
def test_rhythm_words(days: int, expected: str) -> None:
    assert rhythm_words(days) == expected


def test_together_is_described_only_with_enough_to_go_on() -> None:
    enough = words().together.enough
    assert in_person_words(0, 1) == ""  # not "In person 0% of 1 logged"
    assert reach_out_words(0, 1) == ""  # not "You reached out 0 times, they did 1"
    assert "calls, video and messages" in in_person_words(0, enough).lower()
    assert "count too" in in_person_words(1, enough)
    assert in_person_words(enough, enough).startswith("Often in person")
    assert reach_out_words(enough, 0) == "You usually reach out first."
    assert reach_out_words(0, enough) == "They usually reach out first."
    assert reach_out_words(enough, enough) == "You both reach out."


def test_plan_words_never_tally() -> None:
    assert plan_words(0, 2) == "2 planned"
    assert plan_words(1, 2) == "1 done, 1 to go"
    assert plan_words(2, 2) == "all 2 done"
    for done in range(4):
        assert "/" not in plan_words(done, 3) and " of " not in plan_words(done, 3)
