"""The floor backtimer's live cost is measured against: a bare Textual app with one ``Digits``
updated once a second, started and measured exactly as ``backtimer run`` is."""

from __future__ import annotations

import time

from textual.app import App, ComposeResult
from textual.widgets import Digits, Static

READY = "Bare clock"


class BareClock(App[None]):
    """One label (the marker the benchmark waits for) and a clock that ticks once a second."""

    BINDINGS = [("q", "quit", "Quit")]  # noqa: RUF012 (Textual declares bindings so)

    def compose(self) -> ComposeResult:
        yield Static(READY)
        yield Digits("0:00")

    def on_mount(self) -> None:
        self.started = time.monotonic()
        self.set_interval(1.0, self.tick)

    def tick(self) -> None:
        seconds = int(time.monotonic() - self.started)
        self.query_one(Digits).update(f"{seconds // 60}:{seconds % 60:02d}")


if __name__ == "__main__":
    BareClock().run()
