"""One gentle line offering to look again at a hard stretch, with its reason."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class StretchNotice(Static):
    """Hidden unless there is something to offer."""

    DEFAULT_CSS = """
    StretchNotice {
        height: auto;
        padding: 0 1;
        color: $text-muted;
        display: none;
    }
    StretchNotice.-shown { display: block; }
    """

    def show(self, reason: str | None, offer: str) -> None:
        self.set_class(reason is not None, "-shown")
        if reason is None:
            self.update("")
            return
        self.update(
            Content.from_markup(
                "$reason $offer  [b]a[/] look again · [b]h[/] not now", reason=reason, offer=offer
            )
        )
