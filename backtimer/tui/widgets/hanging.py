"""Text whose wrapped lines hang under their own line's text: a numbered cue's continuation
starts under the cue, not under its number, and any other line's one step in from where it began.
Always literal (routine text is content).
"""

from __future__ import annotations

import functools
import re

from rich.cells import cell_len
from textual.content import Content
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget

from backtimer.core.fmt import printable
from backtimer.tui.text import literal

HANG = 2  # how much further in a continuation starts, on a line with no number
MIN_TEXT = 12  # a narrower column after the indent is harder to read than no indent
_NUMBERED = re.compile(r"( *)(\d+\. +)?")


def under(head: str, text: str, width: int) -> list[Content]:
    """``head`` then ``text`` wrapped beside it, each further line starting under the text: a
    cue under its number's right, a key's description under its first line. ``text`` is shown
    literally; ``head`` is the caller's own (a number, a key, spaces)."""
    indent = cell_len(head)
    first, *rest = literal(text).wrap(max(1, width - indent)) or [Content("")]
    pad = Content(" " * indent)
    return [Content(head) + first, *(pad + part for part in rest)]


def hang(line: str, width: int) -> list[Content]:
    """One line of text wrapped to ``width``, its continuation lines indented (see the module)."""
    if width <= 0:
        return []
    line = printable(line)
    found = _NUMBERED.match(line)
    lead, number = (found.group(1), found.group(2) or "") if found else ("", "")
    indent = len(lead) + (len(number) if number else HANG)
    wrapped = Content(line).wrap(width) or [Content("")]
    first = wrapped[0].plain.rstrip()
    if len(wrapped) == 1 or width - indent < MIN_TEXT or not line.startswith(first):
        return wrapped
    # The first line as wide as it can be; the rest wrapped again, narrower, under it.
    return [wrapped[0], *under(" " * indent, line[len(first) :].lstrip(" "), width)]


@functools.lru_cache(maxsize=64)
def hang_text(text: str, width: int) -> tuple[Content, ...]:
    """Every line of ``text`` wrapped by ``hang``."""
    return tuple(row for line in text.split("\n") for row in hang(line, width))


class Hanging(Widget):
    """Literal text, wrapped to the widget's width with hanging indents; as tall as it wraps."""

    DEFAULT_CSS = """
    Hanging {
        width: 1fr;
        height: auto;
    }
    """

    text: reactive[str] = reactive("", layout=True)

    def __init__(
        self, text: str = "", *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.set_reactive(Hanging.text, text)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(hang_text(self.text, width))

    def render(self) -> Content:
        return Content("\n").join(hang_text(self.text, self.content_size.width))
