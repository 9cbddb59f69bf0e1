"""Opening a store file: check its format version, migrate an older one (keeping
the old file, with its journal, as a backup first)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from kith.data.clock import Clock
from kith.data.errors import StoreCorrupt, StoreTooNew
from kith.data.migrations import META_TABLE, SCHEMA_VERSION, migrate, schema_version

if TYPE_CHECKING:
    from kith.data.crypto import StoreKey


def check_schema_field(path: Path, tables: dict[str, Any]) -> None:
    """A format version that is there but not a whole number is damage, not a draft
    file: migrating it would rewrite a file Kith does not understand."""
    for doc in tables.get(META_TABLE, {}).values():
        if isinstance(doc, dict) and "schema" in doc:
            value = doc["schema"]
            if type(value) is not int or value < 1:
                raise StoreCorrupt(
                    path, f"its format version ({str(value)[:20]!r}) is not a whole number."
                )


def up_to_date(
    path: Path,
    data_dir: Path,
    tables: dict[str, Any],
    clock: Clock,
    *,
    readonly: bool,
    key: StoreKey | None = None,
) -> tuple[dict[str, Any], int | None]:
    """``tables`` at today's format, and the version migrated from (None if none).

    Raises ``StoreCorrupt`` or ``StoreTooNew``. A writable store keeps a backup of
    the old file (its journal replayed) before it is migrated.
    """
    check_schema_field(path, tables)
    found = schema_version(tables)
    if found > SCHEMA_VERSION:
        raise StoreTooNew(path, found, SCHEMA_VERSION)
    if found == SCHEMA_VERSION:
        return tables, None
    if not readonly:
        from kith.data.backup import backups_dir, copy_to

        stamp = clock.now().strftime("%Y%m%d-%H%M%S")
        copy_to(path, backups_dir(data_dir) / f"kith-v{found}-{stamp}.json", key)  # sealed
    tables, _ = migrate(tables)
    return tables, (None if readonly else found)
