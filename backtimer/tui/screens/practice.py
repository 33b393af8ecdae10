"""Practice mode: one cue at a time in large type, no clock, with a hold player and a rep drill.

While a hold or a drill plays, the phase panel takes the cue's place, the same panel and the same
big count as in the workout; the cue stays marked in the list beside it.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.timer import Timer
from textual.widgets import Footer

from backtimer.core.fmt import number
from backtimer.core.model import Phase, Routine
from backtimer.core.practice import CueWalk, drill_plan, hold_plan
from backtimer.core.session import Clock, Session, SessionEvent
from backtimer.tui.screens.base import NoticeScreen
from backtimer.tui.sound import Sound
from backtimer.tui.widgets.big_paragraph import BigParagraph
from backtimer.tui.widgets.cues import CueList, CueMark
from backtimer.tui.widgets.notice import Notice
from backtimer.tui.widgets.phase_panel import PhasePanel
from backtimer.tui.widgets.phase_style import phase_kind
from backtimer.tui.widgets.text import Line, Para
from backtimer.tui.workout_view import big_number, phase_word, phase_words

HIDDEN = "· · ·   (space: reveal)"


def phase_label(phase: Phase) -> str:
    """A phase as it reads: "Pull: 1 count", "Pause: hold for 2 counts", "Hold: 3 counts",
    "Pause: hold for 1 second"."""
    seconds = phase.duration.seconds
    if seconds is not None:
        length = f"{number(seconds)} second{'' if seconds == 1 else 's'}"
    else:
        length = phase.duration.wording
    if phase.is_hold and phase.name.casefold() != "hold":
        return f"{phase.name}: hold for {length}"
    return f"{phase.name}: {length}"


class PracticeScreen(NoticeScreen):
    """Walks every cue of every exercise at the user's pace."""

    # Loaded when the screen is first shown (not parsed at start-up with the app's stylesheet);
    # unscoped, so each rule reads and weighs as it would in the app's stylesheet.
    SCOPED_CSS = False
    CSS = """
    #practice-title {
        margin-bottom: 0;  /* every row goes to the cue */
    }

    #practice-main {
        height: 1fr;
    }

    #practice-cue {
        width: 2fr;
        border: round $primary;
        border-title-align: left;
        padding: 0 1;
    }

    #cue-big {
        height: 1fr;
    }

    #cue-phases {
        color: $text-accent;
        height: auto;
        max-height: 3;
    }

    #practice-side {
        width: 1fr;
    }

    #practice-cues {
        height: 1fr;
        border: round $secondary;
        border-title-align: left;
        padding: 0 1;
    }

    #practice-status {
        text-style: bold;
        color: $text-success;
    }

    PracticeScreen #clock {
        display: none;
        width: 2fr;
        height: 100%;
        min-height: 0;
    }

    PracticeScreen.-playing #clock {
        display: block;
    }

    PracticeScreen.-playing #practice-cue {
        display: none;
    }

    PracticeScreen.-narrow #practice-side {
        display: none;
    }

    PracticeScreen.-narrow #practice, PracticeScreen.-short #practice {
        padding: 0;
    }

    PracticeScreen.-narrow #practice-cue, PracticeScreen.-short #practice-cue {
        border: none;
        border-top: round $primary;  /* keeps its title: the cue's number */
        padding: 0;
    }

    PracticeScreen.-narrow #clock, PracticeScreen.-short #clock {
        border: none;
    }

    /* A notice is one line on the footer's row, as on the workout (see backtimer.tcss): the
       frames, the cue and the count stay whole. */
    #practice > Notice {
        dock: none;
        layer: default;
        overlay: screen;
        offset-x: -1;
        width: 100vw;
        max-height: 1;
    }

    PracticeScreen.-narrow #practice > Notice, PracticeScreen.-short #practice > Notice {
        offset-x: 0;
    }
    """

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (60, "-medium")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]

    # The footer's order: what a small terminal must keep comes first.
    BINDINGS = [
        Binding("right,enter", "next_cue", "Next", tooltip="the next cue (then the next exercise)"),
        Binding("left", "previous_cue", "Prev", tooltip="the cue before"),
        Binding("q", "leave", "Leave", tooltip="leave practice"),
        Binding("question_mark", "help", "Help", tooltip="these keys"),
        Binding("h", "play_hold", "Hold", tooltip="play the hold once, in real time"),
        Binding("d", "drill", "Drill", tooltip="drill one slow rep, on loop; d again stops"),
        Binding("c", "recall", "Recall", tooltip="recall: cues hidden until space"),
        Binding("N", "next_exercise", "Exercise", tooltip="the next exercise"),
        Binding("s", "say", "Say", tooltip="say the cue aloud"),
        Binding("v", "voice", "Voice", show=False, tooltip="the spoken counts and cues off, or on"),
        Binding("space", "reveal", "Reveal", show=False, tooltip="show the hidden cue"),
        Binding("escape", "escape", "Stop/back", show=False, tooltip="stop playing, or leave"),
    ]

    def __init__(
        self,
        routine: Routine,
        *,
        exercise: int = 0,
        clock: Clock,
        sound: Sound | None = None,
    ) -> None:
        super().__init__()
        self.routine = routine
        self.walk = CueWalk(routine, exercise)
        self.clock = clock
        self.sound = sound if sound is not None else Sound()
        self.recall = False
        self.revealed = False
        self.player: Session | None = None
        self.drilling = False
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="practice", classes="page"):
            yield Line(id="practice-title", classes="page-title")
            with Horizontal(id="practice-main"):
                with Vertical(id="practice-cue"):
                    yield BigParagraph(id="cue-big")
                    yield Para(id="cue-phases")
                yield PhasePanel(id="clock")
                with Vertical(id="practice-side"):
                    yield CueList(id="practice-cues")
            yield Line(id="practice-status")
            yield Notice(id="notice")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#practice-cues", CueList).border_title = "cues"
        self.refresh_view()

    def on_unmount(self) -> None:
        self.action_stop()

    # -- rendering --------------------------------------------------------------------------

    def refresh_view(self) -> None:
        walk = self.walk
        ex = walk.exercise
        n_ex = len(self.routine.exercises)
        title = f"Practice · {ex.name} ({walk.position.exercise + 1}/{n_ex})"
        if ex.equipment:
            title += f" · {ex.equipment}"
        if self.sound.voice_off:  # shown as long as it lasts
            title += " · voice off"
        self.query_one("#practice-title", Line).text = title
        hidden = self.recall and not self.revealed
        self.query_one("#practice-cue").border_title = f"Cue {walk.cue_number} of {len(ex.cues)}"
        self.query_one("#cue-big", BigParagraph).text = HIDDEN if hidden else walk.cue_text
        phases = [phase_label(p) for _, p in walk.phases_of_cue()]
        # In recall, the phases would give the hidden cue away.
        self.query_one("#cue-phases", Para).text = "" if hidden else " · ".join(phases)
        cues = list(ex.cues)
        if self.recall:
            cues = [
                c
                if (i + 1 < walk.cue_number or (i + 1 == walk.cue_number and self.revealed))
                else "· · ·"
                for i, c in enumerate(cues)
            ]
        marks: tuple[CueMark, ...] = tuple(
            "done" if n < walk.cue_number else "now" if n == walk.cue_number else ""
            for n in range(1, len(cues) + 1)
        )
        self.query_one("#practice-cues", CueList).show(tuple(cues), marks)
        self._show_status()

    def _show_status(self) -> None:
        try:
            panel = self.query_one(PhasePanel)
        except NoMatches:
            return  # not mounted, or no longer
        status = ""
        player = self.player
        self.set_class(player is not None, "-playing")
        if player is not None:
            step = player.step
            width, height = self.size
            panel.framed = width >= 60 and height >= 20  # as the breakpoints leave frames out
            number, caption = big_number(player, step)
            panel.show(
                kind=phase_kind(step.kind),
                word=phase_word(step),
                words=phase_words(player.plan.steps),
                number=number,
                caption=caption,
            )
            if self.drilling:
                status = "Drill: one slow rep, again and again · d or Esc stops"
            else:
                status = "Hold · Esc stops"
        elif self.walk.at_end:
            status = "That was the last cue. ← to go back, q to leave."
        elif self.recall:
            status = "Recall: say the cue, then space to check it."
        self.query_one("#practice-status", Line).text = status

    # -- playing a hold or a rep ------------------------------------------------------------

    def _play(self, drilling: bool) -> None:
        self.action_stop()
        ex = self.walk.exercise
        if drilling:
            plan = drill_plan(self.routine, ex)
        else:
            index = self.walk.hold_to_play()
            if index is None:
                self.show_notice(f"{ex.name} has no hold", timeout=2)
                return
            plan = hold_plan(self.routine, ex, index)
        self.drilling = drilling
        self.player = Session(plan, clock=self.clock)
        self.player.subscribe(self._on_event)
        if self.sound.voice is not None:
            self.sound.voice.follow(self.player, ending=False)  # the hold's counts, spoken
        self.player.start()
        self._schedule()
        self._show_status()

    def _on_event(self, event: SessionEvent) -> None:
        if event.kind == "sound" and event.sound is not None:
            self.sound.play(event.sound)

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
        before = self.walk.position
        self.walk.next_exercise()
        if self.walk.position == before:  # nothing after it: say so rather than nothing
            self.show_notice(f"{self.walk.exercise.name} is the last exercise", timeout=2)
            return
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
        self.show_notice("Recall on: cues hidden" if self.recall else "Recall off", timeout=2)

    def action_reveal(self) -> None:
        if self.recall:
            self.revealed = True
            self.refresh_view()

    def action_stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.player is not None and self.sound.voice is not None:
            self.sound.voice.stop()
        self.player = None
        self.drilling = False
        self._show_status()

    def action_escape(self) -> None:
        """Escape stops a playing hold or drill; with nothing playing, it leaves."""
        if self.player is not None:
            self.action_stop()
        else:
            self.action_leave()

    def action_say(self) -> None:
        if self.sound.voice is None or self.sound.voice.setup.off:
            self.show_notice("No voice: it is off (--voice, or voice: in config.yaml)", timeout=3)
            return
        self.sound.voice.say(self.walk.cue_text)

    def action_voice(self) -> None:
        self.show_notice(self.sound.toggle_voice(), timeout=2)
        self.refresh_view()

    def action_help(self) -> None:
        from backtimer.tui.dialogs.help import Help

        self.app.push_screen(Help(self, about="Ctrl+P: themes and commands"))

    def action_leave(self) -> None:
        self.action_stop()
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.app.exit(0)
