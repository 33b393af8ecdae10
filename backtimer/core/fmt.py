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


def counts(n: float) -> str:
    """'1 count', '3 counts'."""
    return f"{number(n)} count{'' if n == 1 else 's'}"


def seconds(value: float) -> str:
    return f"{number(value)} s"


_CONTROL = {i: 0x2400 + i for i in range(0x20)} | {0x7F: 0x2421}
_CONTROL.update({i: 0xFFFD for i in range(0x80, 0xA0)})
_CONTROL.pop(0x0A)  # a newline inside a cue is kept as a line break


def printable(text: str) -> str:
    """Text with control characters made visible and inert (ESC becomes U+241B, and so on).

    Routine text reaches a terminal; an escape sequence in it must show, not act.
    """
    return text.translate(_CONTROL)
