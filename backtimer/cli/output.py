"""Everything the command line writes, and how it copes with streams that cannot take it.

Every line goes through ``printable`` on its way out, so no text from a routine, a file name or an
argument reaches a terminal as a control character. A stream that fails (a full disk, a closed
pipe, a terminal gone) raises ``StreamFailed`` naming it; the entry point's guard turns that into
one line and an exit code. A stream that cannot encode a character writes an escape instead
(``\\u00e9``), so a C locale never stops a command.
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import sys
from typing import Any, TextIO

from backtimer.core.fmt import printable


class StreamFailed(Exception):
    """Writing to ``stream`` ("output" or "error output") failed with ``error``."""

    def __init__(self, stream: str, error: OSError) -> None:
        self.stream = stream
        self.error = error
        super().__init__(f"cannot write the {stream}: {error.strerror or error}")

    @property
    def reader_left(self) -> bool:
        """The reader closed the pipe (``| head``): not a failure, only nothing more to say."""
        return isinstance(self.error, BrokenPipeError) or self.error.errno == errno.EPIPE


def prepare_streams() -> None:
    """Make stdout and stderr write what they cannot encode as escapes rather than fail."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors in ("strict", "surrogateescape"):
            with contextlib.suppress(ValueError, OSError):  # a closed or detached stream
                stream.reconfigure(errors="backslashreplace")


def _write(stream: TextIO | None, name: str, text: str, flush: bool) -> None:
    if stream is None:  # started with the descriptor closed (`backtimer list >&-`)
        raise StreamFailed(name, OSError(errno.EBADF, "the stream is closed"))
    try:
        try:
            stream.write(text)
        except UnicodeEncodeError:
            # A stream prepare_streams could not set to escape what it cannot encode.
            encoding = getattr(stream, "encoding", None) or "ascii"
            stream.write(text.encode(encoding, "backslashreplace").decode(encoding))
        if flush:
            stream.flush()
    except OSError as exc:
        raise StreamFailed(name, exc) from None
    except ValueError as exc:  # "I/O operation on closed file"
        raise StreamFailed(name, OSError(errno.EBADF, str(exc))) from None


def out(text: str = "", *, end: str = "\n", flush: bool = False) -> None:
    """Write ``text`` to stdout, made printable."""
    _write(sys.stdout, "output", printable(text) + end, flush)


def err(text: str) -> None:
    """Write one line to stderr, made printable. Never fails: with stderr gone, nobody hears."""
    try:
        _write(sys.stderr, "error output", printable(text) + "\n", True)
    except StreamFailed:
        silence(sys.stderr)


def json_text(data: Any) -> str:
    """``data`` as indented JSON, with any character ``printable`` would change escaped.

    The JSON stays exact (a reader gets the same strings back) and inert on a terminal: most text
    is written as it is, and only when something in it would act or hide is all of it escaped.
    """
    text = json.dumps(data, indent=2, ensure_ascii=False)
    if printable(text) != text:
        text = json.dumps(data, indent=2, ensure_ascii=True)
    return text


def flush_output() -> None:
    """Flush stdout now, so that a full disk is reported by the command, not at exit."""
    stream = sys.stdout
    if stream is None:
        return
    try:
        stream.flush()
    except OSError as exc:
        raise StreamFailed("output", exc) from None
    except ValueError:
        return  # already closed: nothing is waiting to be written


def silence(stream: TextIO | None) -> None:
    """Point a failed stream at /dev/null, so that what is still buffered in it can be flushed
    at exit without a second error (the Python documentation's advice for a broken pipe)."""
    if stream is None:
        return
    try:
        fd = stream.fileno()
    except (OSError, ValueError, AttributeError):
        return  # not a descriptor (a test's in-memory stream): nothing will fail at exit
    with contextlib.suppress(OSError):
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, fd)
        finally:
            os.close(null)
