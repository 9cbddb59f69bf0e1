"""data.collections is the one list: the store, the export, CSV and the reports follow it."""

from __future__ import annotations

from pathlib import Path

from kith.data.collections import COLLECTIONS, CSV_COLLECTIONS, MODELS, label
from kith.data.exchange import csv_tables, export_document, snapshot
from kith.data.models.base import utc_now
from kith.data.store import Store


def test_the_store_has_one_repository_per_collection_in_the_listed_order(tmp_path: Path) -> None:
    with Store.open(tmp_path / "kith", backups=False) as store:
        assert [(r.name, r.model, r.label) for r in store.repositories] == [
            (c.name, c.model, c.one) for c in COLLECTIONS
        ]
        document = export_document(store, utc_now())
        assert [key for key in document if key in MODELS] == [c.name for c in COLLECTIONS]
        assert list(snapshot(store)) == [c.name for c in COLLECTIONS]
        assert list(csv_tables(snapshot(store))) == [f"{name}.csv" for name in CSV_COLLECTIONS]


def test_settings_is_json_only_and_labels_are_words() -> None:
    assert "settings" in MODELS and "settings" not in CSV_COLLECTIONS
    assert label("contacts") == "person"
    assert all(c.one and c.many and c.one != c.many for c in COLLECTIONS)
