"""The real ``backtimer practice`` in a real terminal (tmux): every cue, one at a time, no clock."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CONTENT, RunCli
from terminal import Terminal
from test_e2e_tmux import big_rows

from backtimer.core.loader import load_routine

needs_tmux = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)"
)


@pytest.fixture
def terminal(tmp_path: Path, config_dir: Path) -> Iterator[Terminal]:
    """A tmux server of its own (killed afterwards), using the test's empty config folder."""
    term = Terminal(tmp_path)
    term.env["BACKTIMER_CONFIG_DIR"] = str(config_dir)
    yield term
    term.close()


def flat(text: str) -> str:
    return " ".join(text.split())


SCROLLBAR = " ▁▂▃▄▅▆▇█"


def side_list(screen: str) -> str:
    """The text of the cue list beside the cue (the second of the two boxes), wrapping undone.
    The cue's own box may show it in block letters, which are a picture, not text."""
    rows = [line.split("│")[3] for line in screen.splitlines() if line.count("│") >= 4]
    # The scrollbar's thumb (a block at the row's right end) is not text.
    return flat(" ".join(row.rstrip(SCROLLBAR) for row in rows))


def settled(terminal: Terminal, timeout: float = 5.0) -> str:
    """The screen once two captures 0.2 s apart are the same (the first frames are drawn)."""
    deadline = time.monotonic() + timeout
    before = terminal.screen()
    while time.monotonic() < deadline:
        time.sleep(0.2)
        now = terminal.screen()
        if now == before:
            return now
        before = now
    raise AssertionError(f"the screen kept changing for {timeout} s; last:\n{before}")


@needs_tmux
@pytest.mark.slow
def test_practice_walks_every_cue_of_every_exercise_then_q_exits(terminal: Terminal) -> None:
    routine = load_routine(CONTENT / "borden-back.yaml")
    n_ex = len(routine.exercises)
    terminal.start("practice", "borden-back", "--audio", "off")
    terminal.wait_for("Practice · Lat pull down (1/3)", "Cue 1 of 3", "q Leave")
    # No clock runs: once drawn, nothing on screen moves by itself for over a second.
    first = settled(terminal)
    assert "Traceback" not in first
    still_until = time.monotonic() + 1.2
    while time.monotonic() < still_until:
        assert terminal.screen() == first
        time.sleep(0.1)

    walked = 0
    for ei, ex in enumerate(routine.exercises):
        for n, cue in enumerate(ex.cues, 1):
            title = f"Practice · {ex.name} ({ei + 1}/{n_ex})"
            heading = f"Cue {n} of {len(ex.cues)}"

            def at_cue(
                screen: str,
                title: str = title,
                heading: str = heading,
                cue: str = f"▶ {n}. {flat(cue)}",
            ) -> bool:
                return title in screen and heading in screen and cue in side_list(screen)

            terminal.wait_until(at_cue, f"{title}, {heading}")
            walked += 1
            terminal.send("Right")
    assert walked == 10
    terminal.wait_for("That was the last cue")
    assert "Cue 4 of 4" in terminal.screen()  # still on the last one

    terminal.send("Left")
    terminal.wait_for("Cue 3 of 4")
    terminal.send("q")
    assert terminal.exit_code(timeout=5) == 0
    terminal.assert_restored()


@needs_tmux
@pytest.mark.slow
def test_practice_starts_at_a_named_exercise_and_plays_its_hold(terminal: Terminal) -> None:
    terminal.start(
        "practice", "borden-back", "HYPEREXTENSION", "--count-seconds", "0.5", "--audio", "off"
    )
    terminal.wait_for("Practice · Hyperextension (3/3)", "Cue 1 of 4")
    terminal.send("h")  # the 3-count Hold, in real time at 0.5 s a count
    terminal.wait_until(
        lambda s: "Hold · Esc stops" in s and "of 3 counts" in s and big_rows(s, "1") >= 5,
        "the hold's big 1",
        timeout=3,
    )
    terminal.wait_until(lambda s: big_rows(s, "2") >= 5, "then a big 2", timeout=3)
    terminal.send("Escape")
    screen = terminal.wait_until(lambda s: "Hold · Esc stops" not in s, "the hold stopped")
    assert "Practice · Hyperextension" in screen
    terminal.send("q")
    assert terminal.exit_code(timeout=5) == 0
    terminal.assert_restored()


@needs_tmux
@pytest.mark.slow
@pytest.mark.parametrize("audio", ["bell", "off", "auto"])
def test_h_then_q_exits_0_on_every_backend(terminal: Terminal, audio: str) -> None:
    """Regression: with the bell (what auto picks with no sound card), leaving after h crashed
    with LookupError (active_app) from a timer the bell's flash set."""
    terminal.start("practice", "borden-back", "--audio", audio)
    terminal.wait_for("Practice · Lat pull down (1/3)", "Cue 1 of 3")
    terminal.send("h")
    terminal.wait_for("■ hold: PAUSE", "of 2 counts", timeout=3)
    # Leave while the hold's first sound is fresh: with the bell, once the terminal has rung (its
    # flash is still on); with a device there is nothing to see, so give it the time to play.
    if audio == "bell":
        terminal.wait_until(lambda s: terminal.flag("window_bell_flag") == "1", "the bell")
    elif audio == "auto":
        time.sleep(0.6)
    terminal.send("q")
    assert terminal.exit_code(timeout=5) == 0
    terminal.assert_restored()


def test_practice_with_an_unknown_exercise_lists_the_valid_ones(run_cli: RunCli) -> None:
    result = run_cli("practice", "borden-back", "squat", "--audio", "off")
    assert result.returncode == 2
    assert "no exercise 'squat' in 'Back-sculpting routine'" in result.stderr
    assert "'Lat pull down' (lat-pull-down)" in result.stderr
    assert "'Hyperextension' (hyperextension)" in result.stderr
    assert "Traceback" not in result.stderr
