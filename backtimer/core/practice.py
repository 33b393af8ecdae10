"""Practice mode's model: walking cues one at a time, and tiny plans that play a hold or a rep."""

from __future__ import annotations

from dataclasses import dataclass, replace

from backtimer.core import lookup
from backtimer.core.events import SoundEvent
from backtimer.core.model import Exercise, Phase, Rests, Routine
from backtimer.core.plan import Plan, compile_plan

DRILL_SLOWDOWN = 1.5  # a drilled rep runs at 1.5x the count length, slow enough to feel each part


@dataclass(frozen=True)
class Position:
    """A cue of an exercise: both 0-based indices."""

    exercise: int
    cue: int


class CueWalk:
    """Steps through every cue of every exercise, in order, with no clock."""

    def __init__(self, routine: Routine, exercise: int = 0) -> None:
        self.routine = routine
        self.position = Position(exercise, 0)

    @property
    def exercise(self) -> Exercise:
        return self.routine.exercises[self.position.exercise]

    @property
    def cue_number(self) -> int:
        return self.position.cue + 1

    @property
    def cue_text(self) -> str:
        return self.exercise.cues[self.position.cue]

    @property
    def at_end(self) -> bool:
        last = len(self.routine.exercises) - 1
        return self.position == Position(last, len(self.routine.exercises[last].cues) - 1)

    def next(self) -> bool:
        """Move to the next cue (the next exercise's first after the last); False at the end."""
        ex, cue = self.position.exercise, self.position.cue
        if cue + 1 < len(self.exercise.cues):
            self.position = Position(ex, cue + 1)
            return True
        if ex + 1 < len(self.routine.exercises):
            self.position = Position(ex + 1, 0)
            return True
        return False

    def previous(self) -> bool:
        ex, cue = self.position.exercise, self.position.cue
        if cue > 0:
            self.position = Position(ex, cue - 1)
            return True
        if ex > 0:
            self.position = Position(ex - 1, len(self.routine.exercises[ex - 1].cues) - 1)
            return True
        return False

    def next_exercise(self) -> None:
        if self.position.exercise + 1 < len(self.routine.exercises):
            self.position = Position(self.position.exercise + 1, 0)

    def phases_of_cue(self) -> list[tuple[int, Phase]]:
        """The rep phases (index, phase) that belong to the current cue."""
        ex = self.exercise
        return [(i, p) for i, p in enumerate(ex.rep) if ex.phase_cue(p) == self.cue_number]

    def hold_to_play(self) -> int | None:
        """Index of the hold a 'play hold' key plays: this cue's, else the exercise's first."""
        for i, phase in self.phases_of_cue():
            if phase.is_hold:
                return i
        holds = self.exercise.hold_indices
        return holds[0] if holds else None


def _single(routine: Routine, exercise: Exercise, phases: list[Phase], count: float) -> Plan:
    one = replace(exercise, reps=1, rep=phases)
    tiny = replace(
        routine,
        exercises=[one],
        rounds=1,
        max_rounds=None,
        get_ready=0.0,
        cue_seconds=0.0,
        count_seconds=count,
        rest=Rests(between_exercises=0, between_rounds=0),
    )
    plan = compile_plan(tiny)
    # Sound like a rep in the middle of a set: no "go" at the start, no exercise-done or
    # workout-done at the end (a drill loops; a hold ends with its release).
    steps = []
    for step in plan.steps:
        sounds = []
        for sound in step.sounds:
            if sound.event is SoundEvent.GO:
                opening = SoundEvent.HOLD_START if step.kind == "hold" else SoundEvent.PHASE
                sounds.append(replace(sound, event=opening))
            elif sound.event is SoundEvent.EXERCISE_DONE:
                if step.kind == "hold":
                    sounds.append(replace(sound, event=SoundEvent.HOLD_END))
            elif sound.event is not SoundEvent.WORKOUT_DONE:
                sounds.append(sound)
        steps.append(replace(step, sounds=tuple(sounds)))
    return replace(plan, steps=tuple(steps))


def hold_plan(routine: Routine, exercise: Exercise, phase_index: int) -> Plan:
    """A plan that plays one hold in real time, with its beeps."""
    return _single(routine, exercise, [exercise.rep[phase_index]], routine.count_seconds)


def drill_plan(routine: Routine, exercise: Exercise) -> Plan:
    """A plan that plays one full rep, slowly, with its sounds."""
    return _single(routine, exercise, list(exercise.rep), routine.count_seconds * DRILL_SLOWDOWN)


def find_exercise(routine: Routine, name: str) -> int:
    """Index of the exercise with this id or name, as flags name them; ValueError lists them."""
    found = lookup.find_exercise(routine, name)
    if found is None:
        raise ValueError(lookup.unknown_exercise(routine, name))
    return routine.exercises.index(found)
