"""Snapshots of the screens issue 14 part B changed, at 80x24 and 120x36 (demo data,
fixed clock): Strategies after enter, the empty plan, the log form after a letter,
the reflection after the hinted keys, help scrolled, a profile with more below."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kith.data.store import Store

SIZES = [(80, 24), (120, 36)]
MakeApp = Callable[..., Any]


@pytest.mark.parametrize("size", SIZES)
def test_strategies_after_enter(
    snap_compare: Any, demo_store: Store, make_app: MakeApp, size: Any
) -> None:
    # The first strategy "for you" in the demo is Seek professional help, the longest.
    assert snap_compare(make_app(demo_store), press=["3", "enter"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_strategies_after_enter_and_down(
    snap_compare: Any, demo_store: Store, make_app: MakeApp, size: Any
) -> None:
    press = ["3", "enter", "down"]
    assert snap_compare(make_app(demo_store), press=press, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_an_empty_plan(snap_compare: Any, store: Store, make_app: MakeApp, size: Any) -> None:
    assert snap_compare(make_app(store), press=["3", "w"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_log_form_call_by_letter(
    snap_compare: Any, demo_store: Store, make_app: MakeApp, size: Any
) -> None:
    assert snap_compare(make_app(demo_store), press=["4", "l", "c"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_reflection_after_the_hinted_keys(
    snap_compare: Any, demo_store: Store, make_app: MakeApp, size: Any
) -> None:
    press = ["3", "w", "x", "4", "tab", *"Good to hear her laugh"]
    assert snap_compare(make_app(demo_store), press=press, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_help_scrolled(snap_compare: Any, demo_store: Store, make_app: MakeApp, size: Any) -> None:
    press = ["4", "question_mark", "j", "j", "j", "j", "j"]
    assert snap_compare(make_app(demo_store), press=press, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_profile_scrolled_by_keys(
    snap_compare: Any, demo_store: Store, make_app: MakeApp, size: Any
) -> None:
    # Otto Sample is the 7th person by name in the demo.
    press = ["4", *["down"] * 6, "enter", "tab", "j", "j", "j"]
    assert snap_compare(make_app(demo_store), press=press, terminal_size=size)
