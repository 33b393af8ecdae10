"""Plain-text formatting shared by the command line and the screens."""

from __future__ import annotations

import math


def duration(seconds: float) -> str:
    """``M:SS`` or ``H:MM:SS``, rounded up to the whole second."""
    total = max(0, math.ceil(seconds - 1e-9))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def number(value: float) -> str:
    """A number without a needless ``.0``: 2, 1.5, 0.25."""
    if value == int(value):
        return str(int(value))
    return f"{value:g}"


def seconds(value: float) -> str:
    return f"{number(value)} s"
