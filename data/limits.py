"""Bounded input: files Kith reads are regular files of a known, limited size.

``read_limited`` opens without blocking (a FIFO or a device is refused before a
single byte is read), checks the size before reading, and never reads more than
the limit, so ``/dev/zero``, ``/dev/urandom``, a FIFO or a 2 GB file is refused at
once, in plain words, with memory untouched.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MB = 1024 * 1024
JSON_MAX = 128 * MB  # an import (export or backup): above the stress benchmark's 50 MB
VCARD_MAX = 16 * MB  # an address book
STORE_MAX = 1024 * MB  # Kith's own data file (never refused for growing with use)
MAX_DEPTH = 64  # nesting of JSON objects and lists (Kith writes at most 4)


class InputRefused(ValueError):
    """A file Kith will not read: not a regular file, or too big. ``str()`` says why."""


def size_words(size: int) -> str:
    return f"{size / MB:.0f} MB" if size >= MB else f"{size:,} bytes"


def read_limited(path: Path, limit: int = JSON_MAX, *, what: str = "file") -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes.

    Raises ``InputRefused`` (not a regular file, too big) or ``OSError`` (missing,
    unreadable)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputRefused(
                f"{path} is not a regular file ({_kind(info.st_mode)}); Kith reads a {what} "
                "only from a regular file."
            )
        if info.st_size > limit:
            raise InputRefused(
                f"{path} is {size_words(info.st_size)}, more than the {size_words(limit)} "
                f"Kith reads for a {what}."
            )
        chunks = []
        left = limit + 1  # the file may grow while it is read
        want = info.st_size + 1
        while left > 0:
            chunk = os.read(fd, min(left, max(want, 64 * 1024)))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise InputRefused(f"{path} is more than the {size_words(limit)} Kith reads for a {what}.")
    return data


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


def too_deep(value: object, limit: int = MAX_DEPTH) -> bool:
    """Whether ``value`` (parsed JSON) nests objects or lists deeper than ``limit``.
    Iterative: a file nested thousands deep is measured without recursion."""
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item  # type: ignore[assignment]
        else:
            continue
        if depth >= limit:
            return True
        for child in children:
            if isinstance(child, dict | list):
                stack.append((child, depth + 1))
    return False
