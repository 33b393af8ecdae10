"""Bad routine files: each gives exactly the ``PATH:LINE:COLUMN: message`` lines in its sidecar.

``tests/corpus/NAME.yaml`` is a bad routine and ``NAME.expected`` the lines ``backtimer check``
must print for it, with ``PATH`` standing for the file's path. Every line and column was checked by
hand to point at the offending value (or key, for key problems).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import CONTENT, CORPUS, SHARED_DATA, RunCli

from backtimer.core.loader import ContentErrors, load_routine, load_routine_text
from backtimer.core.model import content_json, slugify

CASES = sorted(CORPUS.glob("*.yaml"))


def expected_lines(case: Path, path: str | None = None) -> list[str]:
    text = case.with_suffix(".expected").read_text(encoding="utf-8")
    return [line.replace("PATH", path or str(case), 1) for line in text.splitlines()]


def error_lines(path: Path) -> list[str]:
    with pytest.raises(ContentErrors) as info:
        load_routine(path)
    return [str(e) for e in info.value.errors]


def test_corpus_is_large_and_every_case_has_its_expectation() -> None:
    assert len(CASES) >= 30
    sidecars = {p.stem for p in CORPUS.glob("*.expected")}
    assert sidecars == {p.stem for p in CASES}
    for case in CASES:
        lines = expected_lines(case, "PATH")
        assert lines, case.name
        assert all(line.startswith("PATH:") for line in lines), case.name


def test_expected_positions_are_inside_the_files() -> None:
    """A guard on the sidecars: each position is on a real line, at a character or just past it."""
    for case in CASES:
        lines = case.read_text(encoding="utf-8").splitlines() or [""]
        for expected in expected_lines(case, "PATH"):
            _, line, column, _ = expected.split(":", 3)
            row = lines[int(line) - 1]
            assert 1 <= int(column) <= len(row) + 1, (case.name, expected)
            at = row[int(column) - 1 : int(column)]
            if at.isspace() and row.strip():
                assert at == "\t" and "tab character" in expected, (case.name, expected)


@pytest.mark.parametrize("case", CASES, ids=[p.stem for p in CASES])
def test_bad_file_gives_exact_errors(case: Path, yaml_parser: str) -> None:
    """Exact lines under either parser; a syntax error's wording is the parser's own."""
    assert [without_syntax_wording(line) for line in error_lines(case)] == [
        without_syntax_wording(line) for line in expected_lines(case)
    ]
    if yaml_parser == "libyaml":
        assert error_lines(case) == expected_lines(case)


def without_syntax_wording(line: str) -> str:
    """PATH:LINE:COLUMN and the kind of a syntax error, not the parser's explanation of it."""
    head, sep, _ = line.partition(": YAML syntax error: ")
    return head + sep if sep else line


@pytest.mark.parametrize("case", CASES, ids=[p.stem for p in CASES])
def test_bom_and_crlf_do_not_move_errors(case: Path, tmp_path: Path) -> None:
    raw = case.read_bytes()
    copy = tmp_path / case.name
    copy.write_bytes(b"\xef\xbb\xbf" + raw.replace(b"\n", b"\r\n"))
    expected = [line.replace(str(case), str(copy), 1) for line in expected_lines(case)]
    assert error_lines(copy) == expected


def test_check_prints_every_error_of_every_file_and_exits_1(run_cli: RunCli) -> None:
    names = [str(p.relative_to(CORPUS.parent.parent)) for p in CASES]
    result = run_cli("check", *names)
    assert result.returncode == 1
    assert result.stdout == ""
    expected = [
        line for case, name in zip(CASES, names, strict=True) for line in expected_lines(case, name)
    ]
    assert result.stderr.splitlines() == expected
    assert "Traceback" not in result.stderr


def test_check_reports_good_files_on_stdout_and_still_fails_for_one_bad(run_cli: RunCli) -> None:
    good = str(CONTENT / "borden-back.yaml")
    bad = str(CORPUS / "reps-zero.yaml")
    result = run_cli("check", good, bad)
    assert result.returncode == 1
    assert result.stdout.startswith(f"{good}: ok (Back-sculpting routine, 3 exercises)")
    assert result.stderr.splitlines() == expected_lines(CORPUS / "reps-zero.yaml", bad)


# --- !!python tags are refused and never run -------------------------------------------------


def _payload_file(tmp_path: Path) -> tuple[Path, Path]:
    """The corpus' python/object/apply case, aimed at a marker file in tmp_path."""
    marker = tmp_path / "marker"
    text = (CORPUS / "python-object-tag.yaml").read_text(encoding="utf-8")
    assert '"MARKER"' in text
    routine = tmp_path / "payload.yaml"
    routine.write_text(text.replace("MARKER", str(marker)), encoding="utf-8")
    return routine, marker


def test_python_object_apply_is_refused_without_running(tmp_path: Path) -> None:
    routine, marker = _payload_file(tmp_path)
    with pytest.raises(ContentErrors) as info:
        load_routine(routine)
    assert [str(e) for e in info.value.errors] == [
        f"{routine}:1:8: unsupported tag '!!python/object/apply:builtins.open': "
        "routines use plain YAML values only"
    ]
    assert not marker.exists()


def test_python_payload_would_create_the_marker_if_executed(tmp_path: Path) -> None:
    """The control for the test above: an unsafe loader does run this file."""
    routine, marker = _payload_file(tmp_path)
    code = "import sys, yaml; yaml.unsafe_load(open(sys.argv[1]).read())"
    subprocess.run([sys.executable, "-c", code, str(routine)], check=True, timeout=30)
    assert marker.exists()


def test_check_command_does_not_run_python_tags(run_cli: RunCli, tmp_path: Path) -> None:
    routine, marker = _payload_file(tmp_path)
    result = run_cli("check", str(routine))
    assert result.returncode == 1
    assert "unsupported tag" in result.stderr
    assert not marker.exists()


# --- bytes-level cases ------------------------------------------------------------------------

BYTES_CASES: list[tuple[str, bytes, list[str]]] = [
    (
        "invalid-utf8",
        b"title: Row\nexercises:\n  - name: Caf\xe9 row\n",
        ["PATH:3:14: not UTF-8 text (byte 0xe9)"],
    ),
    (
        "invalid-utf8-after-multibyte",
        "title: Été\ncues: ok\n".encode() + b"reps: \xff\n",
        ["PATH:3:7: not UTF-8 text (byte 0xff)"],
    ),
    (
        "nul-byte",
        b"title: Row\nexer\x00cises: []\n",
        ["PATH:2:5: binary data (NUL byte), not text"],
    ),
    ("binary", bytes(range(256)) * 4, ["PATH:1:1: binary data (NUL byte), not text"]),
    ("utf16", "title: Row\n".encode("utf-16"), ["PATH:1:1: UTF-16 text; save the file as UTF-8"]),
    ("bom-only", b"\xef\xbb\xbf", ["PATH:1:1: file is empty"]),
    ("bom-blank-crlf", b"\xef\xbb\xbf \r\n\r\n", ["PATH:1:1: file is empty"]),
    (
        "escape-character",
        b"title: Row\n# \x1b[31m red\nexercises: []\n",
        ["PATH:2:3: character U+001B is not allowed in YAML text"],
    ),
    (
        "control-character-crlf",
        b"title: Row\r\nrounds: 3\r\nexercises: a\x07\r\n",
        ["PATH:3:13: character U+0007 is not allowed in YAML text"],
    ),
    (
        "crlf-positions",
        b"title: Row\r\nrounds: 0\r\nexercises: []\r\n",
        [
            "PATH:2:9: 'rounds' must be at least 1, got 0",
            "PATH:3:12: 'exercises' needs at least 1 item",
        ],
    ),
]


@pytest.mark.parametrize(("name", "raw", "lines"), BYTES_CASES, ids=[c[0] for c in BYTES_CASES])
def test_bytes_level_errors(tmp_path: Path, name: str, raw: bytes, lines: list[str]) -> None:
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(raw)
    assert error_lines(path) == [line.replace("PATH", str(path), 1) for line in lines]


@pytest.mark.parametrize("name", ["borden-back", "train-your-back"])
def test_bom_and_crlf_version_of_shipped_routine_loads_the_same(tmp_path: Path, name: str) -> None:
    original = CONTENT / f"{name}.yaml"
    raw = original.read_bytes()
    assert b"\r" not in raw
    copy = tmp_path / f"{name}.yaml"
    copy.write_bytes(b"\xef\xbb\xbf" + raw.replace(b"\n", b"\r\n"))
    assert load_routine(copy) == load_routine(original)
    # Line ends only: CR alone (old Mac files) is also a YAML line break.
    copy.write_bytes(raw.replace(b"\n", b"\r"))
    assert load_routine(copy) == load_routine(original)


def test_yaml_safe_dump_of_a_shipped_routine_round_trips() -> None:
    """The loader reads what a YAML library writes, not only hand-written files."""
    routine = load_routine(CONTENT / "borden-back.yaml")
    data = json.loads(content_json(routine))
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    assert load_routine_text(text) == routine


# --- real-world inputs kept beside the project (../shared/data) --------------------------------

YAML_SUITE = SHARED_DATA / "yaml-test-suite"
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
EXERCISE_DB = SHARED_DATA / "free-exercise-db" / "exercises.json"


def _need(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"reference data not present at {path} (only in the team's workspace)")


def test_every_yaml_test_suite_input_is_a_clean_content_error() -> None:
    """None of the YAML test suite's documents is a routine: each is refused with error lines."""
    _need(YAML_SUITE)
    cases = sorted(YAML_SUITE.glob("*/in.yaml"))
    assert len(cases) >= 300
    refused_as_syntax = 0
    for case in cases:
        with pytest.raises(ContentErrors) as info:
            load_routine(case)
        lines = case.read_bytes().count(b"\n") + 1
        for error in info.value.errors:
            assert error.path == str(case)
            assert 1 <= error.line <= lines + 1, (case, error)
            assert error.column >= 1 and error.message and "\n" not in error.message, error
        if (case.parent / "error").exists() and any(
            e.message.startswith("YAML syntax error") for e in info.value.errors
        ):
            refused_as_syntax += 1
    # Most inputs the suite marks as invalid YAML are reported as syntax errors, not as routines.
    invalid = sum(1 for case in cases if (case.parent / "error").exists())
    assert refused_as_syntax >= invalid // 2


def _exercise_routines() -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(exercise from the database, routine data built from it) for every exercise."""
    _need(EXERCISE_DB)
    exercises: list[dict[str, Any]] = json.loads(EXERCISE_DB.read_text(encoding="utf-8"))
    built = []
    for ex in exercises:
        # A few database entries have empty instruction strings or none at all; a routine's cues
        # may not be empty, so those fall back to the exercise's name.
        cues = [c for c in ex["instructions"] if c.strip()] or [ex["name"]]
        cues.append(f"[bold]{ex['name']}[/bold] {{not a field}} 'single' \"double\" # colon: yes")
        exercise: dict[str, Any] = {
            "id": slugify(ex["id"]),
            "name": ex["name"],
            "reps": 10,
            "cues": cues,
            "rep": [{"move": "Lift", "counts": 1}, {"hold": "Hold", "counts": 2, "cue": len(cues)}],
        }
        if ex.get("equipment"):
            exercise["equipment"] = ex["equipment"]
        if ex.get("primaryMuscles"):
            exercise["target"] = ", ".join(ex["primaryMuscles"])
        built.append((ex, {"title": ex["name"], "rounds": 1, "exercises": [exercise]}))
    return built


def test_every_real_exercise_loads_with_its_cues_kept_exactly() -> None:
    built = _exercise_routines()
    assert len(built) == 873
    styles: list[dict[str, Any]] = [{}, {"default_style": '"'}, {"default_flow_style": True}]
    for n, (ex, data) in enumerate(built):
        style = styles[n % len(styles)]
        text = yaml.dump(data, Dumper=DUMPER, allow_unicode=True, sort_keys=False, **style)
        routine = load_routine_text(text, f"{ex['id']}.yaml")
        loaded = routine.exercises[0]
        assert list(loaded.cues) == data["exercises"][0]["cues"]
        assert loaded.name == ex["name"]
        assert routine.title == ex["name"]


def test_all_real_exercises_in_one_file_show_their_cues_literally(
    run_cli: RunCli, tmp_path: Path
) -> None:
    built = _exercise_routines()
    # One rep each keeps the plan (and the test) short; the cues are what is checked.
    exercises = [{**data["exercises"][0], "reps": 1} for _, data in built]
    path = tmp_path / "everything.yaml"
    data = {"title": "Every exercise", "rounds": 1, "exercises": exercises}
    text = yaml.dump(data, Dumper=DUMPER, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    routine = load_routine(path)
    assert len(routine.exercises) == 873
    result = run_cli("show", str(path))
    assert result.returncode == 0, result.stderr
    for exercise in exercises[::7]:
        for n, cue in enumerate(exercise["cues"], 1):
            assert f"  {n}. {cue}\n" in result.stdout
