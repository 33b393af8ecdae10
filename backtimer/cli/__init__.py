"""The command line: one module per command, one entry point."""

from backtimer.cli.entry import main

__all__ = ["main"]
