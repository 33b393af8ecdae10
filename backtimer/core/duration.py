"""How long a phase of a rep lasts: a number of counts or a number of seconds.

This is the one place that decides what follows from either: the seconds at a given count length,
when each count begins (and so when a tick sounds), how many counts it has, and how it is written.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from backtimer.core import fmt

# A length in seconds that is a whole number give or take rounding (3.0000000001) has no count
# starting at its very end.
_EPSILON = 1e-9


@dataclass(frozen=True, slots=True)
class Duration:
    """Counts (each as long as the routine's count) or seconds (whatever a count lasts).

    Exactly one of the two is set: ``Duration(counts=2)``, ``Duration(seconds=1.5)``.
    """

    counts: int | None = None
    seconds: float | None = None

    def __post_init__(self) -> None:
        if (self.counts is None) == (self.seconds is None):
            raise ValueError("a duration is a number of counts or of seconds, not both or neither")

    @classmethod
    def of(cls, counts: int | None, seconds: float | None) -> Duration:
        """From a phase as written: ``counts``, ``seconds``, or neither (one count)."""
        if seconds is None:
            return cls(counts=1 if counts is None else counts)
        return cls(counts=counts, seconds=seconds)

    @property
    def in_counts(self) -> bool:
        return self.counts is not None

    def seconds_at(self, count_seconds: float) -> float:
        """Its length in seconds when one count lasts ``count_seconds``."""
        if self.counts is not None:
            return self.counts * count_seconds
        return self.seconds or 0.0

    @property
    def beats(self) -> int:
        """How many counts it is counted in: its counts, or one for each second begun (2.5 s: 3)."""
        if self.counts is not None:
            return self.counts
        return max(1, math.ceil((self.seconds or 0.0) - _EPSILON))

    def count_starts(self, count_seconds: float) -> tuple[float, ...]:
        """When each count begins, in seconds from the start; a tick marks every one but the first.

        Counts are ``count_seconds`` apart; a length in seconds is counted in whole seconds.
        """
        gap = count_seconds if self.counts is not None else 1.0
        return tuple(k * gap for k in range(self.beats))

    def tick_offsets(self, count_seconds: float) -> tuple[float, ...]:
        """When a tick sounds: at the start of each count after the first."""
        return self.count_starts(count_seconds)[1:]

    def counts_at(self, count_seconds: float) -> int:
        """Its length in whole counts: a length in seconds is rounded to counts (at least 1)."""
        if self.counts is not None:
            return self.counts
        return max(1, round((self.seconds or 0.0) / count_seconds))

    @property
    def wording(self) -> str:
        """As a person says it: '1 count', '2 counts', '3 s', '1.5 s'."""
        if self.counts is not None:
            return fmt.counts(self.counts)
        return fmt.seconds(self.seconds or 0.0)
