"""The loader: refused inputs (quickly, without hanging), limits, and what it accepts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CONTENT

from backtimer.core import loader
from backtimer.core.loader import (
    MAX_BYTES,
    MAX_DEPTH,
    PARSERS,
    ContentError,
    ContentErrors,
    load_routine,
    load_routine_text,
    read_text,
)
from backtimer.core.model import MAX_PLAN_SIZE

MINIMAL = """\
title: Minimal
exercises:
  - name: Row
    reps: 10
    cues: [Pull the handle in.]
    rep: [{move: Pull}]
"""

# Loads one file in a fresh interpreter and prints the outcome as JSON, so a hang can be timed
# out and a crash (even of the C parser) fails the test instead of the whole run.
_PROBE = """\
import json, sys
from backtimer.core import loader
from backtimer.core.loader import ContentErrors, load_routine, load_routine_text
loader._Parser = loader.PARSERS[sys.argv[3]]
try:
    if sys.argv[1] == "file":
        load_routine(sys.argv[2])
    else:
        load_routine_text(open(sys.argv[2], encoding="utf-8").read(), "TEXT")
except ContentErrors as exc:
    print(json.dumps([[e.line, e.column, e.message] for e in exc.errors]))
else:
    print(json.dumps("loaded"))
"""


def probe(
    path: Path, *, as_text: bool = False, timeout: float = 10, parser: str = "python"
) -> tuple[list[list[object]], float]:
    """The errors from loading ``path`` with ``parser`` in a subprocess, and how long it took."""
    start = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, "text" if as_text else "file", str(path), parser],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    elapsed = time.monotonic() - start
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    outcome = json.loads(result.stdout)
    assert outcome != "loaded"
    return outcome, elapsed


def only_error(exc: pytest.ExceptionInfo[ContentErrors]) -> ContentError:
    assert len(exc.value.errors) == 1, exc.value.errors
    return exc.value.errors[0]


# --- refused files ----------------------------------------------------------------------------


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ContentErrors) as info:
        load_routine(tmp_path)
    assert str(only_error(info)) == f"{tmp_path}:1:1: is a directory, not a routine file"


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ContentErrors) as info:
        load_routine(tmp_path / "nope.yaml")
    assert only_error(info).message == "no such file"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "routine.yaml"
    os.mkfifo(fifo)
    # Nobody ever writes to the FIFO: opening it for reading would block forever.
    errors, elapsed = probe(fifo, timeout=10)
    assert errors == [
        [1, 1, "is not a regular file (a device, FIFO or socket cannot be a routine)"]
    ]
    assert elapsed < 5


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_dev_zero_is_refused_without_reading_forever() -> None:
    errors, elapsed = probe(Path("/dev/zero"), timeout=10)
    assert errors == [
        [1, 1, "is not a regular file (a device, FIFO or socket cannot be a routine)"]
    ]
    assert elapsed < 5


def test_file_over_one_mib_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(MINIMAL + "#" * MAX_BYTES + "\n", encoding="utf-8")
    with pytest.raises(ContentErrors) as info:
        load_routine(path)
    size = path.stat().st_size
    assert only_error(info).message == (
        f"file is too large ({size:,} bytes; the limit is {MAX_BYTES:,})"
    )


def test_file_of_exactly_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "limit.yaml"
    padding = MAX_BYTES - len(MINIMAL.encode()) - 1
    path.write_text(MINIMAL + "#" * padding + "\n", encoding="utf-8")
    assert path.stat().st_size == MAX_BYTES
    assert load_routine(path).title == "Minimal"
    path.write_text(MINIMAL + "#" * (padding + 1) + "\n", encoding="utf-8")
    with pytest.raises(ContentErrors, match="too large"):
        load_routine(path)


def test_read_text_limit_is_adjustable(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    assert read_text(path) == MINIMAL
    with pytest.raises(ContentErrors, match="too large"):
        read_text(path, max_bytes=10)


def test_two_megabyte_single_line_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "line.yaml"
    path.write_text("title: " + "x" * 2_000_000 + "\n", encoding="utf-8")
    errors, elapsed = probe(path)
    assert len(errors) == 1 and str(errors[0][2]).startswith("file is too large (2,000,008 bytes")
    assert elapsed < 5


def billion_laughs(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels + 1):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_stopped(tmp_path: Path, yaml_parser: str) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(billion_laughs(), encoding="utf-8")
    assert path.stat().st_size < 1000  # a tiny file that would expand to 9**10 values
    errors, elapsed = probe(path, parser=yaml_parser)
    # a0..a4 hold 74,732 values; a5's aliases add 66,430 each, and its second crosses 200,000.
    assert errors == [[6, 15, "aliases expand to more than 200,000 values"]]
    assert path.read_text().splitlines()[5][14:17] == "*a4"
    assert elapsed < 5


def test_alias_bomb_in_a_routine_value_is_stopped(yaml_parser: str) -> None:
    text = billion_laughs() + MINIMAL.replace("cues: [Pull the handle in.]", "cues: *a9")
    start = time.monotonic()
    with pytest.raises(ContentErrors, match="aliases expand to more than"):
        load_routine_text(text)
    assert time.monotonic() - start < 5


def test_aliases_within_the_limit_are_fine() -> None:
    text = """\
title: Shared tempo
exercises:
  - name: Row
    reps: 10
    cues: &cues [Pull the handle in.]
    rep: &tempo
      - {move: Pull, counts: 1}
      - {hold: Pause, counts: 2}
  - name: Other row
    reps: 8
    cues: *cues
    rep: *tempo
"""
    routine = load_routine_text(text)
    assert routine.exercises[0].rep == routine.exercises[1].rep
    assert routine.exercises[1].cues == ["Pull the handle in."]


DEEP = {
    "flow-lists": "[" * 10_000 + "]" * 10_000,
    "flow-lists-unclosed": "[" * 10_000,
    "flow-mappings": "{a: " * 10_000 + "1" + "}" * 10_000,
    "block-mappings": "".join(" " * i + "a:\n" for i in range(10_000)) + " " * 10_000 + "1\n",
    "block-lists": "".join(" " * (2 * i) + "-\n" for i in range(5_000)),
    "in-a-routine": MINIMAL.replace("[Pull the handle in.]", "[" * 10_000 + "]" * 10_000),
}


@pytest.mark.parametrize("name", list(DEEP))
def test_deep_nesting_is_refused_quickly(tmp_path: Path, name: str, yaml_parser: str) -> None:
    path = tmp_path / f"{name}.yaml"
    path.write_text(DEEP[name], encoding="utf-8")
    errors, elapsed = probe(path, as_text=True, parser=yaml_parser)
    assert len(errors) == 1
    assert errors[0][2] == f"nested more than {MAX_DEPTH} levels deep"
    assert elapsed < 5


def test_nesting_just_inside_the_limit_is_read(yaml_parser: str) -> None:
    # Nesting alone is fine up to the limit: the error is the model's, about the value.
    text = "title: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\nexercises: []\n"
    with pytest.raises(ContentErrors) as info:
        load_routine_text(text)
    messages = [e.message for e in info.value.errors]
    assert "'title' must be text, got a list" in messages
    assert not any("nested" in m for m in messages)


def test_many_values_without_aliases_are_stopped(yaml_parser: str) -> None:
    text = "title: x\nexercises: [" + "1," * 210_000 + "]\n"
    with pytest.raises(ContentErrors, match="more than 200,000 values"):
        load_routine_text(text)


# --- what a routine may and may not hold ------------------------------------------------------


@pytest.mark.parametrize(
    ("snippet", "message"),
    [
        ("title: yes", "'title' must be text, got true"),
        ("title: 3", "'title' must be text, got 3"),
        ("title: [a]", "'title' must be text, got a list"),
        ("title: !!str 3", None),
        ("title: 2015-01-11", None),  # a date-like title stays text
        ("title: '3'", None),
        ("rounds: '3'", "'rounds' must be a whole number, got '3'"),
        ("rounds: 3.0", "'rounds' must be a whole number, got 3.0"),
        ("rounds: 101", "'rounds' must be at most 100, got 101"),
        ("rounds: " + "9" * 5000, "a number with too many digits (5,000)"),
        ("count_seconds: .inf", "'count_seconds' must be a finite number, got inf"),
        ("count_seconds: 61", "'count_seconds' must be at most 60, got 61"),
        ("count_seconds: 1", None),  # a whole number is a fine float
        ("get_ready: -1", "'get_ready' must be at least 0, got -1"),
        ("volume: -0.5", "'volume' must be at least 0, got -0.5"),
        (
            "rest: {between_exercise: 10}",
            "unknown key 'between_exercise', did you mean 'between_exercises'?",
        ),
        ("source: {title: An article, authr: Me}", "unknown key 'authr', did you mean 'author'?"),
        ("source: {author: Me}", "missing required key 'title'"),
        ("1: one", "a key must be text, got 1"),
        ("~: none", "a key must be text, got nothing (null)"),
        ("sounds: {go: ''}", "'go' must not be empty"),
    ],
)
def test_top_level_values(snippet: str, message: str | None) -> None:
    text = MINIMAL.replace("title: Minimal\n", "" if snippet.startswith("title") else "title: M\n")
    text = snippet + "\n" + text
    if message is None:
        load_routine_text(text)
        return
    with pytest.raises(ContentErrors) as info:
        load_routine_text(text)
    error = only_error(info)
    assert (error.line, error.message) == (1, message)
    # The position is on the snippet's line, at the key or the value it is about.
    assert snippet[error.column - 1] not in " :"


def test_errors_are_sorted_and_formatted_as_path_line_column() -> None:
    text = "exercises: []\nrounds: 0\n"
    with pytest.raises(ContentErrors) as info:
        load_routine_text(text, "r.yaml")
    assert [str(e) for e in info.value.errors] == [
        "r.yaml:1:1: missing required key 'title'",
        "r.yaml:1:12: 'exercises' needs at least 1 item",
        "r.yaml:2:9: 'rounds' must be at least 1, got 0",
    ]
    assert str(info.value) == "\n".join(str(e) for e in info.value.errors)


def test_text_with_a_lone_surrogate_is_an_error_not_a_crash() -> None:
    with pytest.raises(ContentErrors, match="cannot be encoded as UTF-8"):
        load_routine_text("title: \ud800\n")


def test_merge_keys_are_read() -> None:
    text = """\
title: Merged
exercises:
  - &row
    name: Row
    reps: 10
    cues: [Pull the handle in.]
    rep: [{move: Pull}]
  - <<: *row
    id: row-again
    reps: 8
"""
    routine = load_routine_text(text)
    assert [(e.key, e.reps, e.name) for e in routine.exercises] == [
        ("row", 10, "Row"),
        ("row-again", 8, "Row"),
    ]


def test_plan_too_big_is_refused_before_compiling() -> None:
    text = MINIMAL.replace("reps: 10", "reps: 1000").replace(
        "{move: Pull}", "{hold: Hold, counts: 999}"
    )
    text = "rounds: 100\n" + text
    start = time.monotonic()
    with pytest.raises(ContentErrors) as info:
        load_routine_text(text)
    assert time.monotonic() - start < 2
    error = only_error(info)
    assert (error.line, error.column) == (1, 9)
    assert f"the most is {MAX_PLAN_SIZE:,}" in error.message


def test_a_large_valid_file_loads_in_reasonable_time(tmp_path: Path) -> None:
    exercise = """\
  - name: Exercise {n}
    reps: 2
    cues: [Stand tall. {pad}, "Hold [this] for a count: it's fine"]
    rep: [{{move: Lift, counts: 1}}, {{hold: Hold, counts: 2, cue: 2}}]
"""
    parts = ["title: Many\nrounds: 1\nexercises:\n"]
    n = 0
    size = len(parts[0])
    while True:
        block = exercise.format(n=n, pad="x" * 100)
        if size + len(block.encode()) > MAX_BYTES:
            break
        parts.append(block)
        size += len(block.encode())
        n += 1
    path = tmp_path / "many.yaml"
    path.write_text("".join(parts), encoding="utf-8")
    start = time.monotonic()
    routine = load_routine(path)
    assert time.monotonic() - start < 10
    assert len(routine.exercises) == n > 3000
    assert routine.exercises[-1].cues[1] == "Hold [this] for a count: it's fine"


def test_shipped_routines_load() -> None:
    for name in ("borden-back", "train-your-back"):
        assert len(load_routine(CONTENT / f"{name}.yaml").exercises) == 3


def test_every_error_is_one_line_whatever_the_file_holds(tmp_path: Path) -> None:
    path = tmp_path / "two\nlines.yaml"
    path.write_text(
        'title: x\n"bad\\nkey": 1\n"\\e[31m": 2\nexercises:\n'
        '  - {name: "a\\nb", reps: 1, cues: [c], rep: [{move: m, cue: 3}]}\n',
        encoding="utf-8",
    )
    with pytest.raises(ContentErrors) as info:
        load_routine(path)
    lines = [str(e) for e in info.value.errors]
    assert all("\n" not in line and "\x1b" not in line for line in lines)
    shown = str(path).replace("\n", "\\n")
    assert lines == [
        f"{shown}:2:1: unknown key 'bad\\nkey' (valid keys: title, source, rounds, max_rounds, "
        "count_seconds, get_ready, cue_seconds, rest, volume, sounds, progression, exercises)",
        f"{shown}:3:1: unknown key '\\x1b[31m' (valid keys: title, source, rounds, max_rounds, "
        "count_seconds, get_ready, cue_seconds, rest, volume, sounds, progression, exercises)",
    ]
    path.write_text(
        'title: x\nexercises:\n  - {name: "a\\nb", reps: 1, cues: [c], rep: [{move: m, cue: 3}]}\n',
        encoding="utf-8",
    )
    with pytest.raises(ContentErrors) as info:
        load_routine(path)
    assert [str(e) for e in info.value.errors] == [
        f"{shown}:3:61: cue 3 does not exist: 'a\\nb' has 1 cue"
    ]


@pytest.mark.skipif(len(PARSERS) < 2, reason="PyYAML here was built without libyaml")
@pytest.mark.parametrize("name", list(DEEP))
def test_limits_are_reported_alike_by_both_parsers(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = {"nesting": DEEP[name], "aliases": billion_laughs()}
    for kind, text in texts.items():
        seen = []
        for parser in sorted(PARSERS):
            monkeypatch.setattr(loader, "_Parser", PARSERS[parser])
            with pytest.raises(ContentErrors) as info:
                load_routine_text(text)
            seen.append([str(e) for e in info.value.errors])
        assert seen[0] == seen[1], kind
