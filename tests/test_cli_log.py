"""The training log on the command line: history, export and import, and --no-log."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import RunCli
from log_helpers import T0, a_session, a_set

from backtimer.cli.entry import build_parser
from backtimer.cli.log_commands import FORMATS, log_path
from backtimer.log import FORMATS as LOG_FORMATS
from backtimer.log import default_path, open_log
from backtimer.settings.userconfig import UserConfig, load_user_config


@pytest.fixture
def logged(data_dir: Path) -> Path:
    """The user's log (in the test's data folder) with two sessions of borden-back."""
    with open_log() as log:
        log.add_sessions(
            [
                a_session(
                    a_set("lat-pull-down", 1, load=40, unit="kg", effort="easy"),
                    start=T0 - timedelta(days=2),
                ),
                a_session(a_set("lat-pull-down", 1, load=42.5, unit="kg", effort="ok"), start=T0),
            ]
        )
    return default_path()


def test_history_json_lists_the_sessions(run_cli: RunCli, logged: Path, data_dir: Path) -> None:
    result = run_cli("history", "borden-back", "--json")
    assert (result.returncode, result.stderr) == (0, "")
    data = json.loads(result.stdout)
    assert data["log"] == str(data_dir / "log.sqlite3")  # the log lives in the data folder
    assert [s["sets"][0]["load"] for s in data["sessions"]] == [40, 42.5]


def test_history_of_a_routine_not_logged_is_one_line(run_cli: RunCli, logged: Path) -> None:
    result = run_cli("history", "train-your-back")
    assert result.returncode == 1
    assert result.stderr == (
        "backtimer: no sessions of 'train-your-back' in the training log (logged: borden-back)\n"
    )


def test_export_strong_to_a_file_and_import_it_into_another_log(
    run_cli: RunCli, logged: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "strong.csv"
    result = run_cli("export", "--format", "strong", "--since", "2024-05-06", "-o", str(target))
    assert (result.returncode, result.stdout) == (0, f"Exported 1 sessions to {target}.\n")
    rows = target.read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;")
    assert rows[1].split(";")[4:6] == ["42.5", "kg"]

    monkeypatch.setenv("BACKTIMER_DATA_DIR", str(tmp_path / "other"))
    assert run_cli("import", str(target)).stdout == f"Imported 1 sessions from {target}.\n"
    again = run_cli("import", str(target))
    assert again.stdout == f"Imported 0 sessions from {target} (1 already in the log).\n"


def test_export_to_stdout_as_json(run_cli: RunCli, logged: Path) -> None:
    result = run_cli("export", "--format", "json")
    assert result.returncode == 0
    assert len(json.loads(result.stdout)["sessions"]) == 2


def test_a_bad_since_is_a_usage_error(run_cli: RunCli) -> None:
    result = run_cli("export", "--since", "last week")
    assert result.returncode == 2
    assert "expected a date like 2024-05-01, not 'last week'" in result.stderr


def test_a_corrupt_log_is_one_line_and_left_alone(
    run_cli: RunCli, data_dir: Path, tmp_path: Path
) -> None:
    data_dir.mkdir()
    damaged = b"SQLite format 3\x00" + b"\xff" * 4000
    (data_dir / "log.sqlite3").write_bytes(damaged)
    strong = tmp_path / "strong.csv"
    strong.write_text(
        "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;"
        "Distance Unit;Seconds;Notes;Workout Notes\n"
        "2024-05-01 18:00:00;Back;Row;1;40;kg;10;;;;;;\n",
        encoding="utf-8",
    )
    for args in (("history",), ("export",), ("import", str(strong))):
        result = run_cli(*args)
        assert result.returncode == 1, args
        assert result.stderr.count("\n") == 1, args
        assert result.stderr.startswith("backtimer: the training log"), args
        assert "damaged" in result.stderr, args
    assert (data_dir / "log.sqlite3").read_bytes() == damaged


def test_the_formats_are_the_logs() -> None:
    assert FORMATS == LOG_FORMATS


@pytest.mark.parametrize(
    ("argv", "recorded"),
    [
        ([], True),
        (["--no-log"], False),
        (["run", "borden-back"], True),
        (["run", "borden-back", "--no-log"], False),
        (["--no-log", "run", "borden-back"], False),
        (["practice", "borden-back", "--no-log"], False),
    ],
)
def test_no_log_on_the_picker_run_and_practice(
    argv: list[str], recorded: bool, data_dir: Path
) -> None:
    args = build_parser().parse_args(argv)
    expected = data_dir / "log.sqlite3" if recorded else None
    assert log_path(args, UserConfig()) == expected


def test_log_false_and_units_in_config_yaml(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("log: false\nunits: lb\n", encoding="utf-8")
    config = load_user_config(path)
    assert (config.log, config.units) == (False, "lb")
    assert log_path(build_parser().parse_args(["run", "x"]), config) is None
    path.write_text("units: stone\n", encoding="utf-8")
    with pytest.raises(Exception, match=r"config.yaml:1:8: 'units' must be one of"):
        load_user_config(path)


def test_building_the_parser_loads_no_log_module() -> None:
    """The parser is built on every start: the log's commands load only when one runs."""
    probe = (
        "import sys; from backtimer.cli.entry import build_parser; build_parser(); "
        "print(sorted(m for m in ('backtimer.log', 'pydantic', 'sqlite3') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"
