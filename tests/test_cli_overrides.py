"""Customizing through the real command line: flags, show's markings, saving and reset.

Every command runs ``python -m backtimer`` in a subprocess with ``BACKTIMER_CONFIG_DIR`` set to a
temporary folder, so the user's real settings are never read or written.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import CONTENT, ROOT, RunCli

from backtimer.core.duration import Duration
from backtimer.core.loader import load_routine
from backtimer.settings.catalog import Entry
from backtimer.settings.overrides import build_layers, save_layers

PAUSE_2 = "Pause (hold, 2 counts), then Return"
PAUSE_3_FLAG = "Pause (hold, 3 counts) [flag; routine: 2], then Return"
PAUSE_3_YOURS = "Pause (hold, 3 counts) [yours; routine: 2], then Return"


def _saved(config_dir: Path, routine: str = "borden-back") -> Path:
    return config_dir / "overrides" / f"{routine}.yaml"


def _lat_hold_counts(plan: dict[str, Any]) -> set[int]:
    return {
        s["counts"]
        for s in plan["steps"]
        if s["kind"] == "hold" and s["exercise"] == "lat-pull-down"
    }


def _one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("backtimer: ")
    return lines[0]


def test_done_when(run_cli: RunCli, config_dir: Path) -> None:
    # The flag holds the lat pull down's pause for three counts.
    shown = run_cli("show", "borden-back", "--hold", "lat pull down=3")
    assert shown.returncode == 0, shown.stderr
    assert PAUSE_3_FLAG in shown.stdout
    plan = json.loads(run_cli("show", "borden-back", "--hold", "lat pull down=3", "--json").stdout)
    assert _lat_hold_counts(plan) == {3}

    # Saved, the next show carries the 3, marked as yours.
    saved = run_cli("show", "borden-back", "--hold", "lat pull down=3", "--save")
    assert saved.returncode == 0, saved.stderr
    path = _saved(config_dir)
    assert f"Saved as your defaults for borden-back: {path}" in saved.stdout
    assert path.read_text().startswith("# backtimer: your settings for the routine")
    shown = run_cli("show", "borden-back")
    assert PAUSE_3_YOURS in shown.stdout
    assert "[yours] your saved settings" in shown.stdout
    plan = json.loads(run_cli("show", "borden-back", "--json").stdout)
    assert _lat_hold_counts(plan) == {3}
    assert plan["overrides"] == [
        {
            "what": "exercises.lat-pull-down.holds.Pause",
            "setting": "hold",
            "exercise": "lat-pull-down",
            "phase": 1,
            "value": 3,
            "unit": "counts",
            "routine_value": 2,
            "routine_unit": "counts",
            "layer": "yours",
        }
    ]

    # Reset brings back the seed's 2.
    reset = run_cli("reset", "borden-back")
    assert reset.returncode == 0, reset.stderr
    assert f"Removed your saved settings for borden-back: {path}" in reset.stdout
    assert not path.exists()
    shown = run_cli("show", "borden-back")
    assert PAUSE_2 in shown.stdout
    assert "[yours" not in shown.stdout
    assert _lat_hold_counts(json.loads(run_cli("show", "borden-back", "--json").stdout)) == {2}

    again = run_cli("reset", "borden-back")
    assert again.returncode == 0
    assert "No saved settings for borden-back" in again.stdout


def test_a_session_save_through_the_api_shows_as_yours(
    run_cli: RunCli, config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What the workout screen does: + in the hold, then "save as your defaults".
    monkeypatch.setenv("BACKTIMER_CONFIG_DIR", str(config_dir))
    routine = load_routine(CONTENT / "borden-back.yaml")
    layers = build_layers(Entry("borden-back", CONTENT / "borden-back.yaml", "shipped"), routine)
    assert layers.adjust_hold("lat-pull-down", 1, +1) == Duration(counts=3)
    assert layers.changed
    assert save_layers(layers) == _saved(config_dir)
    assert PAUSE_3_YOURS in run_cli("show", "borden-back").stdout
    run_cli("reset", "borden-back")
    assert PAUSE_2 in run_cli("show", "borden-back").stdout


def _row_holds(run_cli: RunCli, *flags: str) -> set[tuple[Any, Any]]:
    plan = json.loads(run_cli("show", "train-your-back", "--json", *flags).stdout)
    return {
        (s["counts"], s["seconds"])
        for s in plan["steps"]
        if s["kind"] == "hold" and s["exercise"] == "bent-over-row"
    }


def test_a_saved_hold_in_seconds_reads_back_in_seconds(
    run_cli: RunCli, config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The bent over row's 3 s hold, + in the workout (4 s), saved: it stays 4 s whatever a
    # count lasts, on that exercise and that hold alone.
    monkeypatch.setenv("BACKTIMER_CONFIG_DIR", str(config_dir))
    path = CONTENT / "train-your-back.yaml"
    routine = load_routine(path)
    layers = build_layers(Entry("train-your-back", path, "shipped"), routine)
    assert layers.adjust_hold("bent-over-row", 1, +1) == Duration(seconds=4.0)
    saved = save_layers(layers)
    assert saved == config_dir / "overrides" / "train-your-back.yaml"
    assert "      2: {seconds: 4}         # Hold; routine: 3 s" in saved.read_text().splitlines()
    again = build_layers(Entry("train-your-back", path, "shipped"), routine)
    assert again.hold_length("bent-over-row", 1) == Duration(seconds=4.0)
    assert not again.changed
    assert _row_holds(run_cli, "--count-seconds", "2") == {(None, 4.0)}
    out = run_cli("show", "train-your-back", "--count-seconds", "2").stdout
    assert "Hold (hold, 4 s) [yours; routine: 3 s]" in out
    assert out.count("[yours;") == 1  # the face pull's 3 s hold is its own
    marked = json.loads(run_cli("show", "train-your-back", "--json").stdout)["overrides"]
    assert [(o["what"], o["value"], o["unit"], o["setting"]) for o in marked] == [
        ("exercises.bent-over-row.holds.Hold", 4.0, "seconds", "hold")
    ]


def test_a_hold_in_counts_written_before_is_still_counts(run_cli: RunCli, config_dir: Path) -> None:
    # Files written before said a hold's length in counts only, even for a hold in seconds.
    path = config_dir / "overrides" / "train-your-back.yaml"
    path.parent.mkdir()
    path.write_text("exercises:\n  bent-over-row:\n    holds:\n      2: 4\n")
    assert _row_holds(run_cli, "--count-seconds", "2") == {(4, 8.0)}
    out = run_cli("show", "train-your-back").stdout
    assert "Hold (hold, 4 counts) [yours; routine: 3 s]" in out


def test_a_hand_written_file_and_flags_on_top(run_cli: RunCli, config_dir: Path) -> None:
    path = _saved(config_dir)
    path.parent.mkdir()
    path.write_text(
        "rounds: 4\n"
        "count_seconds: 1.5\n"
        "exercises:\n"
        "  Lat pull down:\n"
        "    holds: {pause: 3}\n"
        "  seated-row:\n"
        "    reps: 12\n"
    )
    out = run_cli("show", "borden-back", "--rounds", "2", "--rest", "90").stdout
    assert "2 rounds [flag; routine: 3]" in out
    assert "one count = 1.5 s [yours; routine: 1 s]" in out
    assert "rest 90 s [flag; routine: 30 s] between exercises" in out
    assert "90 s [flag; routine: 60 s] between rounds" in out
    assert "Seated row (band or machine), back (width): 12 reps [yours; routine: 10]" in out
    assert PAUSE_3_YOURS in out
    marked = json.loads(
        run_cli("show", "borden-back", "--hold", "lat pull down=2", "--json").stdout
    )
    layers = {o["what"]: (o["value"], o["layer"]) for o in marked["overrides"]}
    assert layers == {
        "rounds": (4, "yours"),
        "count_seconds": (1.5, "yours"),
        "exercises.seated-row.reps": (12, "yours"),
    }  # the flag put the pause back to the routine's 2: not an override


def test_json_keeps_the_existing_keys(run_cli: RunCli) -> None:
    plain = json.loads(run_cli("show", "borden-back", "--json").stdout)
    changed = json.loads(run_cli("show", "borden-back", "--json", "--reps", "12").stdout)
    assert set(plain) == set(changed)
    assert {"title", "rounds", "count_seconds", "total_seconds", "exercises", "steps"} < set(plain)
    assert plain["overrides"] == []
    assert [o["what"] for o in changed["overrides"]] == [
        "exercises.lat-pull-down.reps",
        "exercises.seated-row.reps",
        "exercises.hyperextension.reps",
    ]


def test_a_broken_file_is_reported_and_untouched(run_cli: RunCli, config_dir: Path) -> None:
    path = _saved(config_dir)
    path.parent.mkdir()
    broken = "exercises:\n  lat-pull-down:\n    holds:\n      Pause: 3\n  squat:\n    reps: 5\n"
    path.write_text(broken)
    shown = run_cli("show", "borden-back")
    assert shown.returncode == 0, shown.stderr
    assert f"{path}:5:3: no exercise 'squat'" in shown.stderr
    assert "ignored until the file is fixed" in shown.stderr
    assert "backtimer reset borden-back" in shown.stderr
    assert "Traceback" not in shown.stderr
    assert PAUSE_2 in shown.stdout  # the routine runs on its own values
    refused = run_cli("show", "borden-back", "--rounds", "4", "--save")
    assert refused.returncode == 1
    assert "left untouched" in refused.stderr
    assert f"{path}:5:3:" in refused.stderr
    assert path.read_text() == broken
    # reset removes even a broken file.
    assert run_cli("reset", "borden-back").returncode == 0
    assert not path.exists()


def test_a_path_with_a_file_in_the_way(tmp_path: Path) -> None:
    # Simulates a read-only config folder (root ignores chmod): its parent is a regular file.
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder")
    env = dict(os.environ, BACKTIMER_CONFIG_DIR=str(blocker / "config"))

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "backtimer", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )

    result = run("show", "borden-back", "--hold", "lat pull down=3", "--save")
    assert result.returncode == 1
    assert PAUSE_3_FLAG in result.stdout  # the plan is still shown
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        f"backtimer: your settings were not saved: {blocker / 'config' / 'overrides'} "
        "cannot be a folder (part of that path is a file)"
    )
    assert blocker.read_text() == "not a folder"
    assert run("reset", "borden-back").returncode == 0


def test_reset_of_a_routine_that_is_gone(run_cli: RunCli, config_dir: Path) -> None:
    path = _saved(config_dir, "old-routine")
    path.parent.mkdir()
    path.write_text("rounds: 4\n")
    result = run_cli("reset", "old-routine")
    assert result.returncode == 0
    assert "Removed your saved settings for old-routine" in result.stdout
    assert not path.exists()


@pytest.mark.parametrize("name", [".hidden", "../up", ".yaml", "a\\b"])
def test_reset_of_a_name_that_is_no_file_name_touches_nothing_outside_the_folder(
    run_cli: RunCli, config_dir: Path, name: str
) -> None:
    # Files a reset must never reach: beside the overrides folder, and where the name points.
    bait = [config_dir / "up.yaml", config_dir / ".hidden.yaml", config_dir / "overrides.yaml"]
    for path in bait:
        path.write_text("rounds: 4\n")
    result = run_cli("reset", name)
    assert "Traceback" not in result.stderr
    assert all(path.read_text() == "rounds: 4\n" for path in bait)


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (
            ["--hold", "lat pul=3"],
            ["no exercise 'lat pul'", "'Lat pull down' (lat-pull-down)", "'Seated row'"],
        ),
        (["--hold", "lat pull down=0"], ["--hold 'lat pull down=0'", "from 1 to 1000"]),
        (["--hold", "lat pull down:pull=3"], ["is a move, not a hold"]),
        (["--reps", "squat=10"], ["--reps 'squat=10'", "(hyperextension)"]),
        (["--rounds", "0"], ["--rounds: must be from 1 to 100, got 0"]),
        (["--count-seconds", "abc"], ["--count-seconds: expected a number of seconds"]),
        (["--rest", "-1"], ["--rest: must be from 0 to 3600 seconds"]),
    ],
)
def test_flag_errors_are_one_line_and_exit_2(
    run_cli: RunCli, args: list[str], fragments: list[str]
) -> None:
    line = _one_line_error(run_cli("show", "borden-back", *args))
    for fragment in fragments:
        assert fragment in line


def test_an_exercise_with_no_hold(run_cli: RunCli) -> None:
    line = _one_line_error(run_cli("show", "train-your-back", "--hold", "good morning=3"))
    assert "'Good morning' has no hold to change" in line


def test_an_exercise_with_several_holds(run_cli: RunCli, tmp_path: Path) -> None:
    routine = tmp_path / "two.yaml"
    routine.write_text(
        "title: Two holds\n"
        "exercises:\n"
        "  - name: Row\n"
        "    reps: 5\n"
        "    cues: [Row.]\n"
        "    rep:\n"
        "      - {hold: Squeeze, counts: 2}\n"
        "      - {move: Return, counts: 1}\n"
        "      - {hold: Stretch, counts: 2}\n"
    )
    line = _one_line_error(run_cli("show", str(routine), "--hold", "row=3"))
    assert "'Row' has 2 holds; pick one by name or number: 1 (Squeeze), 3 (Stretch)" in line
    shown = run_cli("show", str(routine), "--hold", "row:stretch=4", "--hold", "row:1=5")
    assert "Squeeze (hold, 5 counts) [flag; routine: 2]" in shown.stdout
    assert "Stretch (hold, 4 counts) [flag; routine: 2]" in shown.stdout


def test_audio_is_accepted_and_changes_nothing_shown(run_cli: RunCli) -> None:
    shown = run_cli("show", "borden-back", "--audio", "off")
    assert (shown.returncode, shown.stderr) == (0, "")
    assert shown.stdout == run_cli("show", "borden-back").stdout


def test_a_routine_given_by_path_keeps_its_own_saved_settings(
    run_cli: RunCli, config_dir: Path, tmp_path: Path
) -> None:
    """A copy of borden-back elsewhere neither reads nor resets the shipped routine's settings."""
    copy = tmp_path / "other" / "borden-back.yaml"
    copy.parent.mkdir()
    copy.write_text((CONTENT / "borden-back.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    assert run_cli("show", "borden-back", "--hold", "lat pull down=3", "--save").returncode == 0
    shown = run_cli("show", str(copy))
    assert shown.returncode == 0 and "yours" not in shown.stdout and shown.stderr == ""
    assert run_cli("show", str(copy), "--hold", "lat pull down=4", "--save").returncode == 0
    assert "[yours; routine: 2]" in run_cli("show", str(copy)).stdout
    assert run_cli("reset", str(copy)).returncode == 0
    kept = run_cli("show", "borden-back").stdout
    assert "3 counts) [yours; routine: 2]" in kept


def test_an_ambiguous_exercise_flag_is_refused_naming_both(run_cli: RunCli, tmp_path: Path) -> None:
    routine = tmp_path / "r.yaml"
    routine.write_text(
        "title: Two rows\nexercises:\n"
        "  - {name: Row, id: pull, reps: 5, cues: [a], rep: [{move: Pull}]}\n"
        "  - {name: Pull, id: other, reps: 5, cues: [b], rep: [{move: Pull}]}\n",
        encoding="utf-8",
    )
    result = run_cli("show", str(routine), "--reps", "pull=3")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "--reps 'pull=3'" in result.stderr
    assert "'Row'" in result.stderr and "'Pull'" in result.stderr


def test_list_shows_the_length_with_your_saved_settings(run_cli: RunCli) -> None:
    assert "12:51" in run_cli("list").stdout
    assert run_cli("show", "borden-back", "--hold", "lat pull down=3", "--save").returncode == 0
    row = next(line for line in run_cli("list").stdout.splitlines() if "borden-back" in line)
    assert "13:21 (yours; routine 12:51)" in row


PLANK = (
    "title: Plank and row\n"
    "exercises:\n"
    "  - name: Plank\n"
    "    reps: 1\n"
    "    cues: [Brace.]\n"
    "    rep:\n"
    "      - {hold: Hold, seconds: 30}\n"
    "  - name: Row\n"
    "    reps: 5\n"
    "    cues: [Row.]\n"
    "    rep:\n"
    "      - {move: Pull, counts: 1}\n"
    "      - {hold: Squeeze, counts: 2}\n"
)


@pytest.mark.parametrize(
    ("flags", "plank", "row"),
    [
        # A bare number is in the hold's own unit: what the screen shows for it.
        (["plank=45", "row=3"], "Hold (hold, 45 s)", "Squeeze (hold, 3 counts)"),
        # Or say which.
        (["plank=45s", "row=3c"], "Hold (hold, 45 s)", "Squeeze (hold, 3 counts)"),
        (["plank=2.5 seconds", "row=3 counts"], "Hold (hold, 2.5 s)", "Squeeze (hold, 3 counts)"),
        (["plank=20c", "row=4s"], "Hold (hold, 20 counts)", "Squeeze (hold, 4 s)"),
        # The last flag for a hold wins, whichever unit each gives.
        (["plank=20c", "plank=40"], "Hold (hold, 40 s)", "Squeeze (hold, 2 counts)"),
    ],
)
def test_a_hold_length_is_in_the_holds_own_unit_or_the_one_given(
    run_cli: RunCli, tmp_path: Path, flags: list[str], plank: str, row: str
) -> None:
    routine = tmp_path / "plank.yaml"
    routine.write_text(PLANK, encoding="utf-8")
    args = [a for f in flags for a in ("--hold", f)]
    shown = run_cli("show", str(routine), *args)
    assert (shown.returncode, shown.stderr) == (0, "")
    assert plank in shown.stdout and row in shown.stdout, shown.stdout


@pytest.mark.parametrize(
    ("flag", "said"),
    [
        ("plank=45x", "give N counts or N seconds, e.g. '3', '3c' or '45s'"),
        ("plank=s", "give N counts or N seconds"),
        ("plank=0s", "must be from 0.001 to 3600 seconds"),
        ("plank=5000", "must be from 0.001 to 3600 seconds"),
        ("row=2.5", "--hold 'row=2.5'"),
        ("row=0c", "must be from 1 to 1000"),
    ],
)
def test_a_bad_hold_length_is_one_line_naming_the_flag(
    run_cli: RunCli, tmp_path: Path, flag: str, said: str
) -> None:
    routine = tmp_path / "plank.yaml"
    routine.write_text(PLANK, encoding="utf-8")
    line = _one_line_error(run_cli("show", str(routine), "--hold", flag))
    assert said in line and f"--hold '{flag}'" in line, line


def test_a_hold_in_seconds_is_saved_in_seconds(
    run_cli: RunCli, config_dir: Path, tmp_path: Path
) -> None:
    routine = tmp_path / "plank.yaml"
    routine.write_text(PLANK, encoding="utf-8")
    saved = run_cli("show", str(routine), "--hold", "plank=45", "--hold", "row=3", "--save")
    assert saved.returncode == 0, saved.stderr
    again = run_cli("show", str(routine))
    assert "Hold (hold, 45 s)" in again.stdout and "Squeeze (hold, 3 counts)" in again.stdout
    (written,) = [p for p in config_dir.rglob("*.yaml") if p.read_text().count("seconds")]
    assert "seconds: 45" in written.read_text(), written.read_text()
