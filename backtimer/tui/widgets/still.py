"""Widgets that hand back the lines they drew last when nothing about them has changed since.

Textual draws every widget whose clip overlaps the box around a frame's changed regions, and on
the workout screen that box spans from the count near the top to the times at the bottom: nearly
every widget, every second. Textual keeps each widget's lines, but every draw still works out the
widget's backgrounds, rules, title styles and theme again before it looks at them (200-370 calls a
widget a frame): in a long hold, where only the count and the times change, a third of the cost.

A widget's lines change only through ``refresh`` (its text, styles, classes, title or scroll
position changed), a new size, or the app's line filters (an ANSI theme, ``NO_COLOR``): Textual's
own line cache is kept on the same terms. ``Still`` keeps the lines of the last draw and hands
them back while the crop, the size and the filters are the same and ``refresh`` was not called.
"""

from __future__ import annotations

from typing import Self

from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget


class Still(Widget):
    """A widget whose lines are drawn again only after a refresh, a resize or new filters.

    Beside another widget class, it comes last among the bases: a widget inherits CSS along its
    first base only, and the other class would lose its default CSS.
    """

    _still_key: tuple[Region, Size, tuple[object, ...]] | None = None
    _still_lines: list[Strip] = []  # replaced with each draw, never changed in place

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        self._still_key = None
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def render_lines(self, crop: Region) -> list[Strip]:
        key = (crop, self.outer_size, tuple(self.get_line_filters()))
        if key == self._still_key:
            return self._still_lines
        lines = self.render_changed_lines(crop)
        self._still_key, self._still_lines = key, lines
        return lines

    def render_changed_lines(self, crop: Region) -> list[Strip]:
        """Draw the lines anew: what ``render_lines`` does when something changed."""
        return super().render_lines(crop)
