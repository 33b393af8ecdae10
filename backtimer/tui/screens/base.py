"""What every backtimer screen shares: a notice line instead of toasts.

The app routes ``notify`` to the screen on top when it is one of these, so a notice (the sound
backend fell back, settings were saved) shows where the screen put its ``Notice`` - never over
the count or the cue - and is gone when it times out.
"""

from __future__ import annotations

from textual.css.query import NoMatches
from textual.notifications import SeverityLevel
from textual.screen import Screen

from backtimer.tui.widgets.notice import Notice


class NoticeScreen(Screen[None]):
    """A screen with a ``Notice``; notices that come before it is mounted wait for it."""

    def __init__(self) -> None:
        super().__init__()
        self._waiting: list[tuple[str, SeverityLevel, float]] = []

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
