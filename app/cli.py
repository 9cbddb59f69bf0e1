"""Subcommands of ``kith`` (log, status, calendar, remind, export, import, backup,
restore, keys).

``add_subcommands`` registers them on the main parser; each sets
``args.handler``, a function ``(args) -> int`` (the exit code).

This module is imported for every ``kith`` start, so it imports only the
standard library: each command's module (``app.cli_capture`` for log and
status, ``app.cli_calendar``, ``app.cli_remind``, ``app.cli_exchange`` for the
rest) is imported when that command runs. ``kith status``, ``kith calendar`` and
``kith remind`` never import Textual.

Exit codes: 0 done, 1 a user-facing problem (one line on stderr, never a
traceback), 2 wrong usage (argparse), 130 interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import re
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    from kith.data.clock import Clock

Handler = Callable[[argparse.Namespace], int]

MODES = {
    "in_person": "in_person",
    "in-person": "in_person",
    "inperson": "in_person",
    "person": "in_person",
    "met": "in_person",
    "call": "call",
    "phone": "call",
    "video": "video",
    "message": "message",
    "text": "message",
    "chat": "message",
    "other": "other",
}


def make_clock() -> Clock:
    """Where commands get "now" (tests replace this)."""
    from kith.data.clock import SystemClock

    return SystemClock()


def data_dir(args: argparse.Namespace) -> Path:
    from kith.data.paths import resolve_data_dir

    return resolve_data_dir(getattr(args, "data_dir", None))


def say_error(message: str) -> int:
    """One line on stderr, exit code 1."""
    print(f"kith: {' '.join(message.split())}", file=sys.stderr)
    return 1


# What a command prints may quote a file (a name, an id, a birthday from a vCard):
# control characters (but newline and tab), lone surrogates and bidi controls never
# reach the terminal.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


class SafeOutput:
    """Stands in for ``sys.stdout`` or ``sys.stderr`` while a command runs.

    Text is cleaned of control characters and encoded with replacement (an
    ISO-8859-1 terminal gets ``?`` for what it cannot show, never a codec error), and
    a failed write (a closed pipe, a terminal gone) is dropped: once a command has
    saved, nothing it prints can turn that into a failure and invite a retry that
    saves twice. ``buffer`` (raw bytes, as for ``export --output -``) is the real one.
    """

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self._broken = False
        reconfigure = getattr(stream, "reconfigure", None)
        if callable(reconfigure):
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")

    def write(self, text: str) -> int:
        if self._broken:
            return len(text)
        clean = _UNPRINTABLE.sub("\ufffd", text)
        try:
            self._stream.write(clean)
            if "\n" in clean:
                self._stream.flush()
        except (OSError, ValueError, UnicodeError):
            self._lost()
        return len(text)

    def flush(self) -> None:
        if self._broken:
            return
        try:
            self._stream.flush()
        except (OSError, ValueError):
            self._lost()

    def _lost(self) -> None:
        """The terminal or pipe is gone: later output, and the flush at exit, go nowhere."""
        self._broken = True
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self._stream.fileno())
            os.close(devnull)
        except (OSError, ValueError, AttributeError):
            pass

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def guarded(module: str, name: str) -> Handler:
    """A handler that imports ``module.name`` when run and turns every expected failure
    into one plain line on stderr (exit 1)."""

    def run(args: argparse.Namespace) -> int:
        real = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = SafeOutput(real[0]), SafeOutput(real[1])
        try:
            return run_guarded(args)
        finally:
            with contextlib.suppress(Exception):
                sys.stdout.flush()
            sys.stdout, sys.stderr = real

    def run_guarded(args: argparse.Namespace) -> int:
        from pydantic import ValidationError

        from kith.data.errors import StoreError
        from kith.data.validation import first_message

        try:
            handler: Handler = getattr(importlib.import_module(module), name)
            return handler(args)
        except StoreError as error:
            return say_error(str(error))
        except ValidationError as error:
            return say_error(first_message(error))
        except ValueError as error:  # includes ExchangeError and VCardError
            return say_error(str(error))
        except OSError as error:
            if isinstance(error, BrokenPipeError):
                return 1
            where = f" ({error.filename})" if error.filename else ""
            return say_error(f"{error.strerror or error}{where}.")
        except KeyboardInterrupt:
            print(file=sys.stderr)
            say_error("stopped; nothing more was changed.")
            return 130
        except Exception as error:  # a bug: still one line, unless debugging
            if os.environ.get("KITH_DEBUG"):
                raise
            return say_error(
                f"something unexpected went wrong ({type(error).__name__}: {error}). "
                "Run again with KITH_DEBUG=1 to see the details."
            )

    return run


# -- argument types (a bad value is wrong usage: exit 2) ---------------------------------
def mode_type(text: str) -> str:
    key = text.strip().casefold().replace(" ", "_")
    if key not in MODES:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a mode; use in_person, call, video, message or other"
        )
    return MODES[key]


def felt_type(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 5:
        raise argparse.ArgumentTypeError(f"'{text}' is not 1 to 5 (1 hard, 3 okay, 5 lovely)")
    return value


def strategy_type(text: str) -> str:
    """A strategy id from its id, the start of it or of its title, or a longer word
    (``listening`` is ``listen``)."""
    from kith.data.strategies import strategies

    key = text.strip().casefold().replace("-", "_").replace(" ", "_")
    ids = [strategy.id for strategy in strategies()]
    if key in ids:
        return key
    found = [
        strategy.id
        for strategy in strategies()
        if key
        and (
            strategy.id.startswith(key)
            or key.startswith(strategy.id)
            or strategy.title.casefold().replace(" ", "_").startswith(key)
        )
    ]
    if len(found) == 1:
        return found[0]
    raise argparse.ArgumentTypeError(f"'{text}' is not a strategy; use one of {', '.join(ids)}")


def minutes_type(text: str) -> int:
    from kith.data.dates import parse_minutes

    try:
        minutes = parse_minutes(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    if minutes is None:
        raise argparse.ArgumentTypeError("please type minutes, like 45, or hours, like 1h30")
    return minutes


# -- the parsers -------------------------------------------------------------------------
class _Formatter(argparse.RawDescriptionHelpFormatter):
    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=28, width=88)


def _command(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    summary: str,
    description: str,
    handler: Handler,
    examples: str = "",
) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        name,
        help=summary,
        description=description,
        epilog=f"examples:\n{examples}" if examples else None,
        formatter_class=_Formatter,
    )
    # SUPPRESS: given before the command (kith --data-dir X status) it is kept.
    parser.add_argument(
        "--data-dir",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="the Kith data folder to use (default: $KITH_DATA_DIR, else your user data folder)",
    )
    from kith.app.cli_crypto import add_passphrase_option

    add_passphrase_option(parser)  # an encrypted store's passphrase (issue 16)
    parser.set_defaults(handler=handler)
    return parser


def add_subcommands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register Kith's subcommands."""
    log = _command(
        subparsers,
        "log",
        "record time with someone in one line",
        "Record an interaction without opening the app. NAME is matched without caring "
        "about case:\nthe exact name first, else a unique start of a name. Several people: "
        "separate them\nwith commas. Prints what it stored.\n\n"
        "What you type here is kept in your shell's history. For anything private, log "
        "without\n--note and add the note in the app.",
        guarded("kith.app.cli_capture", "log"),
        "  kith log sam --mode call --felt 4\n"
        "  kith log 'Ana Lopez, Sam' --date yesterday --strategy listen\n"
        "  kith log 'Robin Example' --new --mode message",
    )
    log.add_argument("name", nargs="+", metavar="NAME", help="who (a name, or the start of one)")
    log.add_argument(
        "--mode",
        type=mode_type,
        default="in_person",
        help="in_person (the default), call, video, message or other",
    )
    log.add_argument(
        "--date",
        metavar="DAY",
        default="today",
        help="when: today (the default), yesterday, '3 days ago', monday, 2026-11-20",
    )
    log.add_argument("--felt", type=felt_type, metavar="1-5", help="how it felt: 1 hard … 5 lovely")
    log.add_argument("--note", metavar="TEXT", default="", help="a note (lands in shell history)")
    log.add_argument(
        "--strategy",
        type=strategy_type,
        metavar="ID",
        help="the strategy it practised: its id or the start of its name, e.g. listen "
        "(a wrong one lists them all)",
    )
    log.add_argument("--minutes", type=minutes_type, metavar="N", help="how long: 45, 1h30")
    log.add_argument("--by", choices=("me", "them"), help="who reached out")
    log.add_argument(
        "--new", action="store_true", help="add anyone not yet in Kith (by the exact name typed)"
    )

    _command(
        subparsers,
        "status",
        "a few lines for a new shell: who to reach out to, birthdays, check-in, plan",
        "A short summary from your last saved data: who is due for a call, birthdays in the "
        "next\nseven days, whether a check-in is due, and this week's plan. It only reads, so "
        "it also\nworks while Kith is open.",
        guarded("kith.app.cli_capture", "status"),
        "  kith status\n  echo 'kith status' >> ~/.bashrc",
    )

    add_calendar_and_remind(subparsers)
    from kith.app.cli_crypto import add_crypto_commands

    add_crypto_commands(subparsers)  # kith encrypt / decrypt / passphrase (issue 16)
    _command(
        subparsers,
        "safety-plan",
        "print your safety plan as plain text, for a terminal or a printer",
        "Prints your own safety plan (the six Stanley-Brown steps and your reasons for "
        "living),\nthen the free helplines. It only reads, so it also works while Kith is "
        "open.",
        guarded("kith.app.cli_safety", "safety_plan"),
        "  kith safety-plan\n  kith safety-plan | lpr",
    )

    export = _command(
        subparsers,
        "export",
        "write all your data to a JSON file, or CSV tables, or your people as vCards",
        "JSON is complete and can be imported back exactly (kith import). CSV writes one "
        "table\nper collection (contacts, interactions, checkins, plan, support) into a "
        "folder, or into\na zip when PATH ends in .zip. vCard writes your people (vCard 4.0, "
        "or 3.0 with\n--vcard-version 3) into one .vcf file, or, when PATH is a folder (ends "
        "in /), one\n.vcf per person named by its UID: a vdir that khard and vdirsyncer read. "
        "Files are\nprivate to you (0600). Works while Kith is open.",
        guarded("kith.app.cli_exchange", "export"),
        "  kith export --output kith.json\n"
        "  kith export --format csv --output kith-tables.zip\n"
        "  kith export --output - | gzip > kith.json.gz\n"
        "  kith export --format vcard --output contacts.vcf\n"
        "  kith export --format vcard --output ~/.contacts/kith/ --force",
    )
    export.add_argument(
        "--format", choices=("json", "csv", "vcard"), default="json", help="json, csv or vcard"
    )
    export.add_argument(
        "--vcard-version",
        choices=("4", "3"),
        default="4",
        help="vCard 4.0 (default) or 3.0, for --format vcard",
    )
    export.add_argument(
        "--output",
        metavar="PATH",
        help="where to write (default: kith-export-DATE.json, a folder for csv, "
        "kith-contacts-DATE.vcf for vcard; a folder ending in / for a vdir; "
        "'-' writes JSON or vCards to standard output)",
    )
    export.add_argument("--force", action="store_true", help="replace PATH if it exists")
    export.add_argument(
        "--plain",
        action="store_true",
        help="an encrypted store: write a readable (unencrypted) copy; needed for csv, vcard",
    )

    importer = _command(
        subparsers,
        "import",
        "bring in a Kith JSON export or an address book (.vcf)",
        "A Kith JSON export (or a backup) is merged by id: new records are added, identical "
        "ones\nskipped, and where both sides changed a record, the more recently edited one "
        "is kept\n(and reported). A .vcf address book (vCard 3.0 or 4.0, as phones export it), "
        "or a\nfolder of .vcf files (a vdir), adds people with their names, birthdays, notes, "
        "phones,\nemails, addresses and categories; a card whose UID is already in Kith (an "
        "export\ncoming back) changes nothing, and names already in Kith are skipped and "
        "listed.",
        guarded("kith.app.cli_exchange", "import_file"),
        "  kith import kith-export-2026-11-20.json --dry-run\n  kith import contacts.vcf\n"
        "  kith import ~/.contacts/friends/",
    )
    importer.add_argument(
        "file", metavar="FILE", help="a .json export, a .vcf address book or a vdir folder"
    )
    importer.add_argument(
        "--dry-run", action="store_true", help="only report what would change; change nothing"
    )

    _command(
        subparsers,
        "backup",
        "save a dated copy of your data now",
        "Copies the data file to backups/ in the data folder, named with today's date and "
        "time.\nThese copies are never pruned (the automatic daily ones keep the last 7).",
        guarded("kith.app.cli_exchange", "backup"),
    )

    restore = _command(
        subparsers,
        "restore",
        "list backups, or go back to one",
        "Without BACKUP: lists the backups, newest first. With one (its number in that "
        "list, its\nname or a path): asks, then makes it your data, keeping the current "
        "file aside.\nKith must be closed.",
        guarded("kith.app.cli_exchange", "restore"),
        "  kith restore\n  kith restore 2\n  kith restore kith-2026-11-19.json --yes",
    )
    restore.add_argument("backup", nargs="?", metavar="BACKUP", help="number, name or path")
    restore.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")

    _command(
        subparsers,
        "keys",
        "list every key by its id, to change them in keys.toml",
        "Lists every key Kith has: its id, its key and what it does. To use another key, "
        "name\nthe id in a [keys] table in keys.toml in the data folder. Keys you changed "
        "there are\nmarked; anything in that file Kith could not use is reported (exit 1).",
        guarded("kith.app.keys", "print_keys"),
        "  kith keys\n  kith keys | grep people",
    )
    from kith.app.cli_sync import add_sync_command  # issue 17: standard library only

    add_sync_command(subparsers)


def clock_type(text: str) -> str:
    from kith.data.reminders import parse_clock

    try:
        parse_clock(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return text


def add_calendar_and_remind(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
) -> None:
    calendar = _command(
        subparsers,
        "calendar",
        "write your birthdays, plan and check-in days as a calendar file (.ics)",
        "An iCalendar file for any calendar app: birthdays (every year, all day), your "
        "plan's\ndated actions, the day of your next check-in and, with --reach-out, the day "
        "each\nperson you keep in touch with comes round. Titles show initials only "
        '("Birthday: S.")\nunless you choose --full-names. Events keep their identity, so '
        "a calendar that\nre-reads the file updates them. Works while Kith is open. The "
        "app's Settings (,) can\nkeep a feed file up to date after every save.",
        guarded("kith.app.cli_calendar", "calendar"),
        "  kith calendar --output ~/Calendars/kith.ics\n"
        "  kith calendar --reach-out --alarm 9:00 --output kith.ics",
    )
    calendar.add_argument(
        "--output", metavar="FILE.ics", help="where to write (default: standard output)"
    )
    calendar.add_argument(
        "--reach-out", action="store_true", help="add a day to reach out to each person"
    )
    calendar.add_argument(
        "--alarm", type=clock_type, metavar="H:MM", help="an alert on each day, like 9:00"
    )
    calendar.add_argument(
        "--full-names", action="store_true", help="show names and plan text, not initials"
    )

    remind = _command(
        subparsers,
        "remind",
        "one calm desktop notification about today (for a daily timer)",
        "Looks at today: people you hoped to hear from, birthdays, a check-in due by your "
        "rhythm,\nyour plan. If something is waiting, it sends one desktop notification "
        "(or prints the\nline when no notification service answers). At most once a day "
        "unless --again.\n--install sets up a daily run (a systemd user timer, a launchd "
        "agent on macOS, or a\ncrontab line to add yourself); --uninstall removes it. The "
        "time, quiet hours and what\ncounts are in the app's Settings (,).",
        guarded("kith.app.cli_remind", "remind"),
        "  kith remind\n  kith remind --install\n  kith remind --uninstall",
    )
    what = remind.add_mutually_exclusive_group()
    what.add_argument("--again", action="store_true", help="send it even if sent today")
    what.add_argument("--install", action="store_true", help="set up the daily reminder")
    what.add_argument("--uninstall", action="store_true", help="remove the daily reminder")
    what.add_argument(
        "--scheduled",
        action="store_true",
        help="what the timer runs: waits for your reminder time and keeps quiet hours",
    )
