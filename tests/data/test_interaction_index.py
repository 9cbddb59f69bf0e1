"""The store's index of interactions (by date, by person) and the answers built on it.

Home and Insights read only the weeks they show through ``InteractionIndex``; these
tests hold them to the answers the full scan gives, on generated data with ties,
gaps and people never contacted, and hold the store's index to a fresh one after
any sequence of changes, failed writes included.
"""

from __future__ import annotations

import errno
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kith.data.storage as storage_module
from kith.data.clock import FixedClock
from kith.data.errors import StoreWriteError
from kith.data.home import build_home
from kith.data.insights import by_strategy, connection_link, in_window, week_starts, weekly_series
from kith.data.interaction_index import InteractionIndex
from kith.data.models import CheckIn, Contact, Interaction, Mode
from kith.data.people import last_dates_and_counts
from kith.data.store import Store

TODAY = date(2026, 11, 20)
CREATED = datetime(2024, 1, 1, 12, tzinfo=UTC)
PEOPLE = [
    Contact.model_validate({"name": f"P{n}", "rhythm_days": 7 + n, "created": CREATED})
    for n in range(6)
]
MODES = list(Mode)


def talk(day: date, who: list[int], mode: int, felt: int | None, n: int) -> Interaction:
    return Interaction.model_validate(
        {
            "date": day,
            "contact_ids": [PEOPLE[i].id for i in sorted(set(who))],
            "mode": MODES[mode % len(MODES)],
            "felt": felt,
            "strategy_id": "listen" if n % 3 == 0 else None,
            "notes": str(n),
            # Often the same moment: ties must be broken as the full scan breaks them.
            "created": CREATED + timedelta(days=n % 4),
        },
        context={"today": date.max},
    )


interaction_lists = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=500),  # days before TODAY
        st.lists(st.integers(min_value=0, max_value=5), min_size=1, max_size=3),
        st.integers(min_value=0, max_value=10),
        st.none() | st.integers(min_value=1, max_value=5),
    ),
    max_size=60,
).map(
    lambda rows: [
        talk(TODAY - timedelta(days=ago), who, mode, felt, n)
        for n, (ago, who, mode, felt) in enumerate(rows)
    ]
)


def checkins() -> list[CheckIn]:
    return [
        CheckIn(
            instrument_id="quick",
            instrument_version=1,
            taken_at=datetime.combine(TODAY - timedelta(days=days), datetime.min.time(), UTC),
            answers=[],
            total=3 + days % 7,
            band="x",
            band_label="X",
        )
        for days in range(0, 400, 6)
    ]


def index_of(interactions: list[Interaction]) -> InteractionIndex:
    return InteractionIndex((item, number) for number, item in enumerate(interactions, start=1))


@given(interaction_lists, st.sampled_from([12, 26, 52]))
@settings(max_examples=150, deadline=None)
def test_home_through_the_index_is_home_from_every_interaction(
    interactions: list[Interaction], weeks: int
) -> None:
    common = {
        "contacts": PEOPLE,
        "interactions": interactions,
        "checkins": checkins(),
        "plan_items": [],
        "checkin_rhythm_days": 7,
        "today": TODAY,
        "tz": UTC,
        "insights_weeks": weeks,
    }
    assert build_home(**common, index=index_of(interactions)) == build_home(**common)


@given(interaction_lists, st.sampled_from([12, 26, 52]))
@settings(max_examples=150, deadline=None)
def test_insights_from_the_weeks_shown_match_every_interaction(
    interactions: list[Interaction], weeks: int
) -> None:
    index = index_of(interactions)
    shown = index.since(week_starts(TODAY, weeks)[0])
    marks = checkins()
    for part in (interactions, shown):
        assert all(item in interactions for item in part)
    assert weekly_series(shown, marks, [], today=TODAY, tz=UTC, weeks=weeks) == weekly_series(
        interactions, marks, [], today=TODAY, tz=UTC, weeks=weeks
    )
    assert sorted(i.id for i in in_window(shown, TODAY, weeks)) == sorted(
        i.id for i in in_window(interactions, TODAY, weeks)
    )
    assert connection_link(
        shown, marks, today=TODAY, tz=UTC, weeks=weeks, first_logged=index.first_date()
    ) == connection_link(interactions, marks, today=TODAY, tz=UTC, weeks=weeks)
    assert by_strategy(shown, [], today=TODAY, tz=UTC, weeks=weeks) == by_strategy(
        interactions, [], today=TODAY, tz=UTC, weeks=weeks
    )


def test_since_latest_first_date_and_people() -> None:
    a, b = PEOPLE[0], PEOPLE[1]
    days = [TODAY - timedelta(days=d) for d in (10, 3, 3, 0)]
    items = [talk(day, [0] if n != 1 else [0, 1], 0, None, n) for n, day in enumerate(days)]
    index = index_of(items)
    assert len(index) == 4
    assert index.first_date() == TODAY - timedelta(days=10)
    assert [i.notes for i in index.since(TODAY - timedelta(days=3))] == ["1", "2", "3"]
    assert index.since(TODAY + timedelta(days=1)) == []
    assert [i.notes for i in index.latest(1)] == ["3"]
    assert [i.notes for i in index.latest(2)] == ["1", "2", "3"]  # ties on that day included
    assert [i.notes for i in index.latest(3)] == ["1", "2", "3"]  # the day of the 3rd newest
    assert index.latest(0) == [] and len(index.latest(10)) == 4
    assert index.last_dates() == {a.id: TODAY, b.id: TODAY - timedelta(days=3)}
    assert index.counts() == {a.id: 4, b.id: 1}
    later = talk(TODAY - timedelta(days=5), [1], 0, None, 9)
    index.add(later, 99)
    assert [i.notes for i in index.since(TODAY - timedelta(days=5))] == ["9", "1", "2", "3"]
    assert index.counts()[b.id] == 2 and index.last_dates()[b.id] == TODAY - timedelta(days=3)
    empty = index_of([])
    assert empty.first_date() is None and empty.latest(3) == [] and empty.since(TODAY) == []


def same(left: InteractionIndex, right: InteractionIndex) -> bool:
    return (
        [i.id for i in left.since(date.min)] == [i.id for i in right.since(date.min)]
        and dict(left.last_dates()) == dict(right.last_dates())
        and dict(left.counts()) == dict(right.counts())
    )


def fresh(store: Store) -> InteractionIndex:
    repository = store.interactions
    return InteractionIndex((item, repository._doc_ids[item.id]) for item in repository.list())


operations = st.lists(
    st.tuples(
        st.sampled_from(["add", "add_many", "update", "delete", "put", "delete_contact", "fail"]),
        st.integers(min_value=0, max_value=400),
        st.integers(min_value=0, max_value=5),
    ),
    min_size=1,
    max_size=25,
)


@given(operations)
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_the_store_index_follows_every_change(
    tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[str, int, int]]
) -> None:
    folder: Path = tmp_path_factory.mktemp("kith")
    clock = FixedClock(datetime(2026, 11, 20, 12, tzinfo=UTC), tz=UTC)
    with Store.open(folder, clock=clock) as store:
        people = store.contacts.add_many([Contact(name=f"P{n}", rhythm_days=7) for n in range(6)])
        for n in range(5):
            store.interactions.add(
                Interaction(contact_ids=[people[n].id], date=TODAY - timedelta(days=n * 9))
            )
        store.interactions.index()  # built: from here on it is kept up to date
        for n, (kind, ago, who) in enumerate(steps):
            day = TODAY - timedelta(days=ago)
            stored = store.interactions.list()
            living = [p for p in people if p.id in store.contacts]
            if not living:
                break
            person = living[who % len(living)]
            if kind == "add":
                store.interactions.add(Interaction(contact_ids=[person.id], date=day))
            elif kind == "add_many":
                store.interactions.add_many(
                    [Interaction(contact_ids=[person.id], date=day) for _ in range(2)]
                )
            elif kind in ("update", "put") and stored:
                item = stored[who % len(stored)].model_copy(update={"date": day})
                (store.interactions.update if kind == "update" else store.interactions.put)(item)
            elif kind == "delete" and stored:
                store.interactions.delete(stored[who % len(stored)].id)
            elif kind == "delete_contact" and len(living) > 1:
                store.delete_contact(person.id, keep_interactions=bool(n % 2))
            elif kind == "fail":
                # A write that fails (disk full) inside a batch: memory goes back to the file.
                def full(fd: int, payload: bytes) -> int:
                    raise OSError(errno.ENOSPC, "No space left on device")

                failing = patch.object(storage_module.os, "write", full)
                with failing, pytest.raises(StoreWriteError), store.batch():
                    store.interactions.add(Interaction(contact_ids=[person.id], date=day))
                    store.interactions.add(Interaction(contact_ids=[person.id], date=day))
            index = store.interactions.index()
            assert same(index, fresh(store)), (n, kind)
            # What People and Home read from it is what a full scan finds.
            last, counts = last_dates_and_counts(store.interactions.list())
            assert (dict(index.last_dates()), dict(index.counts())) == (last, counts)
