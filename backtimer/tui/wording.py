"""Settings changed during a workout, in words, for the summary and the save offer."""

from __future__ import annotations

from backtimer.core.fmt import counts, number, seconds
from backtimer.core.model import Routine
from backtimer.settings.values import Override


def describe_change(routine: Routine, o: Override, count_seconds: float | None = None) -> str:
    """A changed setting in words: 'Pause of Lat pull down: 3 counts (routine: 2)'. A hold is
    spoken of in the unit it is set in: 'Pause of Seated row: 2 s (routine: 1 s)' for a hold the
    routine gives in seconds (which + and - keep in seconds). ``count_seconds`` is not needed
    for that any more; it is taken for the callers that pass it."""
    del count_seconds
    if o.key.is_hold and o.key.exercise is not None:
        ex = routine.exercise(o.key.exercise)
        phase = ex.rep[o.key.phase or 0]
        value = seconds(o.value) if o.key.name == "hold_seconds" else counts(o.value)
        return f"{phase.name} of {ex.name}: {value} (routine: {o.routine_text()})"
    if o.key.name == "count_seconds":
        return f"One count: {number(o.value)} s (routine: {o.routine_text()})"
    if o.key.name == "rounds":
        return f"Rounds: {number(o.value)} (routine: {o.routine_text()})"
    return f"{o.what}: {number(o.value)} (routine: {o.routine_text()})"
