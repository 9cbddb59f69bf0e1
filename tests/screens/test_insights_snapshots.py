"""Snapshots of Insights at 80x24 and 120x36 with the demo data (and the empty store)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kith.data.store import Store

SIZES = [(80, 24), (120, 36)]


@pytest.mark.parametrize("size", SIZES)
def test_insights_demo(
    snap_compare: Any, demo_store: Store, make_app: Callable[..., Any], size: Any
) -> None:
    assert snap_compare(make_app(demo_store), press=["5"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_insights_demo_scrolled_to_the_end(
    snap_compare: Any, demo_store: Store, make_app: Callable[..., Any], size: Any
) -> None:
    # The link with its caveat, and the breakdowns.
    assert snap_compare(make_app(demo_store), press=["5", "end"], terminal_size=size)


def test_insights_demo_a_year(
    snap_compare: Any, demo_store: Store, make_app: Callable[..., Any]
) -> None:
    assert snap_compare(make_app(demo_store), press=["5", "w"], terminal_size=(120, 36))


def test_insights_empty(snap_compare: Any, store: Store, make_app: Callable[..., Any]) -> None:
    assert snap_compare(make_app(store), press=["5"], terminal_size=(80, 24))
