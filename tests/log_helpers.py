"""Builders shared by the training log's tests: a settable wall clock and ready-made records."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from backtimer.log.records import Effort, HoldUse, SessionRecord, SetRecord, Status, Unit

T0 = datetime(2024, 5, 6, 18, 0, 0, tzinfo=UTC)  # a Monday


class WallClock:
    """Seconds since the epoch, moved by hand."""

    def __init__(self, start: datetime = T0) -> None:
        self.now = start.timestamp()

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def a_set(
    exercise_id: str = "lat-pull-down",
    round: int = 1,
    *,
    position: int = 0,
    planned: int = 10,
    done: int = 10,
    load: float | None = None,
    unit: Unit | None = None,
    effort: Effort | None = None,
    skipped: bool = False,
    at: datetime = T0,
    holds: tuple[HoldUse, ...] = (),
) -> SetRecord:
    return SetRecord(
        exercise_id=exercise_id,
        exercise_name=exercise_id.replace("-", " ").capitalize(),
        round=round,
        position=position,
        reps_planned=planned,
        reps_done=done,
        done_at=at,
        holds=holds,
        skipped=skipped,
        load=load,
        unit=unit,
        effort=effort,
    )


def a_session(
    *sets: SetRecord,
    routine_id: str = "borden-back",
    start: datetime = T0,
    status: Status = "completed",
    rounds: int = 1,
    exercises: int = 1,
) -> SessionRecord:
    return SessionRecord(
        routine_id=routine_id,
        title="Back-sculpting routine",
        content_hash="abc123",
        started_at=start,
        ended_at=start + timedelta(minutes=20),
        status=status,
        rounds_planned=rounds,
        rounds_done=rounds,
        exercises=exercises,
        count_seconds=1.0,
        sets=tuple(sets),
    )
