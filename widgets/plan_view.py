"""The two views of the Strategies section as containers with their own keys.

Focus decides which keys apply: while the strategy list or its steps have focus,
the browser's keys (``w`` this week, ``p`` add to plan, ``n`` your own, ``f``
filter); while the plan has focus, the plan's (``w`` strategies, ``x`` done,
``s`` skip, ``c`` carry over, ...). Each binding runs the screen's action of the
same name (``screen.done``): the widgets hold no data and never touch the store.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.containers import Horizontal, Vertical

from kith.widgets.plan_list import PlanList

WEEKS = Binding.Group("Weeks", compact=True)


class StrategyBrowser(Horizontal):
    """The strategy list and the chosen strategy, side by side."""

    BINDINGS = [
        Binding("w", "screen.show_plan", "This week", id="strategies.show-plan"),
        Binding("p", "screen.add_to_plan", "Add to plan", id="strategies.add-to-plan"),
        Binding("n", "screen.new_action", "Own action", id="strategies.own-action"),
        Binding("f", "screen.filter", "Filter by situation", show=False, id="strategies.filter"),
    ]


class PlanView(Vertical, can_focus=True):
    """A week's plan: its heading, the list and the words shown when it is empty.

    It takes focus itself only while the list is hidden (nothing planned), so its
    keys (``n``, ``w``, ``[``/``]``) still work; otherwise focus goes to the list.
    """

    BINDINGS = [
        Binding("w", "screen.show_browser", "Strategies", id="strategies.show-browser"),
        Binding("space,x", "screen.done", "Done", key_display="space/x", id="strategies.done"),
        Binding("s", "screen.skip", "Skip", id="strategies.skip"),
        Binding("c", "screen.carry", "Carry over", id="strategies.carry"),
        Binding("d", "screen.delete", "Remove", id="strategies.remove"),
        Binding(
            "left_square_bracket",
            "screen.week(-1)",
            "Earlier week",
            key_display="[",
            group=WEEKS,
            id="strategies.earlier-week",
        ),
        Binding(
            "right_square_bracket",
            "screen.week(1)",
            "Later week",
            key_display="]",
            group=WEEKS,
            id="strategies.later-week",
        ),
        Binding("e", "screen.edit", "Edit", show=False, id="strategies.edit"),
        Binding("n", "screen.new_plan_item", "Add your own", show=False, id="strategies.add-own"),
        Binding("b", "screen.reopen", "Back to planned", show=False, id="strategies.reopen"),
        Binding(
            "t", "screen.this_week", "Back to this week", show=False, id="strategies.this-week"
        ),
    ]

    DEFAULT_CSS = """
    PlanView:focus { background-tint: $foreground 3%; }
    """

    @property
    def plan_list(self) -> PlanList:
        return self.query_one(PlanList)

    def focus_inside(self) -> None:
        """Focus the list if it is shown, else the view itself."""
        if self.plan_list.display:
            self.plan_list.focus()
        else:
            self.focus()

    def on_focus(self, _: events.Focus) -> None:
        if self.plan_list.display:
            self.plan_list.focus()
