"""Add or edit a person: name, circle, keep-in-touch rhythm, birthday, tags, how to reach
them (phones, emails, addresses), things to remember, notes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import ValidationError
from textual import on
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select, TextArea

from kith.data.clock import today
from kith.data.contact_details import (
    addresses_text,
    emails_text,
    parse_addresses,
    parse_emails,
    parse_phones,
    phones_text,
)
from kith.data.dates import birthday_text, parse_birthday
from kith.data.followups import dates_text, follow_ups_text, parse_dates, parse_follow_ups
from kith.data.models import RHYTHMS, Circle, Contact
from kith.data.models.contact import RHYTHM_MAX_DAYS
from kith.data.relations import links_text, parse_links
from kith.data.store import Store
from kith.screens.form import FieldErrors, FormScreen

NO_RHYTHM = "none"
CUSTOM = "custom"
RHYTHM_CHOICES: list[tuple[str, str]] = [
    ("No rhythm", NO_RHYTHM),
    *[(label, str(days)) for days, label in RHYTHMS.items()],
    ("Every N days…", CUSTOM),
]


def split_tags(text: str) -> list[str]:
    """``friends, climbing ,  book club`` -> three tags (duplicates dropped)."""
    tags = [" ".join(part.split()) for part in text.split(",")]
    return list(dict.fromkeys(tag for tag in tags if tag))


def split_lines(text: str) -> list[str]:
    """One item per non-empty line."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class ContactForm(FormScreen[Contact]):
    """``ContactForm(store)`` adds a person; ``ContactForm(store, contact)`` edits one."""

    CSS_PATH = "people.tcss"
    FIELD_ALIASES = {"rhythm_days": "rhythm"}

    def __init__(self, store: Store, contact: Contact | None = None) -> None:
        super().__init__()
        self.store = store
        self.contact = contact

    def form_title(self) -> str:
        return "Edit person" if self.contact else "Add a person"

    def compose_fields(self) -> Iterable[Widget]:
        contact = self.contact
        rhythm = contact.rhythm_days if contact else None
        if rhythm is None:
            choice, custom = NO_RHYTHM, ""
        elif rhythm in RHYTHMS:
            choice, custom = str(rhythm), ""
        else:
            choice, custom = CUSTOM, str(rhythm)
        yield self.field(
            "name",
            "Name",
            Input(
                contact.name if contact else "",
                placeholder="e.g. Sam Rivera",
                max_length=200,
                compact=True,
            ),
        )
        yield self.field(
            "circle",
            "Circle",
            Select(
                [(circle.label, circle.value) for circle in Circle],
                value=(contact.circle if contact else Circle.FRIEND).value,
                allow_blank=False,
                compact=True,
            ),
        )
        yield self.field(
            "rhythm",
            "Keep in touch",
            Select(RHYTHM_CHOICES, value=choice, allow_blank=False, compact=True),
            hint="Kith counts from your last contact with them.",
        )
        custom_field = self.field(
            "rhythm_n",
            "Every how many days?",
            Input(custom, placeholder="e.g. 10", compact=True),
        )
        custom_field.display = choice == CUSTOM
        yield custom_field
        yield self.field(
            "birthday",
            "Birthday (optional)",
            Input(
                birthday_text(contact.birthday if contact else None),
                placeholder="e.g. 14 March, or 14 March 1990",
                compact=True,
            ),
        )
        yield self.field(
            "how_met",
            "How you met",
            Input(
                contact.how_met if contact else "",
                placeholder="e.g. climbing gym, school",
                compact=True,
            ),
        )
        yield self.field(
            "tags",
            "Tags",
            Input(
                ", ".join(contact.tags) if contact else "",
                placeholder="separated by commas",
                compact=True,
            ),
        )
        yield self.field(
            "remember",
            "Things to remember, one per line",
            TextArea(
                "\n".join(contact.remember) if contact else "",
                soft_wrap=True,
                compact=True,
                placeholder="their kids' names, what they're going through, what they love",
            ),
        )
        yield self.field(
            "notes",
            "Notes",
            TextArea(contact.notes if contact else "", soft_wrap=True, compact=True),
        )
        yield self.field(
            "phones",
            "Phones, one per line",
            TextArea(
                phones_text(contact.phones) if contact else "",
                soft_wrap=True,
                compact=True,
                placeholder="mobile: +44 7700 900123",
            ),
            hint="A label first if you like: home, work, mobile or other.",
        )
        yield self.field(
            "emails",
            "Emails, one per line",
            TextArea(
                emails_text(contact.emails) if contact else "",
                soft_wrap=True,
                compact=True,
                placeholder="home: sam@example.org",
            ),
        )
        yield self.field(
            "addresses",
            "Addresses, one per line",
            TextArea(
                addresses_text(contact.addresses) if contact else "",
                soft_wrap=True,
                compact=True,
                placeholder="home: 12 High Street, Leeds LS1 1AA",
            ),
        )
        yield self.field(
            "links",
            "People in their life, one per line",
            TextArea(
                links_text(contact.links, self.store.contacts.list()) if contact else "",
                soft_wrap=True,
                compact=True,
                placeholder="partner: Alex",
            ),
            hint="partner, parent, child, sibling, friend or colleague, then a name in People.",
        )
        yield self.field(
            "dates",
            "Dates that matter, one per line",
            TextArea(
                dates_text(contact.dates) if contact else "",
                soft_wrap=True,
                compact=True,
                placeholder="anniversary: 12 June 2015",
            ),
            hint="Shown on Home two weeks ahead, like birthdays. The year is optional.",
        )
        yield self.field(
            "follow_ups",
            "Follow-ups, one per line: what, a comma, when",
            TextArea(
                follow_ups_text(contact.follow_ups) if contact else "",
                soft_wrap=True,
                compact=True,
                placeholder="Ask how the interview went, friday",
            ),
            hint="Shown on Home from that day until done (x) or you log time with them.",
        )
        if contact is not None:
            yield self.field(
                "archived",
                "Archive",
                Checkbox(
                    "Archived (hidden from the list and Reach out)",
                    contact.archived,
                    compact=True,
                ),
            )

    @on(Select.Changed, "#field-rhythm Select")
    def _rhythm_changed(self, event: Select.Changed) -> None:
        custom = self.query_one("#field-rhythm_n")
        custom.display = event.value == CUSTOM

    def rhythm_days(self, values: dict[str, Any]) -> int | None:
        choice = values.get("rhythm") or NO_RHYTHM
        if choice == NO_RHYTHM:
            return None
        if choice != CUSTOM:
            return int(choice)
        text = str(values.get("rhythm_n", "")).strip().casefold().removesuffix("days").strip()
        if not text:
            raise FieldErrors({"rhythm_n": "How many days between contacts? e.g. 10"})
        # isdecimal, not isdigit: "²" is a digit that int() refuses.
        if not text.isdecimal():
            raise FieldErrors({"rhythm_n": "Please type a whole number of days, like 10."})
        days = int(text) if len(text) <= 6 else RHYTHM_MAX_DAYS + 1
        if not 1 <= days <= RHYTHM_MAX_DAYS:
            raise FieldErrors(
                {"rhythm_n": f"Please choose between 1 and {RHYTHM_MAX_DAYS:,} days."}
            )
        return days

    def submit(self, values: dict[str, Any]) -> Contact:
        errors: dict[str, str] = {}
        try:
            rhythm = self.rhythm_days(values)
        except FieldErrors as error:
            errors.update(error.errors)
            rhythm = None
        try:
            birthday = parse_birthday(values["birthday"])
        except ValueError as error:
            errors["birthday"] = str(error)
            birthday = None
        details: dict[str, Any] = {}
        for name, parse in (("phones", parse_phones), ("emails", parse_emails)):
            try:
                details[name] = parse(values[name])
            except ValueError as error:
                errors[name] = str(error)
        try:
            details["addresses"] = parse_addresses(
                values["addresses"], self.contact.addresses if self.contact else ()
            )
        except ValueError as error:
            errors["addresses"] = str(error)
        try:
            details["links"] = parse_links(
                values["links"],
                self.store.contacts.list(),
                self.contact.id if self.contact else None,
            )
        except ValueError as error:
            errors["links"] = str(error)
        try:
            details["dates"] = parse_dates(values["dates"])
        except ValueError as error:
            errors["dates"] = str(error)
        try:
            details["follow_ups"] = parse_follow_ups(
                values["follow_ups"],
                today(self.store.clock),
                self.contact.follow_ups if self.contact else (),
            )
        except ValueError as error:
            errors["follow_ups"] = str(error)
        fields: dict[str, Any] = {
            "name": values["name"],
            "circle": values["circle"],
            "rhythm_days": rhythm,
            "birthday": birthday,
            "how_met": values["how_met"],
            "tags": split_tags(values["tags"]),
            "remember": split_lines(values["remember"]),
            "notes": values["notes"],
            **details,
        }
        if self.contact is not None:
            fields["archived"] = bool(values.get("archived", self.contact.archived))
            fields = self.contact.model_dump() | fields
        try:
            contact = Contact.model_validate(fields)
        except ValidationError as error:
            # Every problem at once: the model's beside the ones found above.
            raise FieldErrors(self.errors_from(error) | errors) from None
        if errors:
            raise FieldErrors(errors)
        if self.contact is None:
            return self.store.contacts.add(contact)
        return self.store.contacts.update(contact)
