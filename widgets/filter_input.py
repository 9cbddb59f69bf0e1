"""A filter box that can be hidden: while hidden it never takes focus.

Textual's auto-focus picks the first focusable widget of a new screen, and a
widget with ``display: none`` still counts as focusable. A hidden filter that
took focus would swallow the next key typed while its screen is being built
(``4`` then ``5`` showed People filtered by "5" instead of Insights).
"""

from __future__ import annotations

from textual.widgets import Input


class FilterInput(Input):
    """An ``Input`` that is focusable only while it is displayed."""

    def allow_focus(self) -> bool:
        return self.display and super().allow_focus()
