"""Snapshots of the Check-in section at 80x24 and 120x36: a question, results, history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from kith.data.instruments import build_checkin, instrument
from kith.data.store import Store

SIZES = [(80, 24), (120, 36)]


def _quick_pair(store: Store) -> None:
    """A calmer week, then a hard one with "Often/always": the result shows resources."""
    quick = instrument("quick")
    calm = {"ucla1": "some_of_the_time", "ucla2": "hardly_ever", "ucla3": "hardly_ever"}
    store.checkins.add(
        build_checkin(
            quick, {**calm, "ons_direct": "occasionally"}, datetime(2026, 11, 6, 19, tzinfo=UTC)
        )
    )
    hard = {"ucla1": "often", "ucla2": "often", "ucla3": "often", "ons_direct": "often_always"}
    store.checkins.add(
        build_checkin(quick, hard, datetime(2026, 11, 20, 11, tzinfo=UTC), note="Rough week.")
    )


@pytest.mark.parametrize("size", SIZES)
def test_question(snap_compare: Any, store: Store, make_app: Callable[..., Any], size: Any) -> None:
    assert snap_compare(make_app(store), press=["2", "c", "2"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_in_depth_question(
    snap_compare: Any, store: Store, make_app: Callable[..., Any], size: Any
) -> None:
    assert snap_compare(make_app(store), press=["2", "i", "1", "1", "1"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_quick_result_with_resources(
    snap_compare: Any, store: Store, make_app: Callable[..., Any], size: Any
) -> None:
    _quick_pair(store)
    assert snap_compare(make_app(store), press=["2", "enter"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_in_depth_result(
    snap_compare: Any, store: Store, make_app: Callable[..., Any], size: Any
) -> None:
    answers = {"djg1": "yes", "djg2": "more_or_less", "djg3": "no"}
    answers |= {"djg4": "yes", "djg5": "more_or_less", "djg6": "no"}
    store.checkins.add(
        build_checkin(instrument("djg6"), answers, datetime(2026, 11, 20, 11, tzinfo=UTC))
    )
    assert snap_compare(make_app(store), press=["2", "enter"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_history_and_trend(
    snap_compare: Any, demo_store: Store, make_app: Callable[..., Any], size: Any
) -> None:
    assert snap_compare(make_app(demo_store), press=["2"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_empty_section(
    snap_compare: Any, store: Store, make_app: Callable[..., Any], size: Any
) -> None:
    assert snap_compare(make_app(store), press=["2"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_quick_result_led_by_the_persons_own_answer(
    snap_compare: Any, store: Store, make_app: Callable[..., Any], size: Any
) -> None:
    """UCLA 5 of 9 with "Often/always": the person's words first, the score second."""
    answers = {"ucla1": "some_of_the_time", "ucla2": "some_of_the_time", "ucla3": "hardly_ever"}
    store.checkins.add(
        build_checkin(
            instrument("quick"),
            {**answers, "ons_direct": "often_always"},
            datetime(2026, 11, 20, 11, tzinfo=UTC),
        )
    )
    assert snap_compare(make_app(store), press=["2", "enter"], terminal_size=size)
