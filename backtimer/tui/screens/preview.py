"""The preview of a chosen routine: exercises, cues, rounds, holds; adjustable before starting."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, Static

from backtimer.core.describe import Mark, exercise_lines
from backtimer.core.fmt import duration, number
from backtimer.core.model import Routine
from backtimer.core.plan import compile_plan
from backtimer.settings.catalog import Entry
from backtimer.settings.layers import Layers
from backtimer.settings.overrides import entry_key
from backtimer.settings.values import COUNT_SECONDS_STEP
from backtimer.tui.messages import OfferSave, OpenPractice, StartWorkout
from backtimer.tui.screens.base import NoticeScreen
from backtimer.tui.text import literal
from backtimer.tui.widgets.hanging import Hanging
from backtimer.tui.widgets.log_line import training_log_of
from backtimer.tui.widgets.log_panels import PreviewLog
from backtimer.tui.widgets.notice import Notice


def describe_routine(routine: Routine, mark: Mark | None = None) -> str:
    """The routine as text: each exercise with reps, numbered cues, the phases of a rep, tips."""
    lines = exercise_lines(routine, mark) if mark is not None else exercise_lines(routine)
    return "\n".join(lines).rstrip()


class PreviewScreen(NoticeScreen):
    """Shows what the workout holds; rounds and count length can be changed before starting."""

    # Loaded when the screen is first shown (not parsed at start-up with the app's stylesheet);
    # unscoped, so each rule reads and weighs as it would in the app's stylesheet.
    SCOPED_CSS = False
    CSS = """
    #preview-settings {
        height: auto;
        margin-bottom: 1;
    }

    #preview-body {
        height: 1fr;
    }
    """

    BINDINGS = [
        Binding("enter,s", "start", "Start", tooltip="start the workout"),
        Binding("escape,q", "back", "Back", tooltip="back to the list"),
        Binding("p", "practice", "Practice", tooltip="practise the cues"),
        Binding("plus,equals_sign", "rounds(1)", "Round +1", show=False),
        Binding("minus,underscore", "rounds(-1)", "Round -1", show=False),
        Binding("left_square_bracket", "count_length(-1)", "Count -0.1s", show=False),
        Binding("right_square_bracket", "count_length(1)", "Count +0.1s", show=False),
    ]

    def __init__(self, entry: Entry, layers: Layers) -> None:
        super().__init__()
        self.entry = entry
        self.settings_layers = layers
        self.routine = layers.routine

    def compose(self) -> ComposeResult:
        with Vertical(id="preview", classes="page"):
            yield Static(literal(self.routine.title), id="preview-title", classes="page-title")
            yield Hanging(id="preview-settings")
            yield PreviewLog(training_log_of(self.app), entry_key(self.entry), self.routine)
            with VerticalScroll(id="preview-body"):
                yield Hanging(self._describe(), id="preview-text")
            yield Notice(id="notice")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self._show_settings()

    def _describe(self) -> str:
        return describe_routine(self.settings_layers.effective, self.settings_layers.marks())

    def _effective(self) -> Routine:
        return self.settings_layers.effective

    def _show_settings(self) -> None:
        routine = self._effective()
        total = compile_plan(routine).total_seconds
        source = self.routine.source
        by = ""
        if source is not None:
            by = f'From "{source.title}"' + (f" by {source.author}" if source.author else "")
            by += "\n"
        suggested = (
            f" (suggested up to {self.routine.max_rounds})" if self.routine.max_rounds else ""
        )
        marks = self.settings_layers.marks()
        yours = [o for o in self.settings_layers.provenance() if o.layer == "yours"]
        text = (
            f"{by}Rounds: {routine.rounds}{marks('rounds')}{suggested}   + - to change\n"
            f"One count: {number(routine.count_seconds)} s{marks('count_seconds')}"
            "   [ ] to change\n"
            f"Total: {duration(total)}   Enter to start"
        )
        if yours:
            text += f"\nUsing your saved settings ({len(yours)}): `backtimer reset {self.entry.id}`"
            text += " goes back to the routine's own"
        self.query_one("#preview-settings", Hanging).text = text

    def action_rounds(self, delta: int) -> None:
        self.settings_layers.set_rounds(self._effective().rounds + delta)
        self._show_settings()

    def action_count_length(self, direction: int) -> None:
        self.settings_layers.adjust_count_seconds(COUNT_SECONDS_STEP * direction)
        self._show_settings()

    def action_start(self) -> None:
        self.post_message(StartWorkout(self.entry, self.settings_layers))

    def action_practice(self) -> None:
        self.post_message(OpenPractice(self.entry, self.routine, self.settings_layers))

    def action_back(self) -> None:
        self.app.pop_screen()

    def ask_to_quit(self) -> None:
        """Quitting from the preview offers to save the rounds or count length changed here."""
        self.post_message(OfferSave(self.settings_layers, then_quit=True))
