"""plural: one helper for "1 interaction", "3 interactions"."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kith.data.words import plural


def test_one_and_many() -> None:
    assert plural(1, "interaction") == "1 interaction"
    assert plural(0, "week") == "0 weeks"
    assert plural(3, "planned action") == "3 planned actions"


@given(st.integers(min_value=-1000, max_value=10**6), st.sampled_from(["day", "week", "person"]))
def test_the_count_comes_first_and_only_one_is_singular(count: int, word: str) -> None:
    said = plural(count, word)
    assert said.startswith(f"{count} {word}")
    assert said.endswith(word) == (count == 1)
