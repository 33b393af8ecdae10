"""The log's commands: history, export and import, as the command line will run them."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, timedelta
from pathlib import Path
from typing import TextIO

import pytest
from log_helpers import T0, a_session, a_set

from backtimer.log import SessionRecord, open_log
from backtimer.log.commands import export, history, import_file, sparkline

TODAY = date(2024, 5, 15)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """A log with two sessions of borden-back, a week apart, and one of another routine."""
    log_path = tmp_path / "log.sqlite3"
    records: list[SessionRecord] = [
        a_session(
            a_set("lat-pull-down", 1, load=40, unit="kg", effort="easy"),
            a_set("lat-pull-down", 2, load=40, unit="kg", effort="ok", done=9),
            start=T0 - timedelta(weeks=1),
            rounds=2,
        ),
        a_session(
            a_set("lat-pull-down", 1, load=42.5, unit="kg", effort="easy"),
            start=T0,
            status="quit",
            rounds=2,
        ),
        a_session(a_set("good-morning"), start=T0 + timedelta(days=1), routine_id="train-back"),
    ]
    with open_log(log_path) as log:
        log.add_sessions(records)
    return log_path


def streams() -> tuple[io.StringIO, io.StringIO]:
    return io.StringIO(), io.StringIO()


def test_history_shows_sessions_streak_calendar_and_charts(path: Path) -> None:
    out, err = streams()
    assert history(None, as_json=False, out=out, err=err, path=path, today=TODAY, tz=UTC) == 0
    text = out.getvalue()
    lines = text.splitlines()
    assert lines[0].split() == ["DATE", "ROUTINE", "DURATION", "STATUS", "ROUNDS"]
    assert lines[1].split() == ["2024-04-29", "18:00", "borden-back", "20:00", "completed", "2/2"]
    assert lines[2].split()[4:] == ["quit", "2/2"]
    # The weeks of 29 April and 6 May; the week of 15 May is under way and does not break it.
    assert "Streak: 2 weeks in a row (longest 2)" in text
    (strip,) = [line for line in lines if line.startswith("Last 8 weeks")]
    weeks = strip.split(": ")[1].split(" ")
    assert len(weeks) == 8 and weeks[-1] == "..."  # this week: Monday to Wednesday so far
    assert weeks[-3:-1] == ["#......", "##....."]  # 29 April; 6 and 7 May
    assert "load    ▁█  last 42.5 kg" in text
    assert err.getvalue() == ""


def test_history_of_one_routine_as_json(path: Path) -> None:
    out, err = streams()
    assert history("borden-back", as_json=True, out=out, err=err, path=path, today=TODAY) == 0
    data = json.loads(out.getvalue())
    assert [s["status"] for s in data["sessions"]] == ["completed", "quit"]
    assert data["sessions"][1]["sets"][0]["load"] == 42.5
    assert data["sessions"][0]["duration_seconds"] == 1200
    assert data["streak_weeks"] == {"current": 2, "longest": 2}


def test_history_of_an_unknown_routine_is_one_line(path: Path) -> None:
    out, err = streams()
    assert history("nope", as_json=False, out=out, err=err, path=path) == 1
    assert err.getvalue() == (
        "backtimer: no sessions of 'nope' in the training log (logged: borden-back, train-back)\n"
    )


def test_history_without_a_log_says_so_and_creates_nothing(tmp_path: Path) -> None:
    out, err = streams()
    missing = tmp_path / "none" / "log.sqlite3"
    assert history(None, as_json=False, out=out, err=err, path=missing) == 0
    assert out.getvalue().startswith("No workouts logged yet")
    assert not missing.parent.exists()


def test_text_from_the_log_is_made_printable(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    evil = a_set("lat-pull-down", load=1, unit="kg")
    from dataclasses import replace

    evil = replace(evil, exercise_name="Row\x1b[2J\x07")
    with open_log(path) as log:
        log.add_sessions([replace(a_session(evil), title="Back\x1b]0;owned\x07")])
    out, err = streams()
    assert history(None, as_json=False, out=out, err=err, path=path, today=TODAY) == 0
    assert "\x1b" not in out.getvalue() and "\x07" not in out.getvalue()
    assert "Row␛[2J␇" in out.getvalue()


def test_a_corrupt_log_is_one_line_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    path.write_bytes(b"not a database at all" * 100)

    def show(out: TextIO, err: TextIO) -> int:
        return history(None, as_json=False, out=out, err=err, path=path)

    def write(out: TextIO, err: TextIO) -> int:
        return export("csv", out=out, err=err, path=path)

    for command in (show, write):
        out, err = streams()
        assert command(out, err) == 1
        assert err.getvalue().count("\n") == 1
        assert str(path) in err.getvalue() and "damaged" in err.getvalue()
    assert path.read_bytes() == b"not a database at all" * 100


def test_export_since_a_date_to_a_file(path: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "strong.csv"
    out, err = streams()
    code = export("strong", since=T0.date(), output=target, out=out, err=err, path=path, tz=UTC)
    assert code == 0
    assert out.getvalue() == f"Exported 2 sessions to {target}.\n"
    rows = target.read_text().splitlines()
    assert rows[0].startswith("Date;Workout Name;Exercise Name;Set Order;")
    assert [r.split(";")[0] for r in rows[1:]] == ["2024-05-06 18:00:00", "2024-05-07 18:00:00"]


def test_export_to_a_pipe_and_import_it_back(path: Path, tmp_path: Path) -> None:
    out, err = streams()
    assert export("json", out=out, err=err, path=path) == 0
    exported = tmp_path / "log.json"
    exported.write_text(out.getvalue())
    fresh = tmp_path / "fresh.sqlite3"
    out, err = streams()
    assert import_file(exported, out=out, err=err, path=fresh) == 0
    assert out.getvalue() == f"Imported 3 sessions from {exported}.\n"
    out, err = streams()
    assert import_file(exported, out=out, err=err, path=fresh) == 0
    assert out.getvalue() == f"Imported 0 sessions from {exported} (3 already in the log).\n"
    again, _ = streams()
    export("json", out=again, err=err, path=fresh)
    assert again.getvalue() == exported.read_text()


def test_import_of_a_bad_file_is_one_line_and_changes_nothing(path: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("Date;Workout Name;Exercise Name;Set Order;Reps\nyesterday;Legs;Squat;1;5\n")
    out, err = streams()
    assert import_file(bad, out=out, err=err, path=path) == 1
    assert err.getvalue() == (
        f"backtimer: {bad}: line 2, 'Date': expected a date like 2024-05-01 18:03:00, "
        "not 'yesterday'\n"
    )
    out, err = streams()
    assert import_file(tmp_path / "missing.csv", out=out, err=err, path=path) == 1
    assert "cannot read" in err.getvalue() and err.getvalue().count("\n") == 1
    with open_log(path) as log:
        assert len(log.sessions()) == 3


def test_sparkline_spans_lowest_to_highest() -> None:
    assert sparkline([1, 2, None, 8]) == "▁▂ █"
    assert sparkline([5, 5]) == "██"
    assert sparkline([None]) == ""


def test_the_log_imports_nothing_above_it() -> None:
    """log/ sits beside tui/ and cli/ and above core/: it must not pull in Textual or them."""
    import subprocess
    import sys

    probe = (
        "import sys, json, backtimer.log, backtimer.log.commands\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('textual', "
        "'backtimer.tui', 'backtimer.cli.main', 'backtimer.audio')))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert json.loads(result.stdout) == []


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_an_export_onto_a_terminal_is_made_printable(tmp_path: Path) -> None:
    from dataclasses import replace

    path = tmp_path / "log.sqlite3"
    with open_log(path) as log:
        log.add_sessions([replace(a_session(a_set()), title="Back\x1b[31m")])
    out, err = Terminal(), io.StringIO()
    assert export("csv", out=out, err=err, path=path) == 0
    assert "Back␛[31m" in out.getvalue()
    assert "\x1b" not in out.getvalue() and "\r" not in out.getvalue() and "␍" not in out.getvalue()
    piped = io.StringIO()
    export("csv", out=piped, err=err, path=path)
    assert "Back\x1b[31m" in piped.getvalue()


def test_history_says_a_run_to_the_end_by_skipping_was_not_completed(tmp_path: Path) -> None:
    from dataclasses import replace

    log_path = tmp_path / "log.sqlite3"
    with open_log(log_path) as log:
        skipped = a_session(a_set("lat-pull-down", 1, done=0, skipped=True))
        log.add_sessions([replace(skipped, rounds_done=0)])  # as the log counts it
    out, err = streams()
    assert history(None, as_json=False, out=out, err=err, path=log_path, today=TODAY, tz=UTC) == 0
    row = out.getvalue().splitlines()[1]
    assert row.endswith("all sets skipped  0/1"), row
    # The data keeps the status the log keeps: the workout did run to its end.
    out, err = streams()
    assert history(None, as_json=True, out=out, err=err, path=log_path, today=TODAY, tz=UTC) == 0
    assert json.loads(out.getvalue())["sessions"][0]["status"] == "completed"
