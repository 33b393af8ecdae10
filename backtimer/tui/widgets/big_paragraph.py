"""A sentence in big type: a cue drawn in the largest block letters whose lines, broken at spaces,
fit the space; plain bold wrapped text when even the smallest letters would not fit.

``BigText`` draws a word or two (a phase, a count) as large as possible; a cue is a sentence of
twenty words, so here the words are laid out line by line at each letter height in turn.
"""

from __future__ import annotations

import functools

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from backtimer.tui.text import literal
from backtimer.tui.widgets.bigtext import fit_text
from backtimer.tui.widgets.text import clamp

HEIGHTS = (7, 5, 3)  # the letter heights tried, largest first (BigText's fonts)
GAP = 1  # blank rows between lines of big letters


@functools.lru_cache(maxsize=64)
def big_rows(text: str, width: int, height: int) -> tuple[str, ...] | None:
    """``text`` in the tallest block letters whose lines fit ``width`` x ``height``, as rows of
    cells; None when even the smallest do not fit."""
    words = " ".join(literal(text).plain.split()).split(" ")
    if not words or not words[0] or width <= 0:
        return None
    for rows in HEIGHTS:
        lines = _lines(words, width, rows)
        if lines is None:
            continue
        if len(lines) * rows + (len(lines) - 1) * GAP > height:
            continue
        drawn: list[str] = []
        for i, line in enumerate(lines):
            if i:
                drawn.extend([""] * GAP)
            drawn.extend(fit_text(line, width, rows, wrap=False).lines[0])
        return tuple(drawn)
    return None


def _fits(line: str, width: int, rows: int) -> bool:
    fit = fit_text(line, width, rows, wrap=False)
    return fit.face.font is not None and fit.letter_rows == rows


def _lines(words: list[str], width: int, rows: int) -> list[str] | None:
    """Words put on lines greedily, each line drawn ``rows`` tall within ``width``; None when a
    word alone does not fit."""
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if _fits(candidate, width, rows):
            current = candidate
            continue
        if not current or not _fits(word, width, rows):
            return None
        lines.append(current)
        current = word
    lines.append(current)
    return lines


class BigParagraph(Widget):
    """A sentence, literally, as large as its space allows; centred in it."""

    DEFAULT_CSS = """
    BigParagraph {
        width: 1fr;
        height: 1fr;
        text-style: bold;
    }
    """

    text: reactive[str] = reactive("")

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(BigParagraph.text, text)
        self._key: tuple[object, ...] | None = None
        self._strips: list[Strip] = []

    @property
    def is_big(self) -> bool:
        """Whether the text is drawn in block letters at the present size."""
        width, height = self.size
        return big_rows(self.text, width, height) is not None

    def render_line(self, y: int) -> Strip:
        width, height = self.size
        style = self.rich_style
        key = (self.text, width, height, style)
        if key != self._key:
            self._key = key
            self._strips = _strips(self.text, width, height, style)
        return self._strips[y] if 0 <= y < len(self._strips) else Strip.blank(width, style)


def _strips(text: str, width: int, height: int, style: Style) -> list[Strip]:
    rows = big_rows(text, width, height)
    if rows is None:
        # Plain bold text, wrapped, and an ellipsis if even that is too long (it can scroll
        # nowhere: the screen shows the whole cue in the list beside it).
        lines = [line.plain for line in clamp(text, width, height)]
        bold = style + Style(bold=True)
        drawn = [Strip([Segment(line, bold)]).crop_extend(0, width, style) for line in lines]
    else:
        left = max(0, (width - max(map(cell_len, rows), default=0)) // 2)
        drawn = [
            Strip([Segment(" " * left + row, style)]).crop_extend(0, width, style) for row in rows
        ]
    top = max(0, (height - len(drawn)) // 2)
    blank = Strip.blank(width, style)
    return [blank] * top + drawn + [blank] * (height - top - len(drawn))
