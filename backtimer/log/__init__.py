"""The training log: every workout recorded set by set in SQLite, and what it says afterwards
(last time, progression advice, history, export and import).

The screens and the command line use only what is named here.
"""

from __future__ import annotations

from backtimer.log.db import Log, Recording, default_path, open_log
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

__all__ = [
    "Effort",
    "Ending",
    "HoldUse",
    "Log",
    "LogError",
    "Recording",
    "SessionRecord",
    "SetRecord",
    "Status",
    "Unit",
    "default_path",
    "open_log",
]
