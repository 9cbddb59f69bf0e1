"""Kith's data layer: models, the store, content and pure domain logic.

Nothing in this package imports Textual (``tests/data/test_import_hygiene.py``
enforces it), and nothing outside it imports TinyDB.
"""
