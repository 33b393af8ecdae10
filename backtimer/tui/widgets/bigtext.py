"""Big type: a short text (a phase word, a count) in block letters as large as the widget's
space allows, readable from across a room.

The letters come from a few FIGlet fonts (pyfiglet): a 3-row one, and two solid ones of 5 and 7
rows that are also drawn at whole-number scales (10, 14, 15, 20, ... rows); where asked
(``narrow``), a thin 5-row one too, unscaled, a fifth narrower than the solid one, for words
too wide for it. ``fit_text`` picks the tallest that fits the space, breaking the text at spaces
onto more lines when that allows taller letters; the 3-row and the thin letters may also stack
two lines with no blank row between them. When none fits, the text shows in plain bold, cut with
an ellipsis if it must be. ``shared_setting`` finds the largest setting in which every one of
several texts fits, so that they can be drawn alike. The text is shown literally: never markup,
control characters made visible.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final

from rich.cells import cell_len, get_character_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.strip import Strip

from backtimer.core.fmt import printable
from backtimer.tui.widgets.letter_cache import LetterCache
from backtimer.tui.widgets.still import Still

if TYPE_CHECKING:
    from pyfiglet import Figlet


@dataclass(frozen=True, order=True)
class Face:
    """A FIGlet font drawn at a whole-number scale; no font is plain text."""

    font: str | None
    scale: int = 1


PLAIN: Final = Face(None)

# The fonts, least preferred first (at one height, a later one is tried first): name, height of
# a capital in rows, may it be scaled. Only fonts drawn in full and half blocks scale cleanly,
# each cell becoming a square of cells. Heights are written here (a test checks them) so that
# only the fonts a size needs are loaded.
_FONTS: Final = (
    ("future", 3, False),
    ("mono9", 5, True),
    ("ansi_regular", 5, True),
    ("blocky", 7, True),
)
_HEIGHTS: Final = {name: height for name, height, _scalable in _FONTS}
_RANKS: Final = {name: rank for rank, (name, _height, _scalable) in enumerate(_FONTS)}
# Thin strokes, letters touching: used only where ``narrow`` asks, and only unscaled, for a word
# that the solid 5-row font would draw too wide (RETURN in 43 cells: 5 rows here instead of 3);
# scaled, the solid fonts leave no such gap.
_NARROW: Final = "mono9"
# Fonts whose capitals leave their top half-row or more blank (thin strokes, or a 3-row face
# drawn in lines): two lines of them, unscaled, may stack without a blank row between them.
_TIGHT: Final = frozenset({"future", "mono9"})
_MAX_ROWS: Final = 120  # no terminal is taller; scales stop here
# Capitals and digits that sit on the baseline (not Q): they fix each font's top and baseline.
_REFERENCE: Final = "ABCDEFGHIJKLMNOPRSTUVWXYZ0123456789"
_MAX_WRAPPED_WORDS: Final = 8  # more words than this are not tried at every break
_ELLIPSIS: Final = "…"

# Half-block cells as two stacked pixels (top, bottom), and back.
_PIXELS: Final = {" ": (False, False), "▀": (True, False), "▄": (False, True), "█": (True, True)}
_CELLS: Final = {pixels: cell for cell, pixels in _PIXELS.items()}


@dataclass(frozen=True)
class Setting:
    """A face and the blank rows between its lines: how a text's letters are set."""

    face: Face
    gap: int = 0

    @property
    def rows(self) -> int:
        """How many rows a line of letters takes."""
        return _face_height(self.face)


PLAIN_SETTING: Final = Setting(PLAIN)


@dataclass(frozen=True)
class Fit:
    """How a text is drawn in a space: the face, and each line's rows of cells."""

    face: Face
    lines: tuple[tuple[str, ...], ...]
    gap: int = 0  # blank rows between lines

    @property
    def width(self) -> int:
        return max((cell_len(row) for line in self.lines for row in line), default=0)

    @property
    def height(self) -> int:
        if not self.lines:
            return 0
        return sum(len(line) for line in self.lines) + self.gap * (len(self.lines) - 1)

    @property
    def letter_rows(self) -> int:
        """How many rows one line of letters takes: the size of the type."""
        return len(self.lines[0]) if self.lines else 0


@functools.lru_cache(maxsize=512)
def fit_text(
    text: str,
    width: int,
    height: int,
    *,
    wrap: bool = True,
    narrow: bool = False,
    largest: Setting | None = None,
) -> Fit:
    """The largest drawing of ``text`` that fits ``width`` x ``height`` cells.

    Tries each setting from the tallest down (from ``largest`` down, if given; the thin font
    only if ``narrow``); for each, the text on as few lines as fit (breaking only at spaces,
    and only if ``wrap``; a newline always breaks). Plain text is the last face; if even that
    does not fit, one plain line ending in an ellipsis.
    """
    shown = printable(text)
    if width <= 0 or height <= 0 or not shown.strip():
        return Fit(PLAIN, ())
    groups = _layouts(shown, wrap)
    settings = _settings_within(height, narrow)
    if largest is not None and largest in settings:
        settings = settings[settings.index(largest) :]
    for setting in settings:
        fit = _fit_in(setting, groups, width, height)
        if fit is not None:
            return fit
    return Fit(PLAIN, ((_ellipsize(" ".join(shown.split()), width),),))


@functools.lru_cache(maxsize=256)
def shared_setting(
    texts: tuple[str, ...], width: int, height: int, *, wrap: bool = True, narrow: bool = False
) -> Setting:
    """The largest setting in which every one of ``texts`` fits ``width`` x ``height``, each
    on as few lines as it needs: drawn in it, none of them looks larger than another. Plain
    text if no block letters fit them all."""
    shown = [printable(text) for text in texts]
    groups = [_layouts(text, wrap) for text in shown if text.strip()]
    if width <= 0 or height <= 0 or not groups:
        return PLAIN_SETTING
    for setting in _settings_within(height, narrow):
        if all(_fit_in(setting, layouts, width, height) is not None for layouts in groups):
            return setting
    return PLAIN_SETTING


def _fit_in(
    setting: Setting, groups: list[list[tuple[str, ...]]], width: int, height: int
) -> Fit | None:
    """The text (as its ``groups`` of layouts) drawn in ``setting`` on as few lines as fit in
    ``width`` x ``height``, or None if it does not fit."""
    face, gap = setting.face, setting.gap
    rows = _face_height(face)
    for layouts in groups:
        count = len(layouts[0])
        if count * rows + (count - 1) * gap > height:
            break  # more lines are only taller
        sizes = [_layout_size(face, layout, gap) for layout in layouts]
        if None in sizes:
            break  # the font lacks a character of the text
        fitting = [
            (size[0], layout)
            for size, layout in zip(sizes, layouts, strict=True)
            if size is not None and size[0] <= width and size[1] <= height
        ]
        if fitting:
            best = min(fitting)[1]  # the narrowest: lines of even length
            return Fit(face, tuple(_draw(face, line) for line in best), gap)
    return None


@functools.lru_cache(maxsize=256)
def _settings_within(height: int, narrow: bool) -> tuple[Setting, ...]:
    """The settings to try in ``height`` rows, largest first: each face no taller than that with
    a blank row (a square of cells when scaled) between lines, and the faces whose letters leave
    room at their top (``_TIGHT``) then with no row between lines: two lines of 3-row letters fit
    in 6 rows (FOLD FORWARD on a small terminal). Plain text last. Worked out once per height: a
    new count (a long hold's every second) need not pass over the faces that cannot fit."""
    settings = []
    for face in _faces():
        if _face_height(face) > height:
            continue
        if face.font == _NARROW and not (narrow and face.scale == 1):
            continue
        settings.append(Setting(face, face.scale))
        if face.font in _TIGHT and face.scale == 1:
            settings.append(Setting(face, 0))
    return (*settings, PLAIN_SETTING)


def _layouts(text: str, wrap: bool) -> list[list[tuple[str, ...]]]:
    """The ways to put ``text`` on lines, grouped by the number of lines, fewest first."""
    paragraphs = [paragraph.split() for paragraph in text.split("\n")]
    paragraphs = [words for words in paragraphs if words] or [[]]
    whole = tuple(" ".join(words) for words in paragraphs)
    total = sum(len(words) for words in paragraphs)
    if not wrap or total > _MAX_WRAPPED_WORDS:
        return [[whole]]
    by_count: dict[int, list[tuple[str, ...]]] = {}
    choices = [list(_splits(words)) for words in paragraphs]
    for combination in itertools.product(*choices):
        layout = tuple(line for lines in combination for line in lines)
        by_count.setdefault(len(layout), []).append(layout)
    return [by_count[count] for count in sorted(by_count)]


def _splits(words: list[str]) -> Iterator[tuple[str, ...]]:
    """Every way to break a run of words into lines, in order."""
    for breaks in itertools.product((False, True), repeat=max(len(words) - 1, 0)):
        lines, current = [], [words[0]] if words else []
        for word, new_line in zip(words[1:], breaks, strict=True):
            if new_line:
                lines.append(" ".join(current))
                current = [word]
            else:
                current.append(word)
        lines.append(" ".join(current))
        yield tuple(lines)


def _layout_size(face: Face, layout: tuple[str, ...], gap: int) -> tuple[int, int] | None:
    """Width and height of ``layout`` drawn in ``face``, or None if its font lacks a character."""
    sizes = [_line_size(face, line) for line in layout]
    if any(size is None for size in sizes):
        return None
    widths, heights = zip(*(size for size in sizes if size is not None), strict=True)
    return max(widths), sum(heights) + gap * (len(layout) - 1)


def _line_size(face: Face, line: str) -> tuple[int, int] | None:
    """Cells across and down ``line`` drawn in ``face`` (lower than the face's height if a
    letter hangs below the baseline), or None if its font lacks a character."""
    if face.font is None:
        return cell_len(line), 1
    rows = _font_rows(face.font, line)
    if rows is None:
        return None
    return (cell_len(rows[0]) if rows else 0) * face.scale, len(rows) * face.scale


def _draw(face: Face, line: str) -> tuple[str, ...]:
    """The rows of cells of ``line`` in ``face``."""
    if face.font is None:
        return (line,)
    rows = _font_rows(face.font, line) or ()
    return _scaled(rows, face.scale) if face.scale > 1 else rows


@functools.lru_cache(maxsize=1)
def _faces() -> tuple[Face, ...]:
    """Every face, tallest first."""
    faces = [
        Face(font, scale)
        for font, height, scalable in _FONTS
        for scale in range(1, (_MAX_ROWS // height if scalable else 1) + 1)
    ]
    return tuple(sorted(faces, key=_face_order, reverse=True))


def _face_order(face: Face) -> tuple[int, int]:
    """Faces by height, and at one height the preferred font first."""
    return _face_height(face), -1 if face.font is None else _RANKS[face.font]


def _face_height(face: Face) -> int:
    return 1 if face.font is None else _HEIGHTS[face.font] * face.scale


@functools.lru_cache(maxsize=8)
def _font(name: str) -> tuple[Figlet, frozenset[str], int]:
    """A loaded font: the renderer, the characters it has, and the row its capitals start on."""
    # Imported here, at the first big text, so that starting the app does not load it.
    from pyfiglet import Figlet

    figlet = Figlet(font=name, width=1_000_000)
    characters = frozenset(chr(code) for code in figlet.Font.chars)
    return figlet, characters, capital_rows(figlet)[0]


def capital_rows(figlet: Figlet) -> tuple[int, int]:
    """The first and last rows a font's capitals and digits are drawn on."""
    rows = str(figlet.renderText(_REFERENCE)).split("\n")
    inked = [index for index, row in enumerate(rows) if row.strip()]
    return inked[0], inked[-1]


# Lines drawn in an earlier run: the first frame need not load pyfiglet or parse a font.
_DRAWN: Final = LetterCache(Path(__file__))


@functools.lru_cache(maxsize=1024)
def _font_rows(name: str, line: str) -> tuple[str, ...] | None:
    """``line`` drawn in font ``name``, all rows the same width, from the top of its capitals
    to their baseline (lower if a letter hangs below), blank columns at the sides cut off."""
    found, rows = _DRAWN.get(name, line)
    if not found:
        rows = _draw_rows(name, line)
        _DRAWN.put(name, line, rows)
    return rows


def _draw_rows(name: str, line: str) -> tuple[str, ...] | None:
    """``_font_rows`` worked out with pyfiglet."""
    figlet, characters, top = _font(name)
    height = _HEIGHTS[name]
    if not set(line) <= characters:
        return None
    rows = str(figlet.renderText(line)).split("\n")
    inked = [index for index, row in enumerate(rows) if row.strip()]
    bottom = max([top + height - 1, *inked[-1:]])
    rows = rows[top : bottom + 1]
    width = max(map(len, rows), default=0)
    rows = [row.ljust(width) for row in rows]
    left = min((len(row) - len(row.lstrip(" ")) for row in rows if row.strip()), default=0)
    right = max((len(row.rstrip(" ")) for row in rows), default=0)
    return tuple(row[left:right] for row in rows)


@functools.lru_cache(maxsize=256)
def _scaled(rows: tuple[str, ...], scale: int) -> tuple[str, ...]:
    """Block-letter rows ``scale`` times as wide and tall. A cell is two stacked pixels; scaled,
    its top pixel fills the top ``scale`` pixel rows and its bottom one the rest, so output row
    ``j`` takes its pixels from the top or bottom half of the cell above it."""
    tables = {}
    for top_half, bottom_half in ((0, 0), (0, 1), (1, 1)):
        tables[top_half, bottom_half] = str.maketrans(
            {
                cell: _CELLS[pixels[top_half], pixels[bottom_half]] * scale
                for cell, pixels in _PIXELS.items()
            }
        )
    halves = [(int(2 * j >= scale), int(2 * j + 1 >= scale)) for j in range(scale)]
    return tuple(row.translate(tables[half]) for row in rows for half in halves)


def _ellipsize(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells, ending in an ellipsis if anything was cut."""
    if cell_len(text) <= width:
        return text
    kept, used = [], 0
    for character in text:
        size = get_character_cell_size(character)
        if used + size > width - 1:
            break
        kept.append(character)
        used += size
    return "".join(kept).rstrip() + _ELLIPSIS if width > 0 else ""


class BigText(Still):
    """A short text in block letters as large as the widget's size allows.

    Set ``text`` to change it: a new text repaints the widget without a layout pass (unless
    its width or height is ``auto``). Colour and background come from CSS (``color``); the
    text sits where ``content-align`` puts it, centred by default.
    """

    DEFAULT_CSS = """
    BigText {
        width: 1fr;
        height: 1fr;
        content-align: center middle;
    }
    """

    text: reactive[str] = reactive("")
    """The text shown, literally."""

    wrap: reactive[bool] = reactive(True)
    """May the text break at spaces onto more lines to be drawn larger?"""

    def __init__(
        self,
        text: str = "",
        *,
        wrap: bool = True,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self.set_reactive(BigText.text, text)
        self.set_reactive(BigText.wrap, wrap)
        self._strips_key: tuple[object, ...] | None = None
        self._strips: list[Strip] = []

    def watch_text(self) -> None:
        self._resize_if_sized_by_content()

    def watch_wrap(self) -> None:
        self._resize_if_sized_by_content()

    def _resize_if_sized_by_content(self) -> None:
        # A fixed or fractional size does not depend on the text: the reactive's repaint is
        # enough. Only an auto size needs the layout worked out again.
        width, height = self.styles.width, self.styles.height
        if (width is not None and width.is_auto) or (height is not None and height.is_auto):
            self.refresh(layout=True)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return fit_text(self.text, container.width, container.height, wrap=self.wrap).width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return fit_text(self.text, width, container.height, wrap=self.wrap).height

    def render_changed_lines(self, crop: Region) -> list[Strip]:
        # The text's lines are worked out once a draw here, not at each of the lines drawn.
        width, height = self.size
        style = self.visual_style.rich_style
        horizontal = self.styles.content_align_horizontal
        vertical = self.styles.content_align_vertical
        key = (self.text, self.wrap, width, height, style, horizontal, vertical)
        if key != self._strips_key:
            fit = fit_text(self.text, width, height, wrap=self.wrap)
            self._strips = strips_of(fit, width, height, style, horizontal, vertical)
            self._strips_key = key
        return super().render_changed_lines(crop)

    def render_line(self, y: int) -> Strip:
        if 0 <= y < len(self._strips):
            return self._strips[y]
        return Strip.blank(self.size.width, self.visual_style.rich_style)


def strips_of(
    fit: Fit, width: int, height: int, style: Style, horizontal: str, vertical: str
) -> list[Strip]:
    """The lines of ``fit`` placed in ``width`` x ``height`` as aligned (``horizontal``: left,
    center or right; ``vertical``: top, middle or bottom)."""
    if fit.face.font is None:
        style += Style(bold=True)
    blank = Strip.blank(width, style)
    drawn: list[Strip] = []
    for index, line in enumerate(fit.lines):
        if index:
            drawn.extend([blank] * fit.gap)
        for row in line:
            row = row if cell_len(row) <= width else _ellipsize(row, width)
            room = width - cell_len(row)
            left = {"left": 0, "right": room}.get(horizontal, room // 2)
            padded = " " * left + row + " " * (room - left)
            drawn.append(Strip([Segment(padded, style)], width))
    drawn = drawn[:height]
    room = height - len(drawn)
    top = {"top": 0, "bottom": room}.get(vertical, room // 2)
    return [blank] * top + drawn + [blank] * (room - top)
