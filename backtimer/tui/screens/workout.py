"""The workout screen: follows a Session live and turns keys into Session calls.

Layout, top to bottom: the exercise and where in it (round, rep); the phase panel (the phase word
and the count in big type); the cue list and the tips; what comes next; the progress bar with
the times. The panels share the height in proportion; below 60 columns or 20 rows a compact
layout (breakpoint classes ``-narrow`` and ``-short``) keeps the phase, the count and the
current cues.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, replace
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget

from backtimer.core.fmt import number
from backtimer.core.plan import Step
from backtimer.core.session import Clock, Session, SessionEvent
from backtimer.settings.layers import Layers
from backtimer.settings.values import COUNT_SECONDS_STEP, Override
from backtimer.tui import messages
from backtimer.tui.screens.base import NoticeScreen
from backtimer.tui.sound import Sound
from backtimer.tui.widgets.blank import Column, Row
from backtimer.tui.widgets.cues import CueList
from backtimer.tui.widgets.heading import Heading
from backtimer.tui.widgets.keyline import KeyLine
from backtimer.tui.widgets.log_line import LOG_KEYS, LogLine, training_log_of
from backtimer.tui.widgets.notice import Notice
from backtimer.tui.widgets.phase_panel import PhasePanel
from backtimer.tui.widgets.progress import WorkoutProgress
from backtimer.tui.widgets.still import Still
from backtimer.tui.widgets.text import Line, Para
from backtimer.tui.workout_view import Viewer, WorkoutView, phase_word

REST_STEP = 10.0  # seconds + and - add to or take from a rest
COMPACT_WIDTH = 60
COMPACT_HEIGHT = 20
# The footer's keys that lead it whatever has the focus: a small terminal keeps them.
FOOTER_FIRST = ("pause", "resume", "help", "quit_workout")

__all__ = ["COMPACT_WIDTH", "REST_STEP", "WorkoutScreen", "phase_word"]


@dataclass
class _Parts:
    """The widgets the screen hands its view to."""

    heading: Heading
    panel: PhasePanel
    cues: CueList
    tips: Para
    next: Line
    times: Line
    progress: WorkoutProgress
    log: LogLine


class WorkoutScreen(NoticeScreen, Still):
    """What to do now, the count and what comes next; the keys steer the session."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (COMPACT_WIDTH, "-medium"), (110, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (COMPACT_HEIGHT, "-tall")]

    # In the footer's order: the keys a small terminal must keep (space, ?, q) come first, and
    # stay first while the training log's question adds its keys (FOOTER_FIRST).
    BINDINGS = [
        Binding("space", "pause", "Pause", tooltip="pause the workout"),
        Binding("space", "resume", "Resume", tooltip="carry on"),
        Binding("question_mark", "help", "Help", tooltip="these keys (pauses the workout)"),
        Binding("q", "quit_workout", "Quit", tooltip="quit: asks first, then the summary"),
        Binding("n,right", "next_step", "Next", tooltip="the next step, now"),
        Binding("p,left", "previous_step", "Prev", tooltip="the step before"),
        Binding("r", "restart_step", "Restart", tooltip="this step again from its start"),
        Binding("N", "next_exercise", "Skip", tooltip="skip to the next exercise"),
        Binding("m", "mute", "Mute", tooltip="sound off"),
        Binding("m", "unmute", "Unmute", tooltip="sound on"),
        Binding("v", "voice", "Voice", show=False, tooltip="the spoken counts and cues off, or on"),
        Binding(
            "plus,equals_sign",
            "longer",
            "+1",
            show=False,
            key_display="+",
            tooltip="in a hold: one count more, or 1 s in a hold given in seconds; "
            "in a rest: 10 s more",
        ),
        Binding(
            "minus,underscore",
            "shorter",
            "-1",
            show=False,
            key_display="-",
            tooltip="in a hold: one count less, or 1 s in a hold given in seconds; "
            "in a rest: 10 s less",
        ),
        Binding(
            "right_square_bracket",
            "count_length(1)",
            "Count +0.1s",
            show=False,
            tooltip="one count 0.1 s longer",
        ),
        Binding(
            "left_square_bracket",
            "count_length(-1)",
            "Count -0.1s",
            show=False,
            tooltip="one count 0.1 s shorter",
        ),
        Binding("down", "scroll_cues(1)", "Cues down", show=False, tooltip="scroll the cues"),
        Binding("up", "scroll_cues(-1)", "Cues up", show=False, tooltip="scroll the cues"),
        Binding("pagedown", "page_cues(1)", "Cues page", show=False, tooltip="page the cues"),
        Binding("pageup", "page_cues(-1)", "Cues page", show=False, tooltip="page the cues"),
    ]

    def __init__(
        self,
        layers: Layers,
        *,
        sound: Sound | None = None,
        clock: Clock = time.monotonic,
        session: Session | None = None,
    ) -> None:
        super().__init__()
        self.settings_layers = layers
        self.sound = sound if sound is not None else Sound()
        self.session = session if session is not None else Session(layers.plan(), clock=clock)
        self._unsubscribe = self.session.subscribe(self._on_event)
        self.viewer = Viewer(self.session)
        self.viewer.hold_changes = self._changed_holds()
        self._wake: asyncio.TimerHandle | None = None
        self._done_shown = False
        self._stopped_at: Step | None = None  # where q, y stopped the workout
        self._shown: tuple[WorkoutView, bool] | None = None  # the view last handed on, compact

    # -- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Column(id="workout"):
            yield Heading(id="top")
            yield PhasePanel(id="clock")
            with Row(id="lower"):
                yield CueList(id="cues")
                yield Para(id="tips")
            yield Line(id="next")
            yield LogLine(self.session, training_log_of(self.app), id="log-line")
            with Row(id="progress-row"):
                yield WorkoutProgress(id="progress")
                yield Line(id="times")
            yield Notice(id="notice")
        yield KeyLine(first=FOOTER_FIRST, whole=True)

    def on_mount(self) -> None:
        # Found once: a query walks the DOM, and the screen redraws every second.
        self.parts = _Parts(
            heading=self.query_one(Heading),
            panel=self.query_one(PhasePanel),
            cues=self.query_one(CueList),
            tips=self.query_one("#tips", Para),
            next=self.query_one("#next", Line),
            times=self.query_one("#times", Line),
            progress=self.query_one(WorkoutProgress),
            log=self.query_one(LogLine),
        )
        self.parts.cues.border_title = "cues"
        self.parts.tips.border_title = "tips"  # shown where the tips have a frame (wide)
        if not self.session.started:
            self.session.start()
        self.refresh_view()
        self._schedule()

    def on_unmount(self) -> None:
        self._cancel_wake()
        self._unsubscribe()

    def on_resize(self) -> None:
        # The layout follows the breakpoints; the words (shorter when compact) follow here.
        self.call_after_refresh(self.refresh_view)

    @property
    def compact(self) -> bool:
        width, height = self.size
        return width < COMPACT_WIDTH or height < COMPACT_HEIGHT

    # -- the clock --------------------------------------------------------------------------

    def tick(self) -> None:
        """Catch the session up with the clock, redraw, and wait for the next moment."""
        self.session.update()
        self.refresh_view()
        self._schedule()

    class Wake(Message, bubble=False):
        """The moment the screen waited for has come."""

    def _schedule(self) -> None:
        self._cancel_wake()
        wait = self.session.wake_in()
        if wait is not None:
            # One loop handle and one message per wake: a Textual timer per wake costs a task
            # and two signature inspections, a third of the screen's own work each second.
            self._wake = asyncio.get_running_loop().call_later(wait, self.post_message, self.Wake())

    def _cancel_wake(self) -> None:
        if self._wake is not None:
            self._wake.cancel()
            self._wake = None

    def on_workout_screen_wake(self, _: Wake) -> None:
        self.tick()

    def _on_event(self, event: SessionEvent) -> None:
        if event.kind == "sound" and event.sound is not None:
            if self._stopped_at is None:  # quitting plays no fanfare
                self.sound.play(event.sound)
        elif event.kind == "workout-done" and not self._done_shown:
            self._done_shown = True
            self.call_later(self._show_summary)

    def _show_summary(self) -> None:
        self._cancel_wake()
        self.post_message(
            messages.WorkoutEnded(self.session, self.settings_layers, stopped_at=self._stopped_at)
        )

    # -- rendering --------------------------------------------------------------------------

    def view(self, compact: bool | None = None) -> WorkoutView:
        if compact is None:
            compact = self.compact
        view = self.viewer.view(compact=compact, muted=self.sound.muted)
        if self.sound.voice_off:  # shown as long as it lasts, like muted
            position = f"{view.position} · voice off" if view.position else "voice off"
            view = replace(view, position=position)
        return view

    def refresh_view(self) -> None:
        """Hand the view to the widgets: only what changed since the view handed on last."""
        if not hasattr(self, "parts"):
            return  # not mounted yet
        compact = self.compact
        view = self.view(compact)
        shown = self._shown
        if shown == (view, compact):
            return
        self._shown = (view, compact)
        # A widget's reactive skips an unchanged value too, but each assignment still costs two
        # dozen calls, and a second's tick changes two or three of the fifteen.
        old = shown[0] if shown is not None and shown[1] == compact else None
        parts = self.parts
        panel = parts.panel
        if old is None:
            panel.framed = not compact
            panel.note_row = not compact
            parts.cues.only_marked = compact
        # Each text as (the view's field, the widget, the widget's reactive); the panel takes
        # its values in one call below.
        texts: tuple[tuple[str, Widget, str], ...] = (
            ("title", parts.heading, "title"),
            ("position", parts.heading, "position"),
            ("tips", parts.tips, "text"),
            ("next", parts.next, "text"),
            ("times", parts.times, "text"),
        )
        panel.show(
            kind=view.kind,
            word=view.word,
            words=view.words,
            number=view.number,
            caption=view.caption,
            note=view.note,
            paused=view.paused,
        )
        for field, widget, name in texts:
            value = getattr(view, field)
            if old is None or getattr(old, field) != value:
                setattr(widget, name, value)
        if old is None or old.cues != view.cues or old.marks != view.marks:
            parts.cues.show(view.cues, view.marks)
        if old is None or old.fraction != view.fraction:
            parts.progress.show(view.fraction, 1.0)

    def _changed_holds(self) -> dict[tuple[str | None, int | None], Override]:
        return {
            (o.key.exercise, o.key.phase): o
            for o in self.settings_layers.provenance()
            if o.key.is_hold  # in counts or in seconds
        }

    # -- actions ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pause":
            return not self.session.paused
        if action == "resume":
            return self.session.paused
        if action == "mute":
            return not self.sound.muted
        if action == "unmute":
            return self.sound.muted
        return True

    def _after_action(self) -> None:
        self.refresh_view()
        # A jump made while paused emits nothing until resumed: the log line catches up.
        self.parts.log.catch_up()
        self._schedule()

    def action_pause(self) -> None:
        self.session.pause()
        self._after_action()
        self.refresh_bindings()

    def action_resume(self) -> None:
        self.session.resume()
        self._after_action()
        self.refresh_bindings()

    def action_next_step(self) -> None:
        self.session.next_step()
        self._after_action()

    def action_previous_step(self) -> None:
        self.session.previous_step()
        self._after_action()

    def action_restart_step(self) -> None:
        self.session.restart_step()
        self._after_action()

    def action_next_exercise(self) -> None:
        self.session.next_exercise()
        self._after_action()

    def action_longer(self) -> None:
        self._change_length(1)

    def action_shorter(self) -> None:
        self._change_length(-1)

    def _change_length(self, direction: int) -> None:
        step = self.session.step
        if step.kind == "rest":
            length = self.session.stretch_rest(REST_STEP * direction)
            if length is not None:
                more = "longer" if direction > 0 else "shorter"
                self.show_notice(f"This rest is 10 s {more}", timeout=2)
            self._after_action()
            return
        if step.kind != "hold" or step.exercise is None or step.phase is None:
            self.show_notice("+ and - change a hold or a rest: press them during one", timeout=3)
            return
        # A hold in counts changes by a count, one given in seconds by a second (Layers).
        before = step.duration
        new = self.settings_layers.adjust_hold(step.exercise, step.phase, direction)
        if new != before:
            self._replan()

    def action_count_length(self, direction: int) -> None:
        before = self.session.plan.routine.count_seconds
        new = self.settings_layers.adjust_count_seconds(COUNT_SECONDS_STEP * direction)
        if new != before:
            self._replan()
        self.show_notice(f"One count is now {number(new)} s", timeout=2)

    def _replan(self) -> None:
        self.viewer.hold_changes = self._changed_holds()
        self.session.replace_plan(self.settings_layers.plan())
        self._after_action()

    def action_mute(self) -> None:
        self._toggle_sound()

    def action_unmute(self) -> None:
        self._toggle_sound()

    def _toggle_sound(self) -> None:
        muted = self.sound.toggle_mute()
        self.show_notice("Sound off (m: on)" if muted else "Sound on", timeout=2)
        self.refresh_view()
        self.refresh_bindings()

    def action_voice(self) -> None:
        self.show_notice(self.sound.toggle_voice(), timeout=2)
        self.refresh_view()

    def action_scroll_cues(self, lines: int) -> None:
        self.parts.cues.scroll_relative(y=lines, animate=False)

    def action_page_cues(self, direction: int) -> None:
        cues = self.parts.cues
        page = max(1, cues.scrollable_content_region.height - 1)
        cues.scroll_relative(y=page * direction, animate=False)

    def action_help(self) -> None:
        from backtimer.tui.dialogs.help import Help

        was_paused = self.session.paused
        if not was_paused:
            self.action_pause()

        def closed(_: Any) -> None:
            if not was_paused:
                self.action_resume()

        about = (
            f"Sound: {self.sound.status}\nVoice: {self.sound.voice_status}\n"
            "Ctrl+P: themes and commands"
        )
        if training_log_of(self.app) is not None:
            about = f"{LOG_KEYS}\n{about}"
        self.app.push_screen(Help(self, paused=True, about=about), closed)

    def ask_to_quit(self) -> None:
        """Quitting from anywhere (q, the footer, the command palette) asks first."""
        self.action_quit_workout()

    def action_quit_workout(self) -> None:
        from backtimer.tui.dialogs.confirm import Confirm

        was_paused = self.session.paused
        if not was_paused:
            self.action_pause()

        def answered(quit: bool | None) -> None:
            if quit or quit is None:  # y, or q again
                self.stop()
                return
            if not was_paused:
                self.action_resume()

        self.app.push_screen(
            Confirm(
                "Quit the workout?",
                "The timer is paused. Quitting shows what you did first.",
                yes="quit",
                no="keep going",
                q="quit",
            ),
            answered,
        )

    def stop(self) -> None:
        """End the workout here: the summary says what was done."""
        if self.session.finished:
            return
        self._stopped_at = self.session.step
        self.session.finish()
