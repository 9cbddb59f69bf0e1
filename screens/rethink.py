"""Looking again at a hard moment (a thought record), one step per screen.

Keys: ``enter`` or ``pagedown`` next step, ``pageup`` back, ``space`` marks a
thinking trap, ``ctrl+s`` saves (from any step, once "what happened" has
words), ``escape`` cancels (asking first if something was typed). At "what
does not fit", Kith offers facts from the person's own log.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import ContentSwitcher, Input, Select, SelectionList, Static

from kith.data.clock import Clock, today
from kith.data.errors import StoreError
from kith.data.models import ThoughtRecord
from kith.data.rethink import STEP_IDS, evidence_lines, rethink_content
from kith.data.store import Store
from kith.data.validation import first_message
from kith.screens.confirm import ConfirmScreen
from kith.screens.saving import say_not_saved

TEXT_FIELDS = ("situation", "thought", "supports", "against", "balanced")


class TrapList(SelectionList[str], inherit_bindings=False):
    """The thinking traps: space marks one; enter goes on to the next step."""

    BINDINGS = [
        Binding("space", "select", "Mark", id="rethink.trap-mark"),
        Binding("down,j", "cursor_down", "Down", show=False, id="rethink.trap-down"),
        Binding("up,k", "cursor_up", "Up", show=False, id="rethink.trap-up"),
    ]


def strength(text: str) -> int | None:
    """``"70"`` -> 70; empty -> None; anything else raises ValueError."""
    text = text.strip().removesuffix("%").strip()
    if not text:
        return None
    value = int(text)
    if not 0 <= value <= 100:
        raise ValueError
    return value


class RethinkScreen(ModalScreen[ThoughtRecord | None]):
    CSS_PATH = "rethink.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, id="rethink.save"),
        Binding("pagedown,enter", "next", "Next step", key_display="enter", id="rethink.next"),
        Binding("pageup", "back", "Step back", key_display="pgup", id="rethink.back"),
        Binding("escape", "cancel", "Cancel", id="rethink.cancel"),
    ]

    def __init__(
        self,
        store: Store,
        clock: Clock,
        *,
        contact_id: str | None = None,
        interaction_id: str | None = None,
        situation: str = "",
        record: ThoughtRecord | None = None,
    ) -> None:
        super().__init__(classes="rethink")
        self.store = store
        self.clock = clock
        self.record = record
        self.contact_id = record.contact_id if record else contact_id
        self.interaction_id = record.interaction_id if record else interaction_id
        self.start_situation = record.situation if record else situation
        self.step = 0
        self._initial: dict[str, Any] = {}

    # -- layout --------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        words = rethink_content()
        record = self.record
        people = sorted(
            (c for c in self.store.contacts.list() if not c.archived),
            key=lambda c: c.name.casefold(),
        )
        with Vertical(id="dialog"):
            yield Static(Content(words.title), classes="title")
            yield Static("", id="step-count")
            with ContentSwitcher(initial="step-situation", id="steps"):
                for step_id in STEP_IDS:
                    step = words.step(step_id)
                    with Vertical(id=f"step-{step_id}", classes="step"):
                        yield Static(Content(step.title), classes="step-title")
                        yield Static(Content(step.prompt), classes="step-prompt")
                        if step_id in TEXT_FIELDS:
                            value = getattr(record, step_id) if record else ""
                            if step_id == "situation":
                                value = self.start_situation
                            yield Input(
                                value, placeholder=step.example, id=f"in-{step_id}", compact=True
                            )
                        if step_id == "situation":
                            yield Static(Content("Who was it with? (optional)"), classes="label")
                            yield Select(
                                [(Content(c.name), c.id) for c in people],
                                value=self.contact_id
                                if any(c.id == self.contact_id for c in people)
                                else Select.NULL,
                                prompt="no one in particular",
                                id="in-contact",
                                compact=True,
                            )
                        elif step_id == "traps":
                            chosen = set(record.traps) if record else set()
                            yield TrapList(
                                *[
                                    (
                                        Content.from_markup(
                                            "[b]$name[/]: $line", name=t.name, line=t.line
                                        ),
                                        t.id,
                                        t.id in chosen,
                                    )
                                    for t in words.traps
                                ],
                                id="in-traps",
                            )
                        elif step_id == "feeling":
                            yield Input(
                                record.feeling if record else "",
                                placeholder="e.g. worried",
                                id="in-feeling",
                                compact=True,
                            )
                            yield Static(Content("How strong, 0-100"), classes="label")
                            yield Input(
                                _number(record.strength_before if record else None),
                                placeholder="e.g. 70",
                                id="in-before",
                                compact=True,
                            )
                        elif step_id == "against":
                            yield Static("", id="evidence")
                        elif step_id == "after":
                            yield Input(
                                _number(record.strength_after if record else None),
                                placeholder="e.g. 40",
                                id="in-after",
                                compact=True,
                            )
                        yield Static("", classes="step-error")
            yield Static(Content(words.intro), id="rethink-intro")
            yield Static(
                Content.from_markup(
                    "[b]enter[/] next · [b]pgup[/] back · [b]ctrl+s[/] save · [b]esc[/] cancel"
                ),
                classes="hint",
            )

    def on_mount(self) -> None:
        self._initial = self.values()
        self.show_step(0)

    # -- values ----------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            name: self.query_one(f"#in-{name}", Input).value for name in TEXT_FIELDS
        }
        found["feeling"] = self.query_one("#in-feeling", Input).value
        found["before"] = self.query_one("#in-before", Input).value
        found["after"] = self.query_one("#in-after", Input).value
        found["traps"] = list(self.query_one(TrapList).selected)
        contact = self.query_one("#in-contact", Select).value
        found["contact_id"] = None if contact is Select.NULL else contact
        return found

    def is_dirty(self) -> bool:
        return self.values() != self._initial

    # -- steps -----------------------------------------------------------------------
    @property
    def step_id(self) -> str:
        return STEP_IDS[self.step]

    def show_step(self, index: int) -> None:
        self.step = max(0, min(index, len(STEP_IDS) - 1))
        step_id = self.step_id
        self.query_one(ContentSwitcher).current = f"step-{step_id}"
        self.query_one("#step-count", Static).update(
            Content(f"Step {self.step + 1} of {len(STEP_IDS)}")
        )
        if step_id == "against":
            self.query_one("#evidence", Static).update(self.evidence())
        pane = self.query_one(f"#step-{step_id}")
        for widget in pane.query("Input, TrapList"):
            widget.focus()
            break

    def evidence(self) -> Content:
        words = rethink_content()
        contact_id = self.values()["contact_id"]
        contact = self.store.contacts.get(contact_id) if contact_id else None
        if contact is None:
            return Content(words.no_evidence)
        lines = evidence_lines(
            contact.name,
            contact.id,
            self.store.interactions.list(),
            today(self.clock),
            leave_out=self.interaction_id,
        )
        if not lines:
            return Content(words.no_evidence)
        return Content("\n").join(
            [Content(words.evidence_intro), *(Content("  • " + line) for line in lines)]
        )

    def _step_error(self, message: str) -> None:
        pane = self.query_one(f"#step-{self.step_id}")
        pane.query_one(".step-error", Static).update(Content(message))

    def _check_step(self) -> bool:
        """Whether this step's values can be kept (the numbers, the situation)."""
        self._step_error("")
        values = self.values()
        if self.step_id == "situation" and not values["situation"].strip():
            self._step_error("A few words about what happened, to start.")
            return False
        for step_id, key in (("feeling", "before"), ("after", "after")):
            if self.step_id == step_id:
                try:
                    strength(values[key])
                except ValueError:
                    self._step_error("Please type a whole number from 0 to 100, or leave it.")
                    return False
        return True

    def action_next(self) -> None:
        if not self._check_step():
            return
        if self.step == len(STEP_IDS) - 1:
            self.action_save()
        else:
            self.show_step(self.step + 1)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.step_id == "feeling" and event.input.id == "in-feeling":
            self.query_one("#in-before", Input).focus()
            return
        self.action_next()

    def action_back(self) -> None:
        self.show_step(self.step - 1)

    # -- saving ------------------------------------------------------------------------
    def build(self) -> ThoughtRecord:
        values = self.values()
        doc: dict[str, Any] = self.record.model_dump() if self.record else {}
        doc.update({name: values[name] for name in TEXT_FIELDS})
        doc.update(
            feeling=values["feeling"],
            traps=values["traps"],
            contact_id=values["contact_id"],
            interaction_id=self.interaction_id,
            strength_before=strength(values["before"]),
            strength_after=strength(values["after"]),
        )
        doc.setdefault("date", today(self.clock))
        return ThoughtRecord.model_validate(doc)

    def action_save(self) -> None:
        for index in range(len(STEP_IDS)):  # every step's values must be keepable
            if STEP_IDS[index] in ("situation", "feeling", "after"):
                here = self.step
                self.step = index
                ok = self._check_step()
                self.step = here
                if not ok:
                    self.show_step(index)
                    self._check_step()
                    return
        try:
            record = self.build()
            if self.record is None:
                saved = self.store.thought_records.add(record)
            else:
                saved = self.store.thought_records.update(record)
        except ValidationError as error:
            self._step_error(first_message(error))
            return
        except StoreError as error:  # shown in place too, like every form
            self._step_error(str(error))
            say_not_saved(self, error)
            return
        self.notify(rethink_content().saved, timeout=4)
        self.dismiss(saved)

    def action_cancel(self) -> None:
        if not self.is_dirty():
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen(
                "Leave without saving?",
                detail="What you wrote in these steps will be lost.",
                yes="Discard",
                no="Keep writing",
                danger=True,
            ),
            answered,
        )


def _number(value: int | None) -> str:
    return "" if value is None else str(value)
