"""Saving from a screen: try the store, and if it refuses, say so in plain words.

Every save, change and delete a screen makes goes through ``save_or_say`` (or
``done_or_say`` when there is no result to keep), so a full disk or a locked
folder is always told the same way: a notification titled "Not saved" (or
"Not deleted"...) with the store's own sentence, and nothing else changes. The
person's input stays where it was. Forms and the check-in, which also show the
problem in place, call ``say_not_saved`` from their own ``except``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual.app import App
from textual.widget import Widget

from kith.data.errors import StoreError

R = TypeVar("R")

NOT_SAVED = "Not saved"
NOT_DELETED = "Not deleted"
NOT_REMOVED = "Not removed"


# An App, Screen or Widget: anything that can show a notification.
Notifier = App[Any] | Widget


def say_not_saved(notifier: Notifier, error: StoreError, *, title: str = NOT_SAVED) -> None:
    """Tell the person a save did not happen: the store's sentence, never markup."""
    notifier.notify(str(error), title=title, severity="error", markup=False)


def save_or_say(notifier: Notifier, save: Callable[[], R], *, title: str = NOT_SAVED) -> R | None:
    """``save()``'s result; or, if the store refuses, None after telling the person."""
    try:
        return save()
    except StoreError as error:
        say_not_saved(notifier, error, title=title)
        return None


def done_or_say(
    notifier: Notifier, change: Callable[[], object], *, title: str = NOT_SAVED
) -> bool:
    """``save_or_say`` for a change with no result to keep (a delete, a setting):
    True if it was made."""

    def made() -> bool:
        change()
        return True

    return save_or_say(notifier, made, title=title) is True
