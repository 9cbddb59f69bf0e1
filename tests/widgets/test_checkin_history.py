"""The history table's score cell: the total out of the maximum, and for the in-depth
check which kind of loneliness it showed, in a word."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kith.data.models import CheckIn
from kith.widgets.checkin_history import score_text


def checkin(instrument: str, total: int, subscales: dict[str, int] | None = None) -> CheckIn:
    return CheckIn(
        instrument_id=instrument,
        instrument_version=1,
        taken_at=datetime(2026, 11, 20, 12, tzinfo=UTC),
        answers=[],
        total=total,
        subscales=subscales or {},
        band="x",
        band_label="x",
    )


@pytest.mark.parametrize(
    ("emotional", "social", "expected"),
    [
        (3, 0, "3/6 emotional"),
        (3, 1, "4/6 both"),  # 1-3 on a subscale is lonely on it (instruments.md)
        (0, 2, "2/6 social"),
        (3, 3, "6/6 both"),
        (1, 0, "1/6 emotional"),
        (0, 0, "0/6"),  # lonely on neither: no word
    ],
)
def test_in_depth_says_which_kind(emotional: int, social: int, expected: str) -> None:
    found = checkin("djg6", emotional + social, {"emotional": emotional, "social": social})
    assert score_text(found) == expected
    assert len(expected) <= 13  # fits the column


def test_quick_check_is_the_total_out_of_nine() -> None:
    assert score_text(checkin("quick", 8)) == "8/9"
