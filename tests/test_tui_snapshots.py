"""Snapshots of the workout screen in each kind of phase (move, hold, rest, get ready) at 80x24,
120x40, 200x60 and 40x12, on a fake clock; of the screen without colour; and of the picker.

Regenerate after an intended change of look with ``pytest tests/test_tui_snapshots.py
--snapshot-update``, then look at the SVG files in tests/__snapshots__/ before committing them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from tui_helpers import advance_to, choices_loaded, heading, panel, workout_app

SIZES = {"80x24": (80, 24), "120x40": (120, 40), "200x60": (200, 60), "40x12": (40, 12)}

# Moments of the tiny routine (tests/tui_helpers.py) and what they show.
PHASES = {
    "get-ready": (1.2, "GET READY", "2"),  # 1.8 s of the 3 s countdown left
    "move": (3.5, "PULL", "1"),
    "hold": (5.5, "PAUSE", "2"),  # the second count of the 2-count pause
    "rest": (14.0, "REST", "0:04"),  # the lat pull down just done, ticked
}


@pytest.fixture(autouse=True)
def own_config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An empty, relative config folder: no saved settings, and the picker lists only the
    shipped routines and names the same folder on every machine."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BACKTIMER_CONFIG_DIR", "config")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("kind", PHASES)
def test_workout(snap_compare: Any, kind: str, size: str) -> None:
    app, clock, _player = workout_app()
    t0 = clock.now
    at, word, number = PHASES[kind]

    async def run_before(pilot: Pilot[Any]) -> None:
        await advance_to(pilot, clock, t0, at)
        assert panel(app).word == word
        assert panel(app).number == number

    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)


def test_workout_rest_showing_what_comes_next(snap_compare: Any) -> None:
    app, clock, _player = workout_app()
    t0 = clock.now

    async def run_before(pilot: Pilot[Any]) -> None:
        await advance_to(pilot, clock, t0, 16.0)
        assert heading(app).title == "Next: Hyperextension · floor"

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_workout_without_colour_keeps_the_kinds_apart(
    snap_compare: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app, clock, _player = workout_app()
    t0 = clock.now

    async def run_before(pilot: Pilot[Any]) -> None:
        await advance_to(pilot, clock, t0, 5.5)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_workout_paused(snap_compare: Any) -> None:
    app, clock, _player = workout_app()
    t0 = clock.now

    async def run_before(pilot: Pilot[Any]) -> None:
        await advance_to(pilot, clock, t0, 4.5)
        await pilot.press("space")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_picker(snap_compare: Any) -> None:
    app, _clock, _player = workout_app(start="picker")

    async def run_before(pilot: Pilot[Any]) -> None:
        await choices_loaded(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
