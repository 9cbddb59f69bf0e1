"""Schema versions of the store file and how older files are brought forward.

Version 1 was the draft layout, where a contact's keep-in-touch rhythm was a
word ("weekly", "monthly", ...); version 2 stores it as a number of days.
Version 3 gives every contact ways to reach them (phones, emails, postal
addresses, each with a label), the UID of the vCard they came from, and typed
links to other contacts (partner, parent, child, sibling, friend, colleague),
named yearly dates and dated follow-ups.
Each step is a pure function on the raw tables.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SCHEMA_VERSION = 3
META_TABLE = "_meta"

Tables = dict[str, Any]

_RHYTHM_WORDS = {
    "none": None,
    "weekly": 7,
    "fortnightly": 14,
    "monthly": 30,
    "quarterly": 91,
    "half-yearly": 182,
    "yearly": 365,
}


def _v1_to_v2(tables: Tables) -> Tables:
    contacts = tables.get("contacts", {})
    for doc in contacts.values():
        if "rhythm" in doc:
            word = doc.pop("rhythm")
            if isinstance(word, int):
                doc["rhythm_days"] = word
            else:
                doc["rhythm_days"] = _RHYTHM_WORDS.get(str(word).lower())
    return tables


def _v2_to_v3(tables: Tables) -> Tables:
    for doc in tables.get("contacts", {}).values():
        if isinstance(doc, dict):
            for key in ("phones", "emails", "addresses"):
                doc.setdefault(key, [])
            doc.setdefault("vcard_uid", "")
            doc.setdefault("links", [])
            doc.setdefault("dates", [])
            doc.setdefault("follow_ups", [])
            doc.setdefault("snoozed_until", None)
    return tables


MIGRATIONS: dict[int, Callable[[Tables], Tables]] = {1: _v1_to_v2, 2: _v2_to_v3}


def schema_version(tables: Tables) -> int:
    meta = tables.get(META_TABLE, {})
    for doc in meta.values():
        if isinstance(doc, dict) and isinstance(doc.get("schema"), int):
            return int(doc["schema"])
    # A file without a version is a draft (version 1) file.
    return 1


def set_schema_version(tables: Tables, version: int = SCHEMA_VERSION) -> None:
    tables[META_TABLE] = {"1": {"schema": version, "app": "kith"}}


def migrate(tables: Tables) -> tuple[Tables, int]:
    """Bring ``tables`` to ``SCHEMA_VERSION``; return them and the version they had."""
    found = schema_version(tables)
    version = found
    while version < SCHEMA_VERSION:
        tables = MIGRATIONS[version](tables)
        version += 1
    set_schema_version(tables)
    return tables, found
