"""``kith remind``: one calm desktop notification about today, at most once a day;
``--install`` / ``--uninstall`` set up or remove its daily run.

Reads the saved data without the lock (like ``kith status``) and imports neither
Textual nor the screens.
"""

from __future__ import annotations

import argparse
import sys

from kith.app import cli
from kith.app.cli_crypto import key_for
from kith.app.notifier import Notifier, default_notifiers, deliver
from kith.data import schedule
from kith.data.clock import today
from kith.data.reminders import (
    Snapshot,
    clock_label,
    due_today,
    in_quiet_hours,
    last_sent,
    mark_sent,
    read_snapshot,
    reminder_line,
    reminder_time_reached,
    words,
)
from kith.data.store import STORE_FILE


def make_notifiers() -> list[Notifier]:
    """Where ``kith remind`` sends (tests replace this)."""
    return default_notifiers()


def make_runner() -> schedule.Runner:
    """What runs ``systemctl --user`` or ``launchctl`` (tests replace this)."""
    return schedule.run_quietly


def remind(args: argparse.Namespace) -> int:
    if args.install:
        return install(args)
    if args.uninstall:
        return uninstall(args)
    folder = cli.data_dir(args)
    clock = cli.make_clock()
    day = today(clock)
    moment = clock.now().astimezone(clock.tz)
    w = words().reminder
    snapshot = read_snapshot(folder / STORE_FILE, day, clock.tz, key_for(folder, args))
    if snapshot is None:
        if not args.scheduled:
            print(w.nothing)
        return 0
    if args.scheduled and snapshot.settings.feed.enabled:
        _refresh_feed(snapshot)  # each hour: the feed's days move on even if Kith stays shut
    chosen = snapshot.settings.reminders
    quiet = in_quiet_hours(moment.time(), chosen)
    if args.scheduled and (quiet or not reminder_time_reached(moment.time(), chosen)):
        return 0
    if not args.again and last_sent(folder) == day:
        if not args.scheduled:
            print(w.already)
        return 0
    line = reminder_line(due_today(snapshot))
    if line is None:
        if not args.scheduled:
            print(w.nothing)
        return 0
    if quiet:  # asked for by hand in quiet hours: said here, nothing pops up
        print(line)
        start, end = chosen.quiet_start or 0, chosen.quiet_end or 0
        print(w.quiet.format(start=clock_label(start), end=clock_label(end)))
        mark_sent(folder, day, clock.now())
        return 0
    sent_by = deliver(w.title, line, make_notifiers())
    if sent_by is None:
        print(line)
    elif not args.scheduled:
        print(f"{line} (sent to your desktop)")
    mark_sent(folder, day, clock.now())
    return 0


def _refresh_feed(snapshot: Snapshot) -> None:
    from kith.data.calendar_feed import refresh_feed
    from kith.data.errors import StoreError

    try:
        refresh_feed(snapshot)
    except (ValueError, StoreError) as error:
        print(f"kith: the calendar file was not updated: {error}", file=sys.stderr)


# -- --install / --uninstall ------------------------------------------------------------
def install(args: argparse.Namespace) -> int:
    outcome = schedule.install(cli.data_dir(args), make_runner())
    if outcome.kind == "cron":
        print(
            "No systemd or launchd here, so Kith wrote no files. Add this line with `crontab -e`:"
        )
        print(f"  {outcome.cron}")
        print("It runs each hour; Kith sends at most one reminder a day, at your chosen time.")
        return 0
    for path in outcome.paths:
        print(f"Wrote {path}")
    if outcome.started:
        print("The daily reminder is on. Choose its time and quiet hours in Kith's Settings (,).")
    else:
        print(
            f"The files are in place, but the service manager did not answer; run: {outcome.hint}"
        )
    return 0


def uninstall(args: argparse.Namespace) -> int:
    outcome = schedule.uninstall(make_runner())
    if outcome.kind == "cron":
        print("Kith wrote no files for cron. Remove its line with `crontab -e`: it holds")
        print("`kith.app.main` and `remind --scheduled`.")
        return 0
    for path in outcome.paths:
        print(f"Removed {path}")
    if outcome.paths:
        print("The daily reminder is off.")
    else:
        print("The daily reminder was not installed; nothing to remove.")
    return 0
