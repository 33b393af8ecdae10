"""The Textual application: holds the clock and the sound, and moves between screens.

Screens ask for what comes next with messages (``tui.messages``); the app opens the screens,
asks to save, and quits. Quitting always goes the same way, whatever asked for it (q, the
footer, the command palette, Ctrl+Q): the screen on top decides (the workout asks first and shows
its summary); only Ctrl+C and signals end the program at once, with 128 + the signal's number
(Ctrl+C: 130, as for SIGINT).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import signal
import termios
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from textual import events, on, work
from textual.app import App
from textual.binding import Binding
from textual.color import Color
from textual.css.query import NoMatches
from textual.dom import DOMNode
from textual.driver import Driver
from textual.geometry import Size
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widget import Widget

from backtimer.audio import Player
from backtimer.core.events import SoundEvent
from backtimer.core.model import Routine
from backtimer.core.session import Clock
from backtimer.settings.catalog import Entry
from backtimer.settings.layers import Layers
from backtimer.settings.overrides import entry_key
from backtimer.settings.userconfig import UserConfig, config_path
from backtimer.tui import messages
from backtimer.tui.screens.base import NoticeScreen
from backtimer.tui.sound import Sound
from backtimer.tui.widgets.phase_style import phase_css_variables

if TYPE_CHECKING:
    from backtimer.audio.speech import VoiceSetup
    from backtimer.audio.speech.live import LiveVoice
    from backtimer.log.training import TrainingLog

__all__ = ["BacktimerApp", "Player"]

S = TypeVar("S", bound=Screen[Any])


def _resume_collector() -> None:
    """Start the collector again, with what the first frame needed (the plan, the screen) kept
    out of its scans: it lives as long as the workout, and a long routine's plan (36,000 steps
    for 1,000 exercises) made each full pass cost more, so a tick cost more than borden-back's."""
    gc.freeze()
    gc.enable()


class BacktimerApp(App[int]):
    """backtimer's screens: picker → preview → workout → summary, and practice."""

    CSS_PATH = "backtimer.tcss"
    TITLE = "backtimer"
    # The palette (Ctrl+P) switches themes; the footer leaves it out to keep room for the keys.
    BINDINGS = [
        Binding("ctrl+c", "quit_now", "Quit now", show=False, priority=True),
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
        voice: VoiceSetup | None = None,
        log_path: Path | None = None,
    ) -> None:
        super().__init__()
        # The training log's file; None records nothing (--no-log, log: false, tests).
        self.log_path = log_path
        self.training_log: TrainingLog | None = None
        self.start_with = start
        self.entry = entry
        self.routine = routine
        self.settings_layers = layers
        self.exercise = exercise
        self.clock = clock
        # A player given by the caller (tests) is used as is; otherwise one is opened on mount.
        self.sound = Sound(player)
        self._open_player = player is None
        self.config = config or UserConfig()
        self.audio_name = audio
        self._audio_wanted: tuple[object, ...] | None = None
        # None (tests) or --audio off: no voice; nothing could be heard anyway.
        self.voice_setup = voice if audio != "off" else None
        self.voice: LiveVoice | None = None
        self._first_frame_whole = True  # see _end_batch
        self._styled_screen: Screen[Any] | None = None  # see update_styles
        self._sized_to: Size | None = None  # see _same_size

    def get_driver_class(self) -> type[Driver]:
        from textual.drivers.linux_driver import LinuxDriver

        from backtimer.tui.driver import QuietLinuxDriver

        driver = super().get_driver_class()
        # Textual's own terminal driver, not one named in TEXTUAL_DRIVER: the same, quieter.
        return QuietLinuxDriver if driver is LinuxDriver else driver

    def _end_batch(self) -> None:
        # Start-up (composing and mounting the first screen, the cues laid out at their width)
        # runs in Textual's update batch, which draws nothing: the frames made inside it are
        # dropped. The compositor still counts them as drawn, so the first frame after the
        # batch would hold only what changed since (the cues) and the rest would wait for the
        # screen's next refresh tick. Marking the whole screen dirty as the batch ends makes
        # that first frame the whole screen, and drawing it as soon as the screen has taken
        # what start-up sent it, rather than at its next refresh tick (up to 1/60 s later;
        # 12 ms on a terminal), shows it that much sooner.
        super()._end_batch()
        if self._first_frame_whole and self._running and not self._batch_count:
            self._first_frame_whole = False
            self._styled_screen = None
            # Textual's internals: if they change, the first frame only comes a tick later.
            with contextlib.suppress(AttributeError, LookupError):
                screen = self.screen
                compositor = screen._compositor
                compositor._dirty_regions.add(compositor.size.region)
                # After the layout requests start-up left in the screen's queue (the cues at
                # their width): drawn before them, the screen is laid out again just after.
                screen.call_later(_draw_whole, screen)

    def _draw_again(self, _app: App[Any]) -> None:
        # Stopped (SIGTSTP) and continued: the terminal showed something else meanwhile, and
        # Textual would draw again only what changes, leaving the rest of the screen blank.
        self.refresh(layout=True)

    @on(events.Resize)
    def _same_size(self, event: events.Resize) -> None:
        # Textual keeps a resize to the size the app already has, and hands it to the screen
        # once the app is idle: the whole workout screen laid out and drawn again for nothing
        # (tmux sends one just after start). Such a resize stops here; any other goes on.
        if event.size == self._sized_to:
            event.prevent_default()
            event.stop()
        self._sized_to = event.size

    def update_styles(self, node: DOMNode, animate: bool = True) -> None:
        if node is self._styled_screen:
            # The workout screen opened at start-up: Textual restyles it and all inside it as it
            # is shown (ScreenResume), though each widget was styled as it mounted, for this
            # size (``sized``), and nothing has changed since: a fifth of what styling costs
            # before the first frame. Skipped that once; the first frame is the same.
            self._styled_screen = None
            return
        super().update_styles(node, animate)

    def get_css_variables(self) -> dict[str, str]:
        # $phase-move, $phase-hold, ...: each phase kind's colour, readable on this theme.
        return {**super().get_css_variables(), **phase_css_variables(self.current_theme)}

    def on_mount(self) -> None:
        if not gc.isenabled():
            # Started with the collector paused (the command line's start-up): building the
            # first screen makes no garbage cycles worth a pass, so it resumes once that is drawn.
            self.call_after_refresh(_resume_collector)
        if self.config.theme:
            if self.config.theme in self.available_themes:
                self.theme = self.config.theme
            else:
                names = ", ".join(sorted(self.available_themes))
                self.notify(
                    f"Unknown theme '{self.config.theme}' in config.yaml; themes: {names}",
                    severity="warning",
                    markup=False,
                )
        self._install_signal_handlers()
        self.app_resume_signal.subscribe(self, self._draw_again)
        self._open_voice()
        self._open_training_log()
        if self.start_with == "workout" and self.entry and self.routine:
            layers = self.settings_layers or self.layers_for(self.entry, self.routine)
            self.start_workout(self.entry, layers)
            self._warn_broken(layers)
        elif self.start_with == "practice" and self.entry and self.routine:
            layers = self.settings_layers or self.layers_for(self.entry, self.routine)
            self.open_practice(self.entry, layers, exercise=self.exercise)
            self._warn_broken(layers)
        else:
            from backtimer.tui.screens.picker import PickerScreen

            self.use_sounds_of(None, None)
            self.push_screen(self.sized(PickerScreen()))

    def _install_signal_handlers(self) -> None:
        # SIGTERM ends the program at once: terminal restored, no traceback.
        loop = asyncio.get_running_loop()
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(signal.SIGTERM, self.exit, 128 + signal.SIGTERM)
        # SIGHUP too, but with a plain handler, not the loop's: when the terminal has gone the
        # loop can be stuck. Every write to a hung-up terminal fails, Textual's output thread
        # dies on the first failure, and the writes after it wait for ever on its full queue.
        with contextlib.suppress(ValueError):
            signal.signal(signal.SIGHUP, self._hung_up)

    def _hung_up(self, signum: int, frame: object) -> None:
        """SIGHUP: exit at once, and never hang, even if the terminal has gone."""
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

    def sized(self, screen: S) -> S:
        """``screen`` with the breakpoint classes (``-narrow``, ``-tall``, ...) of the terminal's
        size already set, as Textual sets them when the screen first gets its size: its widgets
        are then styled once for that size, not styled and then all styled again."""
        width, height = self.size
        for breakpoints, extent in (
            (screen.HORIZONTAL_BREAKPOINTS or self.HORIZONTAL_BREAKPOINTS, width),
            (screen.VERTICAL_BREAKPOINTS or self.VERTICAL_BREAKPOINTS, height),
        ):
            # The largest breakpoint the extent reaches, as Textual picks it.
            reached = [(at, name) for at, name in breakpoints or () if extent >= at]
            if reached:
                screen.add_class(max(reached)[1], update=False)
        return screen

    # -- notices ----------------------------------------------------------------------------

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Notices go to the screen's own notice line, never over the count or the cue."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, NoticeScreen):
                text = f"{title}: {message}" if title else message
                if markup:
                    from textual.content import Content

                    text = Content.from_markup(text).plain
                screen.show_notice(
                    text, severity=severity, timeout=timeout or self.NOTIFICATION_TIMEOUT
                )
                return
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    # -- navigation -------------------------------------------------------------------------

    def layers_for(self, entry: Entry, routine: Routine) -> Layers:
        """The routine's settings: your saved ones (a broken file is ignored; ``_warn_broken``
        says so once the screen that uses them is open)."""
        from backtimer.settings.overrides import build_layers

        layers = build_layers(entry, routine)
        return layers

    def _warn_broken(self, layers: Layers) -> None:
        from backtimer.settings.overrides import ignored_notice

        if not layers.warnings:
            return
        lines = [str(e) for e in layers.warnings[:3]]
        if layers.overrides_path is not None:
            lines.append(ignored_notice(layers.routine_id, layers.overrides_path))
        self.notify(
            "\n".join(lines), title="Saved settings", severity="warning", markup=False, timeout=10
        )

    @on(messages.OpenPreview)
    def _open_preview(self, message: messages.OpenPreview) -> None:
        from backtimer.tui.screens.preview import PreviewScreen

        layers = self.layers_for(message.entry, message.routine)
        self.push_screen(PreviewScreen(message.entry, layers))
        self._warn_broken(layers)
        if self.voice is not None:
            self.voice.prepare(layers.plan)  # its words rendered before start is pressed

    @on(messages.StartWorkout)
    def _start_workout(self, message: messages.StartWorkout) -> None:
        self.start_workout(message.entry, message.layers)

    @on(messages.OpenPractice)
    def _open_practice(self, message: messages.OpenPractice) -> None:
        layers = message.layers or self.layers_for(message.entry, message.routine)
        self.open_practice(message.entry, layers)
        if message.layers is None:
            self._warn_broken(layers)

    @on(messages.WorkoutEnded)
    def _workout_ended(self, message: messages.WorkoutEnded) -> None:
        from backtimer.tui.screens.summary import SummaryScreen

        if self.training_log is not None:
            stopped = message.stopped_at
            self.training_log.ended(
                quit=stopped is not None, at=None if stopped is None else stopped.index
            )
        summary = SummaryScreen(message.session, message.layers, stopped_at=message.stopped_at)
        self.switch_screen(summary)

    @on(messages.GoOn)
    def _go_on(self, message: messages.GoOn) -> None:
        from backtimer.tui.screens.workout import WorkoutScreen

        self.switch_screen(WorkoutScreen(message.layers, sound=self.sound, session=message.session))
        if self.voice is not None:
            self.voice.follow(message.session)

    def start_workout(self, entry: Entry, layers: Layers) -> None:
        from backtimer.tui.screens.workout import WorkoutScreen

        self.use_sounds_of(entry, layers.routine)
        screen = WorkoutScreen(layers, sound=self.sound, clock=self.clock)
        if self.training_log is not None:
            # Recorded under the key its saved settings go by: a routine given by path is not
            # the shipped routine of the same id. The app says how it ended (_workout_ended).
            key = entry_key(entry)
            self.training_log.record(
                screen.session, routine_id=key, written=layers.routine, auto_complete=False
            )
            # Read once the first frame is drawn: the thread would only slow that down.
            self.call_after_refresh(self._read_history, key, layers.routine)
        if self._first_frame_whole:  # the screen of the first frame: see update_styles
            self._styled_screen = screen
        self.push_screen(self.sized(screen))
        if self.voice is not None:
            self.voice.follow(screen.session)  # speaks from the plan as the session runs

    # -- the training log -------------------------------------------------------------------

    def _open_training_log(self) -> None:
        if self.log_path is None:
            return
        from backtimer.log.training import TrainingLog

        self.training_log = TrainingLog(
            self.log_path,
            weight_unit=self.config.units or "kg",
            on_problem=self._log_problem,
        )

    def _log_problem(self, text: str) -> None:
        # From the log's writer thread or a worker: a message is the thread-safe way in.
        self.post_message(messages.LogNotice(text))

    # Each worker that takes a routine or the settings names itself: by default Textual describes
    # a worker by the repr of its arguments, and a 1,000-exercise routine's takes 10 ms to make.
    @work(thread=True, group="log-read", exit_on_error=False, description="read the history")
    def _read_history(self, routine_id: str, routine: Routine) -> None:
        """Last time and the advice for the workout's screen: read off the event loop."""
        if self.training_log is not None:
            self.training_log.history_of(routine_id, routine)
            self.post_message(messages.LogRead())

    @on(messages.LogRead)
    def _log_read(self) -> None:
        from backtimer.tui.widgets.log_line import LogLine

        for line in self.screen.query(LogLine):
            line.follow(line.session.step)

    @on(messages.LogNotice)
    def _log_notice(self, message: messages.LogNotice) -> None:
        self.notify(
            message.text, title="Training log", severity="warning", timeout=10, markup=False
        )

    @on(messages.OpenHistory)
    def _open_history(self, message: messages.OpenHistory) -> None:
        from backtimer.tui.screens.history import HistoryScreen

        log = self.training_log
        self.push_screen(
            HistoryScreen(
                message.routine_id,
                title=message.title,
                path=log.path if log is not None else None,
                handle=log.handle if log is not None else None,
            )
        )

    def open_practice(self, entry: Entry, layers: Layers, exercise: str | None = None) -> None:
        """Practice the routine as it would run now: your saved settings and flags applied."""
        from backtimer.core.practice import find_exercise
        from backtimer.tui.screens.practice import PracticeScreen

        routine = layers.effective
        index = find_exercise(routine, exercise) if exercise else 0
        self.use_sounds_of(entry, routine)
        if self.voice is not None:
            self.voice.prepare_texts(t for ex in routine.exercises for t in (ex.name, *ex.cues))
        self.push_screen(
            self.sized(PracticeScreen(routine, exercise=index, sound=self.sound, clock=self.clock))
        )

    # -- saving and quitting ----------------------------------------------------------------

    @on(messages.OfferSave)
    def _offer_save(self, message: messages.OfferSave) -> None:
        self.offer_save(message.layers, then_quit=message.then_quit)

    def offer_save(self, layers: Layers, *, then_quit: bool = False) -> None:
        """Ask to save the session's changes when there are any; then quit if ``then_quit``."""
        from backtimer.tui.dialogs.confirm import Confirm
        from backtimer.tui.wording import describe_change

        if not layers.changed:
            if then_quit:
                self.exit(0)
            return

        def answered(yes: bool | None) -> None:
            if yes is None:  # q: leave without saving
                self.exit(0)
            elif yes:
                self._save(layers, then_quit)
            elif then_quit:
                self.exit(0)

        count = layers.count_seconds
        changes = "\n".join(
            describe_change(layers.routine, o, count) for o in layers.session_changes()
        )
        self.push_screen(
            Confirm(
                "Save as your defaults for this routine?",
                changes,
                yes="save",
                no="don't save",
                q="quit unsaved",
            ),
            answered,
        )

    @work(thread=True, group="save", exit_on_error=False, description="save the settings")
    def _save(self, layers: Layers, then_quit: bool) -> None:
        """Write the settings off the event loop: saving fsyncs, which can take a while."""
        from backtimer.settings.overrides import SaveError, save_layers

        try:
            path = save_layers(layers)
        except SaveError as exc:
            self.call_from_thread(self._saved, str(exc), then_quit)
            return
        # Shown after the title "Saved": the file, or that there is none left to differ.
        where = str(path) if path else "back to the routine's own values"
        self.call_from_thread(self._saved, None, then_quit, where)

    def _saved(self, problem: str | None, then_quit: bool, where: str = "") -> None:
        if problem is not None:
            self.notify(problem, title="Not saved", severity="error", markup=False, timeout=8)
            if then_quit:
                self.set_timer(3.0, lambda: self.exit(0))  # time to read why first
            return
        self.notify(where, title="Saved", markup=False)
        if then_quit:
            self.exit(0)

    async def action_quit(self) -> None:
        """Quit the way the screen on top says: the workout asks first and shows its summary."""
        from backtimer.tui.dialogs.confirm import Confirm

        top = self.screen
        if isinstance(top, Confirm):
            top.action_quit_key()  # quitting while asked: the dialog's own q
            return
        for screen in reversed(self.screen_stack):
            if isinstance(screen, NoticeScreen):
                if screen is not top:
                    top.dismiss(None)  # a help or the like over it: out of the way first
                screen.ask_to_quit()
                return
        self.exit(0)

    def action_quit_now(self) -> None:
        """Ctrl+C: an interrupt, ended at once as SIGINT ends a command (130), not a quit."""
        self.exit(128 + signal.SIGINT)

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
        if self.audio_name == "off":
            # Silence asked for: the silent player stays, and no sound library is loaded, no
            # sound file read, no worker started for it.
            self._audio_wanted = wanted
            self.sound.status = "off"
            return
        self._audio_wanted = wanted
        self._open_audio(volume, sounds)

    @work(thread=True, group="audio", exit_on_error=False, description="open the audio")
    def _open_audio(self, volume: float | None, sounds: dict[SoundEvent, Path]) -> None:
        """Opening can take up to a second (a slow sound server): never on the event loop."""
        from backtimer.audio import open_audio

        player = open_audio(
            self.audio_name,
            volume=volume,
            user_sounds=sounds,
            # Called from the audio worker: messages are the thread-safe way in.
            on_notice=self._notice_from_audio,
            on_bell=self._bell_from_audio,
        )
        self.sound.use(player)
        if self.voice is not None:
            self.voice.use_sounds(player.sounds, volume)  # phrases at the beeps' volume
        skipped = ", ".join(name for name, _ in player.skipped)
        self.sound.status = player.name + (
            f" ({skipped} skipped: `backtimer sounds` says why)" if skipped else ""
        )

    def _open_voice(self) -> None:
        """The voice opens its engine and renders on a thread of its own: start-up never waits."""
        if self.voice_setup is None or self.voice_setup.off:
            return
        from backtimer.audio.speech.live import LiveVoice

        self.voice = LiveVoice(
            self.voice_setup, self.sound, clock=self.clock, on_notice=self._notice_from_audio
        )
        self.sound.voice = self.voice

    def _notice_from_audio(self, text: str) -> None:
        self.post_message(messages.AudioNotice(text))

    def _bell_from_audio(self, event: SoundEvent) -> None:
        self.post_message(messages.BellRang(event))

    @on(messages.AudioNotice)
    def _audio_notice(self, message: messages.AudioNotice) -> None:
        self.notify(message.text, severity="warning", markup=False, timeout=6)

    @on(messages.BellRang)
    def _bell_rang(self, message: messages.BellRang) -> None:
        self.flash(message.event)

    def flash(self, event: SoundEvent | None = None) -> None:
        """Ring the terminal bell and flash: the bell backend's sound, for eyes as well as ears.

        The flash tints the phase panel where there is one, else the screen: repainting that
        much is far cheaper than the whole screen, and it is where the eyes are. A count's tick
        rings without a flash: the count on screen already changes, and a flash every second
        would only be noise.
        """
        self.bell()
        if event is SoundEvent.TICK:
            return
        try:
            target: Widget = self.screen.query_one("#clock")
        except NoMatches:
            target = self.screen
        # An inline tint, not a class: a class would restyle the widget and all inside it twice.
        target.styles.tint = Color.parse(self.current_theme.warning or "yellow").with_alpha(0.35)
        self.set_timer(0.15, lambda: setattr(target.styles, "tint", None))

    async def on_unmount(self) -> None:
        if self.voice is not None:
            self.voice.close()
        # Closing joins the audio worker; a device left open would hang the exit.
        self.sound.close()
        if self.training_log is not None:
            # A workout still under way was interrupted; its last writes finish first.
            self.training_log.close()


def _draw_whole(screen: Screen[Any]) -> None:
    """Lay out and draw ``screen`` now, as its refresh tick would, once (see ``_end_batch``)."""
    with contextlib.suppress(AttributeError, LookupError):
        if screen._layout_required or screen._scroll_required:
            # Draws the whole screen; the tick would draw it all again for the repaint still
            # marked, so nothing is left marked.
            screen._refresh_layout(scroll=screen._scroll_required)
            screen._layout_required = screen._scroll_required = False
            screen._repaint_required = False
            screen._dirty_widgets.clear()
        else:
            screen._compositor_refresh()
