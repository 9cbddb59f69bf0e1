"""Search everything (from the command palette): people, interactions, reflections and
check-in notes that have every word typed; enter opens the person it is about."""

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
from kith.data.search import Hit, search_everything
from kith.data.store import Store


class SearchScreen(ModalScreen[None]):
    """``SearchScreen(store, clock)``: type, then down and enter to open a result."""

    DEFAULT_CSS = """
    SearchScreen #dialog { width: 90%; max-width: 110; height: 90%; }
    SearchScreen OptionList { height: 1fr; }
    SearchScreen #search-said { color: $text-muted; height: 1; }
    """

    BINDINGS = [
        Binding("escape", "close", "Close", id="search.close"),
        Binding("down", "to_results", "To the results", show=False, id="search.down"),
    ]

    def __init__(self, store: Store, clock: Clock) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        self.hits: list[Hit] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content("Search everything"), classes="title")
            yield Input(
                placeholder="a word from a note, a name, a reflection…",
                id="search-input",
                compact=True,
            )
            yield Static("", id="search-said")
            yield OptionList(id="search-results")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Changed, "#search-input")
    def _typed(self, event: Input.Changed) -> None:
        store = self.store
        self.hits = search_everything(
            event.value,
            store.contacts.list(),
            store.interactions.list(),
            store.plan.list(),
            store.checkins.list(),
        )
        results = self.query_one(OptionList)
        results.clear_options()
        results.add_options(
            Option(
                Content.assemble((hit.title, "bold"), "\n  ", (hit.detail, "dim")),
                id=str(number),
            )
            for number, hit in enumerate(self.hits)
        )
        said = self.query_one("#search-said", Static)
        if not event.value.strip():
            said.update("")
        elif self.hits:
            count = len(self.hits)
            said.update(Content(f"{count} found · down and enter to open"))
        else:
            said.update(Content("Nothing has all of those words."))

    @on(Input.Submitted, "#search-input")
    def _submitted(self, _: Input.Submitted) -> None:
        self.action_to_results()

    def action_to_results(self) -> None:
        results = self.query_one(OptionList)
        if self.hits:
            results.focus()
            if results.highlighted is None:
                results.highlighted = 0

    @on(OptionList.OptionSelected, "#search-results")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        hit = self.hits[int(event.option.id or 0)]
        if hit.contact_id is None or hit.contact_id not in self.store.contacts:
            self.notify("That one is not about a person; it is shown here only.")
            return
        from kith.screens.contact_detail import ContactDetailScreen

        self.dismiss(None)
        self.app.push_screen(ContactDetailScreen(self.store, self.clock, hit.contact_id))

    def action_close(self) -> None:
        self.dismiss(None)
