"""The log's commands: ``history``, ``export`` and ``import``, ready for the command line.

Each takes plain values and the streams to write to, and returns an exit code; errors are one
line on ``err``. Text from the log (titles, names) reaches a terminal only through ``printable``.
``backtimer.cli.log_commands`` wires them into the command line.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime, time, tzinfo
from pathlib import Path
from typing import Any, TextIO

from backtimer.core.fmt import duration, printable
from backtimer.log.db import Log, open_log
from backtimer.log.exchange import (
    ExchangeError,
    Format,
    export_text,
    import_text,
    session_json,
)
from backtimer.log.location import default_path
from backtimer.log.progression import format_load
from backtimer.log.queries import Point, calendar, exercise_series, local_date, streaks
from backtimer.log.records import LogError, SessionRecord
from backtimer.log.words import ending

EXIT_OK = 0
EXIT_FAILED = 1

_BARS = "▁▂▃▄▅▆▇█"
_SPARK_POINTS = 30  # the last sessions a text chart shows
_CALENDAR_WEEKS = 8


def _say(err: TextIO, message: str) -> None:
    print(printable(f"backtimer: {message}"), file=err)


def _emit(out: TextIO, text: str) -> None:
    """Data for scripts: as it is into a pipe or a file; onto a terminal, made printable."""
    if out.isatty():
        text = printable(text.replace("\r\n", "\n"))
    out.write(text)


def _open_existing(path: Path | None) -> Log | None:
    """The log if its file exists: reading commands never create one."""
    path = default_path() if path is None else path
    if not path.exists():
        return None
    return open_log(path)


def sparkline(values: Sequence[float | None]) -> str:
    """Values as a line of block characters, lowest to highest; a missing value is a space."""
    known = [v for v in values if v is not None]
    if not known:
        return ""
    low, high = min(known), max(known)
    span = high - low
    return "".join(
        " "
        if v is None
        else _BARS[-1]
        if span == 0
        else _BARS[round((v - low) / span * (len(_BARS) - 1))]
        for v in values
    )


def since_datetime(since: date, tz: tzinfo | None = None) -> datetime:
    """Midnight at the start of ``since`` where the user is (``tz``; None: the system's zone)."""
    if tz is not None:
        return datetime.combine(since, time(), tzinfo=tz)
    return datetime.combine(since, time()).astimezone()


# -- history ---------------------------------------------------------------------------------


def _table(sessions: Sequence[SessionRecord], tz: tzinfo | None) -> list[str]:
    header = ("DATE", "ROUTINE", "DURATION", "STATUS", "ROUNDS")
    rows = [
        (
            s.started_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
            s.routine_id,
            duration(s.duration),
            ending(s),
            f"{s.rounds_done}/{s.rounds_planned}",
        )
        for s in sessions
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    return [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    ]


def _chart_lines(name: str, points: Sequence[Point]) -> list[str]:
    points = points[-_SPARK_POINTS:]
    last = points[-1]
    lines = [f"  {name}"]
    if any(p.load is not None for p in points) and last.unit is not None:
        loads = [p.load if p.unit == last.unit else None for p in points]
        shown = format_load(last.load, last.unit) if last.load is not None else "-"
        lines.append(f"    load    {sparkline(loads)}  last {shown}")
    if any(p.volume is not None for p in points) and last.unit in ("kg", "lb"):
        volumes = [p.volume if p.unit == last.unit else None for p in points]
        shown = format_load(last.volume, last.unit) if last.volume is not None else "-"
        lines.append(f"    volume  {sparkline(volumes)}  last {shown}")
    lines.append(f"    reps    {sparkline([float(p.reps) for p in points])}  last {last.reps}")
    return lines


def _history_text(sessions: Sequence[SessionRecord], today: date, tz: tzinfo | None) -> list[str]:
    lines = _table(sessions, tz)
    streak = streaks(sessions, today, tz)
    weeks = "week" if streak.current == 1 else "weeks"
    lines += ["", f"Streak: {streak.current} {weeks} in a row (longest {streak.longest})"]
    days = calendar(sessions, today, _CALENDAR_WEEKS, tz)
    strip = " ".join(
        "".join("#" if n else "." for _, n in days[i : i + 7]) for i in range(0, len(days), 7)
    )
    lines.append(f"Last {_CALENDAR_WEEKS} weeks (Mon-Sun, # a day with a workout): {strip}")
    by_routine: dict[str, list[SessionRecord]] = {}
    for s in sessions:
        by_routine.setdefault(s.routine_id, []).append(s)
    for routine_id, group in by_routine.items():
        series = exercise_series(group)
        if not series:
            continue
        lines += ["", f"{routine_id}: {group[-1].title}"]
        names = {x.exercise_id: x.exercise_name for s in group for x in s.sets}
        for exercise_id, points in series.items():
            lines += _chart_lines(names[exercise_id], points)
    return lines


def _history_json(
    path: Path, sessions: Sequence[SessionRecord], today: date, tz: tzinfo | None
) -> dict[str, Any]:
    streak = streaks(sessions, today, tz)
    return {
        "log": str(path),
        "sessions": [
            {
                **session_json(s),
                "date": local_date(s.started_at, tz).isoformat(),
                "duration_seconds": s.duration,
            }
            for s in sessions
        ],
        "streak_weeks": {"current": streak.current, "longest": streak.longest},
    }


def history(
    routine: str | None,
    *,
    as_json: bool,
    out: TextIO,
    err: TextIO,
    path: Path | None = None,
    today: date | None = None,
    tz: tzinfo | None = None,
) -> int:
    """``backtimer history [ROUTINE] [--json]``: the sessions, streak, calendar and charts."""
    today = today if today is not None else datetime.now(tz).date()
    try:
        log = _open_existing(path)
        if log is None:
            sessions: list[SessionRecord] = []
            known: list[str] = []
        else:
            with log:
                sessions = log.sessions(routine)
                known = log.routine_ids() if routine is not None and not sessions else []
    except LogError as exc:
        _say(err, str(exc))
        return EXIT_FAILED
    if routine is not None and not sessions:
        logged = f" (logged: {', '.join(known)})" if known else ""
        _say(err, f"no sessions of '{routine}' in the training log{logged}")
        return EXIT_FAILED
    if as_json:
        data = _history_json(path or default_path(), sessions, today, tz)
        _emit(out, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    if not sessions:
        print(
            printable(f"No workouts logged yet (the log is kept in {path or default_path()})."),
            file=out,
        )
        return EXIT_OK
    print(printable("\n".join(_history_text(sessions, today, tz))), file=out)
    return EXIT_OK


# -- export and import -----------------------------------------------------------------------


def export(
    fmt: Format,
    *,
    since: date | None = None,
    output: Path | None = None,
    out: TextIO,
    err: TextIO,
    path: Path | None = None,
    tz: tzinfo | None = None,
) -> int:
    """``backtimer export --format csv|json|strong [--since DATE] [-o FILE]``."""
    try:
        log = _open_existing(path)
        sessions: list[SessionRecord] = []
        if log is not None:
            with log:
                start = None if since is None else since_datetime(since, tz)
                sessions = log.sessions(since=start)
    except LogError as exc:
        _say(err, str(exc))
        return EXIT_FAILED
    text = export_text(sessions, fmt)
    if output is None:
        _emit(out, text)
        return EXIT_OK
    from backtimer.settings.atomic import write_text

    try:
        write_text(output, text)
    except OSError as exc:
        _say(err, f"cannot write {output}: {exc.strerror or exc}")
        return EXIT_FAILED
    print(printable(f"Exported {len(sessions)} sessions to {output}."), file=out)
    return EXIT_OK


def import_file(file: Path, *, out: TextIO, err: TextIO, path: Path | None = None) -> int:
    """``backtimer import FILE``: add the sessions of an export, skipping those already there."""
    try:
        text = file.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        _say(err, f"cannot read {file}: {exc.strerror or exc}")
        return EXIT_FAILED
    except UnicodeDecodeError:
        _say(err, f"{file}: not UTF-8 text")
        return EXIT_FAILED
    try:
        records = import_text(text)
    except ExchangeError as exc:
        _say(err, f"{file}: {exc}")
        return EXIT_FAILED
    try:
        with open_log(path) as log:
            added, present = log.add_sessions(records)
    except (LogError, ValueError) as exc:
        _say(err, f"{file}: {exc}" if isinstance(exc, ValueError) else str(exc))
        return EXIT_FAILED
    already = f" ({present} already in the log)" if present else ""
    print(printable(f"Imported {added} sessions from {file}{already}."), file=out)
    return EXIT_OK
