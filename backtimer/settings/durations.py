"""How long a routine takes as it would run now: with your saved settings applied.

The picker and ``backtimer list`` show this, so a saved 3-count pause shows in the length of the
routine everywhere, not only once the workout starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from backtimer.core.model import Routine
from backtimer.core.plan import compile_plan
from backtimer.settings.overrides import load_overrides


@dataclass(frozen=True)
class Length:
    """A routine's length in seconds, as it runs now and on its own values."""

    seconds: float  # with your saved settings (the routine's own when there are none)
    routine_seconds: float  # the routine's own
    saved: bool  # your saved settings apply (a readable overrides file that changes something)
    broken: bool = False  # your settings file is broken: the routine's own values are used

    @property
    def differs(self) -> bool:
        """Whether your saved settings make it longer or shorter than the routine says."""
        return abs(self.seconds - self.routine_seconds) > 1e-6


def routine_length(routine_id: str, routine: Routine, *, path: Path | None = None) -> Length:
    """The length of ``routine`` with your saved settings for ``routine_id`` (read from their
    file, or ``path``); a broken settings file counts as none, as the workout does."""
    own = compile_plan(routine).total_seconds
    loaded = load_overrides(routine_id, routine, path=path)
    if loaded.errors:
        return Length(own, own, saved=False, broken=True)
    if not loaded.values:
        return Length(own, own, saved=False)
    return Length(compile_plan(routine, loaded.values).total_seconds, own, saved=True)
