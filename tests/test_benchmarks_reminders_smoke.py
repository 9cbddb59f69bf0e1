"""benchmarks/reminders.py (issue 20) still runs: small size, once. It prints figures
and judges nothing; this only keeps it from rotting."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.reminders import main


def test_the_reminder_rows_run_at_the_small_size(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # No notification pops up on a developer's desktop: the commands find no bus.
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path / 'no-bus'}")
    out = tmp_path / "results.json"
    assert main(["--sizes", "small", "--repeat", "1", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    for row in ("python -c pass", "kith status", "kith remind --again", "kith calendar"):
        assert f"| {row}" in printed
    figures = json.loads(out.read_text())["small"]
    assert set(figures["commands"]) == {
        "python -c pass",
        "kith status",
        "kith remind --again",
        "kith calendar --reach-out",
    }
    assert figures["feed_after_save"]["events"]["median"] > 0
