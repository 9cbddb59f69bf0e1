"""Installed, Kith is one package, ``kith``, and its layers import one way.

Issue 12: top-level ``app`` and ``data`` packages in site-packages were
overwritten by another distribution. These tests fail if any top-level name
other than ``kith`` comes back, in the installed files or in this test run.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.staging import ROOT, stage

FORMER = ("app", "screens", "widgets", "data")


def test_the_distribution_installs_only_the_kith_package(tmp_path: Path) -> None:
    """The installed files (read from outside the checkout) hold no top level but kith."""
    code = (
        "import importlib.metadata, json\n"
        "print(json.dumps([str(f) for f in importlib.metadata.files('kith') or []]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-I", "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    files = [Path(f) for f in json.loads(result.stdout)]
    assert files, "the kith distribution lists no files"
    tops = set()
    for file in files:
        first = file.parts[0]
        if first.endswith((".dist-info", ".pth")) or first.startswith("__editable__"):
            continue
        if first in ("..", "bin", "Scripts", "__pycache__"):  # scripts; the editable finder's cache
            continue
        tops.add(first.removesuffix(".py"))
    assert tops <= {"kith"}, tops


def test_no_former_top_level_module_is_importable_from_outside(tmp_path: Path) -> None:
    """From a folder outside the checkout, only ``kith`` resolves; its parts are found."""
    code = (
        "import importlib.util, json, sys\n"
        f"former = {{n: importlib.util.find_spec(n) is not None for n in {FORMER!r}}}\n"
        "import kith.app.main, kith.data.content\n"
        "from importlib import resources\n"
        "print(json.dumps({'former': former,\n"
        "  'tcss': resources.files('kith.app').joinpath('app.tcss').is_file(),\n"
        "  'content': resources.files('kith.data')"
        ".joinpath('content', 'instruments.json').is_file(),\n"
        "  'loaded': sorted(m for m in sys.modules if m.split('.')[0] in "
        f"{FORMER!r})}}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-I", "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    seen = json.loads(result.stdout)
    assert seen["former"] == dict.fromkeys(FORMER, False)
    assert seen["tcss"] and seen["content"]
    assert seen["loaded"] == []


def test_no_former_top_level_module_was_loaded_by_this_run() -> None:
    """Nothing imported so far in this test run reached a bare ``app``/``data``/..."""
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in FORMER)
    assert loaded == []


def test_the_layers_contract_holds(tmp_path: Path) -> None:
    """import-linter: kith.app > kith.screens > kith.widgets > kith.data."""
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if lint is None:
        pytest.skip("import-linter is not installed (pip install -e '.[test]')")
    staged = stage(tmp_path / "staged")
    result = subprocess.run(
        [lint, "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=staged,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": str(Path(sys.executable).parent), "PYTHONPATH": str(staged)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout, result.stdout


def test_the_layers_contract_catches_an_upward_import(tmp_path: Path) -> None:
    """The contract can fail: a data module importing a screen breaks it."""
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if lint is None:
        pytest.skip("import-linter is not installed (pip install -e '.[test]')")
    staged = stage(tmp_path / "staged")
    (staged / "kith" / "data" / "upward.py").write_text("import kith.screens.home\n")
    result = subprocess.run(
        [lint, "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=staged,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": str(Path(sys.executable).parent), "PYTHONPATH": str(staged)},
    )
    assert result.returncode != 0
    assert "kith.data.upward" in result.stdout
