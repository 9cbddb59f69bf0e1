"""Where Kith keeps its data: ``--data-dir``, then ``KITH_DATA_DIR``, then the
platform's user data folder (``~/.local/share/kith`` on Linux)."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

ENV_VAR = "KITH_DATA_DIR"


def default_data_dir() -> Path:
    return Path(user_data_dir("kith", appauthor=False))


def resolve_data_dir(flag: str | os.PathLike[str] | None = None) -> Path:
    if flag:
        return Path(flag).expanduser()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    return default_data_dir()
