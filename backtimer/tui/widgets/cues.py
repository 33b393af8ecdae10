"""The numbered cue list: done cues ticked, the current ones marked and bold, scrolled so they
are in view; wrapped at a readable width with each cue's number clear of its wrapped lines."""

from __future__ import annotations

from typing import Literal

from rich.segment import Segment
from rich.style import Style
from textual.content import Content
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from backtimer.tui.widgets.hanging import under
from backtimer.tui.widgets.still import Still

CueMark = Literal["done", "now", "next", ""]
MARKERS: dict[CueMark, str] = {"done": "✓", "now": "▶", "next": "▷", "": " "}
READABLE = 88  # the longest line a cue wraps to, however wide the panel: eyes lose the line
MORE = " …"  # what the last row shown ends in when there is more below


class CueList(ScrollView, Still, can_focus=False):
    """An exercise's cues in order, each with its mark; ``only_marked`` keeps only the ones
    marked now or next (small terminals). Redraws only when the cues, marks or width change."""

    COMPONENT_CLASSES = {"cue-list--done", "cue-list--now", "cue-list--next"}

    DEFAULT_CSS = """
    CueList {
        height: 1fr;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-size-vertical: 1;
        & > .cue-list--done { color: $text-muted; }
        & > .cue-list--now { text-style: bold; color: $text; }
        & > .cue-list--next { color: $text-accent; }
    }
    """

    cues: reactive[tuple[str, ...]] = reactive(())
    marks: reactive[tuple[CueMark, ...]] = reactive(())
    only_marked: reactive[bool] = reactive(False)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._lines: list[tuple[str, CueMark]] = []
        self._first_marked = 0
        # What the lines were made for: the cues, their marks, only_marked, the width.
        self._drawn_for: tuple[tuple[str, ...], tuple[CueMark, ...], bool, int] | None = None

    def show(self, cues: tuple[str, ...], marks: tuple[CueMark, ...]) -> None:
        """Show ``cues`` with one mark each (missing marks are none)."""
        self.cues = cues
        self.marks = marks

    def watch_cues(self) -> None:
        self._relayout()

    def watch_marks(self) -> None:
        self._relayout()

    def watch_only_marked(self) -> None:
        self._relayout()

    def on_resize(self) -> None:
        self._relayout()

    @property
    def text_width(self) -> int:
        # The scrollbar's column is kept free whether or not it shows, so that showing it
        # never cuts a line; and so are the two the last row shown ends in (" …") when there is
        # more below. Wrapped to the full width, a row that is shown last lost its last letters
        # to the ellipsis: at 40x12 the list is a row or two tall, so nearly every row is shown
        # last on its way through, and the end of each was never readable.
        width = self.content_region.width - self.styles.scrollbar_size_vertical - len(MORE)
        return max(10, min(width if width > 0 else READABLE, READABLE))

    @property
    def wrapped_width(self) -> int | None:
        """The width the cues were last wrapped to (None before they were)."""
        return None if self._drawn_for is None else self._drawn_for[3]

    def lines(self) -> list[str]:
        """The lines shown, as plain text (for tests)."""
        return [text for text, _mark in self._lines]

    def render_changed_lines(self, crop: Region) -> list[Strip]:
        # A screen opened after start-up is drawn as soon as it is laid out, before the list
        # hears of its size (on_resize): the cues wrapped for the width guessed before were
        # drawn cut, and right only a frame later. (A new width is a new size: the lines kept
        # are never handed back for it.)
        if self.wrapped_width != self.text_width:
            self._relayout()
        return super().render_changed_lines(crop)

    def _relayout(self) -> None:
        width = self.text_width
        key = (self.cues, self.marks, self.only_marked, width)
        if key == self._drawn_for:
            return  # a scroll by hand stays until the cues, their marks or the width change
        self._drawn_for = key
        lines: list[tuple[str, CueMark]] = []
        first_marked: int | None = None
        for number, cue in enumerate(self.cues, 1):
            mark: CueMark = self.marks[number - 1] if number <= len(self.marks) else ""
            if self.only_marked and mark not in ("now", "next"):
                continue
            if mark in ("now", "next") and first_marked is None:
                first_marked = len(lines)
            for row in under(f"{MARKERS[mark]} {number}. ", cue, width):
                lines.append((row.plain.rstrip(), mark))
        self._lines = lines
        self._first_marked = first_marked or 0
        self.virtual_size = Size(width, len(lines))
        # The current cues come into view; at a new width too, where the rows scrolled to
        # before now hold other text.
        self.scroll_to(y=self._first_marked, animate=False, force=True)
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        index = self.scroll_offset.y + y
        if not 0 <= index < len(self._lines):
            return Strip.blank(width, base)
        text, mark = self._lines[index]
        if y == self.scrollable_content_region.height - 1 and index + 1 < len(self._lines):
            text = _more(text, width)  # the last row shown, and more below it
        style: Style = base
        if mark:
            style = base + self.get_component_rich_style(f"cue-list--{mark}")
        return Strip([Segment(text, style)]).crop_extend(0, width, base)


def _more(text: str, width: int) -> str:
    """A row that ends in an ellipsis: there is more below (scroll or page to read it). The rows
    are wrapped with room for it (``text_width``); a row cut here is only one of a list too
    narrow to wrap (under ten columns)."""
    line = Content(text.rstrip())
    if line.cell_length + len(MORE) <= width:
        return line.plain + MORE
    return line.truncate(max(0, width - 1)).plain + "…"
