"""Routine text printed by the command line never reaches the terminal as control sequences."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

ROUTINE = (
    'title: "\\e[31mRed\\e[0m"\n'
    "exercises:\n"
    '  - name: "x\\e[2J"\n'
    "    reps: 1\n"
    '    cues: ["\\e]0;title\\a cue [bold]b[/]"]\n'
    "    rep: [{move: Pull}]\n"
)


@pytest.mark.parametrize("command", [["show"], ["check"], ["list"]])
def test_escape_sequences_are_shown_as_symbols(tmp_path: Path, command: list[str]) -> None:
    config = tmp_path / "config"
    (config / "routines").mkdir(parents=True)
    routine = config / "routines" / "inject.yaml"
    routine.write_text(ROUTINE, encoding="utf-8")
    args = command if command == ["list"] else [*command, str(routine)]
    done = subprocess.run(
        [sys.executable, "-m", "backtimer", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "BACKTIMER_CONFIG_DIR": str(config)},
        cwd=ROOT,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout
    assert "\x07" not in done.stdout
    assert "␛[31mRed␛[0m" in done.stdout
    if command == ["show"]:
        assert "x␛[2J: 1 rep" in done.stdout
        assert "1. ␛]0;title␇ cue [bold]b[/]" in done.stdout
