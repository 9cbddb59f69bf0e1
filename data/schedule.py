"""The daily run of ``kith remind``: which files set it up, written and removed.

- Linux with systemd: a user service and timer in ``$XDG_CONFIG_HOME/systemd/user``
  (``~/.config`` without it); the timer has ``Persistent=true``, so a run missed
  while the computer slept happens when it wakes.
- macOS: a launchd agent in ``~/Library/LaunchAgents``.
- Elsewhere: a crontab line for the person to add (Kith never edits a crontab).

The timer fires every hour; ``kith remind --scheduled`` itself waits for the
reminder time chosen in Settings, keeps the quiet hours and sends at most one a
day. So changing the time in Settings needs no reinstall. No root anywhere.

This module only writes and removes files; ``app.cli_remind`` runs
``systemctl --user`` or ``launchctl``.
"""

from __future__ import annotations

import os
import plistlib
import shutil
import sys
from collections.abc import Mapping, Sequence
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
