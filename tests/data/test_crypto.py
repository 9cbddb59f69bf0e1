"""Encryption at rest (issue 16): the sealed format, the key, the encrypted store."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kith.data import crypto
from kith.data.clock import FixedClock
from kith.data.encryption import decrypt_store, encrypt_store, rewrap_store
from kith.data.errors import PassphraseNeeded, StoreCorrupt, StoreTooNew, WrongPassphrase
from kith.data.journal import decode_line, encode_line
from kith.data.models import Contact
from kith.data.store import Store

NAME = "Zebulon Quark"


@pytest.fixture(autouse=True)
def _weak_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(crypto.TEST_KNOB, "1")  # tests only: the default is never weakened


@pytest.fixture(scope="module")
def key() -> crypto.StoreKey:
    import os

    os.environ[crypto.TEST_KNOB] = "1"
    try:
        made, _ = crypto.new_key("a passphrase")
    finally:
        del os.environ[crypto.TEST_KNOB]
    return made


def _filled(data_dir: Path, clock: FixedClock) -> None:
    with Store.open(data_dir, clock=clock) as store:
        store.contacts.add(Contact(name=NAME, notes="private words"))


def _next_day(clock: FixedClock) -> FixedClock:
    from datetime import timedelta

    return FixedClock(clock.now() + timedelta(days=1), tz=clock.tz)


def _all_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


def test_the_default_parameters_are_at_least_owasp(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(crypto.TEST_KNOB)
    params = crypto.kdf_params()
    assert params["m"] >= 19 * 1024 and params["t"] >= 2
    assert params == {"m": 128 * 1024, "t": 3, "p": 1}


@settings(max_examples=50, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=2000))
def test_a_sealed_file_round_trips(key: crypto.StoreKey, plain: bytes) -> None:
    sealed = key.seal_file(plain)
    assert key.open_file(sealed, Path("f")) == plain
    body = sealed[sealed.index(b"\n", len(crypto.MAGIC)) + 1 :]
    assert len(body) == len(plain) + 16  # the GCM tag
    assert len(plain) < 8 or plain not in body


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_any_flipped_byte_is_refused(key: crypto.StoreKey, data: st.DataObject) -> None:
    sealed = key.seal_file(b'{"contacts": {"1": {"name": "Ann"}}}')
    index = data.draw(st.integers(0, len(sealed) - 1))
    bit = data.draw(st.integers(0, 7))
    broken = bytearray(sealed)
    broken[index] ^= 1 << bit
    # Refused either way (a bit of the version number flipped reads as a newer format).
    with pytest.raises((StoreCorrupt, WrongPassphrase, StoreTooNew)):
        key.open_file(bytes(broken), Path("f"))


@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_any_truncation_is_refused_as_truncated(key: crypto.StoreKey, data: st.DataObject) -> None:
    sealed = key.seal_file(b'{"contacts": {}}' * 20)
    cut = data.draw(st.integers(1, len(sealed) - 1))
    with pytest.raises(StoreCorrupt) as caught:
        key.open_file(sealed[:cut], Path("f"))
    assert "truncated" in str(caught.value) or "changed or damaged" in str(caught.value)
    if cut > sealed.index(b"\n", len(crypto.MAGIC)) + 1:
        assert "truncated" in str(caught.value)


def test_nonces_never_repeat(key: crypto.StoreKey) -> None:
    files = {key.seal_file(b"same")[-20:] for _ in range(300)}
    lines = {key.sealer().seal(b"same") for _ in range(300)}
    assert len(files) == 300 and len(lines) == 300


@given(st.dictionaries(st.text(max_size=5), st.integers(-(2**62), 2**62), max_size=5))
def test_a_sealed_journal_line_round_trips(payload: dict[str, int]) -> None:
    sealer = crypto.KeySealer(b"k" * 32)
    full = {"seq": 1, "ops": [], **{f"x{k}": v for k, v in payload.items()}}
    line = encode_line(full, sealer)
    assert line.startswith(b"E1 ") and line.count(b"\n") == 1
    assert decode_line(line[:-1], sealer) == full
    assert decode_line(line[:-1]) is None  # not a plain line
    assert decode_line(line[:-1], crypto.KeySealer(b"j" * 32)) is None  # another key


def test_repr_never_shows_the_key(key: crypto.StoreKey) -> None:
    assert "hidden" in repr(key) and "hidden" in str(key) and "hidden" in repr(key.sealer())
    with pytest.raises(TypeError):
        import pickle

        pickle.dumps(key)


def test_encrypt_leaves_nothing_plain_and_the_store_works(
    data_dir: Path, clock: FixedClock
) -> None:
    _filled(data_dir, clock)
    with Store.open(data_dir, clock=_next_day(clock)):  # a daily backup, plain
        pass
    assert NAME.encode() in _all_bytes(data_dir)
    key, words = crypto.new_key("correct horse", recovery=True)
    done = encrypt_store(data_dir, key)
    assert done.files >= 2 and not done.moved_aside
    assert crypto.is_encrypted(data_dir)
    assert NAME.encode() not in _all_bytes(data_dir)
    with pytest.raises(PassphraseNeeded):
        Store.open(data_dir, clock=clock)
    with pytest.raises(WrongPassphrase):
        crypto.unlock(data_dir, "wrong horse")
    unlocked = crypto.unlock(data_dir, "correct horse")
    with Store.open(data_dir, clock=clock, key=unlocked) as store:
        assert [c.name for c in store.contacts.list()] == [NAME]
        store.contacts.add(Contact(name="Second Person"))
        assert (data_dir / "kith.journal").read_bytes().startswith(b"E1 ")
        assert b"Second" not in _all_bytes(data_dir)
    assert b"Second" not in _all_bytes(data_dir)
    assert words is not None
    with Store.open(data_dir, clock=clock, key=crypto.unlock(data_dir, words)) as store:
        assert len(store.contacts) == 2


def test_wrong_truncated_and_tampered_each_have_their_words_and_change_nothing(
    data_dir: Path, clock: FixedClock
) -> None:
    _filled(data_dir, clock)
    encrypt_store(data_dir, crypto.new_key("pass phrase")[0])
    path = data_dir / "kith.json"
    good = path.read_bytes()
    with pytest.raises(WrongPassphrase) as wrong:
        crypto.unlock(data_dir, "not it")
    assert path.read_bytes() == good
    path.write_bytes(good[:-10])
    with pytest.raises(StoreCorrupt) as cut:
        crypto.unlock(data_dir, "pass phrase")
    assert path.read_bytes() == good[:-10]
    flipped = bytearray(good)
    flipped[-3] ^= 0x40
    path.write_bytes(bytes(flipped))
    with pytest.raises(StoreCorrupt) as tampered:
        crypto.unlock(data_dir, "pass phrase")
    assert path.read_bytes() == bytes(flipped)
    messages = {str(wrong.value), str(cut.value), str(tampered.value)}
    assert len(messages) == 3
    assert "truncated" in str(cut.value) and "changed or damaged" in str(tampered.value)


def test_a_new_passphrase_and_decrypt(data_dir: Path, clock: FixedClock) -> None:
    _filled(data_dir, clock)
    key, _ = crypto.new_key("first one")
    encrypt_store(data_dir, key)
    new, _ = key.rewrapped("second one")
    rewrap_store(data_dir, new)
    with pytest.raises(WrongPassphrase):
        crypto.unlock(data_dir, "first one")
    again = crypto.unlock(data_dir, "second one")
    decrypt_store(data_dir, again)
    assert not crypto.is_encrypted(data_dir)
    with Store.open(data_dir, clock=clock) as store:
        assert [c.name for c in store.contacts.list()] == [NAME]


def test_encrypt_run_again_finishes_what_a_kill_left_plain(
    data_dir: Path, clock: FixedClock
) -> None:
    _filled(data_dir, clock)
    with Store.open(data_dir, clock=_next_day(clock)):
        pass
    backup = next((data_dir / "backups").glob("*.json"))
    plain_backup = backup.read_bytes()
    key, _ = crypto.new_key("pass phrase")
    encrypt_store(data_dir, key)
    backup.write_bytes(plain_backup)  # as if killed after the data file was sealed
    encrypt_store(data_dir, crypto.unlock(data_dir, "pass phrase"))
    assert NAME.encode() not in _all_bytes(data_dir)


def test_a_corrupt_plain_file_is_never_encrypted_over(data_dir: Path, clock: FixedClock) -> None:
    _filled(data_dir, clock)
    path = data_dir / "kith.json"
    path.write_bytes(b'{"contacts": {"1": ')
    with pytest.raises(StoreCorrupt):
        encrypt_store(data_dir, crypto.new_key("pass phrase")[0])
    assert path.read_bytes() == b'{"contacts": {"1": '


def test_a_plain_store_opened_with_a_key_is_refused_and_unchanged(
    data_dir: Path, clock: FixedClock, key: crypto.StoreKey
) -> None:
    from kith.data.errors import StoreUnsafe

    _filled(data_dir, clock)
    before = (data_dir / "kith.json").read_bytes()
    with pytest.raises(StoreUnsafe, match="not encrypted"):
        Store.open(data_dir, clock=clock, key=key)
    assert (data_dir / "kith.json").read_bytes() == before


def test_a_new_store_opened_with_a_key_is_encrypted_from_the_start(
    data_dir: Path, clock: FixedClock, key: crypto.StoreKey
) -> None:
    with Store.open(data_dir, clock=clock, key=key) as store:
        store.contacts.add(Contact(name=NAME))
    assert crypto.is_encrypted(data_dir)
    assert NAME.encode() not in _all_bytes(data_dir)
    with Store.open(data_dir, clock=clock, key=key) as store:
        assert [c.name for c in store.contacts.list()] == [NAME]


def test_an_encrypted_older_file_is_migrated_with_a_sealed_backup(
    data_dir: Path, clock: FixedClock, key: crypto.StoreKey
) -> None:
    fixture = Path(__file__).parent.parent / "fixtures" / "store_v1.json"
    data_dir.mkdir(mode=0o700)
    (data_dir / "kith.json").write_bytes(key.seal_file(fixture.read_bytes()))
    with Store.open(data_dir, clock=clock, key=key) as store:
        assert store.migrated_from == 1
        assert "Sam Draft" in {c.name for c in store.contacts.list()}
    old = list((data_dir / "backups").glob("kith-v1-*.json"))
    assert len(old) == 1 and old[0].read_bytes().startswith(crypto.MAGIC)
    assert b"Sam Draft" not in _all_bytes(data_dir)
