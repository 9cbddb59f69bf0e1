"""data/ is the pure core: it must not import Textual (or anything UI)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import kith.data

DATA_DIR = Path(kith.data.__file__).parent
ROOT = Path(__file__).resolve().parents[2]


def test_no_data_module_imports_textual_or_rich() -> None:
    modules = sorted(
        "kith.data." + ".".join(p.relative_to(DATA_DIR).with_suffix("").parts)
        for p in DATA_DIR.rglob("*.py")
        if p.name != "__init__.py"
    )
    code = (
        "import sys\n"
        f"for name in {modules!r}:\n"
        "    __import__(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    assert result.stdout.strip() == "", f"data/ pulled in: {result.stdout.strip()}"
    assert len(modules) >= 10


def test_only_data_imports_tinydb() -> None:
    root = ROOT
    offenders = []
    for package in ("app", "screens", "widgets"):
        for path in (root / package).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            if "import tinydb" in text or "from tinydb" in text:
                offenders.append(str(path.relative_to(root)))
    assert offenders == []
