"""The base of the five section screens: header, section bar, body, footer.

A section screen gets the store and clock through its constructor, refreshes
when the store changes (at once if it is showing, else when it is shown
again), and fills its body in ``compose_body``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Header

from kith.data.clock import Clock
from kith.widgets.section_bar import SectionBar

if TYPE_CHECKING:
    from kith.data.store import Store


class SectionScreen(Screen[None]):
    SECTION: ClassVar[str] = ""
    TITLE_TEXT: ClassVar[str] = ""

    def __init__(self, store: Store, clock: Clock) -> None:
        super().__init__(classes="section")
        self.store = store
        self.clock = clock
        self._stale = False
        self._refresh_queued = False
        self._unsubscribe: Callable[[], None] | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon="◍")
        yield SectionBar(self.SECTION)
        yield from self.compose_body()
        yield Footer()

    def compose_body(self) -> Iterable[Widget]:
        return ()

    def on_mount(self) -> None:
        self.sub_title = self.TITLE_TEXT
        self._unsubscribe = self.store.subscribe(self._store_changed)
        self.refresh_data()

    def on_unmount(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()

    def _store_changed(self, collection: str) -> None:
        if self.is_current:
            # Refresh in a step of its own, after the save's: the key press that
            # saved is done sooner (issue 9), and changes in a row refresh once.
            if not self._refresh_queued:
                self._refresh_queued = True
                self.call_later(self._queued_refresh)
        else:
            self._stale = True

    def _queued_refresh(self) -> None:
        self._refresh_queued = False
        self.refresh_data()

    def on_screen_resume(self) -> None:
        if self._stale:
            self._stale = False
            self.refresh_data()

    def refresh_data(self) -> None:
        """Re-read what this screen shows from the store. Override."""
