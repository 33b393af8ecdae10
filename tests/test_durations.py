"""A routine's length with your saved settings, as the picker and ``backtimer list`` show it."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CONTENT

from backtimer.core.adjustments import hold_key
from backtimer.core.loader import load_routine
from backtimer.core.plan import compile_plan
from backtimer.settings.durations import routine_length


@pytest.fixture(autouse=True)
def own_config_dir(config_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BACKTIMER_CONFIG_DIR", str(config_dir))
    return config_dir


def test_with_no_saved_settings_it_is_the_routines_own() -> None:
    routine = load_routine(CONTENT / "borden-back.yaml")
    length = routine_length("borden-back", routine)
    assert length.seconds == compile_plan(routine).total_seconds
    assert not length.saved
    assert not length.differs


def test_a_saved_three_count_pause_makes_it_longer(own_config_dir: Path) -> None:
    routine = load_routine(CONTENT / "borden-back.yaml")
    (own_config_dir / "overrides").mkdir()
    (own_config_dir / "overrides" / "borden-back.yaml").write_text(
        "exercises:\n  lat-pull-down:\n    holds:\n      Pause: 3\n", encoding="utf-8"
    )
    length = routine_length("borden-back", routine)
    assert length.saved
    assert length.differs
    # One count more in each of 10 reps of 3 rounds.
    assert length.seconds == compile_plan(routine).total_seconds + 30
    assert length.seconds == compile_plan(routine, {hold_key("lat-pull-down", 1): 3}).total_seconds
    assert length.routine_seconds == compile_plan(routine).total_seconds


def test_a_broken_settings_file_counts_as_none(own_config_dir: Path) -> None:
    routine = load_routine(CONTENT / "borden-back.yaml")
    (own_config_dir / "overrides").mkdir()
    (own_config_dir / "overrides" / "borden-back.yaml").write_text("rounds: [", encoding="utf-8")
    length = routine_length("borden-back", routine)
    assert length.broken
    assert not length.saved
    assert length.seconds == compile_plan(routine).total_seconds
