"""The numbered cue list: done cues ticked, the current one marked and highlighted."""

from __future__ import annotations

import textwrap

from textual import events
from textual.content import Content
from textual.widgets import Static

from backtimer.core.fmt import printable


class CueList(Static):
    """Shows an exercise's cues in order; only the current one when space is short."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self._state: tuple[tuple[str, ...], int | None, bool, int] | None = None
        self._cues: list[str] = []
        self._current: int | None = None
        self._only_current = False

    def show(self, cues: list[str], current: int | None, *, only_current: bool = False) -> None:
        """Render ``cues`` with 1-based ``current`` marked (None: no cue is current)."""
        self._cues = cues
        self._current = current
        self._only_current = only_current
        self._render_cues()

    def on_resize(self, event: events.Resize) -> None:
        self._render_cues()

    def _render_cues(self) -> None:
        width = self.content_region.width or 60
        state = (tuple(self._cues), self._current, self._only_current, width)
        if state == self._state:
            return  # nothing changed: skip the re-render
        self._state = state
        current = self._current
        lines: list[Content] = []
        for number, cue in enumerate(self._cues, 1):
            if self._only_current and current is not None and number != current:
                continue
            if current is not None and number < current:
                mark, style = "✓", "dim"
            elif number == current:
                mark, style = "▶", "bold reverse"
            else:
                mark, style = " ", ""
            head = f"{mark} {number}. "
            # A hanging indent keeps each cue's number clear of its wrapped lines.
            text = textwrap.fill(
                printable(cue),
                width=max(10, width),
                initial_indent=head,
                subsequent_indent=" " * len(head),
                break_on_hyphens=False,
            )
            line = Content(text)
            lines.append(line.stylize(style) if style else line)
        # In a panel of fixed height the list never changes the layout: repaint it only.
        fixed = self.styles.height is not None and not self.styles.height.is_auto
        self.update(Content("\n").join(lines), layout=not fixed)
