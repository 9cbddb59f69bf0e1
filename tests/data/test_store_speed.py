"""The store's fast paths (issue 9) keep every promise of the slow ones.

- Documents are kept serialised in memory and saves join bytes: the file is
  still exactly TinyDB's layout, byte for byte what ``orjson`` would write.
- A failed save puts the storage's memory back (file and memory agree).
- Loaded records share one set of field names, safely.
- Text checks use one regular expression: the same answers as the
  character-by-character reference, for any text.
"""

from __future__ import annotations

import errno
import json
import unicodedata
from datetime import date
from pathlib import Path

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tinydb import TinyDB
from tinydb.storages import JSONStorage

import kith.data.storage as storage_module
from kith.data.clock import FixedClock
from kith.data.errors import StoreCorrupt, StoreWriteError
from kith.data.models import Contact, Interaction
from kith.data.store import STORE_FILE, Store
from kith.data.text import BIDI_CONTROLS, forbidden_character


def reference_forbidden(value: str, *, allow_newlines: bool) -> str | None:
    """The original, character-by-character rule."""
    for char in value:
        if char in BIDI_CONTROLS:
            return char
        if unicodedata.category(char) == "Cc":
            if allow_newlines and char in "\n\t":
                continue
            if not allow_newlines and char == "\t":
                continue
            return char
    return None


@given(st.text(), st.booleans())
def test_forbidden_character_matches_the_reference(value: str, allow_newlines: bool) -> None:
    assert forbidden_character(value, allow_newlines=allow_newlines) == reference_forbidden(
        value, allow_newlines=allow_newlines
    )


def test_every_control_character_is_refused() -> None:
    for code in [*range(0x20), *range(0x7F, 0xA0)]:
        char = chr(code)
        expected = None if char == "\t" else char
        assert forbidden_character(f"a{char}b", allow_newlines=False) == expected
    assert forbidden_character("a\nb", allow_newlines=True) is None
    for char in BIDI_CONTROLS:
        assert forbidden_character(f"name{char}", allow_newlines=True) == char


def filled(store: Store) -> Contact:
    sam = store.contacts.add(Contact(name="Sam", notes='Likes ünïcödé, emoji 🌿 and "quotes".'))
    store.contacts.add(Contact(name="Ana"))
    store.interactions.add(Interaction(date=date(2026, 11, 1), contact_ids=[sam.id]))
    return sam


def test_file_is_tinydb_layout_byte_for_byte(store: Store) -> None:
    filled(store)
    store.close()  # a clean exit folds the journal into the snapshot
    raw = store.path.read_bytes()
    tables = orjson.loads(raw)
    assert raw == orjson.dumps(tables)  # what serialising the tables at once writes
    assert set(tables["contacts"]) == {"1", "2"}
    with TinyDB(store.path, storage=JSONStorage, access_mode="r") as plain:
        names = sorted(doc["name"] for doc in plain.table("contacts").all())
        assert names == ["Ana", "Sam"]
        assert plain.table("contacts").get(doc_id=1)["name"] == "Sam"


def test_document_numbers_continue_after_reopen_and_delete(
    data_dir: Path, clock: FixedClock
) -> None:
    with Store.open(data_dir, clock=clock) as store:
        sam = filled(store)
        store.contacts.add_many([Contact(name="Bo"), Contact(name="Cy")])
        store.contacts.delete(sam.id)
    with Store.open(data_dir, clock=clock) as store:
        store.contacts.add(Contact(name="Di"))
        store.contacts.put(Contact(name="Ed"))
    contacts = json.loads((data_dir / STORE_FILE).read_text())["contacts"]
    assert {key: doc["name"] for key, doc in contacts.items()} == {
        "2": "Ana",
        "3": "Bo",
        "4": "Cy",
        "5": "Di",
        "6": "Ed",
    }


def test_unknown_tables_and_order_are_kept(data_dir: Path, clock: FixedClock) -> None:
    with Store.open(data_dir, clock=clock) as store:
        filled(store)
    path = data_dir / STORE_FILE
    tables = json.loads(path.read_text())
    tables["from_the_future"] = {"1": {"kept": True}}
    path.write_text(json.dumps(tables))
    order = [name for name in tables if name != "_journal"]
    with Store.open(data_dir, clock=clock) as store:
        store.contacts.add(Contact(name="New"))
        held = store._storage.read()
    again = json.loads(path.read_text())
    assert held == {name: table for name, table in again.items() if name != "_journal"}
    assert [name for name in again if name != "_journal"] == order
    assert again["from_the_future"] == {"1": {"kept": True}}


def test_failed_save_leaves_storage_memory_equal_to_the_file(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    sam = filled(store)
    before = store._storage.payload()
    on_disk = store.path.read_bytes() + (store.data_dir / "kith.journal").read_bytes()

    def failing(fd: int, payload: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage_module.os, "write", failing)
    for attempt in (
        lambda: store.contacts.add(Contact(name="Lost")),
        lambda: store.contacts.update(sam.model_copy(update={"name": "Changed"})),
        lambda: store.contacts.delete(sam.id),
        lambda: store.support.add_many([]),  # a table that does not exist yet
    ):
        with pytest.raises(StoreWriteError):
            attempt()
        assert store._storage.payload() == before
        assert store.path.read_bytes() + (store.data_dir / "kith.journal").read_bytes() == on_disk
    monkeypatch.undo()
    store.contacts.add(Contact(name="Saved"))
    assert [c.name for c in store.contacts.list()] == ["Sam", "Ana", "Saved"]


def test_a_save_in_a_batch_waits_for_the_batch(store: Store) -> None:
    filled(store)
    journal = store.data_dir / "kith.journal"
    before = journal.read_bytes()
    with store.batch():
        store.contacts.add(Contact(name="Later"))
        assert journal.read_bytes() == before
    assert journal.read_bytes().startswith(before)
    assert journal.read_bytes().count(b"\n") == before.count(b"\n") + 1
    assert b"Later" in journal.read_bytes()


def test_loaded_records_share_field_names_safely(data_dir: Path, clock: FixedClock) -> None:
    with Store.open(data_dir, clock=clock) as store:
        store.contacts.add_many([Contact(name=f"P{i}") for i in range(3)])
    with Store.open(data_dir, clock=clock) as store:
        first, second, _ = store.contacts.list()
        assert first.model_fields_set is second.model_fields_set  # shared
        names = set(second.model_fields_set)
        copy = first.model_copy(update={"name": "Changed"})
        assert copy.model_fields_set is not first.model_fields_set
        assert second.model_fields_set == names
        updated = store.contacts.update(copy)
        assert updated.name == "Changed"
        assert store.contacts.require(second.id).model_fields_set == names


def test_a_document_number_that_is_not_a_number_is_corrupt(
    data_dir: Path, clock: FixedClock
) -> None:
    data_dir.mkdir(mode=0o700)
    path = data_dir / STORE_FILE
    content = json.dumps(
        {
            "_meta": {"1": {"schema": 2}},
            "contacts": {"one": Contact(name="Sam").to_doc()},
        }
    ).encode()
    path.write_bytes(content)
    with pytest.raises(StoreCorrupt) as info:
        Store.open(data_dir, clock=clock)
    assert "'one'" in str(info.value)
    assert path.read_bytes() == content


def test_a_read_only_store_keeps_no_second_copy(data_dir: Path, clock: FixedClock) -> None:
    with Store.open(data_dir, clock=clock) as store:
        filled(store)
    with Store.open(data_dir, clock=clock, readonly=True) as reader:
        assert [c.name for c in reader.contacts.list()] == ["Sam", "Ana"]
        held = reader._storage.read()
        assert held is not None
        assert held["contacts"] == {} and held["interactions"] == {}


def test_big_stores_keep_records_out_of_garbage_collections(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    import kith.data.gcfreeze as store_module  # gc freezing has its own module

    with Store.open(data_dir, clock=clock) as store:
        filled(store)  # 3 records
    before = store_module._frozen_by
    enabled = gc.isenabled()
    with Store.open(data_dir, clock=clock):
        assert store_module._frozen_by == before  # small: nothing frozen
    trims: list[bool] = []
    monkeypatch.setattr("kith.data.store.give_back_memory", lambda: trims.append(True) or True)
    monkeypatch.setattr(store_module, "FREEZE_MIN_RECORDS", 3)
    store = Store.open(data_dir, clock=clock)
    try:
        assert trims == [True]  # a big store gives the parsed documents' pages back
        assert gc.isenabled() == enabled  # paused only while loading
        assert gc.get_freeze_count() > 0
        assert store_module._frozen_by == before + 1
        gc.collect()  # records are still there and usable
        assert [c.name for c in store.contacts.list()] == ["Sam", "Ana"]
    finally:
        store.close()
        store.close()  # closing twice thaws once
    assert store_module._frozen_by == before
    if before == 0:
        assert gc.get_freeze_count() == 0


def test_giving_memory_back_runs_on_linux_and_changes_nothing(
    data_dir: Path, clock: FixedClock
) -> None:
    import sys

    from kith.data.gcfreeze import give_back_memory

    with Store.open(data_dir, clock=clock) as store:
        filled(store)
        assert give_back_memory() is sys.platform.startswith("linux")
        assert [c.name for c in store.contacts.list()] == ["Sam", "Ana"]
