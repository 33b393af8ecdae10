"""The history screen: the logged sessions as a table, a calendar strip of the last weeks, the
week streak, each exercise's load as a sparkline, and a chart of the loads over time.

Below ``NARROW_WIDTH`` columns (the breakpoint class ``-narrow``) the table is compact: a short
date, short headings and statuses, and with every routine the routine under each date, so
nothing is cut at the right edge of a 40-column terminal; each load's line goes above its
sparkline. A resize across the breakpoint redraws the table.

The log is read in a worker thread, never on the event loop. The chart's library
(textual-plotext) is imported only when the chart is drawn: opening the app does not pay for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path

from rich.cells import cell_len
from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Sparkline, Static

from backtimer.core.fmt import duration, printable, reps
from backtimer.log import (
    LogError,
    LogHandle,
    Point,
    SessionRecord,
    calendar,
    exercise_series,
    format_load,
    streaks,
)
from backtimer.log.queries import local_date
from backtimer.log.words import ending, short_ending
from backtimer.tui.text import literal

CALENDAR_WEEKS = 8
SPARK_POINTS = 30  # the last sessions a sparkline shows
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
NARROW_WIDTH = 60  # below it, the compact table (the screen's -narrow class)
SHORT_DATE = 12  # "30 Nov 18:00", "30 Nov 2023": the compact table's date column
WIDE_HEADINGS = ("DURATION", "STATUS", "ROUNDS")  # after DATE (and ROUTINE)
COMPACT_HEADINGS = ("TIME", "STATUS", "ROUNDS")  # after DATE


@dataclass(frozen=True)
class Loaded:
    """What the worker read: the sessions (oldest first), or why there are none."""

    path: Path
    sessions: list[SessionRecord]
    problem: str | None = None


def read_sessions(path: Path, handle: LogHandle | None, routine_id: str | None) -> Loaded:
    """The sessions of the log at ``path`` (through ``handle`` when the app has it open). A log
    that does not exist yet is not created: there is nothing to show."""
    try:
        if handle is not None and handle.path == path:
            return Loaded(path, handle.get().sessions(routine_id))
        if not path.exists():
            return Loaded(path, [])
        from backtimer.log import open_log

        with open_log(path) as log:
            return Loaded(path, log.sessions(routine_id))
    except LogError as exc:
        return Loaded(path, [], str(exc))


def calendar_lines(days: Sequence[tuple[date, int]]) -> list[str]:
    """The calendar strip: a row per weekday, a column per week, ■ a day with a workout."""
    weeks = [days[i : i + 7] for i in range(0, len(days), 7)]
    lines = []
    for weekday, name in enumerate(DAY_NAMES):
        cells = []
        for week in weeks:
            if weekday < len(week):
                cells.append("■" if week[weekday][1] else "·")
            else:
                cells.append(" ")  # this week, days still to come
        lines.append(f"{name} {' '.join(cells)}".rstrip())
    first = days[0][0] if days else None
    if first is not None:
        lines.insert(0, f"    from {first:%d %b}")
    return lines


def session_row(s: SessionRecord, tz: tzinfo | None = None) -> tuple[str, str, str, str, str]:
    return (
        s.started_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
        printable(s.routine_id),
        duration(s.duration),
        ending(s),
        f"{s.rounds_done}/{s.rounds_planned}",
    )


def short_date(started: datetime, today: date, tz: tzinfo | None = None) -> str:
    """'30 Nov 18:00' this year, '30 Nov 2023' before it: the compact table's date."""
    local = started.astimezone(tz)
    return f"{local:%d %b %H:%M}" if local.year == today.year else f"{local:%d %b %Y}"


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells with an ellipsis when longer."""
    cut = Text(text)
    cut.truncate(width, overflow="ellipsis")
    return cut.plain


def compact_row(s: SessionRecord, today: date, tz: tzinfo | None = None) -> tuple[str, ...]:
    """The compact table's row: short date, duration, short status, rounds."""
    return (
        short_date(s.started_at, today, tz),
        duration(s.duration),
        short_ending(s),
        f"{s.rounds_done}/{s.rounds_planned}",
    )


def load_line(name: str, points: Sequence[Point]) -> str:
    """'Lat pull down  last 42.5 kg (best 42.5 kg)' or '... 10 reps' for body weight."""
    last = points[-1]
    if last.load is not None and last.unit is not None:
        same = [p.load for p in points if p.unit == last.unit and p.load is not None]
        best = format_load(max(same), last.unit)
        return f"{name}  last {format_load(last.load, last.unit)} (best {best})"
    return f"{name}  last {reps(last.reps)}"


class HistoryScreen(Screen[None]):
    """Sessions, calendar, streak and loads of one routine (or all); q or Escape goes back."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW_WIDTH, "-medium")]

    BINDINGS = [
        Binding("escape,q", "back", "Back"),
        Binding("a", "all_routines", "All routines"),
    ]

    DEFAULT_CSS = """
    HistoryScreen #history-title { text-style: bold; padding: 0 1; }
    HistoryScreen #history-top { height: auto; }
    HistoryScreen #history-calendar { width: auto; padding: 0 2 0 1; }
    HistoryScreen #history-streak, HistoryScreen #history-streak-short { width: 1fr; }
    HistoryScreen #history-streak-short { display: none; }
    HistoryScreen #history-sessions { height: auto; max-height: 12; }
    HistoryScreen #history-sparks, HistoryScreen #history-chart-box { height: auto; }
    HistoryScreen .history-loads { padding: 0 1; }
    HistoryScreen .spark-row { height: 1; }
    HistoryScreen .spark-name { width: 1fr; padding: 0 1; }
    HistoryScreen Sparkline { height: 1; margin: 0 1; dock: left; }
    HistoryScreen .history-loads-short { display: none; }
    /* Narrow: the load's line (wrapped) above its sparkline, not squeezed beside it. */
    HistoryScreen.-narrow .spark-row { layout: vertical; height: auto; }
    HistoryScreen.-narrow .spark-name { width: 1fr; height: auto; }
    HistoryScreen.-narrow Sparkline { dock: none; }
    HistoryScreen.-narrow .history-loads-long { display: none; }
    /* Narrow: the streak in short lines beside the calendar, not one long line wrapped. */
    HistoryScreen.-narrow #history-streak { display: none; }
    HistoryScreen.-narrow #history-streak-short { display: block; }
    /* Narrow: thin scrollbars, a column more for the table (see _table). */
    HistoryScreen.-narrow #history-body, HistoryScreen.-narrow #history-sessions {
        scrollbar-size-vertical: 1;
    }
    HistoryScreen.-narrow .history-loads-short { display: block; }
    HistoryScreen #history-chart { height: 14; }
    """

    def __init__(
        self,
        routine_id: str | None = None,
        *,
        title: str | None = None,
        path: Path | None = None,
        handle: LogHandle | None = None,
        today: date | None = None,
        tz: tzinfo | None = None,
    ) -> None:
        super().__init__()
        from backtimer.log import default_path

        self.routine_id = routine_id
        self.routine_title = title
        self.path = path if path is not None else default_path()
        self.handle = handle
        self.today = today
        self.tz = tz
        self.loaded: Loaded | None = None
        self.width = 0  # the screen's, which picks the table's layout: set on mount and resizes

    def compose(self) -> ComposeResult:
        with Vertical(id="history"):
            yield Static(literal(self._title()), id="history-title")
            with VerticalScroll(id="history-body"):
                yield Static("Reading the training log…", id="history-status")
                with Horizontal(id="history-top"):
                    yield Static("", id="history-calendar")
                    yield Static("", id="history-streak")
                    yield Static("", id="history-streak-short")
                yield DataTable(id="history-sessions", cursor_type="row", zebra_stripes=True)
                yield Vertical(id="history-sparks")
                yield Vertical(id="history-chart-box")
        yield Footer(show_command_palette=False)

    def _title(self) -> str:
        if self.routine_id is None:
            return "History: every routine"
        return f"History: {self.routine_title or self.routine_id}"

    def on_mount(self) -> None:
        self.width = self.app.size.width
        self._table()
        self.load()

    def on_resize(self, event: events.Resize) -> None:
        narrow = self.width < NARROW_WIDTH
        self.width = event.size.width
        if narrow != (self.width < NARROW_WIDTH) or (narrow and self.routine_id is None):
            self._table()  # the other layout; or, every routine's, room for more of their ids

    def _table(self) -> None:
        """The sessions table, the newest first, in the layout of the screen's width."""
        table = self.query_one("#history-sessions", DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        sessions = self.loaded.sessions if self.loaded is not None else []
        every = self.routine_id is None
        if self.width >= NARROW_WIDTH:
            # One routine's history names it in the title: a column of its id would only
            # repeat it.
            table.add_columns("DATE", *(("ROUTINE",) if every else ()), *WIDE_HEADINGS)
            for s in reversed(sessions):
                row = session_row(s, self.tz)
                table.add_row(*(row if every else (row[0], *row[2:])))
        else:
            today = self._today()
            rows = [compact_row(s, today, self.tz) for s in reversed(sessions)]
            # Every routine's: each id under its date, the date column widened for it as far
            # as the other columns leave room (the body's and the table's scrollbars take a
            # column each).
            # Each column as wide as its widest cell, given: a label narrower than its cells
            # (TIME over 20:00) can otherwise keep the width it was first drawn at.
            widths = [
                max([cell_len(heading), *(cell_len(cells[i]) for cells in rows)])
                for i, heading in enumerate(COMPACT_HEADINGS, start=1)
            ]
            ids = [printable(s.routine_id) for s in reversed(sessions)] if every else []
            room = self.width - 2 - sum(w + 2 for w in widths) - 2
            width = max(SHORT_DATE, min(max(map(cell_len, ids), default=0), room))
            table.add_column("DATE", width=width)
            for heading, w in zip(COMPACT_HEADINGS, widths, strict=True):
                table.add_column(heading, width=w)
            for n, cells in enumerate(rows):
                when = f"{cells[0]}\n{fit(ids[n], width)}" if every else cells[0]
                table.add_row(when, *cells[1:], height=2 if every else 1)
        if sessions:
            table.move_cursor(row=min(cursor, len(sessions) - 1), animate=False)

    def _today(self) -> date:
        return self.today or datetime.now(self.tz).date()

    @work(thread=True, exclusive=True, group="history")
    def load(self) -> None:
        """Read the log off the event loop, then show it."""
        loaded = read_sessions(self.path, self.handle, self.routine_id)
        # Shown on the screen's own loop (show waits for the last reading's widgets to go).
        self.app.call_from_thread(self.call_later, self.show, loaded)

    async def show(self, loaded: Loaded) -> None:
        self.loaded = loaded
        sessions = loaded.sessions
        status = self.query_one("#history-status", Static)
        if loaded.problem is not None:
            status.update(literal(loaded.problem))
        elif not sessions:
            status.update(literal(f"No workouts logged yet (the log is kept in {loaded.path})."))
        else:
            status.display = False
        today = self._today()
        days = calendar(sessions, today, CALENDAR_WEEKS, self.tz)
        self.query_one("#history-calendar", Static).update(literal("\n".join(calendar_lines(days))))
        streak = streaks(sessions, today, self.tz)
        weeks = "week" if streak.current == 1 else "weeks"
        trained = sum(1 for s in sessions if s.trained)
        this_month = sum(
            1
            for s in sessions
            if s.trained and local_date(s.started_at, self.tz) > today - timedelta(days=30)
        )
        self.query_one("#history-streak", Static).update(
            literal(
                f"Streak: {streak.current} {weeks} in a row (longest {streak.longest})\n"
                f"Workouts: {trained} in all, {this_month} in the last 30 days"
            )
        )
        self.query_one("#history-streak-short", Static).update(
            literal(
                f"Streak: {streak.current} {weeks}\n(longest {streak.longest})\n"
                f"Workouts: {trained}\n({this_month} in 30 days)"
            )
        )
        self._table()
        await self._show_loads(sessions)

    async def _show_loads(self, sessions: Sequence[SessionRecord]) -> None:
        sparks = self.query_one("#history-sparks", Vertical)
        # What the last reading showed goes first: the new one mounts widgets of the same ids.
        await sparks.remove_children()
        names = {x.exercise_id: x.exercise_name for s in sessions for x in s.sets}
        series = exercise_series(sessions)
        widgets: list[Widget] = []
        charted: dict[str, list[Point]] = {}
        for exercise_id, points in series.items():
            points = points[-SPARK_POINTS:]
            name = printable(names.get(exercise_id, exercise_id))
            unit = points[-1].unit
            loads = [p.load for p in points if p.unit == unit and p.load is not None]
            values = loads if unit is not None and loads else [float(p.reps) for p in points]
            spark = Sparkline(values)
            # A bar per session, up to SPARK_POINTS: a line, not a few bars stretched wide.
            spark.styles.width = max(len(values), 2)
            name_line = Static(literal(load_line(name, points)), classes="spark-name")
            # The line first: narrow, it goes above the sparkline; wider, the sparkline is
            # docked at its left.
            widgets.append(Horizontal(name_line, spark, classes="spark-row"))
            if unit in ("kg", "lb") and loads:
                charted[name] = points
        if widgets:
            # Two headings, the breakpoint shows one: the long one would wrap at 40 columns.
            long = Static(
                literal("Load per session (reps for body weight):"),
                classes="history-loads history-loads-long",
            )
            short = Static(
                literal("Load per session (or reps):"), classes="history-loads history-loads-short"
            )
            sparks.mount(long, short, *widgets)
        await self._show_chart(charted)

    async def _show_chart(self, charted: dict[str, list[Point]]) -> None:
        box = self.query_one("#history-chart-box", Vertical)
        await box.remove_children()
        # One axis, one unit: the weights in the unit most of them use (bands have levels, not
        # weights, and stay sparklines).
        units: list[str | None] = [points[-1].unit for points in charted.values()]
        unit = "kg" if units.count("kg") >= units.count("lb") else "lb"
        charted = {name: ps for name, ps in charted.items() if ps[-1].unit == unit}
        if not charted:
            return
        # Only now: the chart's library is loaded when there is a chart to draw.
        from textual_plotext import PlotextPlot

        plot = PlotextPlot(id="history-chart")
        box.mount(plot)
        plt = plot.plt
        plt.clear_figure()
        plt.title(f"Load over time ({unit})")
        labels: dict[int, str] = {}
        ordinal = {
            d: n
            for n, d in enumerate(sorted({p.started_at for ps in charted.values() for p in ps}))
        }
        for name, points in charted.items():
            xs = [ordinal[p.started_at] for p in points if p.unit == unit and p.load is not None]
            ys = [p.load for p in points if p.unit == unit and p.load is not None]
            plt.plot(xs, ys, label=name, marker="braille")
            for p in points:
                labels[ordinal[p.started_at]] = f"{local_date(p.started_at, self.tz):%d %b}"
        ticks = [float(t) for t in sorted(labels)]
        if len(ticks) > 6:
            ticks = ticks[:: max(1, len(ticks) // 6)]
        plt.xticks(ticks, [labels[int(t)] for t in ticks])

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "all_routines":
            return self.routine_id is not None
        return True

    def action_all_routines(self) -> None:
        if self.routine_id is not None:
            self.routine_id = None
            self.query_one("#history-title", Static).update(literal(self._title()))
            self._table()
            self.refresh_bindings()
            self.load()

    def action_back(self) -> None:
        self.app.pop_screen()
