"""Saves of one routine at the same moment, from several processes: no change is ever lost."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from backtimer.core.loader import load_routine
from backtimer.settings.overrides import read_values
from backtimer.settings.values import reps_key

SAVERS = 4
ROUNDS = 20

# One saver: waits for the start signal, then saves its own exercise's reps once a round, each
# save a read-merge-write of the shared file.
_SAVER = """\
import os, sys, time
from pathlib import Path
from backtimer.core.loader import load_routine
from backtimer.settings.overrides import save_values
from backtimer.settings.values import reps_key

routine_file, go = Path(sys.argv[1]), Path(sys.argv[2])
me, rounds = int(sys.argv[3]), int(sys.argv[4])
routine = load_routine(routine_file)
Path(f"{go}.ready.{me}").touch()
while not go.exists():
    time.sleep(0.001)
for r in range(rounds):
    save_values("crowd", routine, {reps_key(f"e{me}-{r}"): 7})
"""


def _routine(path: Path) -> Path:
    lines = ["title: Crowd", "rounds: 1", "exercises:"]
    for me in range(SAVERS):
        for r in range(ROUNDS):
            lines.append(
                f"  - {{id: e{me}-{r}, name: E {me} {r}, reps: 5, cues: [a], rep: [{{move: m}}]}}"
            )
    path.write_text("\n".join(lines) + "\n")
    return path


def _wait_for(paths: list[Path], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not all(p.exists() for p in paths):
        assert time.monotonic() < deadline, "the savers did not start"
        time.sleep(0.01)


def test_savers_at_the_same_moment_keep_every_change(tmp_path: Path) -> None:
    routine_file = _routine(tmp_path / "crowd.yaml")
    config = tmp_path / "config"
    go = tmp_path / "go"
    env = dict(os.environ, BACKTIMER_CONFIG_DIR=str(config))
    savers = [
        subprocess.Popen(
            [sys.executable, "-c", _SAVER, str(routine_file), str(go), str(me), str(ROUNDS)],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for me in range(SAVERS)
    ]
    try:
        _wait_for([Path(f"{go}.ready.{me}") for me in range(SAVERS)])
        go.touch()
        for saver in savers:
            _, err = saver.communicate(timeout=120)
            assert saver.returncode == 0, err
    finally:
        for saver in savers:
            if saver.poll() is None:
                saver.kill()
    saved = read_values(config / "overrides" / "crowd.yaml", load_routine(routine_file))
    # Every saver's every change is there: nobody wrote over a change it had not read.
    expected = {reps_key(f"e{me}-{r}"): 7 for me in range(SAVERS) for r in range(ROUNDS)}
    assert saved == expected
