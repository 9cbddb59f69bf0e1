"""Every date, number and choice field refuses nonsense with a message.

Typed fields go through the real forms (a few typed key by key, the rest set on the
Input, then ``ctrl+s``): the form stays open, a message appears beside the field,
nothing is saved, the app keeps running. Choice fields are Selects in the UI (no
nonsense can be typed there), so their nonsense comes the other ways a value can
arrive: the models, the command line, and an imported file.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from textual.widgets import Input, Static

from kith.data.models import (
    Birthday,
    CheckIn,
    Contact,
    Interaction,
    PlanItem,
    Settings,
    SupportEntry,
)
from kith.data.store import STORE_FILE, Store
from kith.screens.form import FormScreen
from tests.adversarial.ui import type_into

MakeApp = Callable[..., Any]

BIRTHDAYS = [
    "30 February",
    "Feb 30",
    "31/04",
    "31 April",
    "31 April 1990",
    "29 February 2023",
    "32 March",
    "0 May",
    "14 Smarch",
    "1850-03-14",
    "2101-01-01",
    "1990-13-01",
    "1990-00-10",
    "--13-01",
    "14 March 99999",
    "yesterday",
    "¹⁴ March",
    "9" * 5000,
]
RHYTHMS = ["0", "-3", "abc", "1.5", "3651", "7 weeks", "²", "1e3", "９" * 5000, "   "]
WHENS = [
    "tomorrow",
    "in 3 days",
    "next week",
    "3 days from now",
    "2030-01-01",
    "2026-11-21",
    "2026-02-30",
    "Feb 30",
    "31/04",
    "30 February 2025",
    "0000-00-00",
    "99999 days ago",
    "9" * 5000 + " days ago",
    "-1 days ago",
    "last blursday",
]
DURATIONS = [
    "-5",
    "0",
    "abc",
    "25h",
    "1441",
    "²",
    "1e3",
    "NaN",
    "inf",
    "9" * 5000,
    "9" * 400 + "h",  # was an OverflowError (float infinity), which stopped the app
    "1h" + "9" * 5000,
]
PYTHON_WORDS = ("Exceeds the limit", "sys.", "int()", "invalid literal", "float", "Traceback")


def field_error(form: FormScreen[Any], name: str) -> str:
    holder = form.query_one(f"#field-{name}")
    return (
        str(holder.query_one(".field-error", Static).render())
        if holder.has_class("-invalid")
        else ""
    )


async def refuse_all(
    pilot: Any, form: FormScreen[Any], field: str, values: list[str], count: Callable[[], int]
) -> list[tuple[str, str]]:
    """Put each value in ``field``, save, and collect the message shown beside it."""
    app = pilot.app
    messages = []
    before = count()
    for value in values:
        form.query_one(f"#field-{field} Input", Input).value = value
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.is_running, f"{value[:40]!r} in {field} stopped the app"
        assert app.screen is form, f"{value[:40]!r} in {field}: the form closed"
        message = field_error(form, field)
        assert message, f"{value[:40]!r} in {field}: no message beside the field"
        assert len(message) < 300, message
        assert not any(words in message for words in PYTHON_WORDS), message  # plain words
        assert count() == before, f"{value[:40]!r} in {field} was saved"
        messages.append((value[:30], message))
    return messages


async def test_contact_form_refuses_impossible_birthdays_and_rhythms(
    store: Store, make_app: MakeApp
) -> None:
    app = make_app(store)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        await type_into(pilot, "#field-name Input", "Valid Name")
        # Typed key by key, as a person would.
        await type_into(pilot, "#field-birthday Input", "30 February")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "There is no 30 February" in field_error(form, "birthday")
        said = await refuse_all(pilot, form, "birthday", BIRTHDAYS, lambda: len(store.contacts))
        form.query_one("#field-birthday Input", Input).value = ""
        # The custom rhythm: choose "Every N days…" (the last choice), then type.
        form.query_one("#field-rhythm Select").value = "custom"  # type: ignore[attr-defined]
        await pilot.pause()
        await type_into(pilot, "#field-rhythm_n Input", "-3")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert field_error(form, "rhythm_n")
        said += await refuse_all(pilot, form, "rhythm_n", RHYTHMS, lambda: len(store.contacts))
        # The name is needed.
        form.query_one("#field-rhythm_n Input", Input).value = "10"
        said += await refuse_all(pilot, form, "name", ["", "   "], lambda: len(store.contacts))
        # And with sense, it saves.
        form.query_one("#field-name Input", Input).value = "Valid Name"
        form.query_one("#field-birthday Input", Input).value = "29 February"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is not form
    (saved,) = store.contacts.list()
    assert saved.rhythm_days == 10 and saved.birthday == Birthday(month=2, day=29)
    print(f"\nnonsense: contact form refused {len(said)} values")
    for value, message in said[:: max(1, len(said) // 6)]:
        print(f"  {value!r}: {message}")


async def test_interaction_form_refuses_future_impossible_dates_and_durations(
    store: Store, make_app: MakeApp
) -> None:
    store.contacts.add(Contact(name="Ana Example"))
    app = make_app(store)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-when Input", Input).value = ""
        await type_into(pilot, "#field-when Input", "tomorrow")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "future" in field_error(form, "when")
        said = await refuse_all(pilot, form, "when", WHENS, lambda: len(store.interactions))
        form.query_one("#field-when Input", Input).value = "today"
        await type_into(pilot, "#field-duration Input", "-5")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert field_error(form, "duration")
        said += await refuse_all(
            pilot, form, "duration", DURATIONS, lambda: len(store.interactions)
        )
        form.query_one("#field-duration Input", Input).value = ""
        said += await refuse_all(
            pilot, form, "who", ["", "Nobody Known", ",,,"], lambda: len(store.interactions)
        )
        form.query_one("#field-who Input", Input).value = "Ana Example"
        form.query_one("#field-duration Input", Input).value = "1h30"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is not form
    (saved,) = store.interactions.list()
    assert saved.duration_minutes == 90 and saved.date == date(2026, 11, 20)
    print(f"\nnonsense: interaction form refused {len(said)} values")


async def test_plan_and_reflection_forms_refuse_empty_choices(
    store: Store, make_app: MakeApp
) -> None:
    from kith.screens.plan_reflection import ReflectionForm

    item = store.plan.add(PlanItem(week_start=date(2026, 11, 16), text="Write to Lee"))
    app = make_app(store)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        said = await refuse_all(
            pilot, form, "text", ["", "   ", "x" * 501], lambda: len(store.plan)
        )
        await pilot.press("escape")
        await pilot.pause()
        if app.screen is not form.app.screen_stack[0]:
            await pilot.press("y")  # leave without saving, if asked
            await pilot.pause()
        reflection = ReflectionForm(store, store.clock, item, None)
        await app.push_screen(reflection)
        await pilot.pause()
        await pilot.press("ctrl+s")  # no "felt" chosen
        await pilot.pause()
        assert app.screen is reflection and field_error(reflection, "felt")
        assert store.plan.require(item.id).state.value == "planned"
    print(f"\nnonsense: plan forms refused {len(said) + 1} values")


# -- choices and numbers that arrive other ways -----------------------------------------
MODEL_NONSENSE: list[tuple[type[Any], dict[str, Any]]] = [
    (Contact, {"name": "A", "circle": "enemy"}),
    (Contact, {"name": "A", "rhythm_days": 0}),
    (Contact, {"name": "A", "rhythm_days": -3}),
    (Contact, {"name": "A", "rhythm_days": 3651}),
    (Contact, {"name": "A", "rhythm_days": "weekly"}),
    (Contact, {"name": "A", "rhythm_days": 1.5}),
    (Contact, {"name": "A", "birthday": {"month": 2, "day": 30}}),
    (Contact, {"name": "A", "birthday": {"month": 4, "day": 31, "year": 1990}}),
    (Contact, {"name": "A", "birthday": {"month": 13, "day": 1}}),
    (Contact, {"name": "A", "birthday": {"month": 2, "day": 29, "year": 2023}}),
    (Contact, {"name": "A", "tags": [""]}),
    (Contact, {"name": "A", "archived": "maybe"}),
    (Interaction, {"date": "2026-11-21", "contact_ids": ["x"]}),
    (Interaction, {"date": "2026-02-30", "contact_ids": ["x"]}),
    (Interaction, {"date": "2026-11-20", "contact_ids": []}),
    (Interaction, {"date": "2026-11-20", "contact_ids": ["x"], "felt": 9}),
    (Interaction, {"date": "2026-11-20", "contact_ids": ["x"], "felt": 0}),
    (Interaction, {"date": "2026-11-20", "contact_ids": ["x"], "felt": "good"}),
    (Interaction, {"date": "2026-11-20", "contact_ids": ["x"], "duration_minutes": -5}),
    (Interaction, {"date": "2026-11-20", "contact_ids": ["x"], "duration_minutes": 0}),
    (Interaction, {"date": "2026-11-20", "contact_ids": ["x"], "duration_minutes": 1441}),
    (Interaction, {"date": "2026-11-20", "contact_ids": ["x"], "mode": "telepathy"}),
    (Interaction, {"date": "2026-11-20", "contact_ids": ["x"], "initiated_by": "both"}),
    (PlanItem, {"week_start": "2026-11-17", "text": "x"}),  # a Tuesday
    (PlanItem, {"week_start": "2026-11-16", "text": "x", "felt": 6}),
    (PlanItem, {"week_start": "2026-11-16", "text": "x", "state": "maybe"}),
    (PlanItem, {"week_start": "2026-11-16", "text": ""}),
    (Settings, {"checkin_rhythm_days": 0}),
    (Settings, {"checkin_rhythm_days": 366}),
    (Settings, {"insights_weeks": 13}),
    (SupportEntry, {"name": "A", "kind": "enemy"}),
    (SupportEntry, {"name": ""}),
]


@pytest.mark.parametrize(("model", "data"), MODEL_NONSENSE, ids=lambda v: str(v)[:40])
def test_models_refuse_nonsense_with_plain_words(model: type[Any], data: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as info:
        model.model_validate(data, context={"today": date(2026, 11, 20)})
    message = str(info.value.errors()[0]["msg"])
    assert message and "Traceback" not in message


def test_a_checkin_with_an_impossible_total_is_refused() -> None:
    with pytest.raises(ValidationError):
        CheckIn.model_validate(
            {
                "instrument_id": "quick",
                "instrument_version": 0,
                "taken_at": "2026-11-20T12:00:00Z",
                "answers": [],
                "total": 3,
                "band": "low",
                "band_label": "Low",
            }
        )


CLI_NONSENSE = [
    (["log", "Ana", "--felt", "9"], 2, "1 to 5"),
    (["log", "Ana", "--felt", "-1"], 2, "1 to 5"),
    (["log", "Ana", "--mode", "telepathy"], 2, "not a mode"),
    (["log", "Ana", "--minutes", "-5"], 2, ""),
    (["log", "Ana", "--minutes", "1441"], 2, ""),
    (["log", "Ana", "--minutes", "9" * 400 + "h"], 2, "minutes"),
    (["log", "Ana", "--date", "9" * 5000 + " days ago"], 1, "could not read"),
    (["log", "Ana", "--strategy", "nonsense"], 2, ""),
    (["log", "Ana", "--by", "both"], 2, ""),
    (["log", "Ana", "--date", "tomorrow"], 1, "future"),
    (["log", "Ana", "--date", "2026-02-30"], 1, "30 February"),
    (["log", "Ana", "--date", "31/04"], 1, "is not a date"),  # no 31 April, no month 31
    (["log", "Ana", "--date", "2999-01-01"], 1, "future"),
    (["log", "Nobody Here"], 1, "Nobody Here"),
    (["export", "--format", "xml"], 2, ""),
    (["restore", "99", "--yes"], 1, "no backup number 99"),
    (["restore", "²", "--yes"], 1, "no backup called ²"),
    (["restore", "9" * 5000, "--yes"], 1, ""),  # "File name too long": one line
]


@pytest.mark.parametrize(("argv", "code", "words"), CLI_NONSENSE, ids=lambda v: str(v)[:30])
def test_the_command_line_refuses_nonsense(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    code: int,
    words: str,
) -> None:
    from kith.app.main import main

    folder = tmp_path / "kith"
    with Store.open(folder) as store:
        store.contacts.add(Contact(name="Ana"))
    before = (folder / STORE_FILE).read_bytes()
    capsys.readouterr()
    try:
        got = main(["--data-dir", str(folder), *argv])
    except SystemExit as exit_:
        got = int(exit_.code or 0)
    err = capsys.readouterr().err
    assert got == code, err
    assert words in err, err
    assert "Traceback" not in err
    assert (folder / STORE_FILE).read_bytes() == before


def test_an_import_with_nonsense_values_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kith.app.main import main

    folder = tmp_path / "kith"
    with Store.open(folder) as store:
        store.contacts.add(Contact(name="Ana"))
    export = tmp_path / "export.json"
    assert main(["--data-dir", str(folder), "export", "--output", str(export)]) == 0
    before = (folder / STORE_FILE).read_bytes()
    document = json.loads(export.read_text())
    cases = {
        "felt 9": lambda d: d["interactions"].append(
            {"id": "i1", "date": "2026-11-20", "contact_ids": ["x"], "felt": 9}
        ),
        "rhythm -3": lambda d: d["contacts"][0].update(rhythm_days=-3),
        "circle": lambda d: d["contacts"][0].update(circle="enemy"),
        "birthday 31/04": lambda d: d["contacts"][0].update(birthday={"month": 4, "day": 31}),
        "month 13": lambda d: d["contacts"][0].update(birthday={"month": 13, "day": 1}),
    }
    for number, (name, spoil) in enumerate(cases.items()):
        spoiled = json.loads(json.dumps(document))
        spoil(spoiled)
        bad = tmp_path / f"bad-{number}.json"
        bad.write_text(json.dumps(spoiled))
        capsys.readouterr()
        code = main(["--data-dir", str(folder), "import", str(bad)])
        err = capsys.readouterr().err
        assert code == 1, (name, err)
        assert err.startswith("kith: ") and "Traceback" not in err, err
        assert (folder / STORE_FILE).read_bytes() == before, name
