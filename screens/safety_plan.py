"""The person's own safety plan (Stanley-Brown): six steps and reasons for living.

Reached from support (``p``) and from Strategies (``s``). Every line is edited
in a form with the usual no-loss rules; ``p`` on steps 3-5 chooses someone from
People (their name is filled in, how to reach them is added in the form).
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from kith.data.models import Contact, PlanStep, SafetyLine, SafetyPlan
from kith.data.safety_plan import line_text, safety_plan_content
from kith.data.store import Store
from kith.screens.confirm import ConfirmScreen
from kith.screens.safety_plan_forms import PersonPicker, SafetyLineForm
from kith.screens.saving import NOT_REMOVED, done_or_say

ADD = "add"


def option_id(step: PlanStep, index: int | str) -> str:
    return f"{step.value}:{index}"


def parse_option(option_id: str | None) -> tuple[PlanStep, int | None] | None:
    if not option_id or ":" not in option_id:
        return None
    step, _, index = option_id.partition(":")
    return PlanStep(step), None if index == ADD else int(index)


class SafetyPlanScreen(ModalScreen[None]):
    CSS_PATH = "safety_plan.tcss"
    BINDINGS = [
        Binding("escape", "dismiss", "Back", id="safety-plan.back"),
        Binding("n", "add", "Add a line", id="safety-plan.add"),
        Binding("p", "choose_person", "Choose from People", id="safety-plan.person"),
        Binding("e", "edit", "Edit", id="safety-plan.edit"),
        Binding("d", "delete", "Remove", id="safety-plan.delete"),
        Binding("j", "cursor(1)", "Down", show=False, id="safety-plan.down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="safety-plan.up"),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__(classes="safety-plan")
        self.store = store

    def compose(self) -> ComposeResult:
        words = safety_plan_content()
        with Vertical(id="dialog"):
            yield Static(Content(words.title), classes="title")
            yield Static(Content(words.intro), id="plan-intro")
            yield OptionList(id="plan-lines")
            yield Static(Content(words.source_short), id="plan-source")
            yield Static(
                Content.from_markup(
                    "[b]n[/] add · [b]p[/] choose from People · [b]e[/] edit · "
                    "[b]d[/] remove · [b]esc[/] back"
                ),
                classes="hint",
            )

    def on_mount(self) -> None:
        self.refresh_plan()
        self.query_one("#plan-lines", OptionList).focus()

    @property
    def plan(self) -> SafetyPlan:
        return self.store.safety_plan.get()

    def refresh_plan(self, highlight: str | None = None) -> None:
        words = safety_plan_content()
        plan = self.plan
        options: list[Option] = []
        for step in PlanStep:
            step_words = words.step(step)
            number = f"{step_words.number}. " if step_words.number else ""
            options.append(
                Option(
                    Content.from_markup(
                        "[b]$number$title[/]", number=number, title=step_words.title
                    ),
                    disabled=True,
                )
            )
            for index, line in enumerate(plan.lines(step)):
                shown = Content("   • " + line_text(line))
                options.append(Option(shown, id=option_id(step, index)))
            add = "   + add"
            if step.takes_people:
                add += " (n) or choose from People (p)"
            if not plan.lines(step):
                add += f" · {step_words.example}"
            options.append(Option(Content(add), id=option_id(step, ADD)))
        option_list = self.query_one("#plan-lines", OptionList)
        old = option_list.highlighted_option
        keep = highlight or (old.id if old is not None else None)
        option_list.set_options(options)
        if keep is not None:
            try:
                option_list.highlighted = option_list.get_option_index(keep)
            except Exception:  # the line is gone: the first line of the list
                option_list.highlighted = 1
        else:
            option_list.highlighted = 1

    def _where(self) -> tuple[PlanStep, int | None] | None:
        option = self.query_one("#plan-lines", OptionList).highlighted_option
        return parse_option(option.id if option is not None else None)

    # -- actions -------------------------------------------------------------------
    def action_cursor(self, step: int) -> None:
        option_list = self.query_one("#plan-lines", OptionList)
        if step > 0:
            option_list.action_cursor_down()
        else:
            option_list.action_cursor_up()

    @on(OptionList.OptionSelected, "#plan-lines")
    def _chosen(self) -> None:
        where = self._where()
        if where is not None and where[1] is None:
            self.action_add()
        else:
            self.action_edit()

    def action_add(self) -> None:
        where = self._where()
        if where is not None:
            self._open_form(where[0], None, None)

    def action_edit(self) -> None:
        where = self._where()
        if where is None:
            return
        step, index = where
        if index is None:
            self.action_add()
            return
        self._open_form(step, index, self.plan.lines(step)[index])

    def _open_form(self, step: PlanStep, index: int | None, line: SafetyLine | None) -> None:
        def saved(result: Any) -> None:
            if result is None:
                return
            lines = self.plan.lines(step)
            at = index if index is not None else len(lines) - 1
            self.refresh_plan(highlight=option_id(step, at))

        self.app.push_screen(SafetyLineForm(self.store, step, index, line), saved)

    def action_choose_person(self) -> None:
        where = self._where()
        if where is None:
            return
        step = where[0]
        if not step.takes_people:
            self.notify(
                "People can be chosen for steps 3, 4 and 5. Press n to write a line here.",
                timeout=4,
            )
            return
        contacts = [c for c in self.store.contacts.list() if not c.archived]
        if not contacts:
            self.notify("No one in People yet: press n to type a name instead.", timeout=4)
            return

        def chosen(contact: Contact | None) -> None:
            if contact is not None:
                line = SafetyLine(text=contact.name, contact_id=contact.id)
                self._open_form(step, None, line)

        self.app.push_screen(PersonPicker(contacts), chosen)

    def action_delete(self) -> None:
        where = self._where()
        if where is None:
            return
        step, index = where
        if index is None:
            return
        line = self.plan.lines(step)[index]

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            lines = self.plan.lines(step)
            if index >= len(lines):
                return
            kept = self.plan.with_lines(step, lines[:index] + lines[index + 1 :])
            if not done_or_say(self, lambda: self.store.safety_plan.save(kept), title=NOT_REMOVED):
                return
            self.refresh_plan(highlight=option_id(step, max(0, index - 1)))

        self.app.push_screen(
            ConfirmScreen(
                Content.from_markup("Remove “$text” from your plan?", text=line.text),
                yes="Remove",
                danger=True,
            ),
            answered,
        )
