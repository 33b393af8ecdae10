"""The training log end to end in a real terminal (tmux): a short run of borden-back where the
load is set in a rest and the set rated easy; a second run, through the picker, that shows last
time and the advice in the preview and on the workout screen and is quit with q, y; then what
``history --json`` and ``export --format strong`` say. And a damaged log: said, left alone, and
the workout runs; and kill -9 mid-workout: the sets done are kept."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from terminal import ROOT, Terminal

pytestmark = [
    pytest.mark.skipif(
        shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)"
    ),
    pytest.mark.slow,
]

X = "\N{MULTIPLICATION SIGN}"
# The shortest count the flag allows: the ten lat pull downs take 5 s; the rests are in seconds.
SHORT_RUN = ["run", "borden-back", "--count-seconds", "0.1", "--rounds", "1", "--audio", "off"]


@pytest.fixture
def config(tmp_path: Path) -> Path:
    folder = tmp_path / "config"
    folder.mkdir()
    (folder / "config.yaml").write_text("audio: off\n", encoding="utf-8")
    return folder


@pytest.fixture
def terminals(tmp_path: Path, config: Path) -> Iterator[list[Terminal]]:
    """Terminals made on demand, each in a folder of its own, all with one config and log."""
    made: list[Terminal] = []
    yield made
    for term in made:
        term.close()


def new_terminal(terminals: list[Terminal], tmp_path: Path, config: Path) -> Terminal:
    folder = tmp_path / f"run{len(terminals) + 1}"
    folder.mkdir()
    term = Terminal(folder, env={"BACKTIMER_CONFIG_DIR": str(config)})
    terminals.append(term)
    return term


def backtimer(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, BACKTIMER_CONFIG_DIR=str(config), PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "backtimer", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


def into_the_first_rest(term: Terminal) -> None:
    """From the start of borden-back: skip the set-up and get-ready, do the lat pull downs (ten
    take 5 s at 0.1 s a count), and be in the rest after them, being asked."""
    term.wait_for("Lat pull down", "Start with a grip a bit wider")
    term.send("n", "n", "n")  # two set-up cues and the get-ready
    term.wait_for("Lat pull down: 20 kg", "↑↓ load", "e easy", timeout=20)


def test_a_load_set_in_the_rest_is_last_time_and_advice_on_the_next_run(
    terminals: list[Terminal], tmp_path: Path, config: Path, data_dir: Path
) -> None:
    first = new_terminal(terminals, tmp_path, config)
    first.start(*SHORT_RUN)
    into_the_first_rest(first)
    first.send(*["Up"] * 8)
    first.wait_for("Lat pull down: 40 kg", timeout=3)
    first.send("e")
    first.wait_for("Lat pull down: 40 kg  ↑↓ load · [e] easy", timeout=3)
    first.send("N", "N", "N")  # on to the seated row, skip it, skip the hyperextension
    first.wait_for("Workout ended: Back-sculpting routine", "Lat pull down: 40 kg", timeout=5)
    first.send("q")
    assert first.exit_code() == 0
    first.assert_restored()

    second = new_terminal(terminals, tmp_path, config)
    second.start()  # the picker, then the preview
    second.wait_for("Back-sculpting routine", "pick a routine")
    second.send("Enter")
    second.wait_for(
        "Last time:",
        f"Lat pull down: 40 kg {X} 10, easy (",
        "Not hard last time: try 42.5 kg",
        "“If it's not hard to pull down after 10x, increase your weight.”",
    )
    second.send("Enter")
    second.wait_for(f"last time: 40 kg {X} 10, easy · Not hard last time: try 42.5 kg")
    second.send("q")
    second.wait_for("Quit the workout?", timeout=3)
    second.send("y")
    second.wait_for("Workout stopped: Back-sculpting routine", "Last time (", timeout=5)
    second.send("q")
    assert second.exit_code() == 0
    second.assert_restored()

    history = backtimer(config, "history", "--json")
    assert history.returncode == 0, history.stderr
    data = json.loads(history.stdout)
    assert data["log"] == str(data_dir / "log.sqlite3")
    done, quit = data["sessions"]
    assert (done["status"], quit["status"]) == ("completed", "quit")
    lat = done["sets"][0]
    assert (lat["exercise"], lat["reps_done"], lat["load"], lat["unit"], lat["effort"]) == (
        "lat-pull-down",
        10,
        40,
        "kg",
        "easy",
    )
    assert [s["skipped"] for s in done["sets"]] == [False, True, True]
    strong = backtimer(config, "export", "--format", "strong")
    assert strong.returncode == 0, strong.stderr
    rows = [line.split(";") for line in strong.stdout.splitlines()]
    assert rows[0][:7] == [
        "Date",
        "Workout Name",
        "Exercise Name",
        "Set Order",
        "Weight",
        "Weight Unit",
        "Reps",
    ]
    assert rows[1][2:8] == ["Lat pull down", "1", "40", "kg", "10", "6"]


def test_a_damaged_log_is_said_left_alone_and_the_workout_runs(
    terminals: list[Terminal], tmp_path: Path, config: Path, data_dir: Path
) -> None:
    data_dir.mkdir()
    damaged = b"SQLite format 3\x00" + b"\xff" * 8000
    path = data_dir / "log.sqlite3"
    path.write_bytes(damaged)
    term = new_terminal(terminals, tmp_path, config)
    term.start(*SHORT_RUN)
    term.wait_for("Training log: the training log", "damaged", timeout=10)
    term.wait_for("Lat pull down", "Start with a grip a bit wider")
    term.send("n", "n", "n")
    term.wait_for("Rep 1/10", timeout=5)  # the workout runs
    term.send("q")
    term.wait_for("Quit the workout?", timeout=3)
    term.send("y")
    term.wait_for("Workout stopped", "Not recorded: the training log", timeout=5)
    term.send("q")
    assert term.exit_code() == 0
    term.assert_restored()
    shown = "".join(term.screen().split("\n"))
    assert "backtimer: the training log is damaged" in shown and str(path) in shown
    assert path.read_bytes() == damaged


def test_kill_9_in_the_rest_keeps_the_set_and_its_load(
    terminals: list[Terminal], tmp_path: Path, config: Path
) -> None:
    term = new_terminal(terminals, tmp_path, config)
    term.start(*SHORT_RUN, "--reps", "lat-pull-down=2")  # a set of two: kept all the same
    into_the_first_rest(term)
    term.send("Up", "h")
    term.wait_for("Lat pull down: 22.5 kg  ↑↓ load · e easy  o ok  [h] hard", timeout=3)
    os.kill(term.pid(), signal.SIGKILL)
    term.exit_code()
    history = backtimer(config, "history", "borden-back", "--json")
    (session,) = json.loads(history.stdout)["sessions"]
    assert session["status"] == "interrupted" and session["ended_at"] is None
    (lat,) = session["sets"]
    assert (lat["reps_done"], lat["load"], lat["effort"]) == (2, 22.5, "hard")
