"""Adjustments: the values a person may change in a routine for a workout, as one mapping.

``{ROUNDS: 4, hold_key("lat-pull-down", 1): 3}`` runs four rounds with a three-count pause; a key
that is not there keeps the routine's own value. A hold is set in counts (``hold_key``) or in
seconds (``hold_seconds_key``), so a hold the routine gives in seconds can stay in seconds. The
same mapping is what your saved settings, the flags and the changes made during a workout each
hold (``backtimer.settings`` stacks them into one), and what ``apply`` and ``compile_plan`` take.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

from backtimer.core.duration import Duration
from backtimer.core.model import Exercise, Routine

SettingName = Literal[
    "rounds",
    "count_seconds",
    "rest_between_exercises",
    "rest_between_rounds",
    "reps",
    "hold",
    "hold_seconds",
]
Number = int | float


@dataclass(frozen=True)
class Key:
    """Which value is changed: a routine-wide one, or an exercise's reps or one of its holds."""

    name: SettingName
    exercise: str | None = None  # exercise id, for reps and holds
    phase: int | None = None  # index of the hold in the exercise's rep

    @property
    def is_hold(self) -> bool:
        """Whether it sets a hold's length, in counts or in seconds."""
        return self.name in ("hold", "hold_seconds")


ROUNDS = Key("rounds")
COUNT_SECONDS = Key("count_seconds")
REST_BETWEEN_EXERCISES = Key("rest_between_exercises")
REST_BETWEEN_ROUNDS = Key("rest_between_rounds")
ROUTINE_WIDE: tuple[Key, ...] = (ROUNDS, COUNT_SECONDS, REST_BETWEEN_EXERCISES, REST_BETWEEN_ROUNDS)


def reps_key(exercise: str) -> Key:
    return Key("reps", exercise)


def hold_key(exercise: str, phase: int) -> Key:
    """A hold's length in counts: ``phase`` is its index in the exercise's rep."""
    return Key("hold", exercise, phase)


def hold_seconds_key(exercise: str, phase: int) -> Key:
    """A hold's length in seconds: ``phase`` is its index in the exercise's rep."""
    return Key("hold_seconds", exercise, phase)


def hold_setting(exercise: str, phase: int, length: Duration) -> tuple[Key, Number]:
    """The setting that makes a hold last ``length``: the key in the length's own unit (counts
    or seconds) and its value. Whoever sets it drops the same hold's key in the other unit."""
    if length.counts is not None:
        return hold_key(exercise, phase), length.counts
    return hold_seconds_key(exercise, phase), length.seconds or 0.0


Adjustments = Mapping[Key, Number]


def apply(routine: Routine, adjustments: Adjustments) -> Routine:
    """The routine with ``adjustments`` in place of its own values.

    A key naming an exercise or phase the routine does not have changes nothing. A hold is set in
    counts (``hold_key``) or in seconds (``hold_seconds_key``), whichever way the routine gives it.
    """
    update: dict[str, Any] = {}
    rest: dict[str, float] = {}
    reps: dict[str, int] = {}
    holds: dict[str, dict[int, Duration]] = {}
    for key, value in adjustments.items():
        if key.name == "rounds":
            update["rounds"] = int(value)
        elif key.name == "count_seconds":
            update["count_seconds"] = float(value)
        elif key.name == "rest_between_exercises":
            rest["between_exercises"] = float(value)
        elif key.name == "rest_between_rounds":
            rest["between_rounds"] = float(value)
        elif key.exercise is None:
            continue
        elif key.name == "reps":
            reps[key.exercise] = int(value)
        elif key.phase is not None:
            length = (
                Duration(seconds=float(value))
                if key.name == "hold_seconds"
                else Duration(counts=int(value))
            )
            holds.setdefault(key.exercise, {})[key.phase] = length
    if rest:
        update["rest"] = replace(routine.rest, **rest)
    if reps or holds:
        update["exercises"] = [
            _exercise(ex, reps.get(ex.key), holds.get(ex.key, {})) for ex in routine.exercises
        ]
    return replace(routine, **update) if update else routine


def _exercise(ex: Exercise, reps: int | None, holds: Mapping[int, Duration]) -> Exercise:
    update: dict[str, Any] = {}
    if reps is not None:
        update["reps"] = reps
    phases = list(ex.rep)
    for index, length in holds.items():
        if 0 <= index < len(phases):
            phases[index] = phases[index].with_duration(length)
    if phases != ex.rep:
        update["rep"] = phases
    return replace(ex, **update) if update else ex
