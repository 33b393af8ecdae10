"""The training log's line on the workout screen: during an exercise, last time and the advice
("last time: 40 kg x 10, easy · Not hard last time: try 42.5 kg"); during the rest after a set,
the question about it (its load with ↑ ↓, how hard with e, o, h), answered without stopping the
clock, and never waited for.

It follows the session itself (step by step, and the screen has it catch up after a jump made
while paused) and reads what the app's ``TrainingLog`` already holds: nothing here touches the
disk. It takes the keys only while it asks; otherwise ↑ and ↓ go on to the screen. Without a
log it is not shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.binding import Binding

from backtimer.core.plan import Step
from backtimer.core.session import Session, SessionEvent
from backtimer.tui.widgets.text import Line

if TYPE_CHECKING:
    # The rest are imported where they are first needed: after the first frame, when a set is
    # done or the log has been read (about 9 ms of a start).
    from backtimer.log.prompt import LoadPrompt
    from backtimer.log.recorder import Block
    from backtimer.log.records import Effort
    from backtimer.log.training import RoutineHistory, TrainingLog


# For the help: the keys this line takes while it asks.
LOG_KEYS = "In the rest after a set: ↑ ↓ its load, e o h how hard it was (easy, ok, hard)"


def training_log_of(app: object) -> TrainingLog | None:
    """The app's training log, if it keeps one (``BacktimerApp.training_log``)."""
    return getattr(app, "training_log", None)


# Where in the workout the line speaks of the exercise under way.
_EXERCISE_STEPS = ("setup", "get-ready", "move", "hold")


class LogLine(Line, can_focus=True):
    """Last time and the advice, or the rest's question; hidden without a log."""

    DEFAULT_CSS = """
    LogLine { padding: 0 1; color: $text-muted; }
    LogLine.-asking { color: $text; text-style: bold; }
    WorkoutScreen.-narrow LogLine, WorkoutScreen.-short LogLine { padding: 0; }
    """

    BINDINGS = [
        Binding("up", "load(1)", "Load +", tooltip="the load one step up"),
        Binding("down", "load(-1)", "Load -", tooltip="the load one step down"),
        Binding("e", "effort('easy')", "Easy", tooltip="the set was easy"),
        Binding("o", "effort('ok')", "OK", tooltip="the set was ok"),
        Binding("h", "effort('hard')", "Hard", tooltip="the set was hard"),
    ]

    def __init__(
        self,
        session: Session,
        log: TrainingLog | None,
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.session = session
        self.training_log = log
        self.prompt: LoadPrompt | None = None
        self._prompts: dict[Block, LoadPrompt] = {}
        self._unsubscribe: Callable[[], None] | None = None
        self._followed: Step | None = None  # the step the line speaks of

    def on_mount(self) -> None:
        self.display = self.training_log is not None
        if self.training_log is None:
            return
        self._unsubscribe = self.session.subscribe(self._on_event)
        self.follow(self.session.step)

    def on_unmount(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def _on_event(self, event: SessionEvent) -> None:
        if event.kind == "step-started":
            self.follow(event.step)

    def catch_up(self) -> None:
        """Follow the session's step if the line is not on it yet. A jump made while paused
        (n, p, N, r) starts the new step with no "step-started" until resumed, and the line
        must never show one exercise's history, or question, under another."""
        if self._unsubscribe is None:
            return  # without a log, or not mounted: nothing to follow
        step = self.session.step
        if step is not self._followed:
            self.follow(step)

    # -- what it says ---------------------------------------------------------------------

    def history(self) -> RoutineHistory | None:
        """What the log said of this routine before the workout (read when it started)."""
        log = self.training_log
        if log is None or log.recorder is None:
            return None
        return log.cached(log.recorder.routine_id)

    def follow(self, step: Step) -> None:
        """Say what fits ``step``: the question in a rest after a set, else last time."""
        self._followed = step
        self.prompt = self._prompt_for(step)
        if self.prompt is not None:
            self._show_prompt()
            self.focus()
        else:
            self.text = self._about(step)
        asking = self.prompt is not None
        if asking != self.has_class("-asking"):
            # Only when the question comes or goes: new bindings rebuild the footer, and doing
            # that at every step tripled what a running workout cost.
            self.set_class(asking, "-asking")
            self.refresh_bindings()

    def _prompt_for(self, step: Step) -> LoadPrompt | None:
        log = self.training_log
        recorder = log.recorder if log is not None else None
        if log is None or recorder is None or recorder.last is None:
            return None
        if step.kind != "rest" and not (step.kind == "done" and recorder.ended):
            return None
        block = recorder.last
        done = recorder.set_of(block)
        if done is None or done.skipped:
            return None
        prompt = self._prompts.get(block)
        if prompt is None:
            from backtimer.log.prompt import LoadPrompt

            history = self.history()
            exercise = self.session.plan.routine.exercise(block[1])
            prompt = LoadPrompt.for_set(
                block,
                exercise,
                weight_unit=log.weight_unit,
                done=[s for s in recorder.sets if (s.round, s.exercise_id) != block],
                last=history.last.get(block[1]) if history is not None else None,
                answered=done,
            )
            self._prompts[block] = prompt
        return prompt

    def _about(self, step: Step) -> str:
        if step.kind not in _EXERCISE_STEPS or step.exercise is None:
            return ""
        history = self.history()
        if history is None:
            return ""
        last = history.last.get(step.exercise)
        advice = history.advice.get(step.exercise)
        if last is None and advice is None:
            return ""  # the wording's module is loaded only for something to say
        from backtimer.log.words import advice_line, last_time_line

        parts = []
        if last is not None:
            parts.append(last_time_line(last))
        if advice is not None:
            parts.append(advice_line(advice))
        return " · ".join(parts)

    # -- the keys, while it asks ----------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "load":
            return self.prompt is not None and self.prompt.unit is not None
        if action == "effort":
            return self.prompt is not None
        return True

    def action_load(self, steps: int) -> None:
        if self.prompt is not None:
            self.prompt.change(steps)
            self._answered()

    def action_effort(self, effort: Effort) -> None:
        if self.prompt is not None:
            self.prompt.rate(effort)
            self._answered()

    def _answered(self) -> None:
        prompt = self.prompt
        log = self.training_log
        if prompt is None or log is None or log.recorder is None:
            return
        answer = prompt.answer()
        if answer is not None:
            load, unit, effort = answer
            log.recorder.rate(prompt.block, load=load, unit=unit, effort=effort)
        self._show_prompt()

    def _show_prompt(self) -> None:
        if self.prompt is None:
            return
        text = self.prompt.text()
        # Where the whole question does not fit, its short form keeps the keys in view.
        if self.content_size.width and len(text) > self.content_size.width:
            text = self.prompt.short_text()
        self.text = text

    def on_resize(self) -> None:
        self._show_prompt()
