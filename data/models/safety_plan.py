"""The person's own safety plan: the six Stanley-Brown steps and reasons for living.

One record (id ``SAFETY_PLAN_ID``). Each step is a short list of lines in the
person's own words; a line in steps 3-5 may point at someone in People
(``contact_id``) and say how to reach them.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from kith.data.models.base import Name, NoteText, Record, ShortText

SAFETY_PLAN_ID = "safety-plan"
LINES_MAX = 100


class PlanStep(StrEnum):
    """The plan's parts, in the order they are shown and printed."""

    WARNING_SIGNS = "warning_signs"
    ON_MY_OWN = "on_my_own"
    PEOPLE_AND_PLACES = "people_and_places"
    ASK_FOR_HELP = "ask_for_help"
    PROFESSIONALS = "professionals"
    SAFER_SURROUNDINGS = "safer_surroundings"
    REASONS = "reasons"

    @property
    def takes_people(self) -> bool:
        """Steps whose lines may be chosen from People."""
        return self in (PlanStep.PEOPLE_AND_PLACES, PlanStep.ASK_FOR_HELP, PlanStep.PROFESSIONALS)


class SafetyLine(BaseModel):
    """One line of the plan: what or who, how to reach them, maybe someone in People."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    text: Name
    reach: ShortText = ""
    note: NoteText = ""
    contact_id: str | None = Field(default=None, max_length=64)


class SafetyPlan(Record):
    id: str = SAFETY_PLAN_ID
    warning_signs: list[SafetyLine] = Field(default_factory=list, max_length=LINES_MAX)
    on_my_own: list[SafetyLine] = Field(default_factory=list, max_length=LINES_MAX)
    people_and_places: list[SafetyLine] = Field(default_factory=list, max_length=LINES_MAX)
    ask_for_help: list[SafetyLine] = Field(default_factory=list, max_length=LINES_MAX)
    professionals: list[SafetyLine] = Field(default_factory=list, max_length=LINES_MAX)
    safer_surroundings: list[SafetyLine] = Field(default_factory=list, max_length=LINES_MAX)
    reasons: list[SafetyLine] = Field(default_factory=list, max_length=LINES_MAX)

    def lines(self, step: PlanStep) -> list[SafetyLine]:
        value: list[SafetyLine] = getattr(self, step.value)
        return value

    def has_content(self) -> bool:
        return any(self.lines(step) for step in PlanStep)

    def with_lines(self, step: PlanStep, lines: list[SafetyLine]) -> SafetyPlan:
        """A copy with ``step``'s lines replaced (validated)."""
        doc = self.model_dump()
        doc[step.value] = [line.model_dump() for line in lines]
        return SafetyPlan.model_validate(doc)
