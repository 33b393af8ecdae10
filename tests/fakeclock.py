"""The one fake clock of the suite: a monotonic reading that moves only when a test says so."""

from __future__ import annotations


class FakeClock:
    """A monotonic clock that moves only when told to (``advance``, or by setting ``now``)."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        assert seconds >= 0, "a monotonic clock never goes back"
        self.now += seconds
