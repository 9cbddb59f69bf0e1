"""A ``Select`` you can set without opening it: a letter or a digit picks an option.

- ``keys``: a key for each value (``c`` call, ``v`` video, ``1`` ... ``5``);
- ``jump=True``: typing the first letters of an option (a name) jumps to it. The
  letters add up while they still match, and start again when they stop
  matching, with no timer, so the same keys always pick the same option.

Only letters, digits and spaces are taken; every other key (``!``, ``?``, tab,
ctrl+s) goes on to the form and the app as before.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Generic, TypeVar

from rich.console import RenderableType
from textual import events
from textual.widgets import Select

T = TypeVar("T")


def option_text(prompt: object) -> str:
    """What an option says, as plain text."""
    plain = getattr(prompt, "plain", None)
    return plain if isinstance(plain, str) else str(prompt)


class KeyedSelect(Select[T], Generic[T]):
    """A ``Select`` whose value can be chosen by ``keys`` or by typing (``jump``)."""

    def __init__(
        self,
        options: Iterable[tuple[RenderableType, T]],
        *,
        keys: Mapping[str, T] | None = None,
        jump: bool = False,
        **kwargs: Any,
    ) -> None:
        options = list(options)
        super().__init__(options, **kwargs)
        self.keys: dict[str, T] = dict(keys or {})
        self.jump = jump
        self._names = [(option_text(prompt).casefold(), value) for prompt, value in options]
        self._typed = ""

    def set_options(self, options: Iterable[tuple[RenderableType, T]]) -> None:
        options = list(options)
        self._names = [(option_text(prompt).casefold(), value) for prompt, value in options]
        super().set_options(options)

    def _takes(self, character: str | None) -> bool:
        if character is None or len(character) != 1:
            return False
        if character in self.keys:
            return True
        return self.jump and (character.isalnum() or (character == " " and bool(self._typed)))

    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        return not self.expanded and self._takes(character)

    def on_blur(self, _: events.Blur) -> None:
        self._typed = ""

    def _first_match(self, typed: str) -> T | None:
        for name, value in self._names:
            if name.startswith(typed):
                return value
        return None

    async def _on_key(self, event: events.Key) -> None:
        character = event.character
        if self.expanded or not self._takes(character):
            return
        assert character is not None
        event.stop()
        event.prevent_default()
        if character in self.keys and not (self.jump and self._typed):
            self.value = self.keys[character]
            return
        typed = (self._typed + character).casefold()
        found = self._first_match(typed)
        if found is None:
            typed = character.casefold()
            found = self._first_match(typed)
        self._typed = typed if found is not None else ""
        if found is not None:
            self.value = found
