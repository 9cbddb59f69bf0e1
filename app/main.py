"""The ``kith`` command: opens the app, or runs a subcommand.

Exit codes: 0 success, 1 a user-facing error (one clear line on stderr), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kith import __version__
from kith.data.paths import ENV_VAR, resolve_data_dir

if TYPE_CHECKING:
    from textual.app import App

    from kith.app.app import KithApp
    from kith.data.crypto import StoreKey
    from kith.data.store import Store


def build_parser() -> argparse.ArgumentParser:
    from kith.app.cli import add_subcommands

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
    say(f"kith: {message}", file=sys.stderr)
    return 1


def say(text: str, file: Any = None) -> None:
    """Print ``text`` without control characters (a path may hold them) and never fail."""
    from kith.app.cli import SafeOutput

    SafeOutput(file if file is not None else sys.stdout).write(text + "\n")


def open_store(data_dir: Path, key: StoreKey | None = None) -> Store:
    """Open the store at ``data_dir`` (the app calls it off the UI thread). With sync
    on (issue 17), what other machines wrote comes in at the app's first look at the
    sync folder, right after Home shows (``kith.app.sync_watch``): Home never waits
    on a folder that may be on a gone network mount."""
    from kith.data.store import Store

    return Store.open(data_dir, key=key)


class Unlocking:
    """An encrypted store's key, found by the app's unlock screen (which calls this
    in a thread with what the person typed), then given to the opener and, if the
    data file cannot be read, to recovery. Argon2id runs once per try; the file is
    decrypted once, when the store opens."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.key: StoreKey | None = None

    def __call__(self, passphrase: str) -> None:
        self.key = unlock_key(self.data_dir, passphrase)

    def open(self) -> Store:
        return open_store(self.data_dir, self.key)


def unlock_key(data_dir: Path, passphrase: str) -> StoreKey:
    """The key from the data file's header, else from a backup's (for recovery)."""
    from kith.data import crypto
    from kith.data.backup import all_backups

    return crypto.unlock_key(data_dir, passphrase, also=all_backups(data_dir))


def how_to_unlock(data_dir: Path) -> tuple[StoreKey | None, Unlocking | None, int | None]:
    """How an encrypted store is unlocked: ``(key, None, None)`` from
    ``KITH_PASSPHRASE_FILE`` (no screen); ``(None, Unlocking, None)`` on a terminal
    (the unlock screen asks); ``(None, None, exit code)`` once it has said why it
    cannot. A plain store: ``(None, None, None)``."""
    from kith.app.cli_crypto import ENV_FILE, source_env
    from kith.data import crypto
    from kith.data.errors import StoreError, WrongPassphrase

    if not crypto.is_encrypted(data_dir):
        return None, None, None
    if os.environ.get(ENV_FILE):
        try:
            passphrase = source_env(data_dir, argparse.Namespace()) or ""
            return unlock_key(data_dir, passphrase), None, None
        except WrongPassphrase as error:  # its words say that nothing was changed
            return None, None, fail(f"{error} It was read from the file in ${ENV_FILE}.")
        except StoreError as error:
            return None, None, fail(str(error))
    if not sys.stdin.isatty():
        return (
            None,
            None,
            fail(
                f"Kith's data in {data_dir} is encrypted. Open kith on a terminal to type its "
                f"passphrase, or set {ENV_FILE} to a file that holds it."
            ),
        )
    return None, Unlocking(data_dir), None


def refused_words() -> str:
    from kith.data.unlock_words import unlock_words

    return unlock_words()["refused"]


def run_app(data_dir: Path, *, demo: bool = False) -> int:
    """Open the app on the store in ``data_dir``: the first frame is drawn while the
    store opens; an unreadable store offers recovery, then the app opens again."""
    from kith.data.errors import StoreCorrupt, StoreError, StoreTooNew
    from kith.data.lock import LOCK_FILE, held_elsewhere

    # Said before the screen is taken over; the store's own lock, taken when it opens,
    # is what keeps two Kiths apart.
    locked = held_elsewhere(data_dir / LOCK_FILE)
    if locked is not None:
        return fail(str(locked))
    key: StoreKey | None = None
    unlocking: Unlocking | None = None
    if not demo:
        key, unlocking, refused = how_to_unlock(data_dir)
        if refused is not None:
            return refused
    app = _app(data_dir, demo, key, unlocking)
    code = _run(app)
    if app.unlock_refused:
        say(refused_words(), file=sys.stderr)  # kept in the terminal once the screen is gone
        return 1
    if unlocking is not None:
        key = unlocking.key
    problem = app.open_error
    if problem is None:
        return code
    if unlocking is not None and key is None:
        # No header, of the data file or of any backup, could be read: without the
        # key, recovery would put a plain, empty store in its place. Nothing is touched.
        return fail(f"{problem} Nothing was changed.")
    if isinstance(problem, StoreTooNew) or not isinstance(problem, StoreCorrupt):
        if isinstance(problem, StoreError):
            return fail(str(problem))
        raise problem  # a bug, not a store problem
    from kith.app.recovery import RecoveryApp
    from kith.data.clock import SystemClock
    from kith.data.lock import StoreLock
    from kith.data.recovery import newest_readable_backup, recover

    # Whoever may replace the store holds its lock: while the person reads the
    # recovery screen, no other Kith (nor kith log, nor kith restore) can write a file
    # that recovery would then set aside.
    lock = StoreLock(data_dir / LOCK_FILE)
    try:
        lock.acquire()
    except StoreError as error:
        return fail(str(error))
    try:
        if _readable_now(data_dir, key):  # mended meanwhile (kith restore elsewhere)
            lock.release()
            return _run(_app(data_dir, demo, key))
        backup = newest_readable_backup(data_dir, key)
        recovery_app = RecoveryApp(problem, backup.name if backup else None)
        restore_signals = close_on_signals(recovery_app, deadline=True)
        watch_terminal(recovery_app)
        try:
            choice = recovery_app.run()
        finally:
            restore_signals()
        if not choice:
            say(f"Nothing was changed. Your data file is {problem.path}")
            return recovery_app.return_code or 1
        outcome = recover(data_dir, problem.path, SystemClock(), lock, key=key)
    finally:
        lock.release()
    say(f"Kept the unreadable file as {outcome.moved_to}")
    app = _app(data_dir, demo, key)
    code = _run(app)
    if app.open_error is not None:
        if isinstance(app.open_error, StoreError):
            return fail(str(app.open_error))
        raise app.open_error
    return code


def _readable_now(data_dir: Path, key: StoreKey | None = None) -> bool:
    from kith.data.errors import StoreError
    from kith.data.store import Store

    try:
        Store.open(data_dir, readonly=True, key=key).close()
    except StoreError:
        return False
    return True


def _app(
    data_dir: Path, demo: bool, key: StoreKey | None = None, unlocking: Unlocking | None = None
) -> KithApp:
    from kith.app.app import KithApp

    if unlocking is not None:  # the unlock screen first, then the store opens with its key
        return KithApp(opener=unlocking.open, demo=demo, unlock=unlocking)
    return KithApp(opener=partial(open_store, data_dir, key), demo=demo)


def _run(app: KithApp) -> int:
    restore_signals = close_on_signals(app, deadline=True)
    watch_terminal(app)
    try:
        app.run()
    finally:
        restore_signals()
        store = app.opened_store
        if store is not None:
            store.close()
    return app.return_code or 0


# After the terminal is lost (SIGHUP, or the tty hung up), the orderly exit gets this
# long; then the process ends at once, whatever it is doing (a thread still reading the
# store, a terminal write that cannot finish). Every save is atomic: nothing half-done
# is left but a temporary file, removed at the next start; the lock dies with the process.
GRACE_AFTER_HANGUP = 0.7
GRACE_AFTER_TERM = 5.0


def end_within(seconds: float, code: int) -> None:
    """Make sure this process has ended ``seconds`` from now, with exit code ``code``."""
    import os
    import threading
    import time

    def deadline() -> None:
        time.sleep(seconds)
        os._exit(code)

    threading.Thread(target=deadline, name="kith-deadline", daemon=True).start()


def watch_terminal(app: App[Any]) -> None:
    """Watch the terminal from a thread of its own: when it hangs up (the window closed,
    tmux killed), ``app`` is asked to exit as by SIGHUP, and the process ends within
    ``GRACE_AFTER_HANGUP`` seconds whatever happens, even if no signal comes or the
    event loop is busy (Textual's input thread alone spins on the dead terminal for
    ever). One watch per process; a later app (after recovery) takes it over. Nothing
    is watched when not on a terminal."""
    import select
    import signal
    import threading

    _watched[:] = [app]
    fds = [fd for fd in (0, 1, 2) if _isatty(fd)]
    if not fds or not hasattr(select, "poll") or _watch_started:
        return
    _watch_started.append(True)
    lost_mask = select.POLLHUP | select.POLLERR | select.POLLNVAL

    def watch() -> None:
        poller = select.poll()
        for fd in fds:
            poller.register(fd, lost_mask)  # never woken by typing, only by a hang-up
        while True:
            try:
                events = poller.poll(200)
            except OSError:  # pragma: no cover - EINTR and the like
                continue
            if any(mask & lost_mask for _, mask in events):
                break
        code = 128 + signal.SIGHUP
        end_within(GRACE_AFTER_HANGUP, code)
        target = _watched[0] if _watched else None
        loop = getattr(target, "_loop", None)
        if target is not None and loop is not None:
            with contextlib.suppress(RuntimeError):  # the loop has closed: the deadline ends it
                loop.call_soon_threadsafe(target.exit, None, code)

    threading.Thread(target=watch, name="kith-terminal-watch", daemon=True).start()


_watched: list[Any] = []  # the app the watch asks to exit
_watch_started: list[bool] = []


def _isatty(fd: int) -> bool:
    import os

    try:
        return os.isatty(fd)
    except OSError:
        return False


def close_on_signals(app: App[Any], *, deadline: bool = False) -> Callable[[], None]:
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
        if deadline:
            # An orderly exit first, but never a process left behind holding the lock
            # (the event loop, and the interpreter's exit, wait for the thread opening
            # the store; Textual's input thread spins on a terminal that is gone).
            grace = GRACE_AFTER_HANGUP if signum == signal.SIGHUP else GRACE_AFTER_TERM
            end_within(grace, 128 + signum)
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
    from kith.data.demo import build_demo_store

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
