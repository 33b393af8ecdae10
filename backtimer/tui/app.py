"""The Textual application: holds the clock and the sound, and moves between screens."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import time
from typing import Literal, Protocol

from textual.app import App
from textual.binding import Binding

from backtimer.catalog import Entry
from backtimer.events import SoundEvent
from backtimer.model import Routine
from backtimer.plan import Settings
from backtimer.session import Clock


class Player(Protocol):
    """What the app needs of the audio layer: play returns at once."""

    def play(self, event: SoundEvent) -> None: ...

    def close(self) -> None: ...


class _Bell:
    """Plays every event as the terminal bell, until a real audio backend is given."""

    def __init__(self, app: App[int]) -> None:
        self.app = app

    def play(self, event: SoundEvent) -> None:
        self.app.bell()

    def close(self) -> None:
        pass


class BacktimerApp(App[int]):
    """backtimer's screens: picker → preview → workout → summary, and practice."""

    CSS_PATH = "backtimer.tcss"
    TITLE = "backtimer"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("ctrl+c", "quit_now", "Quit", show=False, priority=True),
    ]

    def __init__(
        self,
        *,
        start: Literal["picker", "workout", "practice"] = "picker",
        entry: Entry | None = None,
        routine: Routine | None = None,
        settings: Settings | None = None,
        exercise: str | None = None,
        player: Player | None = None,
        clock: Clock = time.monotonic,
    ) -> None:
        super().__init__()
        self.start_with = start
        self.entry = entry
        self.routine = routine
        self.settings = settings or Settings()
        self.exercise = exercise
        self.clock = clock
        self.player: Player = player if player is not None else _Bell(self)
        self.muted = False

    def on_mount(self) -> None:
        self._install_signal_handlers()
        if self.start_with == "workout" and self.entry and self.routine:
            self.start_workout(self.entry, self.routine, self.settings, replace=False)
        elif self.start_with == "practice" and self.entry and self.routine:
            self.open_practice(self.entry, self.routine, exercise=self.exercise)
        else:
            from backtimer.tui.picker import PickerScreen

            self.push_screen(PickerScreen())

    def _install_signal_handlers(self) -> None:
        # SIGTERM and SIGHUP end the program like q does: terminal restored, no traceback.
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGHUP):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(sig, self.exit, 128 + sig)

    # -- navigation -------------------------------------------------------------------------

    def open_preview(self, entry: Entry, routine: Routine) -> None:
        from backtimer.tui.preview import PreviewScreen

        self.push_screen(PreviewScreen(entry, routine, self.settings))

    def start_workout(
        self, entry: Entry, routine: Routine, settings: Settings, *, replace: bool = False
    ) -> None:
        from backtimer.tui.workout import WorkoutScreen

        screen = WorkoutScreen(routine, settings, clock=self.clock, routine_id=entry.id)
        self.push_screen(screen)

    def open_practice(self, entry: Entry, routine: Routine, exercise: str | None = None) -> None:
        from backtimer.practice import find_exercise
        from backtimer.tui.practice import PracticeScreen

        index = find_exercise(routine, exercise) if exercise else 0
        self.push_screen(PracticeScreen(routine, exercise=index, clock=self.clock))

    # -- sound ------------------------------------------------------------------------------

    def play_sound(self, event: SoundEvent) -> None:
        if not self.muted:
            self.player.play(event)

    def toggle_mute(self) -> bool:
        self.muted = not self.muted
        return self.muted

    def action_quit_now(self) -> None:
        self.exit(0)

    async def on_unmount(self) -> None:
        self.player.close()
