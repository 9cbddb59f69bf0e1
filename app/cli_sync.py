"""``kith sync``: sync this data folder through a folder another app syncs (issue 17).

    kith sync --folder PATH [--name NAME]   turn it on (the machine's name: its host name)
    kith sync                               merge now and say what came in
    kith sync --status                      the machines, when each last wrote, collisions
    kith sync --off                         stop

Only the standard library at import: the parser is registered at every ``kith``
start; the store and the engine (``kith.data.sync``) are imported when it runs.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from kith.app import cli

if TYPE_CHECKING:
    from kith.data.sync import MergeReport, SyncStatus


def add_sync_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = cli._command(
        subparsers,
        "sync",
        "sync with your other machines through a folder you already sync",
        "Each machine writes its own changes to its own file in a folder that Syncthing,\n"
        "Nextcloud, Dropbox, iCloud Drive or git copies between your machines; Kith merges\n"
        "the others' files and loses nothing. Without options: merge now and say what came in.",
        cli.guarded("kith.app.cli_sync", "sync"),
        "  kith sync --folder ~/Sync/kith --name laptop\n"
        "  kith sync\n  kith sync --status\n  kith sync --off",
    )
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--folder", metavar="PATH", help="turn sync on, through this folder")
    what.add_argument("--status", action="store_true", help="list the machines and collisions")
    what.add_argument("--off", action="store_true", help="stop syncing this data folder")
    parser.add_argument("--name", metavar="NAME", help="this machine's name (with --folder)")


def sync(args: argparse.Namespace) -> int:
    from pathlib import Path

    from kith.data import sync as engine
    from kith.data.errors import StoreLocked
    from kith.data.store import Store

    folder = cli.data_dir(args)
    if args.name is not None and args.folder is None:
        return int(cli.say_error("--name goes with --folder: kith sync --folder PATH --name NAME"))
    try:
        store = Store.open(folder, clock=cli.make_clock(), backups=False)
    except StoreLocked as locked:
        if args.status:
            store = Store.open(folder, clock=cli.make_clock(), readonly=True)
        else:
            who = f" (process {locked.pid})" if locked.pid else ""
            return int(
                cli.say_error(
                    f"Kith is open{who}. It brings in other machines' changes while it runs, "
                    "and Settings there turns sync on or off; or close it, then run kith sync."
                )
            )
    try:
        if args.off:
            was = engine.config(store)
            engine.disable(store)
            print(
                "Sync is off for this data folder. The files in the sync folder are left "
                "as they are."
                if was
                else "Sync was already off for this data folder."
            )
            return 0
        if args.folder is not None:
            try:
                cfg = engine.enable(store, Path(args.folder), args.name)
            except engine.SyncError as error:
                return int(cli.say_error(str(error)))
            print(f"Sync is on. This machine is {cfg.name!r}; its changes go to {cfg.log_dir}.")
            print("Set up the same folder on your other machines: kith sync --folder PATH")
            report = engine.merge_now(store)
            _print_report(report)
            return 1 if report.problems else 0
        if engine.config(store) is None:
            print("Sync is off. Turn it on with: kith sync --folder PATH")
            return 0
        if args.status:
            found = engine.status(store)
            if found is not None:
                _print_status(found)
            return 0
        report = engine.merge_now(store)
        _print_report(report)
        return 1 if report.problems else 0
    finally:
        store.close()


def _print_report(report: MergeReport) -> None:
    from kith.data.collections import COLLECTION_WORDS

    if report.arrived:
        parts = []
        for name, count in report.arrived.items():
            one, many = COLLECTION_WORDS.get(name, (name, name))
            parts.append(f"{count} {one if count == 1 else many}")
        print("Came in from your other machines: " + ", ".join(parts) + ".")
    else:
        print("Nothing new from your other machines.")
    if report.sent:
        print(f"Sent {_versions(report.sent)} saved while the sync folder was away.")
    if report.collisions_new:
        n = report.collisions_new
        print(
            f"{n} {'record was' if n == 1 else 'records were'} changed on two machines at "
            "once. Both versions are kept: see kith sync --status, or Settings in the app."
        )
    for problem in report.problems:
        print(problem)


def _print_status(found: SyncStatus) -> None:
    me = found.this_machine
    print(f"Sync folder: {found.folder}")
    print(f"This machine: {me.name} ({_versions(me.versions)}, last {_when(me.last_write)})")
    if not found.machines:
        print("No other machine has written here yet.")
    for machine in found.machines:
        print(
            f"  {machine.name}: {_versions(machine.versions)}, "
            f"last wrote {_when(machine.last_write)}"
        )
    if found.collisions:
        print(f"Changed on another machine ({len(found.collisions)}):")
        for item in found.collisions:
            print(
                f"  {item.label}: also changed on {item.their_machine}; both versions are kept "
                "(choose one in Settings)"
            )
    for problem in found.problems:
        print(problem)


def _versions(count: int) -> str:
    return f"{count} {'change' if count == 1 else 'changes'}"


def _when(moment: Any) -> str:
    if moment is None:
        return "never"
    return str(moment.astimezone().strftime("%Y-%m-%d %H:%M"))
