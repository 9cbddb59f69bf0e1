"""The contact page with every field filled in, at 80x24 and 120x36 (fixed clock)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kith.data.models import Contact, Link, RelationKind
from kith.data.store import Store
from tests.screens.test_contact_details import full_contact

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 36), id="120x36")]


@pytest.mark.parametrize("size", SIZES)
def test_contact_page_with_every_field(
    snap_compare: Any, store: Store, make_app: Callable[..., Any], size: Any
) -> None:
    alex = store.contacts.add(Contact(name="Alex Kim"))
    rosa = store.contacts.add(Contact(name="Rosa Lopez"))
    ana = full_contact().model_copy(
        update={"links": [Link(kind=RelationKind.PARTNER, contact_id=alex.id)]}
    )
    store.contacts.add(ana)
    # Rosa says Ana is her child: Ana's page shows "Ana Lopez's parent: Rosa Lopez".
    store.contacts.update(
        rosa.model_copy(update={"links": [Link(kind=RelationKind.CHILD, contact_id=ana.id)]})
    )
    press = ["4", "slash", *"ana", "enter", "enter"]
    assert snap_compare(make_app(store), press=press, terminal_size=size)
