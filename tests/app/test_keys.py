"""Binding ids and keys.toml: every binding can be remapped, and a remapped key works."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from kith.app.app import KithApp
from kith.app.keys import binding_classes, known_bindings, own_bindings
from kith.data.keymap import KEYS_FILE
from kith.data.store import Store
from kith.screens.contact_form import ContactForm
from kith.screens.help import HelpScreen
from kith.screens.people import PeopleScreen
from kith.widgets.section_bar import SectionBar
from tests.notes import record_notifications

MakeApp = Callable[..., KithApp]

ID_SHAPE = re.compile(r"^[a-z]+(?:-[a-z]+)*\.[a-z0-9]+(?:-[a-z0-9]+)*$")


def test_every_binding_has_an_id_of_the_agreed_shape_and_a_description() -> None:
    missing = [
        f"{cls.__module__}.{cls.__qualname__}: {binding.key} -> {binding.action}"
        for cls in binding_classes()
        for binding in own_bindings(cls)
        if not binding.id or not ID_SHAPE.match(binding.id) or not binding.description
    ]
    assert missing == []  # each needs an id (for keys.toml) and a description (for help)


def test_one_id_means_one_thing() -> None:
    """An id shared by two classes is one binding shown twice (help inside a dialog):
    the same description, so remapping it changes one thing the person knows."""
    meaning: dict[str, set[str]] = {}
    for cls in binding_classes():
        for binding in own_bindings(cls):
            assert binding.id
            meaning.setdefault(binding.id, set()).add(binding.description)
    assert {name: words for name, words in meaning.items() if len(words) > 1} == {}


def test_the_list_names_the_keys_people_look_for() -> None:
    ids = {known.id for known in known_bindings()}
    assert {"app.support", "app.help", "app.people", "people.new", "form.save"} <= ids


async def test_a_remapped_key_works_and_the_old_one_does_not(
    store: Store, make_app: MakeApp
) -> None:
    (store.data_dir / KEYS_FILE).write_text('[keys]\n"app.people" = "0"\n"people.new" = "c"\n')
    app = make_app(store)
    told = record_notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        assert app.current_mode == "home"  # 4 no longer opens People
        await pilot.press("0")
        await pilot.pause()
        assert app.current_mode == "people"
        assert isinstance(app.screen, PeopleScreen)
        bar = str(app.screen.query_one(SectionBar).render())
        assert " 0 People " in bar
        assert "4 People" not in bar
        assert "1 Home" in bar
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PeopleScreen)  # n no longer adds a person
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ContactForm)
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert told == []  # both ids exist: nothing to say


async def test_help_and_the_bar_show_the_remapped_keys(store: Store, make_app: MakeApp) -> None:
    (store.data_dir / KEYS_FILE).write_text('[keys]\n"people.new" = "c"\n"app.help" = "f1"\n')
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        shown = {description: key for key, description in app.screen_keys()}
        assert shown["New"] == "c"
        bar = str(app.screen.query_one(SectionBar).render())
        assert bar.endswith("! support  f1 help")
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, PeopleScreen)  # ? is no longer help
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_bad_toml_is_a_calm_note_and_the_usual_keys(store: Store, make_app: MakeApp) -> None:
    (store.data_dir / KEYS_FILE).write_text('[keys]\n"app.people" = \n')
    app = make_app(store)
    told = record_notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        assert app.current_mode == "people"
    assert len(told) == 1
    assert "not valid TOML" in told[0][0]


async def test_an_unknown_id_is_named_and_the_rest_still_apply(
    store: Store, make_app: MakeApp
) -> None:
    (store.data_dir / KEYS_FILE).write_text('[keys]\n"app.peopel" = "0"\n"app.people" = "9"\n')
    app = make_app(store)
    told = record_notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("9")
        await pilot.pause()
        assert app.current_mode == "people"
    assert len(told) == 1
    assert '"app.peopel"' in told[0][0]
    assert 'app.people"' not in told[0][0].replace('"app.peopel"', "")


HOSTILE = [
    "\x1b[31m",  # a raw escape sequence: not TOML
    "[keys]\n'app.help' = '\\u001b'\n",  # a literal backslash: not a key name
    '[keys]\n"app.quit" = "\\u001b[31m"\n',  # a real ESC inside the key
    '[keys]\n"\\u202eapp.quit" = "x"\n',  # a bidi override in the id
    "[keys]\nx = 'ctrl+'\n",
]


@pytest.mark.parametrize("text", HOSTILE)
async def test_a_hostile_file_never_stops_kith(store: Store, make_app: MakeApp, text: str) -> None:
    (store.data_dir / KEYS_FILE).write_text(text)
    app = make_app(store)
    told = record_notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        assert app.current_mode == "checkin"  # the usual keys still work
    assert told  # the person hears about it
    for message, _ in told:
        assert message.isprintable(), message  # no control or bidi characters reach the screen


def test_kith_keys_lists_ids_and_marks_yours(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kith.app.main import main

    folder = tmp_path / "data"
    folder.mkdir()
    assert main(["keys", "--data-dir", str(folder)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^people\.new +n +New$", out, re.M)
    assert re.search(r"^app\.support +exclamation_mark,f2 +Support$", out, re.M)

    (folder / KEYS_FILE).write_text('[keys]\n"people.new" = "c"\n"no.such" = "x"\n')
    assert main(["keys", "--data-dir", str(folder)]) == 1
    captured = capsys.readouterr()
    assert re.search(r"^people\.new +c +New \(yours; usually n\)$", captured.out, re.M)
    assert '"no.such"' in captured.err
    assert captured.err.startswith("kith: ")


async def test_a_key_taken_from_another_binding_is_said_once(
    store: Store, make_app: MakeApp
) -> None:
    (store.data_dir / KEYS_FILE).write_text('[keys]\n"people.new" = "a"\n')  # a: Archived
    app = make_app(store)
    told = record_notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("4")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ContactForm)  # the key from keys.toml wins
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
    assert len(told) == 1
    assert '"a" for "people.new" (New) is also "people.archived" (Archived)' in told[0][0]


@pytest.mark.parametrize(
    ("wanted", "expected"),
    [
        ({"people.new": "a"}, ['"a" for "people.new" (New) is also "people.archived"']),
        ({"people.new": "1"}, ['"1" for "people.new" (New) is also "app.home"']),
        ({"app.people": "5"}, ['"5" for "app.people" (People) is also "app.insights"']),
        ({"people.new": "a", "people.archived": "v"}, []),  # moved out of the way (z snoozes)
        ({"app.people": "9"}, []),  # the check-in's own 9 answers there, on purpose
        ({"app.help": "?"}, []),  # the same key, spelt as a character
        ({}, []),
    ],
)
def test_key_clashes(wanted: dict[str, str], expected: list[str]) -> None:
    from kith.app.keys import key_clashes

    found = key_clashes(wanted)
    assert len(found) == len(expected)
    for sentence, start in zip(found, expected, strict=True):
        assert start in sentence
