"""The safety plan's wording (``content/safety_plan.json``), and the plan as plain text.

``kith safety-plan`` prints ``plan_text`` for a terminal or a printer; it
reads the saved file like ``kith status`` does (read-only, no lock), so it
works while Kith is open and never imports Textual.
"""

from __future__ import annotations

import textwrap
from datetime import date
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kith.data.content import CrisisResources, crisis_resources, read_content
from kith.data.crypto import StoreKey
from kith.data.errors import StoreCorrupt, StoreTooNew
from kith.data.journal import load_current
from kith.data.migrations import SCHEMA_VERSION, migrate, schema_version
from kith.data.models import SAFETY_PLAN_ID, PlanStep, SafetyLine, SafetyPlan

_LOAD_CONTEXT = {"today": date.max}
WIDTH = 78


class _Content(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class StepWords(_Content):
    id: PlanStep
    number: str
    title: str
    prompt: str
    example: str


class SafetyPlanContent(_Content):
    title: str
    intro: str
    source: str
    source_short: str
    empty: str
    cli_empty: str
    printed_footer: str
    steps: list[StepWords] = Field(min_length=len(PlanStep), max_length=len(PlanStep))

    def step(self, step: PlanStep) -> StepWords:
        for words in self.steps:
            if words.id is step:
                return words
        raise KeyError(step)  # pragma: no cover - the content test checks every step


@cache
def safety_plan_content() -> SafetyPlanContent:
    content = SafetyPlanContent.model_validate_json(read_content("safety_plan.json"))
    if [words.id for words in content.steps] != list(PlanStep):
        raise ValueError("safety_plan.json must list every step once, in order.")
    return content


def line_text(line: SafetyLine) -> str:
    """``"Ana · 0700 900 123 · any evening"``: a line as one string."""
    return " · ".join(part for part in (line.text, line.reach, line.note) if part)


def plan_text(
    plan: SafetyPlan,
    content: SafetyPlanContent | None = None,
    crisis: CrisisResources | None = None,
) -> str:
    """The plan as plain text, every step in order, then the free helplines."""
    content = content or safety_plan_content()
    crisis = crisis or crisis_resources()
    out = [content.title, "=" * len(content.title), "", *_wrap(content.intro), ""]
    for step in PlanStep:
        words = content.step(step)
        out.append(f"{words.number}. {words.title}" if words.number else words.title)
        lines = plan.lines(step)
        if lines:
            for line in lines:
                out.extend(_wrap(line_text(line), first="   - ", rest="     "))
        else:
            out.append("   (nothing written yet)")
        out.append("")
    out.append("Free helplines, open 24 hours a day:")
    for helpline in crisis.lines:
        text = f"{helpline.country}: {helpline.name}. {helpline.how}"
        out.extend(_wrap(text, first="   - ", rest="     "))
    numbers = ", ".join(f"{n.number} ({n.where})" for n in crisis.emergency.numbers)
    out.extend(["", *_wrap(content.printed_footer), *_wrap(numbers, first="   ", rest="   ")])
    out.extend(["", *_wrap(content.source)])
    return "\n".join(out) + "\n"


def _wrap(text: str, *, first: str = "", rest: str = "") -> list[str]:
    """Lines of at most WIDTH characters (for a terminal or a printer)."""
    return textwrap.wrap(
        text, width=WIDTH, initial_indent=first, subsequent_indent=rest, break_on_hyphens=False
    ) or [first.rstrip()]


def read_safety_plan(path: Path, key: StoreKey | None = None) -> SafetyPlan | None:
    """The safety plan saved in the data file at ``path`` (read-only, no lock), or None
    when there is no data file. Raises ``StoreCorrupt`` or ``StoreTooNew``."""
    tables = load_current(path, key)  # the snapshot with the journal replayed
    if tables is None:
        return None
    found = schema_version(tables)
    if found > SCHEMA_VERSION:
        raise StoreTooNew(path, found, SCHEMA_VERSION)
    if found < SCHEMA_VERSION:
        tables, _ = migrate(tables)
    for doc_id, doc in tables.get("safety_plan", {}).items():
        if isinstance(doc, dict) and doc.get("id") == SAFETY_PLAN_ID:
            try:
                return SafetyPlan.model_validate(doc, context=_LOAD_CONTEXT)
            except ValidationError as error:
                first = error.errors()[0]
                where = ".".join(str(part) for part in first["loc"]) or "record"
                raise StoreCorrupt(
                    path,
                    f"the safety plan (number {doc_id}) is not valid: {where}: {first['msg']}.",
                ) from None
    return SafetyPlan()
