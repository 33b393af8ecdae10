"""Running the command line in-process, with streams of the test's own choosing."""

from __future__ import annotations

import contextlib
import io
import os
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO
from unittest import mock

from backtimer.cli.entry import main
from backtimer.cli.errors import Exit

# The codes a command may end with when nothing is wrong with backtimer itself (the screens'
# signal codes need a terminal, which these runs never have).
EXPECTED_CODES = {Exit.OK, Exit.FAILED, Exit.USAGE}


@dataclass(frozen=True)
class Ran:
    code: int
    out: str
    err: str


def text_stream(encoding: str = "utf-8") -> tuple[TextIO, io.BytesIO]:
    """A strict text stream over bytes we can read back, like a pipe in that encoding."""
    raw = io.BytesIO()
    return io.TextIOWrapper(raw, encoding=encoding, errors="strict", write_through=True), raw


@contextlib.contextmanager
def config_folder(folder: Path) -> Iterator[None]:
    with mock.patch.dict(os.environ, {"BACKTIMER_CONFIG_DIR": str(folder)}):
        yield


def run_main(
    argv: Sequence[str],
    config: Path,
    *,
    encoding: str = "utf-8",
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> Ran:
    """``main(argv)`` with stdin not a terminal, stdout and stderr captured (or the streams
    given), and ``config`` as the config folder."""
    out, out_raw = text_stream(encoding)
    err, err_raw = text_stream(encoding)
    with (
        config_folder(config),
        mock.patch.object(sys, "stdin", io.StringIO()),
        contextlib.redirect_stdout(stdout or out),
        contextlib.redirect_stderr(stderr or err),
    ):
        code = main(list(argv))
    return Ran(code, out_raw.getvalue().decode(encoding), err_raw.getvalue().decode(encoding))


def raw_controls(text: str) -> list[str]:
    """Characters in ``text`` that would act on a terminal or hide text: controls other than
    newline, format characters (bidi, zero-width), separators, lone surrogates."""
    return sorted(
        {
            f"U+{ord(c):04X}"
            for c in text
            if c != "\n" and unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp", "Cs")
        }
    )
