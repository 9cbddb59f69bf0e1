"""Add or edit an entry in the user's own support list."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.widget import Widget
from textual.widgets import Input, Select

from kith.data.models import SupportEntry, SupportKind
from kith.data.store import Store
from kith.screens.form import FormScreen


class SupportEntryForm(FormScreen[SupportEntry]):
    def __init__(self, store: Store, entry: SupportEntry | None = None) -> None:
        super().__init__()
        self.store = store
        self.entry = entry

    def form_title(self) -> str:
        return "Edit support entry" if self.entry else "Add to my support list"

    def compose_fields(self) -> Iterable[Widget]:
        entry = self.entry
        yield self.field(
            "kind",
            "What is it?",
            Select(
                [(kind.label, kind.value) for kind in SupportKind],
                value=(entry.kind if entry else SupportKind.PERSON).value,
                allow_blank=False,
                compact=True,
            ),
        )
        yield self.field(
            "name",
            "Name",
            Input(
                entry.name if entry else "",
                placeholder="e.g. My sister Ana, Dr Lee, a walk",
                compact=True,
            ),
        )
        yield self.field(
            "reach",
            "How to reach them",
            Input(
                entry.reach if entry else "",
                placeholder="phone, email, when they're free",
                compact=True,
            ),
        )
        yield self.field("note", "Note", Input(entry.note if entry else "", compact=True))

    def submit(self, values: dict[str, Any]) -> SupportEntry:
        if self.entry is None:
            return self.store.support.add(SupportEntry.model_validate(values))
        merged = self.entry.model_dump() | values
        return self.store.support.update(SupportEntry.model_validate(merged))
