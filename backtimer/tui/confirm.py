"""A yes/no question in a modal dialog (quit mid-workout, save settings)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from backtimer.tui.text import literal


class Confirm(ModalScreen[bool]):
    """Asks a question: y answers yes, n or Escape answers no."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n", "answer(False)", "No"),
        Binding("escape", "answer(False)", "No", show=False),
    ]

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self.question = question
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(literal(self.question), id="question")
            if self.detail:
                yield Static(literal(self.detail), id="detail")
            yield Static("y: yes    n / Esc: no", id="answers", markup=False)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
