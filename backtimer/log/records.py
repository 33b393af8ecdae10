"""The training log's records: what a session and each of its sets hold, as plain frozen data.

These are what the database returns, what export writes and import reads, and what the queries
work on, so every part of the log speaks the same types.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final, Literal, get_args

Status = Literal["running", "completed", "quit", "interrupted"]
Ending = Literal["completed", "quit", "interrupted"]
Effort = Literal["easy", "ok", "hard"]
Unit = Literal["kg", "lb", "band"]

STATUSES: Final[tuple[Status, ...]] = get_args(Status)
ENDINGS: Final[tuple[Ending, ...]] = get_args(Ending)
EFFORTS: Final[tuple[Effort, ...]] = get_args(Effort)  # from least to most effort
UNITS: Final[tuple[Unit, ...]] = get_args(Unit)


class LogError(Exception):
    """The training log cannot be used; ``str()`` is one line that names the file.

    The workout can carry on without the log: nothing about the file was changed.
    """


def utc_seconds(when: datetime) -> datetime:
    """``when`` in UTC to the whole second: the precision the log keeps (and Strong's CSV has)."""
    if when.tzinfo is UTC and not when.microsecond:
        return when  # already so: the common case, when reading the log back
    if when.tzinfo is None:
        raise ValueError("a time in the log needs a time zone")
    return when.astimezone(UTC).replace(microsecond=0)


def timestamp(when: datetime) -> str:
    """The log's text for a time: ISO 8601 UTC to the second, e.g. ``2024-05-01T18:03:00Z``."""
    # isoformat is several times faster than strftime, and a history export writes thousands.
    return utc_seconds(when).isoformat()[:19] + "Z"


def parse_timestamp(text: str) -> datetime:
    """A time written by ``timestamp`` (or any ISO 8601 time with a zone) as an aware UTC time."""
    when = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if when.tzinfo is None:
        raise ValueError(f"a time in the log needs a time zone: {text!r}")
    return utc_seconds(when)


def check_load(load: float | None, unit: Unit | None) -> None:
    """Raise ValueError unless a load and its unit are given together and make sense."""
    if (load is None) != (unit is None):
        raise ValueError("a load needs its unit, and a unit its load")
    if unit is not None and unit not in UNITS:
        raise ValueError(f"unit must be one of {', '.join(UNITS)}, not {unit!r}")
    if load is not None and (not math.isfinite(load) or load < 0):
        raise ValueError(f"a load is a number of zero or more, not {load!r}")


def check_effort(effort: Effort | None) -> None:
    if effort is not None and effort not in EFFORTS:
        raise ValueError(f"effort must be one of {', '.join(EFFORTS)}, not {effort!r}")


@dataclass(frozen=True)
class HoldUse:
    """One counted hold of an exercise's rep: the counts the routine plans and those used.

    ``phase`` is the hold's index in the rep. Counts are numbers of counts; a hold the routine
    gives in seconds is its seconds over the count length.
    """

    phase: int
    planned: float
    actual: float


@dataclass(frozen=True)
class SetRecord:
    """One exercise in one round of a session: the target beside what was done."""

    exercise_id: str
    exercise_name: str
    round: int
    position: int  # the exercise's place in the round, from 0
    reps_planned: int
    reps_done: int
    done_at: datetime
    holds: tuple[HoldUse, ...] = ()
    skipped: bool = False
    load: float | None = None
    unit: Unit | None = None
    effort: Effort | None = None
    id: int | None = None  # the row id, for a set read from the log

    @property
    def reached(self) -> bool:
        """Every planned rep done."""
        return not self.skipped and self.reps_done >= self.reps_planned


@dataclass(frozen=True)
class SessionRecord:
    """One run of a routine and the sets it recorded, in order."""

    routine_id: str
    title: str
    content_hash: str
    started_at: datetime
    ended_at: datetime | None
    status: Status
    rounds_planned: int
    rounds_done: int
    exercises: int  # exercises in one round
    count_seconds: float
    sets: tuple[SetRecord, ...] = ()
    id: int | None = None  # the row id, for a session read from the log

    @property
    def end(self) -> datetime:
        """When it ended: its end time, or for one that never finished its last set (or start)."""
        if self.ended_at is not None:
            return self.ended_at
        return max((s.done_at for s in self.sets), default=self.started_at)

    @property
    def duration(self) -> float:
        """Wall-clock seconds from start to end, pauses included."""
        return max(0.0, (self.end - self.started_at).total_seconds())

    @property
    def trained(self) -> bool:
        """At least one set was done (not skipped): the session counts as training."""
        return any(not s.skipped for s in self.sets)
