"""What People looks like at 80x24 and 120x36, with the fixed clock and the demo data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from kith.data.models import Circle, Contact, Interaction
from kith.data.store import Store

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 36), id="120x36")]
OPEN_OTTO = ["4", "slash", "o", "t", "t", "o", "enter", "enter"]
HOSTILE = [
    "[@click=app.quit]Bob[/]",
    "Ann [/bold] [b]",
    "Zoë 👩‍👩‍👧 Family",
    "山田 太郎さん",
    "مريم العربية",
    "L" * 200,
]


@pytest.mark.parametrize("size", SIZES)
def test_list(
    snap_compare: Any, demo_store: Store, make_app: Callable[..., Any], size: Any
) -> None:
    assert snap_compare(make_app(demo_store), press=["4"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_reach_out(
    snap_compare: Any, demo_store: Store, make_app: Callable[..., Any], size: Any
) -> None:
    assert snap_compare(make_app(demo_store), press=["4", "r"], terminal_size=size)


def test_filtering(snap_compare: Any, demo_store: Store, make_app: Callable[..., Any]) -> None:
    press = ["4", "slash", "f", "r", "i", "e", "n", "d"]
    assert snap_compare(make_app(demo_store), press=press, terminal_size=(80, 24))


@pytest.mark.parametrize("size", SIZES)
def test_detail(
    snap_compare: Any, demo_store: Store, make_app: Callable[..., Any], size: Any
) -> None:
    assert snap_compare(make_app(demo_store), press=OPEN_OTTO, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_new_contact_form(
    snap_compare: Any, demo_store: Store, make_app: Callable[..., Any], size: Any
) -> None:
    assert snap_compare(make_app(demo_store), press=["4", "n"], terminal_size=size)


def test_edit_contact_form(
    snap_compare: Any, demo_store: Store, make_app: Callable[..., Any]
) -> None:
    press = [*OPEN_OTTO, "e"]
    assert snap_compare(make_app(demo_store), press=press, terminal_size=(120, 36))


def test_form_errors(snap_compare: Any, demo_store: Store, make_app: Callable[..., Any]) -> None:
    press = ["4", "n", "tab", "tab", "tab", "3", "0", " ", "f", "e", "b", "ctrl+s"]
    assert snap_compare(make_app(demo_store), press=press, terminal_size=(80, 24))


@pytest.mark.parametrize("size", SIZES)
def test_log_form(
    snap_compare: Any, demo_store: Store, make_app: Callable[..., Any], size: Any
) -> None:
    assert snap_compare(make_app(demo_store), press=[*OPEN_OTTO, "l"], terminal_size=size)


def test_which_sam(snap_compare: Any, store: Store, make_app: Callable[..., Any]) -> None:
    store.contacts.add(Contact(name="Sam", how_met="work", circle=Circle.COLLEAGUE))
    store.contacts.add(Contact(name="Sam", how_met="climbing gym", tags=["climbing"]))

    async def log_sam(pilot: Any) -> None:
        await pilot.press("4")
        await pilot.pause()
        pilot.app.screen.action_log_interaction()
        await pilot.pause()
        await pilot.press("S", "a", "m", "ctrl+s")
        await pilot.pause()

    assert snap_compare(make_app(store), run_before=log_sam, terminal_size=(80, 24))


def test_delete_asks_about_interactions(
    snap_compare: Any, demo_store: Store, make_app: Callable[..., Any]
) -> None:
    press = [*OPEN_OTTO, "d"]
    assert snap_compare(make_app(demo_store), press=press, terminal_size=(80, 24))


@pytest.mark.parametrize("size", SIZES)
def test_hostile_names(
    snap_compare: Any, store: Store, make_app: Callable[..., Any], size: Any
) -> None:
    for name in HOSTILE:
        contact = store.contacts.add(Contact(name=name, rhythm_days=14, tags=[name[:40]]))
        store.interactions.add(
            Interaction(date=date(2026, 11, 1), contact_ids=[contact.id], notes=name)
        )
    assert snap_compare(make_app(store), press=["4"], terminal_size=size)


def test_hostile_name_detail(snap_compare: Any, store: Store, make_app: Callable[..., Any]) -> None:
    name = HOSTILE[0]
    sam = store.contacts.add(Contact(name=name, remember=[HOSTILE[1]], notes=HOSTILE[3]))
    other = store.contacts.add(Contact(name=HOSTILE[2]))
    store.interactions.add(
        Interaction(date=date(2026, 11, 18), contact_ids=[sam.id, other.id], notes=HOSTILE[4])
    )
    assert snap_compare(make_app(store), press=["4", "enter"], terminal_size=(80, 24))
