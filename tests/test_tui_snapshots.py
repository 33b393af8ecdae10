"""Snapshots at 80x24 of the workout screen (a hold, a rest) and of the picker.

Regenerate after an intended change of look with ``pytest tests/test_tui_snapshots.py
--snapshot-update``, then look at the SVG files in tests/__snapshots__/ before committing them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from tui_helpers import advance_to, text, workout_app

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def own_config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An empty, relative config folder: no saved settings, and the picker lists only the
    shipped routines and names the same folder on every machine."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BACKTIMER_CONFIG_DIR", "config")


def test_workout_during_a_hold(snap_compare: Any) -> None:
    app, clock, _player = workout_app()
    t0 = clock.now

    async def run_before(pilot: Pilot[Any]) -> None:
        await advance_to(pilot, clock, t0, 4.5)  # 0.5 s into the 2-count Pause of rep 1
        assert text(app, "#phase") == "PAUSE"
        assert text(app, "#count") == "1 of 2"

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_workout_during_a_rest(snap_compare: Any) -> None:
    app, clock, _player = workout_app()
    t0 = clock.now

    async def run_before(pilot: Pilot[Any]) -> None:
        await advance_to(pilot, clock, t0, 14)  # 1 s into the rest before Hyperextension
        assert text(app, "#phase") == "REST"
        assert text(app, "#next").startswith("Next: Hyperextension")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_picker(snap_compare: Any) -> None:
    app, _clock, _player = workout_app(start="picker")
    assert snap_compare(app, terminal_size=SIZE)
