"""One strategy in full: why it helps, the small actions to pick from, and (for
"Seek professional help") how to find a therapist plus the crisis resources.

Everything scrolls as one page. The actions are an ``OptionList`` inside that
page; moving through them keeps the highlighted action in view. Pressing down
(or up) while the highlighted action is out of view scrolls the page one line
towards it, and up on the first action scrolls back up through the text a line
at a time, so the text above and below the actions can be read with the same
keys; page up and page down scroll the page by a page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Region
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from kith.data.strategies import Action, Benefit, FindingHelp, Situation, Strategy
from kith.widgets.crisis import CrisisPanel
from kith.widgets.scroll_pane import ScrollPane
from kith.widgets.strategy_rows import foreground, hanging, line


def action_prompt(action: Action, planned: bool, styles: dict[str, Style] | None = None) -> Table:
    style = styles or {}
    situations = " · ".join(s.label for s in action.situations)
    second = line((situations, style.get("situations", Style())))
    if planned:
        second = line(("✓ in this week's plan · ", style.get("planned", Style()))) + second
    return hanging(Text("•", style=style.get("mark", Style())), [Text(action.text), second])


class ActionList(OptionList):
    """The small actions of one strategy (option ids are action ids)."""

    BINDINGS = [
        Binding("pagedown", "page(1)", "Page down", show=False, id="actions.page-down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="actions.page-up"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "action-list--mark",
        "action-list--planned",
        "action-list--situations",
    }
    DEFAULT_CSS = """
    ActionList {
        height: auto;
        max-height: 500;
        margin: 0 0 1 0;
    }
    ActionList > .action-list--mark { color: $text-accent; }
    ActionList > .action-list--planned { color: $text-success; }
    ActionList > .action-list--situations { color: $text-muted; }
    """

    def styles_for_rows(self) -> dict[str, Style]:
        return {
            name: foreground(self.get_component_rich_style(f"action-list--{name}"))
            for name in ("mark", "planned", "situations")
        }

    def action_page(self, direction: int) -> None:
        detail = self.parent
        if isinstance(detail, StrategyDetail):
            detail.scroll_page(direction)

    def action_cursor_down(self) -> None:
        detail = self.parent
        if isinstance(detail, StrategyDetail) and detail.page_towards_highlight(1):
            return
        if self.highlighted != self.option_count - 1:  # no wrapping round in a page
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        detail = self.parent
        if isinstance(detail, StrategyDetail) and detail.page_towards_highlight(-1):
            return
        if self.highlighted != 0:
            super().action_cursor_up()


class StrategyDetail(ScrollPane, can_focus=False):
    DEFAULT_CSS = """
    StrategyDetail {
        height: 1fr;
        padding: 0 1;
    }
    StrategyDetail > Static { height: auto; }
    StrategyDetail > #about { margin-bottom: 1; }
    StrategyDetail > #finding-help { margin-bottom: 1; }
    StrategyDetail > CrisisPanel { margin-bottom: 1; }
    StrategyDetail > #steps-title { color: $text-muted; }
    StrategyDetail > #reflection { color: $text-muted; margin-bottom: 1; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(more_keys="enter, then ↓", **kwargs)
        self.strategy: Strategy | None = None
        self.situation: Situation | None = None
        self._shown_actions: tuple[Action, ...] = ()

    def compose(self) -> ComposeResult:
        yield Static(id="about")
        yield CrisisPanel(compact=True)
        yield Static(id="finding-help")
        yield Static(id="steps-title")
        yield ActionList(id="actions")
        yield Static(id="reflection")

    @property
    def actions(self) -> ActionList:
        return self.query_one("#actions", ActionList)

    # -- showing -----------------------------------------------------------------
    def show_why(self, intro: str, benefits: Sequence[Benefit]) -> None:
        """The five ways connection supports mental health."""
        self.strategy = None
        self._shown_actions = ()
        lines = [
            Content.styled("Why connection matters", "bold $text-accent"),
            Content(""),
            Content(intro),
        ]
        for item in benefits:
            lines += [Content(""), Content.styled(item.title, "bold"), Content(item.text)]
        lines += [
            Content(""),
            Content.styled(
                "Pick a strategy on the left to see small steps you can take this week.",
                "italic $text-muted",
            ),
        ]
        self.query_one("#about", Static).update(Content("\n").join(lines))
        for selector in ("#finding-help", "CrisisPanel", "#steps-title", "#actions", "#reflection"):
            self.query_one(selector).display = False
        self.scroll_home(animate=False)

    def show(
        self,
        strategy: Strategy,
        *,
        benefits: Sequence[Benefit],
        reasons: Sequence[str] = (),
        situation: Situation | None = None,
        planned: set[str] | frozenset[str] = frozenset(),
        finding_help: FindingHelp | None = None,
        keep_highlight: bool = False,
    ) -> None:
        """Show ``strategy``. ``reasons``: why it is suggested; ``planned``: ids of its
        actions already in this week's plan; ``finding_help`` for professional help."""
        previous = self.highlighted_action if keep_highlight else None
        changed = self.strategy is None or self.strategy.id != strategy.id
        self.strategy = strategy
        self.situation = situation
        names = {b.id: b.title for b in benefits}
        lines = [
            Content.styled(strategy.title, "bold $text-accent"),
            Content.styled(strategy.summary, "italic"),
        ]
        for reason in reasons:
            lines.append(Content.assemble(("★ For you: ", "bold $text-warning"), reason))
        lines += [
            Content(""),
            Content(strategy.explanation),
            Content(""),
            Content.assemble(
                ("Helps with: ", "bold"), " · ".join(names[b] for b in strategy.benefits)
            ),
        ]
        self.query_one("#about", Static).update(Content("\n").join(lines))

        helps = self.query_one("#finding-help", Static)
        crisis = self.query_one(CrisisPanel)
        helps.display = crisis.display = finding_help is not None
        if finding_help is not None:
            help_lines = [Content.styled(finding_help.title, "bold"), Content(finding_help.intro)]
            for way in finding_help.ways:
                help_lines.append(Content.assemble(("• ", "$text-accent"), (way.title, "bold")))
                help_lines.append(Content.assemble("  ", way.text))
            helps.update(Content("\n").join(help_lines))

        shown = strategy.actions_for(situation)
        self._shown_actions = shown
        which = situation.label.lower() if situation else "all situations"
        title = self.query_one("#steps-title", Static)
        title.display = True
        title.update(
            Content.assemble(
                ("Small steps", "bold $text"),
                f" for {which}\n",
                ("p adds one to this week's plan · f filters by situation", "dim"),
            )
        )
        actions = self.actions
        actions.display = True
        styles = actions.styles_for_rows()
        actions.set_options(
            [Option(action_prompt(a, a.id in planned, styles), id=a.id) for a in shown]
            or [Option(Content("No steps for this situation; press f."), disabled=True)]
        )
        ids = [a.id for a in shown]
        actions.highlighted = ids.index(previous.id) if previous and previous.id in ids else 0
        reflection = self.query_one("#reflection", Static)
        reflection.display = True
        reflection.update(
            Content.assemble(("Afterwards, Kith will ask: ", "bold"), strategy.reflection)
        )
        if changed:
            self.scroll_home(animate=False)

    @property
    def highlighted_action(self) -> Action | None:
        if self.strategy is None or not self.actions.display:
            return None
        option = self.actions.highlighted_option
        if option is None or option.disabled or option.id is None:
            return None
        return self.strategy.action(option.id)

    # -- keeping the highlighted action in view ------------------------------------
    def _highlight_region(self) -> Region | None:
        actions = self.actions
        index = actions.highlighted
        if index is None or not actions.display:
            return None
        try:
            actions._update_lines()
            line = actions._index_to_line[index]
            height = actions._heights[index]
        except (AttributeError, KeyError):  # pragma: no cover - Textual internals moved
            return actions.virtual_region
        top = actions.virtual_region.y + actions.gutter.top + line
        return Region(0, top, max(1, self.scrollable_content_region.width), height)

    def page_towards_highlight(self, direction: int) -> bool:
        """Scroll one line towards the highlighted action if it is out of view (or
        through the text above the first action, below the last). True when the
        page scrolled (so the highlight stays where it is)."""
        region = self._highlight_region()
        if region is None:
            return False
        view_top = round(self.scroll_y)
        view_height = self.scrollable_content_region.height
        out_below = region.bottom > view_top + view_height
        more_below = self._is_last_highlighted() and self.scroll_y < self.max_scroll_y
        if direction > 0 and (out_below or more_below):
            self.scroll_to(y=view_top + 1, animate=False, immediate=True)
            return True
        out_above = region.y < view_top
        more_above = view_top > 0 and self._is_first_highlighted()
        if direction < 0 and (out_above or more_above):
            self.scroll_to(y=max(0, view_top - 1), animate=False, immediate=True)
            return True
        return False

    def scroll_page(self, direction: int) -> None:
        page = max(1, self.scrollable_content_region.height - 2)
        target = max(0, min(self.max_scroll_y, round(self.scroll_y) + direction * page))
        self.scroll_to(y=target, animate=False, immediate=True)

    def show_steps(self) -> None:
        """Bring the steps into view (their title at the top) unless the highlighted
        one is in view already: what enter on a strategy shows."""
        region = self._highlight_region()
        if region is None:
            return
        view_top = round(self.scroll_y)
        view_bottom = view_top + self.scrollable_content_region.height
        if region.y >= view_top and region.bottom <= view_bottom:
            return
        title = self.query_one("#steps-title", Static)
        self.scroll_to(
            y=min(self.max_scroll_y, title.virtual_region.y), animate=False, immediate=True
        )

    def _is_first_highlighted(self) -> bool:
        return self.actions.highlighted in (None, 0)

    def _is_last_highlighted(self) -> bool:
        return self.actions.highlighted == self.actions.option_count - 1

    @on(OptionList.OptionHighlighted, "#actions")
    def _follow(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if self.actions.has_focus:
            self.call_after_refresh(self._reveal)

    def _reveal(self) -> None:
        region = self._highlight_region()
        if region is not None:
            self.scroll_to_region(region, animate=False, immediate=True)
