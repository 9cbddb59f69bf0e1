"""The one list of Kith's collections: name, model, and the words for one and many.

The store builds its repositories in this order, the JSON export writes them in
it, the import reports in it, and CSV writes the ones marked ``csv``. A new
collection is added here (and given its repository in ``data/store.py``); a test
checks the store and this list agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from kith.data.models import (
    CheckIn,
    Contact,
    Interaction,
    PlanItem,
    Record,
    Settings,
    SupportEntry,
)


@dataclass(frozen=True)
class Collection:
    name: str  # the table in kith.json, the key in an export, the CSV file's name
    model: type[Record]
    one: str  # "person": also the store's label in messages
    many: str  # "people"
    csv: bool = True  # written as a CSV table (settings, one record, is JSON only)


COLLECTIONS: tuple[Collection, ...] = (
    Collection("contacts", Contact, "person", "people"),
    Collection("interactions", Interaction, "interaction", "interactions"),
    Collection("checkins", CheckIn, "check-in", "check-ins"),
    Collection("plan", PlanItem, "planned action", "planned actions"),
    Collection("support", SupportEntry, "support entry", "support entries"),
    Collection("settings", Settings, "settings record", "settings records", csv=False),
)
BY_NAME: dict[str, Collection] = {c.name: c for c in COLLECTIONS}

MODELS: dict[str, type[Record]] = {c.name: c.model for c in COLLECTIONS}
COLLECTION_WORDS: dict[str, tuple[str, str]] = {c.name: (c.one, c.many) for c in COLLECTIONS}
CSV_COLLECTIONS: tuple[str, ...] = tuple(c.name for c in COLLECTIONS if c.csv)


def label(name: str) -> str:
    """The word for one record of collection ``name`` ("person")."""
    return BY_NAME[name].one
