"""Export and import of the log: plain CSV, JSON, and the Strong app's CSV.

All three carry everything the log holds about a session, so exporting, importing into an empty
log and exporting again gives the same bytes. Plain CSV is one row per set with the session's
columns repeated (a session with no sets has one row with the set columns empty); JSON nests sets
in sessions. Strong's CSV has a row per set and no place for our extra fields, so they travel as
``key=value`` words in its Notes (per set) and Workout Notes (per session) columns; a session
with no sets has no row there. Strong files from elsewhere import too: without those words, a
workout becomes a completed session of the routine named after it.

Times are UTC throughout, to the second, Strong's Date column included.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final, Literal, cast, get_args
from urllib.parse import quote, unquote

from backtimer.core.model import slugify
from backtimer.log.records import (
    EFFORTS,
    STATUSES,
    UNITS,
    Effort,
    HoldUse,
    SessionRecord,
    SetRecord,
    Status,
    Unit,
    check_load,
    parse_timestamp,
    timestamp,
    utc_seconds,
)

Format = Literal["csv", "json", "strong"]
FORMATS: Final[tuple[Format, ...]] = get_args(Format)
JSON_FORMAT = "backtimer-log"
JSON_VERSION = 1

CSV_COLUMNS = (
    "routine_id",
    "title",
    "content_hash",
    "started_at",
    "ended_at",
    "status",
    "rounds_planned",
    "rounds_done",
    "exercises",
    "count_seconds",
    "exercise_id",
    "exercise_name",
    "round",
    "position",
    "reps_planned",
    "reps_done",
    "skipped",
    "load",
    "unit",
    "effort",
    "done_at",
    "holds",
)
_SESSION_COLUMNS = CSV_COLUMNS[:10]
STRONG_COLUMNS = (
    "Date",
    "Workout Name",
    "Exercise Name",
    "Set Order",
    "Weight",
    "Weight Unit",
    "Reps",
    "RPE",
    "Distance",
    "Distance Unit",
    "Seconds",
    "Notes",
    "Workout Notes",
)
# Effort as Strong's RPE (rate of perceived exertion, 1 to 10), and back by the nearest band.
_RPE: dict[Effort, str] = {"easy": "6", "ok": "8", "hard": "9"}
_STRONG_DATE = "%Y-%m-%d %H:%M:%S"


class ExchangeError(ValueError):
    """A file to import is not one of the formats, or a value in it is wrong (says where)."""


# -- writing ---------------------------------------------------------------------------------


def _num(value: float) -> str:
    """A number as exact text without a needless '.0': 40, 42.5, 0.2."""
    return repr(float(value)).removesuffix(".0")


def _holds_text(holds: Sequence[HoldUse]) -> str:
    return ",".join(f"{h.phase}:{_num(h.planned)}/{_num(h.actual)}" for h in holds)


def _session_json(s: SessionRecord) -> dict[str, Any]:
    return {
        "routine": s.routine_id,
        "title": s.title,
        "content_hash": s.content_hash,
        "started_at": timestamp(s.started_at),
        "ended_at": None if s.ended_at is None else timestamp(s.ended_at),
        "status": s.status,
        "rounds_planned": s.rounds_planned,
        "rounds_done": s.rounds_done,
        "exercises": s.exercises,
        "count_seconds": s.count_seconds,
        "sets": [
            {
                "exercise": x.exercise_id,
                "name": x.exercise_name,
                "round": x.round,
                "position": x.position,
                "reps_planned": x.reps_planned,
                "reps_done": x.reps_done,
                "skipped": x.skipped,
                "load": x.load,
                "unit": x.unit,
                "effort": x.effort,
                "done_at": timestamp(x.done_at),
                "holds": [
                    {"phase": h.phase, "planned": h.planned, "actual": h.actual} for h in x.holds
                ],
            }
            for x in s.sets
        ],
    }


def session_json(s: SessionRecord) -> dict[str, Any]:
    """A session as the JSON export writes it (also used by ``history --json``)."""
    return _session_json(s)


def _session_cells(s: SessionRecord) -> list[str]:
    return [
        s.routine_id,
        s.title,
        s.content_hash,
        timestamp(s.started_at),
        "" if s.ended_at is None else timestamp(s.ended_at),
        s.status,
        str(s.rounds_planned),
        str(s.rounds_done),
        str(s.exercises),
        _num(s.count_seconds),
    ]


def _write_csv(sessions: Iterable[SessionRecord]) -> str:
    out = io.StringIO()
    # CRLF, as RFC 4180 has it; it also makes the writer quote a field with a lone CR in it,
    # which it would otherwise leave bare for a reader to take as the end of the row.
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for s in sessions:
        head = _session_cells(s)
        if not s.sets:
            writer.writerow(head + [""] * (len(CSV_COLUMNS) - len(head)))
        for x in s.sets:
            writer.writerow(
                [
                    *head,
                    x.exercise_id,
                    x.exercise_name,
                    str(x.round),
                    str(x.position),
                    str(x.reps_planned),
                    str(x.reps_done),
                    "1" if x.skipped else "0",
                    "" if x.load is None else _num(x.load),
                    x.unit or "",
                    x.effort or "",
                    timestamp(x.done_at),
                    _holds_text(x.holds),
                ]
            )
    return out.getvalue()


_PLAIN = re.compile(r"[A-Za-z0-9\-._~:/,]*")


def _words(pairs: Iterable[tuple[str, str]]) -> str:
    # Percent-quoted, so a value never holds the space or '=' that separate the words (most
    # values need none: skipping quote() halves the time of a large export).
    return " ".join(
        f"{k}={v if _PLAIN.fullmatch(v) else quote(v, safe='-._~:/,')}" for k, v in pairs
    )


def _write_strong(sessions: Iterable[SessionRecord]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")  # see _write_csv
    writer.writerow(STRONG_COLUMNS)
    for s in sessions:
        session_words = [
            ("routine", s.routine_id),
            ("hash", s.content_hash),
            ("status", s.status),
            ("rounds", f"{s.rounds_done}/{s.rounds_planned}"),
            ("exercises", str(s.exercises)),
            ("count", _num(s.count_seconds)),
        ]
        if s.ended_at is not None:
            session_words.append(("end", timestamp(s.ended_at)))
        workout_notes = _words(session_words)
        date = utc_seconds(s.started_at).isoformat(" ")[:19]  # as _STRONG_DATE, faster
        for x in s.sets:
            set_words = [
                ("exercise", x.exercise_id),
                ("position", str(x.position)),
                ("target", str(x.reps_planned)),
                ("done", timestamp(x.done_at)),
            ]
            if x.skipped:
                set_words.append(("skipped", "1"))
            if x.unit == "band" and x.load is not None:
                set_words.append(("band", _num(x.load)))
            if x.holds:
                set_words.append(("holds", _holds_text(x.holds)))
            weighed = x.unit in ("kg", "lb") and x.load is not None
            writer.writerow(
                [
                    date,
                    s.title,
                    x.exercise_name,
                    str(x.round),
                    _num(x.load) if weighed and x.load is not None else "",
                    {"kg": "kg", "lb": "lbs"}.get(x.unit or "", "") if weighed else "",
                    str(x.reps_done),
                    _RPE[x.effort] if x.effort is not None else "",
                    "",
                    "",
                    "0",
                    _words(set_words),
                    workout_notes,
                ]
            )
    return out.getvalue()


def export_text(sessions: Iterable[SessionRecord], fmt: Format) -> str:
    """The sessions (oldest first) as the text of an export file in ``fmt``."""
    if fmt == "json":
        data = {
            "format": JSON_FORMAT,
            "version": JSON_VERSION,
            "sessions": [_session_json(s) for s in sessions],
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return _write_csv(sessions)
    if fmt == "strong":
        return _write_strong(sessions)
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")


# -- reading ---------------------------------------------------------------------------------


@dataclass
class _Where:
    """Where a value came from, for error messages: 'line 4, column effort'."""

    line: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        parts = []
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.column is not None:
            parts.append(f"'{self.column}'")
        return ", ".join(parts)


def _fail(where: _Where, message: str) -> ExchangeError:
    return ExchangeError(f"{where}: {message}" if str(where) else message)


def _int(text: Any, where: _Where, *, low: int = 0) -> int:
    if isinstance(text, bool):
        raise _fail(where, f"expected a whole number, not {text!r}")
    try:
        value = int(text)
    except (TypeError, ValueError):
        raise _fail(where, f"expected a whole number, not {text!r}") from None
    if isinstance(text, float) and value != text:
        raise _fail(where, f"expected a whole number, not {text!r}")
    if value < low:
        raise _fail(where, f"expected {low} or more, not {value}")
    return value


def _float(text: Any, where: _Where) -> float:
    if isinstance(text, bool):
        raise _fail(where, f"expected a number, not {text!r}")
    try:
        value = float(text.replace(",", ".") if isinstance(text, str) else text)
    except (TypeError, ValueError):
        raise _fail(where, f"expected a number, not {text!r}") from None
    if not math.isfinite(value):
        raise _fail(where, f"expected a number, not {text!r}")
    return value


def _time(text: Any, where: _Where) -> datetime:
    if not isinstance(text, str):
        raise _fail(where, f"expected a time, not {text!r}")
    try:
        return parse_timestamp(text)
    except ValueError:
        raise _fail(where, f"expected a UTC time like 2024-05-01T18:03:00Z, not {text!r}") from None


def _choice(text: Any, options: Sequence[str], where: _Where, *, empty: bool) -> str | None:
    if empty and text in ("", None):
        return None
    if text not in options:
        raise _fail(where, f"expected one of {', '.join(options)}, not {text!r}")
    return cast(str, text)


def _str(value: Any, where: _Where) -> str:
    if not isinstance(value, str):
        raise _fail(where, f"expected text, not {value!r}")
    return value


def _holds(text: str, where: _Where) -> tuple[HoldUse, ...]:
    holds = []
    for word in filter(None, text.split(",")):
        phase, _, counts = word.partition(":")
        planned, _, actual = counts.partition("/")
        if not _ or not actual:
            raise _fail(where, f"expected holds like 1:2/3, not {text!r}")
        holds.append(HoldUse(_int(phase, where), _float(planned, where), _float(actual, where)))
    return tuple(holds)


def _set(
    where: _Where,
    get: Callable[[str], Any],
    *,
    holds: tuple[HoldUse, ...],
) -> SetRecord:
    def at(column: str) -> _Where:
        return _Where(where.line, column)

    load_text = get("load")
    load = None if load_text in ("", None) else _float(load_text, at("load"))
    unit = cast(Unit | None, _choice(get("unit"), UNITS, at("unit"), empty=True))
    effort = cast(Effort | None, _choice(get("effort"), EFFORTS, at("effort"), empty=True))
    try:
        check_load(load, unit)
    except ValueError as exc:
        raise _fail(at("load"), str(exc)) from None
    skipped = get("skipped")
    if skipped not in (True, False, "0", "1"):
        raise _fail(at("skipped"), f"expected 0 or 1, not {skipped!r}")
    return SetRecord(
        exercise_id=_str(get("exercise_id"), at("exercise_id")),
        exercise_name=_str(get("exercise_name"), at("exercise_name")),
        round=_int(get("round"), at("round"), low=1),
        position=_int(get("position"), at("position")),
        reps_planned=_int(get("reps_planned"), at("reps_planned")),
        reps_done=_int(get("reps_done"), at("reps_done")),
        done_at=_time(get("done_at"), at("done_at")),
        holds=holds,
        skipped=skipped in (True, "1"),
        load=load,
        unit=unit,
        effort=effort,
    )


def _session(where: _Where, get: Callable[[str], Any], sets: Sequence[SetRecord]) -> SessionRecord:
    def at(column: str) -> _Where:
        return _Where(where.line, column)

    ended = get("ended_at")
    count = _float(get("count_seconds"), at("count_seconds"))
    if count <= 0:
        raise _fail(at("count_seconds"), "expected more than 0")
    return SessionRecord(
        routine_id=_str(get("routine_id"), at("routine_id")),
        title=_str(get("title"), at("title")),
        content_hash=_str(get("content_hash"), at("content_hash")),
        started_at=_time(get("started_at"), at("started_at")),
        ended_at=None if ended in ("", None) else _time(ended, at("ended_at")),
        status=cast(Status, _choice(get("status"), STATUSES, at("status"), empty=False)),
        rounds_planned=_int(get("rounds_planned"), at("rounds_planned"), low=1),
        rounds_done=_int(get("rounds_done"), at("rounds_done")),
        exercises=_int(get("exercises"), at("exercises"), low=1),
        count_seconds=count,
        sets=tuple(sets),
    )


def _check_unique(session: SessionRecord, where: _Where) -> None:
    seen: set[tuple[str, int]] = set()
    for s in session.sets:
        if (s.exercise_id, s.round) in seen:
            raise _fail(where, f"'{s.exercise_id}' appears twice in round {s.round}")
        seen.add((s.exercise_id, s.round))
        if len({h.phase for h in s.holds}) != len(s.holds):
            raise _fail(where, f"a hold of '{s.exercise_id}' appears twice")


def _read_json(text: str) -> list[SessionRecord]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ExchangeError(f"line {exc.lineno}: not valid JSON ({exc.msg})") from None
    if not isinstance(data, dict) or data.get("format") != JSON_FORMAT:
        raise ExchangeError(f'not a backtimer log export (no "format": "{JSON_FORMAT}")')
    if data.get("version") != JSON_VERSION:
        raise ExchangeError(f"export version {data.get('version')!r}; this backtimer reads 1")
    sessions = data.get("sessions")
    if not isinstance(sessions, list):
        raise ExchangeError("'sessions' is not a list")
    result = []
    names = {"routine_id": "routine", "exercise_id": "exercise", "exercise_name": "name"}
    for i, item in enumerate(sessions):
        where = _Where(column=None)
        if not isinstance(item, dict) or not isinstance(item.get("sets", []), list):
            raise ExchangeError(f"session {i + 1}: expected an object with a list of sets")
        sets = []
        for j, x in enumerate(item.get("sets", [])):
            place = f"session {i + 1}, set {j + 1}"
            if not isinstance(x, dict) or not isinstance(x.get("holds", []), list):
                raise ExchangeError(f"{place}: expected an object with a list of holds")
            try:
                holds = tuple(
                    HoldUse(
                        _int(h["phase"], where),
                        _float(h["planned"], where),
                        _float(h["actual"], where),
                    )
                    for h in x.get("holds", [])
                )

                def get_set(key: str, x: dict[str, Any] = x) -> Any:
                    return x.get(names.get(key, key), "")

                sets.append(_set(where, get_set, holds=holds))
            except (ExchangeError, KeyError, TypeError) as exc:
                raise ExchangeError(f"{place}: {exc}") from None

        def get(key: str, item: dict[str, Any] = item) -> Any:
            return item.get(names.get(key, key), "")

        try:
            session = _session(where, get, sets)
            _check_unique(session, where)
        except ExchangeError as exc:
            raise ExchangeError(f"session {i + 1}: {exc}") from None
        result.append(session)
    return result


def _read_csv(text: str) -> list[SessionRecord]:
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None or tuple(header) != CSV_COLUMNS:
        raise ExchangeError("line 1: not a backtimer log CSV (the header differs)")
    groups: dict[tuple[str, ...], tuple[int, list[SetRecord], dict[str, str]]] = {}
    for row in reader:
        line = reader.line_num
        if len(row) != len(CSV_COLUMNS):
            raise ExchangeError(f"line {line}: {len(row)} columns, expected {len(CSV_COLUMNS)}")
        cells = dict(zip(CSV_COLUMNS, row, strict=True))
        key = tuple(row[: len(_SESSION_COLUMNS)])
        _, sets, _ = groups.setdefault(key, (line, [], cells))
        if cells["exercise_id"] == "" and cells["done_at"] == "":
            continue  # the row of a session with no sets
        where = _Where(line)
        sets.append(
            _set(
                where,
                cells.__getitem__,
                holds=_holds(cells["holds"], _Where(line, "holds")),
            )
        )
    result = []
    for first_line, sets, cells in groups.values():
        where = _Where(first_line)
        session = _session(where, cells.__getitem__, sets)
        _check_unique(session, where)
        result.append(session)
    return result


def _parse_words(text: str) -> dict[str, str]:
    words: dict[str, str] = {}
    for word in text.split():
        key, eq, value = word.partition("=")
        if eq:
            words[key] = unquote(value)
    return words


def _strong_date(text: str, where: _Where) -> datetime:
    try:
        return datetime.strptime(text.strip(), _STRONG_DATE).replace(tzinfo=UTC)
    except ValueError:
        pass
    try:
        return parse_timestamp(text)
    except ValueError:
        raise _fail(where, f"expected a date like 2024-05-01 18:03:00, not {text!r}") from None


def _effort_of_rpe(text: str, where: _Where) -> Effort | None:
    if text.strip() == "":
        return None
    rpe = _float(text, where)
    return "easy" if rpe <= 7 else "ok" if rpe <= 8.5 else "hard"


def _read_strong(text: str) -> list[SessionRecord]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    header = next(reader, None)
    if header is None or "Workout Name" not in header:
        raise ExchangeError("line 1: not a Strong CSV (no 'Workout Name' column)")
    missing = [
        c for c in ("Date", "Workout Name", "Exercise Name", "Set Order", "Reps") if c not in header
    ]
    if missing:
        raise ExchangeError(f"line 1: the Strong CSV has no {', '.join(repr(c) for c in missing)}")

    @dataclass
    class Group:
        line: int
        start: datetime
        title: str
        words: dict[str, str]
        sets: list[SetRecord]
        order: dict[str, int]  # exercise id -> position, for files from elsewhere

    groups: dict[tuple[str, str, str], Group] = {}
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        cells = dict(zip(header, row, strict=False))

        def cell(name: str, cells: dict[str, str] = cells) -> str:
            return cells.get(name) or ""

        set_order = cell("Set Order").strip()
        if not set_order.isdigit():
            continue  # Strong's warm-up, drop-set and rest-timer rows: not sets of ours
        words = _parse_words(cell("Workout Notes"))
        ours = "routine" in words
        title = cell("Workout Name")
        routine_id = words.get("routine") or slugify(title)
        key = (cell("Date"), routine_id, title)
        group = groups.get(key)
        if group is None:
            start = _strong_date(cell("Date"), _Where(line, "Date"))
            group = groups[key] = Group(line, start, title, words if ours else {}, [], {})
        set_words = _parse_words(cell("Notes"))
        name = cell("Exercise Name")
        exercise_id = set_words.get("exercise") or slugify(name)
        weight = cell("Weight").strip()
        unit_text = cell("Weight Unit").strip().lower()
        load: float | None = None
        unit: Unit | None = None
        if "band" in set_words:
            load, unit = _float(set_words["band"], _Where(line, "Notes")), "band"
        elif weight:
            load = _float(weight, _Where(line, "Weight"))
            unit = "lb" if unit_text in ("lb", "lbs") else "kg"
        reps = _int(cell("Reps").strip() or "0", _Where(line, "Reps"))
        rnd = _int(set_order, _Where(line, "Set Order"), low=1)
        if not ours:
            # Strong numbers sets per exercise; the same exercise twice in a workout goes on.
            while any(s.exercise_id == exercise_id and s.round == rnd for s in group.sets):
                rnd += 1
        position = group.order.setdefault(exercise_id, len(group.order))
        group.sets.append(
            SetRecord(
                exercise_id=exercise_id,
                exercise_name=name,
                round=rnd,
                position=_int(set_words["position"], _Where(line, "Notes"))
                if "position" in set_words
                else position,
                reps_planned=_int(set_words["target"], _Where(line, "Notes"))
                if "target" in set_words
                else reps,
                reps_done=reps,
                done_at=_time(set_words["done"], _Where(line, "Notes"))
                if "done" in set_words
                else group.start,
                holds=_holds(set_words.get("holds", ""), _Where(line, "Notes")),
                skipped=set_words.get("skipped") == "1",
                load=load,
                unit=unit,
                effort=_effort_of_rpe(cell("RPE"), _Where(line, "RPE")),
            )
        )
    result = []
    for (_, routine_id, _), g in groups.items():
        where = _Where(g.line, "Workout Notes")
        w = g.words
        if w:
            done, _, planned = w.get("rounds", "").partition("/")
            values: dict[str, Any] = {
                "routine_id": routine_id,
                "title": g.title,
                "content_hash": w.get("hash", ""),
                "started_at": timestamp(g.start),
                "ended_at": w.get("end", ""),
                "status": w.get("status", ""),
                "rounds_planned": planned,
                "rounds_done": done,
                "exercises": w.get("exercises", ""),
                "count_seconds": w.get("count", ""),
            }
        else:
            rounds = max((s.round for s in g.sets), default=1)
            values = {
                "routine_id": routine_id,
                "title": g.title,
                "content_hash": "",
                "started_at": timestamp(g.start),
                "ended_at": "",
                "status": "completed",
                "rounds_planned": rounds,
                "rounds_done": rounds,
                "exercises": max(len(g.order), 1),
                "count_seconds": 1.0,
            }
        session = _session(where, values.__getitem__, g.sets)
        _check_unique(session, where)
        result.append(session)
    return result


def detect(text: str) -> Format:
    """Which format an export's text is in, from its first line."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith("{"):
        return "json"
    first = stripped.split("\n", 1)[0]
    if "Workout Name" in first:
        return "strong"
    if first.rstrip("\r").startswith("routine_id,"):
        return "csv"
    raise ExchangeError("line 1: not a backtimer export (CSV or JSON) or a Strong CSV")


def import_text(text: str) -> list[SessionRecord]:
    """The sessions in an export file's text (any of the formats); raises ExchangeError."""
    text = text.removeprefix("\ufeff")
    fmt = detect(text)
    if fmt == "json":
        return _read_json(text)
    if fmt == "csv":
        return _read_csv(text)
    return _read_strong(text)
