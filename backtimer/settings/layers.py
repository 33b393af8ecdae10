"""The layers a command or a screen holds: the routine, your saved settings, flags, session changes.

``Layers`` is pure: it is given the routine, the values saved in your overrides file (with that
file's problems, if any, to show) and the flags' values; it collects changes made during the
workout (``adjust_hold``, ``adjust_count_seconds``) and says whether anything is unsaved; a round
added at the end of a workout (``add_round``) is for that workout alone, never offered to save.
It reads
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
    hold_seconds_key,
    hold_setting,
)
from backtimer.core.duration import Duration
from backtimer.core.model import MAX_COUNT_SECONDS, MAX_COUNTS, MAX_ROUNDS, MAX_SECONDS, Routine
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
        # Values for this workout alone, above every other layer and never saved: the round
        # added at the summary ("one more round") is not a new number of rounds for the routine.
        self._run: dict[Key, Number] = {}
        # What was in effect at the start or at the last save: "changed" compares against it, so
        # a change undone by hand, or one already saved, does not ask to be saved again.
        self._baseline = self._differing()

    # -- reading ---------------------------------------------------------------------------

    def _layers(
        self, *, session: bool = True, run: bool = True
    ) -> list[tuple[Layer, Mapping[Key, Number]]]:
        layers: list[tuple[Layer, Mapping[Key, Number]]] = [
            ("yours", self._yours),
            ("flag", self._flags),
        ]
        if session:
            layers.append(("session", self._session))
            if run:
                # Shown as changed during the workout, but left out of what is saved.
                layers.append(("session", self._run))
        return layers

    def _merged(self, *, session: bool = True, run: bool = True) -> Merged:
        return merge_values(self.routine, self._layers(session=session, run=run))

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
        """The counts a hold lasts now (a hold in seconds taken at the count's length)."""
        return hold_counts_of(self.effective, exercise, phase)

    def hold_length(self, exercise: str, phase: int) -> Duration:
        """How long a hold lasts now, in counts or in seconds."""
        return self.effective.hold(exercise, phase).duration

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
        return self.set_hold_length(exercise, phase, Duration(counts=counts)).counts or 1

    def set_hold_length(self, exercise: str, phase: int, length: Duration) -> Duration:
        """Make a hold last ``length``, in counts (clamped to 1..MAX_COUNTS) or in seconds
        (rounded to 0.001 s, at most MAX_SECONDS); returns the length set.

        Back at the length it had when the workout started, it is no change of this session.
        ValueError when that phase is not a hold; KeyError for an exercise the routine lacks."""
        self.routine.hold(exercise, phase)
        if length.counts is not None:
            length = Duration(counts=min(max(1, int(length.counts)), MAX_COUNTS))
        else:
            length = Duration(seconds=round(min(max(length.seconds or 0.0, 0.001), MAX_SECONDS), 3))
        key, value = hold_setting(exercise, phase, length)
        for either in (hold_key(exercise, phase), hold_seconds_key(exercise, phase)):
            self._session.pop(either, None)
        below = apply(self.routine, self._merged(session=False).values)
        if not _same_length(below.hold(exercise, phase).duration, length):
            self._session[key] = value
        return length

    def adjust_hold(self, exercise: str, phase: int, delta: int) -> Duration:
        """Lengthen (+1) or shorten (-1) a hold; returns its new length.

        A hold in counts changes by a count, one in seconds by a second (it is counted in
        seconds, one number a second): a hold given in seconds stays in seconds. Neither goes
        below one count or one second (a shorter hold in seconds stays as it is)."""
        now = self.hold_length(exercise, phase)
        if now.counts is not None:
            return self.set_hold_length(exercise, phase, Duration(counts=now.counts + delta))
        seconds = now.seconds or 0.0
        new = seconds + delta
        if new < 1.0:
            new = min(seconds, 1.0)
        return self.set_hold_length(exercise, phase, Duration(seconds=new))

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

    def add_round(self) -> int:
        """One more round, for this workout alone: shown as the rounds now, never offered to
        save (the summary's "one more round"); returns the rounds."""
        value = min(self.effective.rounds + 1, MAX_ROUNDS)
        self._run[ROUNDS] = value
        return value

    def adjust_count_seconds(self, delta: float) -> float:
        """Lengthen or shorten a count (the [ and ] keys pass -0.1 and +0.1); returns it."""
        return self.set_count_seconds(self.count_seconds + delta)

    def _differing(self) -> dict[Key, Number]:
        merged = self._merged(run=False)
        return {k: v for k, v in merged.values.items() if differs(self.routine, k, v)}

    def session_changes(self) -> list[Override]:
        """The values changed in this session that differ from what the workout started with,
        and would be saved (a round added for this workout alone is not one)."""
        changes = provenance(self.routine, self._merged(run=False))
        return [o for o in changes if o.layer == "session"]

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
        merged = self._merged(run=False)
        saving: set[Layer] = {"session", "flag"} if include_flags else {"session"}
        return {k: v for k, v in merged.values.items() if merged.origin[k] in saving}

    def saved(self, values: Mapping[Key, Number]) -> None:
        """Record that your saved settings are now ``values``: nothing is unsaved any more."""
        self._yours = dict(values)
        self.warnings = ()
        self._baseline = self._differing()


def _same_length(a: Duration, b: Duration) -> bool:
    """Equal as lengths of a hold: in the same unit, and the same number of it."""
    if a.counts is not None or b.counts is not None:
        return a.counts == b.counts
    return same(a.seconds or 0.0, b.seconds or 0.0)
