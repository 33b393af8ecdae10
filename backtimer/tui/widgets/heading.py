"""The workout's top line: the exercise on the left, where in it on the right.

One widget draws both. The position ("Round 1/2 · Rep 2/2 · LAST REP") changes length within a
set; as a widget of its own, as wide as its text, each change of length made Textual lay out the
whole screen again. Here the exercise simply gets the cells the position leaves.
"""

from __future__ import annotations

from typing import Final

from rich.cells import cell_len
from rich.style import Style
from textual.reactive import reactive
from textual.strip import Strip

from backtimer.tui.text import literal
from backtimer.tui.widgets.still import Still
from backtimer.tui.widgets.text import text_strip

GAP: Final = 2
"""Cells of space between the exercise and the position."""


class Heading(Still):
    """The exercise (cut with an ellipsis when it does not fit) and, right-aligned, the
    position, both literal text on one line."""

    COMPONENT_CLASSES = {"heading--title", "heading--position"}

    DEFAULT_CSS = """
    Heading {
        width: 1fr;
        height: 1;
        & > .heading--title { text-style: bold; color: $text-accent; }
        & > .heading--position { text-style: bold; }
    }
    """

    title: reactive[str] = reactive("")
    """The exercise, or what was just done, or what comes next."""
    position: reactive[str] = reactive("")
    """Where in the exercise: round, rep, muted."""

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        visual = self.visual_style
        base = visual.rich_style
        if y or width <= 0:
            return Strip.blank(max(0, width), base)
        title_style = self._part_style("heading--title", base)
        position_width = 0
        parts: list[Strip] = []
        if self.position:
            position_width = min(width, GAP + cell_len(literal(self.position).plain))
            position_style = self._part_style("heading--position", base)
            position = text_strip(self.position, max(0, position_width - GAP), position_style)
            parts.append(Strip.join([Strip.blank(min(GAP, position_width), base), position]))
        title = text_strip(self.title, width - position_width, title_style, space=base)
        return Strip.join([title, *parts])

    def _part_style(self, name: str, base: Style) -> Style:
        # A part without a colour of its own is in the heading's (inherited) colour.
        styles = self.get_component_styles(name)
        style = base + styles.text_style
        if styles.has_rule("color"):
            colour = self.visual_style.background + styles.color
            style += Style(color=colour.rich_color)
        return style
