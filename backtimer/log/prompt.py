"""The question the rest asks about the set just done: its load, changed with the arrow keys by a
step that fits the equipment, and how hard it was (easy, ok, hard). Pure state: a screen shows
``text()`` and hands it the keys; nothing waits for an answer.

The load starts at the last one given for the exercise (earlier in this workout, else last
time); the first time ever, at an empty bar (20 kg, 45 lb) or a band's first level. A set left
unanswered is logged without a load: ``answer()`` is None until a key was pressed, and any key
(an arrow, or the effort alone) answers with the load shown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from backtimer.core.model import Exercise
from backtimer.log.progression import STEPS, format_load, unit_for
from backtimer.log.queries import LastTime
from backtimer.log.recorder import Block
from backtimer.log.records import Effort, SetRecord, Unit

# Where the load starts with nothing to go by (ours): an empty Olympic bar, a band's first level.
FIRST_LOAD: Mapping[Unit, float] = {"kg": 20.0, "lb": 45.0, "band": 1.0}
_LOWEST: Mapping[Unit, float] = {"kg": 0.0, "lb": 0.0, "band": 1.0}
_HIGHEST = 1000.0
EFFORT_KEYS: Mapping[str, Effort] = {"e": "easy", "o": "ok", "h": "hard"}


@dataclass
class LoadPrompt:
    """The load and effort of one set, as the person answers (or not)."""

    block: Block
    exercise_name: str
    unit: Unit | None  # None: body weight, no load to give
    load: float | None
    effort: Effort | None = None
    answered: bool = False

    @classmethod
    def for_set(
        cls,
        block: Block,
        exercise: Exercise,
        *,
        weight_unit: Unit,
        done: Sequence[SetRecord] = (),
        last: LastTime | None = None,
        answered: SetRecord | None = None,
    ) -> LoadPrompt:
        """The prompt for ``exercise``'s set ``block``, given the sets ``done`` so far in this
        workout, the exercise's ``last`` time, and what was ``answered`` for this set before
        (asked again after going back, or at the summary)."""
        if answered is not None and (answered.load is not None or answered.effort is not None):
            unit = answered.unit
            if unit is None:
                unit = unit_for(exercise.equipment, weight_unit)
                load = FIRST_LOAD[unit] if unit is not None else None
            else:
                load = answered.load
            return cls(block, exercise.name, unit, load, answered.effort, answered=True)
        given = [s for s in done if s.exercise_id == exercise.key and s.load is not None]
        if given:
            load, unit = given[-1].load, given[-1].unit
        elif last is not None and last.load is not None:
            load, unit = last.load, last.unit
        else:
            unit = unit_for(exercise.equipment, weight_unit)
            load = FIRST_LOAD[unit] if unit is not None else None
        return cls(block, exercise.name, unit, load if unit is not None else None)

    @property
    def step(self) -> float | None:
        return STEPS[self.unit] if self.unit is not None else None

    def change(self, steps: int) -> None:
        """Up (positive) or down by whole steps, within sensible bounds; answers the prompt."""
        if self.unit is None or self.load is None:
            return
        new = self.load + steps * STEPS[self.unit]
        # Rounded to the gram: 2.5-steps in floating point must not drift to 42.49999.
        self.load = round(min(max(new, _LOWEST[self.unit]), _HIGHEST), 3)
        self.answered = True

    def rate(self, effort: Effort) -> None:
        self.effort = effort
        self.answered = True

    def answer(self) -> tuple[float | None, Unit | None, Effort | None] | None:
        """(load, unit, effort) to record, or None while nothing was pressed."""
        if not self.answered:
            return None
        if self.unit is None or self.load is None:
            return None, None, self.effort
        return self.load, self.unit, self.effort

    def load_text(self) -> str:
        if self.unit is None or self.load is None:
            return "body weight"
        return format_load(self.load, self.unit)

    def text(self) -> str:
        """One line: 'Lat pull down: 40 kg  ↑↓ load · e easy  o ok  h hard' (the choice marked)."""
        efforts = "  ".join(
            f"[{key}] {name}" if self.effort == name else f"{key} {name}"
            for key, name in EFFORT_KEYS.items()
        )
        if self.unit is None:
            return f"{self.exercise_name}: how hard?  {efforts}"
        return f"{self.exercise_name}: {self.load_text()}  ↑↓ load · {efforts}"

    def short_text(self) -> str:
        """The same in fewer columns: 'Lat pull down: 40 kg ↑↓ e/o/h: easy'."""
        chosen = f": {self.effort}" if self.effort else ""
        if self.unit is None:
            return f"{self.exercise_name}: e/o/h{chosen}"
        return f"{self.exercise_name}: {self.load_text()} ↑↓ e/o/h{chosen}"
