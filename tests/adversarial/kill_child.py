"""A child process killed at the Nth system call of a replacing operation.

``python kill_child.py JOB DATA_DIR N [BACKUP]`` patches ``os.fsync``, ``os.replace``,
``os.link``, ``os.unlink``, ``os.rename`` and ``os.write`` so that the Nth call (of
any of them, counted together) ends the process at once with ``os._exit(KILLED)``,
as a SIGKILL at that moment would (nothing after it runs: no ``finally``, no
clean-up). ``JOB`` is ``restore`` (restore BACKUP into DATA_DIR), ``recover`` (the
recovery of an unreadable store) or ``backup`` (the daily backup at open). Exit 0
means the job finished before the Nth call.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

KILLED = 99
CALLS = ("fsync", "replace", "link", "unlink", "rename", "write")


def arm(at: int) -> None:
    count = 0
    for name in CALLS:
        real = getattr(os, name)

        def stand_in(*args: Any, _real: Any = real, **kwargs: Any) -> Any:
            nonlocal count
            count += 1
            if count == at:
                os._exit(KILLED)
            return _real(*args, **kwargs)

        setattr(os, name, stand_in)


def main() -> int:
    job, folder, at = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    from kith.data.clock import SystemClock

    clock = SystemClock()
    if job == "restore":
        from kith.data.exchange import restore_backup

        arm(at)
        restore_backup(folder, Path(sys.argv[4]), clock)
    elif job == "recover":
        from kith.data.recovery import recover
        from kith.data.store import STORE_FILE

        arm(at)
        recover(folder, folder / STORE_FILE, clock)
    elif job == "backup":
        from kith.data.store import Store

        arm(at)
        Store.open(folder, clock=clock).close()
    else:  # pragma: no cover
        raise SystemExit(f"unknown job {job}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
