"""Desktop notifications behind one small interface, for ``kith remind``.

Tried in order: ``desktop-notifier`` (the optional ``kith[notify]`` extra: D-Bus on
Linux, the notification centre on macOS), then the ``notify-send`` command. Each
says whether it delivered; when none does, the caller prints the line. Nothing
here needs a network: D-Bus is a local socket.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from typing import Protocol

SEND_TIMEOUT = 10.0  # seconds: a notification service that hangs is treated as absent


class Notifier(Protocol):
    name: str

    def send(self, title: str, body: str) -> bool:
        """Show one notification; True if a notification service took it."""
        ...


class DesktopNotifierBackend:
    name = "desktop-notifier"

    def send(self, title: str, body: str) -> bool:
        try:
            import asyncio
            import logging

            from desktop_notifier import DesktopNotifier
        except ImportError:
            return False
        # desktop-notifier logs a failed send (with a traceback) and returns normally:
        # its log stays quiet, and only its "dispatched" callback counts as delivered.
        logging.getLogger("desktop_notifier").setLevel(logging.CRITICAL)
        dispatched: list[bool] = []

        async def post() -> None:
            notifier = DesktopNotifier(app_name="Kith")
            await asyncio.wait_for(
                notifier.send(
                    title=title, message=body, on_dispatched=lambda: dispatched.append(True)
                ),
                SEND_TIMEOUT,
            )

        try:
            asyncio.run(post())
        except Exception:  # no session bus, no service, a timeout: not delivered
            return False
        return bool(dispatched)


class NotifySendBackend:
    name = "notify-send"

    def __init__(self, program: str = "notify-send") -> None:
        self.program = program

    def send(self, title: str, body: str) -> bool:
        path = shutil.which(self.program)
        if path is None:
            return False
        try:
            done = subprocess.run(
                [path, "--app-name=Kith", title, body],
                capture_output=True,
                timeout=SEND_TIMEOUT,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            return False
        return done.returncode == 0


def default_notifiers() -> list[Notifier]:
    return [DesktopNotifierBackend(), NotifySendBackend()]


def deliver(title: str, body: str, notifiers: Sequence[Notifier]) -> str | None:
    """Send with the first notifier that works; its name, or None if none did."""
    for notifier in notifiers:
        if notifier.send(title, body):
            return notifier.name
    return None
