"""Settings in layers (routine < yours < flag < session), the plan flags and the session API."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pytest
from conftest import CONTENT

from backtimer.cli.flags import FlagError, add_plan_options, settings_from_args
from backtimer.core.loader import load_routine, load_routine_text
from backtimer.core.model import Routine
from backtimer.core.plan import Settings
from backtimer.settings.layers import Layers
from backtimer.settings.overrides import OverridesBroken, SaveError, load_overrides, read_values
from backtimer.settings.values import (
    COUNT_SECONDS,
    ROUNDS,
    Key,
    Layer,
    hold_key,
    merge,
    reps_key,
)

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

LAT = "lat-pull-down"
ROW = "seated-row"
HYPER = "hyperextension"


def _effective(routine: Routine, settings: Settings) -> dict[str, Any]:
    r = settings.apply(routine)
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


SEED = _effective(BORDEN, Settings())

# (name, [(layer, settings)], changes from the seed's values, {what: (value, layer)})
LAYER_CASES: list[
    tuple[str, list[tuple[Layer, Settings]], dict[str, Any], dict[str, tuple[Any, str]]]
] = [
    ("nothing", [], {}, {}),
    (
        "yours alone",
        [("yours", Settings(rounds=4))],
        {"rounds": 4},
        {"rounds": (4, "yours")},
    ),
    (
        "a flag beats yours",
        [("yours", Settings(rounds=4)), ("flag", Settings(rounds=2))],
        {"rounds": 2},
        {"rounds": (2, "flag")},
    ),
    (
        "a flag back to the routine's value is no override",
        [
            ("yours", Settings(holds={(LAT, 1): 3})),
            ("flag", Settings(holds={(LAT, 1): 2})),
        ],
        {},
        {},
    ),
    (
        "layers set different values side by side",
        [("yours", Settings(holds={(LAT, 1): 3})), ("flag", Settings(rounds=4))],
        {"rounds": 4, "lat_hold": 3},
        {"rounds": (4, "flag"), "exercises.lat-pull-down.holds.Pause": (3, "yours")},
    ),
    (
        "session beats flag beats yours",
        [
            ("yours", Settings(count_seconds=1.5)),
            ("flag", Settings(count_seconds=1.2)),
            ("session", Settings(count_seconds=1.3)),
        ],
        {"count": 1.3},
        {"count_seconds": (1.3, "session")},
    ),
    (
        "--rest shorter than the round rest leaves the round rest",
        [("flag", Settings(rest_between_exercises=45))],
        {"rest_ex": 45},
        {"rest.between_exercises": (45, "flag")},
    ),
    (
        "--rest longer than the round rest lifts it",
        [("flag", Settings(rest_between_exercises=90))],
        {"rest_ex": 90, "rest_rounds": 90},
        {"rest.between_exercises": (90, "flag"), "rest.between_rounds": (90, "flag")},
    ),
    (
        "--round-rest in the same layer wins over the lift",
        [("flag", Settings(rest_between_exercises=90, rest_between_rounds=40))],
        {"rest_ex": 90, "rest_rounds": 40},
        {"rest.between_exercises": (90, "flag"), "rest.between_rounds": (40, "flag")},
    ),
    (
        "your longer round rest stays",
        [
            ("yours", Settings(rest_between_rounds=120)),
            ("flag", Settings(rest_between_exercises=90)),
        ],
        {"rest_ex": 90, "rest_rounds": 120},
        {"rest.between_exercises": (90, "flag"), "rest.between_rounds": (120, "yours")},
    ),
    (
        "your shorter round rest is lifted by the flag",
        [
            ("yours", Settings(rest_between_rounds=50)),
            ("flag", Settings(rest_between_exercises=90)),
        ],
        {"rest_ex": 90, "rest_rounds": 90},
        {"rest.between_exercises": (90, "flag"), "rest.between_rounds": (90, "flag")},
    ),
    (
        "a hold timed in seconds, set in counts, is always an override",
        [("flag", Settings(holds={(ROW, 1): 1}))],
        {"row_hold": (1, None)},
        {"exercises.seated-row.holds.Pause": (1, "flag")},
    ),
    (
        "your value equal to the routine's is not marked",
        [("yours", Settings(reps={ROW: 10}))],
        {},
        {},
    ),
    (
        "reps and holds of several exercises",
        [
            ("yours", Settings(reps={ROW: 12}, holds={(HYPER, 1): 5})),
            ("session", Settings(holds={(LAT, 1): 4})),
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
    layers: list[tuple[Layer, Settings]],
    changes: dict[str, Any],
    marked: dict[str, tuple[Any, str]],
) -> None:
    settings, overrides = merge(BORDEN, layers)
    assert _effective(BORDEN, settings) == SEED | changes
    assert {o.what: (o.value, o.layer) for o in overrides} == marked


def test_provenance_records_the_routine_value_and_unit() -> None:
    _, overrides = merge(
        BORDEN, [("yours", Settings(holds={(LAT, 1): 3, (ROW, 1): 2}, count_seconds=1.5))]
    )
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


def _flags(*argv: str, routine: Routine = BORDEN) -> Settings:
    return settings_from_args(routine, _args(*argv))


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
        ("seated row=2", {(ROW, 1): 2}),
        ("hyperextension=4", {(HYPER, 1): 4}),
    ],
)
def test_hold_flag(spec: str, expected: dict[tuple[str, int], int]) -> None:
    assert dict(_flags("--hold", spec).holds) == expected


def test_hold_flags_repeat_and_the_last_wins() -> None:
    settings = _flags(
        "--hold", "lat pull down=3", "--hold", "hyperextension=5", "--hold", "lat-pull-down=4"
    )
    assert dict(settings.holds) == {(LAT, 1): 4, (HYPER, 1): 5}


def test_hold_flag_picks_one_of_several_holds() -> None:
    ex = "row-and-squeeze"
    assert dict(_flags("--hold", "row and squeeze:squeeze=3", routine=TWO_HOLDS).holds) == {
        (ex, 1): 3
    }
    assert dict(_flags("--hold", "row and squeeze:4=3", routine=TWO_HOLDS).holds) == {(ex, 3): 3}
    assert dict(_flags("--hold", "plank=30", routine=TWO_HOLDS).holds) == {("plank", 0): 30}


def test_scalar_flags() -> None:
    s = _flags(
        "--rounds", "4", "--count-seconds", "1.5", "--rest", "45", "--round-rest", "0",
        "--reps", "seated row=12", "--audio", "bell",
    )  # fmt: skip
    assert (s.rounds, s.count_seconds, s.rest_between_exercises, s.rest_between_rounds) == (
        4,
        1.5,
        45.0,
        0.0,
    )
    assert dict(s.reps) == {ROW: 12}
    assert _args("--audio", "bell").audio == "bell"


def test_reps_without_exercise_sets_every_exercise() -> None:
    assert dict(_flags("--reps", "12").reps) == {LAT: 12, ROW: 12, HYPER: 12}
    assert dict(_flags("--reps", "12", "--reps", "hyperextension=15").reps) == {
        LAT: 12,
        ROW: 12,
        HYPER: 15,
    }


def test_no_flags_change_nothing() -> None:
    assert _flags() == Settings()


ALL_NAMES = ["'Lat pull down' (lat-pull-down)", "'Seated row' (seated-row)", "'Hyperextension'"]

# (argv, routine, fragments the one-line message must hold)
FLAG_ERRORS: list[tuple[list[str], Routine, list[str]]] = [
    (["--hold", "lat pul=3"], BORDEN, ["--hold 'lat pul=3'", "no exercise 'lat pul'", *ALL_NAMES]),
    (["--hold", "squat=3"], BORDEN, ["no exercise 'squat'", *ALL_NAMES, "(hyperextension)"]),
    (["--hold", "lat pull down=0"], BORDEN, ["from 1 to 1000, got 0"]),
    (["--hold", "lat pull down=1001"], BORDEN, ["from 1 to 1000"]),
    (["--hold", "lat pull down=2.5"], BORDEN, ["expected a whole number, got '2.5'"]),
    (["--hold", "lat pull down=x"], BORDEN, ["expected a whole number, got 'x'"]),
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


def test_adjust_hold_in_the_session(tmp_path: Path) -> None:
    layers = _layers(tmp_path)
    assert not layers.changed
    assert layers.hold_counts(LAT, 1) == 2
    assert layers.adjust_hold(LAT, 1, +1) == 3
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
    assert layers.adjust_hold(LAT, 1, -1) == 2
    assert not layers.changed
    assert layers.session == Settings()


def test_adjust_hold_never_below_one_count(tmp_path: Path) -> None:
    layers = _layers(tmp_path)
    for _ in range(5):
        layers.adjust_hold(HYPER, 1, -1)
    assert layers.hold_counts(HYPER, 1) == 1


def test_a_hold_in_seconds_is_adjusted_in_counts(tmp_path: Path) -> None:
    layers = _layers(tmp_path)
    assert layers.hold_counts(ROW, 1) == 1  # 1 s at 1 s a count
    assert layers.adjust_hold(ROW, 1, +1) == 2
    assert layers.effective.exercise(ROW).rep[1].seconds is None
    assert layers.effective.exercise(ROW).rep[1].counts == 2


def test_a_session_change_goes_on_top_of_a_flag(tmp_path: Path) -> None:
    layers = _layers(tmp_path, flags=Settings(holds={(LAT, 1): 3}))
    assert not layers.changed
    assert layers.adjust_hold(LAT, 1, +1) == 4
    assert layers.override(hold_key(LAT, 1)) is not None
    assert layers.changed
    assert layers.adjust_hold(LAT, 1, -1) == 3
    assert not layers.changed
    assert layers.override(hold_key(LAT, 1)).layer == "flag"  # type: ignore[union-attr]


def test_set_hold_refuses_a_move(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not a hold"):
        _layers(tmp_path).set_hold(LAT, 0, 3)


def test_count_seconds_steps_by_a_tenth(tmp_path: Path) -> None:
    layers = _layers(tmp_path)
    for _ in range(10):
        layers.adjust_count_seconds(+0.1)
    assert layers.count_seconds == 2.0
    assert layers.override(COUNT_SECONDS) is not None
    for _ in range(10):
        layers.adjust_count_seconds(-0.1)
    assert layers.count_seconds == 1.0
    assert not layers.changed
    for _ in range(30):
        layers.adjust_count_seconds(-0.1)
    assert layers.count_seconds == pytest.approx(0.1)
    with pytest.raises(ValueError):
        layers.set_count_seconds(float("nan"))


def test_holds_lists_every_hold(tmp_path: Path) -> None:
    assert _layers(tmp_path).holds() == [(LAT, 1), (ROW, 1), (HYPER, 1)]


def test_save_writes_the_session_but_not_the_flags(tmp_path: Path) -> None:
    layers = _layers(tmp_path, flags=Settings(rounds=2))
    layers.adjust_hold(LAT, 1, +1)  # 2 -> 3
    path = layers.save()
    assert path == tmp_path / "borden-back.yaml"
    assert read_values(path, BORDEN) == {hold_key(LAT, 1): 3}
    assert not layers.changed
    # A second save of the same state is allowed and changes nothing.
    assert layers.save() == path
    assert read_values(path, BORDEN) == {hold_key(LAT, 1): 3}


def test_save_refuses_values_the_file_would_not_accept(tmp_path: Path) -> None:
    # Not reachable from the flags (they stop at 100 rounds), but the API must not write a file
    # that would be reported as broken on the next run.
    layers = _layers(tmp_path, flags=Settings(rounds=500))
    with pytest.raises(SaveError, match="'rounds' must be at most 100, got 500"):
        layers.save(include_flags=True)
    assert not (tmp_path / "borden-back.yaml").exists()


def test_save_with_flags_keeps_the_lifted_round_rest(tmp_path: Path) -> None:
    layers = _layers(tmp_path, flags=Settings(rest_between_exercises=90, rounds=4))
    path = layers.save(include_flags=True)
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
    layers = _layers(tmp_path, yours=loaded.settings)
    layers.adjust_hold(LAT, 1, +2)
    layers.save()
    assert read_values(path, BORDEN) == {ROUNDS: 4, reps_key(ROW): 12, hold_key(LAT, 1): 4}


def test_saving_the_routine_values_removes_the_file(tmp_path: Path) -> None:
    path = tmp_path / "borden-back.yaml"
    path.write_text("exercises:\n  lat-pull-down:\n    holds:\n      Pause: 3\n")
    layers = _layers(tmp_path, yours=load_overrides("x", BORDEN, path=path).settings)
    assert layers.hold_counts(LAT, 1) == 3
    layers.adjust_hold(LAT, 1, -1)  # back to the seed's 2
    assert layers.changed
    assert layers.save() is None
    assert not path.exists()
    assert not layers.changed


def test_save_refuses_to_overwrite_a_broken_file(tmp_path: Path) -> None:
    path = tmp_path / "borden-back.yaml"
    broken = b"rounds: [4\n"
    path.write_bytes(broken)
    loaded = load_overrides("borden-back", BORDEN, path=path)
    layers = _layers(tmp_path, yours=loaded.settings, warnings=loaded.errors)
    assert layers.warnings
    layers.adjust_hold(LAT, 1, +1)
    with pytest.raises(OverridesBroken) as info:
        layers.save()
    assert f"{path}:" in str(info.value)
    assert "left untouched" in str(info.value)
    assert path.read_bytes() == broken
    assert layers.changed  # still unsaved
