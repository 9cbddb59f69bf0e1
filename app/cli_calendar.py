"""``kith calendar``: write the calendar feed (an .ics file) from the saved data.

Read-only like ``kith status`` (no lock; works while Kith is open) and imports
neither Textual nor the screens.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kith.app import cli
from kith.app.cli_crypto import key_for
from kith.data.calendar_feed import FeedOptions, build_feed, write_feed
from kith.data.clock import today
from kith.data.reminders import read_snapshot
from kith.data.store import STORE_FILE, Store


def calendar(args: argparse.Namespace) -> int:
    from kith.data.reminders import parse_clock

    folder = cli.data_dir(args)
    clock = cli.make_clock()
    key = key_for(folder, args)
    snapshot = read_snapshot(folder / STORE_FILE, today(clock), clock.tz, key)
    if snapshot is None:
        raise ValueError("Kith has nothing saved yet, so there is no calendar to write.")
    options = FeedOptions(
        reach_out=args.reach_out,
        full_names=args.full_names,
        alarm_minute=parse_clock(args.alarm) if args.alarm else None,
    )
    payload = build_feed(snapshot, options)
    if args.output in (None, "-"):
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
        return 0
    path = Path(args.output).expanduser()
    changed = write_feed(path, payload)
    count = payload.count(b"BEGIN:VEVENT")
    print(
        f"{'Wrote' if changed else 'Already up to date:'} {path} "
        f"({count} event{'s' if count != 1 else ''}, private to you)."
    )
    return 0


def refresh_after_save(store: Store) -> None:
    """After a command saved something: keep the calendar feed of Settings up to date
    (if it is on). A feed that cannot be written is said on stderr; the save stands."""
    if not store.settings.get().feed.enabled:
        return
    from kith.data.calendar_feed import refresh_feed
    from kith.data.errors import StoreError
    from kith.data.reminders import snapshot_from_store

    try:
        refresh_feed(snapshot_from_store(store))
    except (ValueError, StoreError) as error:
        print(f"kith: the calendar file was not updated: {error}", file=sys.stderr)
