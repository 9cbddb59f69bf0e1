"""A form is focused on its first field as it mounts, not one message later.

``Widget.focus()`` waits for the app to process a later message; a form drawn before
that had no focus for a moment, and a key typed as soon as the form showed went to the
screen instead (the first letter of a name lost, or ``tab`` moving from nowhere to the
first field so that typing landed in the wrong one: seen on a loaded machine)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.widgets import Input, Select

from kith.data.store import Store
from kith.screens.contact_form import ContactForm
from kith.screens.support_form import SupportEntryForm

MakeApp = Callable[..., Any]


async def test_the_first_field_is_focused_when_the_form_has_mounted(
    store: Store, make_app: MakeApp
) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for form, first in ((ContactForm(store), Input), (SupportEntryForm(store), Select)):
            await app.push_screen(form)  # returns once the form has mounted
            assert isinstance(form.focused, first), form.focused  # before any other message
            await pilot.press("escape")
            await pilot.pause()
