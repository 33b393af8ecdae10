"""What every backtimer screen shares: a notice line instead of toasts, and the page's look.

The app routes ``notify`` to the screen on top when it is one of these, so a notice (the sound
backend fell back, settings were saved) shows where the screen put its ``Notice`` - never over
the count or the cue - and is gone when it times out.

A page (the picker, the preview, the summary, practice) is a container of class ``page`` holding
a title of class ``page-title`` and the ``Notice``; its look is set here once.
"""

from __future__ import annotations

from textual.css.query import NoMatches
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widget import Widget

from backtimer.tui.widgets.notice import Notice


class NoticeScreen(Screen[None]):
    """A screen with a ``Notice``; notices that come before it is mounted wait for it."""

    # The page: a column's margin each side, the notice on a layer of its own over the page's
    # foot; the title bold in the accent colour with a line under it. Default CSS, so every
    # subclass has it, loaded with the first such screen; a screen's own CSS wins where it differs.
    DEFAULT_CSS = """
    NoticeScreen {
        .page {
            padding: 0 1;
            layers: default notice;
        }
        .page-title {
            text-style: bold;
            color: $text-accent;
            margin-bottom: 1;
        }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._waiting: list[tuple[str, SeverityLevel, float]] = []

    def _extend_compose(self, widgets: list[Widget]) -> None:
        # No toast rack: notices show in the screen's own line. Textual hides the empty rack
        # as the screen is first shown, and hiding it (hidden already by its CSS) lays the
        # whole screen out again: just after the workout's first frame.
        super()._extend_compose(widgets)
        widgets[:] = [widget for widget in widgets if widget.id != "textual-toastrack"]

    def show_notice(
        self, text: str, *, severity: SeverityLevel = "information", timeout: float = 4.0
    ) -> None:
        """Show ``text`` literally in this screen's notice line for ``timeout`` seconds."""
        try:
            notice = self.query_one(Notice)
        except NoMatches:
            self._waiting.append((text, severity, timeout))
            return
        notice.show(text, severity=severity, timeout=timeout)

    def ask_to_quit(self) -> None:
        """Quit as this screen does (q, the footer's or the palette's Quit): here, at once."""
        self.app.exit(0)

    def on_mount(self) -> None:
        waiting, self._waiting = self._waiting, []
        for text, severity, timeout in waiting:
            self.show_notice(text, severity=severity, timeout=timeout)
