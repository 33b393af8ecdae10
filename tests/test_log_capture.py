"""What the log takes from a routine and a run: the content hash, the plan numbers, the holds."""

from __future__ import annotations

from pathlib import Path

from conftest import CONTENT

from backtimer.core.adjustments import COUNT_SECONDS, ROUNDS, apply, hold_key, reps_key
from backtimer.core.loader import load_routine
from backtimer.log import HoldUse, content_hash, hold_uses, open_log, start_recording


def test_the_hash_tells_versions_of_a_routine_apart() -> None:
    routine = load_routine(CONTENT / "borden-back.yaml")
    assert content_hash(routine) == content_hash(load_routine(CONTENT / "borden-back.yaml"))
    assert len(content_hash(routine)) == 16
    changed = apply(routine, {reps_key("lat-pull-down"): 12})
    assert content_hash(changed) != content_hash(routine)


def test_holds_in_counts_as_planned_and_as_used() -> None:
    routine = load_routine(CONTENT / "borden-back.yaml")
    used = apply(routine, {hold_key("lat-pull-down", 1): 3, hold_key("seated-row", 1): 3})
    lat, row, hyper = routine.exercises
    assert hold_uses(lat, used.exercise("lat-pull-down"), 1.0) == (HoldUse(1, 2.0, 3.0),)
    # The seated row's one-second pause is two counts at half a second each; + made it 3.
    assert hold_uses(row, used.exercise("seated-row"), 0.5) == (HoldUse(1, 2.0, 3.0),)
    assert hold_uses(hyper, hyper, 1.0) == (HoldUse(1, 3.0, 3.0),)


def test_start_recording_takes_the_plan_numbers_and_the_written_routines_hash(
    tmp_path: Path,
) -> None:
    written = load_routine(CONTENT / "borden-back.yaml")
    run = apply(written, {ROUNDS: 4, COUNT_SECONDS: 0.2})
    with open_log(tmp_path / "log.sqlite3") as log:
        start_recording(log, "borden-back", run, written=written)
        (session,) = log.sessions()
    assert (session.routine_id, session.title) == ("borden-back", written.title)
    assert (session.rounds_planned, session.exercises, session.count_seconds) == (4, 3, 0.2)
    assert session.content_hash == content_hash(written)
