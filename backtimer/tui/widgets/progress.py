"""The whole workout's progress bar: repaints only when the drawn bar changes, and has no timer.

Textual's ProgressBar keeps a one-second interval for its ETA even when the ETA is hidden, and each
update passes through three reactives; on a screen that otherwise changes once a second, that
doubled the frames drawn.
"""

from __future__ import annotations

from rich.style import Style
from textual.app import RenderResult
from textual.renderables.bar import Bar

from backtimer.tui.widgets.still import Still


class WorkoutProgress(Still, can_focus=False):
    """A one-line bar: ``show(done, total)`` repaints only when a half cell more is filled."""

    COMPONENT_CLASSES = {"workout-progress--bar", "workout-progress--complete"}

    DEFAULT_CSS = """
    WorkoutProgress {
        width: 1fr;
        height: 1;

        &> .workout-progress--bar {
            color: $primary;
            background: $surface;
        }
        &> .workout-progress--complete {
            color: $success;
            background: $surface;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.fraction = 0.0
        self._drawn: tuple[int, int] | None = None

    def show(self, done: float, total: float) -> None:
        self.fraction = min(1.0, max(0.0, done / total)) if total > 0 else 1.0
        width = self.size.width
        drawn = (width, int(self.fraction * width * 2))
        if drawn != self._drawn:
            self._drawn = drawn
            self.refresh()

    def on_resize(self) -> None:
        self._drawn = None
        self.show(self.fraction, 1.0)

    def render(self) -> RenderResult:
        width = self.size.width
        # Filled to the half cell drawn (as Textual's own bar does), not beyond.
        filled = int(self.fraction * width * 2) / 2
        component = "workout-progress--bar" if self.fraction < 1 else "workout-progress--complete"
        style = self.get_component_rich_style(component)
        return Bar(
            highlight_range=(0, filled),
            highlight_style=Style.from_color(style.color),
            background_style=Style.from_color(style.bgcolor),
            width=width,
        )
