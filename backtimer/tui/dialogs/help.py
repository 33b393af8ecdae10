"""The key help shown over the workout screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from backtimer.core.fmt import printable

WORKOUT_KEYS = [
    ("space", "pause / resume"),
    ("n  or  →", "next step"),
    ("p  or  ←", "previous step"),
    ("r", "restart this step"),
    ("N", "skip to the next exercise"),
    ("+  /  -", "during a hold: one count more / less"),
    ("[  /  ]", "count length 0.1 s shorter / longer"),
    ("m", "mute / unmute"),
    ("?", "this help"),
    ("q", "quit (asks first)"),
]


class Help(ModalScreen[None]):
    """Lists the workout keys; any of Escape, ? or q closes it."""

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("question_mark", "close", "Close", show=False),
        Binding("q", "close", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        width = max(len(k) for k, _ in WORKOUT_KEYS)
        lines = "\n".join(f"{k.ljust(width)}   {what}" for k, what in WORKOUT_KEYS)
        sound = getattr(self.app, "audio_status", "")
        if sound:
            lines += f"\n\nSound: {printable(sound)}"
        lines += "\nCtrl+P: themes and commands"
        with Vertical(id="dialog"):
            yield Static("Keys", id="question", markup=False)
            yield Static(lines, id="detail", markup=False)
            yield Static("Esc or ? to close", id="answers", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
