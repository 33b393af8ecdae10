"""The log against the summary whatever keys are pressed: skipping (N), going back (p) before a
set or into a skipped one, restarting a step (r), moving while paused, and quitting anywhere. On
the tiny routine and a fake clock, without a terminal; quitting is done the way the app does it
(the step it was stopped at, then a jump to the end, then ``end("quit")``).

Tiny's steps: 0 pull get-ready, 1-6 pull reps, 7 rest, 8 hyper get-ready, 9-12 hyper reps,
13 rest (round 2), 14 pull get-ready, 15-20 pull reps, 21 rest, 22-26 hyper, 27 done.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_log_recorder import Workout

from backtimer.core.plan import Step
from backtimer.log import open_log
from backtimer.log.progression import ProgressionRule, advise
from backtimer.tui.screens.summary import rounds_lines, skipped_line, skipped_lines

Logged = list[tuple[str, int, int, bool]]
PULL_DONE = ("pull", 1, 2, False)
HYPER_SKIPPED = ("hyper", 1, 0, True)


@pytest.fixture
def workout(tmp_path: Path) -> Iterator[Workout]:
    w = Workout(tmp_path / "log.sqlite3", auto_complete=False)
    yield w
    w.log.close()


def quit_here(workout: Workout) -> Step:
    """``q`` ``y`` as the app does it; returns the step the workout was stopped at. (The app
    also gives ``end`` that step, for moves made while paused: see the last test.)"""
    stopped = workout.session.step
    workout.session.finish()
    workout.recorder.end("quit")
    return stopped


def summary_skips(workout: Workout, stopped: Step | None) -> list[str]:
    return skipped_lines(workout.session, stopped)


def log_skips(workout: Workout) -> list[str]:
    """The log's sets as the summary words what was skipped (sets with reps not done)."""
    (session,) = workout.log.sessions()
    return [
        skipped_line(s.round, s.exercise_name, s.reps_planned - s.reps_done, s.reps_planned)
        for s in session.sets
        if s.reps_done < s.reps_planned
    ]


def check_agrees(workout: Workout, stopped: Step | None) -> None:
    """The summary's skipped list, the log and the recorder's memory say the same."""
    assert summary_skips(workout, stopped) == log_skips(workout)
    (session,) = workout.log.sessions()
    memory = workout.recorder.as_record()
    assert [(s.exercise_id, s.round, s.reps_done, s.skipped) for s in memory.sets] == [
        (s.exercise_id, s.round, s.reps_done, s.skipped) for s in session.sets
    ]
    assert memory.rounds_done == session.rounds_done
    # "Rounds done in full: 1 of 2" (or "Rounds done: 2 of 2"): the count the log keeps.
    shown = rounds_lines(workout.session)[0].split(": ")[1]
    assert shown == f"{session.rounds_done} of {session.rounds_planned}"


def test_skip_skip_back_and_quit_leaves_out_the_set_never_begun(workout: Workout) -> None:
    """The reported case: N N (into round 2), p (back to the rest before it), q y."""
    workout.begin()
    workout.to(14)  # the rest after pull
    workout.recorder.rate((1, "pull"), load=20, unit="kg", effort="easy")
    workout.session.next_exercise()  # hyper's get-ready
    workout.session.next_exercise()  # round 2, pull's get-ready
    assert workout.session.step.index == 14
    workout.session.previous_step()  # the rest before round 2
    stopped = quit_here(workout)
    assert stopped.kind == "rest"
    assert workout.logged() == [PULL_DONE, HYPER_SKIPPED]
    assert summary_skips(workout, stopped) == ["Round 1, Hyperextension: the whole set (2 reps)"]
    check_agrees(workout, stopped)
    # The advice comes from the sets done: pull's one set, easy.
    advice = advise(workout.written, workout.log.sessions(), {"pull": ProgressionRule()})
    assert advice["pull"].load == 22.5


def test_skip_back_skip_and_quit_in_the_get_ready(workout: Workout) -> None:
    workout.begin()
    workout.to(14)
    workout.session.next_exercise()  # hyper's get-ready
    workout.session.previous_step()  # the rest again
    assert workout.recorder.last == (1, "pull")  # the rest asks about pull again
    workout.session.next_exercise()  # hyper's get-ready again
    stopped = quit_here(workout)
    assert stopped.kind == "get-ready"
    assert workout.logged() == [PULL_DONE]
    check_agrees(workout, stopped)


def test_skip_back_skip_then_doing_the_set_records_it_done(workout: Workout) -> None:
    workout.begin()
    workout.to(14)
    workout.session.next_exercise()
    workout.session.previous_step()
    workout.session.next_exercise()  # hyper's get-ready at 14 s: it ends at 25 s
    workout.to(26)  # round 2's rest
    workout.recorder.end("interrupted")
    assert workout.logged() == [PULL_DONE, ("hyper", 1, 2, False)]


def test_back_across_the_boundary_to_the_set_before(workout: Workout) -> None:
    workout.begin()
    workout.to(19)  # hyper's get-ready
    workout.session.previous_step()  # the rest
    workout.session.previous_step()  # pull's last Return: pull under way again
    assert workout.session.step.index == 6
    assert workout.recorder.last == (1, "pull")
    stopped = quit_here(workout)
    assert workout.logged() == [PULL_DONE]  # its reps were done: kept
    check_agrees(workout, stopped)


def test_back_into_a_skipped_set_takes_the_skip_out(workout: Workout) -> None:
    workout.begin()
    workout.to(19)  # hyper's get-ready
    workout.session.next_exercise()  # hyper skipped: round 2's pull
    assert workout.logged() == [PULL_DONE, HYPER_SKIPPED]
    workout.session.previous_step()  # round 2's rest
    assert workout.logged() == [PULL_DONE, HYPER_SKIPPED]  # still behind: still skipped
    workout.session.previous_step()  # hyper's last hold: under way again
    assert workout.logged() == [PULL_DONE]
    assert workout.recorder.last == (1, "pull")
    stopped = quit_here(workout)
    assert workout.logged() == [PULL_DONE]
    check_agrees(workout, stopped)


def test_a_skip_taken_out_comes_back_when_the_set_is_left_again(workout: Workout) -> None:
    workout.begin()
    workout.to(19)
    workout.session.next_exercise()
    workout.session.previous_step()
    workout.session.previous_step()  # hyper's last hold, none of its reps done
    workout.session.next_exercise()  # round 2's pull again
    assert workout.logged() == [PULL_DONE, HYPER_SKIPPED]
    stopped = quit_here(workout)
    check_agrees(workout, stopped)


def test_reps_done_are_kept_when_going_back_before_the_set(workout: Workout) -> None:
    workout.begin()
    workout.to(26)  # hyper: rep 1 done, rep 2's hold under way
    for _ in range(5):
        workout.session.previous_step()  # through hyper's steps to the rest before it
    assert workout.session.step.kind == "rest"
    assert workout.logged() == [PULL_DONE, ("hyper", 1, 1, False)]
    stopped = quit_here(workout)
    assert workout.logged() == [PULL_DONE, ("hyper", 1, 1, False)]
    # The summary counts hyper's rep among what was left after the stop, not as skipped.
    assert summary_skips(workout, stopped) == []


def test_restart_in_a_set_not_begun_then_back_records_nothing(workout: Workout) -> None:
    workout.begin()
    workout.to(14)
    workout.session.next_exercise()  # hyper's get-ready
    workout.session.restart_step()
    workout.session.previous_step()
    stopped = quit_here(workout)
    assert workout.logged() == [PULL_DONE]
    check_agrees(workout, stopped)


def test_restart_in_the_rest_after_a_skip_keeps_the_skip(workout: Workout) -> None:
    workout.begin()
    workout.to(19)
    workout.session.next_exercise()  # hyper skipped
    workout.session.previous_step()  # round 2's rest
    workout.session.restart_step()
    stopped = quit_here(workout)
    assert workout.logged() == [PULL_DONE, HYPER_SKIPPED]
    check_agrees(workout, stopped)


def test_quit_in_a_get_ready_after_skip_back_skip(workout: Workout) -> None:
    workout.begin()
    workout.to(14)
    workout.session.next_exercise()  # hyper's get-ready
    workout.session.next_exercise()  # round 2 pull's get-ready
    workout.session.previous_step()  # round 2's rest
    workout.session.next_exercise()  # round 2 pull's get-ready again
    stopped = quit_here(workout)
    assert stopped.index == 14
    assert workout.logged() == [PULL_DONE, HYPER_SKIPPED]
    check_agrees(workout, stopped)


def test_moves_made_while_paused_count_when_it_resumes(workout: Workout) -> None:
    workout.begin()
    workout.to(14)
    workout.session.pause()
    workout.session.next_exercise()  # hyper's get-ready, nothing started while paused
    workout.session.next_exercise()  # round 2's pull
    assert workout.logged() == [PULL_DONE]
    workout.session.resume()
    assert workout.logged() == [PULL_DONE, HYPER_SKIPPED]
    workout.to(30)  # round 2 pull's first rep under way
    stopped = quit_here(workout)
    check_agrees(workout, stopped)


def test_a_completed_workout_records_every_set_behind_it(workout: Workout) -> None:
    workout.begin()
    workout.to(14)
    workout.session.next_exercise()
    workout.session.previous_step()
    workout.to(14 + 5 + 13 + 8 + 13 + 5 + 11.5)  # on to the end
    assert workout.session.finished
    workout.recorder.end("completed")
    assert workout.logged() == [
        PULL_DONE,
        ("hyper", 1, 2, False),
        ("pull", 2, 2, False),
        ("hyper", 2, 2, False),
    ]
    check_agrees(workout, None)


def test_a_set_taken_out_leaves_the_log_with_its_holds(tmp_path: Path) -> None:
    with open_log(tmp_path / "log.sqlite3") as log:
        from backtimer.log import HoldUse
        from backtimer.log.capture import start_recording

        w = Workout(tmp_path / "unused.sqlite3")
        recording = start_recording(log, "tiny", w.written, written=w.written)
        kept = recording.record_set(
            exercise_id="pull",
            exercise_name="Lat pull down",
            round=1,
            position=0,
            reps_planned=2,
            reps_done=2,
        )
        gone = recording.record_set(
            exercise_id="hyper",
            exercise_name="Hyperextension",
            round=1,
            position=1,
            reps_planned=2,
            reps_done=0,
            skipped=True,
            holds=(HoldUse(1, 3.0, 3.0),),
        )
        # Round 1 has every exercise now, one of them skipped: not done in full.
        assert log.sessions()[0].rounds_done == 0
        recording.forget_set(gone)
        (session,) = log.sessions()
        assert [s.id for s in session.sets] == [kept]
        assert session.rounds_done == 0  # round 1 no longer has every exercise
        holds = log._conn.execute("SELECT count(*) FROM holds WHERE set_id = ?", (gone,))
        assert holds.fetchone()[0] == 0
        w.log.close()


def test_moves_made_while_paused_count_when_it_is_quit_there(workout: Workout) -> None:
    """Paused, N N, then q y without resuming: the app says where it was stopped."""
    workout.begin()
    workout.to(14)
    workout.session.pause()
    workout.session.next_exercise()
    workout.session.next_exercise()  # round 2 pull's get-ready, no step started
    stopped = workout.session.step
    workout.session.finish()
    workout.recorder.end("quit", at=stopped.index)
    assert workout.logged() == [PULL_DONE, HYPER_SKIPPED]
    check_agrees(workout, stopped)
