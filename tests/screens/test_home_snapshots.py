"""Snapshots of Home at 80x24 and 120x36: the first steps (empty store) and the demo."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kith.data.store import Store

SIZES = [(80, 24), (120, 36)]


@pytest.mark.parametrize("size", SIZES)
def test_home_empty(
    snap_compare: Any, store: Store, make_app: Callable[..., Any], size: Any
) -> None:
    assert snap_compare(make_app(store), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_home_demo(
    snap_compare: Any, demo_store: Store, make_app: Callable[..., Any], size: Any
) -> None:
    assert snap_compare(make_app(demo_store), terminal_size=size)


def test_home_demo_moved_to_a_person(
    snap_compare: Any, demo_store: Store, make_app: Callable[..., Any]
) -> None:
    # The focus highlight on the second item (the most overdue person).
    assert snap_compare(make_app(demo_store), press=["down"], terminal_size=(80, 24))
