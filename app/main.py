"""The ``kith`` command: opens the app, or runs a subcommand.

Exit codes: 0 success, 1 a user-facing error (one clear line on stderr), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app import __version__
from data.paths import ENV_VAR, resolve_data_dir

if TYPE_CHECKING:
    from textual.app import App


def build_parser() -> argparse.ArgumentParser:
    from app.cli import add_subcommands

    parser = argparse.ArgumentParser(
        prog="kith",
        description=(
            "Kith: a keyboard-driven companion for social connection and mental health. "
            "Run without a command to open the app."
        ),
        epilog=(
            f"Data lives in your user data folder unless --data-dir or ${ENV_VAR} says otherwise."
        ),
    )
    parser.add_argument("--version", action="version", version=f"kith {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="PATH",
        help=f"where Kith keeps its data (default: ${ENV_VAR}, else the user data folder)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open a throwaway copy of made-up sample data (nothing you do is kept)",
    )
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    add_subcommands(subparsers)
    return parser


def fail(message: str) -> int:
    print(f"kith: {message}", file=sys.stderr)
    return 1


def run_app(data_dir: Path, *, demo: bool = False) -> int:
    from app.app import KithApp
    from app.recovery import RecoveryApp
    from data.errors import StoreCorrupt, StoreError, StoreTooNew
    from data.recovery import newest_readable_backup, recover
    from data.store import Store

    try:
        store = Store.open(data_dir)
    except (StoreCorrupt, StoreTooNew) as problem:
        if isinstance(problem, StoreTooNew):
            return fail(str(problem))
        backup = newest_readable_backup(data_dir)
        choice = RecoveryApp(problem, backup.name if backup else None).run()
        if not choice:
            print(f"Nothing was changed. Your data file is {problem.path}")
            return 1
        from data.clock import SystemClock

        outcome = recover(data_dir, problem.path, SystemClock())
        print(f"Moved the unreadable file to {outcome.moved_to}")
        try:
            store = Store.open(data_dir)
        except StoreError as error:
            return fail(str(error))
    except StoreError as error:
        return fail(str(error))
    app = KithApp(store, demo=demo)
    restore_signals = close_on_signals(app)
    try:
        app.run()
    finally:
        restore_signals()
        store.close()
    return app.return_code or 0


def close_on_signals(app: App[Any]) -> Callable[[], None]:
    """SIGTERM and SIGHUP (the terminal window closed) end Kith the way ``ctrl+q`` does:
    the terminal is given back and the lock released, exit code 128 + the signal.

    Every save is already on disk when it returns; text typed into an open form and
    not saved is dropped. A second signal ends the process at once. Returns a
    function that puts the previous handlers back.
    """
    import asyncio
    import signal

    def handler(signum: int, _frame: object) -> None:
        signal.signal(signum, signal.SIG_DFL)  # a second one ends Kith at once
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # not started yet, or already stopping
            raise SystemExit(128 + signum) from None
        loop.call_soon_threadsafe(app.exit, None, 128 + signum)

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGHUP)}

    def restore() -> None:
        for sig, old in previous.items():
            signal.signal(sig, old)

    return restore


def run_demo() -> int:
    from data.demo import build_demo_store

    folder = Path(tempfile.mkdtemp(prefix="kith-demo-"))
    try:
        build_demo_store(folder)
        return run_app(folder, demo=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is not None:
        code: int = handler(args)
        return code
    if args.demo:
        return run_demo()
    return run_app(resolve_data_dir(args.data_dir))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
