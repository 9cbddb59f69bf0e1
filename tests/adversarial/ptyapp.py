"""Run the real ``kith`` (``python -m app.main``) under a pseudo-terminal, as a person would.

Used by the signal tests: start it, press keys, wait for words to appear on the
screen, send a signal or hang up, collect everything it wrote and how it ended.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ANSI = re.compile(
    rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|[=>NOM78c])"
)

KEYS = {
    "f2": b"\x1bOQ",
    "tab": b"\t",
    "escape": b"\x1b",
    "ctrl+s": b"\x13",
    "ctrl+q": b"\x11",
}


class PtyApp:
    def __init__(
        self,
        data_dir: Path,
        *,
        size: tuple[int, int] = (80, 24),
        python_args: list[str] | None = None,
    ) -> None:
        """``python -m app.main --data-dir DATA_DIR``; ``python_args`` replaces
        ``-m app.main`` (e.g. ``["-c", script]``)."""
        self.output = b""
        self._mark = 0  # where output after the last key press starts
        self.status: int | None = None
        pid, fd = pty.fork()
        if pid == 0:  # pragma: no cover - the child
            try:
                os.chdir(ROOT)
                env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(size[0])}
                env.pop("KITH_DATA_DIR", None)
                args = python_args or ["-m", "kith.app.main"]
                os.execve(
                    sys.executable,
                    [sys.executable, *args, "--data-dir", str(data_dir)],
                    env,
                )
            finally:
                os._exit(127)
        self.pid = pid
        self.fd: int | None = fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))

    # -- reading -----------------------------------------------------------------
    def pump(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while self.fd is not None and time.monotonic() < end:
            ready, _, _ = select.select([self.fd], [], [], 0.02)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:  # EIO: the child closed the terminal
                    return
                if not chunk:
                    return
                self.output += chunk

    @property
    def text(self) -> str:
        """What was written, with escape sequences removed (cells run together)."""
        return ANSI.sub(b"", self.output).decode("utf-8", errors="replace")

    def wait_for(self, words: str, timeout: float = 90.0) -> None:
        """Wait until ``words`` are drawn after the last key press."""
        squeezed = words.replace(" ", "")
        end = time.monotonic() + timeout
        mark = self._mark
        while time.monotonic() < end:
            self.pump(0.05)
            seen = ANSI.sub(b"", self.output[mark:]).decode("utf-8", errors="replace")
            if squeezed in seen.replace(" ", ""):
                return
            if self.exited():
                break
        raise AssertionError(f"{words!r} never appeared; screen text: {self.text[-1500:]!r}")

    # -- writing -----------------------------------------------------------------
    def press(self, *keys: str, pause: float = 0.15) -> None:
        assert self.fd is not None
        self._mark = len(self.output)
        for key in keys:
            os.write(self.fd, KEYS.get(key, key.encode()))
            self.pump(pause)

    def type(self, text: str) -> None:
        assert self.fd is not None
        self._mark = len(self.output)
        os.write(self.fd, text.encode())
        self.pump(0.2)

    # -- ending --------------------------------------------------------------------
    def exited(self) -> bool:
        if self.status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = status
        return self.status is not None

    def wait(self, timeout: float = 60.0) -> int:
        """Wait for the process; return its exit code, or -signal if a signal ended it."""
        end = time.monotonic() + timeout
        while not self.exited():
            if time.monotonic() > end:
                self.kill()
                raise AssertionError(f"kith did not exit within {timeout} s")
            self.pump(0.05)
        self.pump(0.1)
        assert self.status is not None
        if os.WIFSIGNALED(self.status):
            return -os.WTERMSIG(self.status)
        return os.WEXITSTATUS(self.status)

    def hang_up(self) -> None:
        """Close the terminal, as closing a terminal window does (the kernel sends SIGHUP)."""
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def kill(self) -> None:
        if not self.exited():
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.status = -9
        self.hang_up()
