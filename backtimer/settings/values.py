"""Settings in layers: the routine file, your saved overrides, command-line flags, session changes.

Each layer is an ``Adjustments`` mapping (``backtimer.core.adjustments``) holding only what it
changes. ``merge_values`` stacks them, lowest first, into the one mapping a plan is compiled with,
and records which layer set each value; ``provenance`` lists every value that ends up different
from the routine with that layer ("yours", "flag" or "session"): that record is what
``backtimer show`` marks and what the workout screen uses to show a changed hold.

``Layers`` (in ``settings.layers``) is what a command or a screen holds on top of these.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

# The keys of the values (defined with Adjustments in core), also named here where settings
# code looks for them.
from backtimer.core.adjustments import COUNT_SECONDS as COUNT_SECONDS
from backtimer.core.adjustments import REST_BETWEEN_EXERCISES as REST_BETWEEN_EXERCISES
from backtimer.core.adjustments import REST_BETWEEN_ROUNDS as REST_BETWEEN_ROUNDS
from backtimer.core.adjustments import ROUNDS as ROUNDS
from backtimer.core.adjustments import ROUTINE_WIDE
from backtimer.core.adjustments import Key as Key
from backtimer.core.adjustments import Number as Number
from backtimer.core.adjustments import SettingName as SettingName
from backtimer.core.adjustments import hold_key as hold_key
from backtimer.core.adjustments import hold_seconds_key as hold_seconds_key
from backtimer.core.adjustments import reps_key as reps_key
from backtimer.core.fmt import number, seconds
from backtimer.core.model import MAX_SECONDS, Exercise, Phase, Routine

Layer = Literal["yours", "flag", "session"]
LAYERS: tuple[Layer, ...] = ("yours", "flag", "session")

# Every way in (flags, the overrides file, keys) keeps to the routine model's bounds, so a value
# that could not be written in a routine cannot be set on top of one either.
MAX_REST = MAX_SECONDS
MIN_COUNT_SECONDS = 0.1  # the smallest count the [ key reaches; flags may set any length > 0
COUNT_SECONDS_STEP = 0.1


def _phase(routine: Routine, key: Key) -> tuple[Exercise, Phase] | None:
    """The exercise and phase a hold's key names, or None when the routine has no such hold."""
    if key.exercise is None or key.phase is None:
        return None
    try:
        return routine.exercise(key.exercise), routine.hold(key.exercise, key.phase)
    except (KeyError, ValueError):
        return None


def routine_value(routine: Routine, key: Key) -> tuple[Number | None, str]:
    """The routine's own value for ``key`` and its unit.

    A hold the routine times in seconds (the seated row's "pause for one second") has no value in
    counts: the value is then its length and the unit "seconds".
    """
    if key.name == "rounds":
        return routine.rounds, "rounds"
    if key.name == "count_seconds":
        return routine.count_seconds, "seconds"
    if key.name == "rest_between_exercises":
        return routine.rest.between_exercises, "seconds"
    if key.name == "rest_between_rounds":
        return routine.rest.between_rounds, "seconds"
    if key.name == "reps":
        try:
            return routine.exercise(key.exercise or "").reps, "reps"
        except KeyError:
            return None, "reps"
    found = _phase(routine, key)
    if found is None:
        return None, "counts"
    duration = found[1].duration
    if duration.counts is None:
        return duration.seconds, "seconds"
    return duration.counts, "counts"


def _unit(key: Key) -> str:
    # A hold set by hold_seconds_key, like every rest and the count's length, is in seconds.
    return {"rounds": "rounds", "reps": "reps", "hold": "counts"}.get(key.name, "seconds")


def other_unit(key: Key) -> Key | None:
    """For a hold's key, the key of the same hold in the other unit; None for any other key.
    A layer that sets a hold one way replaces what a layer below set the other way."""
    if key.name == "hold" and key.exercise is not None and key.phase is not None:
        return hold_seconds_key(key.exercise, key.phase)
    if key.name == "hold_seconds" and key.exercise is not None and key.phase is not None:
        return hold_key(key.exercise, key.phase)
    return None


def same(a: Number, b: Number) -> bool:
    """Equal as settings: 1.1 made by ten 0.1 steps is 1.1."""
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def differs(routine: Routine, key: Key, value: Number) -> bool:
    """Whether ``value`` changes the routine. A hold is compared in its own unit: any length in
    counts changes a hold the routine gives in seconds, and any length in seconds one it gives
    in counts."""
    base, unit = routine_value(routine, key)
    return base is None or unit != _unit(key) or not same(base, value)


@dataclass(frozen=True)
class Override:
    """A value that differs from the routine, and the layer that set it."""

    key: Key
    value: Number
    routine_value: Number | None
    routine_unit: str
    layer: Layer
    what: str  # where it lives in the overrides file, e.g. "exercises.lat-pull-down.holds.Pause"

    @property
    def unit(self) -> str:
        return _unit(self.key)

    def routine_text(self) -> str:
        """The routine's value as show prints it: "2", "1 s"."""
        if self.routine_value is None:
            return "none"
        if self.routine_unit == "seconds":
            return seconds(self.routine_value)
        return number(self.routine_value)

    def mark(self) -> str:
        """The marking ``show`` puts after the value: " [yours; routine: 2]"."""
        return f" [{self.layer}; routine: {self.routine_text()}]"

    def to_json(self) -> dict[str, Any]:
        return {
            "what": self.what,
            # A hold is a hold in either unit; "unit" says which.
            "setting": "hold" if self.key.is_hold else self.key.name,
            "exercise": self.key.exercise,
            "phase": self.key.phase,
            "value": self.value,
            "unit": self.unit,
            "routine_value": self.routine_value,
            "routine_unit": self.routine_unit,
            "layer": self.layer,
        }


def hold_label(ex: Exercise, index: int) -> str:
    """How a hold is named in the overrides file and in messages: its name, or its number.

    The number (1-based, counting every phase of the rep) is used only when two phases of the
    exercise share the name, so that the label always picks exactly one.
    """
    name = ex.rep[index].name
    clashes = sum(1 for p in ex.rep if p.name.casefold() == name.casefold())
    return name if clashes == 1 else str(index + 1)


def describe(routine: Routine, key: Key) -> str:
    """The dotted path of ``key`` in the overrides file."""
    if key.name in ("rounds", "count_seconds"):
        return key.name
    if key.name == "rest_between_exercises":
        return "rest.between_exercises"
    if key.name == "rest_between_rounds":
        return "rest.between_rounds"
    if key.name == "reps":
        return f"exercises.{key.exercise}.reps"
    found = _phase(routine, key)
    label = hold_label(found[0], key.phase or 0) if found else str((key.phase or 0) + 1)
    return f"exercises.{key.exercise}.holds.{label}"


def _order(routine: Routine) -> dict[str | None, int]:
    return {None: -1} | {ex.key: i for i, ex in enumerate(routine.exercises)}


def sort_keys(routine: Routine, keys: Iterable[Key]) -> list[Key]:
    """Keys in the order show prints them: routine-wide first, then exercises in routine order."""
    position = _order(routine)
    names = list(ROUTINE_WIDE)

    def rank(key: Key) -> tuple[int, int, int, int]:
        scalar = names.index(key) if key in names else len(names)
        kind = 0 if key.name == "reps" else 1
        return (position.get(key.exercise, len(position)), scalar, kind, key.phase or 0)

    return sorted(keys, key=rank)


@dataclass(frozen=True)
class Merged:
    """The result of stacking layers: the values in effect (the adjustments a plan is compiled
    with) and the layer that set each."""

    values: dict[Key, Number]
    origin: dict[Key, Layer]


def merge_values(routine: Routine, layers: Sequence[tuple[Layer, Mapping[Key, Number]]]) -> Merged:
    """Stack layers, lowest first; later layers win.

    Rest rule: a layer that lengthens the rest between exercises without saying anything about
    the rest between rounds also lifts the round rest to match, when it would otherwise be the
    shorter one; a pause between rounds shorter than the pause between exercises is never what a
    ``--rest 90`` meant. Setting the round rest in the same layer (``--round-rest``) wins.
    """
    values: dict[Key, Number] = {}
    origin: dict[Key, Layer] = {}
    for layer, layer_values in layers:
        for key, value in layer_values.items():
            values[key] = value
            origin[key] = layer
            other = other_unit(key)
            if other is not None and other not in layer_values:
                # One length per hold: the seconds set here replace the counts set below.
                values.pop(other, None)
                origin.pop(other, None)
        if REST_BETWEEN_EXERCISES in layer_values and REST_BETWEEN_ROUNDS not in layer_values:
            between_ex = layer_values[REST_BETWEEN_EXERCISES]
            between_rounds = values.get(REST_BETWEEN_ROUNDS, routine.rest.between_rounds)
            if between_rounds < between_ex:
                values[REST_BETWEEN_ROUNDS] = between_ex
                origin[REST_BETWEEN_ROUNDS] = layer
    return Merged(values, origin)


def provenance(routine: Routine, merged: Merged) -> list[Override]:
    """Every value in effect that differs from the routine, with the layer that set it."""
    result = []
    for key in sort_keys(routine, merged.values):
        value = merged.values[key]
        if not differs(routine, key, value):
            continue
        base, unit = routine_value(routine, key)
        result.append(Override(key, value, base, unit, merged.origin[key], describe(routine, key)))
    return result


class Marks:
    """Looks up show's marking for a value: "" when the routine's own value is in effect."""

    def __init__(self, overrides: Iterable[Override] = ()) -> None:
        self._by_key = {o.key: o for o in overrides}

    def __call__(
        self, name: SettingName, exercise: str | None = None, phase: int | None = None
    ) -> str:
        found = self._by_key.get(Key(name, exercise, phase))
        if found is None and name == "hold" and exercise is not None and phase is not None:
            found = self._by_key.get(hold_seconds_key(exercise, phase))
        return found.mark() if found else ""

    def __bool__(self) -> bool:
        return bool(self._by_key)

    def legend(self) -> str:
        """One line explaining the marks in use."""
        meaning = {
            "yours": "[yours] your saved settings (backtimer reset forgets them)",
            "flag": "[flag] this command's flags",
            "session": "[session] changed during the workout",
        }
        used = {o.layer for o in self._by_key.values()}
        return "Changed from the routine: " + "; ".join(meaning[x] for x in LAYERS if x in used)


def hold_counts_of(routine: Routine, exercise: str, phase: int) -> int:
    """A hold's length in counts; a hold timed in seconds is taken at the routine's count."""
    return routine.hold(exercise, phase).duration.counts_at(routine.count_seconds)
