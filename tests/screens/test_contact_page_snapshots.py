"""The contact page with every field filled in, at 80x24 and 120x36 (fixed clock)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kith.data.store import Store
from tests.screens.test_contact_details import full_contact

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 36), id="120x36")]


@pytest.mark.parametrize("size", SIZES)
def test_contact_page_with_every_field(
    snap_compare: Any, store: Store, make_app: Callable[..., Any], size: Any
) -> None:
    store.contacts.add(full_contact())
    assert snap_compare(make_app(store), press=["4", "enter"], terminal_size=size)
