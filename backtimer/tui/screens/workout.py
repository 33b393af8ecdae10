"""The workout screen: follows a Session live and turns keys into Session calls."""

from __future__ import annotations

import math
import time
from typing import TypeVar, cast

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Digits, Footer, Static

from backtimer.core.fmt import counts, duration, number, printable
from backtimer.core.model import Routine
from backtimer.core.plan import Plan, Step
from backtimer.core.session import Clock, Session, SessionEvent
from backtimer.settings.layers import Layers
from backtimer.settings.values import COUNT_SECONDS_STEP, Override
from backtimer.tui.text import literal
from backtimer.tui.widgets.cues import CueList
from backtimer.tui.widgets.progress import WorkoutProgress

W = TypeVar("W", bound=Widget)

PHASE_WORDS = {"setup": "SET UP", "get-ready": "GET READY", "rest": "REST", "done": "DONE"}
COMPACT_WIDTH = 60
COMPACT_HEIGHT = 20


def phase_word(step: Step) -> str:
    """The current phase in words, as shown large on screen: PULL, PAUSE, HOLD, REST, ..."""
    if step.kind in ("move", "hold"):
        return printable(step.label).upper()
    return PHASE_WORDS[step.kind]


def countdown_text(seconds: float | None) -> str:
    """The big countdown: whole seconds left, rounded up; minutes and seconds past a minute."""
    if seconds is None:
        return ""
    whole = max(0, math.ceil(seconds - 1e-6))
    return str(whole) if whole < 60 else duration(whole)


def describe_change(routine: Routine, o: Override) -> str:
    """A changed setting in words: 'Pause of Lat pull down: 3 counts (routine: 2)'."""
    if o.key.name == "hold" and o.key.exercise is not None:
        ex = routine.exercise(o.key.exercise)
        phase = ex.rep[o.key.phase or 0]
        return f"{phase.name} of {ex.name}: {counts(o.value)} (routine: {o.routine_text()})"
    if o.key.name == "count_seconds":
        return f"One count: {number(o.value)} s (routine: {o.routine_text()})"
    if o.key.name == "rounds":
        return f"Rounds: {number(o.value)} (routine: {o.routine_text()})"
    return f"{o.what}: {number(o.value)} (routine: {o.routine_text()})"


class WorkoutScreen(Screen[None]):
    """Exercise, round and rep, the cue list, the phase with a big countdown, tips, progress."""

    BINDINGS = [
        Binding("space", "toggle_pause", "Pause"),
        Binding("n", "next_step", "Next"),
        Binding("right", "next_step", "Next", show=False),
        Binding("p", "previous_step", "Prev"),
        Binding("left", "previous_step", "Prev", show=False),
        Binding("r", "restart_step", "Restart"),
        Binding("N", "next_exercise", "Skip exercise"),
        Binding("plus,equals_sign", "hold(1)", "Hold +1", show=False),
        Binding("minus,underscore", "hold(-1)", "Hold -1", show=False),
        Binding("left_square_bracket", "count_length(-1)", "Count -0.1s", show=False),
        Binding("right_square_bracket", "count_length(1)", "Count +0.1s", show=False),
        Binding("m", "mute", "Mute"),
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit_workout", "Quit"),
    ]

    def __init__(self, layers: Layers, *, clock: Clock = time.monotonic) -> None:
        super().__init__()
        self.settings_layers = layers
        self.base_routine = layers.routine
        self.plan: Plan = layers.plan()
        self.session = Session(self.plan, clock=clock)
        self.session.subscribe(self._on_event)
        self._timer: Timer | None = None
        self._widgets: dict[str, Widget] = {}
        self._texts: dict[str, str] = {}  # what each Static shows now
        # Changed holds, worked out again only when the settings change, not at every step.
        self._holds_changed = self._changed_holds()
        self._dirty = True
        self._done_shown = False

    # -- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="workout"):
            with Horizontal(id="top"):
                yield Static("", id="exercise")
                yield Static("", id="position")
            with Horizontal(id="main"):
                yield CueList(id="cues")
                with Vertical(id="clock-box"):
                    yield Static("", id="phase")
                    yield Digits("", id="countdown")
                    yield Static("", id="count")
                    yield Static("", id="adjusted")
            yield Static("", id="next")
            yield Static("", id="tips")
            with Horizontal(id="progress-row"):
                yield WorkoutProgress(id="progress")
                yield Static("", id="times")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self._apply_compact(self.size.width, self.size.height)
        self.session.start()
        self.refresh_view()
        self._schedule()

    def on_resize(self, event: events.Resize) -> None:
        self._apply_compact(event.size.width, event.size.height)
        self._dirty = True
        self.refresh_view()

    def _apply_compact(self, width: int, height: int) -> None:
        self.set_class(width < COMPACT_WIDTH or height < COMPACT_HEIGHT, "-compact")

    # -- the clock --------------------------------------------------------------------------

    def tick(self) -> None:
        """Catch the session up with the clock, redraw, and wait for the next moment."""
        self.session.update()
        self.refresh_view()
        self._schedule()

    def _schedule(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        wait = self.session.wake_in()
        if wait is not None:
            self._timer = self.set_timer(wait, self.tick)

    def _on_event(self, event: SessionEvent) -> None:
        self._dirty = True
        if event.kind == "sound" and event.sound is not None:
            self.app.play_sound(event.sound)  # type: ignore[attr-defined]
        elif event.kind == "workout-done" and not self._done_shown:
            self._done_shown = True
            self.call_later(self._show_summary)

    def _show_summary(self) -> None:
        from backtimer.tui.screens.summary import SummaryScreen

        if self._timer is not None:
            self._timer.stop()
        self.app.switch_screen(SummaryScreen(self))

    # -- rendering --------------------------------------------------------------------------

    def refresh_view(self) -> None:
        session = self.session
        step = session.step
        routine = session.plan.routine
        compact = self.has_class("-compact")
        shown_index = step.exercise_index if step.exercise_index is not None else 0
        exercise = routine.exercises[shown_index]

        if self._dirty:
            self._dirty = False
            if step.kind == "done":
                title = routine.title
            else:
                title = exercise.name
                if exercise.equipment and not compact:
                    title += f" · {exercise.equipment}"
            self._set("#exercise", title)
            position = []
            if step.round is not None:
                position.append(f"Round {step.round}/{routine.rounds}")
            if step.kind in ("move", "hold"):
                position.append(f"Rep {step.rep}/{exercise.reps}")
            elif step.kind in ("setup", "get-ready"):
                position.append(f"{exercise.reps} reps")
            self._set("#position", "   ".join(position))
            cues = self._widget("#cues", CueList)
            if step.kind in ("rest", "done"):
                cues.show(list(exercise.cues), None, only_current=compact)
            else:
                cues.show(list(exercise.cues), step.cue, only_current=compact)
            word = phase_word(step)
            if step.kind == "setup" and step.cue is not None:
                word = f"SET UP · cue {step.cue}"
            if session.paused:
                word += " · PAUSED"
            self._set("#phase", word)
            self._set("#adjusted", self._adjusted_text(step))
            nxt = ""
            if step.kind == "rest":
                nxt = f"Next: {exercise.name}"
                if exercise.equipment:
                    nxt += f" ({exercise.equipment})"
                nxt += f" - 1. {exercise.cues[0]}"
            self._set("#next", nxt)
            next_line = self._widget("#next", Static)
            if next_line.display != bool(nxt):
                next_line.display = bool(nxt)
            tips = [f"TIP: {t}" for t in exercise.tips]
            if exercise.progress:
                tips.append(exercise.progress)
            tips_text = "\n".join(tips) if step.kind != "done" else ""
            self._set("#tips", tips_text)

        counted = session.current_count()
        count_text = f"{counted[0]} of {counted[1]}" if counted else ""
        self._set("#count", count_text)
        digits = self._widget("#countdown", Digits)
        text = countdown_text(session.step_remaining())
        if digits.value != text:
            digits.update(text)
        elapsed = session.workout_elapsed()
        self._widget("#progress", WorkoutProgress).show(elapsed, session.plan.total_seconds)
        self._set(
            "#times",
            f"{duration(elapsed)} / {duration(session.plan.total_seconds)}"
            f" · {duration(session.workout_remaining())} left",
        )

    def _widget(self, selector: str, kind: type[W]) -> W:
        # Looked up once: a query walks the DOM, and the screen redraws several times a second.
        found = self._widgets.get(selector)
        if found is None:
            found = self._widgets[selector] = self.query_one(selector, kind)
        return cast(W, found)

    def _set(self, selector: str, text: str) -> None:
        old = self._texts.get(selector)
        if old == text:
            return
        self._texts[selector] = text
        widget = self._widget(selector, Static)
        content = literal(text)
        # A layout pass reflows the whole screen; it was most of the CPU a running workout used.
        # One line that fits, in a widget whose width does not follow its text (or as wide as
        # before), keeps the widget's size: repaint it only.
        width = widget.styles.width
        same_size = (
            bool(old)
            and bool(text)
            and "\n" not in text
            and "\n" not in (old or "")
            and content.cell_length <= widget.content_size.width
            and ((width is not None and not width.is_auto) or len(old or "") == len(text))
        )
        widget.update(content, layout=not same_size)

    def _changed_holds(self) -> dict[tuple[str | None, int | None], Override]:
        return {
            (o.key.exercise, o.key.phase): o
            for o in self.settings_layers.provenance()
            if o.key.name == "hold"
        }

    def _adjusted_text(self, step: Step) -> str:
        if step.kind == "hold":
            found = self._holds_changed.get((step.exercise, step.phase))
            if found is not None:
                who = {"session": "changed", "yours": "yours", "flag": "flag"}[found.layer]
                return f"{who}: {counts(step.counts or 0)} (routine: {found.routine_text()})"
        return ""

    # -- actions ----------------------------------------------------------------------------

    def _after_action(self) -> None:
        self._dirty = True
        self.refresh_view()
        self._schedule()

    def action_toggle_pause(self) -> None:
        self.session.toggle_pause()
        self._after_action()

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

    def action_hold(self, delta: int) -> None:
        step = self.session.step
        if step.kind != "hold" or step.exercise is None or step.phase is None:
            self.notify("+ and - change a hold: press them during one", timeout=2)
            return
        before = step.counts
        new = self.settings_layers.adjust_hold(step.exercise, step.phase, delta)
        if new != before:
            self._replan()

    def action_count_length(self, direction: int) -> None:
        before = self.session.plan.routine.count_seconds
        new = self.settings_layers.adjust_count_seconds(COUNT_SECONDS_STEP * direction)
        if new != before:
            self._replan()
        self.notify(f"One count is now {number(new)} s", timeout=2)

    def _replan(self) -> None:
        self._holds_changed = self._changed_holds()
        self.session.replace_plan(self.settings_layers.plan())
        self._after_action()

    def changes(self) -> list[str]:
        """What was changed during the workout, in words, for the summary."""
        return [
            describe_change(self.base_routine, o) for o in self.settings_layers.session_changes()
        ]

    def action_mute(self) -> None:
        muted = self.app.toggle_mute()  # type: ignore[attr-defined]
        self.notify("Sound off" if muted else "Sound on", timeout=2)

    def action_help(self) -> None:
        from backtimer.tui.dialogs.help import Help

        self.app.push_screen(Help())

    def action_quit_workout(self) -> None:
        from backtimer.tui.dialogs.confirm import Confirm

        was_paused = self.session.paused
        if not was_paused:
            self.session.pause()
            self._after_action()

        def answered(yes: bool | None) -> None:
            if yes or yes is None:  # y, or q pressed again
                self.app.offer_save(self.settings_layers, then=lambda: self.app.exit(0))  # type: ignore[attr-defined]
                return
            if not was_paused:
                self.session.resume()
            self._after_action()

        self.app.push_screen(
            Confirm("Quit the workout?", "The timer is paused.", q_hint="quit"), answered
        )
