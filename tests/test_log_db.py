"""The training log's database: recording set by set, migrations, and every way the file fails."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from log_helpers import T0, WallClock

from backtimer.log import HoldUse, Log, LogError, Recording, open_log
from backtimer.log.schema import SCHEMA_VERSION, migrate

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def clock() -> WallClock:
    return WallClock()


@pytest.fixture
def log(tmp_path: Path, clock: WallClock) -> Iterator[Log]:
    with open_log(tmp_path / "log.sqlite3", clock=clock) as opened:
        yield opened


def start(
    log: Log, routine_id: str = "borden-back", exercises: int = 2, rounds: int = 2
) -> Recording:
    return log.start_session(
        routine_id=routine_id,
        title="Back-sculpting routine",
        content_hash="abc",
        rounds_planned=rounds,
        exercises=exercises,
        count_seconds=1.0,
    )


def test_a_new_log_is_wal_strict_and_at_the_current_version(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "folder" / "log.sqlite3"
    open_log(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    tables = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"))
    assert set(tables) == {"sessions", "sets", "holds"}
    assert all(sql.rstrip().endswith("STRICT") for sql in tables.values())
    # STRICT: text where a number belongs is refused, not stored.
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(
            "INSERT INTO sessions (routine_id, title, content_hash, started_at, status, "
            "rounds_planned, exercises, count_seconds) VALUES "
            "('r', 't', 'h', 'x', 'running', 'three', 1, 1.0)"
        )


def test_sets_are_recorded_with_target_beside_actual(log: Log, clock: WallClock) -> None:
    rec = start(log)
    clock.advance(90)
    first = rec.record_set(
        exercise_id="lat-pull-down",
        exercise_name="Lat pull down",
        round=1,
        position=0,
        reps_planned=10,
        reps_done=10,
        holds=[HoldUse(phase=1, planned=2, actual=3)],
    )
    rec.set_load_effort(first, 40.0, "kg", "easy")
    clock.advance(90)
    rec.record_set(
        exercise_id="seated-row",
        exercise_name="Seated row",
        round=1,
        position=1,
        reps_planned=10,
        reps_done=6,
    )
    (session,) = log.sessions()
    assert session.status == "running"  # this process is recording it
    lat, row = session.sets
    assert (lat.reps_planned, lat.reps_done, lat.load, lat.unit, lat.effort) == (
        10,
        10,
        40.0,
        "kg",
        "easy",
    )
    assert lat.holds == (HoldUse(1, 2.0, 3.0),)
    assert (row.reps_done, row.load, row.effort) == (6, None, None)
    assert lat.done_at == T0.replace(minute=1, second=30)
    # Round 1 is not done: the row was cut short.
    assert session.rounds_done == 0


def test_rounds_done_counts_rounds_with_every_exercise_done_in_full(log: Log) -> None:
    # As the summary counts them: a round with a skipped set is not done.
    rec = start(log, exercises=2, rounds=3)
    for rnd in (1, 2):
        rec.record_set(
            exercise_id="a", exercise_name="A", round=rnd, position=0, reps_planned=5, reps_done=5
        )
    rec.record_set(
        exercise_id="b", exercise_name="B", round=1, position=1, reps_planned=5, reps_done=5
    )
    rec.record_set(
        exercise_id="b",
        exercise_name="B",
        round=2,
        position=1,
        reps_planned=5,
        reps_done=0,
        skipped=True,
    )
    rec.record_set(
        exercise_id="a", exercise_name="A", round=3, position=0, reps_planned=5, reps_done=4
    )
    assert log.sessions()[0].rounds_done == 1
    rec.finish("quit")
    (session,) = log.sessions()
    assert (session.status, session.rounds_done, session.ended_at is not None) == ("quit", 1, True)


def test_a_version_2_log_counts_again_the_rounds_of_sessions_with_a_skipped_set(
    tmp_path: Path,
) -> None:
    # Version 2 counted a round with a skipped set as done; a session without one, or imported
    # with a count of its own, keeps the count it has.
    path = tmp_path / "log.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    migrate(conn, target=2)
    conn.execute("COMMIT")
    sessions = [  # id, rounds done as version 2 logged them
        (1, 2),  # round 1 done, round 2 with a skipped set
        (2, 1),  # round 1 done, nothing skipped
        (3, 4),  # imported: its sets say less than its count, nothing skipped
    ]
    for session_id, done in sessions:
        conn.execute(
            "INSERT INTO sessions (id, routine_id, title, content_hash, started_at, ended_at, "
            "status, rounds_planned, rounds_done, exercises, count_seconds) VALUES "
            "(?, 'r', 'R', 'h', ?, '2024-05-01T18:30:00Z', 'completed', 2, ?, 1, 1.0)",
            (session_id, f"2024-05-0{session_id}T18:00:00Z", done),
        )
    sets = [(1, 1, 10, 0), (1, 2, 0, 1), (2, 1, 10, 0), (3, 1, 10, 0)]
    for session_id, rnd, reps_done, skipped in sets:
        conn.execute(
            "INSERT INTO sets (session_id, exercise_id, exercise_name, round, position, "
            "reps_planned, reps_done, skipped, done_at) VALUES "
            "(?, 'a', 'A', ?, 0, 10, ?, ?, '2024-05-01T18:05:00Z')",
            (session_id, rnd, reps_done, skipped),
        )
    conn.close()
    with open_log(path) as log:
        done = {s.id: s.rounds_done for s in log.sessions()}
    assert done == {1: 1, 2: 1, 3: 4}
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 3


def test_doing_a_set_again_replaces_it(log: Log) -> None:
    rec = start(log)
    values = dict(exercise_id="a", exercise_name="A", round=1, position=0, reps_planned=10)
    first = rec.record_set(**values, reps_done=4, holds=[HoldUse(1, 2, 2)])  # type: ignore[arg-type]
    again = rec.record_set(**values, reps_done=10, holds=[HoldUse(1, 2, 4)])  # type: ignore[arg-type]
    assert first == again
    (s,) = log.sessions()[0].sets
    assert (s.reps_done, s.holds) == (10, (HoldUse(1, 2.0, 4.0),))


def test_wrong_values_are_refused_before_the_database(log: Log) -> None:
    rec = start(log)
    common = dict(exercise_id="a", exercise_name="A", round=1, position=0, reps_planned=10)
    with pytest.raises(ValueError, match="unit"):
        rec.record_set(**common, reps_done=10, load=40.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="effort"):
        rec.record_set(**common, reps_done=10, effort="brutal")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="load"):
        rec.record_set(**common, reps_done=10, load=float("nan"), unit="kg")  # type: ignore[arg-type]
    assert log.sessions()[0].sets == ()
    rec.finish("completed")
    with pytest.raises(ValueError, match="finished"):
        rec.record_set(**common, reps_done=10)  # type: ignore[arg-type]


def test_two_runs_started_in_the_same_second_get_their_own_start(log: Log) -> None:
    a, b = start(log), start(log)
    assert (b.started_at - a.started_at).total_seconds() == 1
    assert len(log.sessions()) == 2


def test_a_session_whose_process_is_gone_reads_as_interrupted(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    open_log(path).close()
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO sessions (routine_id, title, content_hash, started_at, status, "
        "rounds_planned, exercises, count_seconds, pid) VALUES "
        "('r', 't', 'h', '2024-05-06T18:00:00Z', 'running', 1, 1, 1.0, ?)",
        (int(gone.stdout),),
    )
    conn.commit()
    conn.close()
    with open_log(path) as log:
        assert [s.status for s in log.sessions()] == ["interrupted"]


# -- SIGKILL ------------------------------------------------------------------------------------

_KILLED = """
import os, sys
from pathlib import Path
from backtimer.log import HoldUse, open_log
log = open_log(Path(sys.argv[1]))
rec = log.start_session(routine_id="borden-back", title="Back", content_hash="h",
                        rounds_planned=3, exercises=3, count_seconds=1.0)
for i, name in enumerate(["lat-pull-down", "seated-row", "hyperextension"]):
    sid = rec.record_set(exercise_id=name, exercise_name=name, round=1, position=i,
                         reps_planned=10, reps_done=10, holds=[HoldUse(1, 2, 3)])
    rec.set_load_effort(sid, 40.0 + i, "kg", "easy")
print("recorded", flush=True)
os.kill(os.getpid(), 9)
"""


def test_sigkill_mid_session_keeps_every_completed_set(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    result = subprocess.run(
        [sys.executable, "-c", _KILLED, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == -9, result.stderr
    assert result.stdout.strip() == "recorded"
    with open_log(path) as log:
        (session,) = log.sessions()
    assert session.status == "interrupted"
    assert session.ended_at is None
    assert session.rounds_done == 1
    assert [(s.exercise_id, s.load, s.effort) for s in session.sets] == [
        ("lat-pull-down", 40.0, "easy"),
        ("seated-row", 41.0, "easy"),
        ("hyperextension", 42.0, "easy"),
    ]
    assert all(s.holds == (HoldUse(1, 2.0, 3.0),) for s in session.sets)
    # Its end is its last set: the duration is the time it really ran.
    assert session.end == session.sets[-1].done_at


# -- concurrency --------------------------------------------------------------------------------

_WRITER = """
import sys
from pathlib import Path
from backtimer.log import open_log
path, name, n = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
with open_log(path, busy_timeout=30) as log:  # waits its turn, however loaded the machine
    rec = log.start_session(routine_id=name, title=name, content_hash="h",
                            rounds_planned=n, exercises=1, count_seconds=1.0)
    for rnd in range(1, n + 1):
        rec.record_set(exercise_id="x", exercise_name="X", round=rnd, position=0,
                       reps_planned=10, reps_done=rnd % 11)
    rec.finish("completed")
"""


def test_two_processes_recording_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    n = 150
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(path), name, str(n)],
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("first", "second", "third")
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    with open_log(path) as log:
        sessions = log.sessions()
    assert sorted(s.routine_id for s in sessions) == ["first", "second", "third"]
    for s in sessions:
        assert s.status == "completed"
        assert [x.round for x in s.sets] == list(range(1, n + 1))
        assert [x.reps_done for x in s.sets] == [r % 11 for r in range(1, n + 1)]


def test_threads_sharing_one_log_lose_nothing(log: Log) -> None:
    n = 100
    recordings = [start(log, routine_id=f"r{i}", exercises=1, rounds=n) for i in range(4)]
    errors: list[BaseException] = []

    def work(rec: Recording) -> None:
        try:
            for rnd in range(1, n + 1):
                sid = rec.record_set(
                    exercise_id="x",
                    exercise_name="X",
                    round=rnd,
                    position=0,
                    reps_planned=1,
                    reps_done=1,
                )
                rec.set_load_effort(sid, float(rnd), "kg", None)
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(r,)) for r in recordings]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    for s in log.sessions():
        assert [x.load for x in s.sets] == [float(r) for r in range(1, n + 1)]
        assert s.rounds_done == n


# -- migrations ---------------------------------------------------------------------------------


def test_a_version_1_log_is_migrated_with_its_data(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    migrate(conn, target=1)
    conn.execute("COMMIT")
    conn.execute(
        "INSERT INTO sessions (routine_id, title, content_hash, started_at, ended_at, status, "
        "rounds_planned, rounds_done, exercises, count_seconds) VALUES "
        "('borden-back', 'Back', 'h1', '2024-05-01T18:00:00Z', '2024-05-01T18:30:00Z', "
        "'completed', 3, 1, 1, 1.0)"
    )
    conn.execute(
        "INSERT INTO sets (session_id, exercise_id, exercise_name, round, position, "
        "reps_planned, reps_done, holds, load, unit, effort, done_at) VALUES "
        "(1, 'lat-pull-down', 'Lat pull down', 1, 0, 10, 9, "
        '\'[{"phase": 1, "planned": 2, "actual": 3}, {"phase": 3, "planned": 1, '
        "\"actual\": 1}]', 40.0, 'kg', 'hard', '2024-05-01T18:05:00Z')"
    )
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()

    with open_log(path) as log:
        (session,) = log.sessions()
    assert (session.routine_id, session.content_hash, session.status) == (
        "borden-back",
        "h1",
        "completed",
    )
    (s,) = session.sets
    assert (s.reps_planned, s.reps_done, s.load, s.unit, s.effort) == (10, 9, 40.0, "kg", "hard")
    assert s.holds == (HoldUse(1, 2.0, 3.0), HoldUse(3, 1.0, 1.0))
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    columns = [row[1] for row in conn.execute("PRAGMA table_info(sets)")]
    assert "holds" not in columns
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_log_from_a_newer_backtimer_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    open_log(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 9")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(LogError, match="newer backtimer") as caught:
        open_log(path)
    assert str(path) in str(caught.value)
    assert path.read_bytes() == before


def test_another_programs_database_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (text TEXT)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(LogError, match="another program's database"):
        open_log(path)
    assert path.read_bytes() == before


# -- the file fails -----------------------------------------------------------------------------


def test_a_corrupt_file_is_reported_and_left_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    garbage = b"these are my notes, not a database\n" * 200
    path.write_bytes(garbage)
    with pytest.raises(LogError) as caught:
        open_log(path)
    message = str(caught.value)
    assert "\n" not in message
    assert str(path) in message and "damaged" in message
    assert path.read_bytes() == garbage
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log.sqlite3"]


def test_a_damaged_database_page_is_reported_not_repaired(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    with open_log(path) as log:
        rec = start(log)
        rec.record_set(
            exercise_id="a", exercise_name="A", round=1, position=0, reps_planned=1, reps_done=1
        )
    data = bytearray(path.read_bytes())
    data[100:] = b"\xff" * (len(data) - 100)  # keep the header, wreck the pages
    path.write_bytes(bytes(data))
    with pytest.raises(LogError, match="damaged") as caught, open_log(path) as log:
        log.sessions()
    assert str(path) in str(caught.value)
    assert path.read_bytes() == bytes(data)


def test_a_log_locked_by_another_program_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    with open_log(path, busy_timeout=0.05) as log:
        rec = start(log)
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        try:
            with pytest.raises(LogError, match="locked") as caught:
                open_log(path, busy_timeout=0.05)
            assert str(path) in str(caught.value)
            # A workout already recording is told too, and can carry on without the log.
            with pytest.raises(LogError, match="locked"):
                rec.record_set(
                    exercise_id="a",
                    exercise_name="A",
                    round=1,
                    position=0,
                    reps_planned=1,
                    reps_done=1,
                )
        finally:
            other.execute("ROLLBACK")
            other.close()
        # Once the lock is gone, recording goes on.
        rec.record_set(
            exercise_id="a", exercise_name="A", round=1, position=0, reps_planned=1, reps_done=1
        )
        assert len(log.sessions()[0].sets) == 1


def test_a_log_that_cannot_be_created_is_reported(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(LogError, match="cannot be opened") as caught:
        open_log(blocker / "log.sqlite3")
    assert str(blocker) in str(caught.value)
    with pytest.raises(LogError, match="folder"):
        open_log(tmp_path)


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root writes")
def test_a_read_only_log_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    open_log(path).close()
    before = path.read_bytes()
    path.chmod(0o444)
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(LogError) as caught, open_log(path) as log:
            start(log)
        assert str(path) in str(caught.value)
    finally:
        tmp_path.chmod(0o755)
        path.chmod(0o644)
    assert path.read_bytes() == before


def test_default_path_follows_the_data_dir_override(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from backtimer.log import default_path

    monkeypatch.setenv("BACKTIMER_DATA_DIR", str(tmp_path / "data"))
    assert default_path() == tmp_path / "data" / "log.sqlite3"
    monkeypatch.delenv("BACKTIMER_DATA_DIR")
    assert default_path().name == "log.sqlite3"
    assert "backtimer" in default_path().parts


def test_two_programs_creating_the_log_at_once_both_open_it(tmp_path: Path) -> None:
    # Two backtimers started together on a machine with no log yet: neither may take the
    # other's half-made file for someone else's database, or give up on its switch to WAL.
    problems: list[str] = []
    for attempt in range(40):
        path = tmp_path / f"log-{attempt}.sqlite3"
        go = threading.Barrier(2)

        def opener(path: Path = path, go: threading.Barrier = go) -> None:
            go.wait(10)
            try:
                open_log(path, busy_timeout=10).close()
            except LogError as exc:
                problems.append(str(exc))

        threads = [threading.Thread(target=opener) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        if problems:
            break
    assert problems == []
