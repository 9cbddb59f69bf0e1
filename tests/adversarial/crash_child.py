"""The child of the crash loop: opens the store and saves in a loop until killed.

``python crash_child.py DATA_DIR SEED`` runs one child. Before each operation it
writes ``begin <json>`` and after the store call returns ``ack <seq>`` (each line
one ``os.write`` to the pipe, under PIPE_BUF, so never torn), so the parent knows
what was acknowledged when the SIGKILL landed.

``python crash_child.py --zygote DATA_DIR`` is a fork server: it imports the store
once (about 0.15 s of CPU, more on a busy machine), then for every ``go SEED`` line
on stdin forks a child that opens the store and saves until killed, and reports
``pid N`` and, once the child is dead and reaped, ``dead N STATUS``. A forked child
is saving within a few milliseconds, so hundreds of kills take seconds, not minutes.
Only one child runs at a time, so every other line on stdout is that child's.

Compaction is made frequent (``compact_often``) and announced (``compacting`` and
``compacted`` lines), so kills land during appends and during compactions.

Neither imports Textual.

The parent imports ``notes_for`` and ``apply`` from here to compute what the
store must hold.
"""

from __future__ import annotations

import json
import os
import random
import sys
from pathlib import Path
from typing import Any

# Record contents are derived from (tag, length) so that a begin line stays short.
State = dict[str, tuple[str, str]]  # contact id -> (name, notes)


def notes_for(tag: str, length: int) -> str:
    """Deterministic note text of exactly ``length`` characters (multi-line, some non-ASCII)."""
    unit = f"{tag} é漢😀\n"
    return (unit * (length // len(unit) + 1))[:length].strip() if length else ""


def name_for(tag: str, length: int) -> str:
    return (f"P{tag}-" + "n" * length)[:200]


def apply(state: State, op: dict[str, Any]) -> State:
    """What ``op`` does to ``state`` (the parent's model of the store)."""
    new = dict(state)
    for step in op["steps"]:
        kind = step["kind"]
        if kind == "insert" or kind == "update":
            new[step["id"]] = (name_for(step["tag"], step["nl"]), notes_for(step["tag"], step["n"]))
        elif kind == "delete":
            del new[step["id"]]
        else:  # pragma: no cover
            raise ValueError(kind)
    return new


def plan_op(rng: random.Random, ids: list[str], seq: int) -> dict[str, Any]:
    """Pick the next operation: insert, update (short or long text), delete or a batch."""
    tag = f"{seq}-{rng.getrandbits(24):06x}"

    def insert(suffix: str = "") -> dict[str, Any]:
        return {
            "kind": "insert",
            "id": f"c-{tag}{suffix}",
            "tag": tag + suffix,
            "n": rng.choice([0, 5, 80, 700, 4000, 10_000]),
            "nl": rng.randrange(0, 40),
        }

    roll = rng.random()
    if not ids or (len(ids) < 25 and roll < 0.4):
        steps = [insert()]
    elif roll < 0.55 or len(ids) < 3:
        steps = [
            {
                "kind": "update",
                "id": rng.choice(ids),
                "tag": tag,
                "n": rng.choice([0, 3, 60, 900, 6000, 10_000]),
                "nl": rng.randrange(0, 120),
            }
        ]
    elif roll < 0.85:
        steps = [{"kind": "delete", "id": rng.choice(ids)}]
    else:
        victim, changed = rng.sample(ids, 2)
        steps = [
            insert("a"),
            {"kind": "update", "id": changed, "tag": tag, "n": rng.randrange(0, 3000), "nl": 3},
            {"kind": "delete", "id": victim},
            insert("b"),
        ]
    return {"seq": seq, "steps": steps}


def sabotage(mode: str) -> None:
    """Break the storage on purpose, to prove the loop notices (tests of the test)."""
    import kith.data.journal
    import kith.data.storage

    if mode == "cache":
        # What TinyDB's CachingMiddleware does: acknowledge, write only every 20th time.
        real_append = kith.data.journal.Journal.append
        count = [0]

        def cached(self: Any, ops: Any) -> None:
            count[0] += 1
            if count[0] % 20 == 0:
                real_append(self, ops)

        kith.data.journal.Journal.append = cached  # type: ignore[method-assign]
    elif mode == "inplace":
        # What TinyDB's JSONStorage does: rewrite the file in place, then truncate
        # (here at every compaction, which comes every few saves in the loop).
        def in_place(path: Path, payload: Any) -> None:
            if not isinstance(payload, bytes):
                payload = b"".join(payload)
            with open(path, "r+b" if path.exists() else "wb") as handle:
                for start in range(0, len(payload), 512):
                    handle.write(payload[start : start + 512])
                    handle.flush()
                    os.fsync(handle.fileno())  # a disk's pace: the kill finds it mid-write
                handle.truncate()

        kith.data.storage.atomic_write_bytes = in_place
        # A compaction after every save, so that kills land in these in-place writes.
        kith.data.journal.COMPACT_FRACTION = 0.0
    else:  # pragma: no cover
        raise ValueError(mode)


def compact_often() -> None:
    """Compaction after every few saves (a quarter of the snapshot, no minimum), and
    say when one begins and ends, so that kills land during compactions too."""
    import kith.data.journal
    from kith.data.storage import DurableStorage

    kith.data.journal.COMPACT_MIN_BYTES = 0
    real = DurableStorage._compact_in_background

    def announced(self: DurableStorage) -> None:
        say("compacting")
        real(self)
        say("compacted")

    DurableStorage._compact_in_background = announced  # type: ignore[method-assign]


def run(data_dir: Path, seed: int) -> None:
    from kith.data.models import Contact
    from kith.data.store import Store

    rng = random.Random(seed)
    compact_often()
    key = None
    passphrase = os.environ.get("KITH_CRASH_PASSPHRASE")  # an encrypted store (issue 16)
    if passphrase:
        from kith.data.crypto import unlock

        key = unlock(data_dir, passphrase)
    store = Store.open(data_dir, key=key)
    say("ready")

    def do(step: dict[str, Any]) -> None:
        kind = step["kind"]
        if kind == "delete":
            store.contacts.delete(step["id"])
            return
        name = name_for(step["tag"], step["nl"])
        notes = notes_for(step["tag"], step["n"])
        if kind == "insert":
            store.contacts.add(Contact(id=step["id"], name=name, notes=notes))
        else:
            current = store.contacts.require(step["id"])
            store.contacts.update(current.model_copy(update={"name": name, "notes": notes}))

    seq = 0
    while True:
        ids = [c.id for c in store.contacts.list()]
        op = plan_op(rng, ids, seq)
        say("begin " + json.dumps(op, separators=(",", ":")))
        if len(op["steps"]) == 1:
            do(op["steps"][0])
        else:
            with store.batch():
                for step in op["steps"]:
                    do(step)
        say(f"ack {seq}")
        seq += 1


def say(line: str) -> None:
    """One line, one write: a kill never leaves half a line."""
    payload = (line + "\n").encode()
    assert len(payload) <= 4096  # PIPE_BUF: the write is atomic
    os.write(1, payload)


def zygote(data_dir: Path) -> None:
    import kith.data.models
    import kith.data.store  # noqa: F401

    say("zygote ready")
    while True:
        command = sys.stdin.readline().split()
        if not command or command[0] == "quit":
            return
        pid = os.fork()
        if pid == 0:
            try:
                run(data_dir, int(command[1]))
            except BaseException:
                import traceback

                traceback.print_exc()
            os._exit(1)
        say(f"pid {pid}")
        _, status = os.waitpid(pid, 0)
        say(f"dead {pid} {status}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    if os.environ.get("KITH_CRASH_SABOTAGE"):
        sabotage(os.environ["KITH_CRASH_SABOTAGE"])
    if sys.argv[1] == "--zygote":
        zygote(Path(sys.argv[2]))
    else:
        run(Path(sys.argv[1]), int(sys.argv[2]))
