"""Generated routines with the oddest names, random changes saved and read back: every change comes
back on the same exercise and the same hold, and nothing else comes back."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backtimer.core.model import MAX_COUNTS, MAX_REPS, MAX_ROUNDS, Routine, slugify
from backtimer.core.schema import Routine as FileRoutine
from backtimer.core.schema import to_model
from backtimer.settings.overrides import load_overrides, render, save_values
from backtimer.settings.values import (
    COUNT_SECONDS,
    REST_BETWEEN_EXERCISES,
    ROUNDS,
    Key,
    Number,
    differs,
    hold_key,
    reps_key,
)

# Names that read as something else: numbers in any script, YAML words, other exercises' ids,
# names of other phases, text that needs quoting, controls and bidirectional marks.
ODD_NAMES = [
    "1",
    "2",
    "3",
    "01",
    "\uff11",  # full-width one
    "\u0663",  # Arabic-Indic three
    "\u00b2",  # superscript two
    "no",
    "yes",
    "null",
    "~",
    "1_000",
    "1:30",
    "0x1f",
    ".inf",
    "Pause",
    "pause",
    "row",
    "a: b",
    "#1",
    "'q'",
    '"',
    "- x",
    "\\",
    "\u00dcn\u00efc\u00f8de",
    "\u202eevil",
    "bell\x07",
    "esc\x1b[2J",
    "tab\tin",
    "line\u2028sep",
]
ODD_IDS = ["no", "yes", "null", "1", "123", "0", "row", "pause", "e1", "0x1f", "1-2"]

names = st.one_of(
    st.sampled_from(ODD_NAMES),
    st.text(
        st.characters(blacklist_categories=("Cs",)),  # a file can hold no lone surrogate
        min_size=1,
        max_size=6,
    ),
).filter(lambda s: s.strip() != "")

phase = st.builds(
    lambda hold, name, counts: {"hold" if hold else "move": name, "counts": counts},
    st.booleans(),
    names,
    st.integers(1, 5),
)

exercise = st.fixed_dictionaries(
    {
        "name": names,
        "reps": st.integers(1, 20),
        "cues": st.just(["Cue."]),
        "rep": st.lists(phase, min_size=1, max_size=4),
    },
    optional={"id": st.sampled_from(ODD_IDS)},
)


def _unique_keys(exercises: list[dict[str, Any]]) -> bool:
    keys = [ex.get("id") or slugify(ex["name"]) for ex in exercises]
    return len(set(keys)) == len(keys)


routines = (
    st.lists(exercise, min_size=1, max_size=5)
    .filter(_unique_keys)
    .map(
        lambda exercises: to_model(
            FileRoutine.model_validate({"title": "Generated", "exercises": exercises})
        )
    )
)


@st.composite
def changes(draw: st.DrawFn, routine: Routine) -> dict[Key, Number]:
    """Some values to save: routine-wide ones, reps and holds of random exercises."""
    values: dict[Key, Number] = {}
    if draw(st.booleans()):
        values[ROUNDS] = draw(st.integers(1, MAX_ROUNDS))
    if draw(st.booleans()):
        values[COUNT_SECONDS] = draw(st.sampled_from([0.1, 0.25, 0.5, 1.5, 1e-05, 60.0]))
    if draw(st.booleans()):
        values[REST_BETWEEN_EXERCISES] = draw(st.sampled_from([0.0, 12.5, 3600.0]))
    for ex in routine.exercises:
        if draw(st.booleans()):
            values[reps_key(ex.key)] = draw(st.integers(1, MAX_REPS))
        for i, p in enumerate(ex.rep):
            if p.is_hold and draw(st.booleans()):
                values[hold_key(ex.key, i)] = draw(st.integers(1, MAX_COUNTS))
    return values


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(data=st.data(), routine=routines, routine_id=names)
def test_saved_changes_come_back_on_the_same_exercise_and_hold(
    data: st.DataObject, routine: Routine, routine_id: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "saved.yaml"
        expected: dict[Key, Number] = {}
        # Two saves: the second merges into the first, as two sessions' saves do.
        for _ in range(2):
            values = data.draw(changes(routine))
            save_values(routine_id, routine, values, path=path)
            expected.update(values)
        expected = {k: v for k, v in expected.items() if differs(routine, k, v)}
        loaded = load_overrides(routine_id, routine, path=path)
        assert loaded.errors == (), (render(routine_id, routine, expected), loaded.errors)
        assert loaded.values == expected
        assert loaded.exists == bool(expected)
