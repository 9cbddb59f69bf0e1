"""Validation of text that a person types.

Rules (DESIGN.md, "User text is never markup"): control characters (Unicode
category Cc except newline and tab), lone surrogates and the bidirectional
override and isolate controls are refused, because Textual passes escape sequences
straight to the terminal. Zero-width joiners stay allowed: names and emoji
need them. Messages are plain words, shown next to the field.
"""

from __future__ import annotations

import re
import unicodedata

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

NAME_MAX = 200
NOTE_MAX = 10_000
SHORT_MAX = 500


# Unicode category Cc is exactly U+0000-U+001F and U+007F-U+009F (a range Unicode
# promises never to change); one regular expression finds them, and the bidi
# controls, in C instead of a Python loop per character (loading ten years of
# notes checks millions of characters).
# Lone surrogates (U+D800-U+DFFF, e.g. undecodable bytes in a command-line argument)
# are refused too: they cannot be written as UTF-8, so the file could not be saved.
_REFUSED = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff" + "".join(sorted(BIDI_CONTROLS)) + "]")


def forbidden_character(value: str, *, allow_newlines: bool) -> str | None:
    """The first character ``value`` may not contain, or None.

    Tabs are always allowed (``clean_text`` turns them into spaces on one-line
    fields); newlines only where ``allow_newlines``.
    """
    for found in _REFUSED.finditer(value):
        char = found.group()
        if char == "\t" or (allow_newlines and char == "\n"):
            continue
        return char
    return None


def describe_char(char: str) -> str:
    """A readable name for a refused character, e.g. ``U+001B``."""
    name = unicodedata.name(char, "")
    code = f"U+{ord(char):04X}"
    return f"{code} ({name.lower()})" if name else code


def clean_text(
    value: str,
    *,
    label: str,
    max_length: int,
    required: bool = False,
    allow_newlines: bool = False,
) -> str:
    """Trim and check one piece of user text; raise ValueError in plain words."""
    if not isinstance(value, str):  # pragma: no cover - pydantic checks type first
        raise ValueError(f"{label} must be text.")
    if allow_newlines:
        # Pasted Windows or old Mac line endings become plain newlines.
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = value.strip()
    if not allow_newlines:
        value = value.replace("\t", " ")
    if required and not value:
        raise ValueError(f"{label} is needed.")
    if len(value) > max_length:
        raise ValueError(
            f"{label} can be at most {max_length:,} characters (this one has {len(value):,})."
        )
    bad = forbidden_character(value, allow_newlines=allow_newlines)
    if bad is not None:
        if bad in "\n\r":
            raise ValueError(f"{label} must fit on one line.")
        if "\ud800" <= bad <= "\udfff":
            raise ValueError(
                f"{label} contains a broken character ({describe_char(bad)}), perhaps from "
                "text that was not UTF-8. Please type it again."
            )
        raise ValueError(
            f"{label} contains a hidden control character ({describe_char(bad)}) "
            "that Kith cannot store. Please remove it."
        )
    return value


def printable(value: object, limit: int | None = None) -> str:
    """``value`` as text safe to print or show: every control character, lone
    surrogate and bidirectional control replaced by U+FFFD (newlines too: a message
    is one line), cut to ``limit`` characters (with ``…``). For text from a file that
    is echoed back (ids, field values in an error), never for what is stored."""
    text = _REFUSED.sub("\ufffd", str(value))
    if limit is not None and len(text) > limit:
        text = text[: max(limit - 1, 0)] + "…"
    return text
