"""The log's SQLite schema and its migrations, one numbered step per version.

``PRAGMA user_version`` holds the version a file is at. Opening a file runs every step above it,
in one transaction, so a file is always at one version or the next, never between. Version 1 kept
a set's holds as JSON text; version 2 keeps them in a table of their own, one row per hold, so
STRICT typing covers them too and they can be queried. Version 3 counts a session's rounds done
as the summary does: only rounds whose every exercise was done in full.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

_SESSIONS = """
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    routine_id TEXT NOT NULL,
    title TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    started_at TEXT NOT NULL,          -- ISO 8601 UTC, whole seconds
    ended_at TEXT,                     -- NULL while running, or when the process was killed
    status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'quit', 'interrupted')),
    rounds_planned INTEGER NOT NULL CHECK (rounds_planned >= 1),
    rounds_done INTEGER NOT NULL DEFAULT 0 CHECK (rounds_done >= 0),
    exercises INTEGER NOT NULL CHECK (exercises >= 1),   -- exercises in one round
    count_seconds REAL NOT NULL CHECK (count_seconds > 0),
    pid INTEGER,                       -- the recording process, to tell a killed run
    UNIQUE (routine_id, started_at)    -- the natural key import matches on
) STRICT
"""

# Version 1's sets, holds as JSON: [{"phase": 1, "planned": 2, "actual": 3}, ...].
_SETS_V1 = """
CREATE TABLE sets (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    exercise_id TEXT NOT NULL,
    exercise_name TEXT NOT NULL,
    round INTEGER NOT NULL CHECK (round >= 1),
    position INTEGER NOT NULL CHECK (position >= 0),
    reps_planned INTEGER NOT NULL CHECK (reps_planned >= 0),
    reps_done INTEGER NOT NULL CHECK (reps_done >= 0),
    holds TEXT NOT NULL DEFAULT '[]',
    skipped INTEGER NOT NULL DEFAULT 0 CHECK (skipped IN (0, 1)),
    load REAL CHECK (load >= 0),
    unit TEXT CHECK (unit IN ('kg', 'lb', 'band')),
    effort TEXT CHECK (effort IN ('easy', 'ok', 'hard')),
    done_at TEXT NOT NULL,
    CHECK ((load IS NULL) = (unit IS NULL)),
    UNIQUE (session_id, exercise_id, round)
) STRICT
"""

_SETS_V2 = """
CREATE TABLE sets_v2 (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    exercise_id TEXT NOT NULL,
    exercise_name TEXT NOT NULL,
    round INTEGER NOT NULL CHECK (round >= 1),
    position INTEGER NOT NULL CHECK (position >= 0),
    reps_planned INTEGER NOT NULL CHECK (reps_planned >= 0),
    reps_done INTEGER NOT NULL CHECK (reps_done >= 0),
    skipped INTEGER NOT NULL DEFAULT 0 CHECK (skipped IN (0, 1)),
    load REAL CHECK (load >= 0),
    unit TEXT CHECK (unit IN ('kg', 'lb', 'band')),
    effort TEXT CHECK (effort IN ('easy', 'ok', 'hard')),
    done_at TEXT NOT NULL,
    CHECK ((load IS NULL) = (unit IS NULL)),
    UNIQUE (session_id, exercise_id, round)
) STRICT
"""

_HOLDS = """
CREATE TABLE holds (
    set_id INTEGER NOT NULL REFERENCES sets (id) ON DELETE CASCADE,
    phase INTEGER NOT NULL CHECK (phase >= 0),   -- the hold's index in the rep
    planned REAL NOT NULL CHECK (planned >= 0),  -- counts
    actual REAL NOT NULL CHECK (actual >= 0),
    PRIMARY KEY (set_id, phase)
) STRICT
"""

_SET_COLUMNS = (
    "id, session_id, exercise_id, exercise_name, round, position, reps_planned, reps_done, "
    "skipped, load, unit, effort, done_at"
)


def _to_v1(conn: sqlite3.Connection) -> None:
    conn.execute(_SESSIONS)
    conn.execute(_SETS_V1)
    conn.execute("CREATE INDEX sets_by_exercise ON sets (exercise_id)")


def _to_v2(conn: sqlite3.Connection) -> None:
    holds = [
        (set_id, int(h["phase"]), float(h["planned"]), float(h["actual"]))
        for set_id, text in conn.execute("SELECT id, holds FROM sets")
        for h in json.loads(text)
    ]
    # SQLite cannot drop a column before 3.35: the table is rebuilt without it. Nothing refers
    # to version 1's sets, so dropping it breaks no foreign key.
    conn.execute(_SETS_V2)
    conn.execute(f"INSERT INTO sets_v2 ({_SET_COLUMNS}) SELECT {_SET_COLUMNS} FROM sets")
    conn.execute("DROP TABLE sets")
    conn.execute("ALTER TABLE sets_v2 RENAME TO sets")
    conn.execute("CREATE INDEX sets_by_exercise ON sets (exercise_id)")
    conn.execute(_HOLDS)
    conn.executemany("INSERT INTO holds VALUES (?, ?, ?, ?)", holds)


ROUNDS_DONE = (
    "(SELECT count(*) FROM (SELECT round FROM sets WHERE session_id = sessions.id "
    "AND skipped = 0 AND reps_done >= reps_planned "
    "GROUP BY round HAVING count(*) >= sessions.exercises))"
)
"""A session's rounds done, in SQL: the rounds in which every exercise was done in full, as the
summary at the end of a workout counts them ("Rounds done in full: 2 of 3")."""


def _to_v3(conn: sqlite3.Connection) -> None:
    # Up to version 2 a round counted as done when each of its sets was done in full *or
    # skipped*, so a workout run to its end by skipping every set was logged "3 of 3 rounds".
    # Only a session with a skipped set can count otherwise now: those are counted again, and
    # every other keeps its count (an imported one, the count it came with).
    conn.execute(
        f"UPDATE sessions SET rounds_done = {ROUNDS_DONE} "
        "WHERE EXISTS (SELECT 1 FROM sets WHERE session_id = sessions.id AND skipped = 1)"
    )


# MIGRATIONS[n] takes a file from version n to n + 1.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_to_v1, _to_v2, _to_v3)
SCHEMA_VERSION = len(MIGRATIONS)


def version(conn: sqlite3.Connection) -> int:
    row = conn.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Bring the file up to ``target`` inside the caller's transaction; returns the old version.

    The caller opens the transaction (``BEGIN IMMEDIATE``) so that two processes opening a new
    file at once cannot both create the tables.
    """
    start = version(conn)
    for step in range(start, target):
        MIGRATIONS[step](conn)
    if target > start:
        # PRAGMA takes no parameters; target is an int from this module.
        conn.execute(f"PRAGMA user_version = {int(target)}")
    return start
