"""Compiles a Routine and Settings into a Plan: the flat, timed list of steps of a whole workout."""

from __future__ import annotations

import gc
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from backtimer.core.events import SoundEvent
from backtimer.core.model import Exercise, Phase, Rests, Routine

StepKind = Literal["setup", "get-ready", "move", "hold", "rest", "done"]


@dataclass(frozen=True)
class Settings:
    """Values that change a routine for one workout; None leaves the routine's own value."""

    rounds: int | None = None
    count_seconds: float | None = None
    rest_between_exercises: float | None = None
    rest_between_rounds: float | None = None
    # Per exercise (by exercise id): reps, and counts of a hold (by its index in the rep).
    reps: Mapping[str, int] = field(default_factory=dict)
    holds: Mapping[tuple[str, int], int] = field(default_factory=dict)

    def apply(self, routine: Routine) -> Routine:
        """The routine with these settings applied."""
        update: dict[str, Any] = {}
        if self.rounds is not None:
            update["rounds"] = self.rounds
        if self.count_seconds is not None:
            update["count_seconds"] = self.count_seconds
        if self.rest_between_exercises is not None or self.rest_between_rounds is not None:
            update["rest"] = Rests(
                between_exercises=_pick(
                    self.rest_between_exercises, routine.rest.between_exercises
                ),
                between_rounds=_pick(self.rest_between_rounds, routine.rest.between_rounds),
            )
        if self.reps or self.holds:
            update["exercises"] = [self._exercise(ex) for ex in routine.exercises]
        return routine.model_copy(update=update) if update else routine

    def _exercise(self, ex: Exercise) -> Exercise:
        update: dict[str, Any] = {}
        if ex.key in self.reps:
            update["reps"] = self.reps[ex.key]
        phases = list(ex.rep)
        for (key, index), counts in self.holds.items():
            if key == ex.key and 0 <= index < len(phases):
                phases[index] = phases[index].model_copy(update={"counts": counts, "seconds": None})
        if phases != list(ex.rep):
            update["rep"] = phases
        return ex.model_copy(update=update) if update else ex


def _pick(value: float | None, default: float) -> float:
    return default if value is None else value


@dataclass(frozen=True)
class Sound:
    """A sound event at an offset in seconds from the start of its step."""

    offset: float
    event: SoundEvent


@dataclass(frozen=True)
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
    counts: int | None = None  # counts in a move or hold, for "2 of 3"
    sounds: tuple[Sound, ...] = ()

    @property
    def end(self) -> float:
        return self.start + (self.seconds or 0.0)

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
                            "counts": p.counts if p.seconds is None else None,
                            "seconds": p.duration(r.count_seconds),
                            "cue": ex.phase_cue(p),
                        }
                        for p in ex.rep
                    ],
                }
                for ex in r.exercises
            ],
            "steps": [s.to_json() for s in self.steps],
        }


def _counts_of(phase: Phase) -> int | None:
    if phase.seconds is not None:
        return None
    return phase.counts or 1


def _phase_sounds(
    phase: Phase, seconds: float, count_seconds: float, opening: SoundEvent | None
) -> list[Sound]:
    sounds = [Sound(0.0, opening)] if opening is not None else []
    counts = _counts_of(phase)
    if counts is not None:
        sounds.extend(Sound(k * count_seconds, SoundEvent.TICK) for k in range(1, counts))
    else:
        # A hold in seconds ticks every whole second.
        k = 1
        while k < seconds - 1e-9:
            sounds.append(Sound(float(k), SoundEvent.TICK))
            k += 1
    return sounds


def _add_reps(steps: list[Step], clock: float, ex: Exercise, ei: int, rnd: int, cs: float) -> float:
    """Append every rep of one exercise in one round; returns the clock after them.

    Each phase's sounds are worked out once per exercise (a workout can hold tens of thousands
    of steps): a phase opens with its own sound unless it follows a hold, whose release sound
    marks its start; the very first opens with GO and the very last ends with EXERCISE_DONE.
    """
    phases = ex.rep
    templates = []
    for pi, phase in enumerate(phases):
        seconds = phase.duration(cs)
        hold = phase.is_hold
        # phases[-1] for the first phase: from the second rep on, it follows the last one.
        follows_hold = phases[pi - 1].is_hold
        opening = SoundEvent.HOLD_START if hold else (None if follows_hold else SoundEvent.PHASE)
        ticks = _phase_sounds(phase, seconds, cs, None)
        end = [Sound(seconds, SoundEvent.HOLD_END)] if hold else []
        opened = [Sound(0.0, opening)] if opening is not None else []
        kind: StepKind = "hold" if hold else "move"
        normal = tuple(opened + ticks + end)
        first = tuple([Sound(0.0, SoundEvent.GO), *ticks, *end])
        templates.append(
            (
                kind,
                phase.name,
                seconds,
                ex.phase_cue(phase),
                _counts_of(phase),
                normal,
                first,
                ticks,
                opened,
            )
        )
    key = ex.key
    last_rep = ex.reps
    last_pi = len(phases) - 1
    for rep in range(1, ex.reps + 1):
        for pi, (kind, name, seconds, cue, counts, normal, first, ticks, opened) in enumerate(
            templates
        ):
            if rep == last_rep and pi == last_pi:
                start = [Sound(0.0, SoundEvent.GO)] if rep == 1 and pi == 0 else opened
                sounds = tuple([*start, *ticks, Sound(seconds, SoundEvent.EXERCISE_DONE)])
            elif rep == 1 and pi == 0:
                sounds = first
            else:
                sounds = normal
            steps.append(
                Step(
                    len(steps),
                    kind,
                    name,
                    seconds,
                    clock,
                    key,
                    ei,
                    rnd,
                    rep,
                    cue,
                    pi,
                    counts,
                    sounds,
                )
            )
            clock += seconds
    return clock


def compile_plan(routine: Routine, settings: Settings | None = None) -> Plan:
    """The steps of a workout: a circuit, round 1 through every exercise, then round 2, ..."""
    # Tens of thousands of small frozen objects and no garbage cycles: the collector only slows
    # it down (a quarter of the time for a large routine).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _compile(routine, settings)
    finally:
        if collecting:
            gc.enable()


def _compile(routine: Routine, settings: Settings | None) -> Plan:
    if settings is not None:
        routine = settings.apply(routine)
    steps: list[Step] = []
    clock = 0.0

    def add(kind: StepKind, label: str, seconds: float | None, **kw: Any) -> None:
        nonlocal clock
        steps.append(Step(len(steps), kind, label, seconds, clock, **kw))
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
