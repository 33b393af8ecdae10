"""The plan flags shared by ``show``, ``run`` and ``practice``, and how they become a layer.

``add_plan_options(parser)`` adds ``--rounds``, ``--count-seconds``, ``--rest``, ``--round-rest``,
``--hold``, ``--reps`` and ``--audio``. Values are kept as the user typed them and read by
``settings_from_args`` once the routine is known, because an exercise name can only be checked
against a routine; every problem is a ``FlagError`` with a one-line message (exit code 2).

``--rest S`` sets the rest between exercises. The rest between rounds keeps its value unless that
would make it shorter than S, in which case it becomes S too; ``--round-rest S`` sets it outright.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Only for types: the parser is built on every start, and these pull in pydantic, which
    # ``backtimer --version`` and ``check`` need not wait for. Functions import them when run.
    from backtimer.core.adjustments import Key, Number
    from backtimer.core.duration import Duration
    from backtimer.core.model import Exercise, Routine
    from backtimer.settings.catalog import Entry
    from backtimer.settings.layers import Layers


class FlagError(ValueError):
    """A flag that cannot be used: the message is one line, ready to print."""


@dataclass(frozen=True)
class HoldTarget:
    """A hold picked by name: the exercise and the index of the hold in its rep."""

    exercise: Exercise
    phase: int


def add_plan_options(parser: argparse.ArgumentParser) -> None:
    """Add the flags that change a routine for one run."""
    g = parser.add_argument_group("changing the routine for this run")
    g.add_argument("--rounds", metavar="N", help="rounds of the circuit")
    g.add_argument("--count-seconds", metavar="S", help="length of one count in seconds (e.g. 1.5)")
    g.add_argument(
        "--rest",
        metavar="SECONDS",
        help="rest between exercises; the rest between rounds is raised to at least this",
    )
    g.add_argument("--round-rest", metavar="SECONDS", help="rest between rounds")
    g.add_argument(
        "--hold",
        action="append",
        metavar="EXERCISE[:PHASE]=N[c|s]",
        help="make a hold last N in its own unit (counts, or seconds for a hold the routine "
        "gives in seconds), or say which: N c, N s; e.g. --hold 'lat pull down=3', "
        "--hold 'plank=45s'; EXERCISE is a name or id, PHASE a hold's name or number when "
        "there are several (repeatable)",
    )
    g.add_argument(
        "--reps",
        action="append",
        metavar="[EXERCISE=]N",
        help="reps per round of one exercise, or of every exercise when no EXERCISE is given "
        "(repeatable)",
    )
    g.add_argument(
        "--audio",
        metavar="NAME",
        help="sound backend: auto (default), simpleaudio, miniaudio, bell or off",
    )


# -- values -----------------------------------------------------------------------------------


def parse_int(text: str, what: str, low: int, high: int) -> int:
    """A whole number from ``low`` to ``high``, typed with the digits 0-9."""
    from backtimer.cli.numbers import NumberError, whole

    try:
        value = whole(text)
    except NumberError as exc:
        raise FlagError(f"{what}: {exc}") from None
    if not low <= value <= high:
        raise FlagError(f"{what}: must be from {low} to {high}, got {value}")
    return value


def parse_seconds(text: str, what: str, *, low: float, high: float) -> float:
    """A number of seconds from ``low`` to ``high``, typed with the digits 0-9."""
    from backtimer.cli.numbers import NumberError, real

    try:
        value = real(text, "a number of seconds")
    except NumberError as exc:
        raise FlagError(f"{what}: {exc}") from None
    if not low <= value <= high:
        raise FlagError(f"{what}: must be from {low:g} to {high:g} seconds, got '{text.strip()}'")
    return value


# -- names ------------------------------------------------------------------------------------


def _exercise(routine: Routine, text: str, what: str) -> Exercise | None:
    """The exercise ``text`` names, None for none, a FlagError when it names two."""
    from backtimer.core.lookup import find_exercise

    try:
        return find_exercise(routine, text)
    except ValueError as exc:  # one exercise's name and another's id: ambiguous
        raise FlagError(f"{what}: {exc}") from None


def parse_hold(routine: Routine, spec: str) -> tuple[HoldTarget, Duration]:
    """``EXERCISE[:PHASE]=LENGTH`` as (the hold, its new length). LENGTH is N in the hold's own
    unit (counts, or seconds for a hold the routine gives in seconds: what the screen shows),
    or N with a unit: ``3c``, ``3 counts``, ``45s``, ``45 s``, ``2.5 seconds``."""
    what = f"--hold '{spec}'"
    left, eq, right = spec.rpartition("=")
    if not eq or not left.strip():
        raise FlagError(f"{what}: expected EXERCISE=N or EXERCISE:PHASE=N, e.g. 'lat pull down=3'")
    from backtimer.core.lookup import find_hold, unknown_exercise

    number, unit = _length(right, what)
    ex = _exercise(routine, left, what)
    phase: str | None = None
    if ex is None and ":" in left:
        # Only now split at ':' so an exercise whose name holds a ':' is still found whole.
        name, _, phase = left.rpartition(":")
        ex = _exercise(routine, name, what)
        if ex is not None and not phase.strip():
            raise FlagError(f"{what}: nothing after ':'; give a hold's name or number")
    if ex is None:
        shown = left.rpartition(":")[0] if phase is not None else left
        raise FlagError(f"{what}: {unknown_exercise(routine, shown.strip())}")
    if phase is not None and phase.strip().isdigit() and not phase.strip().isascii():
        # str.isdigit() and int() take any script's digits; a hold's number is typed with 0-9.
        raise FlagError(f"{what}: use the digits 0-9 for a hold's number (got '{phase.strip()}')")
    try:
        index = find_hold(ex, phase)
    except ValueError as exc:
        raise FlagError(f"{what}: {exc}") from None
    if unit is None:  # the hold's own unit
        unit = "seconds" if ex.rep[index].duration.counts is None else "counts"
    return HoldTarget(ex, index), _duration(number, unit, what)


# What may follow a hold's length: its unit, said short or long.
_UNITS = {
    "c": "counts",
    "count": "counts",
    "counts": "counts",
    "s": "seconds",
    "sec": "seconds",
    "secs": "seconds",
    "second": "seconds",
    "seconds": "seconds",
}


def _length(text: str, what: str) -> tuple[str, str | None]:
    """A hold's length as typed: the number, and its unit if one was given."""
    stripped = text.strip()
    number = stripped.rstrip("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ").rstrip()
    word = stripped[len(number) :].strip().lower()
    if not word:
        return number, None
    unit = _UNITS.get(word)
    if unit is None or not number:
        raise FlagError(f"{what}: give N counts or N seconds, e.g. '3', '3c' or '45s'")
    return number, unit


def _duration(number: str, unit: str, what: str) -> Duration:
    from backtimer.core.duration import Duration
    from backtimer.core.model import MAX_COUNTS, MAX_SECONDS

    if unit == "counts":
        return Duration(counts=parse_int(number, what, 1, MAX_COUNTS))
    return Duration(seconds=parse_seconds(number, what, low=0.001, high=MAX_SECONDS))


def parse_reps(routine: Routine, spec: str) -> dict[str, int]:
    """``EXERCISE=N`` (or plain ``N`` for every exercise) as reps by exercise id."""
    from backtimer.core.lookup import unknown_exercise
    from backtimer.core.model import MAX_REPS

    what = f"--reps '{spec}'"
    left, eq, right = spec.rpartition("=")
    if not eq:
        n = parse_int(spec, what, 1, MAX_REPS)
        return {ex.key: n for ex in routine.exercises}
    if not left.strip():
        raise FlagError(f"{what}: expected EXERCISE=N, e.g. 'seated row=12'")
    n = parse_int(right, what, 1, MAX_REPS)
    ex = _exercise(routine, left, what)
    if ex is None:
        raise FlagError(f"{what}: {unknown_exercise(routine, left.strip())}")
    return {ex.key: n}


# -- the flag layer ---------------------------------------------------------------------------


def settings_from_args(routine: Routine, args: argparse.Namespace) -> dict[Key, Number]:
    """The flag layer: what the flags in ``args`` change in ``routine``. Raises FlagError."""
    from backtimer.core import adjustments as adj
    from backtimer.core.model import MAX_COUNT_SECONDS, MAX_ROUNDS
    from backtimer.settings.values import MAX_REST, MIN_COUNT_SECONDS

    rounds = getattr(args, "rounds", None)
    count = getattr(args, "count_seconds", None)
    rest = getattr(args, "rest", None)
    round_rest = getattr(args, "round_rest", None)
    values: dict[Key, Number] = {}
    if rounds is not None:
        values[adj.ROUNDS] = parse_int(str(rounds), "--rounds", 1, MAX_ROUNDS)
    if count is not None:
        values[adj.COUNT_SECONDS] = parse_seconds(
            str(count), "--count-seconds", low=MIN_COUNT_SECONDS, high=MAX_COUNT_SECONDS
        )
    if rest is not None:
        values[adj.REST_BETWEEN_EXERCISES] = parse_seconds(
            str(rest), "--rest", low=0, high=MAX_REST
        )
    if round_rest is not None:
        values[adj.REST_BETWEEN_ROUNDS] = parse_seconds(
            str(round_rest), "--round-rest", low=0, high=MAX_REST
        )
    for spec in getattr(args, "reps", None) or []:
        for exercise, n in parse_reps(routine, spec).items():
            values[adj.reps_key(exercise)] = n
    for spec in getattr(args, "hold", None) or []:
        target, length = parse_hold(routine, spec)
        ex, phase = target.exercise.key, target.phase
        # The last --hold for a hold wins, in whichever unit it gives.
        values.pop(adj.hold_key(ex, phase), None)
        values.pop(adj.hold_seconds_key(ex, phase), None)
        hold, value = adj.hold_setting(ex, phase, length)
        values[hold] = value
    return values


def layers_from_args(entry: Entry, routine: Routine, args: argparse.Namespace) -> Layers:
    """Every layer for a run: the routine, your saved overrides and the flags. A broken overrides
    file is not an error: its problems are in ``warnings`` and the routine runs on its own
    values. Raises FlagError for a bad flag."""
    from backtimer.settings.overrides import build_layers

    return build_layers(entry, routine, settings_from_args(routine, args))
