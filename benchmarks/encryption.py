"""Encryption at rest (issue 16): what a person waits for, encrypted vs plain.

    python -m benchmarks.encryption [--sizes small,ten_years] [--repeat 7]

Rows, on a generated store (``benchmarks.generate``), with the real (default) Argon2id
parameters:

- ``unlock``: key derivation from the header alone (``kith.data.crypto.unlock_key``,
  what the app's unlock screen and ``KITH_PASSPHRASE_FILE`` run);
- ``open``: ``Store.open`` (read, decrypt, validate, replay the journal) after unlock;
- ``unlock + open`` (Argon2id once, the snapshot decrypted once) against the plain
  ``open``;
- ``durable save``: one interaction added (a sealed journal line, fdatasync) vs plain;
- ``compaction``: the whole snapshot written (sealed) vs plain.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.generate import generate
from kith.data import crypto
from kith.data.encryption import encrypt_store
from kith.data.models import Interaction
from kith.data.store import Store

PASSPHRASE = "a benchmark passphrase"


def ms(values: list[float]) -> dict[str, Any]:
    return {
        "median_ms": round(statistics.median(values) * 1000, 2),
        "max_ms": round(max(values) * 1000, 2),
        "samples_ms": [round(value * 1000, 3) for value in values],
    }


def timed(action: Any, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def measure(folder: Path, key: crypto.StoreKey | None, repeat: int) -> dict[str, Any]:
    rows: dict[str, Any] = {}
    if key is not None:
        rows["unlock"] = ms(timed(lambda: crypto.unlock_key(folder, PASSPHRASE), repeat))

    def open_close() -> None:
        Store.open(folder, key=key, backups=False).close()

    rows["open"] = ms(timed(open_close, repeat))
    store = Store.open(folder, key=key, backups=False)
    try:
        person = store.contacts.list()[0]
        day = store.clock.now().date()
        saves = []
        for _ in range(repeat * 3):
            item = Interaction(contact_ids=[person.id], date=day, note="a benchmark save")
            start = time.perf_counter()
            store.interactions.add(item)
            saves.append(time.perf_counter() - start)
        rows["durable save"] = ms(saves)
        rows["compaction"] = ms(timed(store._storage.compact, max(3, repeat // 2)))
    finally:
        store.close()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="ten_years")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--json", metavar="PATH")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="kith-bench-crypto-"))
    results: dict[str, Any] = {}
    try:
        for size in args.sizes.split(","):
            plain_dir, sealed_dir = work / f"{size}-plain", work / f"{size}-sealed"
            print(f"generating {size} ...", flush=True)
            generate(size, plain_dir)
            (plain_dir / "kith.lock").unlink(missing_ok=True)
            shutil.copytree(plain_dir, sealed_dir)
            made, _ = crypto.new_key(PASSPHRASE)
            encrypt_store(sealed_dir, made)
            key = crypto.unlock(sealed_dir, PASSPHRASE)
            plain = measure(plain_dir, None, args.repeat)
            sealed = measure(sealed_dir, key, args.repeat)
            both = [
                u + o
                for u, o in zip(
                    timed(lambda d=sealed_dir: crypto.unlock_key(d, PASSPHRASE), args.repeat),
                    timed(
                        lambda d=sealed_dir, k=key: Store.open(d, key=k, backups=False).close(),
                        args.repeat,
                    ),
                    strict=True,
                )
            ]
            sealed["unlock + open"] = ms(both)
            results[size] = {"plain": plain, "encrypted": sealed, "kdf": crypto.kdf_params()}
            print(f"\n{size} (Argon2id {crypto.kdf_params()}), median / max ms")
            print(f"  {'row':<16}{'plain':>20}{'encrypted':>20}")
            for row in ("unlock", "open", "unlock + open", "durable save", "compaction"):
                left = plain.get(row if row != "unlock + open" else "open")
                right = sealed.get(row)
                cell = lambda r: f"{r['median_ms']:.1f} / {r['max_ms']:.1f}" if r else "-"  # noqa: E731
                print(f"  {row:<16}{cell(left):>20}{cell(right):>20}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
