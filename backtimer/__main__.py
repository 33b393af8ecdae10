"""Entry point for ``python -m backtimer``."""

from backtimer.cli.entry import main

raise SystemExit(main())
