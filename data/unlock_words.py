"""The unlock screen's words, from ``data/content/words.json`` (``encryption.unlock``).

Read without pydantic: the unlock screen is the first frame ``kith`` draws on an
encrypted store, before pydantic and the store are imported. The same words are
validated by ``kith.data.words.UnlockWords`` wherever the full words are read.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import orjson


@cache
def unlock_words() -> dict[str, str]:
    raw = resources.files("kith.data").joinpath("content", "words.json").read_bytes()
    section = orjson.loads(raw)["encryption"]["unlock"]
    return {str(name): str(text) for name, text in section.items()}


def tries_left_words(left: int) -> str:
    """How many more tries, in kind words."""
    words = unlock_words()
    return words["one_left"] if left == 1 else words["some_left"].format(count=left)
