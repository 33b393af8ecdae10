"""A notice: where a screen says something for a few seconds without covering the count or the
cue (as a toast would), and leaves nothing behind.

It sits at the bottom of its container, on a layer of its own (the container declares
``layers: default notice``), over what matters least there (on the workout screen, the progress
bar and the line below the cues), so showing one never moves anything else.
"""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.notifications import SeverityLevel
from textual.reactive import reactive
from textual.timer import Timer
from textual.widget import Widget

from backtimer.tui.widgets.text import clamp

MAX_LINES = 3


class Notice(Widget):
    """Shows the newest notice, wrapped to at most three lines, then clears itself."""

    DEFAULT_CSS = """
    Notice {
        dock: bottom;
        layer: notice;
        display: none;
        width: 1fr;
        height: auto;
        padding: 0 1;
        background: $panel;
        color: $text;
        text-style: bold;
        &.-shown { display: block; }
        &.-warning { color: $text-warning; background: $warning-muted; }
        &.-error { color: $text-error; background: $error-muted; }
    }
    """

    text: reactive[str] = reactive("", layout=True)
    severity: reactive[SeverityLevel] = reactive[SeverityLevel]("information")

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._timer: Timer | None = None

    def show(
        self, text: str, *, severity: SeverityLevel = "information", timeout: float = 4.0
    ) -> None:
        """Show ``text`` (literally) for ``timeout`` seconds, in place of any notice before."""
        self.text = text
        self.severity = severity
        self.add_class("-shown")
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(timeout, self.clear)

    def clear(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.text = ""
        self.remove_class("-shown")

    def watch_severity(self, severity: SeverityLevel) -> None:
        self.set_class(severity == "warning", "-warning")
        self.set_class(severity == "error", "-error")

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(clamp(self.text, width, MAX_LINES))

    def render(self) -> Content:
        return Content("\n").join(clamp(self.text, self.content_size.width, MAX_LINES))
