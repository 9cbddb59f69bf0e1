"""What the People list and a person's page both do: add, edit, log, archive, delete.

Each function takes the screen it runs from (for dialogs and notifications)
and the store; every write is guarded so a failed save is told in plain
words and nothing the user typed is lost (forms stay open on failure).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Static

from kith.data.clock import Clock, today
from kith.data.models import Contact, Interaction, PlanItem, PlanState
from kith.data.people import names_label, planned_with
from kith.data.plan import back_words
from kith.data.relations import links_to
from kith.data.rethink import HARD_MAX, rethink_content
from kith.data.store import Store
from kith.screens.confirm import ConfirmScreen
from kith.screens.contact_form import ContactForm
from kith.screens.interaction_form import InteractionForm
from kith.screens.rethink import RethinkScreen
from kith.screens.saving import NOT_DELETED, done_or_say, save_or_say
from kith.widgets.text import markup

KEEP = "keep"
DELETE_ALL = "delete"


class DeleteContactScreen(ModalScreen[str | None]):
    """Delete a person: keep their interactions, delete them too, or cancel."""

    CSS_PATH = "people.tcss"
    BINDINGS = [
        Binding("k", "answer('keep')", "Delete, keep interactions", id="delete-person.keep"),
        Binding("x", "answer('delete')", "Delete with interactions", id="delete-person.everything"),
        Binding("n,escape", "answer('')", "Cancel", id="delete-person.cancel"),
        Binding("left", "app.focus_previous", "Previous", show=False, id="delete-person.previous"),
        Binding("right", "app.focus_next", "Next", show=False, id="delete-person.next"),
    ]

    def __init__(self, contact: Contact, own: int, shared: int) -> None:
        super().__init__(classes="confirm delete-contact")
        self.contact = contact
        self.own = own
        self.shared = shared

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(
                markup("Delete [b]$name[/] from People?", name=self.contact.name), id="question"
            )
            yield Static(Content(self.detail()), id="detail")
            with Horizontal(id="buttons"):
                yield Button(Content("Keep interactions (k)"), id="keep", variant="primary")
                yield Button(Content("Delete them too (x)"), id="delete", variant="error")
                yield Button(Content("Cancel (n)"), id="cancel")

    def detail(self) -> str:
        parts: list[str] = []
        if self.own:
            times = "1 interaction" if self.own == 1 else f"{self.own} interactions"
            parts.append(
                f"You logged {times} with only them. Keep them (they still count in "
                "Insights, without a name) or delete them too?"
            )
        if self.shared:
            times = "1 interaction" if self.shared == 1 else f"{self.shared} interactions"
            verb = "stays" if self.shared == 1 else "stay"
            parts.append(f"{times} shared with others {verb}, without them.")
        return " ".join(parts) or "Nothing else is deleted."

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None if event.button.id == "cancel" else event.button.id)

    def action_answer(self, answer: str) -> None:
        self.dismiss(answer or None)


def open_contact_form(
    screen: Screen[Any],
    store: Store,
    contact: Contact | None = None,
    then: Callable[[Contact], None] | None = None,
) -> None:
    """Add a person (``contact`` None) or edit one; ``then`` gets the saved person."""

    def saved(result: Contact | None) -> None:
        if result is None:
            return
        verb = "Saved" if contact else "Added"
        screen.notify(f"{verb} {result.name}.", markup=False)
        if then is not None:
            then(result)

    screen.app.push_screen(ContactForm(store, contact), saved)


def open_log_form(
    screen: Screen[Any],
    store: Store,
    clock: Clock,
    people: Sequence[Contact] = (),
    interaction: Interaction | None = None,
    then: Callable[[Interaction], None] | None = None,
) -> None:
    """Log an interaction (with ``people`` pre-filled) or change ``interaction``."""
    if interaction is None and not store.contacts.list():
        screen.notify(
            "Add someone first: press n to add a person, then log time spent with them.",
            title="No one in People yet",
        )
        return

    def saved(result: Interaction | None) -> None:
        if result is None:
            return
        names = [c.name for cid in result.contact_ids if (c := store.contacts.get(cid))]
        if interaction is None:
            screen.notify(
                f"Logged: {result.mode.label.lower()} with {names_label(names)}.", markup=False
            )
            if result.felt is not None and result.felt <= HARD_MAX:
                offer_rethink(screen, store, clock, result)
            else:
                offer_plan_done(screen, store, clock, result)
        else:
            screen.notify("Interaction saved.")
        if then is not None:
            then(result)

    form = InteractionForm(store, clock, people=people, interaction=interaction)
    screen.app.push_screen(form, saved)


def offer_rethink(screen: Screen[Any], store: Store, clock: Clock, logged: Interaction) -> None:
    """After a time that felt hard: offer (never push) to look again at it; one key
    (escape or n) says not now. The plan-done offer comes after either way."""
    words = rethink_content()

    def answered(yes: bool | None) -> None:
        if not yes:
            offer_plan_done(screen, store, clock, logged)
            return
        screen.app.push_screen(
            RethinkScreen(
                store,
                clock,
                contact_id=logged.contact_ids[0],
                interaction_id=logged.id,
                situation=logged.notes.splitlines()[0] if logged.notes else "",
            ),
            lambda _: offer_plan_done(screen, store, clock, logged),
        )

    screen.app.push_screen(
        ConfirmScreen(Content(words.offer_after_log), yes="Look again", no="Not now"),
        answered,
    )


def offer_plan_done(screen: Screen[Any], store: Store, clock: Clock, logged: Interaction) -> None:
    """If this week's plan has actions with these people, offer to mark them done."""
    items = planned_with(store.plan.list(), logged.contact_ids, today(clock))
    if not items:
        return
    if len(items) == 1:
        question = markup("You planned “$text” this week.", text=items[0].text)
        detail = "Mark it as done?"
    else:
        question = Content(f"You planned {len(items)} things with them this week.")
        detail = "Mark them as done? " + "; ".join(f"“{item.text}”" for item in items)

    def answered(yes: bool | None) -> None:
        if not yes:
            return
        done = 0
        for item in items:
            current = store.plan.get(item.id)
            if current is None or current.state is not PlanState.PLANNED:
                continue
            update = {"state": PlanState.DONE, "done_at": clock.now()}
            if logged.felt is not None and current.felt is None:
                update["felt"] = logged.felt
            changed = current.model_copy(update=update)
            if save_or_say(screen, partial(_undoable_update, store, current, changed)) is None:
                return
            done += 1
        if done:
            screen.notify("Marked done in this week's plan. Well done. Press u to undo.")

    screen.app.push_screen(
        ConfirmScreen(question, detail=Content(detail), yes="Mark done", no="Not now"), answered
    )


def _undoable_update(store: Store, before: PlanItem, changed: PlanItem) -> PlanItem:
    with store.undo.recording(store, back_words(before)):
        return store.plan.update(changed)


def toggle_archived(screen: Screen[Any], store: Store, contact: Contact) -> Contact | None:
    """Archive or bring back ``contact``; the saved person, or None if the save failed."""
    said = (
        f"{contact.name} is archived again."
        if contact.archived
        else f"{contact.name} is back in your list."
    )
    changed = contact.model_copy(update={"archived": not contact.archived})

    def save() -> Contact:
        with store.undo.recording(store, said):
            return store.contacts.update(changed)

    saved = save_or_say(screen, save)
    if saved is None:
        return None
    if saved.archived:
        screen.notify(
            f"Archived {saved.name}. They are kept, just out of the list and Reach out.",
            markup=False,
        )
    else:
        screen.notify(f"{saved.name} is back in your list.", markup=False)
    return saved


def confirm_delete_contact(
    screen: Screen[Any], store: Store, contact: Contact, then: Callable[[], None] | None = None
) -> None:
    """Ask, then delete ``contact`` keeping or deleting the interactions only with them."""
    own = shared = 0
    for item in store.interactions.list():
        if contact.id in item.contact_ids:
            if len(item.contact_ids) == 1:
                own += 1
            else:
                shared += 1

    def delete(keep: bool) -> None:
        links = links_to(contact.id, store.contacts.list())
        together = own + shared
        said = f"{contact.name} is back" + (
            f", with {together} interaction{'s' if together != 1 else ''}." if together else "."
        )

        def run() -> None:
            with store.undo.recording(store, said):
                store.delete_contact(contact.id, keep_interactions=keep)

        deleted = done_or_say(screen, run, title=NOT_DELETED)
        if not deleted:
            return
        removed = ""
        if links:
            removed = f" {links} link{'s' if links > 1 else ''} to other people removed too."
        screen.notify(f"Deleted {contact.name}.{removed} Press u to undo.", markup=False)
        if then is not None:
            then()

    if own:

        def answered(choice: str | None) -> None:
            if choice in (KEEP, DELETE_ALL):
                delete(keep=choice == KEEP)

        screen.app.push_screen(DeleteContactScreen(contact, own, shared), answered)
        return

    def confirmed(yes: bool | None) -> None:
        if yes:
            delete(keep=True)

    detail = DeleteContactScreen(contact, own, shared).detail()
    screen.app.push_screen(
        ConfirmScreen(
            markup("Delete [b]$name[/] from People?", name=contact.name),
            detail=Content(detail),
            yes="Delete",
            danger=True,
        ),
        confirmed,
    )
