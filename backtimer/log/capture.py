"""What the log takes from a routine and a workout run: its content hash, the session's plan
numbers, and the holds an exercise used against those it planned."""

from __future__ import annotations

from datetime import datetime

from backtimer.core.model import Exercise, Routine, content_hash
from backtimer.log.db import Log, Recording
from backtimer.log.records import HoldUse


def start_recording(
    log: Log,
    routine_id: str,
    routine: Routine,
    *,
    written: Routine | None = None,
    started_at: datetime | None = None,
) -> Recording:
    """Start recording a run of ``routine`` (with its settings applied) under ``routine_id``,
    begun at ``started_at`` (default: now).

    The hash is of ``written``, the routine as its file has it (default: ``routine``), so that
    changed settings do not look like a changed routine.
    """
    return log.start_session(
        routine_id=routine_id,
        title=routine.title,
        content_hash=content_hash(written if written is not None else routine),
        rounds_planned=routine.rounds,
        exercises=len(routine.exercises),
        count_seconds=routine.count_seconds,
        started_at=started_at,
    )


def hold_uses(planned: Exercise, used: Exercise, count_seconds: float) -> tuple[HoldUse, ...]:
    """The holds of an exercise as planned and as used (after + and -), in counts.

    A hold given in seconds is its seconds over ``count_seconds``.
    """
    return tuple(
        HoldUse(
            phase=i,
            planned=p.duration.seconds_at(count_seconds) / count_seconds,
            actual=u.duration.seconds_at(count_seconds) / count_seconds,
        )
        for i, (p, u) in enumerate(zip(planned.rep, used.rep, strict=False))
        if p.is_hold
    )
