"""What every command returns and raises: one exit-code enum and the usage error."""

from __future__ import annotations

import enum


class Exit(enum.IntEnum):
    """The exit codes of every command, as the README lists them."""

    OK = 0
    FAILED = 1  # a content file has problems, or the command could not do what it was asked
    USAGE = 2  # an argument that cannot be used
    INTERRUPTED = 130  # Ctrl+C


class UsageError(Exception):
    """A problem with what was asked for on the command line: one line, exit code 2."""
