"""The ``backtimer`` command line: the parser, and the guard every command runs inside.

Each command lives in a module of its own (list, show, check, schema, reset, sounds, and screens
for run, practice and the picker) with ``add_parser`` and a handler. Heavy modules (pydantic,
Textual, audio) are imported inside the handlers, so ``backtimer --version`` and ``check`` start
quickly.

The guard turns every failure that can come from outside into one line on stderr and an exit
code from ``Exit``: a stream that cannot be written (a full disk, a closed terminal), a broken
pipe (quiet: the reader has what it wanted), a character the locale cannot encode (written as an
escape instead), Ctrl+C, and, last, a fault of backtimer's own, named in one line
(``BACKTIMER_DEBUG=1`` shows its traceback).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

from backtimer import __version__
from backtimer.cli.errors import Exit, UsageError

if TYPE_CHECKING:
    from _typeshed import SupportsWrite


class Parser(argparse.ArgumentParser):
    """argparse, with everything it writes made printable (an argument can hold ESC) and with
    its exits returned, not raised, by ``parse``."""

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        from backtimer.cli.output import err, out

        if not message:
            return
        if file is None or file is sys.stdout:
            out(message, end="")
        else:
            err(message.rstrip("\n"))

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            self._print_message(message, sys.stderr)
        raise _ParserExit(status)


class _ParserExit(Exception):
    def __init__(self, status: int) -> None:
        self.status = status


# Each command and the module that adds it to the parser.
COMMANDS: dict[str, str] = {
    "list": "list",
    "show": "show",
    "check": "check",
    "schema": "schema",
    "reset": "reset",
    "sounds": "sounds",
    "practice": "screens",
    "run": "screens",
    "render": "render",
    "history": "log_commands",
    "export": "log_commands",
    "import": "log_commands",
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole parser; or, given a ``command`` (one of ``COMMANDS``), one that knows only that
    command and the options before it, which parses that command's arguments the same way
    and is quicker to build (each command's module is imported only for its own parser)."""
    from backtimer.cli import log_commands, screens
    from backtimer.cli.voice import add_voice_options

    parser = Parser(
        prog="backtimer",
        description="A terminal workout timer for back training. "
        "With no command, opens the routine picker.",
    )
    parser.add_argument("--version", action="version", version=f"backtimer {__version__}")
    parser.set_defaults(handler=screens.picker)
    add_voice_options(parser)  # the picker's
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    wanted = COMMANDS.get(command or "")
    if wanted in (None, "list"):
        from backtimer.cli import list as listing

        listing.add_parser(sub)
    if wanted in (None, "show"):
        from backtimer.cli import show

        show.add_parser(sub)
    if wanted in (None, "check"):
        from backtimer.cli import check

        check.add_parser(sub)
    if wanted in (None, "schema"):
        from backtimer.cli import schema

        schema.add_parser(sub)
    if wanted in (None, "reset"):
        from backtimer.cli import reset

        reset.add_parser(sub)
    if wanted in (None, "sounds"):
        from backtimer.cli import sounds

        sounds.add_parser(sub)
    if wanted in (None, "screens"):
        screens.add_parsers(sub)
    if wanted in (None, "render"):
        from backtimer.cli import render

        render.add_parser(sub)
    log_commands.add_parsers(parser, sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; its exit code (``Exit``). Never raises, never prints a traceback."""
    # Start-up builds many long-lived objects (models, styles) and no garbage cycles: a
    # collection pass then is wasted time before the first frame. Collection resumes once
    # the command is under way (see screens._run_app) or done.
    from backtimer.core.collector import collector_paused

    with collector_paused():
        return guarded(argv)


def guarded(argv: Sequence[str] | None) -> int:
    """The guard: the command's exit code, or the one its failure maps to (see ``Exit``)."""
    from backtimer.cli.output import StreamFailed, err, flush_output, prepare_streams, silence

    prepare_streams()
    try:
        code = _dispatch(argv)
        flush_output()  # a full disk is reported here, by the command, not at exit
        return code
    except StreamFailed as exc:
        silence(sys.stdout)  # what is still buffered must not fail again at exit
        if exc.reader_left:
            return Exit.OK  # `backtimer show x | head -1`: the reader has what it wanted
        err(f"backtimer: {exc}")
        return Exit.OUTPUT
    except BrokenPipeError:  # a write that did not go through output.out, e.g. a library's
        silence(sys.stdout)
        return Exit.OK
    except KeyboardInterrupt:
        silence_quietly()
        err("backtimer: interrupted")
        return Exit.INTERRUPTED
    except OSError as exc:
        err(f"backtimer: {_os_error(exc)}")
        silence_quietly()
        return Exit.OUTPUT
    except Exception as exc:  # the last resort: a fault of backtimer's own
        if os.environ.get("BACKTIMER_DEBUG"):
            import traceback

            traceback.print_exc()
        err(
            f"backtimer: internal error: {type(exc).__name__}: {exc} "
            "(BACKTIMER_DEBUG=1 shows where; please report it)"
        )
        silence_quietly()
        return Exit.INTERNAL


def silence_quietly() -> None:
    """After a failure: flush stdout, and if even that fails, send the rest to /dev/null."""
    from backtimer.cli.output import StreamFailed, flush_output, silence

    try:
        flush_output()
    except StreamFailed:
        silence(sys.stdout)


def _os_error(exc: OSError) -> str:
    """An OSError in one line: what failed and on which file."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    if exc.filename is not None:
        return f"{reason}: {os.fsdecode(exc.filename)}"
    return reason


def _dispatch(argv: Sequence[str] | None) -> int:
    """Parse ``argv`` and run its command; content and usage problems become their exit codes."""
    if list(sys.argv[1:] if argv is None else argv) == ["--version"]:
        # Asked by scripts and by people checking an install: no parser of every command.
        from backtimer.cli.output import out

        out(f"backtimer {__version__}")
        return Exit.OK
    given = list(sys.argv[1:] if argv is None else argv)
    # A command first (the usual case): a parser of that command alone.
    parser = build_parser(given[0] if given and given[0] in COMMANDS else None)
    try:
        args = parser.parse_args(given)
    except _ParserExit as done:  # --help, --version, or a usage error already printed
        return done.status
    # Only now: the loader brings in pydantic, which --version need not wait for.
    from backtimer.cli.flags import FlagError
    from backtimer.cli.output import err
    from backtimer.core.content import ContentErrors

    try:
        code: int = args.handler(args)
        return code
    except ContentErrors as exc:
        for error in exc.errors:
            err(str(error))
        return Exit.FAILED
    except (UsageError, FlagError) as exc:
        err(f"backtimer: {exc}")
        return Exit.USAGE
