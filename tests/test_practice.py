"""Practice mode's model: walking the cues, and the tiny plans that play a hold or drill a rep."""

from __future__ import annotations

import pytest
from conftest import CONTENT
from tui_helpers import FakeClock

from backtimer.core.adjustments import COUNT_SECONDS, apply, hold_key
from backtimer.core.events import SoundEvent as S
from backtimer.core.loader import load_routine, load_routine_text
from backtimer.core.model import Routine
from backtimer.core.plan import Plan
from backtimer.core.practice import (
    CueWalk,
    Position,
    drill_plan,
    find_exercise,
    hold_plan,
)
from backtimer.core.session import Session

SHIPPED = ["borden-back", "train-your-back"]


def shipped(name: str) -> Routine:
    return load_routine(CONTENT / f"{name}.yaml")


def borden() -> Routine:
    return shipped("borden-back")


def every_cue(routine: Routine) -> list[tuple[int, int, str]]:
    """(exercise index, 1-based cue number, text) of every cue, in the routine's order."""
    return [
        (ei, n, cue) for ei, ex in enumerate(routine.exercises) for n, cue in enumerate(ex.cues, 1)
    ]


def where(walk: CueWalk) -> tuple[int, int, str]:
    return walk.position.exercise, walk.cue_number, walk.cue_text


def played(plan: Plan) -> tuple[list[S], float]:
    """The sounds a plan makes when run to its end on a fake clock, and how long it took."""
    clock = FakeClock()
    session = Session(plan, clock=clock)
    sounds: list[S] = []
    session.subscribe(lambda e: sounds.append(e.sound) if e.sound is not None else None)
    t0 = clock.now
    session.start()
    while not session.finished:
        due = session.next_due()
        assert due is not None
        clock.now = max(clock.now, due)
        session.update()
    return sounds, clock.now - t0


# -- walking the cues -------------------------------------------------------------------------


@pytest.mark.parametrize("name", SHIPPED)
def test_walk_visits_every_cue_in_order_then_back(name: str) -> None:
    routine = shipped(name)
    expected = every_cue(routine)
    assert len(expected) == sum(len(ex.cues) for ex in routine.exercises) >= 9

    walk = CueWalk(routine)
    seen = [where(walk)]
    while walk.next():
        seen.append(where(walk))
    assert seen == expected
    assert walk.at_end
    assert not walk.next()  # the last cue stays the last
    assert where(walk) == expected[-1]

    back = [where(walk)]
    while walk.previous():
        back.append(where(walk))
    assert back == expected[::-1]
    assert walk.position == Position(0, 0)
    assert not walk.at_end
    assert not walk.previous()
    assert where(walk) == expected[0]


def test_walk_starts_at_an_exercise_and_jumps_to_the_next() -> None:
    routine = borden()
    walk = CueWalk(routine, 1)
    assert walk.exercise.name == "Seated row"
    assert walk.cue_number == 1
    walk.next()
    assert walk.cue_number == 2
    walk.next_exercise()
    assert walk.exercise.name == "Hyperextension"
    assert walk.cue_number == 1
    walk.next_exercise()  # at the last exercise: stays
    assert walk.position == Position(2, 0)
    walk.previous()
    assert walk.exercise.name == "Seated row"
    assert walk.cue_number == 3  # the previous exercise's last cue


def test_phases_of_cue_are_the_phases_that_name_it() -> None:
    walk = CueWalk(borden())

    def phases() -> list[tuple[int, str]]:
        return [(i, p.name) for i, p in walk.phases_of_cue()]

    assert phases() == []  # lat pull down cue 1: a setup cue
    walk.next()
    assert phases() == []
    walk.next()
    assert phases() == [(0, "Pull"), (1, "Pause"), (2, "Return")]
    walk.next()  # seated row: Pull belongs to cue 2, Pause and Return to cue 3
    assert phases() == []
    walk.next()
    assert phases() == [(0, "Pull")]
    walk.next()
    assert phases() == [(1, "Pause"), (2, "Return")]

    # A phase with no cue belongs to the exercise's last one.
    tyb = CueWalk(shipped("train-your-back"), 2)  # face pull: Pull is cue 1's
    assert [p.name for _, p in tyb.phases_of_cue()] == ["Pull"]
    tyb.next()
    assert tyb.phases_of_cue() == []
    no_cues = load_routine_text(TWO_HOLDS.replace(", cue: 1", "").replace(", cue: 2", ""), "x")
    last = CueWalk(no_cues)
    assert last.phases_of_cue() == []
    last.next()
    last.next()
    assert [i for i, _ in last.phases_of_cue()] == [0, 1, 2]


TWO_HOLDS = """\
title: Two holds
cue_seconds: 0
exercises:
  - name: Row
    reps: 1
    cues: [Squeeze first, Then hold at the bottom, Breathe]
    rep:
      - {hold: Squeeze, counts: 2, cue: 1}
      - {move: Lower, counts: 1, cue: 2}
      - {hold: Bottom, counts: 3, cue: 2}
  - name: Walk
    reps: 1
    cues: [Just walk]
    rep:
      - {move: Step, counts: 1}
"""


def test_hold_to_play_is_this_cues_hold_else_the_exercises_first() -> None:
    walk = CueWalk(load_routine_text(TWO_HOLDS, "two.yaml"))
    assert walk.hold_to_play() == 0  # cue 1: Squeeze
    walk.next()
    assert walk.hold_to_play() == 2  # cue 2: its own hold, Bottom
    walk.next()
    assert walk.hold_to_play() == 0  # cue 3 has no phase: the exercise's first hold
    walk.next()
    assert walk.exercise.name == "Walk"
    assert walk.hold_to_play() is None  # no hold at all

    lat = CueWalk(borden())
    assert lat.hold_to_play() == 1  # cue 1 has no phase: Pause, the first hold
    row = CueWalk(borden(), 1)
    row.next()
    assert row.cue_number == 2
    assert row.hold_to_play() == 1  # cue 2 has only Pull: the exercise's Pause


# -- playing a hold -----------------------------------------------------------------------------


@pytest.mark.parametrize("count_seconds", [1.0, 0.5, 1.7])
def test_hold_plan_lasts_the_lat_pull_downs_two_counts(count_seconds: float) -> None:
    routine = apply(borden(), {COUNT_SECONDS: count_seconds})
    ex = routine.exercises[0]
    plan = hold_plan(routine, ex, 1)
    assert plan.total_seconds == pytest.approx(2 * count_seconds)
    timed = [s for s in plan.steps if s.seconds is not None]
    assert [(s.kind, s.label, s.counts) for s in timed] == [("hold", "Pause", 2)]
    assert [s.kind for s in plan.steps] == ["hold", "done"]
    sounds = [x for s in plan.steps for x in s.sounds]
    assert [x.event for x in sounds] == [S.HOLD_START, S.TICK, S.HOLD_END]
    assert [x.offset for x in sounds] == pytest.approx([0.0, count_seconds, 2 * count_seconds])

    heard, took = played(plan)
    assert heard == [S.HOLD_START, S.TICK, S.HOLD_END]
    assert took == pytest.approx(2 * count_seconds)


def test_hold_plan_of_a_hold_in_seconds_ignores_the_count_length() -> None:
    for count_seconds in (1.0, 0.3, 2.0):
        routine = apply(borden(), {COUNT_SECONDS: count_seconds})
        row = routine.exercises[1]
        plan = hold_plan(routine, row, 1)
        assert plan.total_seconds == pytest.approx(1.0)  # "Pause for one second"
        assert plan.steps[0].label == "Pause"
        heard, took = played(plan)
        assert heard == [S.HOLD_START, S.HOLD_END]
        assert took == pytest.approx(1.0)

    hyper = borden().exercises[2]
    heard, took = played(hold_plan(borden(), hyper, 1))
    assert heard == [S.HOLD_START, S.TICK, S.TICK, S.HOLD_END]
    assert took == pytest.approx(3.0)


def test_hold_plan_carries_a_changed_count() -> None:
    routine = apply(borden(), {hold_key("lat-pull-down", 1): 3})
    plan = hold_plan(routine, routine.exercises[0], 1)
    assert plan.total_seconds == pytest.approx(3.0)
    assert plan.steps[0].counts == 3
    assert played(plan)[0] == [S.HOLD_START, S.TICK, S.TICK, S.HOLD_END]


# -- drilling a rep -----------------------------------------------------------------------------


@pytest.mark.parametrize("count_seconds", [1.0, 0.4])
def test_drill_plan_is_one_rep_at_one_and_a_half_times_the_count(count_seconds: float) -> None:
    routine = apply(borden(), {COUNT_SECONDS: count_seconds})
    slow = count_seconds * 1.5
    lat = routine.exercises[0]
    plan = drill_plan(routine, lat)
    assert [(s.kind, s.label, s.rep) for s in plan.steps] == [
        ("move", "Pull", 1),
        ("hold", "Pause", 1),
        ("move", "Return", 1),
        ("done", "Workout complete", None),
    ]
    assert [s.seconds for s in plan.steps[:3]] == pytest.approx([slow, 2 * slow, 2 * slow])
    assert plan.total_seconds == pytest.approx(5 * slow)
    assert plan.routine.count_seconds == pytest.approx(slow)
    heard, took = played(plan)
    # Like a rep in the middle of a set: no "go", no exercise or workout fanfare to loop on.
    assert heard == [S.PHASE, S.HOLD_START, S.TICK, S.HOLD_END, S.TICK]
    assert took == pytest.approx(5 * slow)

    # The seated row's pause is in seconds: it stays one second however slow the count.
    row = routine.exercises[1]
    plan = drill_plan(routine, row)
    assert [s.seconds for s in plan.steps[:3]] == pytest.approx([slow, 1.0, 2 * slow])
    assert plan.total_seconds == pytest.approx(3 * slow + 1.0)
    assert played(plan)[0] == [S.PHASE, S.HOLD_START, S.HOLD_END, S.TICK]


def test_drill_plan_has_no_get_ready_cues_rest_or_rounds() -> None:
    routine = borden()
    for ex in routine.exercises:
        plan = drill_plan(routine, ex)
        assert [s.kind for s in plan.steps if s.kind not in ("move", "hold")] == ["done"]
        assert len(plan.steps) == len(ex.rep) + 1
        assert {s.round for s in plan.steps[:-1]} == {1}
        assert all(s.exercise == ex.key for s in plan.steps[:-1])
        events = {x.event for s in plan.steps for x in s.sounds}
        assert not events & {S.GO, S.EXERCISE_DONE, S.WORKOUT_DONE, S.COUNTDOWN, S.REST_OVER}


# -- words and names ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "index"),
    [
        ("lat-pull-down", 0),
        ("Lat pull down", 0),
        ("LAT PULL DOWN", 0),
        ("  lat Pull Down ", 0),
        ("seated-row", 1),
        ("Seated Row", 1),
        ("hyperextension", 2),
        ("HYPEREXTENSION", 2),
    ],
)
def test_find_exercise_by_id_or_name_any_case(name: str, index: int) -> None:
    assert find_exercise(borden(), name) == index


@pytest.mark.parametrize("name", ["lat", "row", "lat pull-down", "", "squat"])
def test_find_exercise_unknown_lists_the_valid_ones(name: str) -> None:
    with pytest.raises(ValueError) as caught:
        find_exercise(borden(), name)
    message = str(caught.value)
    assert f"no exercise '{name}' in 'Back-sculpting routine'" in message
    for shown in (
        "'Lat pull down' (lat-pull-down)",
        "'Seated row' (seated-row)",
        "'Hyperextension' (hyperextension)",
    ):
        assert shown in message
    assert "\n" not in message
