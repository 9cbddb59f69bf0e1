"""``kith status``'s fast read agrees with the sections' own logic on the full store."""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import UTC, date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kith.data.checkins import checkin_due, latest, local_date
from kith.data.clock import FixedClock
from kith.data.demo import build_demo_store
from kith.data.errors import StoreCorrupt, StoreTooNew
from kith.data.models import Record
from kith.data.people import reach_out, summarize, upcoming_birthdays
from kith.data.plan import week_progress, week_start
from kith.data.status import BIRTHDAY_DAYS, Glance, read_glance
from kith.data.store import STORE_FILE, Store
from tests.conftest import FIXED_NOW
from tests.data.test_exchange import fill, stores

FIXTURES = Path(__file__).parent.parent / "fixtures"


def expected(folder: Path, today: date) -> Glance:
    """The same answers computed the slow way: every record validated by the store."""
    with Store.open(folder, readonly=True) as store:
        contacts = store.contacts.list()
        checkins = store.checkins.list()
        rhythm = store.settings.get().checkin_rhythm_days
        last = latest(checkins)
        done, total = week_progress(store.plan.list(), week_start(today))
        return Glance(
            reach_out=reach_out(
                summarize(contacts, store.interactions.list(), today, tz=UTC).values(), today
            ),
            birthdays=upcoming_birthdays(contacts, today, days=BIRTHDAY_DAYS),
            last_checkin=local_date(last, UTC) if last else None,
            checkin_due=checkin_due(checkins, rhythm, today, UTC),
            checkin_rhythm_days=rhythm,
            plan_done=done,
            plan_total=total,
        )


def test_agrees_with_the_store_on_demo_data(data_dir: Path, clock: FixedClock) -> None:
    build_demo_store(data_dir, clock)
    today = FIXED_NOW.date()
    glance = read_glance(data_dir / STORE_FILE, today, UTC)
    assert glance == expected(data_dir, today)
    assert glance is not None
    assert [s.contact.name for s in glance.reach_out] == [
        "Noor Imaginary",
        "Juniper Example",
        "Otto Sample",
    ]
    assert (glance.plan_done, glance.plan_total) == (0, 2)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(snap=stores(), offset=st.integers(0, 4000))
def test_agrees_with_the_store_on_any_data(snap: dict[str, list[Record]], offset: int) -> None:
    today = date(2015, 1, 1) + timedelta(days=offset)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "kith"
        fill(folder, snap)
        assert read_glance(folder / STORE_FILE, today, UTC) == expected(folder, today)


def test_no_file_is_no_data(tmp_path: Path) -> None:
    assert read_glance(tmp_path / STORE_FILE, FIXED_NOW.date(), UTC) is None


def test_an_old_file_is_read_through_the_migration(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "store_v1.json", tmp_path / STORE_FILE)
    before = (tmp_path / STORE_FILE).read_bytes()
    glance = read_glance(tmp_path / STORE_FILE, FIXED_NOW.date(), UTC)
    assert glance is not None
    assert (tmp_path / STORE_FILE).read_bytes() == before  # only read


@pytest.mark.parametrize(
    ("tables", "error"),
    [
        ({"_meta": {"1": {"schema": 99}}}, StoreTooNew),
        ({"_meta": {"1": {"schema": 2}}, "contacts": {"1": {"id": "x"}}}, StoreCorrupt),
        ({"_meta": {"1": {"schema": 2}}, "interactions": {"1": {"id": "x"}}}, StoreCorrupt),
        (
            {
                "_meta": {"1": {"schema": 2}},
                "interactions": {"1": {"date": "someday", "contact_ids": ["a"]}},
            },
            StoreCorrupt,
        ),
    ],
)
def test_a_file_the_store_would_refuse_is_refused(
    tmp_path: Path, tables: dict[str, object], error: type[Exception]
) -> None:
    (tmp_path / STORE_FILE).write_text(json.dumps(tables))
    with pytest.raises(error):
        read_glance(tmp_path / STORE_FILE, FIXED_NOW.date(), UTC)
