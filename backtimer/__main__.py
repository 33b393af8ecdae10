"""Entry point for ``python -m backtimer``."""

from backtimer.cli import main

raise SystemExit(main())
