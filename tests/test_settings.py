"""Settings in layers (routine < yours < flag < session), the plan flags and the session API."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pytest
from conftest import CONTENT

from backtimer.cli.flags import FlagError, add_plan_options, layers_from_args, settings_from_args
from backtimer.core.adjustments import (
    COUNT_SECONDS,
    REST_BETWEEN_EXERCISES,
    REST_BETWEEN_ROUNDS,
    ROUNDS,
    Adjustments,
    Key,
    Number,
    apply,
    hold_key,
    hold_seconds_key,
    reps_key,
)
from backtimer.core.duration import Duration
from backtimer.core.loader import load_routine, load_routine_text
from backtimer.core.model import Routine
from backtimer.settings.catalog import Entry
from backtimer.settings.layers import Layers
from backtimer.settings.overrides import (
    OverridesBroken,
    SaveError,
    build_layers,
    load_overrides,
    read_values,
    save_layers,
)
from backtimer.settings.values import Layer, merge_values, provenance

BORDEN = load_routine(CONTENT / "borden-back.yaml")
TRAIN = load_routine(CONTENT / "train-your-back.yaml")

# A routine whose one exercise has two holds, one of them sharing a name with a move.
TWO_HOLDS = load_routine_text(
    """
title: Two holds
exercises:
  - name: Row and squeeze
    reps: 8
    cues: [Row., Squeeze.]
    rep:
      - {move: Pull, counts: 1}
      - {hold: Squeeze, counts: 2}
      - {move: Return, counts: 1}
      - {hold: Rest, seconds: 1.5}
  - name: Plank
    reps: 1
    cues: [Hold it.]
    rep:
      - {hold: Hold, counts: 20}
""",
    "two-holds.yaml",
)

BORDEN_ENTRY = Entry("borden-back", CONTENT / "borden-back.yaml", "shipped")

LAT = "lat-pull-down"
ROW = "seated-row"
HYPER = "hyperextension"


def _effective(routine: Routine, adjustments: Adjustments) -> dict[str, Any]:
    r = apply(routine, adjustments)
    lat, row = r.exercise(LAT), r.exercise(ROW)
    return {
        "rounds": r.rounds,
        "count": r.count_seconds,
        "rest_ex": r.rest.between_exercises,
        "rest_rounds": r.rest.between_rounds,
        "lat_hold": lat.rep[1].counts,
        "row_hold": (row.rep[1].counts, row.rep[1].seconds),
        "row_reps": row.reps,
    }


SEED = _effective(BORDEN, {})
LAT_HOLD, ROW_HOLD, HYPER_HOLD = hold_key(LAT, 1), hold_key(ROW, 1), hold_key(HYPER, 1)
ROW_SECONDS = hold_seconds_key(ROW, 1)

# (name, [(layer, adjustments)], changes from the seed's values, {what: (value, layer)})
LAYER_CASES: list[
    tuple[str, list[tuple[Layer, Adjustments]], dict[str, Any], dict[str, tuple[Any, str]]]
] = [
    ("nothing", [], {}, {}),
    (
        "yours alone",
        [("yours", {ROUNDS: 4})],
        {"rounds": 4},
        {"rounds": (4, "yours")},
    ),
    (
        "a flag beats yours",
        [("yours", {ROUNDS: 4}), ("flag", {ROUNDS: 2})],
        {"rounds": 2},
        {"rounds": (2, "flag")},
    ),
    (
        "a flag back to the routine's value is no override",
        [
            ("yours", {LAT_HOLD: 3}),
            ("flag", {LAT_HOLD: 2}),
        ],
        {},
        {},
    ),
    (
        "layers set different values side by side",
        [("yours", {LAT_HOLD: 3}), ("flag", {ROUNDS: 4})],
        {"rounds": 4, "lat_hold": 3},
        {"rounds": (4, "flag"), "exercises.lat-pull-down.holds.Pause": (3, "yours")},
    ),
    (
        "session beats flag beats yours",
        [
            ("yours", {COUNT_SECONDS: 1.5}),
            ("flag", {COUNT_SECONDS: 1.2}),
            ("session", {COUNT_SECONDS: 1.3}),
        ],
        {"count": 1.3},
        {"count_seconds": (1.3, "session")},
    ),
    (
        "--rest shorter than the round rest leaves the round rest",
        [("flag", {REST_BETWEEN_EXERCISES: 45})],
        {"rest_ex": 45},
        {"rest.between_exercises": (45, "flag")},
    ),
    (
        "--rest longer than the round rest lifts it",
        [("flag", {REST_BETWEEN_EXERCISES: 90})],
        {"rest_ex": 90, "rest_rounds": 90},
        {"rest.between_exercises": (90, "flag"), "rest.between_rounds": (90, "flag")},
    ),
    (
        "--round-rest in the same layer wins over the lift",
        [("flag", {REST_BETWEEN_EXERCISES: 90, REST_BETWEEN_ROUNDS: 40})],
        {"rest_ex": 90, "rest_rounds": 40},
        {"rest.between_exercises": (90, "flag"), "rest.between_rounds": (40, "flag")},
    ),
    (
        "your longer round rest stays",
        [
            ("yours", {REST_BETWEEN_ROUNDS: 120}),
            ("flag", {REST_BETWEEN_EXERCISES: 90}),
        ],
        {"rest_ex": 90, "rest_rounds": 120},
        {"rest.between_exercises": (90, "flag"), "rest.between_rounds": (120, "yours")},
    ),
    (
        "your shorter round rest is lifted by the flag",
        [
            ("yours", {REST_BETWEEN_ROUNDS: 50}),
            ("flag", {REST_BETWEEN_EXERCISES: 90}),
        ],
        {"rest_ex": 90, "rest_rounds": 90},
        {"rest.between_exercises": (90, "flag"), "rest.between_rounds": (90, "flag")},
    ),
    (
        "a hold timed in seconds, set in counts, is always an override",
        [("flag", {ROW_HOLD: 1})],
        {"row_hold": (1, None)},
        {"exercises.seated-row.holds.Pause": (1, "flag")},
    ),
    (
        "your value equal to the routine's is not marked",
        [("yours", {reps_key(ROW): 10})],
        {},
        {},
    ),
    (
        "reps and holds of several exercises",
        [
            ("yours", {reps_key(ROW): 12, HYPER_HOLD: 5}),
            ("session", {LAT_HOLD: 4}),
        ],
        {"row_reps": 12, "lat_hold": 4},
        {
            "exercises.seated-row.reps": (12, "yours"),
            "exercises.hyperextension.holds.Hold": (5, "yours"),
            "exercises.lat-pull-down.holds.Pause": (4, "session"),
        },
    ),
]


@pytest.mark.parametrize(
    ("layers", "changes", "marked"),
    [pytest.param(*case[1:], id=case[0]) for case in LAYER_CASES],
)
def test_layering(
    layers: list[tuple[Layer, Adjustments]],
    changes: dict[str, Any],
    marked: dict[str, tuple[Any, str]],
) -> None:
    merged = merge_values(BORDEN, layers)
    assert _effective(BORDEN, merged.values) == SEED | changes
    assert {o.what: (o.value, o.layer) for o in provenance(BORDEN, merged)} == marked


def test_provenance_records_the_routine_value_and_unit() -> None:
    layer: Adjustments = {LAT_HOLD: 3, ROW_HOLD: 2, COUNT_SECONDS: 1.5}
    overrides = provenance(BORDEN, merge_values(BORDEN, [("yours", layer)]))
    by_what = {o.what: o for o in overrides}
    lat = by_what["exercises.lat-pull-down.holds.Pause"]
    assert (lat.routine_value, lat.routine_unit, lat.unit) == (2, "counts", "counts")
    assert lat.mark() == " [yours; routine: 2]"
    row = by_what["exercises.seated-row.holds.Pause"]
    assert (row.routine_value, row.routine_unit) == (1.0, "seconds")
    assert row.mark() == " [yours; routine: 1 s]"
    assert by_what["count_seconds"].mark() == " [yours; routine: 1 s]"
    assert lat.to_json() == {
        "what": "exercises.lat-pull-down.holds.Pause",
        "setting": "hold",
        "exercise": LAT,
        "phase": 1,
        "value": 3,
        "unit": "counts",
        "routine_value": 2,
        "routine_unit": "counts",
        "layer": "yours",
    }


# -- flags ------------------------------------------------------------------------------------


def _args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_plan_options(parser)
    return parser.parse_args(list(argv))


def _flags(*argv: str, routine: Routine = BORDEN) -> dict[Key, Number]:
    return settings_from_args(routine, _args(*argv))


def _holds(values: Adjustments) -> dict[tuple[str | None, int | None], Number]:
    return {(k.exercise, k.phase): v for k, v in values.items() if k.name == "hold"}


def _reps(values: Adjustments) -> dict[str | None, Number]:
    return {k.exercise: v for k, v in values.items() if k.name == "reps"}


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("lat pull down=3", {(LAT, 1): 3}),
        ("LAT PULL DOWN=3", {(LAT, 1): 3}),
        ("  Lat   pull down = 4 ", {(LAT, 1): 4}),
        ("lat-pull-down=3", {(LAT, 1): 3}),
        ("Lat-Pull-Down=3", {(LAT, 1): 3}),
        ("lat pull down:pause=5", {(LAT, 1): 5}),
        ("lat pull down:PAUSE=5", {(LAT, 1): 5}),
        ("lat pull down:2=5", {(LAT, 1): 5}),
        ("seated row=2c", {(ROW, 1): 2}),
        ("hyperextension=4", {(HYPER, 1): 4}),
    ],
)
def test_hold_flag(spec: str, expected: dict[tuple[str, int], int]) -> None:
    assert _holds(_flags("--hold", spec)) == expected


def test_a_bare_hold_length_is_in_the_holds_own_unit() -> None:
    # The seated row's pause is given in seconds ("pause for one second"): 2 is 2 s.
    assert _flags("--hold", "seated row=2") == {hold_seconds_key(ROW, 1): 2.0}
    assert _flags("--hold", "lat pull down=2s") == {hold_seconds_key(LAT, 1): 2.0}


def test_hold_flags_repeat_and_the_last_wins() -> None:
    values = _flags(
        "--hold", "lat pull down=3", "--hold", "hyperextension=5", "--hold", "lat-pull-down=4"
    )
    assert _holds(values) == {(LAT, 1): 4, (HYPER, 1): 5}


def test_hold_flag_picks_one_of_several_holds() -> None:
    ex = "row-and-squeeze"
    assert _flags("--hold", "row and squeeze:squeeze=3", routine=TWO_HOLDS) == {hold_key(ex, 1): 3}
    assert _flags("--hold", "row and squeeze:4=3c", routine=TWO_HOLDS) == {hold_key(ex, 3): 3}
    assert _flags("--hold", "row and squeeze:4=3", routine=TWO_HOLDS) == {
        hold_seconds_key(ex, 3): 3.0
    }
    assert _flags("--hold", "plank=30", routine=TWO_HOLDS) == {hold_key("plank", 0): 30}


def test_scalar_flags() -> None:
    s = _flags(
        "--rounds", "4", "--count-seconds", "1.5", "--rest", "45", "--round-rest", "0",
        "--reps", "seated row=12", "--audio", "bell",
    )  # fmt: skip
    assert s == {
        ROUNDS: 4,
        COUNT_SECONDS: 1.5,
        REST_BETWEEN_EXERCISES: 45.0,
        REST_BETWEEN_ROUNDS: 0.0,
        reps_key(ROW): 12,
    }
    assert _args("--audio", "bell").audio == "bell"


def test_reps_without_exercise_sets_every_exercise() -> None:
    assert _reps(_flags("--reps", "12")) == {LAT: 12, ROW: 12, HYPER: 12}
    assert _reps(_flags("--reps", "12", "--reps", "hyperextension=15")) == {
        LAT: 12,
        ROW: 12,
        HYPER: 15,
    }


def test_no_flags_change_nothing() -> None:
    assert _flags() == {}


ALL_NAMES = ["'Lat pull down' (lat-pull-down)", "'Seated row' (seated-row)", "'Hyperextension'"]

# (argv, routine, fragments the one-line message must hold)
FLAG_ERRORS: list[tuple[list[str], Routine, list[str]]] = [
    (["--hold", "lat pul=3"], BORDEN, ["--hold 'lat pul=3'", "no exercise 'lat pul'", *ALL_NAMES]),
    (["--hold", "squat=3"], BORDEN, ["no exercise 'squat'", *ALL_NAMES, "(hyperextension)"]),
    (["--hold", "lat pull down=0"], BORDEN, ["from 1 to 1000, got 0"]),
    (["--hold", "lat pull down=1001"], BORDEN, ["from 1 to 1000"]),
    (["--hold", "lat pull down=2.5"], BORDEN, ["expected a whole number, got '2.5'"]),
    (["--hold", "lat pull down=x"], BORDEN, ["give N counts or N seconds, e.g. '3', '3c'"]),
    (["--hold", "lat pull down"], BORDEN, ["expected EXERCISE=N or EXERCISE:PHASE=N"]),
    (["--hold", "=3"], BORDEN, ["expected EXERCISE=N"]),
    (["--hold", "lat pull down:=3"], BORDEN, ["nothing after ':'"]),
    (["--hold", "lat pull down:pull=3"], BORDEN, ["'pull'", "is a move, not a hold", "2 (Pause)"]),
    (["--hold", "lat pull down:1=3"], BORDEN, ["phase 1", "(Pull) is a move, not a hold"]),
    (["--hold", "lat pull down:7=3"], BORDEN, ["has no phase 7", "2 (Pause)"]),
    (["--hold", "lat pull down:squeeze=3"], BORDEN, ["has no hold 'squeeze'", "2 (Pause)"]),
    (["--hold", "nope:pause=3"], BORDEN, ["no exercise 'nope'", *ALL_NAMES]),
    (
        ["--hold", "good morning=3"],
        TRAIN,
        ["'Good morning' has no hold", "Fold forward, Stand up"],
    ),
    (
        ["--hold", "row and squeeze=3"],
        TWO_HOLDS,
        ["has 2 holds", "2 (Squeeze)", "4 (Rest)", "by name or number"],
    ),
    (["--reps", "nope=3"], BORDEN, ["--reps 'nope=3'", "no exercise 'nope'", *ALL_NAMES]),
    (["--reps", "seated row=0"], BORDEN, ["from 1 to 1000, got 0"]),
    (["--reps", "seated row=ten"], BORDEN, ["expected a whole number, got 'ten'"]),
    (["--reps", "=3"], BORDEN, ["expected EXERCISE=N"]),
    (["--reps", "0"], BORDEN, ["--reps '0'", "from 1 to 1000"]),
    (["--rounds", "0"], BORDEN, ["--rounds: must be from 1 to 100, got 0"]),
    (["--rounds", "101"], BORDEN, ["--rounds: must be from 1 to 100"]),
    (["--rounds", "three"], BORDEN, ["--rounds: expected a whole number, got 'three'"]),
    (["--count-seconds", "0"], BORDEN, ["--count-seconds: must be from 0.1 to 60 seconds"]),
    (["--count-seconds", "-1"], BORDEN, ["--count-seconds: must be from 0.1 to 60 seconds"]),
    (["--count-seconds", "nan"], BORDEN, ["--count-seconds", "got 'nan'"]),
    (["--count-seconds", "inf"], BORDEN, ["--count-seconds", "got 'inf'"]),
    (["--count-seconds", "61"], BORDEN, ["from 0.1 to 60 seconds, got '61'"]),
    (["--count-seconds", "fast"], BORDEN, ["expected a number of seconds, got 'fast'"]),
    (["--rest", "-5"], BORDEN, ["--rest: must be from 0 to 3600 seconds"]),
    (["--rest", "soon"], BORDEN, ["--rest: expected a number of seconds"]),
    (["--round-rest", "4000"], BORDEN, ["--round-rest: must be from 0 to 3600"]),
]


@pytest.mark.parametrize(
    ("argv", "routine", "fragments"),
    [pytest.param(*case, id=" ".join(case[0])) for case in FLAG_ERRORS],
)
def test_flag_errors(argv: list[str], routine: Routine, fragments: list[str]) -> None:
    with pytest.raises(FlagError) as info:
        _flags(*argv, routine=routine)
    message = str(info.value)
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message


# -- the session layer ------------------------------------------------------------------------


def _layers(tmp_path: Path, **kw: Any) -> Layers:
    return Layers(BORDEN, "borden-back", overrides_path=tmp_path / "borden-back.yaml", **kw)


def _layer_of(layers: Layers, key: Key) -> str | None:
    """The layer whose value is in effect for ``key``, as ``show`` and the summary mark it."""
    return next((o.layer for o in layers.provenance() if o.key == key), None)


def test_adjust_hold_in_the_session(tmp_path: Path) -> None:
    layers = _layers(tmp_path)
    assert not layers.changed
    assert layers.hold_counts(LAT, 1) == 2
    assert layers.adjust_hold(LAT, 1, +1) == Duration(counts=3)
    assert layers.hold_counts(LAT, 1) == 3
    assert layers.changed
    [change] = layers.session_changes()
    assert (change.what, change.value, change.routine_value, change.layer) == (
        "exercises.lat-pull-down.holds.Pause",
        3,
        2,
        "session",
    )
    hold_steps = [s for s in layers.plan().steps if s.kind == "hold" and s.exercise == LAT]
    assert {s.counts for s in hold_steps} == {3}
    # Back to where it started: nothing to save.
    assert layers.adjust_hold(LAT, 1, -1) == Duration(counts=2)
    assert not layers.changed
    assert layers.session_changes() == []


def test_adjust_hold_never_below_one_count(tmp_path: Path) -> None:
    layers = _layers(tmp_path)
    for _ in range(5):
        layers.adjust_hold(HYPER, 1, -1)
    assert layers.hold_counts(HYPER, 1) == 1


def test_a_hold_in_seconds_is_adjusted_in_seconds(tmp_path: Path) -> None:
    layers = _layers(tmp_path, flags={COUNT_SECONDS: 1.5})
    assert layers.hold_length(ROW, 1) == Duration(seconds=1.0)
    # One second more, whatever a count lasts: it is counted one number a second.
    assert layers.adjust_hold(ROW, 1, +1) == Duration(seconds=2.0)
    assert layers.effective.exercise(ROW).rep[1].duration == Duration(seconds=2.0)
    pauses = {s.seconds for s in layers.plan().steps if s.kind == "hold" and s.exercise == ROW}
    assert pauses == {2.0}
    assert [(o.what, o.value, o.unit) for o in layers.session_changes()] == [
        ("exercises.seated-row.holds.Pause", 2.0, "seconds")
    ]
    assert layers.changed


def test_a_hold_in_seconds_back_at_the_routines_value_is_no_change(tmp_path: Path) -> None:
    layers = _layers(tmp_path)
    layers.adjust_hold(ROW, 1, +1)
    assert layers.adjust_hold(ROW, 1, -1) == Duration(seconds=1.0)
    assert not layers.changed
    assert layers.session_changes() == []
    assert layers.provenance() == []  # nothing for the screen to call changed
    assert layers.to_save() == {}


def test_a_hold_in_seconds_never_goes_below_a_second(tmp_path: Path) -> None:
    layers = _layers(tmp_path)
    assert layers.adjust_hold(ROW, 1, -1) == Duration(seconds=1.0)
    assert not layers.changed
    tiny = Layers(TWO_HOLDS, "two", overrides_path=tmp_path / "two.yaml")
    assert tiny.adjust_hold("row-and-squeeze", 3, +1) == Duration(seconds=2.5)
    assert tiny.adjust_hold("row-and-squeeze", 3, -1) == Duration(seconds=1.5)
    assert tiny.adjust_hold("row-and-squeeze", 3, -1) == Duration(seconds=1.0)
    assert tiny.adjust_hold("row-and-squeeze", 3, -1) == Duration(seconds=1.0)


def test_a_hold_set_in_counts_by_a_flag_is_changed_in_counts(tmp_path: Path) -> None:
    # --hold gives counts: + and - go on in the unit in effect, and back at the flag's value
    # there is nothing to save.
    layers = _layers(tmp_path, flags={ROW_HOLD: 2})
    assert layers.adjust_hold(ROW, 1, +1) == Duration(counts=3)
    assert layers.to_save() == {ROW_HOLD: 3}
    assert layers.adjust_hold(ROW, 1, -1) == Duration(counts=2)
    assert not layers.changed


def test_seconds_in_a_later_layer_replace_counts_below(tmp_path: Path) -> None:
    merged = merge_values(BORDEN, [("yours", {ROW_HOLD: 4}), ("session", {ROW_SECONDS: 2.0})])
    assert merged.values == {ROW_SECONDS: 2.0}
    assert apply(BORDEN, merged.values).exercise(ROW).rep[1].duration == Duration(seconds=2.0)
    merged = merge_values(BORDEN, [("yours", {ROW_SECONDS: 2.0}), ("flag", {ROW_HOLD: 4})])
    assert merged.values == {ROW_HOLD: 4}


def test_one_more_round_is_for_this_workout_only(tmp_path: Path) -> None:
    # --rounds 1, then "one more round" at the summary: two rounds now, nothing to save.
    layers = _layers(tmp_path, flags={ROUNDS: 1})
    assert layers.add_round() == 2
    assert layers.effective.rounds == 2
    assert layers.plan().routine.rounds == 2
    assert not layers.changed
    assert layers.session_changes() == []
    assert layers.to_save() == {}
    # A change made in the workout is still offered, without the rounds.
    layers.adjust_hold(LAT, 1, +1)
    assert layers.to_save() == {LAT_HOLD: 3}
    assert save_layers(layers) is not None
    assert read_values(tmp_path / "borden-back.yaml", BORDEN) == {LAT_HOLD: 3}
    assert layers.effective.rounds == 2  # the workout goes on with its extra round


def test_a_session_change_goes_on_top_of_a_flag(tmp_path: Path) -> None:
    layers = _layers(tmp_path, flags={LAT_HOLD: 3})
    assert not layers.changed
    assert layers.adjust_hold(LAT, 1, +1) == Duration(counts=4)
    assert _layer_of(layers, hold_key(LAT, 1)) == "session"
    assert layers.changed
    assert layers.adjust_hold(LAT, 1, -1) == Duration(counts=3)
    assert not layers.changed
    assert _layer_of(layers, hold_key(LAT, 1)) == "flag"


def test_set_hold_refuses_a_move(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not a hold"):
        _layers(tmp_path).set_hold(LAT, 0, 3)


def test_count_seconds_steps_by_a_tenth(tmp_path: Path) -> None:
    layers = _layers(tmp_path)
    for _ in range(10):
        layers.adjust_count_seconds(+0.1)
    assert layers.count_seconds == 2.0
    assert _layer_of(layers, COUNT_SECONDS) == "session"
    for _ in range(10):
        layers.adjust_count_seconds(-0.1)
    assert layers.count_seconds == 1.0
    assert not layers.changed
    for _ in range(30):
        layers.adjust_count_seconds(-0.1)
    assert layers.count_seconds == pytest.approx(0.1)
    with pytest.raises(ValueError):
        layers.set_count_seconds(float("nan"))


def test_save_writes_the_session_but_not_the_flags(tmp_path: Path) -> None:
    layers = _layers(tmp_path, flags={ROUNDS: 2})
    layers.adjust_hold(LAT, 1, +1)  # 2 -> 3
    path = save_layers(layers)
    assert path == tmp_path / "borden-back.yaml"
    assert read_values(path, BORDEN) == {hold_key(LAT, 1): 3}
    assert not layers.changed
    # A second save of the same state is allowed and changes nothing.
    assert save_layers(layers) == path
    assert read_values(path, BORDEN) == {hold_key(LAT, 1): 3}


def test_save_refuses_values_the_file_would_not_accept(tmp_path: Path) -> None:
    # Not reachable from the flags (they stop at 100 rounds), but the API must not write a file
    # that would be reported as broken on the next run.
    layers = _layers(tmp_path, flags={ROUNDS: 500})
    with pytest.raises(SaveError, match="'rounds' must be at most 100, got 500"):
        save_layers(layers, include_flags=True)
    assert not (tmp_path / "borden-back.yaml").exists()


def test_save_with_flags_keeps_the_lifted_round_rest(tmp_path: Path) -> None:
    layers = _layers(tmp_path, flags={REST_BETWEEN_EXERCISES: 90, ROUNDS: 4})
    path = save_layers(layers, include_flags=True)
    assert path is not None
    assert read_values(path, BORDEN) == {
        ROUNDS: 4,
        Key("rest_between_exercises"): 90,
        Key("rest_between_rounds"): 90,
    }


def test_save_merges_with_what_was_saved(tmp_path: Path) -> None:
    path = tmp_path / "borden-back.yaml"
    path.write_text("rounds: 4\nexercises:\n  seated-row:\n    reps: 12\n")
    loaded = load_overrides("borden-back", BORDEN, path=path)
    layers = _layers(tmp_path, yours=loaded.values)
    layers.adjust_hold(LAT, 1, +2)
    save_layers(layers)
    assert read_values(path, BORDEN) == {ROUNDS: 4, reps_key(ROW): 12, hold_key(LAT, 1): 4}


def test_saving_the_routine_values_removes_the_file(tmp_path: Path) -> None:
    path = tmp_path / "borden-back.yaml"
    path.write_text("exercises:\n  lat-pull-down:\n    holds:\n      Pause: 3\n")
    layers = _layers(tmp_path, yours=load_overrides("x", BORDEN, path=path).values)
    assert layers.hold_counts(LAT, 1) == 3
    layers.adjust_hold(LAT, 1, -1)  # back to the seed's 2
    assert layers.changed
    assert save_layers(layers) is None
    assert not path.exists()
    assert not layers.changed


def test_save_refuses_to_overwrite_a_broken_file(tmp_path: Path) -> None:
    path = tmp_path / "borden-back.yaml"
    broken = b"rounds: [4\n"
    path.write_bytes(broken)
    loaded = load_overrides("borden-back", BORDEN, path=path)
    layers = _layers(tmp_path, yours=loaded.values, warnings=loaded.errors)
    assert layers.warnings
    layers.adjust_hold(LAT, 1, +1)
    with pytest.raises(OverridesBroken) as info:
        save_layers(layers)
    assert f"{path}:" in str(info.value)
    assert "left untouched" in str(info.value)
    assert path.read_bytes() == broken
    assert layers.changed  # still unsaved


# -- the one way layers are made --------------------------------------------------------------


@pytest.fixture
def config(config_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BACKTIMER_CONFIG_DIR", str(config_dir))
    return config_dir


def _save_by_hand(config: Path, text: str) -> Path:
    path = config / "overrides" / "borden-back.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _what(layers: Layers) -> dict[str, tuple[Number, str]]:
    return {o.what: (o.value, o.layer) for o in layers.provenance()}


def test_build_layers_puts_the_flags_on_your_saved_settings(config: Path) -> None:
    path = _save_by_hand(config, "rounds: 4\nexercises:\n  seated-row:\n    reps: 12\n")
    layers = build_layers(BORDEN_ENTRY, BORDEN, {ROUNDS: 2, LAT_HOLD: 3})
    assert _what(layers) == {
        "rounds": (2, "flag"),
        "exercises.lat-pull-down.holds.Pause": (3, "flag"),
        "exercises.seated-row.reps": (12, "yours"),
    }
    assert (layers.overrides_path, layers.warnings) == (path, ())
    assert not layers.changed  # nothing of this session yet
    # And a save lands in the file it read.
    layers.adjust_hold(HYPER, 1, +1)
    assert save_layers(layers) == path
    assert read_values(path, BORDEN) == {ROUNDS: 4, reps_key(ROW): 12, HYPER_HOLD: 4}


def test_build_layers_with_no_saved_settings_is_the_routine_and_the_flags(config: Path) -> None:
    assert _what(build_layers(BORDEN_ENTRY, BORDEN)) == {}
    assert _what(build_layers(BORDEN_ENTRY, BORDEN, {ROUNDS: 4})) == {"rounds": (4, "flag")}


def test_build_layers_with_a_broken_file_warns_and_runs_the_routine(config: Path) -> None:
    path = _save_by_hand(config, "rounds: four\n")
    layers = build_layers(BORDEN_ENTRY, BORDEN, {COUNT_SECONDS: 1.5})
    assert [str(e) for e in layers.warnings] == [
        f"{path}:1:9: 'rounds' must be a whole number, got 'four'"
    ]
    assert _what(layers) == {"count_seconds": (1.5, "flag")}
    assert layers.effective.rounds == BORDEN.rounds


def test_the_command_line_builds_its_layers_the_same_way(config: Path) -> None:
    _save_by_hand(config, "exercises:\n  lat-pull-down:\n    holds:\n      Pause: 4\n")
    argv = ("--rounds", "5", "--hold", "hyperextension=2")
    from_flags = layers_from_args(BORDEN_ENTRY, BORDEN, _args(*argv))
    direct = build_layers(BORDEN_ENTRY, BORDEN, settings_from_args(BORDEN, _args(*argv)))
    assert (
        _what(from_flags)
        == _what(direct)
        == {
            "rounds": (5, "flag"),
            "exercises.lat-pull-down.holds.Pause": (4, "yours"),
            "exercises.hyperextension.holds.Hold": (2, "flag"),
        }
    )
    assert from_flags.overrides_path == direct.overrides_path


def test_build_layers_keeps_a_routine_given_by_path_apart(config: Path, tmp_path: Path) -> None:
    shipped = _save_by_hand(config, "rounds: 4\n")
    copy = tmp_path / "borden-back.yaml"
    copy.write_bytes((CONTENT / "borden-back.yaml").read_bytes())
    layers = build_layers(Entry("borden-back", copy, "file"), BORDEN, {COUNT_SECONDS: 1.5})
    # Not the shipped routine's settings: its own, under a key made from its path.
    assert _what(layers) == {"count_seconds": (1.5, "flag")}
    assert layers.overrides_path is not None and layers.overrides_path != shipped
    assert layers.routine_id.startswith("borden-back-")
    path = save_layers(layers, include_flags=True)
    assert path == layers.overrides_path
    assert read_values(shipped, BORDEN) == {ROUNDS: 4}
