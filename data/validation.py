"""Pydantic's validation errors in plain words: the one mapping forms and the
command line share.

``plain_words`` turns one error (an item of ``ValidationError.errors()``) into a
sentence a form shows beside its field; ``field_messages`` gives the first one
per field; ``first_message`` the first of all, for a one-line answer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pydantic import ValidationError

_Ctx = Mapping[str, Any]

_BY_TYPE: dict[str, Callable[[_Ctx], str]] = {
    "missing": lambda ctx: "This is needed.",
    "int_parsing": lambda ctx: "Please type a whole number.",
    "int_type": lambda ctx: "Please type a whole number.",
    "int_from_float": lambda ctx: "Please type a whole number.",
    "greater_than_equal": lambda ctx: f"Please use {ctx.get('ge')} or more.",
    "less_than_equal": lambda ctx: f"Please use {ctx.get('le')} or less.",
    "greater_than": lambda ctx: f"Please use more than {ctx.get('gt')}.",
    "too_long": lambda ctx: f"That is too many (at most {ctx.get('max_length')}).",
    "too_short": lambda ctx: "Please add at least one.",
    "string_too_long": lambda ctx: (
        f"That is too long (at most {ctx.get('max_length')} characters)."
    ),
    "date_parsing": lambda ctx: "Please type a date like 2026-11-20.",
    "date_from_datetime_parsing": lambda ctx: "Please type a date like 2026-11-20.",
    "date_type": lambda ctx: "Please type a date like 2026-11-20.",
    "enum": lambda ctx: "Please pick one of the choices.",
    "literal_error": lambda ctx: "Please pick one of the choices.",
}


def plain_words(error: Mapping[str, Any]) -> str:
    """One pydantic error in plain words.

    A model's own ``ValueError`` already speaks plainly: its words are kept, without
    pydantic's "Value error, " in front."""
    kind = str(error.get("type", ""))
    if kind in ("value_error", "assertion_error"):
        return str(error.get("msg", "")).removeprefix("Value error, ")
    words = _BY_TYPE.get(kind)
    if words is not None:
        return words(error.get("ctx") or {})
    return str(error.get("msg", "This value is not valid."))


def field_messages(error: ValidationError) -> dict[str, str]:
    """The first plain-words message for each top-level field (``"form"`` for errors
    about the whole model)."""
    messages: dict[str, str] = {}
    for item in error.errors():
        loc = item.get("loc") or ("form",)
        messages.setdefault(str(loc[0]), plain_words(item))
    return messages


def first_message(error: ValidationError) -> str:
    """The first problem, in plain words (for a one-line answer)."""
    errors = error.errors()
    return plain_words(errors[0]) if errors else "That value is not valid."
