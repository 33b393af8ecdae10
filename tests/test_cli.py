"""The real ``backtimer`` command in a subprocess: list, show, check, schema and their errors."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CONTENT, CORPUS, ROOT, RunCli

import backtimer
from backtimer.core.fmt import duration
from backtimer.core.loader import load_routine
from backtimer.core.plan import compile_plan

SHIPPED = {"borden-back": "Back-sculpting routine", "train-your-back": "Train your back"}


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stdout + result.stderr


def test_version(run_cli: RunCli) -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout == f"backtimer {backtimer.__version__}\n"
    assert re.fullmatch(r"\d+\.\d+\.\d+", backtimer.__version__)


def test_help_lists_the_commands(run_cli: RunCli) -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    for command in ("list", "show", "check", "schema"):
        assert command in result.stdout


# --- list -------------------------------------------------------------------------------------


def rows(stdout: str) -> dict[str, list[str]]:
    """The table of ``list``: id -> the other cells (split on runs of two or more spaces)."""
    table: dict[str, list[str]] = {}
    for line in stdout.splitlines()[1:]:
        if not line.strip():
            break
        cells = re.split(r"\s{2,}", line.strip())
        table[cells[0]] = cells[1:]
    return table


def test_list_shows_shipped_routines_and_the_user_folder(run_cli: RunCli, config_dir: Path) -> None:
    result = run_cli("list")
    assert result.returncode == 0, result.stderr
    no_traceback(result)
    assert result.stdout.splitlines()[0].split() == ["ID", "TITLE", "EXERCISES", "DURATION", "FROM"]
    table = rows(result.stdout)
    assert set(table) == set(SHIPPED)
    for key, title in SHIPPED.items():
        total = compile_plan(load_routine(CONTENT / f"{key}.yaml")).total_seconds
        assert table[key] == [title, "3", duration(total), "shipped"]
    assert f"Your routines folder: {config_dir / 'routines'}" in result.stdout
    assert result.stderr == ""


def test_list_shows_user_routines_valid_and_invalid(run_cli: RunCli, config_dir: Path) -> None:
    folder = config_dir / "routines"
    folder.mkdir()
    text = (CONTENT / "train-your-back.yaml").read_text(encoding="utf-8")
    (folder / "my-back.yaml").write_text(
        text.replace("title: Train your back", "title: My own back day").replace(
            "rounds: 3", "rounds: 2"
        ),
        encoding="utf-8",
    )
    shutil.copy(CORPUS / "reps-zero.yaml", folder / "broken.yml")
    (folder / "notes.txt").write_text("not a routine", encoding="utf-8")
    result = run_cli("list")
    assert result.returncode == 0
    no_traceback(result)
    table = rows(result.stdout)
    assert set(table) == {*SHIPPED, "my-back", "broken"}
    total = compile_plan(load_routine(folder / "my-back.yaml")).total_seconds
    assert table["my-back"] == ["My own back day", "3", duration(total), "yours"]
    assert table["broken"][0].startswith("(invalid")
    assert table["broken"][-1] == "yours"
    # The broken file's problems are on stderr, in the usual form.
    assert result.stderr.splitlines() == [
        f"{folder / 'broken.yml'}:4:11: 'reps' must be at least 1, got 0"
    ]


def test_a_user_routine_with_a_shipped_id_takes_its_place(
    run_cli: RunCli, config_dir: Path
) -> None:
    folder = config_dir / "routines"
    folder.mkdir()
    text = (CONTENT / "borden-back.yaml").read_text(encoding="utf-8")
    (folder / "borden-back.yaml").write_text(
        text.replace("title: Back-sculpting routine", "title: My Borden"), encoding="utf-8"
    )
    table = rows(run_cli("list").stdout)
    assert table["borden-back"][0] == "My Borden" and table["borden-back"][-1] == "yours"
    shown = json.loads(run_cli("show", "borden-back", "--json").stdout)
    assert shown["title"] == "My Borden"


def test_a_user_routine_named_with_capitals_and_spaces_is_found(
    run_cli: RunCli, config_dir: Path
) -> None:
    folder = config_dir / "routines"
    folder.mkdir()
    shutil.copy(CONTENT / "train-your-back.yaml", folder / "Legs Day.yaml")
    assert "Legs Day" in rows(run_cli("list").stdout)
    for name in ("Legs Day", "legs day"):
        result = run_cli("show", name, "--json")
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["title"] == "Train your back"
    assert (
        json.loads(run_cli("show", "BORDEN-BACK", "--json").stdout)["title"]
        == SHIPPED["borden-back"]
    )


# --- show -------------------------------------------------------------------------------------

STEP_KEYS = {"kind", "exercise", "round", "rep", "cue", "label", "seconds"}


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_show_json_has_the_required_keys(run_cli: RunCli, name: str) -> None:
    result = run_cli("show", name, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"title", "total_seconds", "steps"} <= set(data)
    assert data["title"] == SHIPPED[name]
    kinds = set()
    for step in data["steps"]:
        assert set(step) >= STEP_KEYS
        assert step["seconds"] is None or step["seconds"] > 0
        kinds.add(step["kind"])
    assert {"setup", "get-ready", "move", "rest", "done"} <= kinds
    assert data["total_seconds"] == pytest.approx(sum(s["seconds"] or 0 for s in data["steps"]))


def test_show_text_lists_every_step_with_its_time(run_cli: RunCli) -> None:
    result = run_cli("show", "train-your-back")
    assert result.returncode == 0, result.stderr
    plan = compile_plan(load_routine(CONTENT / "train-your-back.yaml"))
    lines = result.stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if line.split()[:2] == ["START", "LENGTH"])
    step_lines = lines[header + 1 : header + 1 + len(plan.steps)]
    assert len(step_lines) == len(plan.steps)
    for line, step in zip(step_lines, plan.steps, strict=True):
        assert line.split()[0] == duration(step.start)
        assert step.kind in line.split()
    assert lines[-1].startswith(f"Total: {duration(plan.total_seconds)}")


def test_show_rounds_and_count_seconds_change_the_plan(run_cli: RunCli) -> None:
    base = json.loads(run_cli("show", "train-your-back", "--json").stdout)
    more = json.loads(
        run_cli("show", "train-your-back", "--json", "--rounds", "4", "--count-seconds", "2").stdout
    )
    assert max(s["round"] or 0 for s in more["steps"]) == 4
    moves = [s for s in more["steps"] if s["kind"] == "move"]
    base_moves = [s for s in base["steps"] if s["kind"] == "move"]
    assert len(moves) == len(base_moves) * 4 // 3
    assert {s["seconds"] / 2 for s in moves} == {s["seconds"] for s in base_moves}


def test_show_accepts_a_path(run_cli: RunCli, tmp_path: Path) -> None:
    own = tmp_path / "somewhere" / "quick.yml"
    own.parent.mkdir()
    own.write_text(
        "title: Quick\nrounds: 1\nexercises:\n  - name: Row\n    reps: 2\n"
        "    cues: [Pull the handle in.]\n    rep: [{move: Pull, counts: 2}]\n",
        encoding="utf-8",
    )
    for arg, cwd in ((str(own), ROOT), ("quick.yml", own.parent), ("./quick.yml", own.parent)):
        result = run_cli("show", arg, "--json", cwd=cwd)
        assert result.returncode == 0, (arg, result.stderr)
        data = json.loads(result.stdout)
        assert data["title"] == "Quick"
        assert [s["kind"] for s in data["steps"]] == ["get-ready", "move", "move", "done"]
        assert data["total_seconds"] == 3 + 2 + 2


def test_show_an_invalid_file_prints_its_errors_and_exits_1(run_cli: RunCli) -> None:
    path = CORPUS / "several-problems.yaml"
    result = run_cli("show", str(path))
    assert result.returncode == 1
    assert result.stdout == ""
    expected = (CORPUS / "several-problems.expected").read_text(encoding="utf-8")
    assert result.stderr == expected.replace("PATH", str(path))


def test_show_a_missing_file(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("show", str(tmp_path / "gone.yaml"))
    assert result.returncode == 1
    assert result.stderr == f"{tmp_path / 'gone.yaml'}:1:1: no such file\n"


def test_unknown_routine_id_is_a_usage_error(run_cli: RunCli) -> None:
    result = run_cli("show", "no-such-routine")
    assert result.returncode == 2
    no_traceback(result)
    assert result.stdout == ""
    assert result.stderr == (
        "backtimer: no routine 'no-such-routine'; known routines: borden-back, train-your-back\n"
    )


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["--rounds", "0"], "0"),
        (["--rounds", "-3"], "-3"),
        (["--rounds", "three"], "three"),
        (["--rounds", "2.5"], "2.5"),
        (["--count-seconds", "0"], "0"),
        (["--count-seconds", "nan"], "nan"),
        (["--count-seconds", "inf"], "inf"),
        (["--count-seconds", "-1.5"], "-1.5"),
    ],
)
def test_bad_option_values_are_usage_errors(run_cli: RunCli, args: list[str], shown: str) -> None:
    result = run_cli("show", "borden-back", *args)
    assert result.returncode == 2
    no_traceback(result)
    assert result.stdout == ""
    # One line naming the option and the value given.
    (line,) = result.stderr.splitlines()
    assert line.startswith("backtimer")
    assert args[0] in line and shown in line


def test_option_without_its_value_is_an_argparse_error(run_cli: RunCli) -> None:
    result = run_cli("show", "borden-back", "--rounds")
    assert result.returncode == 2
    assert result.stderr.startswith("usage: backtimer show")
    assert "error: argument --rounds: expected one argument" in result.stderr


def test_a_workout_too_big_to_compile_is_refused_quickly(run_cli: RunCli) -> None:
    # Each value is allowed on its own; together they make over a million steps and counts.
    result = run_cli("show", "borden-back", "--rounds", "100", "--reps", "1000", timeout=10)
    assert result.returncode == 2
    no_traceback(result)
    assert result.stdout == ""
    assert "the most is 100,000" in result.stderr


def test_show_into_a_closed_pipe_is_quiet(config_dir: Path) -> None:
    env = dict(os.environ, BACKTIMER_CONFIG_DIR=str(config_dir))
    with subprocess.Popen(
        [sys.executable, "-m", "backtimer", "show", "borden-back"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        first = proc.stdout.read(20)
        proc.stdout.close()  # like `backtimer show ... | head -c 20`
        err = proc.stderr.read().decode()
        code = proc.wait(timeout=20)
    assert first.startswith(b"Back-sculpting")
    assert "Traceback" not in err
    assert code == 0


# --- check ------------------------------------------------------------------------------------


def test_check_valid_files_exit_0(run_cli: RunCli) -> None:
    paths = [str(CONTENT / f"{name}.yaml") for name in sorted(SHIPPED)]
    result = run_cli("check", *paths)
    assert result.returncode == 0
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        f"{paths[0]}: ok (Back-sculpting routine, 3 exercises)",
        f"{paths[1]}: ok (Train your back, 3 exercises)",
    ]


def test_check_invalid_file_exit_1_with_errors_on_stderr(run_cli: RunCli) -> None:
    path = CORPUS / "unknown-key-hodl.yaml"
    result = run_cli("check", str(path))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == f"{path}:8:10: unknown key 'hodl', did you mean 'hold'?\n"


def test_check_non_files(run_cli: RunCli, tmp_path: Path) -> None:
    args = [str(tmp_path), str(tmp_path / "missing.yaml")]
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "fifo.yaml")
        args.append(str(tmp_path / "fifo.yaml"))
    result = run_cli("check", *args, timeout=10)
    assert result.returncode == 1
    no_traceback(result)
    lines = result.stderr.splitlines()
    assert lines[0] == f"{tmp_path}:1:1: is a directory, not a routine file"
    assert lines[1] == f"{tmp_path / 'missing.yaml'}:1:1: no such file"
    if len(args) == 3:
        assert lines[2].startswith(f"{tmp_path / 'fifo.yaml'}:1:1: is not a regular file")


def test_check_needs_a_file(run_cli: RunCli) -> None:
    result = run_cli("check")
    assert result.returncode == 2
    assert "the following arguments are required: FILE" in result.stderr


def test_check_paths_from_another_folder_are_shown_as_given(
    run_cli: RunCli, tmp_path: Path
) -> None:
    shutil.copy(CORPUS / "rounds-zero.yaml", tmp_path / "r.yaml")
    result = run_cli("check", "r.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == "r.yaml:2:9: 'rounds' must be at least 1, got 0\n"


# --- schema -----------------------------------------------------------------------------------


def test_schema_command_prints_json(run_cli: RunCli) -> None:
    result = run_cli("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "backtimer routine"
    assert "exercises" in schema["required"]
