"""Hostile strings in every text field: stored exactly or refused with a message, never a
crash, never markup, never an escape sequence on the screen.

1. Models and store (Hypothesis): every text field of every record gets hostile strings;
   each is refused with a plain message or saved, and what was saved comes back from
   disk exactly.
2. Forms (Pilot): hostile strings typed key by key into the real forms (control
   characters set on the Input, since no key types them), saved or refused beside the
   field.
3. The sweep: a store full of hostile text is shown on every screen that shows text
   (Home, People, the filter, contact pages, the edit, log and delete dialogs, a
   notification, the plan, check-in history and result, the support list, Insights,
   help). On every screen: no control character reaches the terminal, no markup is
   interpreted (each string, tagged «n», is shown verbatim, or cut at the edge of its
   box), no click action or link appears, and the footer and section bar are exactly
   what the same screen shows with harmless text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from textual.widgets import DataTable, Input, TextArea

from kith.data.clock import FixedClock
from kith.data.demo import DEMO_NOW
from kith.data.errors import StoreError
from kith.data.instruments import build_checkin, find_instrument
from kith.data.models import (
    Birthday,
    Contact,
    Interaction,
    PlanItem,
    PlanState,
    SupportEntry,
)
from kith.data.store import Store
from kith.data.text import BIDI_CONTROLS
from kith.screens.contact_form import split_tags
from tests.adversarial.hostile import CORPUS, LONG_NOTE, TOO_LONG_NOTE, forbidden, hostile_text
from tests.adversarial.ui import notes_said, screen_lines, type_into

MakeApp = Callable[..., Any]
TODAY = date(2026, 11, 20)
WEEK = date(2026, 11, 16)
ONE_LINE = {"name", "tags", "how_met", "remember", "text", "reach", "note@checkin"}


def quick_checkin(note: str, when: datetime = DEMO_NOW) -> Any:
    inst = find_instrument("quick")
    assert inst is not None
    answers = {item.id: inst.options(item.id)[0].id for item in inst.items}
    return build_checkin(inst, answers, when, note)


# Every text field: (label, build a record holding ``value``, read it back, one line?)
FIELDS: dict[str, tuple[Callable[[str, str], Any], Callable[[Any], str], bool]] = {
    "contact.name": (lambda v, c: Contact(name=v), lambda r: r.name, True),
    "contact.tags": (lambda v, c: Contact(name="T", tags=[v]), lambda r: r.tags[0], True),
    "contact.how_met": (lambda v, c: Contact(name="H", how_met=v), lambda r: r.how_met, True),
    "contact.notes": (lambda v, c: Contact(name="N", notes=v), lambda r: r.notes, False),
    "contact.remember": (
        lambda v, c: Contact(name="R", remember=[v]),
        lambda r: r.remember[0],
        True,
    ),
    "interaction.notes": (
        lambda v, c: Interaction(date=TODAY, contact_ids=[c], notes=v),
        lambda r: r.notes,
        False,
    ),
    "plan.text": (lambda v, c: PlanItem(week_start=WEEK, text=v), lambda r: r.text, True),
    "plan.reflection": (
        lambda v, c: PlanItem(week_start=WEEK, text="P", reflection=v),
        lambda r: r.reflection,
        False,
    ),
    "checkin.note": (lambda v, c: quick_checkin(v), lambda r: r.note, True),
    "support.name": (lambda v, c: SupportEntry(name=v), lambda r: r.name, True),
    "support.reach": (lambda v, c: SupportEntry(name="S", reach=v), lambda r: r.reach, True),
    "support.note": (lambda v, c: SupportEntry(name="S", note=v), lambda r: r.note, False),
}


def repository(store: Store, label: str) -> Any:
    return {
        "contact": store.contacts,
        "interaction": store.interactions,
        "plan": store.plan,
        "checkin": store.checkins,
        "support": store.support,
    }[label.split(".")[0]]


def cleaned(value: str, one_line: bool) -> str:
    """What Kith stores for an accepted ``value`` (data/text.py's documented clean-up)."""
    if not one_line:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = value.strip()
    return value.replace("\t", " ") if one_line else value


@dataclass
class Tally:
    tried: int = 0
    stored: int = 0
    refused: int = 0
    messages: set[str] = field(default_factory=set)


def try_field(store: Store, label: str, value: str, anchor: str, tally: Tally) -> Any:
    """Build and save one record with ``value`` in field ``label``: stored exactly, or
    refused with a message. Returns the saved record or None."""
    build, read, one_line = FIELDS[label]
    tally.tried += 1
    try:
        record = build(value, anchor)
        saved = repository(store, label).add(record)
    except ValidationError as error:
        message = str(error.errors()[0]["msg"]).removeprefix("Value error, ")
        assert message and len(message) < 400, message
        tally.refused += 1
        tally.messages.add(message[:60])
        return None
    except StoreError as error:  # refused at the door of the file: must say so plainly
        tally.refused += 1
        tally.messages.add(str(error)[:60])
        assert "could not" in str(error).lower() or "cannot" in str(error).lower()
        return None
    assert not forbidden(read(saved)), f"{label} stored a forbidden character: {value!r}"
    assert read(saved) == cleaned(value, one_line), (label, value, read(saved))
    if one_line:
        assert "\n" not in read(saved)
    tally.stored += 1
    return saved


def test_every_text_field_stores_exactly_or_refuses(data_dir: Path, clock: FixedClock) -> None:
    """Hypothesis: hostile strings into every field of every record; what was stored
    comes back from disk exactly; forbidden characters are always refused."""
    store = Store.open(data_dir, clock=clock)
    anchor = store.contacts.add(Contact(name="Anchor")).id
    tally = Tally()
    saved: list[tuple[str, Any, str]] = []

    @settings(
        max_examples=400,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        database=None,
    )
    @given(st.sampled_from(sorted(FIELDS)), hostile_text())
    def one(label: str, value: str) -> None:
        if forbidden(cleaned(value, FIELDS[label][2])):
            before = tally.refused
            assert try_field(store, label, value, anchor, tally) is None, (label, value)
            assert tally.refused == before + 1
            return
        record = try_field(store, label, value, anchor, tally)
        if record is not None:
            saved.append((label, record.id, FIELDS[label][1](record)))

    one()
    # The corpus, in every field, and the size limits.
    for label in sorted(FIELDS):
        for value in [*CORPUS.values(), LONG_NOTE, TOO_LONG_NOTE, "n" * 200, "n" * 201]:
            record = try_field(store, label, value, anchor, tally)
            if record is not None:
                saved.append((label, record.id, FIELDS[label][1](record)))
    store.close()
    with Store.open(data_dir, clock=clock) as again:
        for label, record_id, value in saved:
            assert FIELDS[label][1](repository(again, label).require(record_id)) == value
    print(
        f"\nhostile strings, models and store: {tally.tried} tried in {len(FIELDS)} fields, "
        f"{tally.stored} stored exactly and read back from disk, {tally.refused} refused "
        f"with {len(tally.messages)} different messages"
    )
    assert tally.stored > 300 and tally.refused > 100


# -- 2. typed into the real forms --------------------------------------------------------
# Tagged §n§, not «n»: Pilot cannot send a character whose Unicode name has a hyphen.
TYPED = {  # field selector -> a hostile string typed key by key
    "#field-name Input": "§1§[b]Ann[/b] [/]",
    "#field-how_met Input": "§2§[@click=app.quit]x[/]",
    "#field-tags Input": "§3§[link=https://example.com]x[/link], §4§漢字 👩\u200d👩\u200d👧",
    "#field-remember TextArea": "§5§[red on white]R[/]\n§6§e\u0301 مرحبا",
    "#field-notes TextArea": "§7§$name [$accent]x[/] \\[b]\n§8§{0} %s <b>",
}


async def test_hostile_text_typed_into_the_forms_is_saved_exactly(
    store: Store, make_app: MakeApp
) -> None:
    app = make_app(store)
    async with app.run_test(size=(110, 44)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        for selector, text in TYPED.items():
            await type_into(pilot, selector, text)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is not form, "the form did not save"
        (person,) = store.contacts.list()
        assert person.name == "§1§[b]Ann[/b] [/]"
        assert person.how_met == "§2§[@click=app.quit]x[/]"
        assert person.tags == [
            "§3§[link=https://example.com]x[/link]",
            "§4§漢字 👩\u200d👩\u200d👧",
        ]
        assert person.remember == ["§5§[red on white]R[/]", "§6§e\u0301 مرحبا"]
        assert person.notes == "§7§$name [$accent]x[/] \\[b]\n§8§{0} %s <b>"
        # The support list form, typed.
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await type_into(pilot, "#field-name Input", "§9§[b]Sis[/]")
        await type_into(pilot, "#field-reach Input", "§10§[@click=app.quit]call[/]")
        await type_into(pilot, "#field-note Input", "§11§:warning: [/]")
        await pilot.press("ctrl+s")
        await pilot.pause()
        (entry,) = store.support.list()
        assert (entry.name, entry.reach, entry.note) == (
            "§9§[b]Sis[/]",
            "§10§[@click=app.quit]call[/]",
            "§11§:warning: [/]",
        )
        assert app.is_running


REFUSED_BY_FORMS = [v for k, v in CORPUS.items() if forbidden(v)] + [
    "\x1b",
    "\u202e",
    "\x00",
]


def drop_new_records(store: Store, counts: tuple[int, int, int]) -> None:
    """Check what a form just saved holds nothing forbidden, then remove it."""
    for repo, before in zip(
        (store.contacts, store.support, store.interactions), counts, strict=True
    ):
        for record in repo.list()[before:]:
            texts = [v for v in record.model_dump().values() if isinstance(v, str)]
            texts += [t for v in record.model_dump().values() if isinstance(v, list) for t in v]
            assert not any(forbidden(str(t)) for t in texts), record
            if repo is store.contacts:
                store.delete_contact(record.id, keep_interactions=False)
            else:
                repo.delete(record.id)


async def test_control_characters_in_every_form_field_are_refused_beside_it(
    store: Store, make_app: MakeApp
) -> None:
    """Pasted escape sequences, NUL, bidi overrides, lone surrogates: each refused with a
    message beside the field, nothing saved, the form and the app still there."""
    store.contacts.add(Contact(name="Ana Example"))
    store.plan.add(PlanItem(week_start=WEEK, text="Write to Lee"))
    app = make_app(store)
    refused = 0
    forms = {
        "contact": ("4", "n", ["name", "how_met", "tags", "notes", "remember"]),
        "support": ("f2", "n", ["name", "reach", "note"]),
        "interaction": ("4", "l", ["notes"]),
        "plan": ("3", "n", ["text"]),
    }
    cleaned_away = 0
    async with app.run_test(size=(110, 44)) as pilot:

        async def open_form(section: str, key: str) -> Any:
            await pilot.press("escape", "escape", "1", section)
            await pilot.pause()
            await pilot.press(key)
            await pilot.pause()
            return app.screen

        n = len(REFUSED_BY_FORMS)
        for name, (section, key, fields) in forms.items():
            form = await open_form(section, key)
            # Every field of the form at once, each with another string, round after
            # round: in the forms with several fields every string gets tried.
            rounds = max(5, -(-n // len(fields)))
            for round_no in range(rounds):
                counts = (len(store.contacts), len(store.support), len(store.interactions))
                given: dict[str, str] = {}
                for index, field_name in enumerate(fields):
                    value = REFUSED_BY_FORMS[(round_no * len(fields) + index) % n]
                    given[field_name] = text = f"ok {value} ok"
                    widget = form.query_one(f"#field-{field_name}").query_one("Input, TextArea")
                    if isinstance(widget, TextArea):
                        widget.text = text
                    else:
                        assert isinstance(widget, Input)
                        widget.value = text
                await pilot.press("ctrl+s")
                await pilot.pause()
                assert app.is_running, (name, given)
                if app.screen is not form:
                    # Taken, but without the character: a TextArea turns vertical tab,
                    # NEL and separators into line breaks. Never stored as such.
                    assert fields in (["notes"],), (name, given)
                    drop_new_records(store, counts)
                    cleaned_away += 1
                    form = await open_form(section, key)
                    continue
                for field_name, text in given.items():
                    holder = form.query_one(f"#field-{field_name}")
                    widget = holder.query_one("Input, TextArea")
                    if holder.has_class("-invalid"):
                        assert str(holder.query_one(".field-error").render())
                        refused += 1
                        continue
                    # No message: only where the character cannot survive anyway.
                    kept = [widget.text] if isinstance(widget, TextArea) else split_tags(text)
                    assert isinstance(widget, TextArea) or field_name == "tags", (
                        name,
                        field_name,
                        text,
                    )
                    assert not any(forbidden(part) for part in kept), (field_name, text)
                    cleaned_away += 1
                after = (len(store.contacts), len(store.support), len(store.interactions))
                assert after == counts
            await pilot.press("escape")
            await pilot.pause()
            if app.screen is not form and "Confirm" in type(app.screen).__name__:
                await pilot.press("y")
                await pilot.pause()
    print(
        f"\nhostile strings, forms: {refused} pasted control strings refused beside the "
        f"field; {cleaned_away} whitespace-like controls turned into spaces or line breaks"
    )


# -- 3. the sweep ------------------------------------------------------------------------
def tagged(pieces: list[str]) -> dict[str, str]:
    """Give each piece a visible tag «n» so it can be found on the screen."""
    return {f"«{n}»": f"«{n}»{piece}" for n, piece in enumerate(pieces, start=1)}


def sweep_pieces() -> tuple[list[str], int]:
    """Corpus strings that are allowed in one line, plus Hypothesis-drawn ones."""
    drawn: list[str] = []

    @settings(max_examples=40, deadline=None, derandomize=True, database=None)
    @given(hostile_text())
    def draw(value: str) -> None:
        value = cleaned(value, True)
        if value and len(value) <= 60 and one_line_ok(value):
            drawn.append(value)

    draw()
    corpus = [cleaned(v, True) for v in CORPUS.values()]
    pieces = [v for v in corpus if v and len(v) < 100 and one_line_ok(v)]
    return pieces + drawn[:30], len(pieces)


def one_line_ok(value: str) -> bool:
    try:
        Contact(name="«0»" + value)
    except ValidationError:
        return False
    return True


def build_store(store: Store, pieces: dict[str, str]) -> dict[str, str]:
    """Put every piece in every place that shows text. Returns ids of the key people."""
    values = list(pieces.values())
    ids: dict[str, str] = {}
    for n, value in enumerate(values):
        contact = store.contacts.add(
            Contact(name=value, rhythm_days=7 if n < 5 else None, tags=[f"t{n}"])
        )
        if n == 0:
            ids["first"] = contact.id
        if n < 6:
            store.interactions.add(
                Interaction(
                    date=TODAY - timedelta(days=20 + n), contact_ids=[contact.id], notes=value
                )
            )
    everything = store.contacts.add(
        Contact(
            name="«0»All the fields",
            how_met=values[1],
            tags=[v for v in values if len(v) <= 50][:50],
            remember=values[:100],
            notes="\n".join(values),
            birthday=Birthday(month=11, day=22),
            rhythm_days=7,
        )
    )
    ids["everything"] = everything.id
    ids["long"] = store.contacts.add(Contact(name="«0»A long note", notes=LONG_NOTE)).id
    for n, value in enumerate(values[:12]):
        store.interactions.add(
            Interaction(date=TODAY - timedelta(days=n), contact_ids=[everything.id], notes=value)
        )
    for n, value in enumerate(values[:8]):
        done = n % 2 == 1
        store.plan.add(
            PlanItem(
                week_start=WEEK,
                text=value,
                contact_id=everything.id if n == 0 else None,
                state=PlanState.DONE if done else PlanState.PLANNED,
                done_at=DEMO_NOW if done else None,
                felt=4 if done else None,
                reflection=values[-1 - n] if done else "",
            )
        )
    for n, value in enumerate(values[:6]):
        store.checkins.add(quick_checkin(value, DEMO_NOW - timedelta(days=n, hours=1)))
    for value in values[:12]:
        store.support.add(SupportEntry(name=value, reach=values[-1], note=values[2]))
    store.settings.change(welcome_seen=True)
    return ids


# Box drawing and block elements: the edges of panes, dialogs and scroll bars.
BORDERS = "".join(chr(c) for c in range(0x2500, 0x25A0)) + "|"


@dataclass
class Seen:
    full: set[str] = field(default_factory=set)  # tags shown whole somewhere
    cut: set[str] = field(default_factory=set)  # tags shown cut at a box edge
    screens: list[str] = field(default_factory=list)


def check_screen(app: Any, step: str, pieces: dict[str, str], seen: Seen) -> list[str]:
    """The per-screen checks; returns the chrome (section bar and footer) to compare."""
    lines = screen_lines(app)
    strips = app.screen._compositor.render_strips()
    for number, line in enumerate(lines):
        for char in line:
            bad = char in BIDI_CONTROLS or unicodedata.category(char) in ("Cc", "Cs")
            assert not bad, f"{step}: {char!r} reached the terminal on line {number}: {line!r}"
    for strip in strips:
        for segment in strip:
            style = segment.style
            if style is None:
                continue
            assert "example.com" not in (style.link or ""), f"{step}: a link was made"
            meta = str(style.meta) if style._meta else ""
            assert "pwned" not in meta and "app.quit" not in meta, f"{step}: an action: {meta}"
    for line in lines:
        start = 0
        while (at := line.find("«", start)) != -1:
            end = line.find("»", at)
            start = at + 1
            if end == -1:
                continue
            tag = line[at : end + 1]
            if tag not in pieces:
                continue
            expected = " ".join(pieces[tag].split())
            rest = " ".join(line[at:].split())
            common = 0
            for a, b in zip(rest, expected, strict=False):
                if a != b:
                    break
                common += 1
            if common == len(expected):
                seen.full.add(tag)
                continue
            after = rest[common:].lstrip()
            if after == "" or after[0] in BORDERS or after[0] == "…":
                seen.cut.add(tag)  # cut at the edge of its box, or wrapped
                continue
            if common > len(tag) and expected[common - 1] == " ":
                seen.cut.add(tag)  # the first words only (Home says first names)
                continue
            raise AssertionError(
                f"{step}: {pieces[tag]!r} is shown as {line[at:].rstrip()!r}: not verbatim"
            )
    seen.screens.append(step)
    return [lines[1], lines[-1]]


async def run_sweep(
    app: Any, ids: dict[str, str], pieces: dict[str, str], seen: Seen
) -> dict[str, list[str]]:
    pilot_steps: dict[str, list[str]] = {}

    async def at(step: str) -> None:
        # A state, not a time: the screen drawn with its footer, and the same on two
        # frames in a row (on a loaded machine one pause can catch a half-drawn frame).
        await app.workers.wait_for_complete()
        previous: list[str] | None = None
        for _ in range(500):
            await pilot.pause()
            lines = screen_lines(app)
            if lines[-1].strip() and lines == previous:
                break
            previous = lines
        assert app.is_running, f"{step}: the app stopped"
        pilot_steps[step] = check_screen(app, step, pieces, seen)

    async with app.run_test(size=(130, 50)) as pilot:
        await at("Home")
        await pilot.press("4")
        await at("People")
        await pilot.press("slash", *"«1")
        await at("People, filtered")
        await pilot.press("escape")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        table.focus()
        table.move_cursor(row=table.get_row_index(ids["everything"]))
        await pilot.press("enter")
        await at("Contact page")
        await pilot.press("e")
        await at("Edit person")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("l")
        await at("Log interaction")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("d")
        await at("Delete question")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=table.get_row_index(ids["long"]))
        await pilot.press("enter")
        await at("Contact page (10,000-character note)")
        assert "A long note. A long note." in "".join(screen_lines(app))
        await pilot.press("escape")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=table.get_row_index(ids["first"]))
        await pilot.press("enter")
        await at("Contact page (a hostile name)")
        await pilot.press("x")  # archive: a notification with the name
        await at("Archived notification")
        said = " ".join(m for m, _ in notes_said(app))
        assert pieces["«1»"] in said, said  # the name, verbatim, in the notification
        await pilot.press("x")
        await pilot.press("escape", "3", "w")
        await at("Strategies: this week's plan")
        await pilot.press("2")
        await at("Check-in history")
        await pilot.press("enter")
        await at("Check-in result")
        await pilot.press("escape", "exclamation_mark")
        await at("Support list")
        await pilot.press("escape", "5")
        await at("Insights")
        await pilot.press("question_mark")
        await at("Help")
        await pilot.press("escape", "1")
        await at("Home again")
    return pilot_steps


async def test_sweep_every_screen_with_hostile_text(tmp_path: Path, clock: FixedClock) -> None:
    from kith.app.app import KithApp

    chosen, from_corpus = sweep_pieces()
    pieces = tagged(chosen)
    harmless = {tag: f"{tag}plain words" for tag in pieces}
    chrome: dict[str, dict[str, list[str]]] = {}
    seen = Seen()
    for name, content in (("harmless", harmless), ("hostile", pieces)):
        store = Store.open(tmp_path / name, clock=clock)
        try:
            ids = build_store(store, content)
            app = KithApp(store, clock=clock, show_welcome=False, cursor_blink=False)
            chrome[name] = await run_sweep(app, ids, content, seen if name == "hostile" else Seen())
        finally:
            store.close()
    for step, lines in chrome["hostile"].items():
        assert lines == chrome["harmless"][step], f"{step}: the section bar or footer changed"
    never = sorted(set(pieces) - seen.full - seen.cut, key=lambda t: int(t[1:-1]))
    print(
        f"\nhostile strings, sweep: {len(pieces)} strings ({from_corpus} from the corpus, "
        f"{len(pieces) - from_corpus} drawn by Hypothesis) on {len(seen.screens)} screens: "
        f"{len(seen.full)} shown whole somewhere, {len(seen.cut - seen.full)} only cut at a "
        f"box edge; not on screen at this size: {[pieces[t][:20] for t in never]}"
    )
    assert len(seen.screens) >= 15
    assert len(seen.full) >= len(pieces) * 0.8


# -- 4. the command line -----------------------------------------------------------------
def test_the_command_line_refuses_undecodable_and_control_text(tmp_path: Path) -> None:
    """Bytes that are not UTF-8 in an argument become lone surrogates in Python; they
    and escape sequences are refused in one line, and nothing is stored."""
    import os
    import subprocess
    import sys

    folder = tmp_path / "kith"
    with Store.open(folder) as store:
        store.contacts.add(Contact(name="Ana"))
    before = (folder / "kith.json").read_bytes()
    root = Path(__file__).resolve().parents[2]
    for note in (b"caf\xe9", b"\x1b]0;pwned\x07", b"\xe2\x80\xae evil"):
        result = subprocess.run(
            [
                os.fsencode(sys.executable),
                b"-m",
                b"kith.app.main",
                b"--data-dir",
                os.fsencode(folder),
                b"log",
                b"Ana",
                b"--note",
                note,
            ],
            capture_output=True,
            cwd=root,
            timeout=60,
        )
        err = result.stderr.decode(errors="replace")
        assert result.returncode == 1, err
        assert err.startswith("kith: ") and err.count("\n") == 1 and "Traceback" not in err
        assert (folder / "kith.json").read_bytes() == before
    hostile = "[b]Sam[/b] \u202e"
    result = subprocess.run(
        [sys.executable, "-m", "kith.app.main", "--data-dir", str(folder), "log", hostile, "--new"],
        capture_output=True,
        text=True,
        cwd=root,
        timeout=60,
    )
    assert result.returncode == 1 and "control character" in result.stderr, result.stderr
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kith.app.main",
            "--data-dir",
            str(folder),
            "log",
            "[b]Sam[/b]",
            "--new",
        ],
        capture_output=True,
        text=True,
        cwd=root,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "[b]Sam[/b]" in result.stdout  # printed as typed, no markup
    with Store.open(folder, readonly=True) as store:
        assert "[b]Sam[/b]" in {c.name for c in store.contacts.list()}
