"""Sync through a real engine (issue 17): two Syncthing instances on loopback, each
with its own home and its own copy of the sync folder, no discovery, no relays.
Skipped when ``syncthing`` is not installed; bounded in time (it waits for the other
machine's log to arrive, for at most a minute)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kith.data import sync
from tests.syncsim import Machine, add_person

SYNCTHING = shutil.which("syncthing")
pytestmark = pytest.mark.skipif(SYNCTHING is None, reason="syncthing is not installed")
WAIT_S = 60

CONFIG = """<configuration version="36">
  <folder id="kith" label="kith" path="{path}" type="sendreceive" rescanIntervalS="1"
          fsWatcherEnabled="true" fsWatcherDelayS="1">
    <device id="{me}"></device>
    <device id="{other}"></device>
  </folder>
  <device id="{me}" name="me"><address>dynamic</address></device>
  <device id="{other}" name="other"><address>tcp://127.0.0.1:{other_port}</address></device>
  <gui enabled="false" tls="false"><address>127.0.0.1:{gui}</address></gui>
  <options>
    <listenAddress>tcp://127.0.0.1:{port}</listenAddress>
    <globalAnnounceEnabled>false</globalAnnounceEnabled>
    <localAnnounceEnabled>false</localAnnounceEnabled>
    <relaysEnabled>false</relaysEnabled>
    <natEnabled>false</natEnabled>
    <startBrowser>false</startBrowser>
    <urAccepted>-1</urAccepted>
    <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
    <crashReportingEnabled>false</crashReportingEnabled>
  </options>
</configuration>
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def engines(tmp_path: Path) -> Iterator[list[Path]]:
    assert SYNCTHING is not None
    homes = [tmp_path / "st-a", tmp_path / "st-b"]
    folders = [tmp_path / "a-sync", tmp_path / "b-sync"]
    ids = []
    for home in homes:
        subprocess.run(
            [SYNCTHING, "generate", f"--home={home}", "--no-default-folder"],
            check=True,
            capture_output=True,
            timeout=30,
        )
        ids.append(
            subprocess.run(
                [SYNCTHING, f"--home={home}", "--device-id"],
                check=True,
                capture_output=True,
                text=True,
                timeout=30,
            ).stdout.strip()
        )
    ports = [_free_port(), _free_port()]
    for n, (home, folder) in enumerate(zip(homes, folders, strict=True)):
        folder.mkdir()
        (folder / ".stfolder").mkdir()
        (home / "config.xml").write_text(
            CONFIG.format(
                path=folder,
                me=ids[n],
                other=ids[1 - n],
                port=ports[n],
                other_port=ports[1 - n],
                gui=_free_port(),
            )
        )
    env = {**os.environ, "STNODEFAULTFOLDER": "1", "STNOUPGRADE": "1"}
    running = [
        subprocess.Popen(
            [SYNCTHING, "serve", f"--home={home}", "--no-browser", "--no-restart"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for home in homes
    ]
    try:
        yield folders
    finally:
        for process in running:
            process.terminate()
        for process in running:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def _arrived(path: Path, needle: bytes) -> bool:
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        if path.exists() and needle in path.read_bytes():
            return True
        time.sleep(0.2)  # polling a state (the file's content), bounded by the deadline
    return False


def test_two_machines_through_syncthing_on_loopback(tmp_path: Path, engines: list[Path]) -> None:
    fa, fb = engines
    laptop = Machine("laptop", tmp_path / "a", fa)
    desktop = Machine("desktop", tmp_path / "b", fb)
    for machine in (laptop, desktop):
        machine.open()
        sync.enable(machine.s, machine.folder, machine.name)
    try:
        sam = add_person(laptop.s, "Sam")
        ana = add_person(desktop.s, "Ana")
        a_cfg, b_cfg = sync.config(laptop.s), sync.config(desktop.s)
        assert a_cfg is not None and b_cfg is not None
        a_id, b_id = a_cfg.id, b_cfg.id
        assert _arrived(fb / "kith-sync" / f"{a_id}.log", sam.id.encode())
        assert _arrived(fa / "kith-sync" / f"{b_id}.log", ana.id.encode())
        for machine in (laptop, desktop):
            assert sync.merge_now(machine.s).problems == []
        assert sorted(c.name for c in laptop.s.contacts.list()) == ["Ana", "Sam"]
        assert sync.canonical_bytes(laptop.s) == sync.canonical_bytes(desktop.s)
    finally:
        laptop.close()
        desktop.close()
