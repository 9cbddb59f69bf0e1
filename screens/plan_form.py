"""Add an action to a week's plan (or edit one): the words, its strategy, a person
from People and a day, all but the words optional."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Input, Select

from kith.data.models import PlanItem
from kith.data.plan import day_label, relative_week, week_days, week_label, week_start
from kith.data.store import Store
from kith.data.strategies import Action, find_strategy, strategies
from kith.screens.form import FormScreen
from kith.widgets.keyed_select import KeyedSelect


class PlanItemForm(FormScreen[PlanItem]):
    FIELD_ALIASES = {"strategy_id": "strategy", "contact_id": "person"}

    def __init__(
        self,
        store: Store,
        week: date,
        *,
        this_week: date | None = None,
        strategy_id: str | None = None,
        action: Action | None = None,
        item: PlanItem | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.item = item
        self.week = week_start(item.week_start if item is not None else week)
        self.this_week = this_week or self.week
        self.strategy_id = item.strategy_id if item is not None else strategy_id
        # The content action the words came from; typing other words makes it your own.
        if item is not None:
            source = find_strategy(item.strategy_id)
            action = source.action(item.action_id) if source and item.action_id else None
        self.action = action

    def form_title(self) -> str:
        when = relative_week(self.week, self.this_week)
        if self.item is not None:
            return f"Edit a planned action ({when}, {week_label(self.week)})"
        return f"Add to the plan for {when} ({week_label(self.week)})"

    def compose_fields(self) -> Iterable[Widget]:
        item = self.item
        text = item.text if item else (self.action.text if self.action else "")
        yield self.field(
            "text",
            "What will you do?",
            Input(text, placeholder="Something small you would like to do", id="plan-text"),
            hint="Type to replace it with your own words, or press end to change it."
            if self.action
            else "Your own action, in a few words.",
        )
        yield self.field(
            "strategy",
            "Which way of connecting is it?",
            KeyedSelect(
                [(s.title, s.id) for s in strategies()],
                jump=True,
                value=self.strategy_id if find_strategy(self.strategy_id) else Select.NULL,
                prompt="No particular strategy",
                id="plan-strategy",
            ),
        )
        people = sorted(
            (
                c
                for c in self.store.contacts.list()
                if not c.archived or (item and c.id == item.contact_id)
            ),
            key=lambda c: c.name.casefold(),
        )
        chosen = item.contact_id if item and item.contact_id in self.store.contacts else None
        yield self.field(
            "person",
            "With someone? (optional)",
            KeyedSelect(
                [(Text(c.name), c.id) for c in people],
                jump=True,
                value=chosen if chosen else Select.NULL,
                prompt="Nobody in particular" if people else "No one in People yet",
                id="plan-person",
            ),
            hint="Type the first letters of a name to pick it; enter shows everyone.",
        )
        days = week_days(self.week)
        yield self.field(
            "day",
            "Which day? (optional)",
            KeyedSelect(
                [(day_label(d), d.isoformat()) for d in days],
                jump=True,
                value=item.day.isoformat() if item and item.day in days else Select.NULL,
                prompt="Any day that week",
                id="plan-day",
            ),
        )

    def submit(self, values: dict[str, Any]) -> PlanItem:
        text = str(values["text"]).strip()
        action_id = self.action.id if self.action and text == self.action.text else None
        strategy_id = values["strategy"]
        if self.action is not None and strategy_id != self.strategy_id:
            action_id = None  # the words belong to another strategy's action
        fields = {
            "week_start": self.week,
            "text": text,
            "strategy_id": strategy_id,
            "action_id": action_id,
            "contact_id": values["person"],
            "day": date.fromisoformat(values["day"]) if values["day"] else None,
        }
        if self.item is None:
            return self.store.plan.add(PlanItem.model_validate(fields))
        merged = self.item.model_dump() | fields
        return self.store.plan.update(PlanItem.model_validate(merged))
