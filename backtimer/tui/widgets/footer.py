"""The footer of key bindings: Textual's, with its keys made in their final style at once.

Textual makes each key compact, then binds it to the footer's (not compact) setting: two style
updates per key, each restyling the key, at start-up and every time the keys change (pause and
resume, mute and unmute). Here each key starts as the footer is, so neither update happens; the
footer looks and works exactly as Textual's.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

__all__ = ["Footer"]


class Footer(TextualFooter):
    """Textual's footer, its keys born with the footer's compactness."""

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                widget.set_reactive(FooterKey.compact, self.compact)
            yield widget
