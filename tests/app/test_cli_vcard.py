"""``kith export --format vcard`` (one file, a vdir, 3.0) and ``kith import DIR/``."""

from __future__ import annotations

import shutil
import stat
import subprocess
from collections.abc import Callable
from datetime import UTC
from pathlib import Path

import pytest

import kith.app.cli
from kith.app.main import main
from kith.data.clock import FixedClock
from kith.data.models import Address, Birthday, Contact, DetailLabel, Email, Phone
from kith.data.store import Store
from tests.conftest import FIXED_NOW

VCF = Path(__file__).parent.parent / "fixtures" / "vcf"
Run = Callable[..., tuple[int, str, str]]


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> FixedClock:
    clock = FixedClock(FIXED_NOW, tz=UTC)
    monkeypatch.setattr(kith.app.cli, "make_clock", lambda: clock)
    return clock


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], data_dir: Path) -> Run:
    def invoke(*argv: str) -> tuple[int, str, str]:
        code = main([*argv, "--data-dir", str(data_dir)])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return invoke


@pytest.fixture
def people(data_dir: Path, fixed_clock: FixedClock) -> list[Contact]:
    with Store.open(data_dir, clock=fixed_clock) as store:
        return [
            store.contacts.add(
                Contact(
                    name="Ana Lopez",
                    birthday=Birthday(month=3, day=14, year=1990),
                    phones=[
                        Phone(number="+34 600 000 001"),
                        Phone(number="555 0100", label=DetailLabel.WORK),
                    ],
                    emails=[Email(address="ana@example.org", label=DetailLabel.HOME)],
                    addresses=[Address(street="Calle Mayor 1", city="Madrid", country="Spain")],
                    tags=["climbing"],
                    notes="Tea, not coffee; ask about Madrid.",
                )
            ),
            store.contacts.add(Contact(name="Sam Rivera", archived=True)),
        ]


def count(data_dir: Path) -> int:
    with Store.open(data_dir, readonly=True) as store:
        return len(store.contacts)


def test_export_one_file_read_by_vobject(run: Run, tmp_path: Path, people: list[Contact]) -> None:
    import vobject

    target = tmp_path / "contacts.vcf"
    code, out, err = run("export", "--format", "vcard", "--output", str(target))
    assert (code, err) == (0, "")
    assert out == f"Exported 2 people to {target} (vCard 4.0).\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    cards = list(vobject.readComponents(target.read_text(encoding="utf-8")))
    assert [card.fn.value for card in cards] == ["Ana Lopez", "Sam Rivera"]
    ana = cards[0]
    assert ana.version.value == "4.0"
    assert ana.uid.value == f"urn:uuid:{people[0].id}"
    assert [(t.value, t.params["TYPE"]) for t in ana.contents["tel"]] == [
        ("+34 600 000 001", ["cell"]),
        ("555 0100", ["work"]),
    ]
    assert ana.email.value == "ana@example.org"
    assert ana.adr.value.city == "Madrid"
    assert ana.bday.value == "19900314"
    assert ana.categories.value == ["climbing"]
    assert ana.note.value == "Tea, not coffee; ask about Madrid."

    code, _, err = run("export", "--format", "vcard", "--output", str(target))
    assert code == 1 and "already exists" in err


def test_export_version_3_to_standard_output(run: Run, people: list[Contact]) -> None:
    code, out, _ = run("export", "--format", "vcard", "--vcard-version", "3", "--output", "-")
    assert code == 0
    assert out.count("BEGIN:VCARD") == 2
    assert "VERSION:3.0" in out and "BDAY:1990-03-14" in out
    assert "TEL;TYPE=CELL,VOICE:+34 600 000 001" in out


def test_vdir_export_is_stable_and_importing_it_back_changes_nothing(
    run: Run, tmp_path: Path, data_dir: Path, people: list[Contact]
) -> None:
    folder = tmp_path / "contacts" / "kith"
    code, out, err = run("export", "--format", "vcard", "--output", f"{folder}/")
    assert (code, err) == (0, "")
    assert out == f"Exported 2 people to {folder}/ (vCard 4.0, one file per person: 2 files).\n"
    names = sorted(path.name for path in folder.iterdir())
    assert names == sorted(f"{person.id}.vcf" for person in people)
    first = {path.name: path.read_bytes() for path in folder.iterdir()}

    code, _, err = run("export", "--format", "vcard", "--output", f"{folder}/")
    assert code == 1 and "--force" in err
    code, out, _ = run("export", "--format", "vcard", "--output", str(folder), "--force")
    assert code == 0 and "0 written, 2 unchanged" in out
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == first

    code, out, err = run("import", f"{folder}/")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Already in Kith by their card's UID, unchanged: 2 people.",
        "Added 0 people.",
    ]
    assert count(data_dir) == 2


def test_import_a_vdir_of_phone_cards(run: Run, tmp_path: Path, data_dir: Path) -> None:
    folder = tmp_path / "vdir"
    folder.mkdir()
    shutil.copy(VCF / "iphone_v30.vcf", folder / "a.vcf")
    shutil.copy(VCF / "google_no_birthdays_v30.vcf", folder / "b.vcf")
    (folder / "notes.txt").write_text("not a card")
    (folder / "link.vcf").symlink_to(VCF / "android_v21.vcf")  # links are passed over
    code, out, err = run("import", str(folder))
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "Added 6 people:"
    assert "  Alex Kim (1 phone, 1 email)" in out
    with Store.open(data_dir, readonly=True) as store:
        by_name = {contact.name: contact for contact in store.contacts.list()}
    assert by_name["Alex Kim"].emails == [Email(address="alex.kim@example.com")]
    assert "Jürgen Müller" not in by_name


def test_import_a_folder_without_cards_says_so(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    code, out, err = run("import", str(folder))
    assert (code, out) == (1, "")
    assert err == f"kith: There are no .vcf files in {folder}.\n"


@pytest.mark.skipif(shutil.which("khard") is None, reason="khard is not installed here")
def test_khard_reads_the_vdir(run: Run, tmp_path: Path, people: list[Contact]) -> None:
    folder = tmp_path / "vdir"
    assert run("export", "--format", "vcard", "--output", f"{folder}/")[0] == 0
    config = tmp_path / "khard.conf"
    config.write_text(f"[addressbooks]\n[[kith]]\npath = {folder}/\n")
    shown = subprocess.run(
        ["khard", "-c", str(config), "show", "--format", "yaml", "Ana"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    assert "+34 600 000 001" in shown and "ana@example.org" in shown
