"""The terminal driver on Linux and macOS: Textual's, with an input thread that sleeps until a key
comes instead of waking ten times a second.

Textual's input thread waits for input a tenth of a second at a time, so that it sees the app
exit and lets a lone Escape go once no more of a key sequence follows. Over a workout, where
nothing is typed for minutes, those wakes were a third of the app's CPU. Here the thread waits
without a deadline while nothing is pending; it wakes for input, for the app's exit (a byte on
a pipe of its own, written as the exit is signalled), and a tenth of a second at a time only
while a key's last bytes could still come (Textual's escape delay, after any input).
"""

from __future__ import annotations

import contextlib
import os
import selectors
import threading
import time
from codecs import getincrementaldecoder
from collections.abc import Callable
from typing import Any

from textual import constants
from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver

POLL = 0.1  # how often Textual's thread looks for a lone Escape's end; ours too, while one may be
QUIET_AFTER = constants.ESCAPE_DELAY + 2 * POLL  # input this long ago has nothing left pending


class _WakingEvent(threading.Event):
    """An event that, once set, calls ``wake``: a thread asleep waiting for input sees it."""

    def __init__(self, wake: Callable[[], None]) -> None:
        super().__init__()
        self._wake = wake

    def set(self) -> None:
        super().set()  # first: the thread that wakes must find it set
        self._wake()


class QuietLinuxDriver(LinuxDriver):
    """``LinuxDriver`` whose input thread sleeps while no input is coming."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._wake_pipe: tuple[int, int] | None = None  # while an input thread runs
        # Textual sets this event to stop the input thread, then joins it.
        self.exit_event = _WakingEvent(self._wake_thread)

    def _open_wake(self) -> None:
        """A pipe for the next input thread to wake on (made before it starts, so a stop
        that comes at once still wakes it)."""
        self._close_wake()
        read, write = os.pipe()
        os.set_blocking(read, False)
        self._wake_pipe = (read, write)

    def _wake_thread(self) -> None:
        if self._wake_pipe is not None:
            with contextlib.suppress(OSError):
                os.write(self._wake_pipe[1], b"x")

    def _close_wake(self) -> None:
        # Closed here, once the thread has been joined, never by the thread itself: a write
        # to a number closed and given to another file would land in that file.
        if self._wake_pipe is not None:
            for fd in self._wake_pipe:
                with contextlib.suppress(OSError):
                    os.close(fd)
            self._wake_pipe = None

    def start_application_mode(self) -> None:
        self._open_wake()  # also when resumed after a suspend
        super().start_application_mode()  # type: ignore[no-untyped-call]

    def disable_input(self) -> None:
        super().disable_input()  # sets exit_event, which wakes the thread, and joins it
        if self._key_thread is None or not self._key_thread.is_alive():
            self._close_wake()

    def run_input_thread(self) -> None:
        """Textual's input loop (``LinuxDriver.run_input_thread``), with the wait above."""
        assert self._wake_pipe is not None, "start_application_mode opens it"
        wake_read = self._wake_pipe[0]
        selector = selectors.SelectSelector()
        fileno = self.fileno
        selector.register(fileno, selectors.EVENT_READ)
        selector.register(wake_read, selectors.EVENT_READ)
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")().decode
        last_input = -QUIET_AFTER

        def process(events: list[tuple[selectors.SelectorKey, int]], final: bool = False) -> bool:
            """Hand on what was read and what the parser let go; whether input came."""
            came = False
            for key, _mask in events:
                if key.fd != fileno:
                    continue  # the exit: the loop sees it
                came = True
                data = decode(os.read(fileno, 1024 * 4), final=final)
                if not data:
                    break  # stdin piped, and at its end
                for event in parser.feed(data):
                    self.process_message(event)
            for event in parser.tick():
                self.process_message(event)
            return came

        try:
            while not self.exit_event.is_set():
                pending = time.monotonic() - last_input < QUIET_AFTER
                if process(selector.select(POLL if pending else None)):
                    last_input = time.monotonic()
            selector.unregister(fileno)
            process(selector.select(0), final=True)
        finally:
            selector.close()
            with contextlib.suppress(EOFError, ParseError):
                for _event in parser.feed(""):
                    pass
