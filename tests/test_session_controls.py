"""The session controls the workout screen added: honest time spent, stretching a rest, and one
more round after the planned ones, on a fake clock."""

from __future__ import annotations

import pytest
from fakeclock import FakeClock as Clock

from backtimer.core.adjustments import ROUNDS, hold_key
from backtimer.core.events import SoundEvent
from backtimer.core.loader import load_routine_text
from backtimer.core.plan import Plan, compile_plan
from backtimer.core.session import Session, SessionEvent
from backtimer.tui.workout_view import Viewer

# One exercise of two reps of Pull 1, Hold 2; get ready 3; two rounds with a 10 s rest between.
#   round 1: get ready 0-3, Pull 3-4, Hold 4-6, Pull 6-7, Hold 7-9; rest 9-19
#   round 2: get ready 19-22, reps 22-28; done at 28.
YAML = """\
title: Two rounds
rounds: 2
max_rounds: 3
count_seconds: 1
get_ready: 3
cue_seconds: 0
rest: {between_exercises: 5, between_rounds: 10}
exercises:
  - name: Row
    reps: 2
    cues: [Pull and hold]
    rep:
      - {move: Pull, counts: 1}
      - {hold: Hold, counts: 2}
"""
T0 = 1000.0


def plan(rounds: int = 2) -> Plan:
    return compile_plan(load_routine_text(YAML, "two.yaml"), {ROUNDS: rounds})


def run(rounds: int = 2) -> tuple[Session, Clock, list[SessionEvent]]:
    clock = Clock()
    session = Session(plan(rounds), clock=clock)
    events: list[SessionEvent] = []
    session.subscribe(events.append)
    session.start()
    return session, clock, events


def go_to(session: Session, clock: Clock, at: float) -> None:
    """The clock at ``T0 + at``, the session caught up step by step."""
    while True:
        due = session.next_due()
        if due is None or due > T0 + at:
            break
        clock.now = due
        session.update()
    clock.now = T0 + at
    session.update()


# -- time spent -------------------------------------------------------------------------------


def test_time_spent_leaves_out_pauses_and_stands_still_while_paused() -> None:
    session, clock, _ = run()
    go_to(session, clock, 5.0)
    session.pause()
    clock.now += 40
    assert session.active_seconds() == pytest.approx(5.0)
    session.resume()
    go_to(session, clock, 47.0)  # 2 s more of workout after the 40 s pause
    assert session.active_seconds() == pytest.approx(7.0)


def test_skipping_adds_nothing_to_time_spent_and_spent_plus_left_is_the_estimate() -> None:
    session, clock, _ = run()
    go_to(session, clock, 10.0)  # 1 s into the 10 s rest
    assert session.step.kind == "rest"
    assert Viewer(session).view().times == "0:10 done + 0:18 left = 0:28"
    session.next_step()  # skip the rest
    assert session.active_seconds() == pytest.approx(10.0)
    # The 9 s of rest skipped come off the estimate; the time already spent stays.
    assert Viewer(session).view().times == "0:10 done + 0:09 left = 0:19"


def test_a_shorter_hold_never_takes_time_spent_back() -> None:
    session, clock, _ = run()
    go_to(session, clock, 5.5)  # 1.5 s into the first 2-count hold
    shorter = compile_plan(load_routine_text(YAML, "two.yaml"), {ROUNDS: 2, hold_key("row", 1): 1})
    session.replace_plan(shorter)
    assert session.active_seconds() == pytest.approx(5.5)


# -- stretching a rest ------------------------------------------------------------------------


def test_plus_ten_seconds_makes_this_rest_longer_and_moves_its_end_sound() -> None:
    session, clock, events = run()
    go_to(session, clock, 12.0)  # 3 s into the round rest (9-19)
    assert session.stretch_rest(10.0) == pytest.approx(20.0)
    assert session.step_remaining() == pytest.approx(17.0)
    go_to(session, clock, 28.5)
    assert session.step.kind == "rest"
    assert not [e for e in events if e.sound is SoundEvent.REST_OVER]
    go_to(session, clock, 29.0)
    assert session.step.kind == "get-ready"
    over = [e for e in events if e.sound is SoundEvent.REST_OVER]
    assert [e.at for e in over] == [pytest.approx(T0 + 29.0)]
    # The rest ran to its end: done, not skipped; and the plan knows the workout is longer.
    assert session.index - 1 in session.stats.completed
    assert session.plan.total_seconds == pytest.approx(38.0)
    assert Viewer(session).view().times == "0:29 done + 0:09 left = 0:38"


def test_minus_ten_seconds_shortens_a_rest_and_never_below_what_was_rested() -> None:
    session, clock, _ = run()
    go_to(session, clock, 10.0)  # 1 s into the rest
    assert session.stretch_rest(-10.0) == pytest.approx(1.0)  # not 0: 1 s was already rested
    assert session.step.kind == "get-ready"  # so it ended now
    assert session.step_remaining() == pytest.approx(3.0)


def test_stretching_outside_a_rest_changes_nothing() -> None:
    session, clock, _ = run()
    go_to(session, clock, 4.5)
    before = session.plan
    assert session.stretch_rest(10.0) is None
    assert session.plan is before


# -- one more round ---------------------------------------------------------------------------


def test_one_more_round_goes_on_from_the_summary_and_keeps_what_was_done() -> None:
    session, clock, events = run()
    go_to(session, clock, 28.0)
    assert session.finished
    done = set(session.stats.completed)
    clock.now += 30  # reading the summary
    session.extend(plan(rounds=3))
    assert not session.finished
    assert session.step.kind == "get-ready"
    assert session.step.round == 3
    assert session.stats.completed == done
    assert session.active_seconds() == pytest.approx(28.0)  # the summary is not workout time
    go_to(session, clock, 30.0 + 28.0 + 9.0)
    assert session.finished
    assert events[-1].kind in ("workout-done", "sound")
    assert session.active_seconds() == pytest.approx(37.0)


def test_one_more_round_needs_a_finished_workout_and_a_longer_plan() -> None:
    session, clock, _ = run()
    go_to(session, clock, 5.0)
    with pytest.raises(ValueError):
        session.extend(plan(rounds=3))
    go_to(session, clock, 28.0)
    with pytest.raises(ValueError):
        session.extend(plan(rounds=2))
