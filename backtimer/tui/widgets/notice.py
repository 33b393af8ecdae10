"""A notice: where a screen says something for a few seconds without covering the count or the
cue (as a toast would), and leaves nothing behind.

It sits at the bottom of its container, on a layer of its own (the container declares
``layers: default notice``), over what matters least there, so showing one never moves anything
else. On a page (the picker, the preview, the summary) that is the page's foot, and a notice
wraps to three lines. On the workout and in practice nothing above the footer may be covered
(the count, the cues, the Next line, the times are read from two metres away): there the
screen's CSS puts it in its container's flow, after everything, and lifts it out of the
container (``overlay: screen``), so that it is drawn where the flow ends, on the footer's row;
with ``max-height: 1`` it is one line, cut with an ellipsis. The keys still work under it, and
the footer is back when it goes.
"""

from __future__ import annotations

from textual.content import Content
from textual.css.scalar import Unit
from textual.geometry import Size
from textual.notifications import SeverityLevel
from textual.reactive import reactive
from textual.timer import Timer
from textual.widget import Widget

from backtimer.tui.widgets.text import clamp

MAX_LINES = 3  # unless the CSS sets a max-height in lines


class Notice(Widget):
    """Shows the newest notice, wrapped to at most three lines (or the CSS's max-height), the
    last cut with an ellipsis when more was left out; then clears itself."""

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

    @property
    def max_lines(self) -> int:
        """The most lines a notice takes: the CSS's ``max-height`` when it is a number of lines
        (so that the last line shown, not a line under it, ends in the ellipsis)."""
        limit = self.styles.max_height
        if limit is not None and limit.unit is Unit.CELLS:
            return max(1, int(limit.value) - self.styles.gutter.height)
        return MAX_LINES

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(clamp(self.text, width, self.max_lines))

    def render(self) -> Content:
        return Content("\n").join(clamp(self.text, self.content_size.width, self.max_lines))
