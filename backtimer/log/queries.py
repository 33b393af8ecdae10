"""What the log says about past workouts: last time per exercise, progress over time, a calendar
of training days, and streaks. Pure functions over the sessions ``Log.sessions`` returns (oldest
first), so the screens and the command line share them and tests need no database.

A streak counts weeks (Monday to Sunday), not days: back training has rest days by design, so a
day streak would break on the days the routine itself prescribes. A week counts when it has at
least one session with a set done; the current streak is not broken by a week still under way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from backtimer.log.records import Effort, SessionRecord, Unit


@dataclass(frozen=True)
class LastTime:
    """An exercise in the last session that did it: "last time: 40 kg x 10, easy".

    Reps are those of the last set done; load and effort are the last ones given in that session
    (a set whose prompt was ignored keeps the load of the one before it).
    """

    exercise_id: str
    started_at: datetime
    reps_done: int
    reps_planned: int
    load: float | None
    unit: Unit | None
    effort: Effort | None
    sets: int  # sets done that session


def last_time(sessions: Sequence[SessionRecord]) -> dict[str, LastTime]:
    """Per exercise id, its last time, from sessions that are over (not the one running)."""
    result: dict[str, LastTime] = {}
    for session in reversed(sessions):
        if session.status == "running":
            continue
        done: dict[str, list[int]] = {}
        for i, s in enumerate(session.sets):
            if not s.skipped:
                done.setdefault(s.exercise_id, []).append(i)
        for exercise_id, indices in done.items():
            if exercise_id in result:
                continue
            sets = [session.sets[i] for i in indices]
            loaded = [s for s in sets if s.load is not None]
            rated = [s for s in sets if s.effort is not None]
            result[exercise_id] = LastTime(
                exercise_id=exercise_id,
                started_at=session.started_at,
                reps_done=sets[-1].reps_done,
                reps_planned=sets[-1].reps_planned,
                load=loaded[-1].load if loaded else None,
                unit=loaded[-1].unit if loaded else None,
                effort=rated[-1].effort if rated else None,
                sets=len(sets),
            )
    return result


@dataclass(frozen=True)
class Point:
    """One session of one exercise: the heaviest load and the work done."""

    started_at: datetime
    load: float | None  # the heaviest set's load, in ``unit``
    unit: Unit | None
    reps: int  # reps done, all sets
    volume: float | None  # load times reps over the sets with a weight (kg or lb); None for bands


def exercise_series(sessions: Sequence[SessionRecord]) -> dict[str, list[Point]]:
    """Per exercise id (in the order first met), one point per session that did it, oldest first.

    A session's load is in the unit of its last loaded set; sets in another unit are left out of
    its load and volume, not converted.
    """
    result: dict[str, list[Point]] = {}
    for session in sessions:
        by_exercise: dict[str, list[int]] = {}
        for i, s in enumerate(session.sets):
            if not s.skipped:
                by_exercise.setdefault(s.exercise_id, []).append(i)
        for exercise_id, indices in by_exercise.items():
            sets = [session.sets[i] for i in indices]
            units = [s.unit for s in sets if s.unit is not None]
            unit = units[-1] if units else None
            same = [s for s in sets if s.unit == unit and s.load is not None]
            volume = (
                sum((s.load or 0.0) * s.reps_done for s in same) if unit in ("kg", "lb") else None
            )
            result.setdefault(exercise_id, []).append(
                Point(
                    started_at=session.started_at,
                    load=max((s.load for s in same if s.load is not None), default=None),
                    unit=unit,
                    reps=sum(s.reps_done for s in sets),
                    volume=volume,
                )
            )
    return result


def local_date(when: datetime, tz: tzinfo | None = None) -> date:
    """The calendar day a time falls on where the user is (``tz``; None: the system's zone)."""
    return when.astimezone(tz).date()


def training_days(sessions: Sequence[SessionRecord], tz: tzinfo | None = None) -> Counter[date]:
    """Sessions with a set done, counted per local day."""
    return Counter(local_date(s.started_at, tz) for s in sessions if s.trained)


def calendar(
    sessions: Sequence[SessionRecord], today: date, weeks: int = 8, tz: tzinfo | None = None
) -> list[tuple[date, int]]:
    """Every day of the last ``weeks`` weeks to ``today``, Monday first, with its session count.

    Chunks of seven are the calendar strip's columns (or rows).
    """
    days = training_days(sessions, tz)
    first = today - timedelta(days=today.weekday()) - timedelta(weeks=max(weeks, 1) - 1)
    return [
        (first + timedelta(days=n), days.get(first + timedelta(days=n), 0))
        for n in range((today - first).days + 1)
    ]


@dataclass(frozen=True)
class Streaks:
    """Consecutive weeks with training: the one running now and the longest ever."""

    current: int
    longest: int


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def streaks(sessions: Sequence[SessionRecord], today: date, tz: tzinfo | None = None) -> Streaks:
    weeks = sorted({_monday(d) for d in training_days(sessions, tz)})
    longest = run = 0
    previous: date | None = None
    for week in weeks:
        run = run + 1 if previous is not None and week - previous == timedelta(weeks=1) else 1
        longest = max(longest, run)
        previous = week
    this_week = _monday(today)
    trained = set(weeks)
    # A week under way without training yet does not break the streak: count from last week.
    week = this_week if this_week in trained else this_week - timedelta(weeks=1)
    current = 0
    while week in trained:
        current += 1
        week -= timedelta(weeks=1)
    return Streaks(current=current, longest=longest)
