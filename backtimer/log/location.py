"""Where the training log is kept: known without loading the database code (the command line
needs the path of the log, not the log, to start a screen)."""

from __future__ import annotations

import os
from pathlib import Path

FILE_NAME = "log.sqlite3"


def default_path() -> Path:
    """The log file: in the platform's user data folder (``BACKTIMER_DATA_DIR`` overrides it)."""
    override = os.environ.get("BACKTIMER_DATA_DIR")
    if override:
        return Path(override) / FILE_NAME
    from platformdirs import user_data_path

    return user_data_path("backtimer", appauthor=False) / FILE_NAME
