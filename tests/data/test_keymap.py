"""keys.toml: what is read, what is left out, and that nothing in it can stop Kith."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from kith.data.keymap import (
    KEYS_FILE,
    MAX_KEYS_BYTES,
    parse_keys,
    read_keys_file,
    unknown_ids,
    unknown_ids_problem,
)


def test_no_file_changes_nothing_and_says_nothing(tmp_path: Path) -> None:
    found = read_keys_file(tmp_path)
    assert found.keys == {}
    assert found.problems == ()


def test_reads_strings_and_lists(tmp_path: Path) -> None:
    (tmp_path / KEYS_FILE).write_text(
        '[keys]\n"people.new" = "a"\n"app.support" = ["f2", "s"]\n"app.help" = "f1, ?"\n'
    )
    found = read_keys_file(tmp_path)
    assert found.keys == {"people.new": "a", "app.support": "f2,s", "app.help": "f1,?"}
    assert found.problems == ()


def test_bad_toml_is_one_calm_sentence_and_no_keys() -> None:
    found = parse_keys('[keys]\n"people.new" = \n')
    assert found.keys == {}
    assert len(found.problems) == 1
    assert "not valid TOML" in found.problems[0]
    assert "usual keys" in found.problems[0]


def test_a_bad_line_is_left_out_and_the_rest_kept() -> None:
    found = parse_keys('[keys]\n"people.new" = 3\n"people.edit" = "ctrl+e"\n"x.y" = "a b"\n')
    assert found.keys == {"people.edit": "ctrl+e"}
    assert len(found.problems) == 2
    assert '"people.new" was left out' in found.problems[0]
    assert '"x.y" was left out' in found.problems[1]


def test_no_keys_table_says_so() -> None:
    assert "no [keys] table" in parse_keys('theme = "nord"\n').problems[0]
    assert "should be a table" in parse_keys('keys = "n"\n').problems[0]


def test_empty_key_is_refused() -> None:
    found = parse_keys('[keys]\n"people.new" = ""\n"people.edit" = []\n')
    assert found.keys == {}
    assert all("empty" in problem for problem in found.problems)


def test_not_utf8(tmp_path: Path) -> None:
    (tmp_path / KEYS_FILE).write_bytes(b"[keys]\n\xff\xfe = 1\n")
    assert "not UTF-8" in read_keys_file(tmp_path).problems[0]


def test_too_large_is_not_read(tmp_path: Path) -> None:
    (tmp_path / KEYS_FILE).write_text("#" * (MAX_KEYS_BYTES + 1))
    found = read_keys_file(tmp_path)
    assert found.keys == {}
    assert "too large" in found.problems[0]


def test_a_folder_or_fifo_is_not_read(tmp_path: Path) -> None:
    (tmp_path / KEYS_FILE).mkdir()
    assert "not a plain file" in read_keys_file(tmp_path).problems[0]
    other = tmp_path / "other"
    other.mkdir()
    os.mkfifo(other / KEYS_FILE)  # opening a FIFO for reading must not block
    assert "not a plain file" in read_keys_file(other).problems[0]


def test_a_link_to_a_plain_file_is_read(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles.toml"
    real.write_text('[keys]\n"people.new" = "a"\n')
    (tmp_path / KEYS_FILE).symlink_to(real)
    assert read_keys_file(tmp_path).keys == {"people.new": "a"}


def test_unknown_ids_named_in_one_sentence() -> None:
    keys = {"people.new": "a", "people.nwe": "b", "zz": "c"}
    unknown = unknown_ids(keys, {"people.new"})
    assert unknown == ["people.nwe", "zz"]
    problem = unknown_ids_problem(unknown)
    assert problem is not None
    assert '"people.nwe", "zz"' in problem
    assert "kith keys" in problem
    assert unknown_ids_problem([]) is None


@given(st.text(max_size=300))
def test_any_text_gives_an_answer_never_an_exception(text: str) -> None:
    found = parse_keys(text)
    for problem in found.problems:
        assert all(char.isprintable() for char in problem)
    for keys in found.keys.values():
        assert keys and all(part for part in keys.split(","))


@given(st.dictionaries(st.text(min_size=1, max_size=20), st.text(max_size=10), max_size=5))
def test_messages_never_carry_control_characters(table: dict[str, str]) -> None:
    lines = "".join(f"{_toml_string(k)} = {_toml_string(v)}\n" for k, v in table.items())
    found = parse_keys("[keys]\n" + lines)
    for problem in found.problems:
        assert all(char.isprintable() for char in problem)
    assert set(found.keys) <= set(table)


def _toml_string(value: str) -> str:
    escaped = "".join(f"\\U{ord(c):08x}" if not c.isprintable() or c in '"\\' else c for c in value)
    return f'"{escaped}"'
