"""What every command returns and raises: one exit-code enum and the usage error."""

from __future__ import annotations

import enum


class Exit(enum.IntEnum):
    """The exit codes of every command, as the README's Reliability section lists them."""

    OK = 0  # done; also when the reader of the output went away (`backtimer show x | head -1`)
    FAILED = 1  # a content file has problems, or the command could not do what it was asked
    USAGE = 2  # an argument that cannot be used
    INTERNAL = 70  # a fault in backtimer itself: one line names it (sysexits' EX_SOFTWARE)
    OUTPUT = 74  # a stream or a folder could not be read or written (sysexits' EX_IOERR)
    HANGUP = 129  # the screens' terminal went away (SIGHUP): 128 + the signal's number
    INTERRUPTED = 130  # Ctrl+C, during a command (SIGINT) or on the screens
    TERMINATED = 143  # the screens were asked to end (SIGTERM)


class UsageError(Exception):
    """A problem with what was asked for on the command line: one line, exit code 2."""
