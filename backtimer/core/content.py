"""Reading a content file (a routine, your config, your saved settings) safely, and the problems
found in one, each as ``PATH:LINE:COLUMN: message``.

Nothing here needs YAML or the validation library: a routine read back from the cache
(``settings.routine_cache``) is checked for its bytes and its sound files with this module alone.
"""

from __future__ import annotations

import os
import stat
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from backtimer.core.events import SoundEvent
    from backtimer.core.model import Routine

MAX_BYTES = 1 << 20  # 1 MiB: a routine is a page of text, not a data set.
MAX_ERRORS = 100  # problems listed per file; the rest are counted in one last line


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem in a content file, at a 1-based line and column.

    ``more`` is not 0 only on the last line of a long list: it stands for that many problems not
    listed (see ``MAX_ERRORS``).
    """

    path: str
    line: int
    column: int
    message: str
    more: int = field(default=0, compare=False)

    def __post_init__(self) -> None:
        # One problem, one line: a newline or escape code from the file (in a key, a name or the
        # file's own name) is shown escaped, never acted on by the terminal or an editor.
        object.__setattr__(self, "path", _one_line(self.path))
        object.__setattr__(self, "message", _one_line(self.message))

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


def _one_line(text: str) -> str:
    if text.isprintable():
        return text
    return "".join(
        c.encode("unicode_escape").decode("ascii")
        if unicodedata.category(c) in ("Cc", "Zl", "Zp")
        else c
        for c in text
    )


class ContentErrors(Exception):
    """The problems found in one file, in file order: the first ``MAX_ERRORS`` of them, then (if
    there are more) one line counting the rest, so that no file can make a report unbounded.
    ``total`` is how many there are in all."""

    def __init__(self, errors: Iterable[ContentError]) -> None:
        listed: list[ContentError] = []
        counted: list[ContentError] = []
        for error in errors:
            (counted if error.more else listed).append(error)
        listed.sort()
        hidden = sum(e.more for e in counted)
        counted.extend(listed[MAX_ERRORS:])
        if len(listed) > MAX_ERRORS:
            hidden += len(listed) - MAX_ERRORS
            del listed[MAX_ERRORS:]
        self.total = len(listed) + hidden
        if hidden:
            first = min(counted)
            s = "s" if hidden != 1 else ""
            message = f"... and {hidden:,} more problem{s} not listed (fix these first)"
            listed.append(ContentError(first.path, first.line, first.column, message, hidden))
        self.errors = listed
        super().__init__("\n".join(str(e) for e in self.errors))


def read_bytes(path: Path, *, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of a content file, refusing anything that is not a small regular file."""
    name = str(path)

    def fail(message: str, line: int = 1, column: int = 1) -> ContentErrors:
        return ContentErrors([ContentError(name, line, column, message)])

    try:
        # stat, not open: opening a FIFO would block and /dev/zero never ends.
        st = os.stat(path)
    except FileNotFoundError:
        raise fail("no such file") from None
    except OSError as exc:
        raise fail(f"cannot read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise fail("is a directory, not a routine file")
    if not stat.S_ISREG(st.st_mode):
        raise fail("is not a regular file (a device, FIFO or socket cannot be a routine)")
    if st.st_size > max_bytes:
        raise fail(f"file is too large ({st.st_size:,} bytes; the limit is {max_bytes:,})")
    try:
        with open(path, "rb") as fh:
            raw = fh.read(max_bytes + 1)
    except OSError as exc:
        raise fail(f"cannot read: {exc.strerror or exc}") from None
    if len(raw) > max_bytes:
        raise fail(f"file is too large (over {max_bytes:,} bytes)")
    return raw


def read_text(path: Path, *, max_bytes: int = MAX_BYTES) -> str:
    """The text of a content file, refusing anything that is not a small UTF-8 text file."""
    return decode(read_bytes(path, max_bytes=max_bytes), str(path))


def decode(raw: bytes, name: str) -> str:
    """UTF-8 text from bytes (a byte-order mark is fine), or a positioned error."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ContentErrors([ContentError(name, 1, 1, "UTF-16 text; save the file as UTF-8")])
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, col = _byte_position(raw, nul)
        raise ContentErrors([ContentError(name, line, col, "binary data (NUL byte), not text")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _byte_position(raw, exc.start)
        msg = f"not UTF-8 text (byte 0x{raw[exc.start]:02x})"
        raise ContentErrors([ContentError(name, line, col, msg)]) from None
    if not text.strip():
        raise ContentErrors([ContentError(name, 1, 1, "file is empty")])
    return text


def _byte_position(raw: bytes, index: int) -> tuple[int, int]:
    before = raw[:index]
    line = before.count(b"\n") + 1
    start = before.rfind(b"\n") + 1
    column = len(before[start:].decode("utf-8", errors="replace")) + 1
    return line, column


def sound_problems(
    routine: Routine,
    positions: Mapping[SoundEvent, tuple[int, int]],
    name: str,
    base: Path | None,
) -> list[ContentError]:
    """A problem for each of the routine's ``sounds`` that names no playable WAV file.

    ``positions`` are where each entry sits in the file (0-based line and column); a file is
    relative to ``base``, the routine's folder. Files are looked at on every load, never cached:
    they can change while the routine does not.
    """
    if not routine.sounds:
        return []
    from backtimer.core.wavcheck import check_wav

    problems = []
    for event, file in routine.sounds.items():
        target = Path(file).expanduser()
        if not target.is_absolute() and base is not None:
            target = base / target
        problem = check_wav(target)
        if problem:
            line, col = positions.get(event, (0, 0))
            problems.append(ContentError(name, line + 1, col + 1, f"sound '{file}': {problem}"))
    return problems
