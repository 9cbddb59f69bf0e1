"""The seven strategies in a list: the ones suggested "for you" first, marked ★."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

WHY = "why"  # the "Why connection matters" entry
FOR_YOU_HEADER = "for-you"
MORE_HEADER = "more"


class StrategyList(OptionList):
    """Options are strategy ids (and ``WHY`` first). ``show`` rebuilds the options
    and keeps the highlight; the first time, the top strategy is highlighted."""

    DEFAULT_CSS = """
    StrategyList > .option-list--option-disabled {
        color: $text-accent;
        text-style: bold;
    }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.order: list[str] = []

    def show(
        self,
        strategies: Sequence[tuple[str, str]],
        suggested: Sequence[tuple[str, str]],
    ) -> None:
        """``strategies``: (id, short title) in content order; ``suggested``: (id, tag),
        the ones "for you", best first."""
        current = self.highlighted_id
        titles = dict(strategies)
        options: list[Option] = [
            Option(Content.assemble(("♡ ", "$text-accent"), "Why connection matters"), id=WHY)
        ]
        order: list[str] = [WHY]
        if suggested:
            options.append(Option(Content("For you"), id=FOR_YOU_HEADER, disabled=True))
            for strategy_id, tag in suggested:
                options.append(
                    Option(
                        Content.assemble(
                            ("★ ", "$text-warning"),
                            titles[strategy_id],
                            "\n  ",
                            (tag, "dim italic"),
                        ),
                        id=strategy_id,
                    )
                )
                order.append(strategy_id)
            options.append(Option(Content("More ways"), id=MORE_HEADER, disabled=True))
        for strategy_id, title in strategies:
            if strategy_id in order:
                continue
            options.append(Option(Content.assemble("  ", title), id=strategy_id))
            order.append(strategy_id)
        self.order = order
        self.set_options(options)
        self.select_id(current or order[1])

    @property
    def highlighted_id(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None and not option.disabled else None

    def select_id(self, strategy_id: str) -> None:
        try:
            self.highlighted = self.get_option_index(strategy_id)
        except OptionDoesNotExist:
            self.highlighted = self.get_option_index(self.order[0])
