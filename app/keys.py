"""Every key binding Kith has, by id, and the person's own keys from ``keys.toml``.

Each ``Binding`` in app/, screens/ and widgets/ carries an ``id`` ("people.new",
"app.support"). Textual's keymap (``App.set_keymap``) swaps the key of any
binding whose id it names; ``data/keymap.py`` reads the ``[keys]`` table that
says which. A binding that means the same thing on several screens (help and
support inside the check-in dialogs) shares its id, so one line remaps it
everywhere.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Mapping
from dataclasses import dataclass

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import key_to_character

from kith.data.keymap import KEYS_FILE, read_keys_file, unknown_ids, unknown_ids_problem

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


def print_keys(args: argparse.Namespace) -> int:
    """``kith keys``: every id, its key (yours from keys.toml, if you changed it) and
    what it does; problems in keys.toml on stderr (exit 1 if there are any)."""
    from kith.app.cli import data_dir

    folder = data_dir(args)
    wanted = read_keys_file(folder)
    known = known_bindings()
    width = max(len(entry.id) for entry in known)
    key_width = max(len(wanted.keys.get(entry.id, entry.key)) for entry in known)
    print(f"{'id':<{width}}  {'key':<{key_width}}  what it does")
    for entry in known:
        if entry.id in wanted.keys:
            key = wanted.keys[entry.id]
            note = f" (yours; usually {entry.key})"
        else:
            key, note = entry.key, ""
        print(f"{entry.id:<{width}}  {key:<{key_width}}  {entry.description}{note}")
    problems = list(wanted.problems)
    unknown = unknown_ids_problem(unknown_ids(wanted.keys, {entry.id for entry in known}))
    if unknown:
        problems.append(unknown)
    problems.extend(key_clashes(wanted.keys))
    for problem in problems:
        print(f"kith: {problem}", file=sys.stderr)
    if not problems:
        print(f"\nChange any of them in {folder / KEYS_FILE}, in a [keys] table.")
    return 1 if problems else 0


def _same_key(key: str) -> str:
    """One spelling per key: "question_mark" and "?" are the same key."""
    key = key.strip()
    return (key_to_character(key) or key) if len(key) > 1 else key


def key_clashes(wanted: Mapping[str, str]) -> list[str]:
    """Sentences for each key that ``wanted`` gives to a binding while another binding
    on the same screen keeps it; there the key from keys.toml wins (Textual's keymap
    does that). Not reported: clashes Kith has on purpose, in which no remapped binding
    takes part (one key, two actions switched by the screen's state), and an app-wide
    key that a dialog uses for itself (the check-in's number keys answer questions)."""
    if not wanted:
        return []
    classes = binding_classes()
    app_wide = [binding for cls in classes if issubclass(cls, App) for binding in own_bindings(cls)]
    app_ids = {binding.id for binding in app_wide}
    found: dict[tuple[str, ...], str] = {}
    for cls in classes:
        pool = own_bindings(cls) if issubclass(cls, App) else [*own_bindings(cls), *app_wide]
        by_key: dict[str, list[Binding]] = {}
        for binding in pool:
            for key in wanted.get(binding.id or "", binding.key).split(","):
                by_key.setdefault(_same_key(key), []).append(binding)
        for key, bindings in by_key.items():
            for mine in bindings:
                if mine.id not in wanted:
                    continue
                for other in bindings:
                    if other.id == mine.id or other.action == mine.action:
                        continue
                    if mine.id in app_ids and other.id not in app_ids:
                        continue  # the screen's own key comes first there, as it meant to
                    found.setdefault(
                        (key, *sorted((mine.id or "", other.id or ""))),
                        f'In {KEYS_FILE}, "{key}" for "{mine.id}" ({mine.description}) '
                        f'is also "{other.id}" ({other.description}); where both apply, '
                        f"it does {mine.description}.",
                    )
    return list(found.values())
