"""The summary at the end of a workout: time taken, rounds done, what was skipped."""

from __future__ import annotations

from typing import Protocol

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from backtimer.core.fmt import duration
from backtimer.core.session import Session
from backtimer.settings.layers import Layers
from backtimer.tui.text import literal


class Finished(Protocol):
    """What the summary reads from the workout that ended."""

    session: Session
    settings_layers: Layers

    def changes(self) -> list[str]: ...


def rounds_done(session: Session) -> int:
    """Rounds in which every move and hold ran to its end."""
    done = 0
    for rnd in range(1, session.plan.routine.rounds + 1):
        reps = [s for s in session.plan.steps if s.round == rnd and s.kind in ("move", "hold")]
        if reps and all(s.index in session.stats.completed for s in reps):
            done += 1
    return done


def skipped_lines(session: Session) -> list[str]:
    """What was skipped, one line per exercise and round, reps counted."""
    names = {ex.key: ex.name for ex in session.plan.routine.exercises}
    by_block: dict[tuple[int, str], set[int]] = {}
    other: dict[str, int] = {}
    for step in session.skipped_steps():
        if step.kind in ("move", "hold") and step.round is not None and step.exercise:
            by_block.setdefault((step.round, step.exercise), set()).add(step.rep or 0)
        elif step.kind != "done":
            other[step.kind] = other.get(step.kind, 0) + 1
    lines = []
    for (rnd, key), reps in sorted(by_block.items()):
        total = session.plan.routine.exercise(key).reps
        lines.append(f"Round {rnd}, {names[key]}: {len(reps)} of {total} reps")
    words = {"rest": "rest", "get-ready": "get-ready countdown", "setup": "setup cue"}
    for kind, n in sorted(other.items()):
        lines.append(f"{n} {words.get(kind, kind)}{'s' if n != 1 else ''}")
    return lines


class SummaryScreen(Screen[None]):
    """Shown when the workout is done; q quits at once."""

    BINDINGS = [
        Binding("q", "quit_now", "Quit"),
        Binding("escape", "quit_now", "Quit", show=False),
    ]

    def __init__(self, workout: Finished) -> None:
        super().__init__()
        self.workout = workout

    def compose(self) -> ComposeResult:
        session = self.workout.session
        routine = session.plan.routine
        lines = [
            f"Time taken: {duration(session.time_taken())}"
            + (
                f" (paused {duration(session.stats.paused_seconds)})"
                if session.stats.paused_seconds >= 1
                else ""
            ),
            f"Rounds done: {rounds_done(session)} of {routine.rounds}",
        ]
        skipped = skipped_lines(session)
        if skipped:
            lines.append("Skipped:")
            lines.extend(f"  {line}" for line in skipped)
        else:
            lines.append("Skipped: nothing")
        changes = self.workout.changes()
        if changes:
            lines.append("Changed during the workout:")
            lines.extend(f"  {c}" for c in changes)
        with Vertical(id="summary"):
            yield Static(literal(f"Workout complete: {routine.title}"), id="summary-title")
            yield Static(literal("\n".join(lines)), id="summary-body")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.app.offer_save(self.workout.settings_layers, then=None)  # type: ignore[attr-defined]

    def action_quit_now(self) -> None:
        self.app.exit(0)
