"""The base of every form: a modal with fields, errors beside them, ``ctrl+s``
to save, ``escape`` to cancel (asking first if something was typed).

A subclass lays out its fields with ``self.field(...)`` in ``compose_fields``
and implements ``submit(values)``: build the model, save it, return what the
form is dismissed with. Validation errors (pydantic's, or ``FieldErrors``
raised by the subclass) are shown next to their fields in plain words; a
failed save is shown at the bottom. Either way the form stays open and keeps
everything that was typed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select, Static, TextArea

from kith.data.errors import StoreError
from kith.data.validation import field_messages
from kith.screens.confirm import ConfirmScreen
from kith.screens.saving import say_not_saved

T = TypeVar("T")


class FieldErrors(Exception):
    """Raised by ``submit`` for errors found before the model is built."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


class FormField(Vertical):
    """A label, an input widget and the place its error appears."""

    DEFAULT_CSS = """
    FormField { height: auto; margin-bottom: 1; }
    FormField > .field-label { color: $text-muted; }
    FormField > .field-hint { color: $text-muted; text-style: italic; }
    FormField > .field-error { color: $error; display: none; }
    FormField.-invalid > .field-error { display: block; }
    """

    def __init__(self, name: str, label: str, widget: Widget, hint: str = "") -> None:
        super().__init__(id=f"field-{name}")
        self.field_name = name
        self.label = label
        self.widget = widget
        self.hint = hint

    def compose(self) -> ComposeResult:
        yield Static(Content(self.label), classes="field-label")
        yield self.widget
        if self.hint:
            yield Static(Content(self.hint), classes="field-hint")
        yield Static("", classes="field-error")

    def show_error(self, message: str) -> None:
        self.query_one(".field-error", Static).update(Content(message))
        self.add_class("-invalid")

    def clear_error(self) -> None:
        self.query_one(".field-error", Static).update("")
        self.remove_class("-invalid")


def widget_value(widget: Widget) -> Any:
    if isinstance(widget, Input):
        return widget.value
    if isinstance(widget, TextArea):
        return widget.text
    if isinstance(widget, Checkbox):
        return widget.value
    if isinstance(widget, Select):
        return None if widget.value is Select.NULL else widget.value
    raise TypeError(f"No value for {widget!r}")  # pragma: no cover


class FormScreen(ModalScreen[T | None], Generic[T]):
    FORM_TITLE: ClassVar[str] = "Form"
    # No auto-focus while the fields are laid out (it scrolled the first label out of
    # view); on_mount focuses the first field.
    AUTO_FOCUS = ""
    # Model field name -> form field name, where they differ.
    FIELD_ALIASES: ClassVar[dict[str, str]] = {}

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, id="form.save"),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
    ]

    def __init__(self) -> None:
        super().__init__(classes="form")
        self._fields: dict[str, FormField] = {}
        self._initial: dict[str, Any] = {}

    # -- layout --------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content(self.form_title()), classes="title")
            # Not focusable: tab goes from field to field, never to the scroll area,
            # where typed text would go nowhere (focus follows the fields into view).
            with VerticalScroll(id="fields", can_focus=False):
                yield from self.compose_fields()
            yield Static("", id="form-error")
            yield Static(
                Content.from_markup(
                    "[b]ctrl+s[/] save · [b]tab[/] next field · [b]f2[/] support · [b]esc[/] cancel"
                ),
                classes="hint",
            )

    def form_title(self) -> str:
        return self.FORM_TITLE

    def compose_fields(self) -> Iterable[Widget]:
        return ()

    def field(self, name: str, label: str, widget: Widget, hint: str = "") -> FormField:
        form_field = FormField(name, label, widget, hint)
        self._fields[name] = form_field
        return form_field

    def on_mount(self) -> None:
        self._initial = self.values()
        for form_field in self._fields.values():
            if form_field.widget.focusable:
                # Now, not after the next message (``widget.focus()`` waits for one): the
                # form is first drawn with its first field focused, so a key typed as soon
                # as the form shows goes into that field, never to the screen behind it.
                self.set_focus(form_field.widget, scroll_visible=False)
                break

    # -- values ----------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        return {name: widget_value(f.widget) for name, f in self._fields.items()}

    def is_dirty(self) -> bool:
        return self.values() != self._initial

    def submit(self, values: dict[str, Any]) -> T:
        """Build, validate and save; return the result. Override."""
        raise NotImplementedError

    # -- errors ----------------------------------------------------------------
    def clear_errors(self) -> None:
        for form_field in self._fields.values():
            form_field.clear_error()
        self.query_one("#form-error", Static).update("")
        self.query_one("#form-error", Static).remove_class("-shown")

    def show_errors(self, errors: dict[str, str]) -> None:
        leftover: list[str] = []
        first: FormField | None = None
        for name, message in errors.items():
            form_field = self._fields.get(self.FIELD_ALIASES.get(name, name))
            if form_field is None:
                leftover.append(message)
                continue
            form_field.show_error(message)
            first = first or form_field
        if leftover:
            self.show_form_error(" ".join(leftover))
        if first is not None:
            first.widget.focus()
            first.scroll_visible()

    def show_form_error(self, message: str) -> None:
        error = self.query_one("#form-error", Static)
        error.update(Content(message))
        error.add_class("-shown")

    @staticmethod
    def errors_from(error: ValidationError) -> dict[str, str]:
        return field_messages(error)

    # -- actions ---------------------------------------------------------------
    def action_save(self) -> None:
        self.clear_errors()
        try:
            result = self.submit(self.values())
        except FieldErrors as error:
            self.show_errors(error.errors)
            return
        except ValidationError as error:
            self.show_errors(self.errors_from(error))
            return
        except StoreError as error:
            self.show_form_error(str(error))
            say_not_saved(self, error)
            return
        self.dismiss(result)

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
                detail="What you typed in this form will be lost.",
                yes="Discard",
                no="Keep editing",
                danger=True,
            ),
            answered,
        )
