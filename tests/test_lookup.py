"""Finding exercises and holds by what a person types: one meaning, or a refusal naming both."""

from __future__ import annotations

import pytest

from backtimer.core.loader import load_routine_text
from backtimer.core.lookup import find_exercise, find_hold

# An exercise whose name is another's id, and holds whose names are numbers.
TRICKY = load_routine_text(
    """
title: Tricky
exercises:
  - {id: row, name: Plank, reps: 5, cues: [a], rep: [{hold: Hold}]}
  - {id: plank, name: Row, reps: 6, cues: [a], rep: [{hold: Hold}]}
  - {name: Bridge, reps: 7, cues: [a], rep: [{hold: "3"}, {move: Up}, {hold: Top}]}
  - {name: Curl, reps: 8, cues: [a], rep: [{hold: "\\uff11"}, {hold: "1"}, {move: Down}]}
  - {id: side-a, name: Side, reps: 9, cues: [a], rep: [{move: Out}]}
  - {id: side-b, name: Side, reps: 9, cues: [a], rep: [{move: Out}]}
  - {name: Only, reps: 9, cues: [a], rep: [{move: Out}]}
""",
    "tricky.yaml",
)
PLANK_ROW, ROW_PLANK, BRIDGE, CURL, SIDE_A, SIDE_B, ONLY = TRICKY.exercises


@pytest.mark.parametrize(
    ("text", "expected"),
    [("only", ONLY), ("  ONLY ", ONLY), ("bridge", BRIDGE), ("side-a", SIDE_A), ("side b", SIDE_B)],
)
def test_one_meaning_is_found(text: str, expected: object) -> None:
    assert find_exercise(TRICKY, text) is expected


def test_no_meaning_is_none() -> None:
    assert find_exercise(TRICKY, "squat") is None


def test_a_name_that_is_another_exercises_id_is_ambiguous() -> None:
    with pytest.raises(ValueError) as info:
        find_exercise(TRICKY, "row")
    message = str(info.value)
    assert message.startswith("'row' could mean 2 exercises: ")
    assert "'Plank' (id row) by its id" in message
    assert "'Row' (id plank) by its name" in message
    # Here every text that names one identifies the other: no way out is offered.
    assert "write" not in message


def test_several_exercises_of_one_name_are_ambiguous_and_their_ids_offered() -> None:
    with pytest.raises(ValueError) as info:
        find_exercise(TRICKY, "side")
    message = str(info.value)
    assert "'Side' (id side-a) by its name" in message
    assert "'Side' (id side-b) by its name" in message
    assert message.endswith("write 'side-a' for 'Side' or 'side-b' for 'Side'")


def test_a_hold_number_and_a_hold_name_agreeing_is_fine() -> None:
    assert find_hold(BRIDGE, "top") == 2
    assert find_hold(BRIDGE, 3) == 2
    assert find_hold(BRIDGE, "1") == 0


def test_a_hold_named_as_another_holds_number_is_ambiguous() -> None:
    # "3" is the name of hold 1 and the number of hold 3 (Top).
    with pytest.raises(ValueError) as info:
        find_hold(BRIDGE, "3")
    assert str(info.value) == (
        "'3' in 'Bridge' could mean hold 1 (named '3') or hold 3 (Top); write '1' or 'Top'"
    )
    # An int is only ever a number.
    assert find_hold(BRIDGE, 3) == 2


def test_full_width_digits_are_a_name_never_a_number() -> None:
    assert find_hold(CURL, "\uff11") == 0  # the hold named with a full-width one
    with pytest.raises(ValueError, match="could mean hold 2 \\(named '1'\\) or hold 1"):
        find_hold(CURL, "1")
    assert find_hold(CURL, 2) == 1
    with pytest.raises(ValueError, match="write a phase number with the digits 0-9 \\('2'\\)"):
        find_hold(CURL, "\uff12")
    with pytest.raises(ValueError, match="no hold '\u00b2'"):
        find_hold(CURL, "\u00b2")  # a superscript two is a digit to str.isdigit, not to us


@pytest.mark.parametrize(
    ("phase", "message"),
    [
        (None, "'Bridge' has 2 holds; pick one by name or number: 1 (3), 3 (Top)"),
        ("up", "'up' in 'Bridge' is a move, not a hold"),
        ("2", "phase 2 of 'Bridge' (Up) is a move, not a hold"),
        (9, "'Bridge' has no phase 9"),
        (0, "'Bridge' has no phase 0"),
        ("nothing", "'Bridge' has no hold 'nothing'"),
    ],
)
def test_hold_errors_name_the_holds_there_are(phase: str | int | None, message: str) -> None:
    with pytest.raises(ValueError) as info:
        find_hold(BRIDGE, phase)
    assert str(info.value).startswith(message)
