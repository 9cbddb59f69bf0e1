"""Taking data out of Kith and bringing it back, one module per job:

- ``exchange_json``: the JSON export (complete, lossless: ``kith import`` gives back
  exactly the same store) and reading it, or a store file such as a backup, back;
- ``exchange_merge``: merging an import into the store by id;
- ``exchange_csv``: CSV tables for spreadsheets (a folder or a zip), private files;
- ``exchange_restore``: restoring a backup, crash-atomically, with the lock held;
- ``exchange_common``: the snapshot, ``ExchangeError``, bounded reading of inputs.

The collections themselves (names, models, words) are listed once, in
``data.collections``. How a report is worded for the command line lives in
``app.exchange_words``. This module gathers the names the rest of Kith uses.
"""

from __future__ import annotations

from kith.data.collections import COLLECTION_WORDS, CSV_COLLECTIONS, MODELS
from kith.data.exchange_common import (
    ExchangeError,
    Snapshot,
    read_input,
    records_equal,
    snapshot,
    snapshot_counts,
)
from kith.data.exchange_csv import csv_tables, write_csv_folder, write_private, zip_bytes
from kith.data.exchange_json import (
    EXPORT_KIND,
    dump_json,
    export_document,
    parse_document,
    read_store_bytes,
    read_store_file,
)
from kith.data.exchange_merge import (
    Change,
    MergePlan,
    Outcome,
    apply_merge,
    contact_names,
    plan_merge,
)
from kith.data.exchange_restore import Restored, restore_backup

__all__ = [
    "COLLECTION_WORDS",
    "CSV_COLLECTIONS",
    "EXPORT_KIND",
    "MODELS",
    "Change",
    "ExchangeError",
    "MergePlan",
    "Outcome",
    "Restored",
    "Snapshot",
    "apply_merge",
    "contact_names",
    "csv_tables",
    "dump_json",
    "export_document",
    "parse_document",
    "plan_merge",
    "read_input",
    "read_store_bytes",
    "read_store_file",
    "records_equal",
    "restore_backup",
    "snapshot",
    "snapshot_counts",
    "write_csv_folder",
    "write_private",
    "zip_bytes",
]
