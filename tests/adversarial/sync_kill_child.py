"""A child killed at the Nth system call of a sync step (issue 17).

``python sync_kill_child.py JOB DATA_DIR N``: ``save`` adds a person (the journal line,
then the change log's line), ``merge`` merges the other machines' logs. The calls
counted and the kill are ``kill_child.arm``'s. Exit 0: the job finished first.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.adversarial.kill_child import arm


def main() -> int:
    job, folder, at = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    from kith.data import sync
    from kith.data.clock import SystemClock
    from kith.data.models import Contact
    from kith.data.store import Store

    store = Store.open(folder, clock=SystemClock(), backups=False)
    if job == "save":
        store.contacts.get("warm-up")  # nothing: the session is attached at open
        sync.status(store)  # the state is read before the kill can come
        arm(at)
        store.contacts.add(Contact(name="Killed Maybe"))
    elif job == "merge":
        sync.status(store)
        arm(at)
        sync.merge_now(store)
    else:  # pragma: no cover
        raise SystemExit(f"unknown job {job}")
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
