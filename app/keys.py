"""Every key binding Kith has, by id, and the person's own keys from ``keys.toml``.

Each ``Binding`` in app/, screens/ and widgets/ carries an ``id`` ("people.new",
"app.support"). Textual's keymap (``App.set_keymap``) swaps the key of any
binding whose id it names; ``data/keymap.py`` reads the ``[keys]`` table that
says which. A binding that means the same thing on several screens (help and
support inside the check-in dialogs) shares its id, so one line remaps it
everywhere.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass

from textual.binding import Binding
from textual.dom import DOMNode

PACKAGES = ("kith.app", "kith.screens", "kith.widgets")


@dataclass(frozen=True)
class KnownBinding:
    id: str
    key: str
    description: str
    owner: str  # "kith.screens.people.PeopleScreen"


def binding_classes() -> list[type[DOMNode]]:
    """Every App, Screen and Widget class defined in Kith (imports their modules)."""
    classes: list[type[DOMNode]] = []
    for package_name in PACKAGES:
        package = importlib.import_module(package_name)
        for info in pkgutil.iter_modules(package.__path__, f"{package_name}."):
            if info.name.rpartition(".")[2].startswith("__"):
                continue
            module = importlib.import_module(info.name)
            for value in vars(module).values():
                if (
                    isinstance(value, type)
                    and issubclass(value, DOMNode)
                    and value.__module__ == module.__name__
                ):
                    classes.append(value)
    return classes


def own_bindings(cls: type[DOMNode]) -> list[Binding]:
    """The bindings ``cls`` declares itself (not those it inherits)."""
    declared = cls.__dict__.get("BINDINGS", [])
    return [item for item in declared if isinstance(item, Binding)]


def known_bindings() -> list[KnownBinding]:
    """Every Kith binding that has an id, one entry per id, in a stable order."""
    seen: dict[str, KnownBinding] = {}
    for cls in binding_classes():
        for binding in own_bindings(cls):
            if binding.id and binding.id not in seen:
                seen[binding.id] = KnownBinding(
                    binding.id,
                    binding.key,
                    binding.description,
                    f"{cls.__module__}.{cls.__qualname__}",
                )
    return sorted(seen.values(), key=lambda known: known.id)


def known_ids() -> set[str]:
    return {known.id for known in known_bindings()}
