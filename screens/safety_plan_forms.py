"""A line of the safety plan (a form), and choosing someone from People for it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from kith.data.models import Contact, PlanStep, SafetyLine, SafetyPlan
from kith.data.safety_plan import safety_plan_content
from kith.data.store import Store
from kith.screens.form import FormScreen


class SafetyLineForm(FormScreen[SafetyPlan]):
    """Add (``index`` None) or change one line of one step; saves the whole plan."""

    def __init__(
        self, store: Store, step: PlanStep, index: int | None, line: SafetyLine | None
    ) -> None:
        super().__init__()
        self.store = store
        self.step = step
        self.index = index
        self.line = line

    def form_title(self) -> str:
        title = safety_plan_content().step(self.step).title
        return f"{title}: {'edit' if self.index is not None else 'add'}"

    def compose_fields(self) -> Iterable[Widget]:
        words = safety_plan_content().step(self.step)
        line = self.line
        yield self.field(
            "text",
            words.prompt,
            Input(
                line.text if line else "",
                placeholder=words.example,
                compact=True,
                select_on_focus=False,
            ),
        )
        if self.step.takes_people:
            yield self.field(
                "reach",
                "How to reach them (optional)",
                Input(line.reach if line else "", placeholder="phone, address, when", compact=True),
            )
        yield self.field(
            "note", "A note (optional)", Input(line.note if line else "", compact=True)
        )

    def submit(self, values: dict[str, Any]) -> SafetyPlan:
        doc: dict[str, Any] = {"contact_id": self.line.contact_id if self.line else None}
        doc.update(values)
        line = SafetyLine.model_validate(doc)
        plan = self.store.safety_plan.get()
        lines = list(plan.lines(self.step))
        if self.index is None or self.index >= len(lines):
            lines.append(line)
        else:
            lines[self.index] = line
        return self.store.safety_plan.save(plan.with_lines(self.step, lines))


class PersonPicker(ModalScreen[Contact | None]):
    """Type to narrow, arrows or j/k to move, enter to choose, escape to cancel."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="person-picker.cancel"),
        Binding("down", "cursor(1)", "Down", show=False, id="person-picker.down"),
        Binding("up", "cursor(-1)", "Up", show=False, id="person-picker.up"),
    ]

    def __init__(self, contacts: Sequence[Contact]) -> None:
        super().__init__(classes="person-picker")
        self.contacts = sorted(contacts, key=lambda c: c.name.casefold())

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content("Choose someone from People"), classes="title")
            yield Input(placeholder="type to find a name", id="picker-filter", compact=True)
            yield OptionList(id="picker-list")
            yield Static(
                Content.from_markup("[b]enter[/] choose · [b]↑ ↓[/] move · [b]esc[/] cancel"),
                classes="hint",
            )

    def on_mount(self) -> None:
        self._show(self.contacts)
        self.query_one("#picker-filter", Input).focus()

    def _show(self, contacts: Sequence[Contact]) -> None:
        option_list = self.query_one("#picker-list", OptionList)
        option_list.set_options([Option(Content(c.name), id=c.id) for c in contacts])
        if contacts:
            option_list.highlighted = 0

    @on(Input.Changed, "#picker-filter")
    def _filter(self, event: Input.Changed) -> None:
        words = event.value.casefold().split()
        self._show([c for c in self.contacts if all(w in c.name.casefold() for w in words)])

    @on(Input.Submitted, "#picker-filter")
    def _submitted(self) -> None:
        self._choose(self.query_one("#picker-list", OptionList).highlighted_option)

    @on(OptionList.OptionSelected, "#picker-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option)

    def _choose(self, option: Option | None) -> None:
        if option is None or option.id is None:
            return
        contact = next((c for c in self.contacts if c.id == option.id), None)
        self.dismiss(contact)

    def action_cursor(self, step: int) -> None:
        option_list = self.query_one("#picker-list", OptionList)
        if step > 0:
            option_list.action_cursor_down()
        else:
            option_list.action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)
