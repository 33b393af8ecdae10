"""The terminal driver's input thread: asleep while nothing is typed (Textual's wakes ten times a
second), yet every key comes through, a lone Escape once the escape delay is over, and the
thread stops at once when the app exits or is suspended, and waits again when resumed."""

from __future__ import annotations

import asyncio
import os
import selectors
import signal
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from textual import events
from textual.app import App
from textual.message import Message

from backtimer.tui import driver as driver_module
from backtimer.tui.app import BacktimerApp
from backtimer.tui.driver import QUIET_AFTER, QuietLinuxDriver

DEADLINE = 3.0  # seconds: far more than any of this takes


class NotingSelector(selectors.SelectSelector):
    """The selector the thread waits with, noting each wait's timeout."""

    timeouts: list[float | None]

    def select(self, timeout: float | None = None) -> list[tuple[selectors.SelectorKey, int]]:
        self.timeouts.append(timeout)
        return super().select(timeout)


async def made() -> QuietLinuxDriver:
    return QuietLinuxDriver(App())


class Input:
    """A driver whose input is a pipe, its input thread running, and what it handed on."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.timeouts: list[float | None] = []
        timeouts = self.timeouts

        class Noting(NotingSelector):
            def __init__(self) -> None:
                super().__init__()
                self.timeouts = timeouts

        monkeypatch.setattr(driver_module.selectors, "SelectSelector", Noting)
        self.driver = asyncio.run(made())  # a driver is made inside the app's event loop
        self.read_end, self.write_end = os.pipe()
        self.driver.fileno = self.read_end
        self.messages: list[Message] = []
        self.driver.process_message = self.messages.append  # type: ignore[method-assign]
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the thread as the driver's ``start_application_mode`` does."""
        self.driver._open_wake()
        self.thread = threading.Thread(target=self.driver.run_input_thread, daemon=True)
        self.thread.start()

    def stop(self) -> bool:
        """Stop the thread as the driver's ``disable_input`` does; whether it stopped."""
        assert self.thread is not None
        self.driver.exit_event.set()
        self.thread.join(DEADLINE)
        stopped = not self.thread.is_alive()
        self.driver.exit_event.clear()
        if stopped:
            self.driver._close_wake()
        return stopped

    def type(self, text: str) -> None:
        os.write(self.write_end, text.encode())

    def keys(self) -> list[str]:
        return [m.key for m in list(self.messages) if isinstance(m, events.Key)]

    def close(self) -> None:
        if self.thread is not None and self.thread.is_alive():
            self.stop()
        self.driver.close()
        os.close(self.read_end)
        os.close(self.write_end)


def eventually(condition: Callable[[], bool]) -> bool:
    deadline = time.monotonic() + DEADLINE
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    return True


@pytest.fixture
def piped(monkeypatch: pytest.MonkeyPatch) -> Iterator[Input]:
    # The driver takes over Ctrl+Z's signals, as Textual's does: given back after.
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGTSTP, signal.SIGCONT)}
    given = Input(monkeypatch)
    try:
        yield given
    finally:
        given.close()
        for sig, handler in handlers.items():
            signal.signal(sig, handler)


def waiting_without_deadline(given: Input) -> Callable[[], bool]:
    return lambda: bool(given.timeouts) and given.timeouts[-1] is None


def test_the_input_thread_sleeps_without_a_deadline_while_nothing_is_typed(piped: Input) -> None:
    piped.start()
    assert eventually(waiting_without_deadline(piped))
    assert piped.timeouts == [None]  # asleep at once: no wake ten times a second


def test_keys_come_through_and_a_lone_escape_once_the_delay_is_over(piped: Input) -> None:
    piped.start()
    assert eventually(waiting_without_deadline(piped))
    piped.type("a")
    assert eventually(lambda: piped.keys() == ["a"])
    # A lone Escape could be the start of a longer key: it goes once nothing follows it, so
    # the thread looks again within the delay, then sleeps without a deadline once more.
    piped.type("\x1b")
    assert eventually(lambda: piped.keys() == ["a", "escape"])
    assert any(timeout is not None and timeout <= QUIET_AFTER for timeout in piped.timeouts)
    assert eventually(waiting_without_deadline(piped))


def test_the_thread_stops_at_once_when_asleep_and_sleeps_again_when_started_again(
    piped: Input,
) -> None:
    piped.start()
    assert eventually(waiting_without_deadline(piped))
    started = time.monotonic()
    assert piped.stop()  # asleep without a deadline, yet woken by the exit
    assert time.monotonic() - started < 1.0
    # Suspended (Ctrl+Z) and resumed: a new thread, which sleeps too, not woken by the old exit.
    piped.timeouts.clear()
    piped.start()
    assert eventually(waiting_without_deadline(piped))
    piped.type("b")
    assert eventually(lambda: piped.keys() == ["b"])
    assert piped.stop()


def test_the_app_runs_with_this_driver_where_textual_would_use_its_linux_driver(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("textual.constants.DRIVER", None)
    assert BacktimerApp(audio="off").get_driver_class() is QuietLinuxDriver
    # A driver named in TEXTUAL_DRIVER is Textual's to honour.
    headless = "textual.drivers.headless_driver:HeadlessDriver"
    monkeypatch.setattr("textual.constants.DRIVER", headless)
    chosen: Any = BacktimerApp(audio="off").get_driver_class()
    assert chosen.__name__ == "HeadlessDriver"
