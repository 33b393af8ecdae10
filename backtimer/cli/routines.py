"""The ROUTINE argument of show, run, practice, sounds and reset: the file it names, read."""

from __future__ import annotations

from typing import TYPE_CHECKING

from backtimer.cli.errors import UsageError

if TYPE_CHECKING:
    from backtimer.core.model import Routine
    from backtimer.settings.catalog import Entry


def resolve(name: str) -> Entry:
    """The routine an id or a path names; UsageError (exit 2) when it names none."""
    from backtimer.settings.catalog import NotFound
    from backtimer.settings.catalog import resolve as find

    try:
        return find(name)
    except NotFound as exc:
        raise UsageError(str(exc)) from None


def load(entry: Entry) -> Routine:
    """The entry's routine, or ContentErrors (exit 1) naming every problem in its file."""
    from backtimer.settings.catalog import load as read

    return read(entry)
