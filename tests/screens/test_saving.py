"""save_or_say: one way every screen saves, and says so when the store refuses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kith.data.errors import NotFound, StoreWriteError
from kith.screens.saving import NOT_DELETED, done_or_say, save_or_say, say_not_saved


class Told:
    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def notify(self, message: str, **kwargs: Any) -> None:
        self.calls.append((message, kwargs))


def full_disk() -> None:
    raise StoreWriteError(Path("/data/kith.json"), OSError(28, "No space left on device"))


def test_a_save_that_works_returns_its_result_and_says_nothing() -> None:
    told = Told()
    assert save_or_say(told, lambda: "saved") == "saved"  # type: ignore[arg-type]
    assert done_or_say(told, lambda: None) is True  # type: ignore[arg-type]
    assert told.calls == []


def test_a_refused_save_is_said_once_in_the_store_s_words_never_markup() -> None:
    told = Told()
    assert save_or_say(told, full_disk) is None  # type: ignore[arg-type]
    [(message, kwargs)] = told.calls
    assert "No space left on device" in message
    assert kwargs == {"title": "Not saved", "severity": "error", "markup": False}


def test_a_refused_delete_has_its_own_title() -> None:
    told = Told()

    def delete_gone() -> None:
        raise NotFound("person", "abc")

    assert not done_or_say(told, delete_gone, title=NOT_DELETED)  # type: ignore[arg-type]
    assert told.calls[0][1]["title"] == "Not deleted"


def test_other_errors_are_not_swallowed() -> None:
    told = Told()
    with pytest.raises(ZeroDivisionError):
        save_or_say(told, lambda: 1 / 0)  # type: ignore[arg-type]
    assert told.calls == []


def test_say_not_saved_for_forms() -> None:
    told = Told()
    say_not_saved(told, NotFound("plan item", "x"))  # type: ignore[arg-type]
    assert told.calls == [
        (
            "That plan item no longer exists (id x).",
            {"title": "Not saved", "severity": "error", "markup": False},
        )
    ]
