"""The "Your connection and wellbeing" panel: the link in words, its basis and its caveat."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import Static


class LinkPanel(Static):
    """Shows a headline, what it rests on, a progress bar while waiting, and a caveat."""

    DEFAULT_CSS = """
    LinkPanel {
        height: auto;
        border: round $success 50%;
        border-title-color: $text;
        padding: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._shown: tuple[object, ...] | None = None
        self.redraws = 0  # how many times ``show`` drew new text
        self.border_title = "Your connection and wellbeing"

    def show(
        self,
        sentences: Sequence[str],
        *,
        definition: str,
        caveat: str,
        progress: tuple[int, int] | None = None,
    ) -> None:
        """``progress`` is (paired weeks, weeks needed) while the link is not shown yet.
        The same text as shown already is not drawn again."""
        shown = (tuple(sentences), definition, caveat, progress)
        if shown == self._shown:
            return
        self._shown = shown
        self.redraws += 1
        parts: list[Content] = []
        for index, sentence in enumerate(sentences):
            text = Content(sentence)
            parts.append(text.stylize("bold") if index == 0 and progress is None else text)
        if progress is not None:
            have, need = progress
            done = min(have, need)
            parts.append(
                Content.assemble(
                    ("●" * done, "$success"),
                    ("○" * (need - done), "$text-muted"),
                )
            )
        parts.append(Content(definition).stylize("dim"))
        parts.append(Content(caveat).stylize("dim"))
        self.update(Content("\n").join(parts))
