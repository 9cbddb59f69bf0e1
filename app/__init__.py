"""Kith's composition root: the App, the command line and the command palette."""

__version__ = "0.1.0"
