"""``backtimer check FILE...``: validate routine files, every problem as PATH:LINE:COLUMN."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from backtimer.cli.errors import Exit


def add_parser(sub: Any) -> argparse.ArgumentParser:
    """Add the ``check`` command to the subparsers ``sub``."""
    p: argparse.ArgumentParser = sub.add_parser("check", help="validate routine files")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.set_defaults(handler=run)
    return p


def run(args: argparse.Namespace) -> int:
    from backtimer.cli.output import err, out
    from backtimer.core.content import ContentErrors
    from backtimer.settings.catalog import Entry, load

    status = Exit.OK
    for name in args.files:
        try:
            routine = load(Entry(name, Path(name), "file"), cached=False)
        except ContentErrors as exc:
            for error in exc.errors:
                err(str(error))
            status = Exit.FAILED
        else:
            n = len(routine.exercises)
            out(f"{name}: ok ({routine.title}, {n} exercise{'s' if n != 1 else ''})")
    return status
