"""One self-check question at a time, and the optional note at the end.

``QuestionView.show(question)`` puts a question on screen with its answers
as a numbered list; arrows and ``enter`` pick one and post
``QuestionView.Answered``. (Digits are bound by the screen that asks, so a
quick typist's keys each land on the question they were meant for.) ``NoteStep`` is the last,
optional step; its input posts ``NoteStep.Back`` when ``backspace`` is pressed
while it is empty.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option


@dataclass(frozen=True)
class Question:
    """What one step shows: plain values taken from the instrument."""

    item_id: str
    number: int  # 1-based
    count: int  # questions in the check
    text: str
    options: tuple[tuple[str, str], ...]  # (answer id, label)
    introduction: str = ""
    chosen: str | None = None  # the answer given before, when coming back
    direction: str = ""  # which way the answers run: "1 is the least often, 5 the most often."


def progress_line(number: int, count: int) -> Content:
    """``Question 2 of 4`` with a row of dots for the steps."""
    dots = "●" * number + "○" * (count - number)
    return Content.from_markup(
        "[b]Question $number of $count[/]  [$accent]$dots[/]",
        number=str(number),
        count=str(count),
        dots=dots,
    )


class QuestionView(Vertical):
    """A question, its answers, and the keys that answer it."""

    DEFAULT_CSS = """
    QuestionView { height: auto; }
    QuestionView #progress { padding-bottom: 1; }
    QuestionView #introduction { color: $text-muted; padding-bottom: 1; }
    QuestionView #question { text-style: bold; padding-bottom: 1; }
    QuestionView #direction { color: $text-muted; }
    QuestionView OptionList, QuestionView OptionList:focus {
        height: auto;
        max-height: 9;
        border: none;
        padding: 0;
    }
    """

    @dataclass
    class Answered(Message):
        item_id: str
        answer_id: str

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.question: Question | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="progress")
        yield Static("", id="introduction")
        yield Static("", id="question")
        yield Static("", id="direction")
        yield OptionList(id="answers")

    def show(self, question: Question) -> None:
        self.question = question
        self.query_one("#progress", Static).update(progress_line(question.number, question.count))
        intro = self.query_one("#introduction", Static)
        intro.update(Content(question.introduction))
        intro.display = bool(question.introduction)
        self.query_one("#question", Static).update(Content(question.text))
        direction = self.query_one("#direction", Static)
        direction.update(Content(question.direction))
        direction.display = bool(question.direction)
        answers = self.query_one("#answers", OptionList)
        answers.clear_options()
        answers.add_options(
            Option(
                Content.from_markup("[b $accent]$n[/]  $label", n=str(n), label=label),
                id=answer_id,
            )
            for n, (answer_id, label) in enumerate(question.options, start=1)
        )
        ids = [answer_id for answer_id, _ in question.options]
        answers.highlighted = ids.index(question.chosen) if question.chosen in ids else 0
        answers.focus()

    @on(OptionList.OptionSelected, "#answers")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.question is not None and event.option.id is not None:
            self.post_message(self.Answered(self.question.item_id, event.option.id))


class NoteInput(Input):
    """An input where ``backspace`` on an empty line means "go back"."""

    class Back(Message):
        pass

    def action_delete_left(self) -> None:
        if not self.value:
            self.post_message(self.Back())
            return
        super().action_delete_left()


class NoteStep(Vertical):
    """The optional one-line note that ends a check."""

    DEFAULT_CSS = """
    NoteStep { height: auto; }
    NoteStep #note-progress { padding-bottom: 1; }
    NoteStep #note-question { text-style: bold; }
    NoteStep #note-hint { color: $text-muted; padding-bottom: 1; }
    NoteStep #note-error { color: $error; display: none; }
    NoteStep #note-error.-shown { display: block; }
    """

    @dataclass
    class Finished(Message):
        note: str

    def __init__(self, count: int, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.count = count

    def compose(self) -> ComposeResult:
        yield Static(
            Content.from_markup("[b]Last step[/]  [$accent]$dots[/]", dots="●" * self.count),
            id="note-progress",
        )
        yield Static(
            Content("Anything you'd like to remember about this week?"), id="note-question"
        )
        yield Static(Content("Optional, one line. Only you will see it."), id="note-hint")
        yield NoteInput(placeholder="what's been on your mind?", max_length=500, id="note")
        yield Static("", id="note-error")

    def focus_note(self) -> None:
        self.query_one(NoteInput).focus()

    @property
    def note(self) -> str:
        return self.query_one(NoteInput).value

    def show_error(self, message: str) -> None:
        error = self.query_one("#note-error", Static)
        error.update(Content(message))
        error.add_class("-shown")

    def clear_error(self) -> None:
        self.query_one("#note-error", Static).remove_class("-shown")

    @on(Input.Submitted, "#note")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Finished(event.value))
