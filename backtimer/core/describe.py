"""A routine's exercises as plain text lines, shared by ``backtimer show`` and the preview."""

from __future__ import annotations

from collections.abc import Callable

from backtimer.core import fmt
from backtimer.core.model import Routine

Mark = Callable[..., str]


def _no_mark(*_: object) -> str:
    return ""


def exercise_lines(routine: Routine, mark: Mark = _no_mark) -> list[str]:
    """Each exercise: name and reps, its numbered cues, the phases of a rep, tips, progression.

    ``mark(name, exercise, phase)`` tags a value that differs from the routine's own (see
    ``settings.Marks``).
    """
    lines: list[str] = []
    for ex in routine.exercises:
        target = f", {ex.target}" if ex.target else ""
        equipment = f" ({ex.equipment})" if ex.equipment else ""
        reps = fmt.reps(ex.reps)
        lines.append(f"{ex.name}{equipment}{target}: {reps}{mark('reps', ex.key)}")
        lines.extend(f"  {n}. {cue}" for n, cue in enumerate(ex.cues, 1))
        phases = [
            f"{p.name} ({'hold' if p.is_hold else 'move'}, {p.duration.wording})"
            f"{mark('hold', ex.key, i)}"
            for i, p in enumerate(ex.rep)
        ]
        lines.append("  each rep: " + ", then ".join(phases))
        lines.extend(f"  TIP: {tip}" for tip in ex.tips)
        if ex.progress:
            lines.append(f"  {ex.progress}")
        lines.append("")
    return lines
