"""The first thing ``kith`` shows on an encrypted store, before any data: one masked
field for the passphrase (or the recovery key), three tries, then a calm goodbye.

Light on purpose, like the loading screen: Textual and the unlock words only, so it
is drawn before pydantic and the store are imported. The key is derived (Argon2id,
about half a second) in a thread worker by ``unlock``, the callable it is given;
the screen says "Unlocking…" meanwhile and keeps answering keys (``f2`` support,
``escape`` quit).

It ends with ``dismiss``: ``None`` unlocked; ``"left"`` the person chose to quit;
``"refused"`` three passphrases did not open it; or the ``Exception`` that is not
a wrong passphrase (a truncated or tampered file: the caller offers recovery).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from kith.data.unlock_words import tries_left_words, unlock_words

UNLOCK_TRIES = 3

UnlockOutcome = Exception | str | None


class UnlockScreen(Screen[UnlockOutcome]):
    TITLE_TEXT = "Unlock"
    CSS_PATH = "unlock.tcss"
    BINDINGS = [
        Binding("escape", "leave", "Quit", id="unlock.quit"),
        # ctrl+c copies in a text field elsewhere; here there is nothing to copy (the
        # field is masked) and it means what it means in a shell: leave.
        Binding("ctrl+c", "leave", "Quit", show=False, priority=True, id="unlock.ctrl-c"),
    ]

    @dataclass
    class Tried(Message):
        """The thread trying a passphrase has finished: ``error`` None if it opened."""

        error: Exception | None

    def __init__(
        self,
        unlock: Callable[[str], None],
        *,
        is_wrong: Callable[[Exception], bool],
        tries: int = UNLOCK_TRIES,
    ) -> None:
        """``unlock(passphrase)`` keeps the key or raises; ``is_wrong(error)`` says
        whether an error means only that the passphrase does not open the store."""
        super().__init__(classes="unlock")
        self._unlock = unlock
        self._is_wrong = is_wrong
        self.tries_left = tries
        self.busy = False
        self.tried = 0  # passphrases tried so far (the thread has answered)
        self.refused = False
        self._ended = False
        self.words = unlock_words()

    def compose(self) -> ComposeResult:
        words = self.words
        yield Header(icon="◍")
        with Vertical(id="unlock-box"):
            yield Static(Content(words["title"]), id="unlock-title")
            yield Static(Content(words["explain"]), id="unlock-explain")
            yield Static(Content(words["label"]), id="unlock-label")
            yield Input(password=True, id="passphrase", select_on_focus=False)
            yield Static("", id="unlock-message")
            yield Static(Content(words["hint"]), id="unlock-hint")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.TITLE_TEXT
        self.query_one("#passphrase", Input).focus()

    @property
    def message(self) -> str:
        """What the line beside the field says now."""
        return str(self.query_one("#unlock-message", Static).render())

    def _say(self, text: str, *, kind: str = "") -> None:
        line = self.query_one("#unlock-message", Static)
        line.update(Content(text))
        line.set_class(kind == "error", "-error")
        line.set_class(kind == "busy", "-busy")

    @on(Input.Submitted, "#passphrase")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.busy or self.refused:
            return
        passphrase = event.value
        if not passphrase:
            self._say(self.words["empty"])
            return
        self.busy = True
        self._say(self.words["unlocking"], kind="busy")
        self.run_worker(
            partial(self._try, passphrase),
            thread=True,
            exclusive=True,
            group="unlock",
            name="unlock the store",
            exit_on_error=False,
        )

    def _try(self, passphrase: str) -> None:
        """In a thread: derive the key; report back with a message (never waits)."""
        error: Exception | None = None
        try:
            self._unlock(passphrase)
        except Exception as problem:  # reported on the UI thread, never shown raw
            error = problem
        self.post_message(self.Tried(error))

    @on(Tried)
    def _tried(self, event: Tried) -> None:
        self.busy = False
        self.tried += 1
        field = self.query_one("#passphrase", Input)
        field.clear()  # never kept: the next try starts from an empty field
        if event.error is None:
            self._end(None)
            return
        if not self._is_wrong(event.error):
            self._end(event.error)  # truncated or tampered: recovery, not a retry
            return
        self.tries_left -= 1
        if self.tries_left > 0:
            self._say(
                self.words["wrong"].format(left=tries_left_words(self.tries_left)), kind="error"
            )
            return
        self.refused = True
        field.disabled = True
        for line in ("#unlock-explain", "#unlock-label", "#passphrase", "#unlock-hint"):
            self.query_one(line).display = False  # only the goodbye, in full at 80x24
        self._say(f"{self.words['refused']}\n\n{self.words['closing']}")

    def on_key(self, event: events.Key) -> None:
        # After three tries the field is closed: any key (but support and help, which
        # still open) closes Kith, after the message has been read.
        if self.refused and event.key not in ("f1", "f2", "exclamation_mark", "question_mark"):
            event.stop()
            self._end("refused")

    def action_leave(self) -> None:
        self.query_one("#passphrase", Input).clear()
        self._end("refused" if self.refused else "left")

    def _end(self, outcome: UnlockOutcome) -> None:
        if not self._ended:
            self._ended = True
            self.dismiss(outcome)
