"""Snapshots at 80x24 (fixed clock) of what issue 18's last part changed: the merge
preview, and a person's page whose day is ordered by the times logged."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time
from typing import Any

from kith.data.models import Birthday, Contact, Interaction, Mode, Phone
from kith.data.store import Store

TODAY = date(2026, 11, 20)


def test_merge_preview(snap_compare: Any, store: Store, make_app: Callable[..., Any]) -> None:
    store.contacts.add(
        Contact(name="Sam", tags=["run"], phones=[Phone(number="555 0100")], rhythm_days=7)
    )
    rivera = store.contacts.add(
        Contact(name="Sam Rivera", tags=["work"], birthday=Birthday(month=3, day=14))
    )
    store.interactions.add(Interaction(date=TODAY, contact_ids=[rivera.id]))
    press = ["4", "m", *"riv", "enter"]
    assert snap_compare(make_app(store), press=press, terminal_size=(80, 24))


def test_page_with_timed_interactions(
    snap_compare: Any, store: Store, make_app: Callable[..., Any]
) -> None:
    sam = store.contacts.add(Contact(name="Sam Rivera", rhythm_days=14))
    for day, at, mode, notes in (
        (TODAY, time(9, 15), Mode.CALL, "Morning call before work"),
        (TODAY, None, Mode.MESSAGE, "Sent the photos"),
        (TODAY, time(11, 40), Mode.IN_PERSON, "Brunch at the new place"),
        (date(2026, 11, 18), time(12, 5), Mode.VIDEO, "Quick lunch video"),
    ):
        store.interactions.add(
            Interaction(date=day, time=at, contact_ids=[sam.id], mode=mode, notes=notes)
        )
    press = ["4", "enter"]
    assert snap_compare(make_app(store), press=press, terminal_size=(80, 24))


def test_merge_picker(snap_compare: Any, store: Store, make_app: Callable[..., Any]) -> None:
    for name in ("Ana Lopez", "Sam", "Sam Rivera", "Bo"):
        store.contacts.add(Contact(name=name))
    press = ["4", "j", "j", "m"]  # on Sam: Sam Rivera, the likely one, comes first
    assert snap_compare(make_app(store), press=press, terminal_size=(80, 24))
