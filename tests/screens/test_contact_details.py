"""Contact details by keys: typed in the form, kept in the store, shown on the page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Static, TextArea

from kith.data.models import (
    Address,
    Birthday,
    Circle,
    Contact,
    DetailLabel,
    Email,
    FollowUp,
    Link,
    NamedDate,
    Phone,
    RelationKind,
)
from kith.data.store import Store
from kith.screens.contact_detail import ContactDetailScreen
from kith.screens.contact_form import ContactForm
from kith.widgets.people_profile import ContactProfile

MakeApp = Callable[..., Any]
KEYS = {" ": "space", ",": "comma", ":": "colon", "+": "plus", "@": "at", ".": "full_stop"}
KEYS |= {"(": "left_parenthesis", ")": "right_parenthesis", "-": "minus", "\n": "enter"}


async def type_text(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*[KEYS.get(char, char) for char in text])


def full_contact() -> Contact:
    """Every field Kith has for a person."""
    return Contact(
        name="Ana Lopez",
        circle=Circle.CLOSE_FRIEND,
        rhythm_days=14,
        birthday=Birthday(month=3, day=14, year=1990),
        how_met="climbing gym",
        tags=["climbing", "book club"],
        remember=["Kids: Mila and Jonas", "Starting a new job in January"],
        notes="Prefers a call to a message.",
        phones=[
            Phone(number="+34 600 000 001", label=DetailLabel.MOBILE),
            Phone(number="(555) 010-4477", label=DetailLabel.WORK),
        ],
        emails=[Email(address="ana@example.org", label=DetailLabel.HOME)],
        addresses=[
            Address(street="Calle Mayor 1", city="Madrid", postcode="28013", country="Spain")
        ],
        dates=[NamedDate(name="Anniversary", month=11, day=25, year=2015)],
        follow_ups=[FollowUp(text="Ask how the interview went", due=date(2026, 11, 20))],
    )


async def test_two_phones_an_email_and_an_address_by_keys(store: Store, make_app: MakeApp) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4", "n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ContactForm)
        await type_text(pilot, "Ana Lopez")
        # name, circle, rhythm, birthday, how met, tags, remember, notes: then phones
        await pilot.press(*["tab"] * 8)
        assert form.focused is form.query_one("#field-phones TextArea", TextArea)
        await type_text(pilot, "+34 600 000 001\nwork: (555) 010-4477")
        await pilot.press("tab")
        await type_text(pilot, "home: ana@example.org")
        await pilot.press("tab")
        await type_text(pilot, "Calle Mayor 1, Madrid")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ContactForm)
        [ana] = store.contacts.list()
        assert ana.phones == [
            Phone(number="+34 600 000 001", label=DetailLabel.MOBILE),
            Phone(number="(555) 010-4477", label=DetailLabel.WORK),
        ]
        assert ana.emails == [Email(address="ana@example.org", label=DetailLabel.HOME)]
        assert ana.addresses == [Address(street="Calle Mayor 1, Madrid")]

        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ContactDetailScreen)
        shown = str(app.screen.query_one(ContactProfile).render())
        assert "Phone, mobile: +34 600 000 001" in shown
        assert "Phone, work: (555) 010-4477" in shown
        assert "Email, home: ana@example.org" in shown
        assert "Address, home: Calle Mayor 1, Madrid" in shown


async def test_a_bad_phone_or_email_is_shown_beside_its_field(
    store: Store, make_app: MakeApp
) -> None:
    contact = store.contacts.add(full_contact())
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4", "enter")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ContactForm)
        phones = form.query_one("#field-phones TextArea", TextArea)
        assert phones.text == "mobile: +34 600 000 001\nwork: (555) 010-4477"
        phones.text = "mobile: call me maybe"
        form.query_one("#field-emails TextArea", TextArea).text = "ana at example"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        error = str(form.query_one("#field-phones .field-error", Static).render())
        assert "digits, spaces and + ( ) -" in error
        error = str(form.query_one("#field-emails .field-error", Static).render())
        assert "needs an @" in error
        assert store.contacts.require(contact.id).phones == contact.phones


async def test_an_unchanged_address_keeps_its_parts(store: Store, make_app: MakeApp) -> None:
    contact = store.contacts.add(full_contact())
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4", "enter")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ContactForm)
        form.query_one("#field-emails TextArea", TextArea).text = "work: ana@work.example"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ContactForm)
        again = store.contacts.require(contact.id)
        assert again.addresses == contact.addresses  # city, postcode, country kept apart
        assert again.emails == [Email(address="ana@work.example", label=DetailLabel.WORK)]


async def test_a_partner_link_by_keys_shows_on_both_pages_and_goes_with_them(
    store: Store, make_app: MakeApp
) -> None:
    alex = store.contacts.add(Contact(name="Alex Kim"))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4", "n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ContactForm)
        await type_text(pilot, "Ana Lopez")
        await pilot.press(*["tab"] * 11)  # ... phones, emails, addresses, then people
        assert form.focused is form.query_one("#field-links TextArea", TextArea)
        await type_text(pilot, "partner: alex")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ContactForm)
        ana = next(c for c in store.contacts.list() if c.name == "Ana Lopez")
        assert ana.links == [Link(kind=RelationKind.PARTNER, contact_id=alex.id)]

        await pilot.press("slash", *"ana", "enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ContactDetailScreen)
        assert "Ana Lopez's partner: Alex Kim" in str(app.screen.query_one(ContactProfile).render())
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape", "slash", *"alex", "enter", "enter")
        await pilot.pause()
        page = app.screen
        assert isinstance(page, ContactDetailScreen) and page.contact_id == alex.id
        assert "Alex Kim's partner: Ana Lopez" in str(page.query_one(ContactProfile).render())

        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert alex.id not in store.contacts
        assert store.contacts.require(ana.id).links == []
        messages = [n.message for n in app._notifications]
        assert "Deleted Alex Kim. 1 link to other people removed too. Press u to undo." in messages


async def test_a_link_to_a_name_not_in_people_is_explained(store: Store, make_app: MakeApp) -> None:
    store.contacts.add(Contact(name="Sam Okafor"))
    store.contacts.add(Contact(name="Sam Taylor"))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4", "n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ContactForm)
        await type_text(pilot, "Ana")
        form.query_one("#field-links TextArea", TextArea).text = "sibling: sam"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        error = str(form.query_one("#field-links .field-error", Static).render())
        assert "'sam' could be Sam Okafor, Sam Taylor" in error
        assert len(store.contacts) == 2
