"""The layers a command or a screen holds: the routine, your saved settings, flags, session changes.

``Layers`` reads nothing itself: it is given the routine, the saved values and the flags, collects
changes made during the workout (``adjust_hold``, ``adjust_count_seconds``), says whether anything
is unsaved, and saves through ``settings.overrides``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from backtimer.core.model import MAX_COUNT_SECONDS, MAX_COUNTS, MAX_ROUNDS, Routine
from backtimer.core.plan import Plan, Settings, compile_plan
from backtimer.settings.overrides import overrides_path, save_values
from backtimer.settings.values import (
    COUNT_SECONDS,
    MIN_COUNT_SECONDS,
    ROUNDS,
    Key,
    Layer,
    Marks,
    Merged,
    Number,
    Override,
    differs,
    flatten,
    hold_counts_of,
    hold_key,
    merge_values,
    provenance,
    same,
    to_settings,
)

if TYPE_CHECKING:
    from backtimer.core.loader import ContentError


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
