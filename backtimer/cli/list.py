"""``backtimer list``: the shipped routines and the user's own, with their length.

A file among the user's routines that cannot be read is listed as invalid, its problems go to
stderr, and every other routine is listed as usual: one bad file never hides the rest.
"""

from __future__ import annotations

import argparse
import unicodedata
from typing import Any

from backtimer.cli.errors import Exit

HEADER = ("ID", "TITLE", "EXERCISES", "DURATION", "FROM")


def add_parser(sub: Any) -> argparse.ArgumentParser:
    """Add the ``list`` command to the subparsers ``sub``."""
    p: argparse.ArgumentParser = sub.add_parser("list", help="list shipped routines and your own")
    p.set_defaults(handler=run)
    return p


def width(text: str) -> int:
    """Terminal columns ``text`` takes: wide characters two, combining marks none."""
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )


def table(rows: list[tuple[str, ...]]) -> list[str]:
    """Rows as aligned lines, cells made printable first so the columns line up as shown."""
    from backtimer.core.fmt import printable

    shown = [tuple(printable(cell) for cell in row) for row in rows]
    widths = [max(width(row[i]) for row in shown) for i in range(len(shown[0]))]
    return [
        "  ".join(
            cell + " " * (w - width(cell)) for cell, w in zip(row, widths, strict=True)
        ).rstrip()
        for row in shown
    ]


def run(args: argparse.Namespace) -> int:
    from backtimer.cli.output import err, out
    from backtimer.core.content import ContentErrors
    from backtimer.core.fmt import duration
    from backtimer.settings import catalog
    from backtimer.settings.durations import routine_length
    from backtimer.settings.overrides import entry_key
    from backtimer.settings.paths import user_routines_dir

    rows: list[tuple[str, ...]] = [HEADER]
    broken: list[str] = []
    for entry in catalog.entries():
        try:
            routine = catalog.load(entry)
        except ContentErrors as exc:
            rows.append((entry.id, "(invalid: errors below)", "-", "-", entry.origin))
            broken.extend(str(e) for e in exc.errors)
            continue
        length = routine_length(entry_key(entry), routine)
        shown = duration(length.seconds)
        if length.differs:
            shown += f" (yours; routine {duration(length.routine_seconds)})"
        elif length.broken:
            shown += " (settings file broken: see show)"
        n = str(len(routine.exercises))
        rows.append((entry.id, routine.title, n, shown, entry.origin))
    for line in table(rows):
        out(line)
    out(f"\nYour routines folder: {user_routines_dir()}")
    if not catalog.user():
        out("  (no routines of your own yet: put .yaml files there)")
    for line in broken:
        err(line)
    return Exit.OK
