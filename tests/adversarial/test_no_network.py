"""Privacy: Kith never opens a network socket, in the app or on the command line.

Two nets. ``socket.socket``, ``socket.create_connection`` and ``socket.getaddrinfo``
are replaced by ones that refuse and record. And a ``sys.addaudithook`` hook
records every ``socket.__new__``, ``socket.connect``, name lookup and HTTP/URL
open event from anywhere (C code included) while the guard is on: Unix socket
pairs the event loop may make for itself are the only sockets allowed.
Last, the real ``kith`` under a pseudo-terminal, with the hook installed before
anything is imported.
"""

from __future__ import annotations

import socket
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kith.data.store import Store
from tests.apprun import open_as_run_does

NETWORK_EVENTS = {
    "socket.connect",
    "socket.bind",
    "socket.sendto",
    "socket.getaddrinfo",
    "socket.gethostbyname",
    "socket.gethostbyaddr",
    "socket.getnameinfo",
    "urllib.Request",
    "http.client.connect",
    "ftplib.connect",
    "smtplib.connect",
    "webbrowser.open",
}
LOCAL_FAMILIES = {socket.AF_UNIX}


class Guard:
    def __init__(self) -> None:
        self.on = False
        self.seen: list[str] = []

    def hook(self, event: str, args: tuple[Any, ...]) -> None:
        if not self.on:
            return
        if event == "socket.__new__":
            family = args[1]
            if family not in LOCAL_FAMILIES:
                self.seen.append(f"{event}{args[1:]}")
                raise OSError("Kith tests: no network")
        elif event in NETWORK_EVENTS:
            self.seen.append(f"{event}{args!r}"[:200])
            raise OSError("Kith tests: no network")


GUARD = Guard()
sys.addaudithook(GUARD.hook)  # audit hooks cannot be removed; the guard is off by default


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    attempts: list[str] = []

    class NoSocket(socket.socket):
        def __init__(self, family: Any = -1, *args: Any, **kwargs: Any) -> None:
            if family not in LOCAL_FAMILIES:
                attempts.append(f"socket.socket({family!r})")
                raise OSError("Kith tests: no network")
            super().__init__(family, *args, **kwargs)

    def refuse(name: str) -> Callable[..., Any]:
        def refused(*args: Any, **kwargs: Any) -> Any:
            attempts.append(f"{name}{args!r}"[:200])
            raise OSError("Kith tests: no network")

        return refused

    monkeypatch.setattr(socket, "socket", NoSocket)
    monkeypatch.setattr(socket, "create_connection", refuse("socket.create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("socket.getaddrinfo"))
    GUARD.seen.clear()
    GUARD.on = True
    try:
        yield attempts
    finally:
        GUARD.on = False
    attempts.extend(GUARD.seen)


def test_the_guard_catches_a_connection_attempt(no_network: list[str]) -> None:
    """The nets work (this test would pass vacuously otherwise)."""
    import urllib.request

    with pytest.raises(OSError):
        socket.create_connection(("example.com", 80), timeout=1)
    with pytest.raises(OSError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with pytest.raises(OSError):
        urllib.request.urlopen("http://127.0.0.1:9/", timeout=1)
    import _socket

    with pytest.raises(OSError):
        _socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)  # below the Python wrapper
    assert len(no_network) == 2, no_network  # the two Python-level nets
    assert len(GUARD.seen) >= 2, GUARD.seen  # the audit hook, also below the wrapper
    assert f"socket.__new__({int(socket.AF_INET6)}, " in " ".join(GUARD.seen)
    no_network.clear()
    GUARD.seen.clear()


async def form_focused(pilot: Any, app: Any) -> None:
    """Wait until a form is showing with its first field focused: on a loaded machine
    Pilot can send the next key before the form's focus has moved (a state, not a time;
    the bound only keeps a broken app from hanging the run)."""
    from kith.screens.form import FormScreen

    for _ in range(6000):
        if isinstance(app.screen, FormScreen) and app.focused is not None:
            return
        await pilot.pause(0.01)
    raise AssertionError(f"no form with a focused field: {app.screen!r}")


async def test_a_full_pilot_run_opens_no_socket(
    demo_store: Store, make_app: Callable[..., Any], no_network: list[str]
) -> None:
    app = make_app(demo_store)
    visited: list[str] = []
    async with app.run_test(size=(100, 32)) as pilot:
        for key in ("1", "2", "3", "4", "5"):
            await pilot.press(key)
            await pilot.pause()
            visited.append(type(app.screen).__name__)
        await pilot.press("4", "enter")  # a contact's page
        await pilot.pause()
        visited.append(type(app.screen).__name__)
        await pilot.press("escape", "question_mark")
        await pilot.pause()
        visited.append(type(app.screen).__name__)
        await pilot.press("escape", "exclamation_mark")
        await pilot.pause()
        visited.append(type(app.screen).__name__)
        await pilot.press("n")  # the support list form: type and save
        await form_focused(pilot, app)
        visited.append(type(app.screen).__name__)
        await pilot.press("tab", *"Offline Friend", "ctrl+s")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await app.run_action("new_contact")
        await form_focused(pilot, app)
        visited.append(type(app.screen).__name__)
        await pilot.press(*"Nobody Online", "ctrl+s")
        await pilot.pause()
        await app.run_action("start_checkin('quick')")
        await pilot.pause()
        visited.append(type(app.screen).__name__)
        for _ in range(6):
            await pilot.press("1" if _ < 5 else "enter")
            await pilot.pause()
        await pilot.press("escape", "escape", "ctrl+p")
        await pilot.pause()
        visited.append(type(app.screen).__name__)
        await pilot.press(*"insights", "enter")
        await pilot.pause()
        visited.append(type(app.screen).__name__)
        assert app.is_running
    print(f"\nno network: Pilot visited {visited}")
    assert {"HomeScreen", "PeopleScreen", "HelpScreen", "SupportScreen"} <= set(visited)
    assert "Offline Friend" in {e.name for e in demo_store.support.list()}
    assert "Nobody Online" in {c.name for c in demo_store.contacts.list()}
    assert no_network == []


def test_every_command_opens_no_socket(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    no_network: list[str],
) -> None:
    from kith.app.main import main

    ran: list[str] = []

    def fake_run(self: Any) -> None:
        open_as_run_does(self)
        assert self.opened_store is not None, self.open_error
        ran.append("app")

    monkeypatch.setattr("kith.app.app.KithApp.run", fake_run)
    folder = str(tmp_path / "kith")
    out = tmp_path / "out"
    out.mkdir()
    commands = [
        [],
        ["--demo"],
        ["log", "Sam", "--new", "--mode", "call", "--felt", "4"],
        ["status"],
        ["export", "--output", str(out / "all.json")],
        ["export", "--format", "csv", "--output", str(out / "tables.zip")],
        ["export", "--output", "-"],
        ["import", str(out / "all.json"), "--dry-run"],
        ["import", str(out / "all.json")],
        ["backup"],
        ["restore"],
        ["restore", "1", "--yes"],
    ]
    for argv in commands:
        code = main(["--data-dir", folder, *argv])
        assert code == 0, (argv, capsys.readouterr())
    for argv in (["--version"], ["--help"], ["log", "--help"]):
        with pytest.raises(SystemExit):
            main(argv)
    assert ran == ["app", "app"]
    print(f"\nno network: {len(commands) + 3} commands")
    assert no_network == []


GUARDED_KITH = textwrap.dedent(
    """
    import socket, sys
    def hook(event, args):
        bad = (event == "socket.__new__" and args[1] != socket.AF_UNIX) or event in {events!r}
        if bad:
            with open({log!r}, "a") as log:
                log.write(f"{{event}} {{args[1:]!r}}\\n")
            raise OSError("no network")
    sys.addaudithook(hook)
    import runpy
    sys.argv = ["kith", *sys.argv[1:]]
    runpy.run_module("kith.app.main", run_name="__main__", alter_sys=True)
    """
)


def test_the_real_app_in_a_terminal_opens_no_socket(tmp_path: Path) -> None:
    from tests.adversarial.ptyapp import PtyApp

    log = tmp_path / "network.log"
    folder = tmp_path / "kith"
    with Store.open(folder) as store:
        store.settings.change(welcome_seen=True)
    script = GUARDED_KITH.format(events=sorted(NETWORK_EVENTS), log=str(log))
    app = PtyApp(folder, python_args=["-c", script])
    try:
        app.wait_for("c Check in")  # Home with its data, not the frame drawn while opening
        # Each section's own title: the tab bar names every section on every screen,
        # so waiting for "Insights" would pass before the key was even read.
        for key, title in (
            ("2", "How connected you feel"),
            ("3", "Ways to build connection"),
            ("4", "The people who matter"),
            ("5", "Connection and wellbeing"),
            ("1", "Today at a glance"),
        ):
            app.press(key, pause=0.3)
            try:
                app.wait_for(title, timeout=20)
            except AssertionError:
                # This test is about sockets, not key delivery (the Pilot suites cover
                # that): on a loaded machine, give a key that seems lost one more go.
                print(f"key {key!r} pressed again")
                app.press(key, pause=0.3)
                app.wait_for(title)
        app.press("f2")
        app.wait_for("You are not alone")
        app.press("escape", pause=0.5)
        app.press("ctrl+q")
        assert app.wait() == 0
    finally:
        app.kill()
    assert "Traceback" not in app.text
    assert not log.exists(), log.read_text()
