"""The daily run of ``kith remind``: which files set it up, written and removed.

- Linux with systemd: a user service and timer in ``$XDG_CONFIG_HOME/systemd/user``
  (``~/.config`` without it); the timer has ``Persistent=true``, so a run missed
  while the computer slept happens when it wakes.
- macOS: a launchd agent in ``~/Library/LaunchAgents``.
- Elsewhere: a crontab line for the person to add (Kith never edits a crontab).

The timer fires every hour; ``kith remind --scheduled`` itself waits for the
reminder time chosen in Settings, keeps the quiet hours and sends at most one a
day. So changing the time in Settings needs no reinstall. No root anywhere.

``install`` and ``uninstall`` write or remove the files and ask the service manager
(``systemctl --user``, ``launchctl``) through a runner that tests replace.
"""

from __future__ import annotations

import os
import plistlib
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from kith.data.storage import atomic_write_bytes

Kind = Literal["systemd", "launchd", "cron"]

SERVICE = "kith-remind.service"
TIMER = "kith-remind.timer"
LAUNCHD_LABEL = "org.kith.remind"
PLIST = f"{LAUNCHD_LABEL}.plist"
CRON_SCHEDULE = "0 * * * *"


def remind_command(data_dir: Path, python: str | None = None) -> list[str]:
    """What the timer runs: this Python, Kith's CLI, the person's data folder."""
    return [
        python or sys.executable,
        "-m",
        "kith.app.main",
        "--data-dir",
        str(data_dir),
        "remind",
        "--scheduled",
    ]


def default_kind(platform: str | None = None) -> Kind:
    platform = platform or sys.platform
    if platform == "darwin":
        return "launchd"
    if platform.startswith("linux") and shutil.which("systemctl"):
        return "systemd"
    return "cron"


def systemd_dir(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    base = env.get("XDG_CONFIG_HOME") or str(Path(env.get("HOME", "~")) / ".config")
    return Path(base).expanduser() / "systemd" / "user"


def launchd_dir(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    return Path(env.get("HOME", "~")).expanduser() / "Library" / "LaunchAgents"


def _systemd_word(word: str) -> str:
    """One argument of ExecStart, quoted as systemd reads it (``%`` doubled)."""
    escaped = word.replace("%", "%%")
    if escaped and not any(ch in escaped for ch in " \t\"'\\;$"):
        return escaped
    return '"' + escaped.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _shell_word(word: str) -> str:
    import shlex

    return shlex.quote(word)


def systemd_units(command: Sequence[str]) -> dict[str, str]:
    exec_start = " ".join(_systemd_word(word) for word in command)
    service = (
        "# Written by `kith remind --install`; `kith remind --uninstall` removes it.\n"
        "[Unit]\n"
        "Description=Kith: one calm reminder a day\n\n"
        "[Service]\n"
        "Type=oneshot\n"
        f"ExecStart={exec_start}\n"
    )
    timer = (
        "# Written by `kith remind --install`; `kith remind --uninstall` removes it.\n"
        "[Unit]\n"
        "Description=Kith: look each hour whether today's reminder is due\n\n"
        "[Timer]\n"
        "OnCalendar=hourly\n"
        "Persistent=true\n"
        "RandomizedDelaySec=60\n\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )
    return {SERVICE: service, TIMER: timer}


def launchd_plist(command: Sequence[str]) -> bytes:
    payload: bytes = plistlib.dumps(
        {
            "Label": LAUNCHD_LABEL,
            "ProgramArguments": list(command),
            "StartCalendarInterval": {"Minute": 0},
            "RunAtLoad": True,
            "ProcessType": "Background",
        }
    )
    return payload


def cron_line(command: Sequence[str]) -> str:
    return f"{CRON_SCHEDULE} {' '.join(_shell_word(w) for w in command)}"


@dataclass(frozen=True)
class Installed:
    kind: Kind
    files: list[Path]  # the files that set up the daily run, as found on disk

    @property
    def installed(self) -> bool:
        return bool(self.files)


def unit_files(kind: Kind, env: Mapping[str, str] | None = None) -> list[Path]:
    """Where ``kind``'s files go (none for cron)."""
    if kind == "systemd":
        folder = systemd_dir(env)
        return [folder / SERVICE, folder / TIMER]
    if kind == "launchd":
        return [launchd_dir(env) / PLIST]
    return []


def installed(kind: Kind | None = None, env: Mapping[str, str] | None = None) -> Installed:
    """Whether the daily reminder is set up (its files exist)."""
    chosen = kind or default_kind()
    return Installed(chosen, [p for p in unit_files(chosen, env) if p.is_file()])


def write_files(
    kind: Kind, command: Sequence[str], env: Mapping[str, str] | None = None
) -> list[Path]:
    """Write ``kind``'s files (atomically, private to the person); the paths written."""
    paths = unit_files(kind, env)
    if not paths:
        return []
    folder = paths[0].parent
    folder.mkdir(parents=True, exist_ok=True)
    if kind == "systemd":
        units = systemd_units(command)
        for path in paths:
            atomic_write_bytes(path, units[path.name].encode())
    else:
        atomic_write_bytes(paths[0], launchd_plist(command))
    return paths


def remove_files(kind: Kind, env: Mapping[str, str] | None = None) -> list[Path]:
    """Remove ``kind``'s files; the paths that were there and are now gone."""
    removed = []
    extra = [systemd_dir(env) / "timers.target.wants" / TIMER] if kind == "systemd" else []
    for path in [*unit_files(kind, env), *extra]:
        if path.is_file() or path.is_symlink():
            path.unlink()
            removed.append(path)
    return removed


# -- setting it up and taking it down (the CLI and Settings share these) ---------------------
Runner = Callable[[Sequence[str]], bool]


def run_quietly(command: Sequence[str]) -> bool:
    """Run a service-manager command (``systemctl --user``, ``launchctl``); True if it
    worked. Never raises: a missing or silent service manager is a False."""
    if shutil.which(command[0]) is None:
        return False
    try:
        done = subprocess.run(list(command), capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


@dataclass(frozen=True)
class Outcome:
    kind: Kind
    paths: list[Path]  # written (install) or removed (uninstall)
    started: bool  # the service manager took it (install) or let it go (uninstall)
    hint: str = ""  # the command to run by hand when it did not
    cron: str = ""  # for cron: the line to add (install)


def install(
    data_dir: Path,
    runner: Runner = run_quietly,
    kind: Kind | None = None,
    env: Mapping[str, str] | None = None,
) -> Outcome:
    """Set up the daily run for the data folder ``data_dir``: write the files and ask
    the service manager to start it (for cron, only the line to add)."""
    chosen = kind or default_kind()
    command = remind_command(data_dir.resolve())
    if chosen == "cron":
        return Outcome("cron", [], False, cron=cron_line(command))
    written = write_files(chosen, command, env)
    if chosen == "systemd":
        started = runner(["systemctl", "--user", "daemon-reload"]) and runner(
            ["systemctl", "--user", "enable", "--now", TIMER]
        )
        hint = f"systemctl --user enable --now {TIMER}"
    else:
        plist, uid = str(written[0]), str(os.getuid())
        runner(["launchctl", "bootout", f"gui/{uid}", plist])  # an older copy, if loaded
        started = runner(["launchctl", "bootstrap", f"gui/{uid}", plist])
        hint = f"launchctl bootstrap gui/{uid} {plist}"
    return Outcome(chosen, written, started, hint)


def uninstall(
    runner: Runner = run_quietly,
    kind: Kind | None = None,
    env: Mapping[str, str] | None = None,
) -> Outcome:
    """Stop the daily run and remove its files (cron: nothing to remove here)."""
    chosen = kind or default_kind()
    if chosen == "cron":
        return Outcome("cron", [], False)
    if chosen == "systemd":
        stopped = runner(["systemctl", "--user", "disable", "--now", TIMER])
    else:
        plist = unit_files("launchd", env)[0]
        stopped = runner(["launchctl", "bootout", f"gui/{os.getuid()}", str(plist)])
    removed = remove_files(chosen, env)
    if chosen == "systemd" and removed:
        runner(["systemctl", "--user", "daemon-reload"])
    return Outcome(chosen, removed, stopped)
