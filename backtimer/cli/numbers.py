"""Numbers on the command line, as people type them: ASCII digits, a sign, a point, an exponent.

Python's ``int()`` and ``float()`` also take other scripts' digits (Arabic-Indic
``'\u0661\u0662'`` is 12, full-width ``'\uff11.\uff15'`` is 1.5), underscores (``'1_0'`` is 10)
and ``nan`` or ``inf``; a flag takes none of these, and says why in one line, so that what runs is
what the person meant to type.
"""

from __future__ import annotations

import math
import re

_INT = re.compile(r"[+-]?[0-9]+", re.ASCII)
_FLOAT = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?", re.ASCII)


class NumberError(ValueError):
    """A value that is not a number a flag takes; the message is one line, without the flag."""


def _refuse(text: str, expected: str) -> NumberError:
    shown = text.strip()
    if "_" in shown:
        return NumberError(f"write numbers without '_' (got '{shown}')")
    if any(c.isdigit() and not c.isascii() for c in shown):
        return NumberError(f"use the digits 0-9 (got '{shown}')")
    return NumberError(f"expected {expected}, got '{shown}'")


def whole(text: str) -> int:
    """A whole number written with 0-9 (and an optional sign), or NumberError."""
    shown = text.strip()
    if not _INT.fullmatch(shown):
        raise _refuse(text, "a whole number")
    return int(shown)


def real(text: str, expected: str = "a number") -> float:
    """A finite number written with 0-9, a point and an exponent (``1.5``, ``2e-1``)."""
    shown = text.strip()
    if not _FLOAT.fullmatch(shown):
        raise _refuse(text, expected)
    value = float(shown)
    if not math.isfinite(value):  # 1e999
        raise NumberError(f"'{shown}' is too large")
    return value
