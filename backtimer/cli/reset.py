"""``backtimer reset ROUTINE``: remove your saved settings so the routine runs on its own values."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from backtimer.cli.errors import Exit


def add_parser(sub: Any) -> argparse.ArgumentParser:
    """Add the ``reset`` command to the subparsers ``sub``."""
    p: argparse.ArgumentParser = sub.add_parser(
        "reset",
        help="remove your saved settings for a routine",
        description="Remove your saved settings (overrides) for a routine, so that it runs on "
        "the routine's own values again.",
    )
    p.add_argument("routine", metavar="ROUTINE", help="routine id or path to a YAML file")
    return p


def _routine_id(name: str) -> str:
    from backtimer.settings.catalog import NotFound, resolve

    try:
        return resolve(name).id
    except NotFound:
        # The routine may be gone while its saved settings remain; they can still be removed.
        return name.lower()


def run(args: argparse.Namespace) -> int:
    from backtimer.settings.overrides import SaveError, overrides_path, remove_overrides

    routine_id = _routine_id(args.routine)
    try:
        path = overrides_path(routine_id)
    except ValueError as exc:
        print(f"backtimer: {exc}", file=sys.stderr)
        return Exit.USAGE
    try:
        removed = remove_overrides(routine_id, path=path)
    except SaveError as exc:
        print(f"backtimer: {exc}", file=sys.stderr)
        return Exit.FAILED
    if removed is None:
        print(f"No saved settings for {routine_id} (nothing at {path}).")
    else:
        print(f"Removed your saved settings for {routine_id}: {removed}")
        print(f"{routine_id} now runs on the routine's own values.")
    return Exit.OK
