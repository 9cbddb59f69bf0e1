"""Subcommands of ``kith`` (log, status, export, import, backup, restore).

``add_subcommands`` registers them on the main parser; each sets
``args.handler``, a function ``(args) -> int`` (the exit code).
"""

from __future__ import annotations

import argparse


def add_subcommands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register Kith's subcommands. (Filled by the quick-capture work.)"""
