"""The phase panel: what to do now and the count, in big type, coloured and framed by kind.

The phase word (PULL, PAUSE, REST, GET READY) on the left and the number on the right read as one
phrase from across a room: "PAUSE 1", "REST 0:27", "GET READY 3". Below the number, a caption
says what the number is ("of 2 counts", "left") and a note says when a hold was changed. The
frame's style and the symbol in its title tell the kinds apart without colour (``NO_COLOR``).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widget import Widget

from backtimer.tui.text import literal
from backtimer.tui.widgets.bigtext import BigText
from backtimer.tui.widgets.phase_style import PHASE_KINDS, PHASE_SHAPES, PhaseKind
from backtimer.tui.widgets.text import Line

KIND_NAMES: dict[PhaseKind, str] = {
    "move": "move",
    "hold": "hold",
    "rest": "rest",
    "get-ready": "get ready",
}


def _kind_css() -> str:
    rules = []
    for kind in PHASE_KINDS:
        border = PHASE_SHAPES[kind].border
        rules.append(
            f"PhasePanel.-{kind} {{ border: {border} $phase-{kind}; }}\n"
            f"PhasePanel.-{kind} BigText {{ color: $phase-{kind}; }}\n"
            f"PhasePanel.-{kind} #caption {{ color: $phase-{kind}; }}\n"
        )
    return "".join(rules)


class PhasePanel(Widget):
    """The phase word and the number in big type, a caption and a note under the number."""

    DEFAULT_CSS = """
    PhasePanel {
        layout: horizontal;
        height: 1fr;
        border-title-align: left;
        border-title-style: bold;
        #phase { width: 3fr; height: 1fr; padding: 0 1; }
        #phase-count { width: 2fr; height: 1fr; }
        #number { height: 1fr; }
        #caption { text-align: center; text-style: bold; }
        #adjusted { text-align: center; color: $text-success; }
        &.-paused BigText { color: $text-disabled; }
        &.-paused #caption { color: $text-warning; }
    }
    """ + _kind_css()

    kind: reactive[PhaseKind] = reactive[PhaseKind]("get-ready")
    word: reactive[str] = reactive("")
    number: reactive[str] = reactive("")
    caption: reactive[str] = reactive("")
    note: reactive[str] = reactive("")
    paused: reactive[bool] = reactive(False)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)

    def compose(self) -> ComposeResult:
        yield BigText(id="phase").data_bind(text=PhasePanel.word)
        with Vertical(id="phase-count"):
            yield BigText(id="number", wrap=False).data_bind(text=PhasePanel.number)
            yield Line(id="caption").data_bind(text=PhasePanel.caption)
            yield Line(id="adjusted").data_bind(text=PhasePanel.note)

    def on_mount(self) -> None:
        self._show_kind()

    def watch_kind(self) -> None:
        self._show_kind()

    def watch_paused(self, paused: bool) -> None:
        self.set_class(paused, "-paused")
        self._title()

    def watch_word(self) -> None:
        self._title()

    def _show_kind(self) -> None:
        for kind in PHASE_KINDS:
            self.set_class(kind == self.kind, f"-{kind}")
        self._title()

    def _title(self) -> None:
        # The frame's title names the kind with its symbol, and the phase word in plain letters
        # too: the big letters are a picture, and this is text (for tmux, a screen reader).
        kind = KIND_NAMES[self.kind]
        title = f"{PHASE_SHAPES[self.kind].symbol} {kind}"
        if self.word and self.word.casefold() != kind.casefold():
            title += f": {self.word}"
        self.border_title = literal(f"{title} · PAUSED" if self.paused else title)
