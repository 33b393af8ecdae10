"""Export and import: the three formats round-trip exactly, import never duplicates, and a
Strong CSV from elsewhere comes in."""

from __future__ import annotations

import os
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from log_helpers import T0, a_session, a_set

from backtimer.log import (
    ExchangeError,
    Format,
    HoldUse,
    SessionRecord,
    SetRecord,
    export_text,
    import_text,
    open_log,
)
from backtimer.log.exchange import STRONG_COLUMNS
from backtimer.log.records import UNITS, Unit

FORMATS: list[Format] = ["csv", "json", "strong"]
_FAST_TMP = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None

# Exercise and routine ids as the model has them: lower-case words joined by hyphens.
ids = st.lists(
    st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=6), min_size=1, max_size=3
).map("-".join)
# Any text a routine file could hold, control characters and separators included.
texts = st.text(st.characters(exclude_categories=["Cs"]), max_size=20)
times = st.integers(0, 4_000_000_000).map(lambda s: datetime.fromtimestamp(s, UTC))
amounts = st.floats(0, 1e6, allow_nan=False, allow_infinity=False)
units: st.SearchStrategy[Unit] = st.sampled_from(UNITS)
loads: st.SearchStrategy[tuple[float | None, Unit | None]] = st.one_of(
    st.tuples(st.none(), st.none()), st.tuples(amounts, units)
)


@st.composite
def sets(draw: st.DrawFn, exercise_id: str, rnd: int) -> SetRecord:
    load, unit = draw(loads)
    phases = draw(st.lists(st.integers(0, 9), unique=True, max_size=3))
    return SetRecord(
        exercise_id=exercise_id,
        exercise_name=draw(texts),
        round=rnd,
        position=draw(st.integers(0, 20)),
        reps_planned=draw(st.integers(0, 1000)),
        reps_done=draw(st.integers(0, 1000)),
        done_at=draw(times),
        holds=tuple(HoldUse(p, draw(amounts), draw(amounts)) for p in phases),
        skipped=draw(st.booleans()),
        load=load,
        unit=unit,
        effort=draw(st.sampled_from([None, "easy", "ok", "hard"])),
    )


@st.composite
def sessions(draw: st.DrawFn) -> SessionRecord:
    keys = draw(st.lists(st.tuples(ids, st.integers(1, 5)), unique=True, max_size=6))
    return SessionRecord(
        routine_id=draw(ids),
        title=draw(texts),
        content_hash=draw(texts),
        started_at=draw(times),
        ended_at=draw(st.none() | times),
        # 'running' is left out: imported, it has no live process and reads as interrupted.
        status=draw(st.sampled_from(["completed", "quit", "interrupted"])),
        rounds_planned=draw(st.integers(1, 100)),
        rounds_done=draw(st.integers(0, 100)),
        exercises=draw(st.integers(1, 20)),
        count_seconds=draw(st.floats(0.01, 60, allow_nan=False)),
        sets=tuple(draw(sets(e, r)) for e, r in keys),
    )


def without_ids(records: list[SessionRecord]) -> list[SessionRecord]:
    from dataclasses import replace

    return [replace(r, id=None, sets=tuple(replace(s, id=None) for s in r.sets)) for r in records]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(sessions(), max_size=4, unique_by=lambda s: (s.routine_id, s.started_at)))
def test_export_import_export_is_identical_in_every_format(records: list[SessionRecord]) -> None:
    # A memory-backed folder where there is one: creating a database costs disk syncs.
    with tempfile.TemporaryDirectory(dir=_FAST_TMP) as folder:
        with open_log(Path(folder) / "a.sqlite3") as first:
            first.add_sessions(records)
            stored = first.sessions()
        for fmt in FORMATS:
            exported = export_text(stored, fmt)
            with open_log(Path(folder) / f"{fmt}.sqlite3") as second:
                second.add_sessions(import_text(exported))
                again = second.sessions()
            assert export_text(again, fmt) == exported, fmt
            # Nothing the log holds is lost on the way (Strong has no row for a setless session).
            expected = [r for r in stored if r.sets or fmt != "strong"]
            assert without_ids(again) == without_ids(expected), fmt


def test_import_does_not_duplicate_sessions_already_there(tmp_path: Path) -> None:
    records = [
        a_session(a_set(load=40, unit="kg", effort="easy"), start=T0),
        a_session(a_set(), start=T0 + timedelta(days=2)),
    ]
    for fmt in FORMATS:
        with open_log(tmp_path / f"{fmt}.sqlite3") as log:
            assert log.add_sessions(records[:1]) == (1, 0)
            text = export_text(records, fmt)
            assert log.add_sessions(import_text(text)) == (1, 1)
            assert log.add_sessions(import_text(text)) == (0, 2)
            assert len(log.sessions()) == 2


def test_strong_export_has_the_strong_layout() -> None:
    text = export_text(
        [a_session(a_set(load=90, unit="lb", effort="hard", done=8), start=T0)], "strong"
    )
    header, row = text.splitlines()
    assert header == (
        "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;"
        "Distance Unit;Seconds;Notes;Workout Notes"
    )
    cells = dict(zip(STRONG_COLUMNS, row.split(";"), strict=True))
    assert cells["Date"] == "2024-05-06 18:00:00"
    assert (cells["Exercise Name"], cells["Set Order"], cells["Reps"]) == (
        "Lat pull down",
        "1",
        "8",
    )
    assert (cells["Weight"], cells["Weight Unit"], cells["RPE"]) == ("90", "lbs", "9")
    assert "routine=borden-back" in cells["Workout Notes"]


def test_a_strong_file_from_the_app_imports() -> None:
    text = (
        "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;"
        "Distance Unit;Seconds;Notes;Workout Notes\n"
        '2019-01-11 12:31:54;"Leg";"Deadlift (Barbell)";1;20;kg;5;;;;0;"";""\n'
        '2019-01-11 12:31:54;"Leg";"Deadlift (Barbell)";2;20,5;kg;4;8.5;;;0;;\n'
        '2019-01-11 12:31:54;"Leg";"Leg Press";1;100;lbs;12;10;;;0;;\n'
        '2019-01-11 12:31:54;"Leg";"Leg Press";Rest Timer;;;;;;;90;;\n'
    )
    (session,) = import_text(text)
    assert (session.routine_id, session.title, session.status) == ("leg", "Leg", "completed")
    assert session.started_at == datetime(2019, 1, 11, 12, 31, 54, tzinfo=UTC)
    assert [(s.exercise_id, s.round, s.load, s.unit, s.effort) for s in session.sets] == [
        ("deadlift-barbell", 1, 20.0, "kg", None),
        ("deadlift-barbell", 2, 20.5, "kg", "ok"),
        ("leg-press", 1, 100.0, "lb", "hard"),
    ]
    assert (session.exercises, session.rounds_planned) == (2, 2)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("hello\n", "line 1: not a backtimer export"),
        ('{"format": "something-else"}', "not a backtimer log export"),
        ("{broken", "line 1: not valid JSON"),
        (
            '{"format": "backtimer-log", "version": 1, "sessions": [{"sets": 3}]}',
            "session 1: expected an object",
        ),
    ],
)
def test_a_file_that_is_not_an_export_is_refused(text: str, message: str) -> None:
    with pytest.raises(ExchangeError, match=message):
        import_text(text)


def test_a_wrong_value_names_its_line_and_column() -> None:
    good = export_text([a_session(a_set(load=40, unit="kg", effort="easy"))], "csv")
    bad = good.replace(",easy,", ",brutal,")
    with pytest.raises(ExchangeError, match=r"line 2, 'effort': expected one of easy, ok, hard"):
        import_text(bad)
    with pytest.raises(ExchangeError, match=r"line 2, 'load'"):
        import_text(good.replace(",40,kg,", ",heavy,kg,"))
