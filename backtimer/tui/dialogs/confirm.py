"""A yes/no question in a modal dialog (quit mid-workout, save settings) that says what each key
does: "y quit · n keep going"."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from backtimer.tui.text import literal


class Confirm(ModalScreen[bool | None]):
    """y answers yes, n or Escape no, q None (the caller says what q means, or that it is the
    same as y)."""

    DEFAULT_CSS = """
    Confirm {
        align: center middle;
        #dialog {
            width: auto;
            max-width: 90%;
            height: auto;
            max-height: 100%;
            border: thick $warning;
            background: $surface;
            padding: 0 1;
        }
        #question { text-style: bold; width: auto; max-width: 100%; }
        #detail { width: auto; max-width: 100%; margin-top: 1; }
        #answers { width: auto; max-width: 100%; margin-top: 1; color: $text; text-style: bold; }
    }
    """

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n", "answer(False)", "No"),
        Binding("escape", "answer(False)", "No", show=False),
        Binding("q", "quit_key", "Quit", show=False),
    ]

    def __init__(
        self,
        question: str,
        detail: str = "",
        *,
        yes: str = "yes",
        no: str = "no",
        q: str = "",
    ) -> None:
        super().__init__()
        self.question = question
        self.detail = detail
        self.answers = answers_line(yes, no, q)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog"):
            yield Static(literal(self.question), id="question")
            if self.detail:
                yield Static(literal(self.detail), id="detail")
            yield Static(literal(self.answers), id="answers")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    def action_quit_key(self) -> None:
        self.dismiss(None)


def answers_line(yes: str, no: str, q: str) -> str:
    """What each key does, short enough for 40 columns: "y or q quit · n keep going"."""
    if q == yes:
        return f"y or q {yes} · n {no}"
    line = f"y {yes} · n {no}"
    return f"{line} · q {q}" if q else line
