"""A yes/no question in a modal dialog (quit mid-workout, save settings)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from backtimer.tui.text import literal


class Confirm(ModalScreen[bool | None]):
    """Asks a question: y answers yes, n or Escape answers no, q answers None ("just quit")."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n", "answer(False)", "No"),
        Binding("escape", "answer(False)", "No", show=False),
        Binding("q", "quit_key", "Quit", show=False),
    ]

    def __init__(self, question: str, detail: str = "", *, q_hint: str = "") -> None:
        super().__init__()
        self.question = question
        self.detail = detail
        self.q_hint = q_hint

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(literal(self.question), id="question")
            if self.detail:
                yield Static(literal(self.detail), id="detail")
            # Short enough to fit a 40-column terminal.
            hint = f" · q {self.q_hint}" if self.q_hint else ""
            yield Static(f"y yes · n no{hint}", id="answers", markup=False)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    def action_quit_key(self) -> None:
        # q on a dialog keeps its meaning of "quit": the caller decides what that means here.
        self.dismiss(None)
