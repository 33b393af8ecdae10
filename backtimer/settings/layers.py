"""The layers a command or a screen holds: the routine, your saved settings, flags, session changes.

``Layers`` is pure: it is given the routine, the values saved in your overrides file (with that
file's problems, if any, to show) and the flags' values; it collects changes made during the
workout (``adjust_hold``, ``adjust_count_seconds``) and says whether anything is unsaved. It reads
and writes nothing: ``settings.overrides.build_layers`` reads your saved values and makes one, and
``settings.overrides.save_layers`` saves its changes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from backtimer.core.adjustments import (
    COUNT_SECONDS,
    ROUNDS,
    Adjustments,
    Key,
    Number,
    apply,
    hold_key,
)
from backtimer.core.model import MAX_COUNT_SECONDS, MAX_COUNTS, MAX_ROUNDS, Routine
from backtimer.core.plan import Plan, compile_plan
from backtimer.settings.values import (
    MIN_COUNT_SECONDS,
    Layer,
    Marks,
    Merged,
    Override,
    differs,
    hold_counts_of,
    merge_values,
    provenance,
    same,
)

if TYPE_CHECKING:
    from backtimer.core.content import ContentError


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
        yours: Adjustments | None = None,
        flags: Adjustments | None = None,
        overrides_path: Path | None = None,
        warnings: Sequence[ContentError] = (),
        old_overrides_path: Path | None = None,
    ) -> None:
        self.routine = routine
        self.routine_id = routine_id
        # Where your saved settings are (None: the usual place for routine_id).
        self.overrides_path = overrides_path
        # The problems of a broken overrides file, for the caller to show; its values are ignored.
        self.warnings: tuple[ContentError, ...] = tuple(warnings)
        # The file under the routine's old key that "yours" came from, if any: the next save
        # moves it to the routine's own key.
        self.old_overrides_path = old_overrides_path
        self._yours = dict(yours or {})
        self._flags = dict(flags or {})
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
    def adjustments(self) -> Adjustments:
        """Every layer merged: what the workout runs with now."""
        return self._merged().values

    @property
    def effective(self) -> Routine:
        """The routine with every layer applied."""
        return apply(self.routine, self.adjustments)

    def plan(self) -> Plan:
        """The plan to run now (compile again after each session change)."""
        return compile_plan(self.routine, self.adjustments)

    def provenance(self) -> list[Override]:
        """Every value that differs from the routine, with the layer that set it."""
        return provenance(self.routine, self._merged())

    def marks(self) -> Marks:
        return Marks(self.provenance())

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
        """Make a hold last ``counts`` counts (clamped to 1..MAX_COUNTS); returns the new counts.

        ValueError when that phase is not a hold; KeyError for an exercise the routine lacks."""
        self.routine.hold(exercise, phase)
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

    def to_save(self, *, include_flags: bool = False) -> dict[Key, Number]:
        """The values a save writes: the session's changes, and the flags' with ``include_flags``.

        Taken from the merge, not the raw layers, so a round rest lifted by --rest is kept too.
        """
        merged = self._merged()
        saving: set[Layer] = {"session", "flag"} if include_flags else {"session"}
        return {k: v for k, v in merged.values.items() if merged.origin[k] in saving}

    def saved(self, values: Mapping[Key, Number]) -> None:
        """Record that your saved settings are now ``values``: nothing is unsaved any more."""
        self._yours = dict(values)
        self.warnings = ()
        self._baseline = self._differing()
