"""Practice mode: one cue at a time in large type, no clock, with a hold player and a rep drill."""

from __future__ import annotations

import math

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Digits, Footer, Static

from backtimer.core.describe import describe_phase
from backtimer.core.fmt import printable
from backtimer.core.model import Routine
from backtimer.core.practice import CueWalk, drill_plan, hold_plan
from backtimer.core.session import Clock, Session, SessionEvent
from backtimer.tui.screens.workout import COMPACT_WIDTH, phase_word
from backtimer.tui.text import literal
from backtimer.tui.widgets.cues import CueList

HIDDEN = "· · ·   (space: reveal)"


class PracticeScreen(Screen[None]):
    """Walks every cue of every exercise at the user's pace."""

    BINDINGS = [
        Binding("right,enter", "next_cue", "Next"),
        Binding("left", "previous_cue", "Prev"),
        Binding("N", "next_exercise", "Exercise"),
        Binding("h", "play_hold", "Hold"),
        Binding("d", "drill", "Drill"),
        Binding("c", "recall", "Recall"),
        Binding("space", "reveal", "Reveal", show=False),
        Binding("escape", "escape", "Stop/back", show=False),
        Binding("q", "leave", "Leave"),
    ]

    def __init__(self, routine: Routine, *, exercise: int = 0, clock: Clock) -> None:
        super().__init__()
        self.routine = routine
        self.walk = CueWalk(routine, exercise)
        self.clock = clock
        self.recall = False
        self.revealed = False
        self.player: Session | None = None
        self.drilling = False
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="practice"):
            yield Static("", id="practice-title")
            with Horizontal(id="practice-main"):
                with Vertical(id="practice-cue"):
                    yield Digits("", id="cue-number")
                    yield Static("", id="cue-text")
                    yield Static("", id="cue-phases")
                yield CueList(id="practice-cues")
            yield Static("", id="practice-status")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.on_resize()

    def on_resize(self, event: events.Resize | None = None) -> None:
        # Narrow terminals keep the one cue; the list beside it would wrap a word to a line.
        self.set_class(self.size.width < COMPACT_WIDTH, "-compact")
        self.refresh_view()

    # -- rendering --------------------------------------------------------------------------

    def refresh_view(self) -> None:
        walk = self.walk
        ex = walk.exercise
        n_ex = len(self.routine.exercises)
        title = f"Practice · {ex.name} ({walk.position.exercise + 1}/{n_ex})"
        if ex.equipment and not self.has_class("-compact"):
            title += f" · {ex.equipment}"
        self.query_one("#practice-title", Static).update(literal(title))
        self.query_one("#cue-number", Digits).update(str(walk.cue_number))
        hidden = self.recall and not self.revealed
        text = HIDDEN if hidden else walk.cue_text
        self.query_one("#cue-text", Static).update(
            literal(f"Cue {walk.cue_number} of {len(ex.cues)}\n\n{text}")
        )
        phases = [describe_phase(p) for _, p in walk.phases_of_cue()]
        # In recall, the phases would give the hidden cue away.
        shown_phases = "" if hidden else "   ".join(phases)
        self.query_one("#cue-phases", Static).update(literal(shown_phases))
        cues = list(ex.cues)
        if self.recall:
            cues = [
                c
                if (i + 1 < walk.cue_number or (i + 1 == walk.cue_number and self.revealed))
                else "· · ·"
                for i, c in enumerate(cues)
            ]
        self.query_one("#practice-cues", CueList).show(cues, walk.cue_number)
        self._show_status()

    def _show_status(self) -> None:
        status = ""
        if self.player is not None:
            step = self.player.step
            left = self.player.step_remaining()
            counted = self.player.current_count()
            what = "Drill" if self.drilling else "Hold"
            status = f"{what}: {phase_word(step)}"
            if counted:
                status += f"  {counted[0]} of {counted[1]}"
            if left is not None:
                status += f"  ({math.ceil(left - 1e-6)} s)"
            status += "   Esc: stop"
        elif self.walk.at_end:
            status = "That was the last cue. ← to go back, q to leave."
        elif self.recall:
            status = "Recall: say the cue, then space to check it."
        self.query_one("#practice-status", Static).update(literal(printable(status)))

    # -- playing a hold or a rep ------------------------------------------------------------

    def _play(self, drilling: bool) -> None:
        self.action_stop()
        ex = self.walk.exercise
        if drilling:
            plan = drill_plan(self.routine, ex)
        else:
            index = self.walk.hold_to_play()
            if index is None:
                self.notify(printable(f"{ex.name} has no hold"), markup=False, timeout=2)
                return
            plan = hold_plan(self.routine, ex, index)
        self.drilling = drilling
        self.player = Session(plan, clock=self.clock)
        self.player.subscribe(self._on_event)
        self.player.start()
        self._schedule()
        self._show_status()

    def _on_event(self, event: SessionEvent) -> None:
        if event.kind == "sound" and event.sound is not None:
            self.app.play_sound(event.sound)  # type: ignore[attr-defined]

    def _schedule(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        wait = self.player.wake_in() if self.player is not None else None
        if wait is not None:
            self._timer = self.set_timer(wait, self.tick)

    def tick(self) -> None:
        """Advance a playing hold or drill to the clock; loops a drill."""
        if self.player is None:
            return
        self.player.update()
        if self.player.finished:
            if self.drilling:
                self._play(drilling=True)
                return
            self.player = None
        self._schedule()
        self._show_status()

    # -- actions ----------------------------------------------------------------------------

    def _moved(self) -> None:
        self.action_stop()
        self.revealed = False
        self.refresh_view()

    def action_next_cue(self) -> None:
        if self.walk.next():
            self._moved()
        else:
            self._show_status()

    def action_previous_cue(self) -> None:
        if self.walk.previous():
            self._moved()

    def action_next_exercise(self) -> None:
        self.walk.next_exercise()
        self._moved()

    def action_play_hold(self) -> None:
        self._play(drilling=False)

    def action_drill(self) -> None:
        if self.drilling and self.player is not None:
            self.action_stop()
            return
        self._play(drilling=True)

    def action_recall(self) -> None:
        self.recall = not self.recall
        self.revealed = False
        self.refresh_view()
        self.notify("Recall on: cues hidden" if self.recall else "Recall off", timeout=2)

    def action_reveal(self) -> None:
        if self.recall:
            self.revealed = True
            self.refresh_view()

    def action_stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.player = None
        self.drilling = False
        if self.is_mounted:
            self._show_status()

    def action_escape(self) -> None:
        """Escape stops a playing hold or drill; with nothing playing, it leaves."""
        if self.player is not None:
            self.action_stop()
        else:
            self.action_leave()

    def action_leave(self) -> None:
        self.action_stop()
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.app.exit(0)
