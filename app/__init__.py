"""Kith's composition root: the App, the command line and the command palette."""
