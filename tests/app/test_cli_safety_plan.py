"""``kith safety-plan``: the plan as plain text, read-only, with no Textual import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kith.app.main import main
from kith.data.clock import FixedClock
from kith.data.models import PlanStep, SafetyLine
from kith.data.store import STORE_FILE, Store
from tests.data.test_safety_plan import OLD_LIST, v2_file

ROOT = Path(__file__).resolve().parents[2]


def run(capsys: object, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()  # type: ignore[attr-defined]
    return code, captured.out, captured.err


def test_prints_the_plan_with_people_and_helplines(
    data_dir: Path, clock: FixedClock, capsys: object
) -> None:
    with Store.open(data_dir, clock=clock) as store:
        plan = store.safety_plan.get().with_lines(
            PlanStep.ASK_FOR_HELP,
            [SafetyLine(text="Ana Lopez", reach="0700 900 123", contact_id="x")],
        )
        store.safety_plan.save(plan.with_lines(PlanStep.REASONS, [SafetyLine(text="My niece")]))
        before = sorted((p.name, p.read_bytes()) for p in data_dir.iterdir() if p.is_file())
        # it only reads: it works while Kith holds the folder
        code, out, err = run(capsys, "safety-plan", "--data-dir", str(data_dir))
        after = sorted((p.name, p.read_bytes()) for p in data_dir.iterdir() if p.is_file())
    assert (code, err) == (0, "")
    assert out.startswith("My safety plan\n")
    assert "4. People I can ask for help\n   - Ana Lopez · 0700 900 123\n" in out
    assert "My reasons for living\n   - My niece\n" in out
    assert "Samaritans" in out and "Stanley" in out
    assert "Nothing is written" not in out
    assert after == before  # nothing written: the snapshot, the journal, the lock as they were


def test_an_empty_plan_says_how_to_start_and_still_lists_helplines(
    data_dir: Path, capsys: object
) -> None:
    code, out, err = run(capsys, "safety-plan", "--data-dir", str(data_dir))
    assert (code, err) == (0, "")
    assert out.startswith("Nothing is written in your safety plan yet.")
    assert "988" in out
    assert not data_dir.exists()  # nothing was created


def test_an_old_support_list_prints_as_steps_4_and_5(data_dir: Path, capsys: object) -> None:
    v2_file(data_dir, OLD_LIST)
    code, out, _ = run(capsys, "safety-plan", "--data-dir", str(data_dir))
    assert code == 0
    assert "   - Dr Lee · health centre" in out
    assert "   - My sister Ana · 0700 900 123 · any evening" in out


def test_a_damaged_file_is_one_line_on_stderr(data_dir: Path, capsys: object) -> None:
    data_dir.mkdir()
    (data_dir / STORE_FILE).write_text("{not json")
    code, out, err = run(capsys, "safety-plan", "--data-dir", str(data_dir))
    assert code == 1 and out == ""
    assert len(err.splitlines()) == 1 and err.startswith("kith: ")


def test_does_not_import_textual(data_dir: Path, clock: FixedClock) -> None:
    with Store.open(data_dir, clock=clock) as store:
        store.safety_plan.save(
            store.safety_plan.get().with_lines(PlanStep.REASONS, [SafetyLine(text="Spring")])
        )
    code = (
        "import sys\n"
        "from kith.app.main import main\n"
        f"code = main(['safety-plan', '--data-dir', {str(data_dir)!r}])\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'rich'}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert "Spring" in result.stdout
    assert result.stdout.splitlines()[-1] == "[]"
