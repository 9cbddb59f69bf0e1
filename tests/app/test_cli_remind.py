"""``kith remind`` and ``kith calendar`` through ``main``: once a day, quiet hours, the
notifier (a fake, and notify-send for real when a session bus starts), --install and
--uninstall into a temporary XDG_CONFIG_HOME, and no Textual imported."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

import kith.app.cli
import kith.app.cli_remind
from kith.app.main import main
from kith.app.notifier import NotifySendBackend, deliver
from kith.data import schedule
from kith.data.clock import FixedClock
from kith.data.demo import build_demo_store
from kith.data.models.settings import ReminderSettings
from kith.data.reminders import SENT_FILE
from kith.data.store import Store
from tests.adversarial.test_no_network import no_network  # noqa: F401 - a fixture
from tests.conftest import FIXED_NOW

Run = Callable[..., tuple[int, str, str]]
LINE = "3 people you hoped to hear from. Open Kith?"


class FakeNotifier:
    def __init__(self, works: bool = True) -> None:
        self.name = "fake"
        self.works = works
        self.sent: list[tuple[str, str]] = []

    def send(self, title: str, body: str) -> bool:
        self.sent.append((title, body))
        return self.works


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FixedClock:
    fixed = FixedClock(FIXED_NOW, tz=UTC)  # Friday 20 November 2026, 12:00
    monkeypatch.setattr(kith.app.cli, "make_clock", lambda: fixed)
    return fixed


@pytest.fixture
def demo(data_dir: Path, clock: FixedClock) -> Path:
    build_demo_store(data_dir, clock)
    return data_dir


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeNotifier:
    notifier = FakeNotifier()
    monkeypatch.setattr(kith.app.cli_remind, "make_notifiers", lambda: [notifier])
    return notifier


@pytest.fixture
def commands(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    ran: list[list[str]] = []

    def runner(command: Sequence[str]) -> bool:
        ran.append(list(command))
        return True

    monkeypatch.setattr(kith.app.cli_remind, "make_runner", lambda: runner)
    return ran


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], data_dir: Path) -> Run:
    def invoke(*argv: str) -> tuple[int, str, str]:
        code = main([*argv, "--data-dir", str(data_dir)])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return invoke


# -- kith remind -------------------------------------------------------------------------
def test_remind_notifies_once_a_day(run: Run, demo: Path, fake: FakeNotifier) -> None:
    code, out, err = run("remind")
    assert (code, err) == (0, "")
    assert fake.sent == [("Kith", LINE)]
    assert out == f"{LINE} (sent to your desktop)\n"
    assert (demo / SENT_FILE).is_file()
    code, out, _ = run("remind")
    assert code == 0
    assert len(fake.sent) == 1  # the second run the same day stays quiet
    assert "already" in out and "--again" in out
    code, out, _ = run("remind", "--again")
    assert len(fake.sent) == 2


def test_remind_prints_when_no_service_answers(
    run: Run, demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dead = FakeNotifier(works=False)
    monkeypatch.setattr(kith.app.cli_remind, "make_notifiers", lambda: [dead, dead])
    code, out, err = run("remind")
    assert (code, out, err) == (0, f"{LINE}\n", "")
    assert len(dead.sent) == 2  # both tried
    assert run("remind")[1].startswith("Kith has already")


def test_scheduled_waits_for_the_time_and_keeps_quiet_hours(
    run: Run, demo: Path, fake: FakeNotifier, clock: FixedClock
) -> None:
    with Store.open(demo, clock=clock) as store:
        store.settings.change(reminders=ReminderSettings(at_minute=13 * 60).model_dump())
    assert run("remind", "--scheduled") == (0, "", "")  # 12:00, before 13:00
    assert fake.sent == []
    clock.set(datetime(2026, 11, 20, 23, 0, tzinfo=UTC))  # after, but quiet hours
    assert run("remind", "--scheduled") == (0, "", "")
    assert fake.sent == []
    assert not (demo / SENT_FILE).exists()
    clock.set(datetime(2026, 11, 20, 13, 5, tzinfo=UTC))
    assert run("remind", "--scheduled") == (0, "", "")
    assert fake.sent == [("Kith", LINE)]
    assert run("remind", "--scheduled") == (0, "", "")
    assert len(fake.sent) == 1


def test_by_hand_in_quiet_hours_it_prints_and_nothing_pops_up(
    run: Run, demo: Path, fake: FakeNotifier, clock: FixedClock
) -> None:
    clock.set(datetime(2026, 11, 20, 23, 0, tzinfo=UTC))
    code, out, _ = run("remind")
    assert code == 0
    assert out.splitlines()[0] == LINE
    assert "Quiet hours, 22:00 to 08:00" in out
    assert fake.sent == []
    assert "already" in run("remind")[1]


def test_remind_with_nothing_due_or_no_data(
    run: Run, data_dir: Path, fake: FakeNotifier, clock: FixedClock
) -> None:
    code, out, _ = run("remind")
    assert code == 0 and out.startswith("Nothing is waiting today")
    with Store.open(data_dir, clock=clock) as store:
        store.settings.change(
            reminders=ReminderSettings(checkin=False, reach_out=False).model_dump()
        )
    code, out, _ = run("remind")
    assert code == 0 and out.startswith("Nothing is waiting today")
    assert fake.sent == []
    assert not (data_dir / SENT_FILE).exists()


# -- the notifier ---------------------------------------------------------------------------
def test_deliver_uses_the_first_that_works() -> None:
    dead, alive, spare = FakeNotifier(False), FakeNotifier(), FakeNotifier()
    assert deliver("Kith", "hello", [dead, alive, spare]) == "fake"
    assert (dead.sent, alive.sent, spare.sent) == ([("Kith", "hello")], [("Kith", "hello")], [])
    assert deliver("Kith", "hello", [dead]) is None
    assert NotifySendBackend("no-such-notify-program").send("Kith", "x") is False


FAKE_SERVICE = Path(__file__).parent.parent / "fixtures" / "fake_notifications.py"


def on_private_bus(*argv: str) -> dict[str, Any]:
    """Run the stand-in notification service and one send under dbus-run-session."""
    bus = shutil.which("dbus-run-session")
    if bus is None:
        pytest.skip("dbus-run-session (the dbus package) is not installed: no session bus")
    pytest.importorskip("dbus_fast", reason="dbus-fast (with desktop-notifier) not installed")
    result = subprocess.run(
        [bus, "--", sys.executable, str(FAKE_SERVICE), *argv],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if not lines:
        pytest.skip(f"a private session bus could not be started: {result.stderr[-300:]}")
    found: dict[str, Any] = json.loads(lines[-1])
    return found


def test_desktop_notifier_for_real_on_a_private_session_bus() -> None:
    pytest.importorskip("desktop_notifier", reason="the notify extra is not installed")
    outcome = on_private_bus()
    assert outcome == {
        "delivered": True,
        "received": [["Kith", "Kith", "1 person you hoped to hear from. Open Kith?"]],
    }


def test_notify_send_for_real_on_a_private_session_bus() -> None:
    if shutil.which("notify-send") is None:
        pytest.skip("notify-send (libnotify-bin) is not installed")
    outcome = on_private_bus("notify-send")
    assert outcome["delivered"] is True
    assert outcome["received"][0][1:] == ["Kith", "1 person you hoped to hear from. Open Kith?"]


def test_desktop_notifier_says_no_without_a_bus(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("desktop_notifier", reason="the notify extra is not installed")
    from kith.app.notifier import DesktopNotifierBackend

    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path / 'no-bus-here'}")
    assert DesktopNotifierBackend().send("Kith", "hello") is False
    assert "Traceback" not in capfd.readouterr().err  # its failure log stays quiet


# -- --install / --uninstall ----------------------------------------------------------------
def test_install_and_uninstall_systemd(
    run: Run,
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    commands: list[list[str]],
) -> None:
    config = tmp_path / "xdg-config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    monkeypatch.setattr(schedule, "default_kind", lambda platform=None: "systemd")
    units = config / "systemd" / "user"
    code, out, err = run("remind", "--install")
    assert (code, err) == (0, "")
    service, timer = units / schedule.SERVICE, units / schedule.TIMER
    assert sorted(units.iterdir()) == [service, timer]
    assert f"Wrote {service}\nWrote {timer}\n" in out
    assert "The daily reminder is on" in out
    assert "Persistent=true" in timer.read_text()
    assert "OnCalendar=hourly" in timer.read_text()
    exec_start = next(
        line for line in service.read_text().splitlines() if line.startswith("ExecStart=")
    )
    assert exec_start == (
        f"ExecStart={sys.executable} -m kith.app.main --data-dir {data_dir.resolve()} "
        "remind --scheduled"
    )
    assert commands == [
        ["systemctl", "--user", "daemon-reload"],
        ["systemctl", "--user", "enable", "--now", "kith-remind.timer"],
    ]
    assert schedule.installed("systemd").installed
    # What `systemctl enable` would have linked; uninstall removes it too.
    wants = units / "timers.target.wants"
    wants.mkdir()
    (wants / schedule.TIMER).symlink_to(timer)
    commands.clear()
    code, out, _ = run("remind", "--uninstall")
    assert code == 0
    assert out.splitlines() == [
        f"Removed {service}",
        f"Removed {timer}",
        f"Removed {wants / schedule.TIMER}",
        "The daily reminder is off.",
    ]
    assert list(units.rglob("*")) == [wants]
    assert commands[0] == ["systemctl", "--user", "disable", "--now", "kith-remind.timer"]
    assert not schedule.installed("systemd").installed
    code, out, _ = run("remind", "--uninstall")
    assert "was not installed" in out


def test_install_says_so_when_systemd_does_not_answer(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    monkeypatch.setattr(schedule, "default_kind", lambda platform=None: "systemd")
    monkeypatch.setattr(kith.app.cli_remind, "make_runner", lambda: lambda command: False)
    code, out, _ = run("remind", "--install")
    assert code == 0
    assert "run: systemctl --user enable --now kith-remind.timer" in out


def test_install_launchd_and_cron(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, commands: list[list[str]]
) -> None:
    import plistlib

    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setattr(schedule, "default_kind", lambda platform=None: "launchd")
    code, out, _ = run("remind", "--install")
    plist = tmp_path / "home" / "Library" / "LaunchAgents" / "org.kith.remind.plist"
    assert out.splitlines()[0] == f"Wrote {plist}"
    agent = plistlib.loads(plist.read_bytes())
    assert agent["Label"] == "org.kith.remind"
    assert agent["ProgramArguments"][-2:] == ["remind", "--scheduled"]
    assert agent["StartCalendarInterval"] == {"Minute": 0}
    assert commands[-1][:2] == ["launchctl", "bootstrap"]
    code, out, _ = run("remind", "--uninstall")
    assert out.splitlines()[0] == f"Removed {plist}"
    assert not plist.exists()

    monkeypatch.setattr(schedule, "default_kind", lambda platform=None: "cron")
    before = sorted(tmp_path.rglob("*"))
    code, out, _ = run("remind", "--install")
    assert code == 0
    assert "wrote no files" in out
    assert "0 * * * * " in out and "remind --scheduled" in out
    assert sorted(tmp_path.rglob("*")) == before


def test_default_kind() -> None:
    assert schedule.default_kind("darwin") == "launchd"
    assert schedule.default_kind("freebsd14") == "cron"


def test_exec_start_quotes_odd_paths() -> None:
    (line,) = (
        x
        for x in schedule.systemd_units(["/a b/python", "--data-dir", "/x/100%"])[
            schedule.SERVICE
        ].splitlines()
        if x.startswith("ExecStart=")
    )
    assert line == 'ExecStart="/a b/python" --data-dir /x/100%%'


# -- kith calendar -------------------------------------------------------------------------
def test_calendar_to_a_file_twice_same_uids(run: Run, demo: Path, tmp_path: Path) -> None:
    out_file = tmp_path / "feed" / "kith.ics"
    out_file.parent.mkdir()
    code, out, err = run("calendar", "--output", str(out_file), "--reach-out", "--alarm", "9:00")
    assert (code, err) == (0, "")
    assert out.startswith(f"Wrote {out_file} (")
    assert oct(out_file.stat().st_mode & 0o777) == "0o600"
    first = Calendar.from_ical(out_file.read_bytes())
    events = list(first.walk("VEVENT"))
    birthdays = [e for e in events if str(e["summary"]).startswith("Birthday: ")]
    assert birthdays and all(e["rrule"]["FREQ"] == ["YEARLY"] for e in birthdays)
    assert any(str(e["summary"]).startswith("Reach out to ") for e in events)
    code, out, _ = run("calendar", "--output", str(out_file), "--reach-out", "--alarm", "9:00")
    assert out.startswith("Already up to date:")
    code, _, _ = run("calendar", "--output", str(tmp_path / "again.ics"), "--reach-out")
    again = Calendar.from_ical((tmp_path / "again.ics").read_bytes())
    assert {str(e["uid"]) for e in again.walk("VEVENT")} == {str(e["uid"]) for e in events}


def test_calendar_to_stdout_and_mistakes(
    demo: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    assert main(["calendar", "--data-dir", str(demo)]) == 0
    payload = capsysbinary.readouterr().out
    assert payload.startswith(b"BEGIN:VCALENDAR\r\n")
    with pytest.raises(SystemExit) as exit_info:
        main(["calendar", "--alarm", "25:00", "--data-dir", str(demo)])
    assert exit_info.value.code == 2


def test_calendar_with_no_data(run: Run) -> None:
    code, _out, err = run("calendar")
    assert code == 1 and "nothing saved yet" in err


# -- light -----------------------------------------------------------------------------------
@pytest.mark.parametrize("command", [["remind", "--again"], ["calendar", "--output", "-"]])
def test_remind_and_calendar_do_not_import_textual(data_dir: Path, command: list[str]) -> None:
    build_demo_store(data_dir, FixedClock(datetime.now(UTC)))
    code = (
        "import sys\n"
        "import kith.app.cli_remind as r\n"
        "r.make_notifiers = lambda: []\n"
        "from kith.app.main import main\n"
        f"code = main({command!r} + ['--data-dir', {str(data_dir)!r}])\n"
        "bad = {m.split('.')[0] for m in sys.modules} & {'textual', 'rich', 'vobject'}\n"
        "screens = [m for m in sys.modules if m.startswith('kith.screens')]\n"
        "print(code, sorted(bad), screens, file=sys.stderr)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "KITH_DATA_DIR"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert result.stderr.splitlines()[-1] == "0 [] []"


def test_kith_log_keeps_the_feed_up_to_date(
    run: Run, demo: Path, tmp_path: Path, clock: FixedClock
) -> None:
    folder = tmp_path / "cal"
    folder.mkdir()
    with Store.open(demo, clock=clock) as store:
        store.settings.change(feed={"enabled": True, "folder": str(folder), "reach_out": True})
        due = next(c for c in store.contacts.list() if c.rhythm_days)
    feed = folder / "kith.ics"
    assert not feed.exists()
    code, _, err = run("log", due.name, "--mode", "call")
    assert (code, err) == (0, "")
    events = list(Calendar.from_ical(feed.read_bytes()).walk("VEVENT"))
    assert any(str(e["summary"]).startswith("Reach out to ") for e in events)
    feed.unlink()
    folder.rmdir()
    code, _, err = run("log", due.name, "--mode", "call")
    assert code == 0  # the save stands
    assert err.startswith("kith: the calendar file was not updated: The folder")


def test_the_hourly_run_keeps_the_feed_fresh(
    run: Run, demo: Path, tmp_path: Path, clock: FixedClock, fake: FakeNotifier
) -> None:
    folder = tmp_path / "cal"
    folder.mkdir()
    with Store.open(demo, clock=clock) as store:
        store.settings.change(feed={"enabled": True, "folder": str(folder)})
    clock.set(datetime(2026, 11, 20, 3, 0, tzinfo=UTC))  # before the reminder time
    assert run("remind", "--scheduled") == (0, "", "")
    assert fake.sent == []
    first = Calendar.from_ical((folder / "kith.ics").read_bytes())
    assert any(str(e["summary"]).startswith("Birthday") for e in first.walk("VEVENT"))
    assert run("remind")[0] == 0


def test_calendar_and_remind_open_no_network_socket(
    run: Run,
    demo: Path,
    tmp_path: Path,
    fake: FakeNotifier,
    no_network: list[str],  # noqa: F811
) -> None:
    """The privacy net of tests/adversarial (D-Bus is a local socket and is not
    reached here: the notifier is the fake)."""
    assert run("calendar", "--reach-out", "--output", str(tmp_path / "k.ics"))[0] == 0
    assert run("remind", "--again")[0] == 0
    assert fake.sent
    assert no_network == []
