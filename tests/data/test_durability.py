"""A write that returns is on disk: the file is fsynced before the rename, and the
folder after it (else a power cut can lose the rename itself, and the save)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from kith.data.clock import FixedClock
from kith.data.models import Contact
from kith.data.storage import atomic_write_bytes
from kith.data.store import Store

Event = tuple[str, object]


@pytest.fixture
def events(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Event]]:
    """Every fsync (of what: a folder's inode, or "file") and every replace, in order."""
    seen: list[Event] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        info = os.fstat(fd)
        seen.append(("fsync", ("dir", info.st_ino) if stat.S_ISDIR(info.st_mode) else "file"))
        real_fsync(fd)

    def replace(src: str | Path, dst: str | Path) -> None:
        real_replace(src, dst)
        seen.append(("replace", Path(dst)))

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    yield seen


def durable(events: list[Event], path: Path) -> bool:
    """The file's content was fsynced before ``path`` was replaced, and ``path``'s
    folder was fsynced after."""
    folder = ("dir", path.parent.stat().st_ino)
    for index, event in enumerate(events):
        if event == ("replace", path):
            before, after = events[:index], events[index + 1 :]
            return ("fsync", "file") in before and ("fsync", folder) in after
    return False


def test_atomic_write_fsyncs_the_file_then_the_folder(tmp_path: Path, events: list[Event]) -> None:
    target = tmp_path / "kith.json"
    atomic_write_bytes(target, b'{"a": 1}')
    assert target.read_bytes() == b'{"a": 1}'
    assert durable(events, target), events


def every_rename_durable(events: list[Event]) -> bool:
    """Something was fsynced, and every replace was followed by an fsync of its folder
    (however the store writes: a whole file, or an append to a journal)."""
    if ("fsync", "file") not in events:
        return False
    for index, event in enumerate(events):
        if event[0] == "replace":
            assert isinstance(event[1], Path)
            folder = ("dir", event[1].parent.stat().st_ino)
            if ("fsync", folder) not in events[index + 1 :]:
                return False
    return True


def test_every_store_save_is_durable(
    data_dir: Path, clock: FixedClock, events: list[Event]
) -> None:
    with Store.open(data_dir, clock=clock) as store:
        events.clear()
        sam = store.contacts.add(Contact(name="Sam"))
        assert every_rename_durable(events), events
        events.clear()
        store.contacts.update(sam.model_copy(update={"name": "Sammy"}))
        assert every_rename_durable(events), events
        events.clear()
        store.contacts.delete(sam.id)
        assert every_rename_durable(events), events
