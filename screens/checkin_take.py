"""Taking a self-check: one question at a time, then an optional note.

Digits pick an answer (arrows and ``enter`` work too), ``backspace`` goes
back one question, ``escape`` leaves (asking first once something was
answered; nothing is saved). The check is stored only when the note step is
finished; the screen is dismissed with the stored ``CheckIn``.
"""

from __future__ import annotations

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from kith.data.clock import Clock
from kith.data.errors import StoreError
from kith.data.instruments import Instrument, build_checkin
from kith.data.models import CheckIn
from kith.data.store import Store
from kith.data.validation import first_message
from kith.screens.confirm import ConfirmScreen
from kith.screens.saving import say_not_saved
from kith.widgets.checkin_question import NoteInput, NoteStep, Question, QuestionView

KEYS_QUESTION = (
    "[b]1-$n[/] answer · [b]↑↓[/] [b]enter[/] choose · [b]backspace[/] back · [b]esc[/] leave"
    " · [b]![/] support"
)
KEYS_NOTE = "[b]enter[/] save · [b]backspace[/] (empty) back · [b]esc[/] leave without saving"


class CheckinTakeScreen(ModalScreen[CheckIn | None]):
    CSS_PATH = "checkin.tcss"

    BINDINGS = [
        Binding("escape", "leave", "Leave", id="checkin-take.leave"),
        Binding("backspace", "back", "Back one question", id="checkin-take.back"),
        # A modal screen hides the app's keys: support and help stay one key away.
        Binding("exclamation_mark,f2", "app.support", "Support", id="app.support"),
        Binding("question_mark,f1", "app.help", "Help", id="app.help"),
        *(
            Binding(str(n), f"pick({n})", f"Answer {n}", show=False, id=f"checkin-take.answer-{n}")
            for n in range(1, 10)
        ),
    ]

    def __init__(self, store: Store, clock: Clock, instrument: Instrument) -> None:
        super().__init__(classes="checkin-take")
        self.store = store
        self.clock = clock
        self.instrument = instrument
        self.answers: dict[str, str] = {}
        self.step = 0  # 0 .. len(items)-1 are questions; len(items) is the note

    # -- layout ---------------------------------------------------------------
    def compose(self) -> ComposeResult:
        inst = self.instrument
        with Vertical(id="dialog"):
            yield Static(
                Content.from_markup(
                    "$title  [dim]$summary[/]", title=inst.title, summary=inst.summary
                ),
                classes="title",
            )
            yield QuestionView(id="question-view")
            yield NoteStep(len(inst.items), id="note-step")
            yield Static("", id="take-keys", classes="hint")

    def on_mount(self) -> None:
        self.show_step()

    @property
    def count(self) -> int:
        return len(self.instrument.items)

    def question(self, index: int) -> Question:
        inst = self.instrument
        item = inst.items[index]
        return Question(
            item_id=item.id,
            number=index + 1,
            count=self.count,
            text=item.text,
            options=tuple((o.id, o.label) for o in inst.options(item.id)),
            introduction=inst.introduction if item.with_introduction else "",
            chosen=self.answers.get(item.id),
        )

    def show_step(self) -> None:
        on_note = self.step >= self.count
        view = self.query_one(QuestionView)
        note = self.query_one(NoteStep)
        view.display = not on_note
        note.display = on_note
        keys = self.query_one("#take-keys", Static)
        if on_note:
            keys.update(Content.from_markup(KEYS_NOTE))
            note.focus_note()
        else:
            question = self.question(self.step)
            view.show(question)
            keys.update(Content.from_markup(KEYS_QUESTION, n=str(len(question.options))))

    # -- answering ------------------------------------------------------------
    def answer(self, item_id: str, answer_id: str) -> None:
        """Record an answer to the current question and move on (at once, so keys
        typed quickly each answer the next question)."""
        if self.step >= self.count or self.instrument.items[self.step].id != item_id:
            return
        self.answers[item_id] = answer_id
        self.step += 1
        self.show_step()

    def action_pick(self, number: int) -> None:
        if self.step >= self.count:
            return
        item = self.instrument.items[self.step]
        options = self.instrument.options(item.id)
        if 1 <= number <= len(options):
            self.answer(item.id, options[number - 1].id)

    @on(QuestionView.Answered)
    def _answered(self, event: QuestionView.Answered) -> None:
        self.answer(event.item_id, event.answer_id)

    def action_back(self) -> None:
        if self.step == 0:
            self.notify("This is the first question.", timeout=2)
            return
        self.step -= 1
        self.show_step()

    @on(NoteInput.Back)
    def _note_back(self) -> None:
        self.action_back()

    @on(NoteStep.Finished)
    def _finished(self, event: NoteStep.Finished) -> None:
        note_step = self.query_one(NoteStep)
        note_step.clear_error()
        try:
            checkin = build_checkin(self.instrument, self.answers, self.clock.now(), event.note)
        except ValidationError as error:
            note_step.show_error(first_message(error))
            return
        try:
            saved = self.store.checkins.add(checkin)
        except StoreError as error:
            note_step.show_error(f"Not saved: {error}")
            say_not_saved(self, error)
            return
        self.dismiss(saved)

    # -- leaving --------------------------------------------------------------
    def action_leave(self) -> None:
        typed = self.step >= self.count and self.query_one(NoteStep).note.strip()
        if not self.answers and not typed:
            self.dismiss(None)
            return

        def answered(leave: bool | None) -> None:
            if leave:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen(
                "Leave this check-in?",
                detail="Your answers so far will not be saved.",
                yes="Leave",
                no="Keep going",
                danger=True,
            ),
            answered,
        )
