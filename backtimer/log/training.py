"""The training log as the app holds it: the file opened on first use, the writer thread, the
recorder of the workout under way, and what the screens read (last time, advice, history).

Reads (``history_of``) block on the disk: the screens call them from worker threads. Writes go
through the writer's queue and never block. A log that cannot be used is said once, through
``on_problem``, and everything else goes on without it: the workout runs, nothing is recorded,
the file is left as it is.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from backtimer.core.model import Routine
from backtimer.core.session import Session
from backtimer.log.db import DEFAULT_BUSY_TIMEOUT, open_log
from backtimer.log.recorder import WorkoutRecorder
from backtimer.log.records import LogError, SessionRecord, Unit
from backtimer.log.writer import LogHandle, ThreadWriter

if TYPE_CHECKING:
    # Imported where the history is read (a worker, after the first frame): ~3 ms of a start.
    from backtimer.log.progression import Advice
    from backtimer.log.queries import LastTime

# How long quitting waits for the last writes (the last set, how the workout ended).
CLOSE_TIMEOUT = 3.0


@dataclass(frozen=True)
class RoutineHistory:
    """What the log says about one routine, for its preview, workout and summary."""

    sessions: list[SessionRecord] = field(default_factory=list)  # oldest first, over ones only
    last: dict[str, LastTime] = field(default_factory=dict)  # per exercise id
    advice: dict[str, Advice] = field(default_factory=dict)  # per exercise id
    problem: str | None = None


class TrainingLog:
    """The log at ``path`` for one run of the program."""

    def __init__(
        self,
        path: Path,
        *,
        weight_unit: Unit = "kg",
        on_problem: Callable[[str], None] | None = None,
        wall: Callable[[], float] = time.time,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
    ) -> None:
        self.path = path
        self.weight_unit: Unit = weight_unit
        # How long a write waits for another backtimer's: off the screen's thread, so waiting
        # costs nothing but the moment the set is on disk.
        self.handle = LogHandle(path, lambda p: open_log(p, busy_timeout=busy_timeout))
        self._on_problem = on_problem
        self._said: str | None = None
        self._lock = threading.Lock()
        self._wall = wall
        self.writer = ThreadWriter(on_error=self._problem)
        self.recorder: WorkoutRecorder | None = None
        self._histories: dict[str, RoutineHistory] = {}

    def _problem(self, message: str) -> None:
        with self._lock:
            if self._said is not None:
                return
            self._said = message
        if self._on_problem is not None:
            self._on_problem(message)

    def history_of(self, routine_id: str, routine: Routine) -> RoutineHistory:
        """The routine's past sessions, last time and advice (blocks: call it from a worker).

        A log that does not exist yet is not created here: a first workout creates it.
        """
        history = self._read(routine_id, routine)
        with self._lock:
            self._histories[routine_id] = history
        return history

    def _read(self, routine_id: str, routine: Routine) -> RoutineHistory:
        if not self.path.exists() and not self.path.is_symlink():
            return RoutineHistory()
        try:
            log = self.handle.get()
            sessions = [s for s in log.sessions(routine_id) if s.status != "running"]
        except LogError as exc:
            self._problem(str(exc))
            return RoutineHistory(problem=str(exc))
        if not sessions:
            return RoutineHistory()  # no last time and no advice: nothing more to load or work out
        from backtimer.log.progression import advise
        from backtimer.log.queries import last_time

        return RoutineHistory(sessions, last_time(sessions), advise(routine, sessions))

    def cached(self, routine_id: str) -> RoutineHistory | None:
        """What ``history_of`` last read for the routine, without waiting; None before that."""
        with self._lock:
            return self._histories.get(routine_id)

    def record(
        self,
        session: Session,
        *,
        routine_id: str,
        written: Routine,
        auto_complete: bool = True,
    ) -> WorkoutRecorder:
        """Start recording ``session`` (call it as the session starts); see ``WorkoutRecorder``
        for ``auto_complete``."""
        if self.recorder is not None and not self.recorder.ended:
            self.recorder.end("interrupted")
        self.recorder = WorkoutRecorder(
            session,
            routine_id=routine_id,
            written=written,
            open_log=self.handle.get,
            writer=self.writer,
            on_error=self._problem,
            wall=self._wall,
            auto_complete=auto_complete,
        )
        self.recorder.start()
        return self.recorder

    def ended(self, *, quit: bool, at: int | None = None) -> None:
        """The workout under way ended: quit (``q`` ``y``, at step ``at``) or completed."""
        if self.recorder is not None:
            self.recorder.end("quit" if quit else "completed", at=at)

    @property
    def problem(self) -> str | None:
        """The log's problem, once one was met (said once through ``on_problem``)."""
        with self._lock:
            return self._said

    def close(self, timeout: float = CLOSE_TIMEOUT) -> bool:
        """The program is ending: a workout still under way was interrupted; the writes given
        are done (up to ``timeout``) and the file is closed. True if every write was done."""
        if self.recorder is not None and not self.recorder.ended:
            self.recorder.end("interrupted")
        done = self.writer.close(timeout)
        if done:
            self.handle.close()
        return done
