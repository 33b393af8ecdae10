"""Compiles a Routine (and Adjustments) into a Plan: the flat, timed list of a workout's steps.

The plan is the only source of timed events: each step carries its sounds at their offsets and
when each of its counts begins, and the session replays them as the clock reaches them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from backtimer.core.adjustments import Adjustments, apply
from backtimer.core.collector import collector_paused
from backtimer.core.duration import Duration
from backtimer.core.events import SoundEvent
from backtimer.core.model import Exercise, Routine

StepKind = Literal["setup", "get-ready", "move", "hold", "rest", "done"]


@dataclass(frozen=True)
class Sound:
    """A sound event at an offset in seconds from the start of its step."""

    offset: float
    event: SoundEvent


@dataclass(frozen=True, kw_only=True, slots=True)
class Step:
    """One step of a workout; ``seconds`` is None for a step the user ends."""

    index: int
    kind: StepKind
    label: str
    seconds: float | None
    start: float  # scheduled offset from the start of the workout
    exercise: str | None = None  # exercise id
    exercise_index: int | None = None
    round: int | None = None
    rep: int | None = None
    cue: int | None = None
    phase: int | None = None  # index of the phase in the exercise's rep
    duration: Duration | None = None  # a move's or hold's length, as the routine gives it
    count_starts: tuple[float, ...] = ()  # when each count of a move or hold begins
    sounds: tuple[Sound, ...] = ()  # in time order

    @property
    def end(self) -> float:
        return self.start + (self.seconds or 0.0)

    @property
    def counts(self) -> int | None:
        """The counts of a move or hold given in counts, for "2 counts"; None otherwise."""
        return self.duration.counts if self.duration is not None else None

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "kind": self.kind,
            "exercise": self.exercise,
            "round": self.round,
            "rep": self.rep,
            "cue": self.cue,
            "phase": self.phase,
            "label": self.label,
            "seconds": self.seconds,
            "counts": self.counts,
            "start": round(self.start, 6),
            "sounds": [{"offset": round(s.offset, 6), "event": s.event.value} for s in self.sounds],
        }


@dataclass(frozen=True)
class Plan:
    """The whole workout as steps in order, for the routine it was compiled from."""

    routine: Routine
    steps: tuple[Step, ...]

    @property
    def title(self) -> str:
        return self.routine.title

    @property
    def total_seconds(self) -> float:
        return sum(s.seconds or 0.0 for s in self.steps)

    def to_json(self) -> dict[str, Any]:
        r = self.routine
        return {
            "title": r.title,
            "rounds": r.rounds,
            "count_seconds": r.count_seconds,
            "total_seconds": round(self.total_seconds, 6),
            "exercises": [
                {
                    "id": ex.key,
                    "name": ex.name,
                    "reps": ex.reps,
                    "cues": list(ex.cues),
                    "rep": [
                        {
                            "kind": "hold" if p.is_hold else "move",
                            "name": p.name,
                            "counts": p.duration.counts,
                            "seconds": p.duration.seconds_at(r.count_seconds),
                            "cue": ex.phase_cue(p),
                        }
                        for p in ex.rep
                    ],
                }
                for ex in r.exercises
            ],
            "steps": [s.to_json() for s in self.steps],
        }


def _add_reps(steps: list[Step], clock: float, ex: Exercise, ei: int, rnd: int, cs: float) -> float:
    """Append every rep of one exercise in one round; returns the clock after them.

    Each phase's sounds are worked out once per exercise (a workout can hold tens of thousands
    of steps): a phase opens with its own sound unless it follows a hold, whose release sound
    marks its start; the very first opens with GO and the very last ends with EXERCISE_DONE.
    """
    phases = ex.rep
    templates = []
    for pi, phase in enumerate(phases):
        duration = phase.duration
        seconds = duration.seconds_at(cs)
        starts = duration.count_starts(cs)
        ticks = tuple(Sound(offset, SoundEvent.TICK) for offset in duration.tick_offsets(cs))
        hold = phase.is_hold
        # phases[-1] for the first phase: from the second rep on, it follows the last one.
        follows_hold = phases[pi - 1].is_hold
        opening = SoundEvent.HOLD_START if hold else (None if follows_hold else SoundEvent.PHASE)
        opened = (Sound(0.0, opening),) if opening is not None else ()
        release = (Sound(seconds, SoundEvent.HOLD_END),) if hold else ()
        kind: StepKind = "hold" if hold else "move"
        middle = (*opened, *ticks, *release)  # most reps sound like this: one tuple for them all
        cue = ex.phase_cue(phase)
        templates.append(
            (kind, phase.name, seconds, cue, duration, starts, opened, ticks, release, middle)
        )
    go = (Sound(0.0, SoundEvent.GO),)
    key = ex.key  # made from the name when not given: once, not per step
    for rep in range(1, ex.reps + 1):
        for pi, template in enumerate(templates):
            kind, name, seconds, cue, duration, starts, opened, ticks, release, sounds = template
            first = rep == 1 and pi == 0
            last = ex.is_last_phase(rep, pi)
            if first or last:
                ending = (Sound(seconds, SoundEvent.EXERCISE_DONE),) if last else release
                sounds = (*(go if first else opened), *ticks, *ending)
            steps.append(
                Step(
                    index=len(steps),
                    kind=kind,
                    label=name,
                    seconds=seconds,
                    start=clock,
                    exercise=key,
                    exercise_index=ei,
                    round=rnd,
                    rep=rep,
                    cue=cue,
                    phase=pi,
                    duration=duration,
                    count_starts=starts,
                    sounds=sounds,
                )
            )
            clock += seconds
    return clock


def compile_plan(routine: Routine, adjustments: Adjustments | None = None) -> Plan:
    """The steps of a workout: a circuit, round 1 through every exercise, then round 2, ..."""
    # Tens of thousands of small frozen objects and no garbage cycles: the collector only slows
    # it down (a quarter of the time for a large routine).
    with collector_paused():
        if adjustments:
            routine = apply(routine, adjustments)
        return _compile(routine)


def _compile(routine: Routine) -> Plan:
    steps: list[Step] = []
    clock = 0.0

    def add(kind: StepKind, label: str, seconds: float | None, **kw: Any) -> None:
        nonlocal clock
        steps.append(
            Step(index=len(steps), kind=kind, label=label, seconds=seconds, start=clock, **kw)
        )
        clock += seconds or 0.0

    cs = routine.count_seconds
    n_ex = len(routine.exercises)
    for rnd in range(1, routine.rounds + 1):
        for ei, ex in enumerate(routine.exercises):
            where: dict[str, Any] = {"exercise": ex.key, "exercise_index": ei, "round": rnd}
            if rnd == 1 and routine.cue_seconds > 0:
                for cue in ex.setup_cues:
                    add(
                        "setup",
                        ex.cues[cue - 1],
                        routine.cue_seconds,
                        cue=cue,
                        sounds=(Sound(0.0, SoundEvent.PHASE),),
                        **where,
                    )
            if routine.get_ready > 0:
                whole = int(routine.get_ready)
                countdown = tuple(
                    Sound(routine.get_ready - k, SoundEvent.COUNTDOWN)
                    for k in range(min(whole, 3), 0, -1)
                )
                add(
                    "get-ready",
                    f"Get ready: {ex.name}",
                    routine.get_ready,
                    cue=ex.phase_cue(ex.rep[0]),
                    sounds=countdown,
                    **where,
                )
            clock = _add_reps(steps, clock, ex, ei, rnd, cs)
            last_in_round = ei == n_ex - 1
            if last_in_round and rnd == routine.rounds:
                continue
            rest = routine.rest.between_rounds if last_in_round else routine.rest.between_exercises
            if rest > 0:
                nxt = routine.exercises[(ei + 1) % n_ex]
                add(
                    "rest",
                    f"Rest - next: {nxt.name}",
                    rest,
                    exercise=nxt.key,
                    exercise_index=(ei + 1) % n_ex,
                    round=rnd + 1 if last_in_round else rnd,
                    sounds=(Sound(rest, SoundEvent.REST_OVER),),
                )
    add("done", "Workout complete", None, sounds=(Sound(0.0, SoundEvent.WORKOUT_DONE),))
    return Plan(routine, tuple(steps))
