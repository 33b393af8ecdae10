"""Numbers and lengths of time as spoken English words: 'two', 'forty-five', 'one minute'.

Phrases are spelled out here rather than left to an engine, so every engine says the same words
and the phrase cache is keyed by what is actually said. Pure functions: no I/O.
"""

from __future__ import annotations

import math

_ONES = (
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"),
    *("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"),
    *("eighteen", "nineteen"),
)
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def number_words(n: int) -> str:
    """``n`` (0 to 999,999) in words: 'seven', 'forty-two', 'one hundred and five'."""
    if not 0 <= n < 1_000_000:
        raise ValueError(f"{n} is outside the numbers spoken (0 to 999,999)")
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        head = f"{_ONES[hundreds]} hundred"
        return head + (f" and {number_words(rest)}" if rest else "")
    thousands, rest = divmod(n, 1000)
    head = f"{number_words(thousands)} thousand"
    if not rest:
        return head
    return head + (" and " if rest < 100 else " ") + number_words(rest)


def duration_words(seconds: float) -> str:
    """A length of time as said aloud: 'thirty seconds', 'one minute', 'one minute ten seconds'.

    Rounded up to the whole second, as the screen shows it (a 0.5 s rest is 'one second').
    """
    total = max(0, math.ceil(seconds - 1e-9))
    minutes, secs = divmod(total, 60)
    parts = []
    if minutes:
        parts.append(f"{number_words(minutes)} minute{'s' if minutes != 1 else ''}")
    if secs or not minutes:
        parts.append(f"{number_words(secs)} second{'s' if secs != 1 else ''}")
    return " ".join(parts)
