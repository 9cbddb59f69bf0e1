"""Stand-ins for ``KithApp.run`` where a test drives ``kith`` without a terminal."""

from __future__ import annotations

from typing import Any


def open_as_run_does(app: Any) -> None:
    """What ``KithApp.run`` does first for ``kith`` (off the UI thread there): open the
    store with the app's opener, or keep why it failed in ``open_error``."""
    try:
        app._store = app._opener()
    except Exception as error:
        app.open_error = error
