"""The loader: refused inputs (quickly, without hanging), limits, and what it accepts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CONTENT

from backtimer.core import loader
from backtimer.core.loader import (
    MAX_BYTES,
    MAX_DEPTH,
    MAX_ERRORS,
    MAX_NUMBER_CHARS,
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


# Loads every file named on the command line as text in one fresh interpreter, each timed on its
# own, and prints each outcome as JSON: a hang is timed out and a crash (even of the C parser)
# fails the tests instead of the whole run, at the cost of one interpreter per parser.
_DEEP_PROBE = """\
import json, sys, time
from backtimer.core import loader
from backtimer.core.loader import ContentErrors, load_routine_text
loader._Parser = loader.PARSERS[sys.argv[1]]
outcomes = {}
for path in sys.argv[2:]:
    text = open(path, encoding="utf-8").read()
    start = time.monotonic()
    try:
        load_routine_text(text, "TEXT")
    except ContentErrors as exc:
        errors = [[e.line, e.column, e.message] for e in exc.errors]
    else:
        errors = "loaded"
    outcomes[path] = [errors, time.monotonic() - start]
print(json.dumps(outcomes))
"""


@pytest.fixture(scope="module")
def deep_outcomes(
    tmp_path_factory: pytest.TempPathFactory,
) -> Callable[[str], dict[str, tuple[list[list[object]], float]]]:
    """For a parser: each DEEP file's errors and the seconds its load took, from one probe."""
    folder = tmp_path_factory.mktemp("deep")
    for name, text in DEEP.items():
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    outcomes: dict[str, dict[str, tuple[list[list[object]], float]]] = {}

    def of(parser: str) -> dict[str, tuple[list[list[object]], float]]:
        if parser not in outcomes:
            paths = [str(folder / f"{name}.yaml") for name in DEEP]
            result = subprocess.run(
                [sys.executable, "-c", _DEEP_PROBE, parser, *paths],
                capture_output=True,
                text=True,
                timeout=10 * len(DEEP),
                check=False,
            )
            assert result.returncode == 0, result.stderr
            shown = json.loads(result.stdout)
            outcomes[parser] = {
                name: (shown[path][0], shown[path][1])
                for name, path in zip(DEEP, paths, strict=True)
            }
        return outcomes[parser]

    return of


@pytest.mark.parametrize("name", list(DEEP))
def test_deep_nesting_is_refused_quickly(
    deep_outcomes: Callable[[str], dict[str, tuple[list[list[object]], float]]],
    name: str,
    yaml_parser: str,
) -> None:
    errors, elapsed = deep_outcomes(yaml_parser)[name]
    assert errors != "loaded"
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


def test_many_values_without_aliases_are_stopped() -> None:
    # The loader counts the values as the parser hands them over, whichever parser it is; this
    # runs under the one in use (libyaml when there is one): pure-Python PyYAML would take four
    # seconds to read the 210,000 values and has no limit of its own that could stop it first.
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
        (
            "rounds: " + "9" * 5000,
            "a number of 5,000 characters; a number has at most 100 "
            "(put it in quotes if it is text)",
        ),
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


# --- bounded work on any input ----------------------------------------------------------------

# Loads one file in a fresh interpreter and prints the errors and the CPU seconds the load took:
# CPU time, not wall time, so a busy machine does not fail the test (real speed is in bench/).
_TIMED_PROBE = """\
import json, sys, time
from backtimer.core import loader
from backtimer.core.loader import ContentErrors, load_routine
loader._Parser = loader.PARSERS[sys.argv[2]]
start = time.process_time()
try:
    load_routine(sys.argv[1])
except ContentErrors as exc:
    errors = [[e.line, e.column, e.message] for e in exc.errors]
else:
    errors = []
print(json.dumps([errors, time.process_time() - start]))
"""


def timed_probe(path: Path, parser: str) -> tuple[list[list[object]], float]:
    """The errors from loading ``path`` in a subprocess, and the CPU seconds the load took."""
    result = subprocess.run(
        [sys.executable, "-c", _TIMED_PROBE, str(path), parser],
        capture_output=True,
        text=True,
        timeout=300,  # a hang fails here; the figures asserted are far below
        check=False,
    )
    assert result.returncode == 0, result.stderr
    errors, seconds = json.loads(result.stdout)
    return errors, seconds


def base_sixty_number(size: int) -> str:
    """A YAML 1.1 base-60 integer ('1:2:3:...') of ``size`` characters."""
    digits = ":".join(str(i % 60) for i in range(size // 2))
    return ("1" + digits)[:size].rstrip(":")


def test_a_one_mebibyte_number_is_refused_in_under_a_second(
    tmp_path: Path, yaml_parser: str
) -> None:
    number = base_sixty_number(MAX_BYTES - 150)
    path = tmp_path / "number.yaml"
    path.write_text(f"title: Long\nrounds: {number}\n" + MINIMAL.split("\n", 1)[1])
    assert MAX_BYTES - 200 < path.stat().st_size <= MAX_BYTES
    errors, seconds = timed_probe(path, yaml_parser)
    assert errors == [
        [
            2,
            9,
            f"a number of {len(number):,} characters; a number has at most "
            f"{MAX_NUMBER_CHARS} (put it in quotes if it is text)",
        ]
    ]
    assert seconds < 1


@pytest.mark.slow
def test_many_bad_keys_reused_through_an_alias_are_reported_in_seconds(
    tmp_path: Path, yaml_parser: str
) -> None:
    keys = ", ".join(f"k{i}: 1" for i in range(49_000))
    path = tmp_path / "keys.yaml"
    path.write_text(f"x: &a {{{keys}}}\ntitle: T\nexercises: [*a]\n")
    assert path.stat().st_size > 500_000
    errors, seconds = timed_probe(path, yaml_parser)
    assert seconds < 10  # it took 556 s when each error's position was found by a scan
    # The first MAX_ERRORS problems are listed, then one line counts the rest.
    assert len(errors) == MAX_ERRORS + 1
    assert [e[:2] for e in errors[1:]] == [[3, 13]] * MAX_ERRORS
    assert errors[0] == [
        1,
        1,
        "unknown key 'x' (valid keys: title, source, rounds, max_rounds, "
        "count_seconds, get_ready, cue_seconds, rest, volume, sounds, progression, exercises)",
    ]
    # 49,000 unknown keys and 4 missing ones in the exercise, plus 'x' at the top.
    assert (
        errors[-1][2]
        == f"... and {49_005 - MAX_ERRORS:,} more problems not listed (fix these first)"
    )


@pytest.mark.parametrize(
    "text",
    [
        "1" * 1000 + " apples",  # starts like a number, is text
        "-" * 1000,  # number characters only, but no digit
        "1." * 600 + "x",
    ],
)
def test_long_text_that_starts_like_a_number_is_text(text: str) -> None:
    routine = load_routine_text(MINIMAL.replace("title: Minimal", f"title: {text}"))
    assert routine.title == text


def test_numbers_up_to_the_limit_are_read() -> None:
    number = "0." + "5" * (MAX_NUMBER_CHARS - 2)
    routine = load_routine_text(MINIMAL.replace("title: Minimal", f"title: T\nvolume: {number}"))
    assert routine.volume == pytest.approx(5 / 9)


def test_the_error_list_is_capped_and_counts_the_rest() -> None:
    errors = [ContentError("f", line, 1, "bad") for line in range(250, 0, -1)]
    exc = ContentErrors(errors)
    assert exc.total == 250
    assert [e.line for e in exc.errors[:-1]] == list(range(1, MAX_ERRORS + 1))
    assert (
        str(exc.errors[-1])
        == f"f:{MAX_ERRORS + 1}:1: ... and 150 more problems not listed (fix these first)"
    )
    # Collected again (as a settings file's checks do), the count stays right.
    again = ContentErrors([ContentError("f", 300, 1, "later"), *exc.errors])
    assert again.total == 251
    assert again.errors[-1].message.startswith("... and 151 more problems")
    assert len(str(again).splitlines()) == MAX_ERRORS + 1


# --- tags and number forms ----------------------------------------------------------------------

TAGS = ["!!str", "!!int", "!!float", "!!bool", "!!null", "!!map", "!!seq"]
FORMS = ["3", "x", "''", "{a: 1}", "[a]", ""]


@pytest.mark.parametrize("tag", TAGS)
@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("where", ["value", "key", "cue", "rep"])
def test_any_core_tag_on_any_value_gives_positioned_errors(
    tag: str, form: str, where: str, yaml_parser: str
) -> None:
    tagged = f"{tag} {form}".strip()
    if where == "value":
        text = MINIMAL.replace("title: Minimal", f"title: {tagged}")
    elif where == "key":
        text = MINIMAL.replace("title: Minimal", f"title: T\n? {tagged}\n: 1")
    elif where == "cue":
        text = MINIMAL.replace("[Pull the handle in.]", f"[{tagged}]")
    else:
        text = MINIMAL.replace("[{move: Pull}]", f"[{{move: {tagged}}}]")
    try:
        load_routine_text(text)
    except ContentErrors as exc:
        lines = text.splitlines()
        for error in exc.errors:
            assert 1 <= error.line <= len(lines) and error.column >= 1, error


OR_TEXT = ", or put it in quotes if it is text"
DECIMAL = "write numbers in decimal, without a leading 0"
FOREIGN = "uses characters other than the digits 0-9; write"
FULL_WIDTH_30 = "\uff13\uff10"
ARABIC_INDIC_30 = "\u0663\u0660"
DEVANAGARI_30 = "\u0969\u0966"
FULL_WIDTH_1_5 = "\uff11\uff0e\uff15"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("!!int {a: 1}", "the tag '!!int' does not fit a mapping; remove it"),
        ("!!str [a]", "the tag '!!str' does not fit a list; remove it"),
        ("!!map x", "the tag '!!map' does not fit a plain value; remove it"),
        ("!!seq {a: 1}", "the tag '!!seq' does not fit a mapping; remove it"),
        ("!!int", "'' does not match its tag '!!int'"),
        ("!!float x", "'x' does not match its tag '!!float'"),
        ("!!int 3.5", "'3.5' does not match its tag '!!int'"),
        ("!!int ' 3'", "' 3' does not match its tag '!!int'"),
        ("!!bool maybe", "'maybe' does not match its tag '!!bool'"),
        ("1_000", f"'1_000': write numbers without '_' (1000){OR_TEXT}"),
        ("!!int 1_0", "'1_0': write numbers without '_' (10)"),
        ("2_0.5", f"'2_0.5': write numbers without '_' (20.5){OR_TEXT}"),
        ("1:30", f"'1:30' is a base-60 number to YAML (90); write 90{OR_TEXT}"),
        ("-1:0:0", f"'-1:0:0' is a base-60 number to YAML (-3600); write -3600{OR_TEXT}"),
        ("010", f"'010' is octal to YAML (8); {DECIMAL}"),
        ("0b101", f"'0b101' is binary to YAML (5); {DECIMAL}"),
        ("0xff", f"'0xff' is hexadecimal to YAML (255); {DECIMAL}"),
        (FULL_WIDTH_30, f"'{FULL_WIDTH_30}' {FOREIGN} 30{OR_TEXT}"),
        (ARABIC_INDIC_30, f"'{ARABIC_INDIC_30}' {FOREIGN} 30{OR_TEXT}"),
        (DEVANAGARI_30, f"'{DEVANAGARI_30}' {FOREIGN} 30{OR_TEXT}"),
        (FULL_WIDTH_1_5, f"'{FULL_WIDTH_1_5}' {FOREIGN} 1.5{OR_TEXT}"),
        ("!!int '\uff13'", f"'\uff13' {FOREIGN} 3"),
        ("!!int '\u0663x'", f"'\u0663x' {FOREIGN} it with the digits 0-9"),
    ],
)
def test_tags_and_number_forms_are_refused_with_what_to_write(value: str, message: str) -> None:
    text = MINIMAL.replace("title: Minimal", f"title: T\nget_ready: {value}")
    with pytest.raises(ContentErrors) as info:
        load_routine_text(text)
    assert [(e.line, e.column, e.message) for e in info.value.errors] == [(2, 12, message)]


@pytest.mark.parametrize(
    ("value", "read"),
    [("30", 30), ("+3", 3), ("0", 0), ("2.5", 2.5), ("02.5", 2.5), ("1.5e+1", 15.0)],
)
def test_numbers_as_people_write_them_are_read(value: str, read: float) -> None:
    text = MINIMAL.replace("title: Minimal", f"title: T\nget_ready: {value}")
    assert load_routine_text(text).get_ready == read


@pytest.mark.parametrize(
    "text",
    [f"{FULL_WIDTH_30} sets", f"Ten {ARABIC_INDIC_30}", "12:30 lunch", "1_000 ways", '"1:30"'],
)
def test_text_holding_digits_stays_text(text: str) -> None:
    routine = load_routine_text(MINIMAL.replace("title: Minimal", f"title: {text}"))
    assert routine.title == text.strip("'\"")
