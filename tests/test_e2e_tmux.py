"""The real ``backtimer run`` in a real terminal (tmux): what the screen shows, and how it ends."""

from __future__ import annotations

import os
import shutil
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from terminal import Terminal

from backtimer.tui.widgets.bigtext import fit_text

pytestmark = [
    pytest.mark.skipif(
        shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)"
    ),
    pytest.mark.slow,
]

# With --count-seconds 0.1 the whole workout takes about 6 s: the get-ready, the hold and the rests
# are in seconds, so each stays on screen long enough to be seen (the screen is read every 40 ms).
#   round 1: get ready 0.8 s; 2 reps of Pull 0.1, Squeeze 0.8, Return 0.2; rest 0.8 s; round 2.
E2E_YAML = """\
title: E2E back
rounds: 2
count_seconds: 1
get_ready: 0.8
cue_seconds: 0
rest: {between_exercises: 0.8, between_rounds: 0.8}
exercises:
  - name: Lat pull down
    equipment: machine
    reps: 2
    cues: [Pull to the sternum and squeeze]
    rep:
      - {move: Pull, counts: 1}
      - {hold: Squeeze, seconds: 0.8}
      - {move: Return, counts: 2}
"""


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    (tmp_path / "config").mkdir()
    term = Terminal(tmp_path)
    yield term
    term.close()


@pytest.fixture
def routine_file(tmp_path: Path) -> Path:
    path = tmp_path / "e2e.yaml"
    path.write_text(E2E_YAML, encoding="utf-8")
    return path


def big_rows(screen: str, text: str) -> int:
    """How many rows tall ``text`` is drawn in block letters on ``screen`` (0: it is not)."""
    lines = screen.splitlines()
    tallest = 0
    for height in range(3, len(lines) + 1):
        drawn = fit_text(text, 1000, height, wrap=False)
        if drawn.face.font is None or drawn.letter_rows <= tallest:
            continue
        rows = [row.rstrip() for row in drawn.lines[0]]
        for y in range(len(lines) - len(rows) + 1):
            x = lines[y].find(rows[0])
            while x >= 0:
                if all(lines[y + k][x:].startswith(row) for k, row in enumerate(rows)):
                    tallest = drawn.letter_rows
                    break
                x = lines[y].find(rows[0], x + 1)
            if tallest == drawn.letter_rows:
                break
    return tallest


def run_args(routine: Path) -> list[str]:
    return ["run", str(routine), "--count-seconds", "0.1", "--audio", "off"]


def test_a_whole_routine_from_start_to_summary(terminal: Terminal, routine_file: Path) -> None:
    terminal.start(*run_args(routine_file))
    terminal.wait_for(
        "Lat pull down · machine", "Round 1/2", "get ready", "Pull to the sternum and squeeze"
    )
    terminal.wait_for("hold: SQUEEZE", "Rep 1/2", "Round 1/2", timeout=4)
    terminal.wait_for("hold: SQUEEZE", "Rep 2/2 · LAST REP", "Round 1/2", timeout=4)
    terminal.wait_for("◌ rest", "Lat pull down ✓ 2 reps", timeout=4)
    terminal.wait_for("get ready", "Round 2/2", timeout=4)
    terminal.wait_for("hold: SQUEEZE", "Rep 1/2", "Round 2/2", timeout=4)
    terminal.wait_for(
        "Workout complete: E2E back", "Rounds done: 2 of 2", "Skipped: nothing", timeout=8
    )
    assert terminal.flag("alternate_on") == "1"  # still up, waiting for q

    terminal.send("q")
    assert terminal.exit_code(timeout=5) == 0
    terminal.assert_restored()


def test_q_then_y_shows_what_was_done_then_q_leaves(terminal: Terminal, routine_file: Path) -> None:
    terminal.start(*run_args(routine_file))
    terminal.wait_for("get ready")
    terminal.send("q")
    terminal.wait_for("Quit the workout?", "PAUSED", "y or q quit · n keep going", timeout=3)
    terminal.send("y")
    terminal.wait_for("Workout stopped: E2E back", "Stopped at", "q: quit", timeout=3)
    asked_at = time.monotonic()
    terminal.send("q")
    assert terminal.exit_code(timeout=5) == 0
    assert time.monotonic() - asked_at < 1.0
    terminal.assert_restored()


def test_ctrl_p_quit_asks_first(terminal: Terminal, routine_file: Path) -> None:
    terminal.start(*run_args(routine_file))
    terminal.wait_for("get ready")
    terminal.send("C-p")
    terminal.wait_for("Search for commands", timeout=3)
    terminal.send("q", "u", "i", "t")
    terminal.wait_until(
        lambda s: "Quit the application" in s and "Save an SVG" not in s,
        "the palette narrowed to Quit",
        timeout=3,
    )
    terminal.send("Enter")
    terminal.wait_for("Quit the workout?", timeout=3)
    terminal.send("n")
    terminal.wait_until(lambda s: "Quit the workout?" not in s, "the workout again", timeout=3)
    terminal.send("C-c")  # Ctrl+C: at once, no question, exit 130 as an interrupt
    assert terminal.exit_code(timeout=5) == 130
    terminal.assert_restored()


@pytest.mark.parametrize(
    "size", [(80, 24), (120, 40), (200, 60)], ids=["80x24", "120x40", "200x60"]
)
def test_the_pause_counts_up_in_big_type_that_grows_with_the_terminal(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    """borden-back at 0.6 s a count: the 2-count pause shows a big 1, then a big 2."""
    (tmp_path / "config").mkdir()
    terminal = Terminal(tmp_path, size)
    try:
        terminal.start("run", "borden-back", "--count-seconds", "0.6", "--audio", "off")
        terminal.wait_for("Start with a grip a bit wider")
        terminal.send("n", "n", "n", "n")  # two setup cues, the get-ready, the first Pull
        # One whole frame shows the hold, its length and the count (a frame may be read while
        # it is being drawn, half new and half old).
        terminal.wait_until(
            lambda s: "hold: PAUSE" in s and "of 2 counts" in s and big_rows(s, "1") > 0,
            "a big 1 in the pause",
        )
        two = terminal.wait_until(
            lambda s: "hold: PAUSE" in s and "of 2 counts" in s and big_rows(s, "2") > 0,
            "then a big 2",
            timeout=3,
        )
        rows = big_rows(two, "2")
        least = {(80, 24): 3, (120, 40): 7, (200, 60): 8}[size]
        assert rows >= least, f"the count is {rows} rows tall at {size}"
        terminal.send("C-c")
        assert terminal.exit_code(timeout=5) == 130
    finally:
        terminal.close()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_ends_it_cleanly(
    terminal: Terminal, routine_file: Path, signum: signal.Signals
) -> None:
    terminal.start(*run_args(routine_file))
    terminal.wait_for("get ready")
    os.kill(terminal.pid(), signum)
    assert terminal.exit_code(timeout=5) == 128 + signum
    terminal.assert_restored()
