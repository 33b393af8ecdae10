"""The overrides file: its format, strict validation with positions, saving, and failed writes.

The process runs as root in CI containers, and root ignores ``chmod``: a read-only folder is
simulated with a config path whose parent is a regular file, and with mocked ``os`` calls that fail
with EACCES, EROFS and ENOSPC. A real chmod test runs too, but only when not root.
"""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import CONTENT

from backtimer.core.adjustments import (
    COUNT_SECONDS,
    REST_BETWEEN_EXERCISES,
    REST_BETWEEN_ROUNDS,
    ROUNDS,
    Key,
    Number,
    hold_key,
    hold_seconds_key,
    reps_key,
)
from backtimer.core.loader import ContentErrors, load_routine, load_routine_text
from backtimer.settings import atomic
from backtimer.settings.catalog import Entry
from backtimer.settings.overrides import (
    OverridesBroken,
    SaveError,
    entry_key,
    load_overrides,
    overrides_path,
    parse_values,
    read_values,
    remove_overrides,
    render,
    save_values,
)

BORDEN = load_routine(CONTENT / "borden-back.yaml")
LAT, ROW, HYPER = "lat-pull-down", "seated-row", "hyperextension"

# Phase names that need quoting in YAML, and two phases sharing a name.
ODD = load_routine_text(
    """
title: Odd names
exercises:
  - name: Odd
    reps: 5
    cues: [One.]
    rep:
      - {hold: "Hold: top", counts: 2}
      - {hold: "yes", counts: 2}
      - {hold: "#1", counts: 2}
      - {hold: Squeeze, counts: 1}
      - {move: squeeze, counts: 1}
""",
    "odd.yaml",
)


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("BACKTIMER_CONFIG_DIR", str(folder))
    return folder


def test_the_file_lives_in_the_overrides_folder(config: Path) -> None:
    assert overrides_path("borden-back") == config / "overrides" / "borden-back.yaml"


@pytest.mark.parametrize(
    "odd",
    [
        "",
        ".hidden",
        ".yaml",
        "../up",
        "a/b",
        "a\\b",
        "nul\x00",
        "esc\x1b[31m",
        "x" * 300,
        "Ünïcode",
    ],
)
def test_any_id_names_a_file_inside_the_folder(config: Path, odd: str) -> None:
    path = overrides_path(odd)
    assert path.parent == config / "overrides"
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*\.yaml", path.name), path.name
    assert len(path.name) < 80
    assert overrides_path(odd) == path  # the same id, the same file
    # Saving and removing work for it like for any routine.
    assert save_values(odd, BORDEN, {ROUNDS: 4}) == {ROUNDS: 4}
    assert read_values(path, BORDEN) == {ROUNDS: 4}
    assert remove_overrides(odd) == path and not path.exists()


def test_ids_that_differ_get_different_files(config: Path) -> None:
    ids = ["Legs Day", "legs day", "legs-day", "legs_day", "LEGS-DAY", ".legs-day"]
    assert len({overrides_path(i) for i in ids}) == len(ids)


def test_a_routine_given_by_path_has_its_own_key(tmp_path: Path, config: Path) -> None:
    shipped = Entry("borden-back", CONTENT / "borden-back.yaml", "shipped")
    mine = Entry("borden-back", config / "routines" / "borden-back.yaml", "yours")
    other = Entry("borden-back", tmp_path / "other" / "borden-back.yaml", "file")
    again = Entry("borden-back", tmp_path / "other" / ".." / "other" / "borden-back.yaml", "file")
    third = Entry("borden-back", tmp_path / "third" / "borden-back.yaml", "file")
    assert entry_key(shipped) == entry_key(mine) == "borden-back"  # settings saved before
    assert entry_key(other).startswith("borden-back-")
    assert entry_key(other) == entry_key(again)  # the same file however it is written
    assert len({entry_key(shipped), entry_key(other), entry_key(third)}) == 3
    hidden = Entry(".hidden", tmp_path / ".hidden.yaml", "file")
    assert re.fullmatch(r"hidden-[0-9a-f]{10}", entry_key(hidden))


def test_a_routine_given_by_path_does_not_see_the_shipped_ones_settings(
    tmp_path: Path, config: Path
) -> None:
    other_file = tmp_path / "other" / "borden-back.yaml"
    other_file.parent.mkdir()
    other_file.write_text(
        "title: Other\nexercises:\n  - {name: Squat, reps: 5, cues: [Down.], rep: [{move: Sit}]}\n"
    )
    other = load_routine(other_file)
    save_values("borden-back", BORDEN, {ROUNDS: 4, hold_key(LAT, 1): 3})
    key = entry_key(Entry("borden-back", other_file, "file"))
    loaded = load_overrides(key, other)
    # Not the real borden-back's settings, and nothing there to call broken.
    assert (loaded.exists, loaded.errors, loaded.values) == (False, (), {})
    save_values(key, other, {ROUNDS: 2})
    assert load_overrides("borden-back", BORDEN).values == {ROUNDS: 4, hold_key(LAT, 1): 3}
    assert load_overrides(key, other).values == {ROUNDS: 2}
    assert remove_overrides(key) == overrides_path(key)
    assert load_overrides("borden-back", BORDEN).exists


def test_a_file_saved_by_an_id_that_is_no_slug_is_still_used(config: Path) -> None:
    folder = config / "overrides"
    folder.mkdir(parents=True)
    old = folder / "Legs Day.yaml"
    old.write_text("rounds: 4\n")
    assert overrides_path("Legs Day") == old
    assert load_overrides("Legs Day", BORDEN).values == {ROUNDS: 4}
    save_values("Legs Day", BORDEN, {reps_key(ROW): 12})
    assert read_values(old, BORDEN) == {ROUNDS: 4, reps_key(ROW): 12}
    assert remove_overrides("Legs Day") == old
    # Once it is gone, the id's key names the file.
    assert overrides_path("Legs Day").name.startswith("legs-day-")


EVERYTHING: dict[Key, Number] = {
    ROUNDS: 4,
    COUNT_SECONDS: 1.5,
    REST_BETWEEN_EXERCISES: 45.0,
    REST_BETWEEN_ROUNDS: 90.0,
    reps_key(ROW): 12,
    hold_key(LAT, 1): 3,
    hold_key(ROW, 1): 2,
    hold_key(HYPER, 1): 5,
}


def test_render_reads_back_the_same_values() -> None:
    text = render("borden-back", BORDEN, EVERYTHING)
    assert parse_values(text, "x.yaml", BORDEN) == EVERYTHING


def test_render_is_readable_and_says_how_to_reset() -> None:
    text = render("borden-back", BORDEN, {hold_key(LAT, 1): 3, ROUNDS: 4, reps_key(ROW): 12})
    assert text.startswith('# backtimer: your settings for the routine "borden-back"')
    assert "# To go back to the routine's own values: backtimer reset borden-back" in text
    body = [line for line in text.splitlines() if not line.startswith("#")]
    assert body == [
        "rounds: 4                     # routine: 3",
        "exercises:",
        "  lat-pull-down:              # Lat pull down",
        "    holds:",
        "      2: 3                    # Pause; routine: 2 counts",
        "  seated-row:                 # Seated row",
        "    reps: 12                  # routine: 10",
    ]


def test_a_hold_in_seconds_is_written_in_seconds_and_replaces_counts(config: Path) -> None:
    values: dict[Key, Number] = {hold_seconds_key(ROW, 1): 2.5, hold_key(LAT, 1): 3}
    text = render("borden-back", BORDEN, values)
    assert "      2: {seconds: 2.5}       # Pause; routine: 1 s" in text.splitlines()
    assert parse_values(text, "x.yaml", BORDEN) == values
    # Counts saved before for the same hold give way to the seconds saved now, and back.
    save_values("borden-back", BORDEN, {hold_key(ROW, 1): 3})
    assert save_values("borden-back", BORDEN, {hold_seconds_key(ROW, 1): 2.0}) == {
        hold_seconds_key(ROW, 1): 2.0
    }
    assert save_values("borden-back", BORDEN, {hold_key(ROW, 1): 4}) == {hold_key(ROW, 1): 4}
    # The routine's own length, in its own unit, is no setting: the file goes.
    assert save_values("borden-back", BORDEN, {hold_seconds_key(ROW, 1): 1.0}) == {}
    assert not overrides_path("borden-back").exists()


def test_holds_are_saved_by_number_whatever_their_names() -> None:
    values: dict[Key, Number] = {hold_key("odd", i): 7 + i for i in range(4)}
    text = render("odd", ODD, values)
    body = [line.split("#")[0].strip() for line in text.splitlines() if line.startswith("   ")]
    assert body == ["holds:", "1: 7", "2: 8", "3: 9", "4: 10"]
    assert "# Hold: top; routine: 2 counts" in text
    assert parse_values(text, "odd.yaml", ODD) == values


def test_files_written_before_with_holds_by_name_are_read() -> None:
    # The earlier format: a hold by its name, or by its number as text when the name was shared.
    text = """
exercises:
  odd:
    holds:
      "Hold: top": 7
      "yes": 8
      "#1": 9
      "4": 10
"""
    assert parse_values(text, "odd.yaml", ODD) == {hold_key("odd", i): 7 + i for i in range(4)}


def test_ids_and_names_that_yaml_would_read_as_other_things_round_trip() -> None:
    routine = load_routine_text(
        """
title: Tricky
exercises:
  - {id: "no", name: "123", reps: 5, cues: [a], rep: [{hold: "2", counts: 2}, {hold: "1"}]}
  - {id: "123", name: "no", reps: 6, cues: [a], rep: [{move: x}, {hold: "\\uff11"}]}
  - {id: "null", name: "1_000", reps: 7, cues: [a], rep: [{hold: "\\e[1m"}]}
""",
        "tricky.yaml",
    )
    values: dict[Key, Number] = {
        reps_key("no"): 9,
        reps_key("123"): 10,
        reps_key("null"): 11,
        hold_key("no", 0): 3,
        hold_key("no", 1): 4,
        hold_key("123", 1): 5,
        hold_key("null", 0): 6,
    }
    text = render("tricky", routine, values)
    assert '  "no":' in text and '  "123":' in text and '  "null":' in text
    assert "\x1b" not in text  # a name's control character is shown escaped in its comment
    assert parse_values(text, "tricky.yaml", routine) == values


def test_hand_written_keys_by_name_and_number() -> None:
    text = """
Exercises: {}
""".strip()
    with pytest.raises(ContentErrors):
        parse_values(text, "x.yaml", BORDEN)
    text = """
exercises:
  Lat Pull Down:
    holds:
      pause: 3
  seated-row:
    holds:
      2: 4
  HYPEREXTENSION:
    holds:
      "2": 6
"""
    assert parse_values(text, "x.yaml", BORDEN) == {
        hold_key(LAT, 1): 3,
        hold_key(ROW, 1): 4,
        hold_key(HYPER, 1): 6,
    }


# (text, line, column, part of the message)
BROKEN: list[tuple[str, int, int, str]] = [
    ('rounds: "4"\n', 1, 9, "'rounds' must be a whole number, got '4'"),
    ("rounds: 0\n", 1, 9, "'rounds' must be at least 1"),
    ("rounds: 101\n", 1, 9, "'rounds' must be at most 100"),
    ("rounds: 4\nrounds: 5\n", 2, 1, "duplicate key 'rounds'"),
    ("round: 4\n", 1, 1, "unknown key 'round', did you mean 'rounds'?"),
    ("count_seconds: .inf\n", 1, 16, "finite"),
    ("count_seconds: 0\n", 1, 16, "'count_seconds' must be greater than 0"),
    ("rest:\n  between_exercises: -1\n", 2, 22, "'between_exercises' must be at least 0"),
    ("rest: 30\n", 1, 7, "'rest' must be a mapping of keys"),
    ("rounds: [4\n", 2, 1, "YAML syntax error"),
    ("rounds: !!python/object:os.system 4\n", 1, 9, "unsupported tag"),
    ("- 4\n", 1, 1, "must be a mapping of keys (rounds, count_seconds, rest, exercises)"),
    ("exercises:\n  squat:\n    reps: 3\n", 2, 3, "no exercise 'squat'"),
    ("exercises:\n  lat-pull-down: 3\n", 2, 18, "must be a mapping with 'reps' and/or 'holds'"),
    (
        "exercises:\n  lat-pull-down:\n    hold: {Pause: 3}\n",
        3,
        5,
        "unknown key 'hold', did you mean 'holds'?",
    ),
    ("exercises:\n  lat-pull-down:\n    reps: ten\n", 3, 11, "'reps' must be a whole number"),
    ("exercises:\n  lat-pull-down:\n    holds:\n      Pause: 0\n", 4, 14, "must be at least 1"),
    ("exercises:\n  lat-pull-down:\n    holds:\n      Pause: 2.5\n", 4, 14, "whole number"),
    (
        "exercises:\n  lat-pull-down:\n    holds:\n      Pull: 3\n",
        4,
        7,
        "'Pull' in 'Lat pull down' is a move, not a hold",
    ),
    (
        "exercises:\n  lat-pull-down:\n    holds:\n      Squeeze: 3\n",
        4,
        7,
        "'Lat pull down' has no hold 'Squeeze'",
    ),
    (
        "exercises:\n  lat-pull-down:\n    holds:\n      9: 3\n",
        4,
        7,
        "'Lat pull down' has no phase 9",
    ),
    (
        "exercises:\n  lat-pull-down:\n    holds: {Pause: 3, '2': 4}\n",
        3,
        23,
        "'2' is the same hold as 'Pause', given twice",
    ),
    (
        "exercises:\n  seated-row:\n    holds:\n      2: {seconds: 0}\n",
        4,
        20,
        "'seconds' must be greater than 0, got 0",
    ),
    (
        "exercises:\n  seated-row:\n    holds:\n      2: {secs: 4}\n",
        4,
        11,
        "unknown key 'secs', did you mean 'seconds'?",
    ),
    (
        "exercises:\n  seated-row:\n    holds: {2: {seconds: 2}, Pause: 3}\n",
        3,
        30,
        "'Pause' is the same hold as '2', given twice",
    ),
    (
        "exercises:\n  lat-pull-down:\n    reps: 3\n  Lat pull down:\n    reps: 4\n",
        4,
        3,
        "'Lat pull down' is the same exercise as 'lat-pull-down', given twice",
    ),
]


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [pytest.param(*case, id=case[3][:40]) for case in BROKEN],
)
def test_broken_files_are_reported_with_positions(
    tmp_path: Path, text: str, line: int, column: int, message: str
) -> None:
    path = tmp_path / "borden-back.yaml"
    path.write_text(text)
    with pytest.raises(ContentErrors) as info:
        read_values(path, BORDEN)
    shown = [str(e) for e in info.value.errors]
    assert any(s.startswith(f"{path}:{line}:{column}: ") and message in s for s in shown), shown


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    path.write_text("rounds: 0\nexercises:\n  squat: {reps: 3}\n  seated-row: {reps: 0}\n")
    with pytest.raises(ContentErrors) as info:
        read_values(path, BORDEN)
    assert [(e.line, e.column) for e in info.value.errors] == [(1, 9), (3, 3), (4, 22)]


def test_unknown_exercise_lists_the_valid_ones(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    path.write_text("exercises:\n  lat-pulldown: {reps: 3}\n")
    with pytest.raises(ContentErrors) as info:
        read_values(path, BORDEN)
    message = str(info.value.errors[0])
    assert "did you mean 'lat-pull-down'?" in message
    for name in ("'Lat pull down' (lat-pull-down)", "'Seated row' (seated-row)", "hyperextension"):
        assert name in message


def test_loading_a_missing_file_is_no_settings(config: Path) -> None:
    loaded = load_overrides("borden-back", BORDEN)
    assert (loaded.exists, loaded.values, loaded.errors) == (False, {}, ())
    assert loaded.path == config / "overrides" / "borden-back.yaml"


def test_a_broken_file_loads_as_warnings_and_is_left_alone(config: Path) -> None:
    path = config / "overrides" / "borden-back.yaml"
    path.parent.mkdir(parents=True)
    text = b"exercises:\n  lat-pull-down:\n    holds:\n      Pause: three\n"
    path.write_bytes(text)
    loaded = load_overrides("borden-back", BORDEN)
    assert loaded.exists
    assert loaded.values == {}  # the routine runs on its own values
    assert [str(e) for e in loaded.errors] == [
        f"{path}:4:14: 'Pause' must be a whole number, got 'three'"
    ]
    with pytest.raises(OverridesBroken):
        save_values("borden-back", BORDEN, {ROUNDS: 4})
    assert path.read_bytes() == text


@pytest.mark.parametrize(
    "content", [b"\x00\x01binary", b"\xff\xfe not utf-8", b"", b"# only a comment\n"]
)
def test_files_that_are_not_settings_are_warnings(config: Path, content: bytes) -> None:
    path = config / "overrides" / "borden-back.yaml"
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    loaded = load_overrides("borden-back", BORDEN)
    assert loaded.errors
    assert str(loaded.errors[0]).startswith(f"{path}:1:")


def test_a_folder_in_place_of_the_file_is_a_warning(config: Path) -> None:
    path = config / "overrides" / "borden-back.yaml"
    path.mkdir(parents=True)
    loaded = load_overrides("borden-back", BORDEN)
    assert "is a directory" in str(loaded.errors[0])
    with pytest.raises(SaveError, match="is a folder"):
        remove_overrides("borden-back")


def test_save_keeps_only_what_differs_and_merges(config: Path) -> None:
    path = config / "overrides" / "borden-back.yaml"
    assert save_values("borden-back", BORDEN, {ROUNDS: 4, reps_key(ROW): 10}) == {ROUNDS: 4}
    assert read_values(path, BORDEN) == {ROUNDS: 4}  # 10 reps is the routine's own
    save_values("borden-back", BORDEN, {hold_key(LAT, 1): 3})
    assert read_values(path, BORDEN) == {ROUNDS: 4, hold_key(LAT, 1): 3}
    save_values("borden-back", BORDEN, {ROUNDS: 3})  # back to the routine's 3
    assert read_values(path, BORDEN) == {hold_key(LAT, 1): 3}
    assert save_values("borden-back", BORDEN, {hold_key(LAT, 1): 2}) == {}
    assert not path.exists()


def test_save_refuses_keys_the_routine_does_not_have(config: Path) -> None:
    with pytest.raises(ValueError):
        save_values("borden-back", BORDEN, {reps_key("squat"): 3})
    with pytest.raises(ValueError):
        save_values("borden-back", BORDEN, {hold_key(LAT, 0): 3})  # a move


def test_remove(config: Path) -> None:
    assert remove_overrides("borden-back") is None
    save_values("borden-back", BORDEN, {ROUNDS: 4})
    path = config / "overrides" / "borden-back.yaml"
    assert path.exists()
    assert remove_overrides("borden-back") == path
    assert not path.exists()


# -- failed writes ----------------------------------------------------------------------------


def test_config_path_through_a_regular_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Stands in for a read-only folder (root ignores chmod): nothing can be created under a file.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file")
    monkeypatch.setenv("BACKTIMER_CONFIG_DIR", str(blocker / "config"))
    with pytest.raises(SaveError) as info:
        save_values("borden-back", BORDEN, {ROUNDS: 4})
    message = str(info.value)
    assert message.startswith("your settings were not saved: ")
    assert "part of that path is a file" in message
    assert "\n" not in message
    assert blocker.read_text() == "a file"
    # Loading through the same path is simply "no settings".
    assert load_overrides("borden-back", BORDEN).exists is False


def _fail(code: int) -> Any:
    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    return fail


@pytest.mark.parametrize(
    ("where", "code", "expected"),
    [
        ("tempfile.mkstemp", errno.EACCES, "no permission to write in"),
        ("tempfile.mkstemp", errno.EROFS, "is on a read-only file system"),
        ("os.fsync", errno.ENOSPC, "is full"),
        ("os.replace", errno.ENOSPC, "is full"),
        ("os.replace", errno.EIO, "cannot write"),
    ],
)
def test_failed_writes_leave_the_old_file_and_no_temporary(
    config: Path, monkeypatch: pytest.MonkeyPatch, where: str, code: int, expected: str
) -> None:
    save_values("borden-back", BORDEN, {ROUNDS: 4})
    path = config / "overrides" / "borden-back.yaml"
    before = path.read_bytes()
    module, name = where.split(".")
    monkeypatch.setattr(getattr(atomic, module), name, _fail(code))
    with pytest.raises(SaveError) as info:
        save_values("borden-back", BORDEN, {ROUNDS: 5})
    monkeypatch.undo()
    assert expected in str(info.value)
    assert str(path.parent) in str(info.value) or str(path) in str(info.value)
    assert path.read_bytes() == before
    # Only the file and its lock: no temporary left behind.
    assert sorted(p.name for p in path.parent.iterdir()) == [
        ".borden-back.yaml.lock",
        "borden-back.yaml",
    ]


def test_a_failed_remove_is_a_save_error(config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    save_values("borden-back", BORDEN, {ROUNDS: 4})
    monkeypatch.setattr(Path, "unlink", _fail(errno.EROFS))
    with pytest.raises(SaveError, match=r"not removed: .* read-only file system"):
        remove_overrides("borden-back")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores chmod")
def test_read_only_folder_with_chmod(config: Path) -> None:
    folder = config / "overrides"
    folder.mkdir(parents=True)
    folder.chmod(0o500)
    try:
        with pytest.raises(SaveError, match="read-only"):
            save_values("borden-back", BORDEN, {ROUNDS: 4})
    finally:
        folder.chmod(0o700)


def test_a_hold_named_1_that_is_not_the_first_keeps_its_change(config: Path) -> None:
    routine = load_routine_text(
        "title: T\nexercises:\n"
        "  - {name: Curl, reps: 5, cues: [a], rep: [{hold: Squeeze}, {move: Up}, {hold: '1'}]}\n",
        "t.yaml",
    )
    save_values("t", routine, {hold_key("curl", 2): 9})
    path = overrides_path("t")
    assert load_overrides("t", routine).values == {hold_key("curl", 2): 9}
    # A file of the earlier format named it; the name is still read as that hold.
    path.write_text("exercises:\n  curl:\n    holds:\n      '1': 9\n")
    assert load_overrides("t", routine).values == {hold_key("curl", 2): 9}


def test_a_broken_file_with_many_problems_is_summed_up_in_one_line(config: Path) -> None:
    path = overrides_path("borden-back")
    path.parent.mkdir(parents=True)
    path.write_text("".join(f"k{i}: 1\n" for i in range(150)))
    loaded = load_overrides("borden-back", BORDEN)
    assert len(loaded.errors) == 101  # the first hundred, then one line for the rest
    assert loaded.errors[-1].message == "... and 50 more problems not listed (fix these first)"
    with pytest.raises(OverridesBroken) as info:
        save_values("borden-back", BORDEN, {ROUNDS: 4})
    assert str(info.value).endswith("(and 149 more)")
