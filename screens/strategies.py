"""The Strategies section: seven ways to build connection, and this week's plan.

Two views in tabs, switched with ``w``; each view is a container with its own
keys (``widgets/plan_view.py``), so the focused view decides which keys apply:

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
from textual.content import Content
from textual.widget import Widget
from textual.widgets import OptionList, Static, TabbedContent, TabPane, Tabs

from kith.data.clock import Clock, today
from kith.data.models import PlanItem, PlanState
from kith.data.plan import (
    CarryError,
    back_words,
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
from kith.data.rethink import HardStretch, hard_stretches, not_now_until, rethink_content
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
from kith.screens.rethink import RethinkScreen
from kith.screens.rethink_list import RethinkListScreen
from kith.screens.safety_plan import SafetyPlanScreen
from kith.screens.saving import NOT_REMOVED, done_or_say, save_or_say
from kith.widgets.plan_list import PlanList, PlanRow
from kith.widgets.plan_view import PlanView, StrategyBrowser
from kith.widgets.plan_week import PlanWeekHeader
from kith.widgets.strategy_detail import ActionList, StrategyDetail
from kith.widgets.strategy_list import WHY, StrategyList
from kith.widgets.stretch_notice import StretchNotice

BROWSE = "browse"
PLAN = "plan"
SUGGESTION_LIMIT = 4
FILTERS: tuple[Situation | None, ...] = (None, *Situation)
_ITEM_ACTIONS = {"done", "skip", "carry", "delete", "edit", "reopen"}
_STRETCH_ONLY = {"look_again", "not_now"}


class StrategiesScreen(SectionScreen):
    SECTION = "strategies"
    TITLE_TEXT = "Ways to build connection"
    CSS_PATH = "strategies.tcss"

    # A key typed while the screen is being built goes to the browser's keys.
    AUTO_FOCUS = "#strategy-list"

    BINDINGS = [
        Binding("j", "cursor(1)", "Down", show=False, id="strategies.down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="strategies.up"),
        Binding("escape", "back", "Back to the list", show=False, id="strategies.back"),
        # Issue 19: the safety plan, looking again at a hard moment, the hard-stretch offer
        # (not in the footer, full at 80 columns: in help, the palette and the notice).
        Binding("s", "safety_plan", "My safety plan", show=False, id="strategies.safety-plan"),
        Binding("r", "rethink", "Look again at a hard moment", show=False, id="strategies.rethink"),
        Binding("a", "look_again", "Look again", show=False, id="strategies.look-again"),
        Binding("h", "not_now", "Not now", show=False, id="strategies.not-now"),
    ]

    def __init__(self, store: Store, clock: Clock) -> None:
        super().__init__(store, clock)
        self.week: date = week_start(today(self.clock))
        self.situation: Situation | None = None
        self.suggestions: dict[str, Suggestion] = {}
        self._top: str | None = None  # the first suggestion last time
        self.stretch: HardStretch | None = None

    # -- layout ------------------------------------------------------------------
    def compose_body(self) -> Iterable[Widget]:
        yield StretchNotice(id="stretch")
        with TabbedContent(id="views", initial=BROWSE):
            with TabPane("Strategies", id=BROWSE), StrategyBrowser(id="browser"):
                yield StrategyList(id="strategy-list")
                yield StrategyDetail(id="detail")
            with TabPane("This week", id=PLAN), PlanView(id="plan-view"):
                yield PlanWeekHeader(id="week-header")
                yield PlanList(id="plan-list")
                yield Static(id="plan-empty")

    def on_mount(self) -> None:
        # SectionScreen.on_mount runs too (Textual calls each class's handler).
        # The tab bar never holds focus: w switches views, and with focus on the bar
        # neither view's keys would apply.
        self.query_one(Tabs).can_focus = False
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
        self.refresh_stretch()

    def refresh_stretch(self) -> None:
        store = self.store
        found = hard_stretches(
            store.contacts.list(),
            store.interactions.list(),
            today(self.clock),
            not_now=store.settings.get().rethink_not_now,
            records=store.thought_records.list(),
        )
        self.stretch = found[0] if found else None
        self.query_one(StretchNotice).show(
            self.stretch.reason if self.stretch else None, rethink_content().stretch_offer
        )
        self.refresh_bindings()

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
        plan_list = self.query_one(PlanList)
        had_focus = self.focused in (plan_list, self.query_one(PlanView))
        if plan_list.display != bool(rows):
            plan_list.display = bool(rows)
            self.refresh_bindings()
        if had_focus:
            self.query_one(PlanView).focus_inside()
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
        tab.label = Content(f"This week · {done} done" if done else "This week")

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

    # -- which keys apply: the focused view's (StrategyBrowser, PlanView) ----------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in _STRETCH_ONLY:
            return self.stretch is not None
        # The plan's keys for one action are offered only when there is one to act on.
        if action in _ITEM_ACTIONS:
            return self.query_one(PlanList).display
        return True

    @on(TabbedContent.TabActivated, "#views")
    def _tab_changed(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == PLAN:
            self.query_one(PlanView).focus_inside()
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
            # Enter shows the steps, the first one highlighted; up reads the text above.
            detail.actions.focus(scroll_visible=False)
            self.call_after_refresh(detail.show_steps)

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

    def _save(
        self, item: PlanItem, *, new: bool = False, undo: str | None = None
    ) -> PlanItem | None:
        """Save ``item``; with ``undo``, the session's ``u`` can put it back, saying so."""
        store = self.store

        def save() -> PlanItem:
            if undo is None:
                return store.plan.add(item) if new else store.plan.update(item)
            with store.undo.recording(store, undo):
                return store.plan.update(item)

        return save_or_say(self, save)

    def action_done(self) -> None:
        item = self.current_item()
        if item is None:
            return
        if item.state is not PlanState.DONE:
            saved = self._save(mark_done(item, self.clock.now()), undo=back_words(item))
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
            self.notify("This one is done. Press b first to set it back to planned.", timeout=3)
            return
        if item.state is PlanState.SKIPPED:
            changed, undo = reopen(item), None
        else:
            changed, undo = mark_skipped(item), back_words(item)
        if self._save(changed, undo=undo) is not None:
            self.refresh_plan(highlight=item.id)
            if undo is not None:
                self.notify("Skipped for this week. Press u to undo.", timeout=3)

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
            store = self.store
            said = Content.assemble("“", item.text, "” is back in the plan.").plain

            def remove() -> None:
                with store.undo.recording(store, said):
                    store.plan.delete(item.id)

            if not done_or_say(self, remove, title=NOT_REMOVED):
                return
            self.refresh_plan()
            self.notify("Removed from the plan. Press u to undo.", timeout=3)

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

    # -- the safety plan and looking again at a hard moment (issue 19) ----------------
    def action_safety_plan(self) -> None:
        self.app.push_screen(SafetyPlanScreen(self.store))

    def action_rethink(self) -> None:
        self.app.push_screen(RethinkListScreen(self.store, self.clock))

    def action_look_again(self) -> None:
        stretch = self.stretch
        if stretch is None:
            return
        self.app.push_screen(
            RethinkScreen(self.store, self.clock, contact_id=stretch.contact.id),
            lambda _: self.refresh_stretch(),
        )

    def action_not_now(self) -> None:
        stretch = self.stretch
        if stretch is None:
            return
        until = dict(self.store.settings.get().rethink_not_now)
        until[stretch.contact.id] = not_now_until(today(self.clock))
        if not done_or_say(self, lambda: self.store.settings.change(rethink_not_now=until)):
            return
        self.refresh_stretch()
        self.notify("Okay, not now. It is there whenever you want it (r).", timeout=3)

    # -- for other sections ----------------------------------------------------------
    def show_strategy(self, strategy_id: str) -> None:
        """Open the browser on one strategy (for Home or Check-in to link to)."""
        self.action_show_browser()
        if find_strategy(strategy_id) is not None and strategy_id != WHY:
            self.query_one(StrategyList).select_id(strategy_id)
