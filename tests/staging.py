"""The installed shape of Kith, laid out from the repository for tools that need it.

Installed, the folders app/, screens/, widgets/ and data/ are the package
``kith.app``, ``kith.screens``, ``kith.widgets`` and ``kith.data`` (a setuptools
``package-dir`` mapping). Import hooks make that work for Python, but static
tools (mypy, import-linter's grimp) walk folders. ``stage`` copies the source
into ``DEST/kith/...`` exactly as a wheel lays it out, so those tools see the
real package names.
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PARTS = ("app", "screens", "widgets", "data")


def stage(dest: Path) -> Path:
    """Lay out ``kith/`` under ``dest``; return ``dest`` (the folder to put on sys.path)."""
    package = dest / "kith"
    shutil.copytree(ROOT / "kith", package, ignore=shutil.ignore_patterns("__pycache__"))
    for part in PARTS:
        shutil.copytree(ROOT / part, package / part, ignore=shutil.ignore_patterns("__pycache__"))
    return dest
