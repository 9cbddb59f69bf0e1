"""Log (or change) an interaction: when, with whom, how, how it felt.

The "who" field takes names separated by commas and completes them as you
type. A name several people share is flagged: Kith asks "Which Sam?" and
shows each Sam's details, so the interaction goes to the right person.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widget import Widget
from textual.widgets import Input, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from kith.data.clock import Clock, today
from kith.data.dates import TIME_HINT, parse_day, parse_minutes, parse_time, time_label
from kith.data.models import FELT_LABELS, MODE_LABELS, Circle, Contact, Interaction, Mode
from kith.data.people import parse_people, since_label
from kith.data.store import Store
from kith.data.strategies import strategies
from kith.screens.form import FieldErrors, FormScreen
from kith.widgets.keyed_select import KeyedSelect
from kith.widgets.text import markup


class NamesSuggester(Suggester):
    """Completes the last name in a comma-separated list of names."""

    def __init__(self, names: Iterable[str]) -> None:
        super().__init__(use_cache=True, case_sensitive=True)
        unique = sorted(set(names), key=str.casefold)
        self._names = [(name.casefold(), name) for name in unique]

    async def get_suggestion(self, value: str) -> str | None:
        last = value.rpartition(",")[2]
        typed = last.lstrip()
        if not typed:
            return None
        folded = typed.casefold()
        for lowered, name in self._names:
            if lowered.startswith(folded) and lowered != folded:
                prefix = value[: len(value) - len(typed)]
                return prefix + name
        return None


class WhichPersonScreen(ModalScreen[str | None]):
    """``Which Sam?``: pick one of several people who match a name."""

    CSS_PATH = "people.tcss"
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Back to the form", id="which-person.back"),
        Binding("j", "down", "Down", show=False, id="which-person.down"),
        Binding("k", "up", "Up", show=False, id="which-person.up"),
    ]

    def __init__(
        self, typed: str, people: Sequence[Contact], last_seen: dict[str, date | None], today: date
    ) -> None:
        super().__init__(classes="which")
        self.typed = typed
        # The one seen most recently first; then a stable order.
        circles = list(Circle)
        self.people = sorted(
            people,
            key=lambda p: (
                -(last_seen.get(p.id) or date.min).toordinal(),
                p.archived,
                p.name.casefold(),
                circles.index(p.circle),
                p.how_met.casefold(),
                p.id,
            ),
        )
        self.last_seen = last_seen
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(markup("Which $name?", name=self.typed), classes="title")
            yield Static(
                Content(f"{len(self.people)} people match. Choose the one you were in touch with."),
                classes="note",
            )
            yield OptionList(*[self._option(person) for person in self.people], id="which-list")
            yield Static(
                Content.from_markup("[b]enter[/] choose · [b]esc[/] back to the form"),
                classes="hint",
            )

    def _option(self, person: Contact) -> Option:
        facts = [person.circle.label]
        if person.how_met:
            facts.append(f"met: {person.how_met}")
        if person.tags:
            facts.append(", ".join(person.tags))
        facts.append(f"last contact {since_label(self.last_seen.get(person.id), self.today)}")
        if person.archived:
            facts.append("archived")
        prompt = markup("[b]$name[/]\n[dim]$facts[/]", name=person.name, facts=" · ".join(facts))
        return Option(prompt, id=person.id)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()


# A key for each way of being in touch, on the "How" field (letters and numbers).
MODE_KEYS: dict[str, str] = {
    "p": Mode.IN_PERSON.value,
    "c": Mode.CALL.value,
    "v": Mode.VIDEO.value,
    "m": Mode.MESSAGE.value,
    "o": Mode.OTHER.value,
    **{str(n): mode.value for n, mode in enumerate(MODE_LABELS, start=1)},
}
MODE_HINT = "p in person · c call · v video · m message · o other (or 1 to 5)"
FELT_CHOICES = [(f"{value} · {label}", value) for value, label in sorted(FELT_LABELS.items())]
WHO_CHOICES = [("I did", "me"), ("They did", "them")]


class InteractionForm(FormScreen[Interaction]):
    """``InteractionForm(store, clock, people=[...])`` logs a new interaction
    (``people`` pre-filled); ``interaction=`` changes an existing one."""

    CSS_PATH = "people.tcss"
    FIELD_ALIASES = {
        "contact_ids": "who",
        "date": "when",
        "time": "time",
        "duration_minutes": "duration",
        "initiated_by": "initiated_by",
        "strategy_id": "strategy",
    }

    def __init__(
        self,
        store: Store,
        clock: Clock,
        *,
        people: Sequence[Contact] = (),
        interaction: Interaction | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        self.interaction = interaction
        if interaction is not None:
            people = [c for cid in interaction.contact_ids if (c := store.contacts.get(cid))]
        self.people = list(people)
        # Names already settled (pre-filled, or answered "which one?"), by lowered name.
        self._chosen: dict[str, str] = {
            " ".join(c.name.split()).casefold(): c.id for c in self.people
        }
        self._resolved: list[str] = []

    def form_title(self) -> str:
        return "Change this interaction" if self.interaction else "Log an interaction"

    def on_mount(self) -> None:
        # FormScreen's on_mount, which runs after this one, focuses "With". When the
        # person is already filled in, start on "How": c then ctrl+s logs a call.
        if self.people and self.interaction is None:
            self.call_later(self.query_one("#log-mode", KeyedSelect).focus)

    def compose_fields(self) -> Iterable[Widget]:
        item = self.interaction
        names = [c.name for c in self.store.contacts.list() if not c.archived]
        who = ", ".join(c.name for c in self.people)
        yield self.field(
            "who",
            "With",
            Input(
                who,
                placeholder="names, separated by commas",
                suggester=NamesSuggester(names),
                compact=True,
                select_on_focus=False,
            ),
            hint="Names complete as you type: → accepts.",
        )
        yield self.field(
            "mode",
            "How",
            KeyedSelect(
                [(label, mode.value) for mode, label in MODE_LABELS.items()],
                keys=MODE_KEYS,
                value=(item.mode if item else Mode.IN_PERSON).value,
                allow_blank=False,
                compact=True,
                id="log-mode",
            ),
            hint=MODE_HINT,
        )
        yield self.field(
            "when",
            "When",
            Input(item.date.isoformat() if item else "today", placeholder="today", compact=True),
            hint=f"{today(self.clock).isoformat()}, today, yesterday, 3 days ago or monday",
        )
        yield self.field(
            "time",
            "At what time (optional)",
            Input(time_label(item.time) if item else "", placeholder="e.g. 14:30", compact=True),
            hint=TIME_HINT,
        )
        yield self.field(
            "felt",
            "How did it feel?",
            KeyedSelect(
                FELT_CHOICES,
                keys={str(value): value for _, value in FELT_CHOICES},
                value=item.felt if item and item.felt else Select.NULL,
                prompt="Not noted (press 1 to 5)",
                compact=True,
                id="log-felt",
            ),
        )
        yield self.field(
            "initiated_by",
            "Who reached out?",
            KeyedSelect(
                WHO_CHOICES,
                keys={"i": "me", "t": "them"},
                value=item.initiated_by if item and item.initiated_by else Select.NULL,
                prompt="Not noted (i I did, t they did)",
                compact=True,
                id="log-initiated",
            ),
        )
        duration = str(item.duration_minutes) if item and item.duration_minutes else ""
        yield self.field(
            "duration",
            "How long (optional)",
            Input(duration, placeholder="e.g. 45 or 1h30", compact=True),
        )
        yield self.field(
            "notes",
            "Notes",
            TextArea(item.notes if item else "", soft_wrap=True, compact=True),
        )
        current = item.strategy_id if item else None
        choices = [(strategy.id, strategy.title) for strategy in strategies()]
        if current and current not in {key for key, _ in choices}:
            choices.append((current, current))
        yield self.field(
            "strategy",
            "Did it practise a strategy? (optional)",
            Select(
                [(label, key) for key, label in choices],
                value=current or Select.NULL,
                prompt="No particular one",
                compact=True,
            ),
        )

    # -- who -----------------------------------------------------------------------
    def action_save(self) -> None:
        """Settle who it was with (asking "which one?" if needed), then save."""
        self.clear_errors()
        text = self.query_one("#field-who Input", Input).value
        contacts = self.store.contacts.list()
        found = parse_people(text, contacts)
        if not found:
            self.show_errors({"who": "Who was it with? Type a name from People."})
            return
        ids: list[str] = []
        for match in found:
            key = " ".join(match.text.split()).casefold()
            chosen = self._chosen.get(key)
            if chosen is not None and chosen in self.store.contacts:
                ids.append(chosen)
            elif len(match.matches) == 1:
                ids.append(match.matches[0].id)
            elif not match.matches:
                self.show_errors(
                    {
                        "who": f"No one called “{match.text}” in People yet. "
                        "Check the spelling, or add them first (n on the People list)."
                    }
                )
                return
            else:
                self._ask_which(key, match.text, match.matches)
                return
        self._resolved = list(dict.fromkeys(ids))
        super().action_save()

    def _ask_which(self, key: str, typed: str, people: Sequence[Contact]) -> None:
        wanted = {p.id for p in people}
        last: dict[str, date | None] = dict.fromkeys(wanted)
        for item in self.store.interactions.list():
            for cid in item.contact_ids:
                if cid in wanted:
                    seen = last[cid]
                    if seen is None or item.date > seen:
                        last[cid] = item.date

        def chosen(contact_id: str | None) -> None:
            if contact_id is None:
                self.show_errors(
                    {"who": f"Several people are called “{typed}”: save again to choose one."}
                )
                return
            self._chosen[key] = contact_id
            self.action_save()

        self.app.push_screen(WhichPersonScreen(typed, people, last, today(self.clock)), chosen)

    # -- saving --------------------------------------------------------------------
    def submit(self, values: dict[str, Any]) -> Interaction:
        errors: dict[str, str] = {}
        now = today(self.clock)
        day = now
        minutes: int | None = None
        at = None
        try:
            day = parse_day(values["when"], now)
        except ValueError as error:
            errors["when"] = str(error)
        try:
            at = parse_time(values["time"])
        except ValueError as error:
            errors["time"] = str(error)
        unchanged = self.interaction is not None and (
            self.interaction.date,
            self.interaction.time,
        ) == (day, at)
        if at is not None and day == now and not unchanged:
            local = self.clock.now().astimezone(self.clock.tz)
            if at > local.time().replace(second=0, microsecond=0):
                errors["time"] = (
                    f"That is later than now ({local:%H:%M}); log it once it has happened, "
                    "or leave the time empty."
                )
        try:
            minutes = parse_minutes(values["duration"])
        except ValueError as error:
            errors["duration"] = str(error)
        fields: dict[str, Any] = {
            "date": day,
            "time": at,
            "contact_ids": self._resolved,
            "mode": values["mode"],
            "duration_minutes": minutes,
            "felt": values["felt"],
            "initiated_by": values["initiated_by"],
            "notes": values["notes"],
            "strategy_id": values["strategy"],
        }
        context = self.store.validation_context()
        if self.interaction is not None:
            fields = self.interaction.model_dump() | fields
            if day == self.interaction.date:  # kept as saved: no "future" rule (issue 13)
                context = {"today": date.max}
        try:
            item = Interaction.model_validate(fields, context=context)
        except ValidationError as error:
            raise FieldErrors(self.errors_from(error) | errors) from None
        if errors:
            raise FieldErrors(errors)
        if self.interaction is None:
            return self.store.interactions.add(item)
        return self.store.interactions.update(item)
