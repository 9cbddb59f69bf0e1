"""The person's own support list: who or what, how to reach them, a note.

The columns fit the table's width (the note takes what is left), and a note too
long for it ends with an ellipsis, so it never looks complete when it is cut.
"""

from __future__ import annotations

from kith.widgets.contact_table import FittedTable

NAME_WIDTH = 22
REACH_WIDTH = 22


class SupportTable(FittedTable):
    """Rows are support entries; the row key is the entry's id."""

    DEFAULT_CSS = """
    SupportTable { height: auto; max-height: 100%; }
    """

    FIT_COLUMNS = (
        ("name", "Who or what", NAME_WIDTH),
        ("reach", "How to reach", REACH_WIDTH),
        ("note", "Note", None),
    )
    FLEX_MIN = 12
