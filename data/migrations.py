"""Schema versions of the store file and how older files are brought forward.

Version 1 was the draft layout, where a contact's keep-in-touch rhythm was a
word ("weekly", "monthly", ...); version 2 stores it as a number of days.
Version 3 adds the safety plan: the entries of the old support list move into
it (people into step 4, professionals into step 5, what helps into step 2). It
also gives every contact ways to reach them (phones, emails, postal
addresses, each with a label), the UID of the vCard they came from, and typed
links to other contacts (partner, parent, child, sibling, friend, colleague),
named yearly dates and dated follow-ups. (Both arrived in one release, so one step.)
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


# Which safety plan step each kind of old support entry moves into.
_SUPPORT_STEPS = {"person": "ask_for_help", "professional": "professionals", "helps": "on_my_own"}
_SAFETY_LINES_MAX = 100  # as SafetyPlan allows; any more stay in the support list


def _support_to_safety_plan(tables: Tables) -> Tables:
    support = tables.get("support", {})
    if not isinstance(support, dict) or not support or tables.get("safety_plan"):
        return tables
    steps: dict[str, list[dict[str, Any]]] = {step: [] for step in _SUPPORT_STEPS.values()}
    moved: list[str] = []
    times: list[tuple[str, str]] = []
    for key, doc in support.items():
        if not isinstance(doc, dict):
            continue
        step = _SUPPORT_STEPS.get(str(doc.get("kind", "person")), "ask_for_help")
        if len(steps[step]) >= _SAFETY_LINES_MAX:
            continue
        steps[step].append(
            {
                "text": doc.get("name", ""),
                "reach": doc.get("reach", ""),
                "note": doc.get("note", ""),
                "contact_id": None,
            }
        )
        moved.append(key)
        times.append((str(doc.get("created", "")), str(doc.get("updated", ""))))
    if not moved:
        return tables
    plan: dict[str, Any] = {"id": "safety-plan", **steps}
    created = min((t[0] for t in times if t[0]), default="")
    updated = max((t[1] for t in times if t[1]), default="")
    if created:
        plan["created"] = created
    if updated:
        plan["updated"] = updated
    tables["safety_plan"] = {"1": plan}
    tables["support"] = {key: doc for key, doc in support.items() if key not in moved}
    return tables


def _contact_details(tables: Tables) -> Tables:
    contacts = tables.get("contacts", {})
    for doc in contacts.values() if isinstance(contacts, dict) else ():
        if isinstance(doc, dict):
            for key in ("phones", "emails", "addresses"):
                doc.setdefault(key, [])
            doc.setdefault("vcard_uid", "")
            doc.setdefault("links", [])
            doc.setdefault("dates", [])
            doc.setdefault("follow_ups", [])
            doc.setdefault("snoozed_until", None)
    return tables


def _v2_to_v3(tables: Tables) -> Tables:
    return _contact_details(_support_to_safety_plan(tables))


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
