"""Simulated machines for the sync tests: each has its own data folder and its own copy
of the sync folder; an ``Engine`` copies files between the copies as a file-sync app
would (whole, cut short, late, twice, or as a conflict copy)."""

from __future__ import annotations

import hashlib
import hmac
import os
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kith.data import sync
from kith.data.clock import FixedClock
from kith.data.models import Contact, Interaction
from kith.data.store import Store

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


class FakeSealer:
    """A stand-in for issue 16's sealer (tag ``E1``) in tests only: a SHAKE-256 key
    stream and an HMAC tag, so that a test can tell sealed bytes from plain ones and
    one key from another. Not Kith's cryptography (issue 16 brings a real AEAD)."""

    tag = b"E1"

    def __init__(self, key: bytes) -> None:
        self.key = key

    def _stream(self, nonce: bytes, size: int) -> bytes:
        return hashlib.shake_256(self.key + nonce).digest(size)

    def seal(self, plain: bytes) -> bytes:
        nonce = os.urandom(12)
        body = bytes(a ^ b for a, b in zip(plain, self._stream(nonce, len(plain)), strict=True))
        mac = hmac.new(self.key, nonce + body, "sha256").digest()[:16]
        return (nonce + body + mac).hex().encode()

    def open(self, sealed: bytes) -> bytes:
        try:
            raw = bytes.fromhex(sealed.decode())
        except (UnicodeDecodeError, ValueError) as error:
            raise ValueError("not sealed") from error
        nonce, body, mac = raw[:12], raw[12:-16], raw[-16:]
        if not hmac.compare_digest(mac, hmac.new(self.key, nonce + body, "sha256").digest()[:16]):
            raise ValueError("another key")
        return bytes(a ^ b for a, b in zip(body, self._stream(nonce, len(body)), strict=True))


@dataclass
class Machine:
    name: str
    data_dir: Path
    folder: Path
    key: Any = None
    store: Store | None = None

    def open(self) -> Store:
        self.store = Store.open(self.data_dir, clock=FixedClock(NOW), backups=False)
        if self.key is not None:
            self.store.key = self.key  # type: ignore[attr-defined]
        return self.store

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None

    @property
    def s(self) -> Store:
        assert self.store is not None
        return self.store

    @property
    def log_dir(self) -> Path:
        return self.folder / sync.SYNC_DIR


def make_machines(root: Path, names: list[str], key: Any = None) -> list[Machine]:
    machines = []
    for name in names:
        folder = root / f"{name}-sync"
        folder.mkdir(parents=True)
        machine = Machine(name, root / f"{name}-data", folder, key)
        machine.open()
        sync.enable(machine.s, folder, name)
        machines.append(machine)
    return machines


def copy_all(machines: list[Machine]) -> None:
    """A file-sync engine that has caught up: every machine's own files everywhere."""
    for source in machines:
        for path in source.log_dir.iterdir():
            if path.name.startswith(_own_prefix(source)):
                for target in machines:
                    if target is not source:
                        _copy(path, target.log_dir / path.name)


def _own_prefix(machine: Machine) -> str:
    cfg = sync.config(machine.s)
    assert cfg is not None
    return cfg.id + "."


def _copy(path: Path, target: Path, size: int | None = None) -> None:
    data = path.read_bytes()
    if size is not None:
        data = data[:size]
    tmp = target.with_name(f".syncthing.{target.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, target)


@dataclass
class Engine:
    """Copies that happen late, out of order, twice, cut short, or as conflict copies."""

    machines: list[Machine]
    queue: list[tuple[int, int, str, int | None]] = field(default_factory=list)
    conflicts: int = 0

    def snapshot(self, source: int, target: int, kind: str) -> None:
        """Take a copy of ``source``'s log now, to land on ``target`` later."""
        path = self.machines[source].log_dir / f"{_own_prefix(self.machines[source])}log"
        if not path.exists():
            return
        size = path.stat().st_size
        cut = size // 2 if kind == "cut" else None
        self.queue.append((source, target, path.read_bytes().decode("latin-1"), cut))

    def deliver(self, index: int, kind: str) -> None:
        if not self.queue:
            return
        source, target, text, cut = self.queue[index % len(self.queue)]
        if kind != "duplicate":
            self.queue.pop(index % len(self.queue))
        data = text.encode("latin-1")[:cut]
        mid = _own_prefix(self.machines[source]).rstrip(".")
        folder = self.machines[target].log_dir
        if kind == "conflict":
            self.conflicts += 1
            name = f"{mid}.sync-conflict-20261120-120000-SIM{self.conflicts:04d}.log"
            (folder / name).write_bytes(data)
            return
        current = folder / f"{mid}.log"
        if current.exists() and current.stat().st_size > len(data) and cut is None:
            return  # an engine never replaces a newer copy with an older one
        tmp = folder / f".syncthing.{mid}.log.tmp"
        tmp.write_bytes(data)
        os.replace(tmp, current)


def add_person(store: Store, name: str) -> Contact:
    return store.contacts.add(Contact(name=name))


def log_with(store: Store, contact_id: str, note: str) -> Interaction:
    return store.interactions.add(
        Interaction.model_validate(
            {"date": NOW.date(), "mode": "call", "contact_ids": [contact_id], "notes": note}
        )
    )


def rmtree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
