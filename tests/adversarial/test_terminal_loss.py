"""Issue 13, item 7: losing the terminal ends Kith in every state, and frees the lock.

A real pseudo-terminal, closed (as closing the window or killing tmux does) while
Kith shows the welcome, a form, the recovery screen, or is still opening the store
(the opener thread never returns). Each is repeated; after each, the process has
ended by itself (a state-based wait: its exit status) and the lock is free at once.
Also with SIGHUP ignored, so only the watch on the terminal itself can notice.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from kith.data.lock import LOCK_FILE, StoreLock
from kith.data.models import Contact
from kith.data.store import STORE_FILE, Store
from tests.adversarial.ptyapp import PtyApp

TRIES = 3

# The opener never finishes: "Opening your data…" stays, a thread still reading.
STUCK_OPENER = textwrap.dedent(
    """
    import sys, threading
    import kith.app.main as entry
    entry.open_store = lambda folder: threading.Event().wait()
    sys.exit(entry.main())
    """
)
# SIGHUP ignored once the app runs: only the watch on the terminal can tell it is gone.
IGNORE_SIGHUP = """
import signal
real = entry.close_on_signals
def ignoring(app, **kwargs):
    restore = real(app, **kwargs)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    return restore
entry.close_on_signals = ignoring
"""
PLAIN = "import sys\nimport kith.app.main as entry\nsys.exit(entry.main())\n"
NO_SIGHUP = PLAIN.replace("sys.exit(", IGNORE_SIGHUP + "sys.exit(")
STUCK_NO_SIGHUP = STUCK_OPENER.replace("sys.exit(", IGNORE_SIGHUP + "sys.exit(")


def saved(folder: Path, *, welcome_seen: bool = True) -> None:
    with Store.open(folder, backups=False) as store:
        store.settings.change(welcome_seen=welcome_seen)
        store.contacts.add(Contact(name="Ana Saved"))


def lock_is_free(folder: Path) -> bool:
    lock = StoreLock(folder / LOCK_FILE)
    lock.acquire()  # StoreLocked if Kith still held it
    lock.release()
    return True


def welcome(app: PtyApp, folder: Path) -> None:
    app.wait_for("to begin")


def loading(app: PtyApp, folder: Path) -> None:
    app.wait_for("Opening your data")


def form(app: PtyApp, folder: Path) -> None:
    app.wait_for("c Check in")
    app.press("4")
    app.wait_for("Ana Saved")
    app.press("n")
    app.wait_for("e.g. Sam Rivera")  # the name field, focused
    app.type("Unsaved")
    app.wait_for("Unsaved")


def recovery(app: PtyApp, folder: Path) -> None:
    app.wait_for("Move it aside")


STATES = {
    "welcome": (welcome, None),
    "loading": (loading, STUCK_OPENER),
    "form": (form, None),
    "recovery": (recovery, None),
    "form, SIGHUP ignored": (form, NO_SIGHUP),
    "loading, SIGHUP ignored": (loading, STUCK_NO_SIGHUP),
}


@pytest.mark.parametrize("state", list(STATES))
def test_closing_the_terminal_ends_kith_and_frees_the_lock(tmp_path: Path, state: str) -> None:
    reach, script = STATES[state]
    for attempt in range(TRIES):
        folder = tmp_path / f"try{attempt}"
        if state == "recovery":
            folder.mkdir()
            (folder / STORE_FILE).write_bytes(b"{damaged")
        elif state != "welcome":
            saved(folder)
        before = (folder / STORE_FILE).read_bytes() if (folder / STORE_FILE).exists() else b""
        app = PtyApp(folder, python_args=["-c", script] if script else None)
        try:
            reach(app, folder)
            app.hang_up()
            code = app.wait(timeout=30)  # its own exit status, not a time
        finally:
            app.kill()
        assert code != -9, f"{state}: Kith had to be killed"
        assert "Traceback" not in app.text, app.text[-800:]
        assert lock_is_free(folder), f"{state}: the lock is still held"
        after = (folder / STORE_FILE).read_bytes() if (folder / STORE_FILE).exists() else b""
        assert b"Unsaved" not in after
        if state in ("recovery",) or "loading" in state:
            assert after == before, f"{state}: the file changed"
