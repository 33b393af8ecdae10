"""The numbered cue list: done cues ticked, the current one marked and highlighted."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from backtimer.fmt import printable


class CueList(Static):
    """Shows an exercise's cues in order; only the current one when space is short."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self._state: tuple[tuple[str, ...], int | None, bool] | None = None

    def show(self, cues: list[str], current: int | None, *, only_current: bool = False) -> None:
        """Render ``cues`` with 1-based ``current`` marked (None: no cue is current)."""
        state = (tuple(cues), current, only_current)
        if state == self._state:
            return  # nothing changed: skip the re-render
        self._state = state
        lines: list[Content] = []
        for number, cue in enumerate(cues, 1):
            if only_current and current is not None and number != current:
                continue
            if current is not None and number < current:
                mark, style = "✓", "dim"
            elif number == current:
                mark, style = "▶", "bold reverse"
            else:
                mark, style = " ", ""
            line = Content(f"{mark} {number}. {printable(cue)}")
            lines.append(line.stylize(style) if style else line)
        self.update(Content("\n").join(lines))
