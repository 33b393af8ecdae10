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


def reps(n: int) -> str:
    """'1 rep', '10 reps'."""
    return f"{n} rep{'' if n == 1 else 's'}"


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


# Characters that act on a terminal or hide text, as (first, last) code point ranges:
# every format character (Unicode category Cf: bidirectional controls such as U+202E, zero-width
# spaces and joiners, the byte-order mark, invisible tag characters) and the line and paragraph
# separators U+2028/U+2029 (Zl, Zp). tests/test_fmt.py checks the list against unicodedata.
_INVISIBLE = (
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x2028, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
)

# C0 controls become their control pictures (ESC is U+241B, shown as ␛), DEL U+2421; C1
# controls and lone surrogates (undecodable bytes in a file name or an argument) become U+FFFD;
# the invisible characters above are named by their code point, e.g. <U+202E>.
_VISIBLE: dict[int, int | str] = {i: 0x2400 + i for i in range(0x20)}
_VISIBLE[0x7F] = 0x2421
_VISIBLE.update({i: 0xFFFD for i in range(0x80, 0xA0)})
_VISIBLE.update({i: 0xFFFD for i in range(0xD800, 0xE000)})
_VISIBLE.update({i: f"<U+{i:04X}>" for low, high in _INVISIBLE for i in range(low, high + 1)})
del _VISIBLE[0x0A]  # a newline inside a cue is kept as a line break


def printable(text: str) -> str:
    """Text made visible and inert, for a terminal, a log or an error message.

    Control characters show as symbols (ESC as ␛, BEL as ␇), a bidirectional override, a
    zero-width or other invisible format character as its code point (``<U+202E>``), a line or
    paragraph separator likewise, an undecodable byte as �; newlines are kept. Every text that
    comes from a file or an argument goes through this before it is shown, so an escape sequence
    in it shows rather than acts, and nothing in it can reorder or hide what is around it.
    """
    # Every character changed here is one str.isprintable() refuses: when it accepts the text
    # (newlines aside), nothing needs changing, and it says so far faster than translating.
    if text.isprintable() or text.replace("\n", " ").isprintable():
        return text
    return text.translate(_VISIBLE)
