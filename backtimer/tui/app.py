"""The Textual application: holds the clock and the sound, and moves between screens."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import termios
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from textual.app import App
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.widget import Widget

from backtimer.audio import Player
from backtimer.core.events import SoundEvent
from backtimer.core.fmt import printable
from backtimer.core.model import Routine
from backtimer.core.session import Clock
from backtimer.settings.catalog import Entry
from backtimer.settings.layers import Layers
from backtimer.settings.userconfig import UserConfig, config_path


class _Silent:
    """Plays nothing: in place while the real audio opens (a few milliseconds), or in tests."""

    def play(self, event: SoundEvent) -> None:
        pass

    def close(self) -> None:
        pass


class BacktimerApp(App[int]):
    """backtimer's screens: picker → preview → workout → summary, and practice."""

    CSS_PATH = "backtimer.tcss"
    TITLE = "backtimer"
    # The palette (Ctrl+P) switches themes; the footer leaves it out to keep room for the keys.
    BINDINGS = [
        Binding("ctrl+c", "quit_now", "Quit", show=False, priority=True),
    ]

    def __init__(
        self,
        *,
        start: Literal["picker", "workout", "practice"] = "picker",
        entry: Entry | None = None,
        routine: Routine | None = None,
        layers: Layers | None = None,
        exercise: str | None = None,
        player: Player | None = None,
        audio: str = "auto",
        config: UserConfig | None = None,
        clock: Clock = time.monotonic,
    ) -> None:
        super().__init__()
        self.start_with = start
        self.entry = entry
        self.routine = routine
        self.settings_layers = layers
        self.exercise = exercise
        self.clock = clock
        # A player given by the caller (tests) is used as is; otherwise one is opened on mount.
        self.player: Player = player if player is not None else _Silent()
        self._open_player = player is None
        self.config = config or UserConfig()
        self.audio_name = audio
        self.audio_status = "opening"
        self._audio_wanted: tuple[object, ...] | None = None
        self.muted = False
        self._event_loop: asyncio.AbstractEventLoop | None = None

    def on_mount(self) -> None:
        self._event_loop = asyncio.get_running_loop()
        if self.config.theme:
            if self.config.theme in self.available_themes:
                self.theme = self.config.theme
            else:
                names = ", ".join(sorted(self.available_themes))
                self.notify(
                    printable(
                        f"Unknown theme '{self.config.theme}' in config.yaml; themes: {names}"
                    ),
                    severity="warning",
                    markup=False,
                )
        self._install_signal_handlers()
        if self.settings_layers is not None and self.settings_layers.warnings:
            self._warn_broken(self.settings_layers)
        if self.start_with == "workout" and self.entry and self.routine:
            layers = self.settings_layers or self.layers_for(self.entry, self.routine)
            self.start_workout(self.entry, layers)
        elif self.start_with == "practice" and self.entry and self.routine:
            layers = self.settings_layers or self.layers_for(self.entry, self.routine)
            self.open_practice(self.entry, layers, exercise=self.exercise)
        else:
            from backtimer.tui.screens.picker import PickerScreen

            self.use_sounds_of(None, None)
            self.push_screen(PickerScreen())

    def _install_signal_handlers(self) -> None:
        # SIGTERM ends the program like q does: terminal restored, no traceback.
        loop = asyncio.get_running_loop()
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(signal.SIGTERM, self.exit, 128 + signal.SIGTERM)
        # SIGHUP too, but with a plain handler, not the loop's: when the terminal has gone the
        # loop can be stuck. Every write to a hung-up terminal fails, Textual's output thread
        # dies on the first failure, and the writes after it wait for ever on its full queue.
        with contextlib.suppress(ValueError):
            signal.signal(signal.SIGHUP, self._hung_up)

    def _hung_up(self, signum: int, frame: object) -> None:
        """SIGHUP: exit like q does, and never hang, even if the terminal has gone."""
        try:
            termios.tcgetattr(2)  # Textual draws on stderr
        except (termios.error, OSError):
            # Hung up: the terminal is gone, so send what is left to write to /dev/null.
            null = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):
                with contextlib.suppress(OSError):
                    os.dup2(null, fd)
            os.close(null)
        # The way out if the clean exit cannot finish (a write already waiting for ever).
        watchdog = threading.Timer(3.0, os._exit, (128 + signum,))
        watchdog.daemon = True
        watchdog.start()
        with contextlib.suppress(RuntimeError):
            asyncio.get_running_loop().call_soon(self.exit, 128 + signum)

    # -- navigation -------------------------------------------------------------------------

    def layers_for(self, entry: Entry, routine: Routine) -> Layers:
        """The routine's settings: your saved ones (a broken file is shown, then ignored)."""
        from backtimer.settings.overrides import build_layers

        layers = build_layers(entry, routine)
        self._warn_broken(layers)
        return layers

    def _warn_broken(self, layers: Layers) -> None:
        from backtimer.settings.overrides import ignored_notice

        if not layers.warnings:
            return
        lines = [str(e) for e in layers.warnings[:3]]
        if layers.overrides_path is not None:
            lines.append(ignored_notice(layers.routine_id, layers.overrides_path))
        self.notify(
            printable("\n".join(lines)),
            title="Saved settings",
            severity="warning",
            markup=False,
            timeout=10,
        )

    def open_preview(self, entry: Entry, routine: Routine) -> None:
        from backtimer.tui.screens.preview import PreviewScreen

        self.push_screen(PreviewScreen(entry, self.layers_for(entry, routine)))

    def start_workout(self, entry: Entry, layers: Layers) -> None:
        from backtimer.tui.screens.workout import WorkoutScreen

        self.use_sounds_of(entry, layers.routine)
        self.push_screen(WorkoutScreen(layers, clock=self.clock))

    def offer_save(self, layers: Layers, then: Callable[[], None] | None) -> None:
        """Ask to save the session's changes when there are any; then call ``then``."""
        from backtimer.settings.overrides import SaveError, save_layers
        from backtimer.tui.dialogs.confirm import Confirm

        if not layers.changed:
            if then is not None:
                then()
            return

        def saved(problem: str | None, where: str) -> None:
            if problem is not None:
                self.notify(printable(problem), title="Not saved", severity="error", markup=False)
                if then is not None:
                    # Leave time to read why before the program ends.
                    self.set_timer(3.0, then)
                return
            self.notify(printable(where), title="Saved", markup=False)
            if then is not None:
                then()

        def save() -> None:
            # A worker thread: writing (with fsync) must not hold up the screen.
            try:
                path = save_layers(layers)
            except SaveError as exc:
                self.call_from_thread(saved, str(exc), "")
                return
            where = f"Saved in {path}" if path else "Back to the routine's own values"
            self.call_from_thread(saved, None, where)

        def answered(yes: bool | None) -> None:
            if yes is None:  # q: leave without saving
                self.exit(0)
            elif yes:
                self.run_worker(save, thread=True, group="save", exit_on_error=False)
            elif then is not None:
                then()

        from backtimer.tui.screens.workout import describe_change

        changes = "\n".join(describe_change(layers.routine, o) for o in layers.session_changes())
        self.push_screen(
            Confirm("Save as your defaults for this routine?", changes, q_hint="quit unsaved"),
            answered,
        )

    def open_practice(self, entry: Entry, layers: Layers, exercise: str | None = None) -> None:
        """Practice the routine as it would run now: your saved settings and flags applied."""
        from backtimer.core.practice import find_exercise
        from backtimer.tui.screens.practice import PracticeScreen

        routine = layers.effective
        index = find_exercise(routine, exercise) if exercise else 0
        self.use_sounds_of(entry, routine)
        self.push_screen(PracticeScreen(routine, exercise=index, clock=self.clock))

    # -- sound ------------------------------------------------------------------------------

    def use_sounds_of(self, entry: Entry | None, routine: Routine | None) -> None:
        """Play this routine's own sounds and volume, if it sets any (None: yours alone)."""
        from backtimer.audio import resolve_sound_paths

        # The routine's sounds, then yours on top; your volume wins over the routine's.
        sounds = {}
        if entry is not None and routine is not None:
            sounds = resolve_sound_paths(routine.sounds, entry.path.parent)
        sounds.update(resolve_sound_paths(self.config.sounds, config_path().parent))
        volume = self.config.volume
        if volume is None and routine is not None:
            volume = routine.volume
        self._reopen_audio(volume, sounds)

    def _reopen_audio(self, volume: float | None, sounds: dict[SoundEvent, Path]) -> None:
        wanted = (self.audio_name, volume, tuple(sorted(sounds.items())))
        if not self._open_player or wanted == self._audio_wanted:
            return
        self._audio_wanted = wanted
        # Opening can take up to a second (a slow sound server): never on the event loop.
        self.run_worker(
            lambda: self._open_audio(volume, sounds),
            thread=True,
            group="audio",
            exit_on_error=False,
        )

    def _open_audio(self, volume: float | None, sounds: dict[SoundEvent, Path]) -> None:
        from backtimer.audio import open_audio

        player = open_audio(
            self.audio_name,
            volume=volume,
            user_sounds=sounds,
            on_notice=self._notice_from_audio,
            on_bell=self._bell_from_audio,
        )
        old, self.player = self.player, player
        old.close()
        skipped = ", ".join(name for name, _ in player.skipped)
        self.audio_status = player.name + (
            f" ({skipped} skipped: `backtimer sounds` says why)" if skipped else ""
        )

    def _notice_from_audio(self, text: str) -> None:
        self._from_any_thread(
            lambda: self.notify(printable(text), severity="warning", markup=False, timeout=6)
        )

    def _bell_from_audio(self, event: SoundEvent) -> None:
        self._from_any_thread(lambda: self.flash(event))

    def _from_any_thread(self, callback: Callable[[], None]) -> None:
        if threading.get_ident() == self._thread_id:
            callback()
            return
        loop = self._event_loop
        if loop is not None:
            # Never wait here: the audio worker must not block on the UI (or on quitting).
            with contextlib.suppress(RuntimeError):  # the loop is closed: the app has ended
                loop.call_soon_threadsafe(callback)

    def flash(self, event: SoundEvent | None = None) -> None:
        """Ring the terminal bell and flash: the bell backend's sound, for eyes as well as ears.

        The flash tints the clock panel where there is one, else the screen: repainting one
        panel is far cheaper than the whole screen. A count's tick rings without a flash: the
        count on screen already changes, and a flash every second would only be noise.
        """
        self.bell()
        if event is SoundEvent.TICK:
            return
        try:
            target: Widget = self.screen.query_one("#clock-box")
        except NoMatches:
            target = self.screen
        target.add_class("-flash")
        self.set_timer(0.15, lambda: target.remove_class("-flash"))

    def play_sound(self, event: SoundEvent) -> None:
        if not self.muted:
            self.player.play(event)

    def toggle_mute(self) -> bool:
        self.muted = not self.muted
        return self.muted

    def action_quit_now(self) -> None:
        self.exit(0)

    async def on_unmount(self) -> None:
        # Closing joins the audio worker; a device left open would hang the exit.
        self.player.close()
