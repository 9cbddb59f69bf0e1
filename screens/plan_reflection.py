"""After doing a planned action: how did it feel (1 to 5) and an optional note."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Select, TextArea

from kith.data.clock import Clock
from kith.data.models import FELT_LABELS, PlanItem, PlanState
from kith.data.plan import mark_done, with_reflection
from kith.data.store import Store
from kith.screens.form import FieldErrors, FormScreen

DEFAULT_PROMPT = "What did you notice? How was it?"


class ReflectionForm(FormScreen[PlanItem]):
    """Saves the reflection on a done item (marking it done if it is not yet)."""

    BINDINGS = [
        Binding(str(n), f"felt({n})", f"Felt {n}", show=False, id=f"reflection.felt-{n}")
        for n in range(1, 6)
    ]

    def __init__(self, store: Store, clock: Clock, item: PlanItem, prompt: str | None) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        self.item = item
        self.prompt = prompt or DEFAULT_PROMPT

    def form_title(self) -> str:
        return f"Done: {self.item.text}"

    def compose_fields(self) -> Iterable[Widget]:
        yield self.field(
            "felt",
            "On the whole, how was it? (1 to 5)",
            Select(
                [(f"{n} · {FELT_LABELS[n]}", n) for n in range(5, 0, -1)],
                value=self.item.felt if self.item.felt is not None else Select.NULL,
                prompt="Pick one (or press 1 to 5)",
                id="felt",
            ),
            hint="1 is hard, 5 is lovely. Every answer is fine.",
        )
        yield self.field(
            "reflection",
            self.prompt,
            TextArea(self.item.reflection, id="reflection-note"),
            hint="Optional. A line or two is plenty.",
        )

    def action_felt(self, felt: int) -> None:
        select = self.query_one("#felt", Select)
        select.value = felt
        self.query_one("#reflection-note", TextArea).focus()

    def submit(self, values: dict[str, Any]) -> PlanItem:
        felt = values["felt"]
        if felt is None:
            raise FieldErrors(
                {"felt": "Pick how it felt, from 1 to 5, or press escape to skip the reflection."}
            )
        note = str(values["reflection"])
        if self.item.state is PlanState.DONE:
            updated = with_reflection(self.item, felt=int(felt), reflection=note)
        else:
            updated = mark_done(self.item, self.clock.now(), felt=int(felt), reflection=note)
        return self.store.plan.update(updated)
