"""The training log on the preview and the summary.

``PreviewLog``: per exercise, last time's load, reps, effort and day, and the advice citing the
routine's sentence; read from the log in a worker thread. ``SummaryLog``: this workout against
the last one (time, rounds, loads) and the advice for next time, from what the recorder holds in
memory (so it is there even when the log could not be written), kept up to date as the last set
is answered. Both are hidden without a log.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import work
from textual.widgets import Static

from backtimer.core.model import Routine
from backtimer.log.words import compare_lines, next_time_lines, preview_lines
from backtimer.tui.text import literal

if TYPE_CHECKING:
    from backtimer.log.training import RoutineHistory, TrainingLog


class PreviewLog(Static):
    """Last time and the advice, per exercise, for the routine about to start."""

    DEFAULT_CSS = """
    PreviewLog { height: auto; max-height: 9; margin-bottom: 1; }
    PreviewLog.-empty { color: $text-muted; }
    """

    def __init__(
        self, log: TrainingLog | None, routine_id: str, routine: Routine, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.training_log = log
        self.routine_id = routine_id
        self.routine = routine

    def on_mount(self) -> None:
        self.display = self.training_log is not None
        if self.training_log is not None:
            self.read()

    @work(thread=True, exclusive=True, group="log-read")
    def read(self) -> None:
        """Read the log off the event loop, then show what it says."""
        if self.training_log is None:
            return
        history = self.training_log.history_of(self.routine_id, self.routine)
        self.app.call_from_thread(self.show, history)

    def show(self, history: RoutineHistory) -> None:
        if history.problem is not None:
            self.set_class(True, "-empty")
            self.update(literal(f"Training log: {history.problem}"))
            return
        lines = preview_lines(self.routine, history.last, history.advice)
        self.set_class(not lines, "-empty")
        if not lines:
            self.update(literal("Not logged before: this workout starts its training log."))
            return
        self.update(literal("\n".join(["Last time:", *(f"  {line}" for line in lines)])))


class SummaryLog(Static):
    """This workout against the last one, and the advice for next time."""

    DEFAULT_CSS = """
    SummaryLog { height: auto; margin-top: 1; }
    """

    def __init__(self, log: TrainingLog | None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.training_log = log
        self._unwatch: Callable[[], None] | None = None

    def on_mount(self) -> None:
        recorder = self.training_log.recorder if self.training_log is not None else None
        self.display = recorder is not None
        if recorder is not None:
            self._unwatch = recorder.watch(self.show)
            self.show()

    def on_unmount(self) -> None:
        if self._unwatch is not None:
            self._unwatch()
            self._unwatch = None

    def lines(self) -> list[str]:
        log = self.training_log
        recorder = log.recorder if log is not None else None
        if log is None or recorder is None:
            return []
        this = recorder.as_record()
        history = log.cached(recorder.routine_id)
        before = history.sessions if history is not None else []
        routine = recorder.written
        lines = compare_lines(routine, this, before[-1] if before else None)
        if this.status != "running":
            advice = next_time_lines(routine, this, before)
            if advice:
                lines += ["Next time:", *(f"  {line}" for line in advice)]
        problem = recorder.problem or log.problem
        if problem is not None:
            lines.append(f"Not recorded: {problem}")
        return lines

    def show(self) -> None:
        # Under its own heading: below the summary's keys, a bare "Lat pull down: 25 kg" line
        # read as if it belonged to them.
        lines = self.lines()
        shown = ["Training log:", *(f"  {line}" for line in lines)] if lines else []
        self.update(literal("\n".join(shown)))
