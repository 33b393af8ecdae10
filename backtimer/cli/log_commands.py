"""The training log on the command line: ``history``, ``export`` and ``import``, and ``--no-log``
on the commands that open the screens (the picker, ``run`` and ``practice``).

The parser is built on every start, so this module imports nothing heavy: the commands
themselves (``backtimer.log.commands``) are imported when one of them runs.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from backtimer.settings.userconfig import UserConfig

# The export formats, as ``backtimer.log.FORMATS`` has them (a test keeps the two the same).
FORMATS: Final = ("csv", "json", "strong")
# The commands that open the screens, where a workout can be recorded.
SCREEN_COMMANDS: Final = ("run", "practice")


def parse_since(text: str) -> date:
    """An argparse type for ``--since``: a date as YYYY-MM-DD."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date like 2024-05-01, not {text!r}") from None


def add_parsers(parser: argparse.ArgumentParser, sub: Any) -> None:
    """Add ``history``, ``export`` and ``import`` to the subparsers ``sub``, and ``--no-log`` to
    ``parser`` (the picker) and to the screen commands already in ``sub``."""
    no_log = "do not record this workout in the training log"
    parser.add_argument("--no-log", action="store_true", help=no_log)
    for name in SCREEN_COMMANDS:
        if name in sub.choices:
            # SUPPRESS: `backtimer --no-log run X` keeps the value the main parser set.
            sub.choices[name].add_argument(
                "--no-log", action="store_true", default=argparse.SUPPRESS, help=no_log
            )

    p = sub.add_parser(
        "history",
        help="show the workouts in the training log",
        description="Show the logged workouts (of one routine): a table of sessions, the "
        "weekly streak, the last weeks' calendar, and per exercise its load, volume and reps "
        "over time.",
    )
    p.add_argument("routine", metavar="ROUTINE", nargs="?", help="only this routine's sessions")
    p.add_argument("--json", action="store_true", help="print JSON, for scripts")
    p.set_defaults(handler=run)
    p = sub.add_parser(
        "export",
        help="write the training log as CSV, JSON or Strong's CSV",
        description="Write the training log out: plain CSV (a row per set), JSON, or the Strong "
        "app's semicolon CSV that other trackers import. Times are UTC.",
    )
    p.add_argument("--format", choices=FORMATS, default="csv", help="the file format")
    p.add_argument("--since", type=parse_since, metavar="DATE", help="sessions from DATE on")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE, not stdout")
    p.set_defaults(handler=run)
    p = sub.add_parser(
        "import",
        help="add the workouts of an export file to the training log",
        description="Add the sessions of a file that export wrote (any format) or of a Strong "
        "CSV. Sessions already in the log (same routine, same start) are left out.",
    )
    p.add_argument("file", metavar="FILE", type=Path, help="the file to import")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, path: Path | None = None) -> int:
    """Run ``history``, ``export`` or ``import`` on the log at ``path`` (None: the user's)."""
    from backtimer.log.commands import export, history, import_file

    out, err = sys.stdout, sys.stderr
    if args.command == "history":
        return history(args.routine, as_json=args.json, out=out, err=err, path=path)
    if args.command == "export":
        return export(
            args.format, since=args.since, output=args.output, out=out, err=err, path=path
        )
    return import_file(args.file, out=out, err=err, path=path)


def log_path(args: argparse.Namespace, config: UserConfig) -> Path | None:
    """Where the screens record workouts: the user's log, or None with ``--no-log`` or
    ``log: false`` in config.yaml."""
    if getattr(args, "no_log", False) or config.log is False:
        return None
    from backtimer.log import default_path

    return default_path()
