"""Saved thought records ("Look again at a hard moment"), under Strategies (``r``).

``n`` looks again at a new moment, ``enter`` or ``e`` opens one to change it,
``d`` removes one (it asks), ``/`` filters by any words, ``escape`` back.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from kith.data.clock import Clock
from kith.data.models import ThoughtRecord
from kith.data.rethink import find_records, rethink_content
from kith.data.store import Store
from kith.screens.confirm import ConfirmScreen
from kith.screens.rethink import RethinkScreen
from kith.screens.saving import NOT_REMOVED, done_or_say


def record_detail(record: ThoughtRecord, person: str | None) -> Content:
    words = rethink_content()
    rows: list[Content] = []
    for step_id, value in (
        ("situation", record.situation),
        ("thought", record.thought),
        ("supports", record.supports),
        ("against", record.against),
        ("balanced", record.balanced),
    ):
        if value:
            rows.append(
                Content.from_markup(
                    "[b]$title:[/] $value", title=words.step(step_id).title, value=value
                )
            )
    traps = [t.name for trap_id in record.traps if (t := words.trap(trap_id))]
    if traps:
        rows.append(Content.from_markup("[b]Traps noticed:[/] $t", t=", ".join(traps)))
    feeling = record.feeling or "the feeling"
    if record.strength_before is not None or record.strength_after is not None:
        before = "?" if record.strength_before is None else str(record.strength_before)
        after = "?" if record.strength_after is None else str(record.strength_after)
        rows.append(Content(f"{feeling}: {before} before, {after} after (0-100)"))
    if person:
        rows.insert(0, Content.from_markup("[b]With:[/] $p", p=person))
    return Content("\n").join(rows)


class RethinkListScreen(ModalScreen[None]):
    CSS_PATH = "rethink.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="rethink-list.back"),
        Binding("n", "new", "Look again at a moment", id="rethink-list.new"),
        Binding("e", "edit", "Open", id="rethink-list.edit"),
        Binding("d", "delete", "Remove", id="rethink-list.delete"),
        Binding("slash", "filter", "Filter", key_display="/", id="rethink-list.filter"),
        Binding("j", "cursor(1)", "Down", show=False, id="rethink-list.down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="rethink-list.up"),
    ]

    def __init__(self, store: Store, clock: Clock) -> None:
        super().__init__(classes="rethink-list")
        self.store = store
        self.clock = clock
        self.query_text = ""

    def compose(self) -> ComposeResult:
        words = rethink_content()
        with Vertical(id="dialog"):
            yield Static(Content(words.title), classes="title")
            yield Static(Content(words.intro), id="rethink-intro")
            yield Input(placeholder="filter: any words", id="records-filter", compact=True)
            yield OptionList(id="records")
            yield Static("", id="records-empty")
            yield Static("", id="record-detail")
            yield Static(Content(words.source_short), id="rethink-source")
            yield Static(
                Content.from_markup(
                    "[b]n[/] new · [b]enter[/] open · [b]d[/] remove · [b]/[/] filter · "
                    "[b]esc[/] back"
                ),
                classes="hint",
            )

    def on_mount(self) -> None:
        self.query_one("#records-filter", Input).display = False
        self.refresh_records()
        self.query_one("#records", OptionList).focus()

    def records(self) -> list[ThoughtRecord]:
        return find_records(self.store.thought_records.list(), self.query_text)

    def _person(self, record: ThoughtRecord) -> str | None:
        contact = self.store.contacts.get(record.contact_id) if record.contact_id else None
        return contact.name if contact else None

    def refresh_records(self, highlight: str | None = None) -> None:
        found = self.records()
        option_list = self.query_one("#records", OptionList)
        options = []
        for record in found:
            person = self._person(record)
            first = record.situation.splitlines()[0] if record.situation else ""
            label = f"{record.date:%d %b %Y}  " + (f"{person}: " if person else "") + first
            options.append(Option(Content(label), id=record.id))
        option_list.set_options(options)
        option_list.display = bool(found)
        empty = self.query_one("#records-empty", Static)
        empty.display = not found
        if self.query_text and not found:
            empty.update(Content("Nothing matches that filter."))
        else:
            empty.update(Content(rethink_content().empty))
        if found:
            index = 0
            if highlight is not None:
                index = next((i for i, r in enumerate(found) if r.id == highlight), 0)
            option_list.highlighted = index
        self.show_detail()

    def current(self) -> ThoughtRecord | None:
        option = self.query_one("#records", OptionList).highlighted_option
        if option is None or option.id is None or not self.query_one("#records").display:
            return None
        return self.store.thought_records.get(option.id)

    def show_detail(self) -> None:
        record = self.current()
        detail = self.query_one("#record-detail", Static)
        detail.update(record_detail(record, self._person(record)) if record else "")

    @on(OptionList.OptionHighlighted, "#records")
    def _highlighted(self) -> None:
        self.show_detail()

    @on(OptionList.OptionSelected, "#records")
    def _selected(self) -> None:
        self.action_edit()

    @on(Input.Changed, "#records-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value
        self.refresh_records()

    @on(Input.Submitted, "#records-filter")
    def _filter_done(self) -> None:
        self.query_one("#records", OptionList).focus()

    def action_filter(self) -> None:
        box = self.query_one("#records-filter", Input)
        box.display = True
        box.focus()

    def action_back(self) -> None:
        box = self.query_one("#records-filter", Input)
        if box.has_focus or self.query_text:
            box.value = ""
            box.display = False
            self.query_text = ""
            self.refresh_records()
            self.query_one("#records", OptionList).focus()
            return
        self.dismiss(None)

    def action_cursor(self, step: int) -> None:
        option_list = self.query_one("#records", OptionList)
        if step > 0:
            option_list.action_cursor_down()
        else:
            option_list.action_cursor_up()

    def _opened(self, result: ThoughtRecord | None) -> None:
        self.refresh_records(highlight=result.id if result else None)

    def action_new(self) -> None:
        self.app.push_screen(RethinkScreen(self.store, self.clock), self._opened)

    def action_edit(self) -> None:
        record = self.current()
        if record is not None:
            self.app.push_screen(RethinkScreen(self.store, self.clock, record=record), self._opened)

    def action_delete(self) -> None:
        record = self.current()
        if record is None:
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            if not done_or_say(
                self, lambda: self.store.thought_records.delete(record.id), title=NOT_REMOVED
            ):
                return
            self.refresh_records()

        self.app.push_screen(
            ConfirmScreen(
                Content.from_markup("Remove this look at “$s”?", s=record.situation[:60]),
                yes="Remove",
                danger=True,
            ),
            answered,
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("new", "edit", "delete", "filter", "cursor"):
            return not self.query_one("#records-filter", Input).has_focus
        return True
