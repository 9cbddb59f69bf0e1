"""The Strategies section: seven ways to build connection, and this week's plan.

Two views in tabs, switched with ``w``:

- Strategies: the seven strategies on the left (suggestions "for you" first,
  each with its reason), the highlighted one in full on the right with its small
  actions; ``p`` (or enter on an action) adds one to this week's plan, ``n`` adds
  your own, ``f`` filters the actions by situation.
- This week: the plan with each action's state; ``space``/``x`` done (then a
  short reflection), ``s`` skip, ``c`` carry over to next week, ``d`` remove,
  ``e`` edit, ``[``/``]`` earlier and later weeks.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from textual import on
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import OptionList, Static, TabbedContent, TabPane

from kith.data.clock import Clock, today
from kith.data.models import PlanItem, PlanState
from kith.data.plan import (
    CarryError,
    carried_to,
    carry_over,
    items_for_week,
    mark_done,
    mark_skipped,
    planned_action_ids,
    relative_week,
    reopen,
    week_counts,
    week_label,
    week_progress,
    week_start,
)
from kith.data.store import Store
from kith.data.strategies import (
    Situation,
    Strategy,
    benefits,
    find_strategy,
    finding_help,
    strategies,
    strategies_content,
)
from kith.data.suggestions import Suggestion, suggest
from kith.screens.base import SectionScreen
from kith.screens.confirm import ConfirmScreen
from kith.screens.plan_form import PlanItemForm
from kith.screens.plan_reflection import ReflectionForm
from kith.screens.saving import NOT_REMOVED, done_or_say, save_or_say
from kith.widgets.plan_list import PlanList, PlanRow
from kith.widgets.plan_week import PlanWeekHeader
from kith.widgets.strategy_detail import ActionList, StrategyDetail
from kith.widgets.strategy_list import WHY, StrategyList

BROWSE = "browse"
PLAN = "plan"
SUGGESTION_LIMIT = 4
FILTERS: tuple[Situation | None, ...] = (None, *Situation)

WEEKS = Binding.Group("Weeks", compact=True)

_BROWSE_ONLY = {"show_plan", "add_to_plan", "new_action", "filter"}
_PLAN_ONLY = {
    "show_browser",
    "done",
    "skip",
    "carry",
    "delete",
    "edit",
    "reopen",
    "week",
    "this_week",
    "new_plan_item",
}


class StrategiesScreen(SectionScreen):
    SECTION = "strategies"
    TITLE_TEXT = "Ways to build connection"
    CSS_PATH = "strategies.tcss"

    BINDINGS = [
        Binding("w", "show_plan", "This week", id="strategies.show-plan"),
        Binding("w", "show_browser", "Strategies", id="strategies.show-browser"),
        Binding("p", "add_to_plan", "Add to plan", id="strategies.add-to-plan"),
        Binding("n", "new_action", "Own action", id="strategies.own-action"),
        Binding("f", "filter", "Filter by situation", show=False, id="strategies.filter"),
        Binding("space,x", "done", "Done", key_display="space/x", id="strategies.done"),
        Binding("s", "skip", "Skip", id="strategies.skip"),
        Binding("c", "carry", "Carry over", id="strategies.carry"),
        Binding("d", "delete", "Remove", id="strategies.remove"),
        Binding(
            "left_square_bracket",
            "week(-1)",
            "Earlier week",
            key_display="[",
            group=WEEKS,
            id="strategies.earlier-week",
        ),
        Binding(
            "right_square_bracket",
            "week(1)",
            "Later week",
            key_display="]",
            group=WEEKS,
            id="strategies.later-week",
        ),
        Binding("e", "edit", "Edit", show=False, id="strategies.edit"),
        Binding("n", "new_plan_item", "Add your own", show=False, id="strategies.add-own"),
        Binding("u", "reopen", "Back to planned", show=False, id="strategies.reopen"),
        Binding("t", "this_week", "Back to this week", show=False, id="strategies.this-week"),
        Binding("j", "cursor(1)", "Down", show=False, id="strategies.down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="strategies.up"),
        Binding("escape", "back", "Back to the list", show=False, id="strategies.back"),
    ]

    def __init__(self, store: Store, clock: Clock) -> None:
        super().__init__(store, clock)
        self.week: date = week_start(today(self.clock))
        self.situation: Situation | None = None
        self.suggestions: dict[str, Suggestion] = {}
        self._top: str | None = None  # the first suggestion last time

    # -- layout ------------------------------------------------------------------
    def compose_body(self) -> Iterable[Widget]:
        with TabbedContent(id="views", initial=BROWSE):
            with TabPane("Strategies", id=BROWSE), Horizontal(id="browser"):
                yield StrategyList(id="strategy-list")
                yield StrategyDetail(id="detail")
            with TabPane("This week", id=PLAN), Vertical(id="plan-view"):
                yield PlanWeekHeader(id="week-header")
                yield PlanList(id="plan-list")
                yield Static(id="plan-empty")

    def on_mount(self) -> None:
        # SectionScreen.on_mount runs too (Textual calls each class's handler).
        self.query_one(StrategyList).focus()

    @property
    def this_week(self) -> date:
        return week_start(today(self.clock))

    @property
    def view(self) -> str:
        return self.query_one(TabbedContent).active

    # -- data --------------------------------------------------------------------
    def refresh_data(self) -> None:
        store = self.store
        found = suggest(
            checkins=store.checkins.list(),
            contacts=store.contacts.list(),
            interactions=store.interactions.list(),
            plan=store.plan.list(),
            today=today(self.clock),
            tz=self.clock.tz,
            limit=SUGGESTION_LIMIT,
        )
        self.suggestions = {s.strategy_id: s for s in found}
        strategy_list = self.query_one(StrategyList)
        strategy_list.show(
            [(s.id, s.short_title) for s in strategies()],
            [(s.strategy_id, s.tag) for s in found],
        )
        top = found[0].strategy_id if found else None
        if top != self._top and self._top is not None and top is not None:
            # Something new came first (after a check-in, say): show it and why.
            strategy_list.select_id(top)
        self._top = top
        self.show_detail(keep_highlight=True)
        self.refresh_plan()

    def show_detail(self, *, keep_highlight: bool = False) -> None:
        detail = self.query_one(StrategyDetail)
        strategy_id = self.query_one(StrategyList).highlighted_id
        chosen = find_strategy(strategy_id)
        if chosen is None:
            detail.show_why(strategies_content().intro, benefits())
            return
        planned = {
            action_id
            for sid, action_id in planned_action_ids(self.store.plan.list(), self.this_week)
            if sid == chosen.id
        }
        suggestion = self.suggestions.get(chosen.id)
        detail.show(
            chosen,
            benefits=benefits(),
            reasons=[r.text for r in suggestion.reasons] if suggestion else (),
            situation=self.situation,
            planned=planned,
            finding_help=finding_help() if chosen.id == "professional" else None,
            keep_highlight=keep_highlight,
        )

    def refresh_plan(self, *, highlight: str | None = None) -> None:
        items = self.store.plan.list()
        shown = items_for_week(items, self.week)
        rows = [self._row(item, items) for item in shown]
        self.query_one(PlanList).show(rows, highlight=highlight)
        around = []
        for offset in range(-3, 2):
            start = self.week + timedelta(days=7 * offset)
            done, total = week_progress(items, start)
            around.append((start, done, total))
        self.query_one(PlanWeekHeader).show(
            self.week, self.this_week, week_counts(items, self.week), around
        )
        empty = self.query_one("#plan-empty", Static)
        empty.display = not rows
        self.query_one(PlanList).display = bool(rows)
        if self.week < self.this_week:
            message = "Nothing was planned that week."
        else:
            message = (
                "Nothing planned yet. Press w to browse the strategies and p to add a "
                "small step, or n to add one of your own."
            )
        empty.update(Content(message))
        done, total = week_progress(items, self.this_week)
        tab = self.query_one(TabbedContent).get_tab(PLAN)
        tab.label = Content(f"This week {done}/{total}" if total else "This week")

    def _row(self, item: PlanItem, items: list[PlanItem]) -> PlanRow:
        person = None
        if item.contact_id is not None:
            contact = self.store.contacts.get(item.contact_id)
            person = contact.name if contact else "someone no longer in People"
        chosen = find_strategy(item.strategy_id)
        return PlanRow(
            item=item,
            person=person,
            strategy=chosen.short_title if chosen else None,
            carried_on=carried_to(items, item) is not None,
            carried_in=item.carried_from is not None,
        )

    # -- which keys apply ----------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in _BROWSE_ONLY:
            return self.view == BROWSE
        if action in _PLAN_ONLY:
            return self.view == PLAN
        return True

    @on(TabbedContent.TabActivated, "#views")
    def _tab_changed(self, event: TabbedContent.TabActivated) -> None:
        self.refresh_bindings()
        if event.pane.id == PLAN:
            self.query_one(PlanList).focus()
        elif not isinstance(self.focused, ActionList):
            self.query_one(StrategyList).focus()

    # -- browsing --------------------------------------------------------------------
    @on(OptionList.OptionHighlighted, "#strategy-list")
    def _strategy_highlighted(self) -> None:
        self.show_detail()

    @on(OptionList.OptionSelected, "#strategy-list")
    def _strategy_chosen(self) -> None:
        detail = self.query_one(StrategyDetail)
        if detail.strategy is not None:
            # Stay at the top of the page: the text above the steps is read first.
            detail.actions.focus(scroll_visible=False)

    @on(OptionList.OptionSelected, "#actions")
    def _action_chosen(self) -> None:
        self.action_add_to_plan()

    def action_show_plan(self) -> None:
        self.query_one(TabbedContent).active = PLAN

    def action_show_browser(self) -> None:
        self.query_one(TabbedContent).active = BROWSE

    def action_filter(self) -> None:
        index = FILTERS.index(self.situation)
        self.situation = FILTERS[(index + 1) % len(FILTERS)]
        self.show_detail()
        label = self.situation.label.lower() if self.situation else "all situations"
        self.notify(f"Showing steps for {label}.", timeout=2)

    def action_back(self) -> None:
        if self.view == BROWSE and isinstance(self.focused, ActionList):
            self.query_one(StrategyList).focus()

    def action_cursor(self, step: int) -> None:
        focused = self.focused
        if isinstance(focused, OptionList):
            if step > 0:
                focused.action_cursor_down()
            else:
                focused.action_cursor_up()

    def _chosen_strategy(self) -> Strategy | None:
        return self.query_one(StrategyDetail).strategy

    def action_add_to_plan(self) -> None:
        detail = self.query_one(StrategyDetail)
        chosen = detail.strategy
        if chosen is None:
            self.notify("Pick a strategy first, then an action to plan.", timeout=3)
            return
        self._open_form(
            PlanItemForm(
                self.store,
                self.this_week,
                strategy_id=chosen.id,
                action=detail.highlighted_action,
            )
        )

    def action_new_action(self) -> None:
        chosen = self._chosen_strategy()
        self._open_form(
            PlanItemForm(self.store, self.this_week, strategy_id=chosen.id if chosen else None)
        )

    def _open_form(self, form: PlanItemForm) -> None:
        def saved(item: PlanItem | None) -> None:
            if item is None:
                return
            when = relative_week(item.week_start, self.this_week)
            self.notify(f"Added to the plan for {when}.", timeout=3)
            if self.view == PLAN:
                self.week = item.week_start
                self.refresh_plan(highlight=item.id)

        self.app.push_screen(form, saved)

    # -- the plan ----------------------------------------------------------------------
    def current_item(self) -> PlanItem | None:
        plan_list = self.query_one(PlanList)
        item_id = plan_list.highlighted_id if plan_list.display else None
        return self.store.plan.get(item_id) if item_id else None

    def _save(self, item: PlanItem, *, new: bool = False) -> PlanItem | None:
        plan = self.store.plan
        return save_or_say(self, lambda: plan.add(item) if new else plan.update(item))

    def action_done(self) -> None:
        item = self.current_item()
        if item is None:
            return
        if item.state is not PlanState.DONE:
            saved = self._save(mark_done(item, self.clock.now()))
            if saved is None:
                return
            item = saved
            self.refresh_plan(highlight=item.id)
        chosen = find_strategy(item.strategy_id)

        def reflected(result: PlanItem | None) -> None:
            if result is not None:
                self.notify(
                    "Marked done, with your reflection. Thank you for noting how it went.",
                    timeout=3,
                )

        self.app.push_screen(
            ReflectionForm(self.store, self.clock, item, chosen.reflection if chosen else None),
            reflected,
        )

    def action_skip(self) -> None:
        item = self.current_item()
        if item is None:
            return
        if item.state is PlanState.DONE:
            self.notify("This one is done. Press u first to set it back to planned.", timeout=3)
            return
        changed = reopen(item) if item.state is PlanState.SKIPPED else mark_skipped(item)
        if self._save(changed) is not None:
            self.refresh_plan(highlight=item.id)

    def action_reopen(self) -> None:
        item = self.current_item()
        if item is None or item.state is PlanState.PLANNED:
            return
        if self._save(reopen(item)) is not None:
            self.refresh_plan(highlight=item.id)

    def action_carry(self) -> None:
        item = self.current_item()
        if item is None:
            return
        try:
            new = carry_over(item, self.store.plan.list(), not_before=self.this_week)
        except CarryError as error:
            self.notify(str(error), timeout=3)
            return
        if self._save(new, new=True) is not None:
            self.notify(f"Carried over to the week of {week_label(new.week_start)}.", timeout=3)
            self.refresh_plan(highlight=item.id)

    def action_delete(self) -> None:
        item = self.current_item()
        if item is None:
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            if not done_or_say(self, lambda: self.store.plan.delete(item.id), title=NOT_REMOVED):
                return
            self.refresh_plan()

        detail = "Its reflection goes too." if item.reflection else ""
        self.app.push_screen(
            ConfirmScreen(
                Content.assemble("Remove “", item.text, "” from the plan?"),
                detail=detail,
                yes="Remove",
                danger=True,
            ),
            answered,
        )

    def action_edit(self) -> None:
        item = self.current_item()
        if item is not None:
            self.app.push_screen(
                PlanItemForm(self.store, item.week_start, this_week=self.this_week, item=item),
                lambda _: self.refresh_plan(highlight=item.id),
            )

    def action_new_plan_item(self) -> None:
        week = max(self.week, self.this_week)
        self._open_form(PlanItemForm(self.store, week, this_week=self.this_week))

    def action_week(self, step: int) -> None:
        self.week = self.week + timedelta(days=7 * step)
        self.refresh_plan()

    def action_this_week(self) -> None:
        self.week = self.this_week
        self.refresh_plan()

    # -- for other sections ----------------------------------------------------------
    def show_strategy(self, strategy_id: str) -> None:
        """Open the browser on one strategy (for Home or Check-in to link to)."""
        self.action_show_browser()
        if find_strategy(strategy_id) is not None and strategy_id != WHY:
            self.query_one(StrategyList).select_id(strategy_id)
