"""The garbage collector and ten years of records.

Loaded records are many small objects that live as long as the store. CPython's
cyclic collector would run full collections again and again while they are being
created, so collection pauses while a store loads (``collector_paused``). A big
store's records are then "frozen" (``gc.freeze``: left out of collections, still
freed when no longer used) until the last open store is closed: otherwise every
full collection scans them all (80-300 ms with ten years of records, several times
a session: a stuck key press each time). Records hold no reference cycles.
``gc.freeze`` takes every object alive at that moment, garbage cycles too (they
wait for the thaw), so small stores, whose collections are quick anyway, are not
frozen: a test suite that opens thousands of them would otherwise keep its garbage.
"""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

FREEZE_MIN_RECORDS = 5_000
_gc_lock = threading.Lock()
_frozen_by = 0  # how many open stores hold records frozen


def frozen_by() -> int:
    return _frozen_by


@contextmanager
def collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def should_freeze(records: int) -> bool:
    return records >= FREEZE_MIN_RECORDS


def freeze_records() -> None:
    global _frozen_by
    with _gc_lock:
        _frozen_by += 1
        gc.freeze()


def thaw_records() -> None:
    global _frozen_by
    with _gc_lock:
        _frozen_by = max(0, _frozen_by - 1)
        if not _frozen_by:
            gc.unfreeze()


def give_back_memory() -> bool:
    """Return the C heap's free pages to the system (glibc's ``malloc_trim``).

    Parsing a big store makes a tree of every document (36 MB at ten years) that is
    let go record by record as the models are built; glibc keeps the freed pages
    mapped, so without this the resident set stays that much higher for the whole
    session (measured at ten years: 113 MB after the open, 98 MB after the trim, in
    2 ms). Elsewhere (macOS, musl) this does nothing. Returns whether it ran."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None)
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return False
    trim(0)
    return True
