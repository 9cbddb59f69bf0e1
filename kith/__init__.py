"""Kith: a keyboard-driven terminal companion for social connection and mental health.

Installed, Kith is this one package. Its parts live in the repository's
top-level folders and are mapped here by ``pyproject.toml``:
``kith.app`` (app/), ``kith.screens`` (screens/), ``kith.widgets`` (widgets/)
and ``kith.data`` (data/). Imports flow one way: app -> screens -> widgets -> data.
"""

__version__ = "0.2.0"
