"""The summary when a workout ends or is stopped: time spent, rounds done, what was skipped.

Work is the reps (their moves and holds): get-ready countdowns, set-up cues and rests are not
work, so skipping them is not listed. At the end of the planned rounds, when the routine suggests
more ("three to four rounds"), one key (+) goes on with one more round, for this workout only (it
is never offered as a saved setting). With a training log it
also asks the last set's load and effort, compares the workout with the last one and gives the
advice for next time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, Static

from backtimer.core.fmt import duration, reps
from backtimer.core.plan import Plan, Step
from backtimer.core.session import Session
from backtimer.settings.layers import Layers
from backtimer.tui import messages
from backtimer.tui.messages import OfferSave
from backtimer.tui.screens.base import NoticeScreen
from backtimer.tui.text import literal
from backtimer.tui.widgets.hanging import Hanging
from backtimer.tui.widgets.log_line import LogLine, training_log_of
from backtimer.tui.widgets.log_panels import SummaryLog
from backtimer.tui.widgets.notice import Notice
from backtimer.tui.wording import describe_change


@dataclass(frozen=True)
class Block:
    """One exercise in one round: its reps, and which of them ran to their end."""

    round: int
    exercise: int  # index in the routine
    name: str
    reps: int
    done: frozenset[int]  # rep numbers whose every phase ran to its end
    first_step: int  # index of its first rep's first step, for plan order

    @property
    def whole(self) -> bool:
        return len(self.done) == self.reps

    @property
    def touched(self) -> bool:
        return bool(self.done)


def blocks(session: Session) -> list[Block]:
    """Every exercise of every round, in plan order, with the reps done."""
    plan: Plan = session.plan
    completed = session.stats.completed
    reps: dict[tuple[int, int], dict[int, bool]] = {}
    first: dict[tuple[int, int], int] = {}
    for step in plan.steps:
        if step.kind not in ("move", "hold") or step.round is None:
            continue
        key = (step.round, step.exercise_index or 0)
        first.setdefault(key, step.index)
        rep = reps.setdefault(key, {})
        rep[step.rep or 0] = rep.get(step.rep or 0, True) and step.index in completed
    routine = plan.routine
    return [
        Block(
            round=rnd,
            exercise=ei,
            name=routine.exercises[ei].name,
            reps=len(by_rep),
            done=frozenset(r for r, whole in by_rep.items() if whole),
            first_step=first[(rnd, ei)],
        )
        for (rnd, ei), by_rep in reps.items()
    ]


def rounds_lines(session: Session) -> list[str]:
    """Rounds done in full, and each round done in part: "Round 2: 2 of 3 exercises"."""
    by_round: dict[int, list[Block]] = {}
    for block in blocks(session):
        by_round.setdefault(block.round, []).append(block)
    rounds = session.plan.routine.rounds
    full = sum(1 for bs in by_round.values() if all(b.whole for b in bs))
    if full == rounds:
        return [f"Rounds done: {full} of {rounds}"]
    lines = [f"Rounds done in full: {full} of {rounds}"]
    for rnd, bs in by_round.items():
        if all(b.whole for b in bs) or not any(b.touched for b in bs):
            continue
        whole = sum(1 for b in bs if b.whole)
        partly = sum(1 for b in bs if b.touched and not b.whole)
        part = f", {partly} in part" if partly else ""
        lines.append(f"Round {rnd} in part: {whole} of {len(bs)} exercises done{part}")
    return lines


def skipped_lines(session: Session, stopped_at: Step | None = None) -> list[str]:
    """Work skipped before the end (or before where it was stopped), in plan order."""
    lines = []
    for block in blocks(session):
        if stopped_at is not None and block.first_step >= stopped_at.index:
            break
        if block.whole:
            continue
        if stopped_at is not None and _holds(block, stopped_at):
            continue  # the set it was stopped in is told apart, below
        lines.append(
            skipped_line(block.round, block.name, block.reps - len(block.done), block.reps)
        )
    return lines


def skipped_line(round: int, name: str, missing: int, planned: int) -> str:
    """One set's skipped reps: "Round 1, Seated row: 4 of 10 reps". Under "Skipped:", "10 of 10
    reps" read as ten done, so a set skipped whole says so."""
    what = (
        f"the whole set ({reps(planned)})" if missing == planned else f"{missing} of {planned} reps"
    )
    return f"Round {round}, {name}: {what}"


def _holds(block: Block, step: Step) -> bool:
    return (block.round, block.exercise) == (step.round, step.exercise_index)


def stopped_line(session: Session, stopped_at: Step) -> str:
    """Where a workout was stopped, and how much was left."""
    routine = session.plan.routine
    name = routine.exercises[stopped_at.exercise_index or 0].name
    if stopped_at.kind in ("move", "hold"):
        where = f"round {stopped_at.round}, {name}, rep {stopped_at.rep}"
    elif stopped_at.kind == "rest":
        where = f"the rest before {name} (round {stopped_at.round})"
    else:
        where = f"round {stopped_at.round}, before {name}"
    left = [b for b in blocks(session) if b.first_step >= stopped_at.index or _holds(b, stopped_at)]
    reps = sum(b.reps - len(b.done) for b in left)
    return f"Stopped at {where}; {reps} reps not done after that"


def can_go_on(session: Session, stopped_at: Step | None) -> bool:
    """Whether one more round is on offer: the planned rounds are done, the routine suggests
    more."""
    routine = session.plan.routine
    most = routine.max_rounds
    return stopped_at is None and session.finished and most is not None and routine.rounds < most


class SummaryScreen(NoticeScreen):
    """What was done. q leaves at once; + goes on with one more round, where offered."""

    # Loaded when the screen is first shown (not parsed at start-up with the app's stylesheet);
    # unscoped, so each rule reads and weighs as it would in the app's stylesheet.
    SCOPED_CSS = False
    CSS = """
    #summary-scroll {
        height: 1fr;
    }
    """

    BINDINGS = [
        Binding("q", "leave", "Quit", tooltip="quit now"),
        Binding("escape", "leave", "Quit", show=False, tooltip="quit now"),
        # + as in the preview, where + adds a round (o is the training log's "ok").
        Binding(
            "plus,equals_sign",
            "one_more_round",
            "One more round",
            key_display="+",
            tooltip="one more round",
        ),
        Binding("H", "history", "History", tooltip="the workouts in the training log"),
    ]

    def __init__(
        self,
        session: Session,
        layers: Layers,
        *,
        stopped_at: Step | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.settings_layers = layers
        self.stopped_at = stopped_at

    def compose(self) -> ComposeResult:
        session = self.session
        routine = session.plan.routine
        # Whole seconds spent, rounded down as the workout screen shows them.
        spent = f"Time in the workout: {duration(math.floor(session.active_seconds() + 1e-6))}"
        paused = session.stats.paused_seconds
        if paused >= 1:
            spent += f" (and {duration(paused)} paused)"
        lines = [spent, *rounds_lines(session)]
        if self.stopped_at is not None:
            lines.append(stopped_line(session, self.stopped_at))
        skipped = skipped_lines(session, self.stopped_at)
        if skipped:
            lines.append("Skipped:")
            lines.extend(f"  {line}" for line in skipped)
        else:
            lines.append("Skipped: nothing")
        changes = self.changes()
        if changes:
            lines.append("Changed during the workout:")
            lines.extend(f"  {c}" for c in changes)
        if can_go_on(session, self.stopped_at):
            most = routine.max_rounds
            lines.append("")
            lines.append(f"+: one more round (the routine suggests up to {most})")
        lines.append("q: quit")
        heading = "Workout stopped" if self.stopped_at is not None else "Workout complete"
        if self.stopped_at is None and not all(block.whole for block in blocks(session)):
            heading = "Workout ended"  # reached the end, but something on the way was skipped
        with Vertical(id="summary", classes="page"):
            yield Static(
                literal(f"{heading}: {routine.title}"), id="summary-title", classes="page-title"
            )
            log = training_log_of(self.app)
            yield LogLine(session, log, id="log-line")
            with VerticalScroll(id="summary-scroll"):
                yield Hanging("\n".join(lines), id="summary-body")
                yield SummaryLog(log, id="summary-log")
            yield Notice(id="notice")
        yield Footer(show_command_palette=False)

    def changes(self) -> list[str]:
        layers = self.settings_layers
        count = layers.count_seconds
        return [describe_change(layers.routine, o, count) for o in layers.session_changes()]

    def on_mount(self) -> None:
        self.post_message(OfferSave(self.settings_layers))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "one_more_round":
            return can_go_on(self.session, self.stopped_at)
        return True

    def action_leave(self) -> None:
        self.app.exit(0)

    def action_history(self) -> None:
        log = training_log_of(self.app)
        recorder = log.recorder if log is not None else None
        routine_id = recorder.routine_id if recorder is not None else None
        self.post_message(messages.OpenHistory(routine_id, self.session.plan.routine.title))

    def action_one_more_round(self) -> None:
        if not can_go_on(self.session, self.stopped_at):
            return
        layers = self.settings_layers
        # For this workout alone: the save offer never proposes it as the routine's rounds.
        layers.add_round()
        self.session.extend(layers.plan())
        self.post_message(messages.GoOn(self.session, layers))
