"""What the person was told: notifications recorded through the public ``notify``.

Textual keeps notifications in a private list (``App._notifications``); tests read
them through this wrapper instead, so they check behaviour, not Textual's insides.
Screens and widgets notify through ``self.app.notify``, so wrapping the app's
catches theirs too.
"""

from __future__ import annotations

from typing import Any

from textual.app import App


def record_notifications(app: App[Any]) -> list[tuple[str, str]]:
    """From now on, every notification ``app`` shows is appended as (message, severity)."""
    told: list[tuple[str, str]] = []
    real = app.notify

    def notify(message: str, **kwargs: Any) -> None:
        told.append((str(message), str(kwargs.get("severity", "information"))))
        real(message, **kwargs)

    app.notify = notify  # type: ignore[method-assign]
    return told
