"""One person's interactions, newest first: when, how, how it felt, notes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import on
from textual.message import Message
from textual.widgets import DataTable

from kith.data.dates import day_label, minutes_short, time_label
from kith.data.models import FELT_LABELS, Interaction
from kith.data.people import names_label
from kith.widgets.contact_table import FittedTable
from kith.widgets.text import cell, one_line


def timeline_cells(
    interaction: Interaction, today: date, others: Sequence[str] = ()
) -> tuple[Text, ...]:
    """The cells of one interaction; ``others`` are the names of the other people in it."""
    how = interaction.mode.label
    if interaction.duration_minutes:
        how += f", {minutes_short(interaction.duration_minutes)}"
    felt = FELT_LABELS.get(interaction.felt, "") if interaction.felt else ""
    note = one_line(interaction.notes, 300)
    if others:
        note = f"with {names_label(list(others))}" + (f": {note}" if note else "")
    return (
        cell(
            " ".join(
                filter(None, (day_label(interaction.date, today), time_label(interaction.time)))
            )
        ),
        cell(how),
        cell(felt),
        cell(note, "" if note else "dim"),
    )


class TimelineTable(FittedTable):
    """A person's interactions; ``enter`` posts ``TimelineTable.Chosen``."""

    DEFAULT_CSS = """
    TimelineTable { height: 1fr; }
    """

    FIT_COLUMNS = (
        ("when", "When", 16),  # "Mon 16 Nov 14:30"
        ("how", "How", 16),
        ("felt", "Felt", 9),
        ("notes", "Notes", None),
    )
    FLEX_MIN = 10

    @dataclass
    class Chosen(Message):
        interaction_id: str

    def show(
        self,
        interactions: Sequence[Interaction],
        today: date,
        contact_id: str,
        names: Mapping[str, str],
        *,
        keep: str | None = None,
    ) -> None:
        """Show ``interactions`` (already newest first); ``names`` maps ids to names."""
        rows = [
            (
                item.id,
                timeline_cells(
                    item,
                    today,
                    [names[cid] for cid in item.contact_ids if cid != contact_id and cid in names],
                ),
            )
            for item in interactions
        ]
        self.set_rows(rows, keep=keep)

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.Chosen(event.row_key.value))
