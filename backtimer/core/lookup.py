"""Finding an exercise or a hold of a routine by what a person types: name, id or number.

A text that could mean two different things (an exercise's name that is another exercise's id,
a hold named "1" that is not phase 1) is refused as ambiguous with both meanings listed, never
settled silently one way.
"""

from __future__ import annotations

import difflib
import unicodedata

from backtimer.core.model import Exercise, Routine


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def valid_exercises(routine: Routine) -> str:
    """The names and ids a flag accepts, for error messages."""
    return ", ".join(f"'{ex.name}' ({ex.key})" for ex in routine.exercises)


def _matches(routine: Routine, text: str) -> tuple[list[Exercise], list[Exercise]]:
    """(the exercises ``text`` names, those it identifies), case and extra spaces ignored; an
    id may be written with spaces for its hyphens."""
    wanted = _fold(text)
    by_name = [ex for ex in routine.exercises if _fold(ex.name) == wanted]
    by_id = [ex for ex in routine.exercises if wanted in (ex.key, _fold(ex.key.replace("-", " ")))]
    return by_name, by_id


def _exercise_or_none(routine: Routine, text: str) -> Exercise | None:
    by_name, by_id = _matches(routine, text)
    found = {id(ex): ex for ex in by_name + by_id}
    return next(iter(found.values())) if len(found) == 1 else None


def find_exercise(routine: Routine, text: str) -> Exercise | None:
    """The exercise named or identified by ``text`` (case and extra spaces ignored), or None.

    Raises ValueError, listing them, when ``text`` could mean more than one exercise: the name
    of one and the id of another, or the name of several.
    """
    by_name, by_id = _matches(routine, text)
    found: list[Exercise] = []
    for ex in by_name + by_id:
        if all(ex is not seen for seen in found):
            found.append(ex)
    if len(found) <= 1:
        return found[0] if found else None
    parts = []
    for ex in found:
        ways = (("name", by_name), ("id", by_id))
        how = " and ".join(what for what, group in ways if any(ex is g for g in group))
        parts.append(f"'{ex.name}' (id {ex.key}) by its {how}")
    # For each, a text that picks it alone, if it has one.
    picks = []
    for ex in found:
        for handle in (ex.key, ex.name):
            if _exercise_or_none(routine, handle) is ex:
                picks.append(f"'{handle}' for '{ex.name}'")
                break
    hint = f"; write {' or '.join(picks)}" if len(picks) == len(found) else ""
    raise ValueError(f"'{text}' could mean {len(found)} exercises: {', '.join(parts)}{hint}")


def unknown_exercise(routine: Routine, text: str) -> str:
    names = [_fold(ex.name) for ex in routine.exercises] + [ex.key for ex in routine.exercises]
    guess = difflib.get_close_matches(_fold(text), names, n=1, cutoff=0.6)
    hint = f"did you mean '{guess[0]}'? " if guess else ""
    return f"no exercise '{text}' in '{routine.title}'; {hint}valid: {valid_exercises(routine)}"


def describe_holds(ex: Exercise) -> str:
    holds = [f"{i + 1} ({p.name})" for i, p in enumerate(ex.rep) if p.is_hold]
    return ", ".join(holds)


def _phase_number(text: str) -> int | None:
    """The number ``text`` is, written in the digits 0-9, or None."""
    text = text.strip()
    if text.isascii() and text.isdigit():
        return int(text)
    return None


def _hold_candidates(ex: Exercise, text: str) -> tuple[list[int], int | None]:
    """(the holds named ``text``, the hold it numbers if any)."""
    named = [i for i, p in enumerate(ex.rep) if p.is_hold and _fold(p.name) == _fold(text)]
    n = _phase_number(text)
    numbered = n - 1 if n is not None and 1 <= n <= len(ex.rep) and ex.rep[n - 1].is_hold else None
    return named, numbered


def find_hold(ex: Exercise, phase: str | int | None) -> int:
    """The index in ``ex.rep`` of the hold named or numbered by ``phase``.

    None picks the exercise's only hold. A number counts every phase of the rep from 1, as
    ``show`` lists them ("each rep: Pull, then Pause, then Return": Pause is 2); an int is only
    ever a number, text may be a name or a number, and text that is the name of one hold and
    the number of another is refused as ambiguous. Raises ValueError with a message naming the
    holds there are.
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
    if isinstance(phase, int):
        return _numbered_hold(ex, phase)
    named, numbered = _hold_candidates(ex, phase)
    if len(named) > 1:
        raise ValueError(
            f"'{ex.name}' has several holds named '{phase}'; pick one by number: "
            f"{describe_holds(ex)}"
        )
    if named and numbered is not None and named[0] != numbered:
        by_name, by_number = named[0], numbered
        picks = [_pick(ex, i) for i in (by_name, by_number)]
        hint = f"; write {picks[0]} or {picks[1]}" if all(picks) else ""
        raise ValueError(
            f"'{phase}' in '{ex.name}' could mean hold {by_name + 1} (named '{phase}') or "
            f"hold {by_number + 1} ({ex.rep[by_number].name}){hint}"
        )
    if named:
        return named[0]
    if _phase_number(phase) is not None:
        return _numbered_hold(ex, int(phase))
    if any(_fold(p.name) == _fold(phase) for p in ex.rep):
        raise ValueError(
            f"'{phase}' in '{ex.name}' is a move, not a hold; its holds are: {describe_holds(ex)}"
        )
    if any(unicodedata.category(c) == "Nd" for c in phase):
        ascii_digits = "".join(
            str(unicodedata.decimal(c)) if unicodedata.category(c) == "Nd" else c
            for c in phase.strip()
        )
        raise ValueError(
            f"'{ex.name}' has no hold '{phase}'; write a phase number with the digits 0-9 "
            f"('{ascii_digits}'); its holds are: {describe_holds(ex)}"
        )
    raise ValueError(f"'{ex.name}' has no hold '{phase}'; its holds are: {describe_holds(ex)}")


def _pick(ex: Exercise, index: int) -> str | None:
    """A text that picks the hold at ``index`` alone (its number, else its name), quoted."""
    for handle in (str(index + 1), ex.rep[index].name):
        named, numbered = _hold_candidates(ex, handle)
        if {*named, numbered} - {None} == {index}:
            return f"'{handle}'"
    return None


def _numbered_hold(ex: Exercise, n: int) -> int:
    if not 1 <= n <= len(ex.rep):
        raise ValueError(f"'{ex.name}' has no phase {n}; its holds are: {describe_holds(ex)}")
    if not ex.rep[n - 1].is_hold:
        raise ValueError(
            f"phase {n} of '{ex.name}' ({ex.rep[n - 1].name}) is a move, not a hold; "
            f"its holds are: {describe_holds(ex)}"
        )
    return n - 1
