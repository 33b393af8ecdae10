"""Recording a workout as it runs: each set as soon as it is done, its load and effort, skips,
changed holds, and how it ended, on a fake clock and without a terminal."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import ROOT
from fakeclock import FakeClock as Clock
from log_helpers import T0, WallClock

from backtimer.core.adjustments import ROUNDS, apply, hold_key
from backtimer.core.loader import load_routine_text
from backtimer.core.model import Routine
from backtimer.core.plan import compile_plan
from backtimer.core.session import Session
from backtimer.log import HoldUse, Log, LogError, last_time, open_log
from backtimer.log.recorder import Block, WorkoutRecorder, Writer
from backtimer.log.writer import InlineWriter, LogHandle, ThreadWriter

# Two exercises, two reps, two rounds: 66 s of fake time.
#   round 1: pull  get ready 0-3, rep 1 3-8 (Pull 3-4, Pause 4-6, Return 6-8), rep 2 8-13;
#            rest 13-18; hyper get ready 18-21, rep 1 21-25, rep 2 25-29; rest 29-37
#   round 2: pull 37-50, rest 50-55, hyper 55-66; done at 66.
TINY = """\
title: Tiny back
rounds: 2
count_seconds: 1
get_ready: 3
cue_seconds: 0
rest: {between_exercises: 5, between_rounds: 8}
exercises:
  - id: pull
    name: Lat pull down
    equipment: machine
    reps: 2
    cues: [Pull to the sternum and pause for a 2 count]
    rep:
      - {move: Pull, counts: 1}
      - {hold: Pause, counts: 2}
      - {move: Return, counts: 2}
  - id: hyper
    name: Hyperextension
    equipment: floor
    reps: 2
    cues: [Lift and hold for a three count]
    rep:
      - {move: Lift, counts: 1}
      - {hold: Hold, counts: 3}
"""


class Workout:
    """A session of the tiny routine on a fake clock, recorded into a log file."""

    def __init__(
        self,
        path: Path,
        routine: Routine | None = None,
        *,
        auto_complete: bool = True,
        writer: Writer | None = None,
    ) -> None:
        self.written = routine or load_routine_text(TINY, "tiny.yaml")
        self.clock = Clock()
        self.wall = WallClock()
        self.session = Session(compile_plan(self.written), clock=self.clock)
        self.log = open_log(path, clock=self.wall)
        self.errors: list[str] = []
        self.recorder = WorkoutRecorder(
            self.session,
            routine_id="tiny",
            written=self.written,
            open_log=lambda: self.log,
            writer=writer or InlineWriter(),
            on_error=self.errors.append,
            wall=self.wall,
            auto_complete=auto_complete,
        )
        self.start = self.clock.now

    def begin(self) -> None:
        self.recorder.start()
        self.session.start()

    def to(self, at: float) -> None:
        """Move the clock to ``at`` seconds after the start, half a second at a time."""
        while self.clock.now < self.start + at - 1e-9:
            step = min(0.5, self.start + at - self.clock.now)
            self.clock.now += step
            self.wall.advance(step)
            self.session.update()

    def logged(self) -> list[tuple[str, int, int, bool]]:
        (session,) = self.log.sessions()
        return [(s.exercise_id, s.round, s.reps_done, s.skipped) for s in session.sets]


@pytest.fixture
def workout(tmp_path: Path) -> Iterator[Workout]:
    w = Workout(tmp_path / "log.sqlite3")
    yield w
    w.log.close()


def test_each_set_is_in_the_log_as_soon_as_it_is_done(workout: Workout) -> None:
    workout.begin()
    workout.to(12.5)
    assert workout.logged() == []
    (session,) = workout.log.sessions()
    assert session.status == "running"
    workout.to(13.5)  # the rest after the first set
    assert workout.logged() == [("pull", 1, 2, False)]
    workout.to(29.5)
    assert workout.logged() == [("pull", 1, 2, False), ("hyper", 1, 2, False)]


def test_the_log_starts_the_session_when_the_recorder_did(tmp_path: Path) -> None:
    """The writer's thread may run the start's job later: the session still starts when the
    workout did, as the summary has it."""
    jobs: list[Callable[[], None]] = []

    class Later:
        def submit(self, job: Callable[[], None]) -> None:
            jobs.append(job)

    w = Workout(tmp_path / "log.sqlite3", writer=Later())
    w.begin()
    w.wall.advance(5)
    for job in jobs:
        job()
    (record,) = w.log.sessions()
    assert record.started_at == w.recorder.started_at == T0
    w.log.close()


def test_a_whole_workout_is_recorded_completed(workout: Workout) -> None:
    workout.begin()
    workout.to(66.5)
    (session,) = workout.log.sessions()
    assert session.status == "completed"
    assert (session.rounds_planned, session.rounds_done, session.exercises) == (2, 2, 2)
    assert [(s.exercise_id, s.round, s.position) for s in session.sets] == [
        ("pull", 1, 0),
        ("hyper", 1, 1),
        ("pull", 2, 0),
        ("hyper", 2, 1),
    ]
    assert all(s.reached for s in session.sets)
    assert session.sets[0].holds == (HoldUse(1, 2.0, 2.0),)
    assert session.sets[1].holds == (HoldUse(1, 3.0, 3.0),)
    assert workout.recorder.status == "completed"
    assert workout.errors == []


def test_the_record_in_memory_is_what_the_log_holds(workout: Workout) -> None:
    workout.begin()
    workout.to(30)
    workout.recorder.rate((1, "pull"), load=40, unit="kg", effort="easy")
    workout.to(66.5)
    (logged,) = workout.log.sessions()
    memory = workout.recorder.as_record()
    strip = [replace(s, id=None) for s in logged.sets]
    assert memory.sets == tuple(strip)
    assert (memory.status, memory.rounds_done, memory.started_at, memory.ended_at) == (
        logged.status,
        logged.rounds_done,
        logged.started_at,
        logged.ended_at,
    )
    assert memory.content_hash == logged.content_hash


def test_the_holds_used_after_plus_are_beside_the_planned(workout: Workout) -> None:
    workout.begin()
    workout.to(4.5)  # in the first Pause
    longer = apply(workout.written, {hold_key("pull", 1): 3})
    workout.session.replace_plan(compile_plan(longer))
    workout.to(16)  # a rep is a second longer each: the set ends at 15
    (done,) = workout.log.sessions()[0].sets
    assert done.holds == (HoldUse(1, 2.0, 3.0),)
    assert (done.reps_done, done.reps_planned) == (2, 2)


def test_a_skipped_set_and_a_set_left_after_one_rep(workout: Workout) -> None:
    workout.begin()
    workout.to(9)  # rep 1 of pull done, rep 2 under way
    workout.session.next_exercise()
    assert workout.logged() == [("pull", 1, 1, False)]
    workout.session.next_exercise()  # hyper's get-ready: nothing of it done
    assert workout.logged() == [("pull", 1, 1, False), ("hyper", 1, 0, True)]
    (session,) = workout.log.sessions()
    assert session.rounds_done == 0


def test_going_back_into_a_set_records_it_again_with_its_load(workout: Workout) -> None:
    workout.begin()
    workout.to(14)
    assert workout.recorder.last == (1, "pull")
    assert workout.recorder.rate((1, "pull"), load=40, unit="kg", effort="ok")
    workout.session.previous_step()  # back into pull's last Return
    workout.to(17)
    (done,) = workout.log.sessions()[0].sets
    assert (done.reps_done, done.load, done.unit, done.effort) == (2, 40, "kg", "ok")


def test_quit_records_the_set_under_way_and_ends_as_quit(workout: Workout) -> None:
    workout.begin()
    workout.to(26)  # hyper round 1: rep 1 done, rep 2 under way
    workout.recorder.end("quit")
    workout.to(40)  # nothing more is recorded
    assert workout.logged() == [("pull", 1, 2, False), ("hyper", 1, 1, False)]
    (session,) = workout.log.sessions()
    assert session.status == "quit" and session.ended_at is not None
    workout.recorder.end("interrupted")  # the first ending counts
    assert workout.log.sessions()[0].status == "quit"


def test_quitting_before_any_rep_of_a_set_leaves_it_out(workout: Workout) -> None:
    workout.begin()
    workout.to(19)  # hyper's get-ready
    workout.recorder.end("interrupted")
    assert workout.logged() == [("pull", 1, 2, False)]
    assert workout.log.sessions()[0].status == "interrupted"


def test_load_and_effort_given_in_the_rest_are_last_time(workout: Workout) -> None:
    workout.begin()
    workout.to(14)
    workout.recorder.rate((1, "pull"), load=40, unit="kg", effort="easy")
    workout.to(66.5)
    # The last set has no rest: its answers come after the end.
    assert workout.recorder.rate((2, "hyper"), load=None, unit=None, effort="hard")
    assert not workout.recorder.rate((3, "hyper"), load=None, unit=None, effort="hard")
    last = last_time(workout.log.sessions())
    assert (last["pull"].load, last["pull"].unit, last["pull"].effort) == (40, "kg", "easy")
    assert last["pull"].reps_done == 2
    assert last["hyper"].effort == "hard"
    first, *_, final = workout.recorder.sets
    assert (first.exercise_id, first.round, first.load, first.effort) == ("pull", 1, 40, "easy")
    assert (final.exercise_id, final.round, final.effort) == ("hyper", 2, "hard")


def test_quitting_the_way_the_app_does_keeps_the_reps_done(tmp_path: Path) -> None:
    """The app quits by finishing the session (a jump to its end), then says it was a quit."""
    workout = Workout(tmp_path / "log.sqlite3", auto_complete=False)
    workout.begin()
    workout.to(26)  # hyper round 1: rep 1 done, rep 2 under way
    workout.session.finish()
    assert workout.recorder.status is None  # the end alone does not say how it ended
    workout.recorder.end("quit")
    assert workout.logged() == [("pull", 1, 2, False), ("hyper", 1, 1, False)]
    assert workout.log.sessions()[0].status == "quit"
    workout.log.close()


def test_skipping_past_the_last_exercise_completes_the_workout(workout: Workout) -> None:
    workout.begin()
    workout.to(56)  # round 2, hyper's get-ready
    workout.session.next_exercise()
    assert workout.session.finished
    assert workout.logged()[-1] == ("hyper", 2, 0, True)
    assert workout.log.sessions()[0].status == "completed"


def test_watchers_hear_of_each_set_answer_and_end(workout: Workout) -> None:
    heard: list[tuple[Block | None, str | None]] = []
    stop = workout.recorder.watch(
        lambda: heard.append((workout.recorder.last, workout.recorder.status))
    )
    workout.begin()
    workout.to(14)
    workout.recorder.rate((1, "pull"), load=40, unit="kg", effort=None)
    workout.recorder.end("quit")
    assert heard == [((1, "pull"), None), ((1, "pull"), None), ((1, "pull"), "quit")]
    stop()
    workout.recorder.rate((1, "pull"), load=45, unit="kg", effort=None)
    assert len(heard) == 3


def test_a_load_without_its_unit_is_refused_at_once(workout: Workout) -> None:
    workout.begin()
    workout.to(14)
    with pytest.raises(ValueError):
        workout.recorder.rate((1, "pull"), load=40, unit=None, effort=None)


def test_a_damaged_log_is_reported_once_and_the_workout_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    damaged = b"SQLite format 3\x00" + b"\xff" * 4000
    path.write_bytes(damaged)
    handle = LogHandle(path)
    written = load_routine_text(TINY, "tiny.yaml")
    clock = Clock()
    session = Session(compile_plan(written), clock=clock)
    errors: list[str] = []
    recorder = WorkoutRecorder(
        session,
        routine_id="tiny",
        written=written,
        open_log=handle.get,
        writer=InlineWriter(),
        on_error=errors.append,
    )
    recorder.start()
    session.start()
    while not session.finished:
        clock.now += 0.5
        session.update()
    assert len(errors) == 1 and "damaged" in errors[0] and str(path) in errors[0]
    assert handle.problem == errors[0]
    assert len(recorder.sets) == 4 and recorder.status == "completed"
    assert path.read_bytes() == damaged


def test_one_more_round_after_the_end_carries_the_session_on(workout: Workout) -> None:
    workout.begin()
    workout.to(66.5)
    assert workout.log.sessions()[0].status == "completed"
    workout.session.extend(compile_plan(apply(workout.written, {ROUNDS: 3})))
    assert workout.recorder.status is None
    (session,) = workout.log.sessions()
    assert (session.status, session.rounds_planned, session.ended_at) == ("running", 3, None)
    workout.to(66.5 + 29)  # round 3: pull, rest, hyper
    (session,) = workout.log.sessions()
    assert (session.status, session.rounds_done) == ("completed", 3)
    assert [(s.exercise_id, s.round) for s in session.sets][-2:] == [("pull", 3), ("hyper", 3)]


def test_the_writer_runs_jobs_in_order_and_close_waits_for_them() -> None:
    done: list[int] = []
    gate = threading.Event()
    errors: list[str] = []
    writer = ThreadWriter(on_error=errors.append)
    writer.submit(lambda: (gate.wait(5), None)[1])
    for n in range(50):
        writer.submit(lambda n=n: done.append(n))

    def fail() -> None:
        raise RuntimeError("boom")

    writer.submit(fail)
    writer.submit(lambda: done.append(99))
    assert done == []
    gate.set()
    assert writer.close(timeout=5)
    assert done == [*range(50), 99]
    assert errors == ["the training log could not be written: boom"]
    writer.submit(lambda: done.append(100))  # closed: ignored
    assert done[-1] == 99


def test_the_handle_opens_once_and_reports_a_locked_log(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    opened: list[Path] = []

    def opener(p: Path) -> Log:
        opened.append(p)
        return open_log(p, busy_timeout=0.05)

    handle = LogHandle(path, opener)
    assert handle.get() is handle.get()
    assert opened == [path]
    handle.close()
    import sqlite3

    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(LogError, match="locked"):
            handle.get()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert handle.problem is not None and "locked" in handle.problem
    assert handle.get() is not None  # free again: it opens
    handle.close()


_KILLED = textwrap.dedent(
    """\
    import sys, time
    from backtimer.core.loader import load_routine_text
    from backtimer.core.plan import compile_plan
    from backtimer.core.session import Session
    from backtimer.log.recorder import Block, WorkoutRecorder
    from backtimer.log.writer import LogHandle, ThreadWriter
    from pathlib import Path

    routine = load_routine_text(sys.stdin.read(), "tiny.yaml")
    session = Session(compile_plan(routine))
    handle = LogHandle(Path(sys.argv[1]))
    writer = ThreadWriter()
    recorder = WorkoutRecorder(
        session, routine_id="tiny", written=routine, open_log=handle.get, writer=writer
    )
    recorder.start()
    session.start()
    told = 0
    while not session.finished:
        session.update()
        if len(recorder.sets) > told:
            told = len(recorder.sets)
            # Tell the test once the writer has written it: a job after it has run.
            import threading
            written = threading.Event()
            writer.submit(written.set)
            written.wait(5)
            print(f"set {told}", flush=True)
        time.sleep(0.01)
    """
)


def test_sigkill_mid_workout_keeps_the_sets_done(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    fast = TINY.replace("count_seconds: 1", "count_seconds: 0.05").replace(
        "get_ready: 3", "get_ready: 0.1"
    )
    fast = fast.replace("between_exercises: 5, between_rounds: 8", "between_exercises: 30")
    child = subprocess.Popen(
        [sys.executable, "-c", _KILLED, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write(fast)
    child.stdin.close()
    try:
        assert child.stdout.readline().strip() == "set 1"  # then a 30 s rest
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=10) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    with open_log(path) as log:
        (session,) = log.sessions()
    assert session.status == "interrupted" and session.ended_at is None
    assert [(s.exercise_id, s.round, s.reps_done) for s in session.sets] == [("pull", 1, 2)]
