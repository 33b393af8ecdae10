"""The cache of checked routines: a hit gives the routine the file holds, without checking it again;
anything else (other bytes, other code, a damaged or unwritable cache) checks the file as usual."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CONTENT, ROOT

from backtimer.core import loader, model
from backtimer.core.content import ContentErrors
from backtimer.core.loader import load_routine
from backtimer.settings import routine_cache
from backtimer.settings.routine_cache import cache_dir, entry_key, load

SHIPPED = CONTENT / "borden-back.yaml"
TONE = (ROOT / "sounds" / "go.wav").read_bytes()


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Each test with a cache folder of its own, and with a fresh look at the checking code."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("BACKTIMER_CACHE_DIR", str(folder))
    routine_cache._rules_fingerprint.cache_clear()
    yield folder / "routines"
    routine_cache._rules_fingerprint.cache_clear()


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files checked by the loader (not served from the cache), in order."""
    seen: list[str] = []
    real = loader.check_routine_text

    def counted(text: str, name: str = "<routine>", base: Path | None = None) -> loader.Checked:
        seen.append(name)
        return real(text, name, base)

    monkeypatch.setattr(loader, "check_routine_text", counted)
    return seen


def entries() -> list[Path]:
    return sorted(cache_dir().glob("*.json"))


def copy_of(path: Path, to: Path) -> Path:
    to.write_bytes(path.read_bytes())
    return to


def test_a_routine_read_before_comes_from_the_cache(tmp_path: Path, checks: list[str]) -> None:
    path = copy_of(SHIPPED, tmp_path / "mine.yaml")
    first = load(path)
    assert checks == [str(path)] and len(entries()) == 1
    again = load(path)
    assert checks == [str(path)], "the second load checked the file again"
    assert again == first == load_routine(path)


def test_a_hit_gives_the_logs_hash_of_the_routine_without_working_it_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = copy_of(SHIPPED, tmp_path / "mine.yaml")
    without_cache = model.content_hash(load_routine(path))
    load(path)  # the miss: checked, hashed, filed

    def unwanted(routine: model.Routine) -> str:
        raise AssertionError("the routine's JSON was worked out again")

    monkeypatch.setattr(model, "content_json", unwanted)
    assert model.content_hash(load(path)) == without_cache


def test_the_same_bytes_anywhere_are_one_entry(tmp_path: Path, checks: list[str]) -> None:
    load(copy_of(SHIPPED, tmp_path / "a.yaml"))
    load(copy_of(SHIPPED, tmp_path / "b.yaml"))
    assert len(checks) == 1 and len(entries()) == 1


def test_a_changed_file_is_checked_again_and_never_served_stale(
    tmp_path: Path, checks: list[str]
) -> None:
    path = copy_of(SHIPPED, tmp_path / "mine.yaml")
    assert load(path).rounds == 3
    path.write_text(path.read_text(encoding="utf-8").replace("rounds: 3", "rounds: 2"))
    assert load(path).rounds == 2
    assert len(checks) == 2 and len(entries()) == 2


def test_one_byte_changed_in_a_cue_is_a_miss(tmp_path: Path, checks: list[str]) -> None:
    path = copy_of(SHIPPED, tmp_path / "mine.yaml")
    cue = load(path).exercises[0].cues[0]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(cue, cue[:-1] + "!"), encoding="utf-8")
    assert load(path).exercises[0].cues[0] == cue[:-1] + "!"
    assert len(checks) == 2


def test_a_broken_file_is_reported_every_time_and_never_cached(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("title: Bad\nexercises: []\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(ContentErrors) as caught:
            load(path)
        assert [e.line for e in caught.value.errors] == [2]
    assert entries() == []


def test_another_version_or_other_checking_code_is_a_miss(
    tmp_path: Path, checks: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = copy_of(SHIPPED, tmp_path / "mine.yaml")
    raw = path.read_bytes()
    load(path)
    key = entry_key(raw)
    monkeypatch.setattr(routine_cache, "__version__", "99.0")
    routine_cache._rules_fingerprint.cache_clear()
    assert entry_key(raw) != key
    load(path)
    assert len(checks) == 2
    # The text of the modules that check a routine is part of the key too.
    monkeypatch.setattr(routine_cache, "_RULES", (*routine_cache._RULES, "core/plan.py"))
    routine_cache._rules_fingerprint.cache_clear()
    assert entry_key(raw) not in (key, None)


def test_unreadable_checking_code_means_no_cache(
    tmp_path: Path, checks: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(routine_cache, "_RULES", ("core/no-such-module.py",))
    path = copy_of(SHIPPED, tmp_path / "mine.yaml")
    want = load_routine(path)
    checks.clear()
    assert entry_key(path.read_bytes()) is None
    assert load(path) == load(path) == want
    assert len(checks) == 2 and entries() == []


@pytest.mark.parametrize(
    "damage",
    [
        "empty",
        "garbage",
        "cut short",
        "body changed",
        "another key",
        "not a routine",
        "no content hash",
        "a content hash not one",
        "a folder",
    ],
)
def test_a_damaged_entry_is_a_miss_and_is_replaced(
    tmp_path: Path, checks: list[str], damage: str
) -> None:
    path = copy_of(SHIPPED, tmp_path / "mine.yaml")
    want = load(path)
    [entry] = entries()
    data = entry.read_bytes()
    head, _, body = data.partition(b"\n")
    magic, form, key, _sum = head.split(b" ")

    def signed(new_body: bytes, named: bytes = key) -> bytes:
        checksum = routine_cache.hashlib.sha256(new_body).hexdigest().encode()
        return b" ".join((magic, form, named, checksum)) + b"\n" + new_body

    if damage == "empty":
        entry.write_bytes(b"")
    elif damage == "garbage":
        entry.write_bytes(b"\x00\xff not an entry \n\n")
    elif damage == "cut short":
        entry.write_bytes(data[: len(data) // 2])
    elif damage == "body changed":
        entry.write_bytes(data.replace(b'"rounds":3', b'"rounds":4'))
    elif damage == "another key":
        entry.write_bytes(signed(body, b"0" * 64))
    elif damage == "not a routine":
        entry.write_bytes(signed(json.dumps({"routine": {"title": "x"}, "sounds": {}}).encode()))
    elif damage in ("no content hash", "a content hash not one"):
        values = json.loads(body)
        if damage == "no content hash":
            del values["content_hash"]
        else:
            values["content_hash"] = "not-a-hash\n"
        entry.write_bytes(signed(json.dumps(values).encode()))
    elif damage == "a folder":
        entry.unlink()
        entry.mkdir()
    assert load(path) == want
    assert len(checks) == 2, "a damaged entry was trusted"
    if damage != "a folder":
        assert entry.read_bytes() == data, "the entry was not written again"


def test_a_cache_folder_that_cannot_be_made_costs_only_the_check(
    tmp_path: Path, checks: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("BACKTIMER_CACHE_DIR", str(blocker / "cache"))
    path = copy_of(SHIPPED, tmp_path / "mine.yaml")
    want = load_routine(path)
    checks.clear()
    assert load(path) == load(path) == want
    assert len(checks) == 2


def test_a_read_only_cache_folder_costs_only_the_check(
    tmp_path: Path, checks: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    # Root may write anywhere, so the refusal is the file system's answer, given directly.
    monkeypatch.setattr("backtimer.settings.atomic.write_bytes", refuse)
    path = copy_of(SHIPPED, tmp_path / "mine.yaml")
    want = load_routine(path)
    checks.clear()
    assert load(path) == load(path) == want
    assert len(checks) == 2 and not cache_dir().exists()


def sounded(folder: Path) -> Path:
    path = folder / "sounded.yaml"
    text = SHIPPED.read_text(encoding="utf-8")
    path.write_text(text.replace("rounds: 3", "rounds: 3\nsounds: {go: go.wav}"), encoding="utf-8")
    (folder / "go.wav").write_bytes(TONE)
    return path


def test_sound_files_are_looked_at_on_every_load(tmp_path: Path, checks: list[str]) -> None:
    path = sounded(tmp_path)
    assert load(path).sounds
    (tmp_path / "go.wav").unlink()
    with pytest.raises(ContentErrors) as from_cache:
        load(path)
    assert len(checks) == 1, "the routine itself was checked again"
    with pytest.raises(ContentErrors) as checked:
        load_routine(path)
    assert [str(e) for e in from_cache.value.errors] == [str(e) for e in checked.value.errors]
    assert "go.wav" in str(from_cache.value.errors[0])


def test_sound_files_are_found_beside_the_file_being_loaded(
    tmp_path: Path, checks: list[str]
) -> None:
    path = sounded(tmp_path)
    load(path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    moved = copy_of(path, elsewhere / "sounded.yaml")
    with pytest.raises(ContentErrors, match=r"go\.wav"):
        load(moved)  # the same bytes, but no go.wav beside this copy
    (elsewhere / "go.wav").write_bytes(TONE)
    assert load(moved).sounds
    assert len(checks) == 1


def test_the_folder_keeps_a_bounded_number_of_entries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(routine_cache, "MAX_ENTRIES", 3)
    text = SHIPPED.read_text(encoding="utf-8")
    path = tmp_path / "mine.yaml"
    for rounds in range(1, 5):
        path.write_text(text.replace("rounds: 3", f"rounds: {rounds}"), encoding="utf-8")
        assert load(path).rounds == rounds
    assert len(entries()) == 3  # of the four written


_PROBE = """\
import json, sys
from pathlib import Path
from backtimer.settings import routine_cache
routine = routine_cache.load(Path(sys.argv[1]))
print(json.dumps([routine.title, sorted(m for m in ("pydantic", "yaml") if m in sys.modules)]))
"""


def probe(path: Path) -> tuple[str, list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    title, modules = json.loads(done.stdout)
    return title, modules


def test_a_hit_loads_neither_yaml_nor_pydantic(tmp_path: Path) -> None:
    path = copy_of(SHIPPED, tmp_path / "mine.yaml")
    cold = probe(path)
    assert cold == ("Back-sculpting routine", ["pydantic", "yaml"])  # the control: a check
    assert probe(path) == ("Back-sculpting routine", [])
