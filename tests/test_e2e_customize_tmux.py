"""Making borden-back yours, end to end: a --hold flag, the + key in a hold, save, show, reset."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import RunCli
from test_e2e_tmux import Terminal, big_rows

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)"
)

PAUSE_LINE = "then Pause (hold, {} counts){}, then Return"


@pytest.fixture
def terminals(tmp_path: Path, config_dir: Path) -> Iterator[list[Terminal]]:
    """Two runs, one after the other, each in a tmux server of its own, sharing one config."""
    made: list[Terminal] = []
    for name in ("first", "second"):
        folder = tmp_path / name
        folder.mkdir()
        term = Terminal(folder)
        term.env["BACKTIMER_CONFIG_DIR"] = str(config_dir)
        made.append(term)
    yield made
    for term in made:
        term.close()


def skip_to_the_pause(terminal: Terminal) -> None:
    """From the start of borden-back: past its two setup cues, the get-ready and the first Pull."""
    terminal.wait_for("Lat pull down · machine", "Start with a grip a bit wider")
    terminal.send("n", "n", "n", "n")


def test_hold_flag_then_plus_saved_shown_as_yours_then_reset(
    terminals: list[Terminal], config_dir: Path, run_cli: RunCli
) -> None:
    saved = config_dir / "overrides" / "borden-back.yaml"

    # --hold "lat pull down=3": the Pause counts to three.
    first, second = terminals
    first.start(
        "run", "borden-back", "--hold", "lat pull down=3", "--audio", "off",
        "--count-seconds", "0.2",
    )  # fmt: skip
    skip_to_the_pause(first)
    first.wait_until(
        lambda s: "hold: PAUSE" in s and "of 3 counts" in s and big_rows(s, "3") > 0,
        "the pause counting to three",
        timeout=8,
    )
    first.send("q")
    first.wait_for("Quit the workout?")
    first.send("y")  # a flag is not a change made in the workout: nothing to save, no question
    first.wait_for("Workout stopped", "q: quit")
    assert "Save as your defaults" not in first.screen()
    first.send("q")
    assert first.exit_code(timeout=5) == 0
    first.assert_restored()
    assert not saved.exists()

    # + during a Pause, then quit and save: the new count is yours.
    second.start("run", "borden-back", "--audio", "off")
    skip_to_the_pause(second)
    second.wait_for("hold: PAUSE", "of 2 counts", timeout=5)
    second.send("+")
    second.wait_for("hold: PAUSE", "of 3 counts", "changed: 3 counts (routine: 2)", timeout=3)
    second.send("q")
    second.wait_for("Quit the workout?")
    second.send("y")
    second.wait_for("Save as your defaults for this routine?", "y save · n don't save")
    second.send("y")
    second.wait_for("Saved:", "borden-back.yaml", "Workout stopped")
    second.send("q")
    assert second.exit_code(timeout=5) == 0
    second.assert_restored()
    # Holds are saved by phase number: Pause is phase 2 of the lat pull down.
    assert "2: 3                    # Pause; routine: 2 counts" in saved.read_text(encoding="utf-8")

    shown = run_cli("show", "borden-back")
    assert shown.returncode == 0, shown.stderr
    assert PAUSE_LINE.format(3, " [yours; routine: 2]") in shown.stdout
    assert shown.stdout.count("[yours;") == 1  # nothing else is marked as yours

    reset = run_cli("reset", "borden-back")
    assert reset.returncode == 0, reset.stderr
    assert not saved.exists()
    shown = run_cli("show", "borden-back")
    assert shown.returncode == 0, shown.stderr
    assert PAUSE_LINE.format(2, "") in shown.stdout
    assert "[yours" not in shown.stdout
