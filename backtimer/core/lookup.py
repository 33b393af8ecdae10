"""Finding an exercise or a hold of a routine by what a person types: name, id or number."""

from __future__ import annotations

import difflib

from backtimer.core.model import Exercise, Routine


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def valid_exercises(routine: Routine) -> str:
    """The names and ids a flag accepts, for error messages."""
    return ", ".join(f"'{ex.name}' ({ex.key})" for ex in routine.exercises)


def find_exercise(routine: Routine, text: str) -> Exercise | None:
    """The exercise named or identified by ``text`` (case and extra spaces ignored)."""
    wanted = _fold(text)
    for ex in routine.exercises:
        if wanted in (_fold(ex.name), ex.key, _fold(ex.key.replace("-", " "))):
            return ex
    return None


def unknown_exercise(routine: Routine, text: str) -> str:
    names = [_fold(ex.name) for ex in routine.exercises] + [ex.key for ex in routine.exercises]
    guess = difflib.get_close_matches(_fold(text), names, n=1, cutoff=0.6)
    hint = f"did you mean '{guess[0]}'? " if guess else ""
    return f"no exercise '{text}' in '{routine.title}'; {hint}valid: {valid_exercises(routine)}"


def describe_holds(ex: Exercise) -> str:
    holds = [f"{i + 1} ({p.name})" for i, p in enumerate(ex.rep) if p.is_hold]
    return ", ".join(holds)


def find_hold(ex: Exercise, phase: str | int | None) -> int:
    """The index in ``ex.rep`` of the hold named or numbered by ``phase``.

    None picks the exercise's only hold. A number counts every phase of the rep from 1, as
    ``show`` lists them ("each rep: Pull, then Pause, then Return": Pause is 2). Raises
    ValueError with a message naming the holds there are.
    """
    holds = [i for i, p in enumerate(ex.rep) if p.is_hold]
    if not holds:
        moves = ", ".join(p.name for p in ex.rep)
        raise ValueError(f"'{ex.name}' has no hold to change (each rep: {moves})")
    if phase is None:
        if len(holds) > 1:
            raise ValueError(
                f"'{ex.name}' has {len(holds)} holds; pick one by name or number: "
                f"{describe_holds(ex)}"
            )
        return holds[0]
    if isinstance(phase, int) or phase.strip().isdigit():
        n = int(phase)
        if not 1 <= n <= len(ex.rep):
            raise ValueError(f"'{ex.name}' has no phase {n}; its holds are: {describe_holds(ex)}")
        if not ex.rep[n - 1].is_hold:
            raise ValueError(
                f"phase {n} of '{ex.name}' ({ex.rep[n - 1].name}) is a move, not a hold; "
                f"its holds are: {describe_holds(ex)}"
            )
        return n - 1
    matches = [i for i in holds if _fold(ex.rep[i].name) == _fold(phase)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise ValueError(
            f"'{ex.name}' has several holds named '{phase}'; pick one by number: "
            f"{describe_holds(ex)}"
        )
    if any(_fold(p.name) == _fold(phase) for p in ex.rep):
        raise ValueError(
            f"'{phase}' in '{ex.name}' is a move, not a hold; its holds are: {describe_holds(ex)}"
        )
    raise ValueError(f"'{ex.name}' has no hold '{phase}'; its holds are: {describe_holds(ex)}")
