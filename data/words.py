"""Small helpers for putting numbers into words (the words themselves live in content)."""

from __future__ import annotations


def plural(count: int, word: str) -> str:
    """``1 interaction``, ``3 interactions``, ``0 weeks``: a count and a regular noun."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
