"""``backtimer reset ROUTINE``: remove your saved settings so the routine runs on its own values.

The routine may be gone while its saved settings remain: they can still be removed by its id. A
name that is neither a routine nor has saved settings is an error, not "nothing to remove".
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from backtimer.cli.errors import Exit, UsageError

if TYPE_CHECKING:
    from backtimer.settings.catalog import Entry


def add_parser(sub: Any) -> argparse.ArgumentParser:
    """Add the ``reset`` command to the subparsers ``sub``."""
    p: argparse.ArgumentParser = sub.add_parser(
        "reset",
        help="remove your saved settings for a routine",
        description="Remove your saved settings (overrides) for a routine, so that it runs on "
        "the routine's own values again.",
    )
    p.add_argument("routine", metavar="ROUTINE", help="routine id or path to a YAML file")
    p.set_defaults(handler=run)
    return p


def _settings_file(routine_id: str) -> Path:
    from backtimer.settings.overrides import overrides_path

    try:
        return overrides_path(routine_id)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _routine_id(name: str) -> tuple[str, Entry | None]:
    """The id whose settings to remove: the routine's, or, when there is no such routine, the
    one saved settings were left under (the name as given, or in lower case); and the routine,
    when there is one."""
    from backtimer.settings.catalog import NotFound, resolve
    from backtimer.settings.overrides import entry_key

    try:
        entry = resolve(name)
    except NotFound as exc:
        missing = str(exc)
        ids: tuple[str, ...] = (name, name.lower())
    else:
        if entry.origin != "file" or os.path.lexists(entry.path):
            return entry_key(entry), entry
        missing = f"no routine '{name}': no such file"
        ids = (entry_key(entry),)
    for routine_id in dict.fromkeys(ids):
        if os.path.lexists(_settings_file(routine_id)):
            return routine_id, None
    raise UsageError(missing)


def run(args: argparse.Namespace) -> int:
    from backtimer.cli.output import err, out
    from backtimer.settings.overrides import SaveError, remove_old_key_file, remove_overrides

    routine_id, entry = _routine_id(args.routine)
    path = _settings_file(routine_id)
    try:
        removed = [remove_overrides(routine_id, path=path)]
        if entry is not None and entry.origin == "file":
            # Settings it would read from under its old key go too (see old_key_file), or the
            # reset would bring them back.
            removed.append(remove_old_key_file(entry))
    except SaveError as exc:
        err(f"backtimer: {exc}")
        return Exit.FAILED
    files = [str(f) for f in removed if f is not None]
    if not files:
        out(f"No saved settings for {routine_id} (nothing at {path}).")
    else:
        out(f"Removed your saved settings for {routine_id}: {', '.join(files)}")
        out(f"{routine_id} now runs on the routine's own values.")
    return Exit.OK
