"""Settings in layers: the routine file, your saved overrides, command-line flags, session changes.

Each layer is a ``plan.Settings`` holding only what it changes. ``merge`` stacks them, lowest
first, into the one ``Settings`` a plan is compiled with, and records for every value that ends up
different from the routine which layer set it ("yours", "flag" or "session"): that record is what
``backtimer show`` marks and what the workout screen uses to show a changed hold.

``Layers`` is the object a command or the workout screen holds: it reads the overrides file,
takes the flags, collects changes made during the workout (``adjust_hold``,
``adjust_count_seconds``), says whether anything is unsaved, and saves.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from backtimer.fmt import number
from backtimer.model import (
    MAX_COUNT_SECONDS,
    MAX_COUNTS,
    MAX_ROUNDS,
    MAX_SECONDS,
    Exercise,
    Phase,
    Routine,
)
from backtimer.plan import Plan, Settings, compile_plan

if TYPE_CHECKING:
    from backtimer.loader import ContentError


Layer = Literal["yours", "flag", "session"]
LAYERS: tuple[Layer, ...] = ("yours", "flag", "session")
SettingName = Literal[
    "rounds", "count_seconds", "rest_between_exercises", "rest_between_rounds", "reps", "hold"
]
Number = int | float

# Every way in (flags, the overrides file, keys) keeps to the routine model's bounds, so a value
# that could not be written in a routine cannot be set on top of one either.
MAX_REST = MAX_SECONDS
MIN_COUNT_SECONDS = 0.1  # the smallest count the [ key reaches; flags may set any length > 0
COUNT_SECONDS_STEP = 0.1


@dataclass(frozen=True)
class Key:
    """Which value a layer sets: a routine-wide one, or an exercise's reps or one of its holds."""

    name: SettingName
    exercise: str | None = None  # exercise id, for reps and holds
    phase: int | None = None  # index of the hold in the exercise's rep, as plan.Settings has it


ROUNDS = Key("rounds")
COUNT_SECONDS = Key("count_seconds")
REST_BETWEEN_EXERCISES = Key("rest_between_exercises")
REST_BETWEEN_ROUNDS = Key("rest_between_rounds")


def reps_key(exercise: str) -> Key:
    return Key("reps", exercise)


def hold_key(exercise: str, phase: int) -> Key:
    return Key("hold", exercise, phase)


_SCALARS: tuple[tuple[Key, str], ...] = (
    (ROUNDS, "rounds"),
    (COUNT_SECONDS, "count_seconds"),
    (REST_BETWEEN_EXERCISES, "rest_between_exercises"),
    (REST_BETWEEN_ROUNDS, "rest_between_rounds"),
)


def flatten(settings: Settings) -> dict[Key, Number]:
    """The values a Settings sets, one per key."""
    values: dict[Key, Number] = {}
    for key, attr in _SCALARS:
        value = getattr(settings, attr)
        if value is not None:
            values[key] = value
    for exercise, reps in settings.reps.items():
        values[reps_key(exercise)] = reps
    for (exercise, phase), counts in settings.holds.items():
        values[hold_key(exercise, phase)] = counts
    return values


def to_settings(values: Mapping[Key, Number]) -> Settings:
    """A Settings setting exactly these values."""
    scalars: dict[str, Any] = {}
    reps: dict[str, int] = {}
    holds: dict[tuple[str, int], int] = {}
    for key, value in values.items():
        if key.name == "reps" and key.exercise is not None:
            reps[key.exercise] = int(value)
        elif key.name == "hold" and key.exercise is not None and key.phase is not None:
            holds[(key.exercise, key.phase)] = int(value)
        elif key.name == "rounds":
            scalars["rounds"] = int(value)
        else:
            scalars[key.name] = float(value)
    return Settings(reps=reps, holds=holds, **scalars)


def _phase(routine: Routine, key: Key) -> tuple[Exercise, Phase] | None:
    if key.exercise is None or key.phase is None:
        return None
    try:
        ex = routine.exercise(key.exercise)
    except KeyError:
        return None
    if not 0 <= key.phase < len(ex.rep):
        return None
    return ex, ex.rep[key.phase]


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
    phase = found[1]
    if phase.seconds is not None:
        return phase.seconds, "seconds"
    return phase.counts or 1, "counts"


def _unit(key: Key) -> str:
    return {"rounds": "rounds", "reps": "reps", "hold": "counts"}.get(key.name, "seconds")


def same(a: Number, b: Number) -> bool:
    """Equal as settings: 1.1 made by ten 0.1 steps is 1.1."""
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def differs(routine: Routine, key: Key, value: Number) -> bool:
    """Whether ``value`` changes the routine (any count for a hold timed in seconds does)."""
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
        shown = number(self.routine_value)
        return f"{shown} s" if self.routine_unit == "seconds" else shown

    def mark(self) -> str:
        """The marking ``show`` puts after the value: " [yours; routine: 2]"."""
        return f" [{self.layer}; routine: {self.routine_text()}]"

    def to_json(self) -> dict[str, Any]:
        return {
            "what": self.what,
            "setting": self.key.name,
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
    names = [k for k, _ in _SCALARS]

    def rank(key: Key) -> tuple[int, int, int, int]:
        scalar = names.index(key) if key in names else len(names)
        kind = 0 if key.name == "reps" else 1
        return (position.get(key.exercise, len(position)), scalar, kind, key.phase or 0)

    return sorted(keys, key=rank)


@dataclass(frozen=True)
class Merged:
    """The result of stacking layers: the values in effect and who set each."""

    values: dict[Key, Number]
    origin: dict[Key, Layer]

    @property
    def settings(self) -> Settings:
        return to_settings(self.values)


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


def merge(
    routine: Routine, layers: Sequence[tuple[Layer, Settings]]
) -> tuple[Settings, list[Override]]:
    """The one Settings from the layers (lowest first) and the record of what differs and why."""
    merged = merge_values(routine, [(name, flatten(s)) for name, s in layers])
    return merged.settings, provenance(routine, merged)


class Marks:
    """Looks up show's marking for a value: "" when the routine's own value is in effect."""

    def __init__(self, overrides: Iterable[Override] = ()) -> None:
        self._by_key = {o.key: o for o in overrides}

    def __call__(
        self, name: SettingName, exercise: str | None = None, phase: int | None = None
    ) -> str:
        found = self._by_key.get(Key(name, exercise, phase))
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
    p = routine.exercise(exercise).rep[phase]
    if p.seconds is None:
        return p.counts or 1
    return max(1, round(p.seconds / routine.count_seconds))


class Layers:
    """The settings of one routine for one workout: every layer, merged on demand.

    The routine, the overrides file and the flags are fixed when it is made; the session layer
    changes as keys are pressed. Each change returns the new value so the screen can show it.
    """

    def __init__(
        self,
        routine: Routine,
        routine_id: str,
        *,
        yours: Settings | None = None,
        flags: Settings | None = None,
        overrides_path: Path | None = None,
        warnings: Sequence[ContentError] = (),
        audio: str | None = None,
    ) -> None:
        self.routine = routine
        self.routine_id = routine_id
        self.overrides_path = overrides_path
        self.warnings: tuple[ContentError, ...] = tuple(warnings)
        self.audio = audio
        self._yours = flatten(yours or Settings())
        self._flags = flatten(flags or Settings())
        self._session: dict[Key, Number] = {}
        # What was in effect at the start or at the last save: "changed" compares against it, so
        # a change undone by hand, or one already saved, does not ask to be saved again.
        self._baseline = self._differing()

    # -- reading ---------------------------------------------------------------------------

    def _layers(self, *, session: bool = True) -> list[tuple[Layer, Mapping[Key, Number]]]:
        layers: list[tuple[Layer, Mapping[Key, Number]]] = [
            ("yours", self._yours),
            ("flag", self._flags),
        ]
        if session:
            layers.append(("session", self._session))
        return layers

    def _merged(self, *, session: bool = True) -> Merged:
        return merge_values(self.routine, self._layers(session=session))

    @property
    def session(self) -> Settings:
        return to_settings(self._session)

    @property
    def settings(self) -> Settings:
        """Every layer merged: what the workout runs with now."""
        return self._merged().settings

    @property
    def effective(self) -> Routine:
        """The routine with every layer applied."""
        return self.settings.apply(self.routine)

    def plan(self) -> Plan:
        """The plan to run now (compile again after each session change)."""
        return compile_plan(self.routine, self.settings)

    def provenance(self) -> list[Override]:
        """Every value that differs from the routine, with the layer that set it."""
        return provenance(self.routine, self._merged())

    def marks(self) -> Marks:
        return Marks(self.provenance())

    def override(self, key: Key) -> Override | None:
        """The override in effect for ``key``, or None when the routine's value is in effect."""
        for o in self.provenance():
            if o.key == key:
                return o
        return None

    def holds(self) -> list[tuple[str, int]]:
        """Every hold of the routine as (exercise id, phase index)."""
        return [
            (ex.key, i) for ex in self.routine.exercises for i, p in enumerate(ex.rep) if p.is_hold
        ]

    def hold_counts(self, exercise: str, phase: int) -> int:
        """The counts a hold lasts now."""
        return hold_counts_of(self.effective, exercise, phase)

    @property
    def count_seconds(self) -> float:
        """The length of one count now."""
        return self.effective.count_seconds

    # -- the session layer -----------------------------------------------------------------

    def _set_session(self, key: Key, value: Number) -> None:
        below = self._merged(session=False).values
        base = below.get(key)
        # With no value below, the routine's own is what the workout started with.
        unchanged = not differs(self.routine, key, value) if base is None else same(base, value)
        if unchanged:
            # Back to what the workout started with: no longer a change of this session.
            self._session.pop(key, None)
        else:
            self._session[key] = value

    def set_hold(self, exercise: str, phase: int, counts: int) -> int:
        """Make a hold last ``counts`` counts (clamped to 1..MAX_COUNTS); returns the new counts."""
        ex = self.routine.exercise(exercise)
        if not (0 <= phase < len(ex.rep) and ex.rep[phase].is_hold):
            raise ValueError(f"phase {phase + 1} of '{ex.name}' is not a hold")
        counts = min(max(1, int(counts)), MAX_COUNTS)
        self._set_session(hold_key(exercise, phase), counts)
        return counts

    def adjust_hold(self, exercise: str, phase: int, delta: int) -> int:
        """Lengthen (+1) or shorten (-1) a hold by counts; returns the new counts."""
        return self.set_hold(exercise, phase, self.hold_counts(exercise, phase) + delta)

    def set_count_seconds(self, seconds: float) -> float:
        """Set the length of one count (rounded to 0.01 s, clamped to 0.1..60); returns it."""
        if not math.isfinite(seconds):
            raise ValueError("the count length must be a finite number")
        value = round(min(max(seconds, MIN_COUNT_SECONDS), MAX_COUNT_SECONDS), 2)
        self._set_session(COUNT_SECONDS, value)
        return value

    def set_rounds(self, rounds: int) -> int:
        """Set the rounds of the circuit (clamped to 1..MAX_ROUNDS); returns them."""
        value = min(max(1, int(rounds)), MAX_ROUNDS)
        self._set_session(ROUNDS, value)
        return value

    def adjust_count_seconds(self, delta: float) -> float:
        """Lengthen or shorten a count (the [ and ] keys pass -0.1 and +0.1); returns it."""
        return self.set_count_seconds(self.count_seconds + delta)

    def _differing(self) -> dict[Key, Number]:
        merged = self._merged()
        return {k: v for k, v in merged.values.items() if differs(self.routine, k, v)}

    def session_changes(self) -> list[Override]:
        """The values changed in this session that differ from what the workout started with."""
        return [o for o in self.provenance() if o.layer == "session"]

    @property
    def changed(self) -> bool:
        """Whether the session holds changes not yet saved: when true, offer to save."""
        now = self._differing()
        if now.keys() != self._baseline.keys():
            return True
        return any(not same(v, self._baseline[k]) for k, v in now.items())

    # -- saving ----------------------------------------------------------------------------

    def save(self, *, include_flags: bool = False) -> Path | None:
        """Save the session's changes as your defaults for this routine.

        Only values that differ from the routine are written, merged into what was saved before.
        Flags are for one run and are not saved unless ``include_flags`` (``show --save``).
        Returns the file written, or None when nothing differs from the routine any more (the
        file is then removed). Raises ``overrides.SaveError`` with a message to show as is.
        """
        from backtimer.overrides import overrides_path, save_values

        merged = self._merged()
        saving: set[Layer] = {"session", "flag"} if include_flags else {"session"}
        # Taken from the merge, not the raw layer, so a round rest lifted by --rest is kept too.
        values = {k: v for k, v in merged.values.items() if merged.origin[k] in saving}
        path = self.overrides_path or overrides_path(self.routine_id)
        written = save_values(self.routine_id, self.routine, values, path=path)
        self._yours = dict(written)
        self.warnings = ()
        self._baseline = self._differing()
        return path if written else None
