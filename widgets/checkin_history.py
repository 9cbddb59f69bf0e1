"""The table of past check-ins, newest first: date, check, score, band, note."""

from __future__ import annotations

from datetime import UTC, tzinfo

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

from kith.data.checkins import newest_first
from kith.data.instruments import KIND_NEITHER, find_instrument, loneliness_kind
from kith.data.models import CheckIn
from kith.widgets.text import cell, one_line


def score_text(checkin: CheckIn) -> str:
    """``8/9``; for a check with subscales, which kind of loneliness it showed, in a
    word: ``4/6 emotional``, ``5/6 both`` (the result view has the subscale scores)."""
    inst = find_instrument(checkin.instrument_id)
    top = f"/{inst.scoring.max}" if inst else ""
    score = f"{checkin.total}{top}"
    if inst is not None and inst.subscales:
        kind = loneliness_kind(inst, checkin.subscales)
        if kind is not None and kind != KIND_NEITHER:
            return f"{score} {kind}"
    return score


class CheckinHistory(DataTable[Text | str]):
    """Past check-ins. The row key is the check-in id."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="checkin-history.down"),
        Binding("k", "cursor_up", "Up", show=False, id="checkin-history.up"),
    ]

    FIXED_COLUMNS: tuple[tuple[str, str, int], ...] = (
        ("date", "Date", 11),
        ("check", "Check", 8),
        ("score", "Score", 13),
        ("band", "Band", 17),
    )

    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self._checkins: list[CheckIn] = []
        self._tz: tzinfo = UTC
        self._note_width = 0

    def note_width(self) -> int:
        """What is left of the width for the note (each column has 2 cells of padding)."""
        used = sum(width + 2 for _, _, width in self.FIXED_COLUMNS) + 2 + 1  # padding, scrollbar
        return max(10, self.scrollable_content_region.width - used)

    def show(self, checkins: list[CheckIn], tz: tzinfo) -> None:
        """Fill the table, keeping the cursor on the same check-in if it is still there."""
        self._checkins = list(checkins)
        self._tz = tz
        current = self.current_id
        self._note_width = self.note_width()
        self.clear(columns=True)
        for key, label, width in self.FIXED_COLUMNS:
            self.add_column(label, key=key, width=width)
        self.add_column("Note", key="note", width=self._note_width)
        for checkin in newest_first(checkins):
            inst = find_instrument(checkin.instrument_id)
            taken = checkin.taken_at.astimezone(tz)
            self.add_row(
                f"{taken.day:>2} {taken:%b %Y}",
                inst.short_name if inst else checkin.instrument_id,
                score_text(checkin),
                cell(checkin.band_label),
                cell(one_line(checkin.note, 200)),
                key=checkin.id,
            )
        if current is not None and current in self.rows:
            self.move_cursor(row=self.get_row_index(current))

    def on_resize(self) -> None:
        if self.note_width() != self._note_width:
            self.show(self._checkins, self._tz)

    @property
    def current_id(self) -> str | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return str(key) if key is not None else None
