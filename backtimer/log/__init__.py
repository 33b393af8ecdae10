"""The training log: every workout recorded set by set in SQLite, and what it says afterwards
(last time, progression advice, history, export and import).

The screens and the command line use only what is named here. Each name is imported from its
module on first use, so a screen that needs the recorder does not load the export formats.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from backtimer.core.model import content_hash
    from backtimer.log.capture import hold_uses, start_recording
    from backtimer.log.db import Log, Recording, open_log
    from backtimer.log.exchange import FORMATS, ExchangeError, Format, export_text, import_text
    from backtimer.log.location import default_path
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

# Where each name above lives.
_MODULES: dict[str, str] = {
    "Advice": "backtimer.log.progression",
    "Block": "backtimer.log.recorder",
    "Effort": "backtimer.log.records",
    "Ending": "backtimer.log.records",
    "ExchangeError": "backtimer.log.exchange",
    "FORMATS": "backtimer.log.exchange",
    "Format": "backtimer.log.exchange",
    "HoldUse": "backtimer.log.records",
    "InlineWriter": "backtimer.log.writer",
    "LastTime": "backtimer.log.queries",
    "Log": "backtimer.log.db",
    "LogError": "backtimer.log.records",
    "LogHandle": "backtimer.log.writer",
    "Point": "backtimer.log.queries",
    "ProgressionRule": "backtimer.log.progression",
    "Recording": "backtimer.log.db",
    "STEPS": "backtimer.log.progression",
    "SessionRecord": "backtimer.log.records",
    "SetRecord": "backtimer.log.records",
    "Status": "backtimer.log.records",
    "Streaks": "backtimer.log.queries",
    "ThreadWriter": "backtimer.log.writer",
    "Unit": "backtimer.log.records",
    "WorkoutRecorder": "backtimer.log.recorder",
    "advise": "backtimer.log.progression",
    "advise_exercise": "backtimer.log.progression",
    "calendar": "backtimer.log.queries",
    "content_hash": "backtimer.core.model",
    "default_path": "backtimer.log.location",
    "exercise_series": "backtimer.log.queries",
    "export_text": "backtimer.log.exchange",
    "format_load": "backtimer.log.progression",
    "hold_uses": "backtimer.log.capture",
    "import_text": "backtimer.log.exchange",
    "last_time": "backtimer.log.queries",
    "open_log": "backtimer.log.db",
    "rules_for": "backtimer.log.progression",
    "start_recording": "backtimer.log.capture",
    "streaks": "backtimer.log.queries",
    "unit_for": "backtimer.log.progression",
}


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # found once, then an ordinary attribute
    return value
