"""The training log: every workout recorded set by set in SQLite, and what it says afterwards
(last time, progression advice, history, export and import).

The screens and the command line use only what is named here.
"""

from __future__ import annotations

from backtimer.log.capture import content_hash, hold_uses, start_recording
from backtimer.log.db import Log, Recording, default_path, open_log
from backtimer.log.exchange import FORMATS, ExchangeError, Format, export_text, import_text
from backtimer.log.progression import (
    STEPS,
    Advice,
    ProgressionRule,
    advise,
    advise_exercise,
    format_load,
    rules_for,
    unit_for,
)
from backtimer.log.queries import (
    LastTime,
    Point,
    Streaks,
    calendar,
    exercise_series,
    last_time,
    streaks,
)
from backtimer.log.recorder import Block, WorkoutRecorder
from backtimer.log.records import (
    Effort,
    Ending,
    HoldUse,
    LogError,
    SessionRecord,
    SetRecord,
    Status,
    Unit,
)
from backtimer.log.writer import InlineWriter, LogHandle, ThreadWriter

__all__ = [
    "FORMATS",
    "STEPS",
    "Advice",
    "Block",
    "Effort",
    "Ending",
    "ExchangeError",
    "Format",
    "HoldUse",
    "InlineWriter",
    "LastTime",
    "Log",
    "LogError",
    "LogHandle",
    "Point",
    "ProgressionRule",
    "Recording",
    "SessionRecord",
    "SetRecord",
    "Status",
    "Streaks",
    "ThreadWriter",
    "Unit",
    "WorkoutRecorder",
    "advise",
    "advise_exercise",
    "calendar",
    "content_hash",
    "default_path",
    "exercise_series",
    "export_text",
    "format_load",
    "hold_uses",
    "import_text",
    "last_time",
    "open_log",
    "rules_for",
    "start_recording",
    "streaks",
    "unit_for",
]
