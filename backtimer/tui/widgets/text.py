"""Text that never spills: one line cut with an ellipsis, or a few wrapped lines whose last one
ends in an ellipsis when there is more than fits. Always literal (routine text is content).
"""

from __future__ import annotations

import functools

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.content import Content
from textual.geometry import Size
from textual.reactive import reactive
from textual.strip import Strip

from backtimer.tui.text import literal
from backtimer.tui.widgets.still import Still

ELLIPSIS = "…"


class Line(Still):
    """One line of literal text; cut with an ellipsis when it does not fit."""

    DEFAULT_CSS = """
    Line {
        width: 1fr;
        height: 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    text: reactive[str] = reactive("")

    def __init__(
        self, text: str = "", *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.set_reactive(Line.text, text)

    def watch_text(self, old: str, new: str) -> None:
        # The repaint that follows any reactive is enough unless the width follows the text
        # and the text's width changed: a layout pass every second was most of the cost of a
        # running workout.
        width = self.styles.width
        if width is not None and width.is_auto and cell_len(old) != cell_len(new):
            self.refresh(layout=True)

    def render(self) -> Content:
        return literal(self.text)

    def render_line(self, y: int) -> Strip:
        # One line of plain literal text in the widget's own style, cut with an ellipsis: drawn
        # here rather than through Content's general layout (wrapping, spans, alignment), the
        # cost of which was most of a line's draw, and the times line is drawn every second.
        width = self.content_size.width
        style = self.visual_style.rich_style
        if y or width <= 0:
            return Strip.blank(max(0, width), style)
        return text_strip(self.text, width, style, align=self.styles.text_align)


def text_strip(
    text: str, width: int, style: Style, *, align: str = "left", space: Style | None = None
) -> Strip:
    """``text`` literally in ``style`` on one line of ``width`` cells, cut with an ellipsis,
    placed as ``align`` says (left, center, right) among spaces in ``space`` (default:
    ``style``)."""
    content = literal(text)
    if content.cell_length > width > 1:
        # Cut at a word's end, the ellipsis goes against it: "with a…", not "with a …".
        content = content.truncate(width - 1).rstrip() + ELLIPSIS
    else:
        content = content.truncate(width, ellipsis=True)
    room = max(0, width - content.cell_length)
    left = room // 2 if align == "center" else room if align in ("right", "end") else 0
    blank = style if space is None else space
    segments = [Segment(" " * left, blank), Segment(content.plain, style)]
    segments.append(Segment(" " * (room - left), blank))
    return Strip([segment for segment in segments if segment.text], width)


@functools.lru_cache(maxsize=256)
def clamp(text: str, width: int, height: int) -> tuple[Content, ...]:
    """``text`` wrapped to ``width``, at most ``height`` lines, the last ending in an ellipsis
    when some was left out."""
    if width <= 0 or height <= 0:
        return ()
    lines = [line for part in text.split("\n") for line in literal(part).wrap(width)]
    if len(lines) <= height:
        return tuple(lines)
    kept = lines[:height]
    last = kept[-1].rstrip()
    if last.cell_length + 1 > width:
        last = last.truncate(width - 1)
    kept[-1] = last + ELLIPSIS
    return tuple(kept)


class Para(Still):
    """Wrapped literal text in a space of fixed height; what does not fit ends in an ellipsis."""

    DEFAULT_CSS = """
    Para {
        width: 1fr;
        height: 1fr;
    }
    """

    text: reactive[str] = reactive("")

    def __init__(
        self, text: str = "", *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.set_reactive(Para.text, text)

    def watch_text(self) -> None:
        # A fixed height keeps the layout (a repaint is enough); an auto one follows the text.
        height = self.styles.height
        if height is not None and height.is_auto:
            self.refresh(layout=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # As tall as the wrapped text, up to what the styles allow (max-height cuts it).
        return len(clamp(self.text, width, viewport.height or 1_000))

    def render(self) -> Content:
        width, height = self.content_size
        return Content("\n").join(clamp(self.text, width, height))
