"""The training log's speed: recording a set, opening the log, and reading a year of history.

Run it with ``.venv/bin/python bench/log_bench.py [FOLDER]``. FOLDER (default: a temporary folder
on the same disk as the system's temp dir) is where the log is made: measure on the disk the
user's data folder is on. Prints each figure beside its target.

- A set: ``record_set`` then ``set_load_effort``, each one committed transaction, 300 times.
- Open: ``open_log`` of a new file (creating the schema) and of the full one.
- A year of history: 1,000 sessions of 9 sets; ``sessions()`` of one routine, then last time and
  advice, then a Strong export of everything.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from backtimer.core.loader import load_routine  # noqa: E402
from backtimer.log import (  # noqa: E402
    SessionRecord,
    SetRecord,
    advise,
    export_text,
    last_time,
    open_log,
)

SETS = 300
SESSIONS = 1000


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main(folder: Path) -> int:
    routine = load_routine(ROOT / "content" / "borden-back.yaml")
    rows: list[tuple[str, float, float]] = []

    t = time.perf_counter()
    log = open_log(folder / "sets.sqlite3")
    rows.append(("open a new log", time.perf_counter() - t, 0.5))
    rec = log.start_session(
        routine_id="borden-back",
        title=routine.title,
        content_hash="h",
        rounds_planned=SETS,
        exercises=1,
        count_seconds=1.0,
    )
    times = []
    for rnd in range(1, SETS + 1):
        t = time.perf_counter()
        sid = rec.record_set(
            exercise_id="lat-pull-down",
            exercise_name="Lat pull down",
            round=rnd,
            position=0,
            reps_planned=10,
            reps_done=10,
        )
        rec.set_load_effort(sid, 40.0, "kg", "easy")
        times.append(time.perf_counter() - t)
    log.close()
    times.sort()
    rows.append(("a set recorded, median", statistics.median(times), 0.02))
    rows.append(("a set recorded, p99", times[int(len(times) * 0.99) - 1], 0.1))

    start = datetime(2024, 1, 1, 18, tzinfo=UTC)
    records = [
        SessionRecord(
            routine_id="borden-back",
            title=routine.title,
            content_hash="h",
            started_at=start + timedelta(hours=9 * n),
            ended_at=start + timedelta(hours=9 * n, minutes=25),
            status="completed",
            rounds_planned=3,
            rounds_done=3,
            exercises=3,
            count_seconds=1.0,
            sets=tuple(
                SetRecord(
                    exercise_id=ex.key,
                    exercise_name=ex.name,
                    round=r,
                    position=i,
                    reps_planned=10,
                    reps_done=10,
                    done_at=start + timedelta(hours=9 * n, minutes=8 * r + i),
                    load=40.0 + n % 20,
                    unit="kg",
                    effort="ok",
                )
                for r in (1, 2, 3)
                for i, ex in enumerate(routine.exercises)
            ),
        )
        for n in range(SESSIONS)
    ]
    path = folder / "year.sqlite3"
    with open_log(path) as log:
        log.add_sessions(records)
    t = time.perf_counter()
    log = open_log(path)
    rows.append(("open a log of 1,000 sessions", time.perf_counter() - t, 0.2))
    t = time.perf_counter()
    sessions = log.sessions("borden-back")
    last_time(sessions)
    advise(routine, sessions)
    rows.append(("read 1,000 sessions, last time, advice", time.perf_counter() - t, 0.5))
    t = time.perf_counter()
    export_text(sessions, "strong")
    rows.append(("Strong export of 9,000 sets", time.perf_counter() - t, 0.5))
    log.close()

    width = max(len(r[0]) for r in rows)
    missed = 0
    for name, value, target in rows:
        ok = value <= target
        missed += not ok
        verdict = "pass" if ok else "MISS"
        print(f"{name.ljust(width)}  {_ms(value):>10}  target {_ms(target):>9}  {verdict}")
    return 1 if missed else 0


if __name__ == "__main__":
    if len(sys.argv) > 1:
        sys.exit(main(Path(sys.argv[1])))
    with tempfile.TemporaryDirectory() as tmp:
        sys.exit(main(Path(tmp)))
