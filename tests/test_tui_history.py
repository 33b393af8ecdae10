"""The history screen: sessions table, calendar strip, streak, load sparklines and the chart,
read from the log in a worker; a missing log is not created and a damaged one is named."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, timedelta
from pathlib import Path
from typing import Any

from log_helpers import T0, a_session, a_set
from textual.app import App
from textual.widgets import DataTable, Sparkline, Static
from tui_helpers import flat, run_async, screen_text, until, until_shown

from backtimer.log import open_log
from backtimer.log.queries import Point
from backtimer.tui.screens.history import (
    HistoryScreen,
    calendar_lines,
    load_line,
    short_date,
)

TODAY = date(2024, 5, 15)  # a Wednesday


class Host(App[None]):
    def __init__(self, screen: HistoryScreen) -> None:
        super().__init__()
        self.history = screen

    def on_mount(self) -> None:
        self.push_screen(self.history)


def a_log(path: Path) -> Path:
    with open_log(path) as log:
        log.add_sessions(
            [
                a_session(
                    a_set("lat-pull-down", 1, load=40, unit="kg", effort="easy"),
                    a_set("hyperextension", 1, position=1),
                    start=T0 - timedelta(weeks=1),
                    exercises=2,
                ),
                a_session(
                    a_set("lat-pull-down", 1, load=42.5, unit="kg", effort="ok"),
                    a_set("hyperextension", 1, position=1, done=8),
                    start=T0,
                    status="quit",
                    exercises=2,
                ),
            ]
        )
    return path


async def shown(screen: HistoryScreen) -> Host:
    app = Host(screen)
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        app.shown_text = {  # type: ignore[attr-defined]
            w.id: str(w.render()) for w in screen.query(Static) if w.id
        }
        app.rows = [  # type: ignore[attr-defined]
            screen.query_one(DataTable).get_row_at(i)
            for i in range(screen.query_one(DataTable).row_count)
        ]
        app.sparks = [list(s.data or []) for s in screen.query(Sparkline)]  # type: ignore[attr-defined]
        app.charts = len(screen.query("#history-chart"))  # type: ignore[attr-defined]
        app.left_edges = {  # type: ignore[attr-defined]
            "title": screen.query_one("#history-title").content_region.x,
            "loads": [w.content_region.x for w in screen.query(".history-loads") if w.display],
        }
    return app


@run_async
async def test_the_sessions_calendar_streak_and_loads(tmp_path: Path) -> None:
    path = a_log(tmp_path / "log.sqlite3")
    app: Any = await shown(HistoryScreen(path=path, today=TODAY, tz=UTC))
    assert [row[1:] for row in app.rows] == [
        ["borden-back", "20:00", "quit", "1/1"],
        ["borden-back", "20:00", "completed", "1/1"],
    ]
    assert app.rows[0][0] == "2024-05-06 18:00"  # the newest first
    streak = app.shown_text["history-streak"]
    assert "Streak: 2 weeks in a row (longest 2)" in streak
    assert "Workouts: 2 in all, 2 in the last 30 days" in streak
    calendar = app.shown_text["history-calendar"].splitlines()
    assert calendar[1] == "Mon · · · · · ■ ■ ·"  # the Mondays of 29 April and 6 May
    assert calendar[-1] == "Sun · · · · · · ·"  # this week's Sunday is still to come
    assert app.sparks == [[40.0, 42.5], [10.0, 8.0]]  # loads; reps for body weight
    assert app.charts == 1
    # The loads' heading starts where the title does, not one column further left.
    assert app.left_edges["loads"] == [app.left_edges["title"]] == [1]


@run_async
async def test_one_routines_history_does_not_repeat_its_id_in_a_column(tmp_path: Path) -> None:
    path = a_log(tmp_path / "log.sqlite3")
    screen = HistoryScreen("borden-back", title="Back-sculpting routine", path=path, today=TODAY)
    app = Host(screen)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = screen.query_one(DataTable)
        labels = [str(column.label) for column in table.columns.values()]
        assert labels == ["DATE", "DURATION", "STATUS", "ROUNDS"]
        assert [table.get_row_at(i)[1:] for i in range(table.row_count)] == [
            ["20:00", "quit", "1/1"],
            ["20:00", "completed", "1/1"],
        ]
        await pilot.press("a")  # every routine: which one each session was is news again
        await app.workers.wait_for_complete()
        await pilot.pause()
        labels = [str(column.label) for column in table.columns.values()]
        assert labels == ["DATE", "ROUTINE", "DURATION", "STATUS", "ROUNDS"]
        assert table.get_row_at(0)[1:] == ["borden-back", "20:00", "quit", "1/1"]


@run_async
async def test_a_missing_log_says_so_and_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "none" / "log.sqlite3"
    app: Any = await shown(HistoryScreen(path=path, today=TODAY, tz=UTC))
    assert (
        app.shown_text["history-status"] == f"No workouts logged yet (the log is kept in {path})."
    )
    assert app.rows == [] and app.charts == 0
    assert not path.parent.exists()


@run_async
async def test_a_damaged_log_is_named_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    damaged = b"SQLite format 3\x00" + b"\xff" * 4000
    path.write_bytes(damaged)
    app: Any = await shown(HistoryScreen(path=path, today=TODAY, tz=UTC))
    assert "damaged" in app.shown_text["history-status"]
    assert path.read_bytes() == damaged


def test_the_calendar_marks_days_with_a_workout() -> None:
    first = date(2024, 4, 29)
    days = [(first + timedelta(days=n), int(n in (0, 8))) for n in range(10)]
    assert calendar_lines(days) == [
        "    from 29 Apr",
        "Mon ■ ·",
        "Tue · ■",
        "Wed · ·",
        "Thu ·",
        "Fri ·",
        "Sat ·",
        "Sun ·",
    ]


def test_the_chart_library_loads_only_with_the_chart() -> None:
    probe = (
        "import sys; import backtimer.tui.app, backtimer.tui.screens.history; "
        "print('textual_plotext' in sys.modules, 'plotext' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.split() == ["False", "False"]


def test_a_load_line_counts_reps_in_words() -> None:
    def point(reps: int, load: float | None = None) -> Point:
        return Point(T0, load, "kg" if load is not None else None, reps, None)

    assert load_line("Plank", [point(10), point(1)]) == "Plank  last 1 rep"
    assert load_line("Plank", [point(1), point(8)]) == "Plank  last 8 reps"
    assert load_line("Row", [point(10, 40.0), point(10, 42.5)]) == (
        "Row  last 42.5 kg (best 42.5 kg)"
    )


def labels(table: DataTable[Any]) -> list[str]:
    return [str(column.label) for column in table.columns.values()]


def fits(table: DataTable[Any]) -> bool:
    """Whether every column of ``table`` is inside its width: none cut at the right edge."""
    return (
        sum(c.get_render_width(table) for c in table.columns.values())
        <= table.scrollable_content_region.width
    )


async def loaded(pilot: Any) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


@run_async
async def test_at_40_columns_the_sessions_table_fits_and_says_how_each_went(
    tmp_path: Path,
) -> None:
    path = a_log(tmp_path / "log.sqlite3")
    screen = HistoryScreen("borden-back", title="Back-sculpting routine", path=path, today=TODAY)
    app = Host(screen)
    async with app.run_test(size=(40, 12)) as pilot:
        await loaded(pilot)
        table = screen.query_one(DataTable)
        assert labels(table) == ["DATE", "TIME", "STATUS", "ROUNDS"]
        assert fits(table)
        assert [table.get_row_at(i) for i in range(table.row_count)] == [
            ["06 May 18:00", "20:00", "quit", "1/1"],
            ["29 Apr 18:00", "20:00", "done", "1/1"],
        ]
        # On the terminal itself: the newest session's whole row, under the whole heading.
        shown = await until_shown(pilot, "06 May 18:00  20:00  quit    1/1")
        assert "DATE          TIME   STATUS  ROUNDS" in shown, shown


@run_async
async def test_at_40_columns_every_routines_table_names_each_under_its_date(
    tmp_path: Path,
) -> None:
    path = tmp_path / "log.sqlite3"
    with open_log(path) as log:
        log.add_sessions(
            [
                a_session(routine_id="train-your-back", start=T0 - timedelta(days=400)),
                a_session(routine_id="borden-back", start=T0, status="interrupted"),
            ]
        )
    screen = HistoryScreen(path=path, today=TODAY, tz=UTC)
    app = Host(screen)
    async with app.run_test(size=(40, 40)) as pilot:
        await loaded(pilot)
        table = screen.query_one(DataTable)
        assert labels(table) == ["DATE", "TIME", "STATUS", "ROUNDS"]
        assert fits(table)
        shown = await until_shown(pilot, "borden-back", "cut")
        lines = shown.splitlines()
        row = next(n for n, line in enumerate(lines) if "06 May 18:00" in line)
        assert lines[row].split() == ["06", "May", "18:00", "20:00", "cut", "1/1"]
        assert lines[row + 1].strip() == "borden-back"
        # A session of another year says which; the id that does not fit ends in an ellipsis.
        assert lines[row + 2].split()[:3] == ["02", "Apr", "2023"]
        assert lines[row + 3].strip() == "train-your-b…"


@run_async
async def test_at_40_columns_the_streak_and_the_loads_are_shown_whole(tmp_path: Path) -> None:
    path = a_log(tmp_path / "log.sqlite3")
    screen = HistoryScreen(path=path, today=TODAY, tz=UTC)
    app = Host(screen)
    async with app.run_test(size=(40, 60)) as pilot:
        await loaded(pilot)
        assert await until(pilot, lambda: "Hyperextension" in screen_text(app))
        shown = screen_text(app)
        lines = shown.splitlines()
        assert "Streak: 2 weeks" in shown and "(longest 2)" in shown
        assert "Workouts: 2" in shown and "(2 in 30 days)" in shown
        assert " Load per session (or reps):" in [line.rstrip() for line in lines]
        # Each load's line whole (wrapped if need be) and its sparkline under it.
        text = flat(shown)
        assert "Lat pull down last 42.5 kg (best 42.5 kg)" in text
        assert "Hyperextension last 8 reps" in text
        sparks = screen.query(Sparkline)
        names = screen.query(".spark-name")
        assert [s.region.y > n.region.y for s, n in zip(sparks, names, strict=True)] == [True] * 2
        assert all(w.region.right <= 40 for w in (*sparks, *names))


@run_async
async def test_the_table_follows_a_resize_to_40_columns_and_back(tmp_path: Path) -> None:
    path = a_log(tmp_path / "log.sqlite3")
    screen = HistoryScreen(path=path, today=TODAY, tz=UTC)
    app = Host(screen)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        table = screen.query_one(DataTable)
        wide = ["DATE", "ROUTINE", "DURATION", "STATUS", "ROUNDS"]
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        assert labels(table) == wide and fits(table)
        assert rows[0] == ["2024-05-06 18:00", "borden-back", "20:00", "quit", "1/1"]
        assert "Streak: 2 weeks in a row (longest 2)" in screen_text(app)
        await pilot.resize_terminal(40, 12)
        assert await until(pilot, lambda: labels(table) == ["DATE", "TIME", "STATUS", "ROUNDS"])
        await pilot.pause()
        assert fits(table)
        assert table.get_row_at(0) == ["06 May 18:00\nborden-back", "20:00", "quit", "1/1"]
        await until_shown(pilot, "(longest 2)")
        await pilot.resize_terminal(80, 24)
        assert await until(pilot, lambda: labels(table) == wide)
        assert [table.get_row_at(i) for i in range(table.row_count)] == rows
        assert "Streak: 2 weeks in a row (longest 2)" in await until_shown(pilot, "in a row")


def test_a_short_date_has_the_time_this_year_and_the_year_before_it() -> None:
    assert short_date(T0, TODAY, UTC) == "06 May 18:00"
    assert short_date(T0, date(2025, 1, 2), UTC) == "06 May 2024"


@run_async
async def test_a_workout_skipped_through_to_its_end_is_not_shown_as_completed(
    tmp_path: Path,
) -> None:
    path = tmp_path / "log.sqlite3"
    with open_log(path) as log:
        log.add_sessions(
            [
                a_session(
                    a_set("lat-pull-down", 1, done=0, skipped=True),
                    a_set("hyperextension", 1, position=1, done=0, skipped=True),
                    start=T0 - timedelta(days=1),
                    exercises=2,
                ),
                a_session(
                    a_set("lat-pull-down", 1, load=40, unit="kg"),
                    a_set("hyperextension", 1, position=1, done=0, skipped=True),
                    start=T0,
                    exercises=2,
                ),
            ]
        )
    app: Any = await shown(HistoryScreen(path=path, today=TODAY, tz=UTC))
    assert [row[3] for row in app.rows] == ["completed, 1 set skipped", "all sets skipped"]
    screen = HistoryScreen("borden-back", title="Back-sculpting routine", path=path, today=TODAY)
    narrow = Host(screen)
    async with narrow.run_test(size=(40, 12)) as pilot:
        await loaded(pilot)
        table = screen.query_one(DataTable)
        assert [table.get_row_at(i)[2] for i in range(table.row_count)] == ["part", "skip"]
        assert fits(table)
