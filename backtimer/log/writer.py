"""Where the log's work runs: one opened log shared by the screens' reads and the recorder's
writes, and a thread that does the writes one after another, so a screen never waits for the disk.

Writes go through one queue because their order matters: a set's load can only be set once the
set is recorded, and a session ends after its last set. Reads (last time, history) need no order
and run in the screens' own worker threads; the ``Log`` is safe to share between threads.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from pathlib import Path

from backtimer.log.db import Log, open_log
from backtimer.log.records import LogError

Job = Callable[[], None]
OnError = Callable[[str], None]


class LogHandle:
    """The log at ``path``, opened the first time it is needed, from whichever thread needs it.

    An open that fails raises LogError each time it is asked for (the file is only read, never
    changed, on a failed open); ``problem`` keeps the first message, to show once.
    """

    def __init__(self, path: Path, opener: Callable[[Path], Log] = open_log) -> None:
        self.path = path
        self._opener = opener
        self._log: Log | None = None
        self._lock = threading.Lock()
        self.problem: str | None = None

    def get(self) -> Log:
        with self._lock:
            if self._log is None:
                try:
                    self._log = self._opener(self.path)
                except LogError as exc:
                    self.problem = self.problem or str(exc)
                    raise
            return self._log

    def close(self) -> None:
        with self._lock:
            if self._log is not None:
                self._log.close()
                self._log = None


class InlineWriter:
    """Runs each job at once, on the caller's thread: for tests and the command line."""

    def submit(self, job: Job) -> None:
        job()

    def close(self, timeout: float | None = None) -> bool:
        return True


class ThreadWriter:
    """Runs jobs in the order given on a thread of its own.

    ``close`` waits for the jobs already given (at most ``timeout`` seconds): the last ones of a
    workout (its last set, how it ended) are written before the program exits. A job that
    raises is the job's own business: it is reported to ``on_error`` and the next one runs.
    """

    def __init__(self, on_error: OnError | None = None, name: str = "backtimer-log") -> None:
        self._queue: queue.SimpleQueue[Job | None] = queue.SimpleQueue()
        self._on_error = on_error
        self._closed = False
        # A daemon: a write stuck on a locked file must not keep the program from exiting.
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def submit(self, job: Job) -> None:
        if not self._closed:
            self._queue.put(job)

    def _run(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            try:
                job()
            except Exception as exc:  # a fault of the job: reported, the writer carries on
                if self._on_error is not None:
                    self._on_error(f"the training log could not be written: {exc}")

    def close(self, timeout: float | None = None) -> bool:
        """Stop taking jobs, wait for those given; True if they are all done."""
        if not self._closed:
            self._closed = True
            self._queue.put(None)
        self._thread.join(timeout)
        return not self._thread.is_alive()
