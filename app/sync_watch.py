"""While the app runs, bring in what other machines wrote (issue 17).

Every ``interval`` seconds a daemon thread looks at the sync folder
(``sync.needs_merge``: one ``scandir`` and a ``stat`` per file, nothing read). The
look is off the UI thread because a folder on a gone network mount blocks it: then
that thread waits, no other look starts, and the person goes on as before. When the
look says there is something to merge, the merge itself (``sync.merge_now``, the same
lock and write path as ``kith sync``) runs on the UI thread, as every save does: it
changes records the screens read, and the folder has just answered. The first look
comes right after Home shows, so Home never waits on the folder.

What arrived is said in one quiet line; the screens refresh through the store's change
events, as after a save. A refused log (hostile, damaged, another passphrase) is said
once, calmly, naming the machine.
"""

from __future__ import annotations

import contextlib
import threading
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from kith.app.app import KithApp
    from kith.data.store import Store
    from kith.data.sync import MergeReport, SyncStatus
    from kith.data.words import SyncWords

DEFAULT_INTERVAL = 4.0  # seconds between looks at the sync folder


class SyncProbed(Message):
    """The thread that looked at the sync folder has an answer."""

    def __init__(self, wanted: bool, problem: str | None = None) -> None:
        super().__init__()
        self.wanted = wanted
        self.problem = problem


class SyncWatch:
    """The app's poll of the sync folder. ``poll()`` starts one look (tests call it);
    ``looks`` and ``merges`` count what was done, for tests to wait on."""

    def __init__(self, app: KithApp, interval: float | None) -> None:
        self.app = app
        self.interval = interval
        self.looking = False
        self.looks = 0  # looks answered
        self.merges = 0  # merges run
        self.said: set[str] = set()  # problems already said (each once)
        self.last_report: MergeReport | None = None

    def start(self) -> None:
        """After Home shows: the first look, then one every ``interval`` seconds."""
        if self.interval:
            self.app.set_interval(self.interval, self.poll, name="sync poll")
        self.app.call_after_refresh(self.poll)

    def poll(self) -> bool:
        """Start a look, unless sync is off or one is still under way; True if started."""
        from kith.data.sync import CONFIG_FILE

        store = self.app.opened_store
        if store is None or self.looking or self.app.demo:
            return False
        if not (store.data_dir / CONFIG_FILE).exists():  # the local data folder: cheap
            return False
        self.looking = True
        threading.Thread(
            target=self._look, args=(store,), name="kith-sync-look", daemon=True
        ).start()
        return True

    def _look(self, store: Store) -> None:
        """In a daemon thread (it may wait for ever on a gone mount; it never keeps
        Kith from closing): is there anything to merge?"""
        from kith.data import sync

        problem: str | None = None
        try:
            wanted = sync.needs_merge(store)
        except Exception as error:  # never a traceback: said once, looked at again later
            wanted, problem = False, _reason(error)
        with contextlib.suppress(RuntimeError):  # the app has ended
            self.app.post_message(SyncProbed(wanted, problem))

    def probed(self, message: SyncProbed) -> None:
        """On the UI thread: merge if the look found something."""
        self.looking = False
        self.looks += 1
        store = self.app.opened_store
        if message.problem is not None:
            self._say_problem(_words().unexpected.format(reason=message.problem))
        if store is None or not message.wanted or self.app._exiting:
            return
        self.merge(store)

    def merge(self, store: Store) -> None:
        from kith.data import sync

        try:
            before = sync.status(store)
            waiting = sync.collisions_waiting(store)
            report = sync.merge_now(store)
            after = sync.status(store)
        except Exception as error:  # a store or folder problem: the data here is as it was
            self._say_problem(_words().unexpected.format(reason=_reason(error)))
            return
        self.merges += 1
        self.last_report = report
        for problem in report.problems:
            self._say_problem(problem)
        if not report.problems:
            self.said.clear()  # a problem that went away is said again if it comes back
        self._say_arrived(report, before, after)
        if report.collisions_new:
            self.app.notify(
                _words().collisions_new.format(records=records(report.collisions_new)),
                title=_words().arrived_title,
                markup=False,
                timeout=10,
            )
        if sync.collisions_waiting(store) != waiting or report.collisions_new:
            # Collisions came or went (chosen on another machine) with no record
            # changed here: Home's quiet line and Settings follow all the same.
            store.notify_changed("sync")

    def _say_arrived(
        self, report: MergeReport, before: SyncStatus | None, after: SyncStatus | None
    ) -> None:
        count = sum(report.arrived.values())
        if not count:
            return
        from kith.data.words import plural

        self.app.notify(
            _words().arrived.format(
                changes=plural(count, "change"), machines=_who_wrote(before, after)
            ),
            title=_words().arrived_title,
            markup=False,
            timeout=6,
        )

    def _say_problem(self, text: str) -> None:
        if text in self.said:
            return
        self.said.add(text)
        self.app.notify(
            text, title=_words().problem_title, severity="warning", markup=False, timeout=12
        )


def records(count: int) -> str:
    return "1 record" if count == 1 else f"{count} records"


def _who_wrote(before: SyncStatus | None, after: SyncStatus | None) -> str:
    """The machines whose logs moved in this merge, in words: ``laptop``,
    ``laptop and desk``; ``another machine`` when it cannot be told."""
    if after is None:
        return "another machine"
    old = {m.id: (m.versions, m.last_write) for m in (before.machines if before else [])}
    names = [m.name for m in after.machines if old.get(m.id) != (m.versions, m.last_write)]
    if not names:
        return "another machine"
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _reason(error: Exception) -> str:
    strerror = getattr(error, "strerror", None)
    return str(strerror or error) or type(error).__name__


def _words() -> SyncWords:
    from kith.data.words import words

    return words().sync
