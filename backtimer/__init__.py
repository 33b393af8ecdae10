"""backtimer: a terminal workout timer for back training."""

__version__ = "0.1.0"
