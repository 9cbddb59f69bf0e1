"""A person's page, kept between visits (issue 15).

Opening a person costs mostly Textual's own work: building the page's widgets and
applying the stylesheet to them (measured: the 500-row timeline's data is a few
milliseconds of it, and the table draws only the rows on screen). So the last few
pages opened stay installed in the app: going back to one pushes the same screen,
which redraws only if the store changed while it was away (``SectionScreen``
marks itself stale on every change event and refreshes when resumed).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from kith.data.clock import Clock
from kith.data.store import Store

KEPT_PAGES = 3
_ATTRIBUTE = "_kith_contact_pages"


def _pages(app: Any) -> OrderedDict[str, Any]:
    pages: OrderedDict[str, Any] | None = getattr(app, _ATTRIBUTE, None)
    if pages is None:
        pages = OrderedDict()
        setattr(app, _ATTRIBUTE, pages)
    return pages


def _in_a_stack(app: Any, screen: Any) -> bool:
    stacks = getattr(app, "_screen_stacks", {})
    return any(screen in stack for stack in stacks.values())


def show_contact(app: Any, store: Store, clock: Clock, contact_id: str) -> None:
    """Push ``contact_id``'s page: the kept one if there is one (and it is not already
    showing in another section), else a new one, kept for next time."""
    from kith.screens.contact_detail import ContactDetailScreen  # on first use (issue 9)

    pages = _pages(app)
    page = pages.get(contact_id)
    if page is not None and page.store is store and not _in_a_stack(app, page):
        pages.move_to_end(contact_id)
        app.push_screen(page)
        return
    page = ContactDetailScreen(store, clock, contact_id)
    if contact_id in pages:  # the kept one is on another section's stack: a one-off page
        app.push_screen(page)
        return
    app.install_screen(page, f"kith-person-{id(page)}")
    pages[contact_id] = page
    _forget_oldest(app, pages)
    app.push_screen(page)


def _forget_oldest(app: Any, pages: OrderedDict[str, Any]) -> None:
    """Keep at most ``KEPT_PAGES``: the oldest not showing anywhere are let go."""
    for contact_id in list(pages):
        if len(pages) <= KEPT_PAGES:
            return
        page = pages[contact_id]
        if _in_a_stack(app, page):
            continue
        del pages[contact_id]
        app.uninstall_screen(page)
        page.remove()


def kept_pages(app: Any) -> list[str]:
    """The contact ids whose pages are kept, oldest first (for tests)."""
    return list(_pages(app))
