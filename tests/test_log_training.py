"""The training log as the app holds it: reads that never create the file, the recorder of the
workout under way, closing that waits for the last writes, one message for a broken log, and
two programs recording into one file at once."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from conftest import CONTENT
from fakeclock import FakeClock as Clock
from log_helpers import T0, a_session, a_set
from test_log_recorder import TINY

from backtimer.core.loader import load_routine, load_routine_text
from backtimer.core.plan import compile_plan
from backtimer.core.session import Session
from backtimer.log import open_log
from backtimer.log.training import TrainingLog

BORDEN = load_routine(CONTENT / "borden-back.yaml")
TINY_ROUTINE = load_routine_text(TINY, "tiny.yaml")


def run_through(session: Session, clock: Clock, seconds: float) -> None:
    end = clock.now + seconds
    while clock.now < end:
        clock.now += 0.5
        session.update()


def test_reading_a_log_that_is_not_there_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "data" / "log.sqlite3"
    log = TrainingLog(path)
    history = log.history_of("borden-back", BORDEN)
    assert history.sessions == []
    assert log.close()
    assert not path.parent.exists()


def test_a_routine_never_done_reads_as_nothing_without_loading_the_advice(tmp_path: Path) -> None:
    """A first workout (the log empty, or holding other routines) reads its history just
    after its first frame: nothing to say, and the advice's code is not loaded for it."""
    path = tmp_path / "log.sqlite3"
    with open_log(path) as log:
        log.add_sessions([a_session(a_set(load=40.0, unit="kg"), routine_id="other")])
    probe = (
        "import sys; from pathlib import Path; "
        "from backtimer.core.loader import load_routine; "
        "from backtimer.log.training import TrainingLog; "
        f"log = TrainingLog(Path({str(path)!r})); "
        f"routine = load_routine(Path({str(CONTENT / 'borden-back.yaml')!r})); "
        "h = log.history_of('borden-back', routine); "
        "log.close(); "
        "print(h.sessions, h.last, h.advice, sorted(m for m in sys.modules "
        "if m in ('backtimer.log.progression', 'backtimer.log.queries')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["[]", "{}", "{}", "[]"]


def test_last_time_and_advice_of_a_routine(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    with open_log(path) as db:
        db.add_sessions(
            [a_session(a_set("lat-pull-down", load=40, unit="kg", effort="easy"), start=T0)]
        )
    log = TrainingLog(path)
    history = log.history_of("borden-back", BORDEN)
    assert history.last["lat-pull-down"].load == 40
    assert history.advice["lat-pull-down"].load == 42.5
    assert [s.started_at for s in history.sessions] == [T0]
    log.close()


def test_a_workout_left_under_way_is_interrupted_when_the_program_ends(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    log = TrainingLog(path)
    clock = Clock(0.0)
    session = Session(compile_plan(TINY_ROUTINE), clock=clock)
    recorder = log.record(session, routine_id="tiny", written=TINY_ROUTINE)
    session.start()
    run_through(session, clock, 14)
    assert recorder.last == (1, "pull")
    recorder.rate((1, "pull"), load=40, unit="kg", effort="easy")
    assert log.close()
    with open_log(path) as db:
        (done,) = db.sessions()
    assert done.status == "interrupted" and done.ended_at is not None
    assert [(s.exercise_id, s.load, s.effort) for s in done.sets] == [("pull", 40, "easy")]


def test_a_damaged_log_is_said_once_and_left_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    damaged = b"SQLite format 3\x00" + b"\xff" * 4000
    path.write_bytes(damaged)
    said: list[str] = []
    log = TrainingLog(path, on_problem=said.append)
    history = log.history_of("tiny", TINY_ROUTINE)
    assert history.problem is not None and "damaged" in history.problem
    clock = Clock(0.0)
    session = Session(compile_plan(TINY_ROUTINE), clock=clock)
    recorder = log.record(session, routine_id="tiny", written=TINY_ROUTINE)
    session.start()
    run_through(session, clock, 70)
    assert session.finished and len(recorder.sets) == 4
    assert log.close()
    assert len(said) == 1 and str(path) in said[0]
    assert path.read_bytes() == damaged


def test_two_programs_record_into_one_log_at_once(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    said: list[str] = []
    # Each waits its turn however loaded the machine: a write waits up to 30 s for the other's.
    logs = [TrainingLog(path, on_problem=said.append, busy_timeout=30) for _ in range(2)]
    go = threading.Barrier(2)
    failures: list[BaseException] = []

    def workout(log: TrainingLog, routine_id: str) -> None:
        try:
            clock = Clock(0.0)
            session = Session(compile_plan(TINY_ROUTINE), clock=clock)
            log.record(session, routine_id=routine_id, written=TINY_ROUTINE)
            started = threading.Event()
            log.writer.submit(started.set)  # opened and started: the sets then race
            assert started.wait(10)
            go.wait(10)
            session.start()
            run_through(session, clock, 70)
            assert log.close(timeout=10)
        except BaseException as exc:
            failures.append(exc)

    threads = [
        threading.Thread(target=workout, args=(log, name))
        for log, name in zip(logs, ("tiny", "tiny-too"), strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert failures == [] and said == []
    with open_log(path) as db:
        sessions = db.sessions()
    assert sorted(s.routine_id for s in sessions) == ["tiny", "tiny-too"]
    assert all(s.status == "completed" and len(s.sets) == 4 for s in sessions)
