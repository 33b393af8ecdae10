"""The progression rule ("if it's not hard after 10x, increase your weight") applied to the log.

A rule says when an exercise is ready for more load: every planned rep (or ``reps_reached``)
done, and rated no harder than ``effort``, in each of the last ``sessions`` sessions. The advice
is then last time's load plus a step that fits the load: 2.5 kg or 5 lb for a machine, bar or
dumbbell, the next level for a band, and no load at all for body weight (the rule can still be
met; there is just nothing to add).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from backtimer.core.model import Progression, Routine
from backtimer.log.records import EFFORTS, Effort, SessionRecord, SetRecord, Unit

# The step of the arrow keys and of the advice, per unit; a band's level goes up one at a time.
STEPS: Mapping[Unit, float] = {"kg": 2.5, "lb": 5.0, "band": 1.0}


@dataclass(frozen=True)
class ProgressionRule:
    """When to go heavier. A routine file states it per exercise or for the whole routine::

    progression: {reps_reached: 10, effort: easy, increment: 2.5, sessions: 1}
    """

    reps_reached: int | None = None  # reps each set must reach; None: the reps planned
    effort: Effort = "easy"  # the hardest rating that still counts as "not hard"
    increment: float | None = None  # in the load's own unit; None: STEPS
    sessions: int = 1  # how many of the last sessions must meet it

    def __post_init__(self) -> None:
        if self.reps_reached is not None and self.reps_reached < 1:
            raise ValueError("reps_reached is 1 or more")
        if self.effort not in EFFORTS:
            raise ValueError(f"effort is one of {', '.join(EFFORTS)}")
        if self.increment is not None and not self.increment > 0:
            raise ValueError("increment is more than 0")
        if self.sessions < 1:
            raise ValueError("sessions is 1 or more")

    def step(self, unit: Unit) -> float:
        return self.increment if self.increment is not None else STEPS[unit]


def rules_for(routine: Routine) -> dict[str, ProgressionRule]:
    """Per exercise id, the rule its routine file states: the keys the exercise's ``progression``
    gives, over the routine's, over the defaults. An exercise with neither has no rule (its
    ``progress`` sentence alone is free text, such as "Repeat as necessary", not a rule)."""
    rules: dict[str, ProgressionRule] = {}
    for ex in routine.exercises:
        layers = [p for p in (routine.progression, ex.progression) if p is not None]
        if not layers:
            continue
        values = Progression().values()
        for given in layers:
            values.update(given.stated())
        rules[ex.key] = ProgressionRule(**values)
    return rules


@dataclass(frozen=True)
class Advice:
    """The rule is met for an exercise: what to try next time, and the routine's own words.

    ``load`` is None for an exercise done without a load (body weight, or none ever entered).
    """

    exercise_id: str
    last_load: float | None
    load: float | None
    unit: Unit | None
    sessions: int  # how many sessions met the rule
    progress: str | None  # the exercise's ``progress`` sentence, to cite


def sets_of(session: SessionRecord, exercise_id: str) -> list[SetRecord]:
    return [s for s in session.sets if s.exercise_id == exercise_id]


def _met(sets: Sequence[SetRecord], rule: ProgressionRule) -> bool:
    """Every set reached the reps, none was skipped, and every rating given is easy enough.

    Unrated sets do not count against it (ignoring the prompt is allowed), but at least one
    set must be rated: "not hard" has to have been said.
    """
    limit = EFFORTS.index(rule.effort)
    rated = [s.effort for s in sets if s.effort is not None]
    return (
        bool(sets)
        and bool(rated)
        and all(
            not s.skipped
            and s.reps_done
            >= (rule.reps_reached if rule.reps_reached is not None else s.reps_planned)
            for s in sets
        )
        and all(EFFORTS.index(e) <= limit for e in rated)
    )


def _last_load(sets: Sequence[SetRecord]) -> tuple[float | None, Unit | None]:
    for s in reversed(sets):
        if s.load is not None:
            return s.load, s.unit
    return None, None


def advise_exercise(
    exercise_id: str,
    sessions: Sequence[SessionRecord],
    rule: ProgressionRule,
    progress: str | None = None,
) -> Advice | None:
    """Advice for one exercise from a routine's sessions (oldest first), or None if not met."""
    # The exercise's sets in each session that did it, newest first: a session that skipped it
    # says nothing, and one still running (this very workout) is not "last time".
    recent: list[list[SetRecord]] = []
    for session in reversed(sessions):
        if session.status == "running":
            continue
        sets = sets_of(session, exercise_id)
        if any(not s.skipped for s in sets):
            recent.append(sets)
    if len(recent) < rule.sessions:
        return None
    if not all(_met(sets, rule) for sets in recent[: rule.sessions]):
        return None
    last_load, unit = _last_load(recent[0])
    load = None if last_load is None or unit is None else last_load + rule.step(unit)
    return Advice(
        exercise_id=exercise_id,
        last_load=last_load,
        load=load,
        unit=unit,
        sessions=rule.sessions,
        progress=progress,
    )


def advise(
    routine: Routine,
    sessions: Sequence[SessionRecord],
    rules: Mapping[str, ProgressionRule] | None = None,
) -> dict[str, Advice]:
    """Advice per exercise id for the exercises whose rule is met.

    ``rules`` maps exercise ids to rules; an exercise not in it has no rule. None: the rules
    the routine file states (``rules_for``).
    """
    if rules is None:
        rules = rules_for(routine)
    result: dict[str, Advice] = {}
    for ex in routine.exercises:
        rule = rules.get(ex.key)
        if rule is None:
            continue
        advice = advise_exercise(ex.key, sessions, rule, ex.progress)
        if advice is not None:
            result[ex.key] = advice
    return result


_BAND_WORDS = ("band",)
_WEIGHT_WORDS = ("machine", "bar", "cable", "dumbbell", "kettlebell", "weight", "plate", "sled")


def unit_for(equipment: str | None, weight_unit: Unit, last: Unit | None = None) -> Unit | None:
    """The unit the load prompt starts in: last time's, else one the equipment suggests.

    ``weight_unit`` is the user's kg or lb. Equipment naming a band before any weight ('band or
    machine') starts as a band; equipment naming neither (floor, body weight) has no load.
    """
    if last is not None:
        return last
    text = (equipment or "").lower()
    found: list[tuple[int, Unit]] = []
    for word in _BAND_WORDS:
        if word in text:
            found.append((text.index(word), "band"))
    for word in _WEIGHT_WORDS:
        if word in text:
            found.append((text.index(word), weight_unit))
    return min(found)[1] if found else None


def format_load(load: float, unit: Unit) -> str:
    """'42.5 kg', '90 lb', 'band 3'."""
    number = repr(float(load)).removesuffix(".0")
    return f"band {number}" if unit == "band" else f"{number} {unit}"
