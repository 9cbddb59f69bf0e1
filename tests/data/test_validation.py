"""Pydantic's errors in plain words: one mapping, for forms and the command line."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import BaseModel, Field, ValidationError, field_validator

from kith.data.validation import field_messages, first_message, plain_words


class Sample(BaseModel):
    name: str = Field(max_length=5)
    count: int = Field(ge=1, le=9)
    day: date | None = None
    tags: list[str] = Field(default_factory=list, max_length=2)

    @field_validator("name")
    @classmethod
    def _no_x(cls, value: str) -> str:
        if "x" in value:
            raise ValueError("A name without an x, please.")
        return value


def errors(**fields: object) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        Sample.model_validate(fields)
    return caught.value


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"count": 1}, "name", "This is needed."),
        ({"name": "ax", "count": 1}, "name", "A name without an x, please."),
        ({"name": "a", "count": "three"}, "count", "Please type a whole number."),
        ({"name": "a", "count": 0}, "count", "Please use 1 or more."),
        ({"name": "a", "count": 10}, "count", "Please use 9 or less."),
        ({"name": "a", "count": 1, "day": "soon"}, "day", "Please type a date like 2026-11-20."),
        (
            {"name": "a", "count": 1, "tags": ["a", "b", "c"]},
            "tags",
            "That is too many (at most 2).",
        ),
        ({"name": "abcdef", "count": 1}, "name", "That is too long (at most 5 characters)."),
    ],
)
def test_each_kind_of_error_in_plain_words(fields: dict, field: str, words: str) -> None:
    error = errors(**fields)
    assert field_messages(error)[field] == words
    assert first_message(error) == words


def test_the_first_message_per_field_and_the_model_s_own() -> None:
    error = errors(name="ax", count=0)
    assert field_messages(error) == {
        "name": "A name without an x, please.",
        "count": "Please use 1 or more.",
    }
    assert plain_words({"type": "something_new", "msg": "Odd."}) == "Odd."
    assert plain_words({}) == "This value is not valid."
