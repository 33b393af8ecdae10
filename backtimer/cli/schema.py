"""``backtimer schema``: the JSON Schema of routine files, generated from the model."""

from __future__ import annotations

import argparse
from typing import Any

from backtimer.cli.errors import Exit


def add_parser(sub: Any) -> argparse.ArgumentParser:
    """Add the ``schema`` command to the subparsers ``sub``."""
    p: argparse.ArgumentParser = sub.add_parser(
        "schema", help="print the JSON Schema of routine files"
    )
    p.set_defaults(handler=run)
    return p


def run(args: argparse.Namespace) -> int:
    from backtimer.cli.output import json_text, out
    from backtimer.core.schema import json_schema

    out(json_text(json_schema()))
    return Exit.OK
