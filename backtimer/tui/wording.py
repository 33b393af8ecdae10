"""Settings changed during a workout, in words, for the summary and the save offer."""

from __future__ import annotations

from backtimer.core.fmt import counts, number
from backtimer.core.model import Routine
from backtimer.settings.values import Override


def describe_change(routine: Routine, o: Override, count_seconds: float | None = None) -> str:
    """A changed setting in words: 'Pause of Lat pull down: 3 counts (routine: 2)'. A hold the
    routine times in seconds is spoken of in seconds: 'Pause of Seated row: 2 s (routine: 1 s)'."""
    if o.key.name == "hold" and o.key.exercise is not None:
        ex = routine.exercise(o.key.exercise)
        phase = ex.rep[o.key.phase or 0]
        if not phase.duration.in_counts:
            length = o.value * (count_seconds or routine.count_seconds)
            value = f"{number(round(length, 2))} s"
        else:
            value = counts(o.value)
        return f"{phase.name} of {ex.name}: {value} (routine: {o.routine_text()})"
    if o.key.name == "count_seconds":
        return f"One count: {number(o.value)} s (routine: {o.routine_text()})"
    if o.key.name == "rounds":
        return f"Rounds: {number(o.value)} (routine: {o.routine_text()})"
    return f"{o.what}: {number(o.value)} (routine: {o.routine_text()})"
