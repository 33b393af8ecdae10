"""The training log's database: opening it safely, recording a workout set by set, reading it back.

One SQLite file in the user's data folder, in WAL mode so that a reader never blocks a writer and
two backtimers can record at once. Every set is its own committed transaction: a process killed
mid-workout keeps everything up to its last completed set, and its session, still marked
'running' in the file, reads back as 'interrupted'.

Every failure of the file (cannot be opened, locked by another program, damaged, written by a
newer backtimer, disk full) comes out as one ``LogError`` naming the file. The file is never
replaced, truncated or deleted here: a damaged log stays as it was for its owner to rescue.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast

from backtimer.log.location import default_path
from backtimer.log.records import (
    ENDINGS,
    Effort,
    Ending,
    HoldUse,
    LogError,
    SessionRecord,
    SetRecord,
    Status,
    Unit,
    check_effort,
    check_load,
    parse_timestamp,
    timestamp,
)
from backtimer.log.schema import ROUNDS_DONE, SCHEMA_VERSION, migrate, version

Clock = Callable[[], float]  # wall-clock seconds since the epoch, as time.time

# Writes take milliseconds; a lock held longer than this belongs to something that is stuck or
# is not a backtimer, and the workout should not wait for it.
DEFAULT_BUSY_TIMEOUT = 2.0
# No workout lasts this long: a 'running' session older than this is interrupted even if its
# process id now belongs to some other live program.
_STALE_RUNNING = timedelta(hours=24)

# Sessions being recorded by this process, by (database file, session id): a 'running' row with
# this process's id is live only if it is one of these.
_LIVE: set[tuple[str, int]] = set()
_LIVE_LOCK = threading.Lock()


def _describe(path: Path, exc: BaseException) -> str:
    """One line saying what is wrong with the log file, from an sqlite3 or OS error. What is
    wrong comes first and the path last: a notice on a small terminal shows only its start."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc)
    if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "locked" in text:
        return f"the training log is locked by another program; try again when it is closed: {path}"
    damaged = "not a database" in text or "malformed" in text
    if primary in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT) or damaged:
        return f"the training log is damaged ({text}) and was left as it is: {path}"
    if primary == sqlite3.SQLITE_READONLY:
        return f"the training log cannot be written ({text}): {path}"
    if primary == sqlite3.SQLITE_FULL:
        return f"the training log cannot grow, the disk is full: {path}"
    if primary == sqlite3.SQLITE_CANTOPEN or isinstance(exc, OSError):
        detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else text
        return f"the training log cannot be opened ({detail}): {path}"
    return f"the training log cannot be used ({text}): {path}"


def _alive(pid: int) -> bool:
    if sys.platform == "win32":
        # os.kill on Windows ends the process whatever the signal: never probe there.
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    except OSError:
        return False
    return True


def _refuse(conn: sqlite3.Connection, path: Path) -> None:
    """Raise LogError if the file is a database this backtimer must not write to."""
    found = version(conn)
    if found > SCHEMA_VERSION:
        raise LogError(
            f"the training log was written by a newer backtimer (schema version {found}; this "
            f"one reads up to {SCHEMA_VERSION}) and was left as it is: {path}"
        )
    if found == 0 and conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
        raise LogError(
            "the training log is another program's database, not a backtimer log, and was "
            f"left as it is: {path}"
        )


def _use_wal(conn: sqlite3.Connection, busy_timeout: float) -> None:
    """Switch the file to WAL mode (once per file; a no-op after that). SQLite does not wait
    for the busy timeout here: while another backtimer is creating the same log, the switch is
    refused at once, so it is tried again until the timeout has passed."""
    deadline = time.monotonic() + busy_timeout
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            code = getattr(exc, "sqlite_errorcode", None)
            busy = code is not None and code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
            if not (busy or "locked" in str(exc)) or time.monotonic() >= deadline:
                raise
            time.sleep(0.01)


def open_log(
    path: Path | None = None,
    *,
    clock: Clock = time.time,
    busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
) -> Log:
    """Open (creating if needed) the log at ``path`` or ``default_path()``; raises LogError."""
    path = default_path() if path is None else Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LogError(_describe(path, exc)) from exc
    if path.is_dir():
        raise LogError(f"the training log cannot be opened (it is a folder): {path}")
    conn: sqlite3.Connection | None = None
    try:
        # isolation_level=None: transactions are opened here, explicitly, and never implicitly.
        conn = sqlite3.connect(
            path, timeout=busy_timeout, isolation_level=None, check_same_thread=False
        )
        conn.execute("PRAGMA foreign_keys = ON")
        # The first reads of the file, before anything is written to it: a file that is not a
        # database, or is someone else's, or a newer backtimer's, is refused untouched. One
        # snapshot for both reads: another backtimer creating the log meanwhile must not show
        # its tables without its version.
        conn.execute("BEGIN")
        try:
            _refuse(conn, path)
        finally:
            conn.execute("COMMIT")
        _use_wal(conn, busy_timeout)
        # In WAL mode NORMAL never corrupts the file and a killed process loses nothing; only a
        # power cut can lose the last sets. FULL would add an fsync to every set, which takes
        # a tenth of a second on slow storage, and buys little for a training log.
        conn.execute("PRAGMA synchronous = NORMAL")
        # IMMEDIATE takes the write lock now: a log held by another program is reported at
        # open, not at the first set; and two processes opening a new file cannot both create it.
        conn.execute("BEGIN IMMEDIATE")
        try:
            _refuse(conn, path)  # again: another process may have written it meanwhile
            migrate(conn)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    except LogError:
        if conn is not None:
            conn.close()
        raise
    except (sqlite3.Error, OSError) as exc:
        if conn is not None:
            conn.close()
        raise LogError(_describe(path, exc)) from exc
    return Log(conn, path, clock)


class Log:
    """An open training log. Safe to share between threads: one connection behind a lock."""

    def __init__(self, conn: sqlite3.Connection, path: Path, clock: Clock) -> None:
        self._conn = conn
        self.path = path
        self._key = os.path.realpath(path)
        self._clock = clock
        self._lock = threading.RLock()
        self._closed = False

    def __enter__(self) -> Log:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            if not self._closed:
                self._closed = True
                self._conn.close()

    def now(self) -> datetime:
        return datetime.fromtimestamp(self._clock(), UTC).replace(microsecond=0)

    @contextmanager
    def _using(self) -> Iterator[sqlite3.Connection]:
        """The connection, under the lock, with any database failure as a LogError."""
        with self._lock:
            if self._closed:
                raise LogError(f"the training log {self.path} is closed")
            try:
                yield self._conn
            except sqlite3.IntegrityError as exc:
                # A constraint the caller's values broke (checked before; this is a backstop).
                raise ValueError(str(exc)) from exc
            except sqlite3.Error as exc:
                raise LogError(_describe(self.path, exc)) from exc

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._using() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    # -- recording ------------------------------------------------------------------------------

    def start_session(
        self,
        *,
        routine_id: str,
        title: str,
        content_hash: str,
        rounds_planned: int,
        exercises: int,
        count_seconds: float,
        started_at: datetime | None = None,
    ) -> Recording:
        """Record the start of a workout, at ``started_at`` (default: now); returns the handle
        that records its sets."""
        if rounds_planned < 1 or exercises < 1 or not count_seconds > 0:
            raise ValueError("a session needs at least one round, one exercise, and a count > 0")
        start = self.now() if started_at is None else started_at
        with self._transaction() as conn:
            # The natural key is routine and start second: a second run of the same routine
            # started within the same second moves on to the next free second.
            while conn.execute(
                "SELECT 1 FROM sessions WHERE routine_id = ? AND started_at = ?",
                (routine_id, timestamp(start)),
            ).fetchone():
                start += timedelta(seconds=1)
            cursor = conn.execute(
                "INSERT INTO sessions (routine_id, title, content_hash, started_at, status, "
                "rounds_planned, exercises, count_seconds, pid) "
                "VALUES (?, ?, ?, ?, 'running', ?, ?, ?, ?)",
                (
                    routine_id,
                    title,
                    content_hash,
                    timestamp(start),
                    rounds_planned,
                    exercises,
                    float(count_seconds),
                    os.getpid(),
                ),
            )
            session_id = int(cast(int, cursor.lastrowid))
        with _LIVE_LOCK:
            _LIVE.add((self._key, session_id))
        return Recording(self, session_id, start)

    def _record_set(self, session_id: int, values: dict[str, Any], holds: Sequence[HoldUse]) -> int:
        with self._transaction() as conn:
            conn.execute(
                "INSERT INTO sets (session_id, exercise_id, exercise_name, round, position, "
                "reps_planned, reps_done, skipped, load, unit, effort, done_at) VALUES "
                "(:session_id, :exercise_id, :exercise_name, :round, :position, :reps_planned, "
                ":reps_done, :skipped, :load, :unit, :effort, :done_at) "
                # Going back and doing a set again replaces it.
                "ON CONFLICT (session_id, exercise_id, round) DO UPDATE SET "
                "exercise_name = excluded.exercise_name, position = excluded.position, "
                "reps_planned = excluded.reps_planned, reps_done = excluded.reps_done, "
                "skipped = excluded.skipped, load = excluded.load, unit = excluded.unit, "
                "effort = excluded.effort, done_at = excluded.done_at",
                {"session_id": session_id, **values},
            )
            set_id = int(
                conn.execute(
                    "SELECT id FROM sets WHERE session_id = ? AND exercise_id = ? AND round = ?",
                    (session_id, values["exercise_id"], values["round"]),
                ).fetchone()[0]
            )
            conn.execute("DELETE FROM holds WHERE set_id = ?", (set_id,))
            conn.executemany(
                "INSERT INTO holds (set_id, phase, planned, actual) VALUES (?, ?, ?, ?)",
                [(set_id, h.phase, float(h.planned), float(h.actual)) for h in holds],
            )
            _count_rounds(conn, session_id)
        return set_id

    def _forget_set(self, session_id: int, set_id: int) -> None:
        with self._transaction() as conn:
            # Its holds go with it (ON DELETE CASCADE).
            conn.execute("DELETE FROM sets WHERE id = ? AND session_id = ?", (set_id, session_id))
            _count_rounds(conn, session_id)

    def _set_load_effort(
        self,
        session_id: int,
        set_id: int,
        load: float | None,
        unit: Unit | None,
        effort: Effort | None,
    ) -> None:
        with self._transaction() as conn:
            cursor = conn.execute(
                "UPDATE sets SET load = ?, unit = ?, effort = ? WHERE id = ? AND session_id = ?",
                (None if load is None else float(load), unit, effort, set_id, session_id),
            )
            if cursor.rowcount != 1:
                raise ValueError(f"no set {set_id} in session {session_id}")

    def _finish(self, session_id: int, status: Ending, rounds_done: int | None) -> None:
        try:
            with self._transaction() as conn:
                conn.execute(
                    "UPDATE sessions SET status = ?, ended_at = ?, "
                    "rounds_done = coalesce(?, rounds_done) WHERE id = ?",
                    (status, timestamp(self.now()), rounds_done, session_id),
                )
        finally:
            with _LIVE_LOCK:
                _LIVE.discard((self._key, session_id))

    def _reopen(self, session_id: int, rounds_planned: int | None) -> None:
        with self._transaction() as conn:
            conn.execute(
                "UPDATE sessions SET status = 'running', ended_at = NULL, pid = ?, "
                "rounds_planned = coalesce(?, rounds_planned) WHERE id = ?",
                (os.getpid(), rounds_planned, session_id),
            )
        with _LIVE_LOCK:
            _LIVE.add((self._key, session_id))

    # -- reading --------------------------------------------------------------------------------

    def _status(self, status: str, pid: int | None, session_id: int, started: datetime) -> Status:
        if status != "running":
            return cast(Status, status)
        if pid == os.getpid():
            with _LIVE_LOCK:
                live = (self._key, session_id) in _LIVE
        else:
            live = pid is not None and _alive(pid)
        if live and self.now() - started < _STALE_RUNNING:
            return "running"
        return "interrupted"

    def sessions(
        self, routine_id: str | None = None, since: datetime | None = None
    ) -> list[SessionRecord]:
        """Every session (of one routine, started at or after ``since``), oldest first."""
        where: list[str] = []
        params: list[Any] = []
        if routine_id is not None:
            where.append("routine_id = ?")
            params.append(routine_id)
        if since is not None:
            where.append("started_at >= ?")
            params.append(timestamp(since))
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        with self._using() as conn:
            # One snapshot for the three reads, so a set committed meanwhile cannot tear them.
            conn.execute("BEGIN")
            try:
                session_rows = conn.execute(
                    "SELECT id, routine_id, title, content_hash, started_at, ended_at, status, "
                    "rounds_planned, rounds_done, exercises, count_seconds, pid FROM sessions "
                    f"{clause} ORDER BY started_at, id",
                    params,
                ).fetchall()
                set_rows = conn.execute(
                    "SELECT id, session_id, exercise_id, exercise_name, round, position, "
                    "reps_planned, reps_done, skipped, load, unit, effort, done_at FROM sets "
                    f"WHERE session_id IN (SELECT id FROM sessions {clause}) "
                    "ORDER BY session_id, round, position, id",
                    params,
                ).fetchall()
                hold_rows = conn.execute(
                    "SELECT set_id, phase, planned, actual FROM holds WHERE set_id IN "
                    "(SELECT id FROM sets WHERE session_id IN "
                    f"(SELECT id FROM sessions {clause})) ORDER BY set_id, phase",
                    params,
                ).fetchall()
            finally:
                conn.execute("COMMIT")
        holds: dict[int, list[HoldUse]] = {}
        for set_id, phase, planned, actual in hold_rows:
            holds.setdefault(set_id, []).append(HoldUse(phase, planned, actual))
        sets: dict[int, list[SetRecord]] = {}
        for row in set_rows:
            set_id, session_id, ex_id, ex_name, rnd, pos, planned, done, skipped = row[:9]
            load, unit, effort, done_at = row[9:]
            sets.setdefault(session_id, []).append(
                SetRecord(
                    exercise_id=ex_id,
                    exercise_name=ex_name,
                    round=rnd,
                    position=pos,
                    reps_planned=planned,
                    reps_done=done,
                    done_at=parse_timestamp(done_at),
                    holds=tuple(holds.get(set_id, ())),
                    skipped=bool(skipped),
                    load=load,
                    unit=unit,
                    effort=effort,
                    id=set_id,
                )
            )
        result = []
        for row in session_rows:
            sid, rid, title, chash, started, ended, status, planned, done, exs, cs, pid = row
            start = parse_timestamp(started)
            result.append(
                SessionRecord(
                    routine_id=rid,
                    title=title,
                    content_hash=chash,
                    started_at=start,
                    ended_at=None if ended is None else parse_timestamp(ended),
                    status=self._status(status, pid, sid, start),
                    rounds_planned=planned,
                    rounds_done=done,
                    exercises=exs,
                    count_seconds=cs,
                    sets=tuple(sets.get(sid, ())),
                    id=sid,
                )
            )
        return result

    def routine_ids(self) -> list[str]:
        """The routines that have sessions in the log, sorted."""
        with self._using() as conn:
            rows = conn.execute("SELECT DISTINCT routine_id FROM sessions ORDER BY 1").fetchall()
        return [str(r[0]) for r in rows]

    # -- import ---------------------------------------------------------------------------------

    def add_sessions(self, records: Iterable[SessionRecord]) -> tuple[int, int]:
        """Add sessions read from elsewhere, all or none; returns (added, already present).

        A session is already present when the log holds one of the same routine started at the
        same second; it is left as it is, not merged.
        """
        records = list(records)
        for record in records:
            _check_session(record)
        added = present = 0
        with self._transaction() as conn:
            for r in records:
                if conn.execute(
                    "SELECT 1 FROM sessions WHERE routine_id = ? AND started_at = ?",
                    (r.routine_id, timestamp(r.started_at)),
                ).fetchone():
                    present += 1
                    continue
                cursor = conn.execute(
                    "INSERT INTO sessions (routine_id, title, content_hash, started_at, ended_at, "
                    "status, rounds_planned, rounds_done, exercises, count_seconds, pid) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
                    (
                        r.routine_id,
                        r.title,
                        r.content_hash,
                        timestamp(r.started_at),
                        None if r.ended_at is None else timestamp(r.ended_at),
                        r.status,
                        r.rounds_planned,
                        r.rounds_done,
                        r.exercises,
                        float(r.count_seconds),
                    ),
                )
                session_id = cursor.lastrowid
                for s in r.sets:
                    cursor = conn.execute(
                        "INSERT INTO sets (session_id, exercise_id, exercise_name, round, "
                        "position, reps_planned, reps_done, skipped, load, unit, effort, done_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            session_id,
                            s.exercise_id,
                            s.exercise_name,
                            s.round,
                            s.position,
                            s.reps_planned,
                            s.reps_done,
                            int(s.skipped),
                            None if s.load is None else float(s.load),
                            s.unit,
                            s.effort,
                            timestamp(s.done_at),
                        ),
                    )
                    conn.executemany(
                        "INSERT INTO holds (set_id, phase, planned, actual) VALUES (?, ?, ?, ?)",
                        [
                            (cursor.lastrowid, h.phase, float(h.planned), float(h.actual))
                            for h in s.holds
                        ],
                    )
                added += 1
        return added, present


def _check_set_values(
    *, round: int, position: int, reps_planned: int, reps_done: int, holds: Sequence[HoldUse]
) -> None:
    if round < 1 or position < 0 or reps_planned < 0 or reps_done < 0:
        raise ValueError("round is 1 or more; position and reps are 0 or more")
    phases = [h.phase for h in holds]
    if len(set(phases)) != len(phases) or any(p < 0 for p in phases):
        raise ValueError("each hold phase appears once, as an index of 0 or more")
    if any(h.planned < 0 or h.actual < 0 for h in holds):
        raise ValueError("hold counts are 0 or more")


def _check_session(r: SessionRecord) -> None:
    if r.rounds_planned < 1 or r.exercises < 1 or r.rounds_done < 0 or not r.count_seconds > 0:
        raise ValueError(f"session of {r.routine_id} at {timestamp(r.started_at)}: bad counts")
    keys = [(s.exercise_id, s.round) for s in r.sets]
    if len(set(keys)) != len(keys):
        raise ValueError(f"session of {r.routine_id}: an exercise appears twice in one round")
    for s in r.sets:
        _check_set_values(
            round=s.round,
            position=s.position,
            reps_planned=s.reps_planned,
            reps_done=s.reps_done,
            holds=s.holds,
        )
        check_load(s.load, s.unit)
        check_effort(s.effort)


def _count_rounds(conn: sqlite3.Connection, session_id: int) -> None:
    """Rounds done: those in which every exercise was done in full (see ``ROUNDS_DONE``)."""
    conn.execute(
        f"UPDATE sessions SET rounds_done = {ROUNDS_DONE} WHERE id = :id", {"id": session_id}
    )


class Recording:
    """A workout being recorded: each call commits at once, so a crash loses nothing before it."""

    def __init__(self, log: Log, session_id: int, started_at: datetime) -> None:
        self.log = log
        self.id = session_id
        self.started_at = started_at
        self.finished = False

    def record_set(
        self,
        *,
        exercise_id: str,
        exercise_name: str,
        round: int,
        position: int,
        reps_planned: int,
        reps_done: int,
        holds: Sequence[HoldUse] = (),
        skipped: bool = False,
        load: float | None = None,
        unit: Unit | None = None,
        effort: Effort | None = None,
    ) -> int:
        """Record one exercise of one round as done (or skipped) now; returns the set's id.

        Recording the same exercise and round again (after going back) replaces it.
        """
        if self.finished:
            raise ValueError("the session is finished")
        _check_set_values(
            round=round,
            position=position,
            reps_planned=reps_planned,
            reps_done=reps_done,
            holds=holds,
        )
        check_load(load, unit)
        check_effort(effort)
        values = {
            "exercise_id": exercise_id,
            "exercise_name": exercise_name,
            "round": round,
            "position": position,
            "reps_planned": reps_planned,
            "reps_done": reps_done,
            "skipped": int(skipped),
            "load": None if load is None else float(load),
            "unit": unit,
            "effort": effort,
            "done_at": timestamp(self.log.now()),
        }
        return self.log._record_set(self.id, values, holds)

    def forget_set(self, set_id: int) -> None:
        """Take a recorded set out again: the workout went back to before it (or into it) and
        it is no longer done or skipped. Nothing happens if there is no such set."""
        if self.finished:
            raise ValueError("the session is finished")
        self.log._forget_set(self.id, set_id)

    def set_load_effort(
        self, set_id: int, load: float | None, unit: Unit | None, effort: Effort | None
    ) -> None:
        """Set a recorded set's load and effort (None: not given), e.g. from the rest screen.

        Allowed after ``finish`` too, so the summary can still take the last set's answers.
        """
        check_load(load, unit)
        check_effort(effort)
        self.log._set_load_effort(self.id, set_id, load, unit, effort)

    def finish(self, status: Ending, *, rounds_done: int | None = None) -> None:
        """End the session now with ``status``; ``rounds_done`` overrides the count from sets."""
        if status not in ENDINGS:
            raise ValueError(f"a session ends as one of {', '.join(ENDINGS)}, not {status!r}")
        if rounds_done is not None and rounds_done < 0:
            raise ValueError("rounds_done is 0 or more")
        if self.finished:
            raise ValueError("the session is finished")
        self.finished = True
        self.log._finish(self.id, status, rounds_done)

    def reopen(self, *, rounds_planned: int | None = None) -> None:
        """Carry a finished session on (one more round after its end): it is running again,
        with ``rounds_planned`` now if given, and ``finish`` ends it once more."""
        if rounds_planned is not None and rounds_planned < 1:
            raise ValueError("a session has at least one round")
        if not self.finished:
            return
        self.finished = False
        self.log._reopen(self.id, rounds_planned)
