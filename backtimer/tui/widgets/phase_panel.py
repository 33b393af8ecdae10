"""The phase panel: what to do now and the count, in big type, coloured and framed by kind.

The phase word (PULL, PAUSE, REST, GET READY) on the left and the number on the right read as one
phrase from across a room: "PAUSE 1", "REST 0:27", "GET READY 3". Below the number, a caption
says what the number is ("of 2 counts", "left") and a note says when a hold was changed. The
frame's style and the symbol in its title tell the kinds apart without colour (``NO_COLOR``).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.color import Color
from textual.reactive import reactive

from backtimer.tui.text import literal
from backtimer.tui.widgets.bigtext import BigText
from backtimer.tui.widgets.blank import Column
from backtimer.tui.widgets.phase_style import PHASE_SHAPES, PhaseKind, phase_colours
from backtimer.tui.widgets.still import Still
from backtimer.tui.widgets.text import Line

KIND_NAMES: dict[PhaseKind, str] = {
    "move": "move",
    "hold": "hold",
    "rest": "rest",
    "get-ready": "get ready",
}


class PhasePanel(Still):
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
    }
    """

    # None of these repaints the panel itself: the widgets bound to them repaint, and the frame
    # is restyled only when the kind changes. A whole-panel repaint every second was most of
    # what the big type cost.
    kind: reactive[PhaseKind] = reactive[PhaseKind]("get-ready", repaint=False)
    word: reactive[str] = reactive("", repaint=False)
    number: reactive[str] = reactive("", repaint=False)
    caption: reactive[str] = reactive("", repaint=False)
    note: reactive[str] = reactive("", repaint=False)
    paused: reactive[bool] = reactive(False, repaint=False)
    framed: reactive[bool] = reactive(True, repaint=False)
    """Whether the panel has its frame (small terminals leave it out)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)

    def compose(self) -> ComposeResult:
        yield BigText(id="phase").data_bind(text=PhasePanel.word)
        with Column(id="phase-count"):
            yield BigText(id="number", wrap=False).data_bind(text=PhasePanel.number)
            yield Line(id="caption").data_bind(text=PhasePanel.caption)
            yield Line(id="adjusted").data_bind(text=PhasePanel.note)

    def on_mount(self) -> None:
        self._coloured = [self.query_one("#phase"), self.query_one("#number")]
        self._coloured.append(self.query_one("#caption"))
        self._show_kind()
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._show_kind())

    def watch_kind(self) -> None:
        self._show_kind()

    def watch_framed(self) -> None:
        self._show_kind()

    def watch_paused(self) -> None:
        self._show_kind()

    def watch_word(self) -> None:
        self._title()

    def _show_kind(self) -> None:
        # Inline styles, not a class per kind: in a rep the kind changes every second or two,
        # and a class change restyles the panel and everything in it. The frame's style tells
        # the kinds apart without colour.
        theme = self.app.current_theme
        colour = phase_colours(theme)[self.kind]
        # Paused: the big type greyed, the caption (which says so) in the warning colour.
        shown = Color.parse(theme.foreground or "grey").with_alpha(0.4) if self.paused else colour
        warning = Color.parse(theme.warning or "yellow")
        word, number, caption = self._coloured
        word.styles.color = shown
        number.styles.color = shown
        caption.styles.color = warning if self.paused else colour
        if self.framed:
            self.styles.border = (PHASE_SHAPES[self.kind].border, colour)
        else:
            self.styles.border = None
        self._title()

    def _title(self) -> None:
        # The frame's title names the kind with its symbol, and the phase word in plain letters
        # too: the big letters are a picture, and this is text (for tmux, a screen reader).
        kind = KIND_NAMES[self.kind]
        title = f"{PHASE_SHAPES[self.kind].symbol} {kind}"
        if self.word and self.word.casefold() != kind.casefold():
            title += f": {self.word}"
        self.border_title = literal(f"{title} · PAUSED" if self.paused else title)
