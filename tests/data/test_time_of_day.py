"""An interaction's optional time of day (issue 18): typed gently, stored as "14:30",
carried by the JSON and CSV exports, and used to order a person's timeline."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from itertools import pairwise

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kith.data.dates import parse_time, time_label
from kith.data.exchange_csv import csv_tables
from kith.data.exchange_json import dump_json, export_document, parse_document
from kith.data.models import Contact, Interaction
from kith.data.people import timeline
from kith.data.store import Store

TODAY = date(2026, 11, 20)
minutes = st.builds(time, st.integers(0, 23), st.integers(0, 59))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14:30", time(14, 30)),
        (" 14.30 ", time(14, 30)),
        ("1430", time(14, 30)),
        ("2pm", time(14, 0)),
        ("2 PM", time(14, 0)),
        ("2:30pm", time(14, 30)),
        ("11:05 am", time(11, 5)),
        ("12am", time(0, 0)),
        ("12pm", time(12, 0)),
        ("9", time(9, 0)),
        ("21", time(21, 0)),
        ("noon", time(12, 0)),
        ("midnight", time(0, 0)),
        ("", None),
        ("   ", None),
    ],
)
def test_typed_times(text: str, expected: time | None) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["25", "24:00", "13pm", "0am", "14:60", "soon", "2:3", "1:2:3"])
def test_not_a_time_is_said_in_words(text: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_time(text)
    assert "time" in str(caught.value) or "hour" in str(caught.value)


@given(minutes)
def test_a_shown_time_reads_back(at: time) -> None:
    assert parse_time(time_label(at)) == at


@given(st.integers(1, 12), st.integers(0, 59), st.sampled_from(["am", "pm"]))
def test_twelve_hour_times(hour: int, minute: int, half: str) -> None:
    at = parse_time(f"{hour}:{minute:02d}{half}")
    assert at is not None
    assert at.minute == minute
    assert at.hour % 12 == hour % 12
    assert (at.hour >= 12) == (half == "pm")


def test_stored_to_the_minute_and_as_hh_mm() -> None:
    item = Interaction(date=TODAY, contact_ids=["a"], time=time(9, 5, 42))
    assert item.time == time(9, 5)
    assert item.to_doc()["time"] == "09:05"
    assert Interaction.model_validate(item.to_doc()).time == time(9, 5)
    # A record from before the field (schema 3 as it was) has no time.
    old = item.to_doc()
    del old["time"]
    assert Interaction.model_validate(old).time is None


@given(
    st.lists(
        st.tuples(st.integers(0, 3), st.none() | minutes, st.integers(0, 10_000)),
        min_size=1,
        max_size=12,
    )
)
def test_timeline_order(rows: list[tuple[int, time | None, int]]) -> None:
    """Newest day first; within a day timed ones first, latest time first, then the
    untimed ones; ties latest logged first. Every interaction is there once."""
    base = datetime(2026, 11, 20, 12, 0)
    items = [
        Interaction.model_construct(
            id=f"i{n}",
            date=TODAY - timedelta(days=back),
            time=at,
            contact_ids=["sam"],
            created=base + timedelta(seconds=logged),
            updated=base,
        )
        for n, (back, at, logged) in enumerate(rows)
    ]
    shown = timeline("sam", items)
    assert sorted(i.id for i in shown) == sorted(i.id for i in items)
    for newer, older in pairwise(shown):
        assert newer.date >= older.date
        if newer.date != older.date:
            continue
        if newer.time is None:
            assert older.time is None  # no timed one after an untimed one, same day
            assert newer.created >= older.created
        elif older.time is not None:
            assert (newer.time, newer.created) >= (older.time, older.created)


def test_json_and_csv_exports_carry_the_time(store: Store) -> None:
    sam = store.contacts.add(Contact(name="Sam"))
    timed = store.interactions.add(Interaction(date=TODAY, contact_ids=[sam.id], time=time(14, 30)))
    store.interactions.add(Interaction(date=TODAY, contact_ids=[sam.id]))
    document = export_document(store, store.clock.now())
    raw = dump_json(document)
    docs = {doc["id"]: doc for doc in orjson.loads(raw)["interactions"]}
    assert docs[timed.id]["time"] == "14:30"
    back = parse_document(raw, today=TODAY)
    assert {i.id: i.time for i in back["interactions"]}[timed.id] == time(14, 30)
    table = csv_tables(back)["interactions.csv"].splitlines()
    header = table[0].split(",")
    assert "time" in header
    cells = {
        row.split(",")[header.index("id")]: row.split(",")[header.index("time")]
        for row in table[1:]
    }
    assert cells[timed.id] == "14:30"
    assert sorted(cells.values()) == ["", "14:30"]


def test_search_everything_says_the_time() -> None:
    from kith.data.search import search_everything

    sam = Contact(id="sam", name="Sam")
    items = [
        Interaction(id="a", date=TODAY, contact_ids=["sam"], notes="the interview", time=time(8)),
        Interaction(id="b", date=TODAY, contact_ids=["sam"], notes="the interview again"),
        Interaction(id="c", date=TODAY, contact_ids=["sam"], notes="interview", time=time(19, 5)),
    ]
    hits = [
        h for h in search_everything("interview", [sam], items, [], []) if h.kind == "interaction"
    ]
    assert [h.title for h in hits] == [
        "In person with Sam, 20 November 2026, 19:05",
        "In person with Sam, 20 November 2026, 08:00",
        "In person with Sam, 20 November 2026",
    ]
