"""The phase panel: what to do now and the count, in big type, coloured and framed by kind.

The phase word (PULL, PAUSE, REST, GET READY) on the left and the number on the right read as one
phrase from across a room: "PAUSE 1", "REST 0:27", "GET READY 3". Below the number, a caption
says what the number is ("of 2 counts", "left") and a note says when a hold was changed. The
frame's style and the symbol in its title tell the kinds apart without colour (``NO_COLOR``).

The word keeps one size through an exercise: ``words`` holds every phase word of its reps, and
each of them is drawn in the largest setting all of them fit (``shared_setting``), so PULL, PAUSE
and RETURN do not jump from big to small letters within a rep. Other words (REST, GET READY)
are drawn as large as they fit on their own. The setting is worked out once per set of words and
size, and the drawn lines are kept while nothing changes.

The panel draws all of it itself, as ``Digits`` draws its figures: in reps the word, the number,
the caption and the colour change every second or two, and one widget drawn once a second costs
far less than five widgets, each restyled, refreshed and drawn on its own. A rep shows the same
few moments again and again (PULL 1, PAUSE 1, PAUSE 2, ...), so the panel keeps its last
``DRAWINGS_KEPT`` finished drawings by what they show, and a restyle drops them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Final

from rich.style import Style
from textual.cache import LRUCache
from textual.color import Color
from textual.geometry import Region
from textual.reactive import reactive
from textual.strip import Strip

from backtimer.tui.text import literal
from backtimer.tui.widgets.bigtext import Fit, Setting, fit_text, shared_setting, strips_of
from backtimer.tui.widgets.phase_style import PHASE_SHAPES, PhaseKind, phase_colours
from backtimer.tui.widgets.still import Still
from backtimer.tui.widgets.text import text_strip

KIND_NAMES: dict[PhaseKind, str] = {
    "move": "move",
    "hold": "hold",
    "rest": "rest",
    "get-ready": "get ready",
}

WORD_SHARE: Final = (3, 5)
"""The phase word's share of the panel's width; the number has the rest."""
WIDEST_SHARE: Final = (3, 4)
"""The most of the panel's width a phase word of the exercise may take, when the number's
counts leave it room (see ``word_width``)."""
_DIGITS: Final = tuple("0123456789")
_EDGES: Final = ("border_top", "border_right", "border_bottom", "border_left")
_SIDE_FIELDS: Final = 3  # number, caption and note: the last fields of a look
DRAWINGS_KEPT: Final = 32
"""Whole drawings of the panel kept: a rep's words times its counts, with room to spare."""


@dataclass(frozen=True)
class _Paint:
    """The styles of a drawing of the panel."""

    base: Style  # the panel's own
    big: Style  # the word and the number
    caption: Style
    note: Style


class PhasePanel(Still):
    """The phase word and the number in big type, a caption and a note under the number."""

    COMPONENT_CLASSES = {"phase-panel--caption", "phase-panel--note"}

    DEFAULT_CSS = """
    PhasePanel {
        height: 1fr;
        border-title-align: left;
        border-title-style: bold;
        & > .phase-panel--caption { text-style: bold; }
        & > .phase-panel--note { color: $text-success; }
    }
    """

    kind: reactive[PhaseKind] = reactive[PhaseKind]("get-ready")
    word: reactive[str] = reactive("")
    """The phase word, drawn in big type on the left."""
    words: reactive[tuple[str, ...]] = reactive[tuple[str, ...]](())
    """The phase words of the exercise under way: one of them is drawn in the size all fit."""
    # The number's side is drawn again on its own (see ``_refresh_number_side``).
    number: reactive[str] = reactive("", repaint=False)
    """The count or the time, drawn in big type on the right."""
    caption: reactive[str] = reactive("", repaint=False)
    """What the number is, under it."""
    note: reactive[str] = reactive("", repaint=False)
    """A changed hold, under the caption."""
    paused: reactive[bool] = reactive(False)
    framed: reactive[bool] = reactive(True)
    """Whether the panel has its frame (small terminals leave it out)."""
    note_row: reactive[bool] = reactive(True)
    """Whether a row is kept for the note (small terminals give it to the number)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._lines: list[Strip] = []
        # The big type of the word and of the number, kept while their text, space and style
        # stay: in a hold only the number changes, and between counts nothing does.
        self._word_key: tuple[object, ...] | None = None
        self._word_lines: list[Strip] = []
        self._word_fit: Fit | None = None
        self._number_key: tuple[object, ...] | None = None
        self._number_lines: list[Strip] = []
        # Whole drawings by what they show: a rep goes through the same few (PULL 1, PULL 2,
        # PAUSE 1, ...) again and again, and each is drawn through Textual's styles once.
        self._drawn: LRUCache[tuple[object, ...], list[Strip]] = LRUCache(DRAWINGS_KEPT)
        self._paints: dict[tuple[object, ...], _Paint] = {}
        self._last: tuple[tuple[object, ...], list[Strip]] | None = None  # look, drawing
        self._around_side: tuple[tuple[object, ...], list[tuple[Strip, Strip]]] | None = None

    def on_mount(self) -> None:
        self._show_kind()
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._show_kind())

    def watch_kind(self) -> None:
        self._show_kind()

    def watch_framed(self) -> None:
        self._show_kind()

    def watch_paused(self) -> None:
        self._title()

    def watch_word(self) -> None:
        self._title()

    def watch_number(self) -> None:
        self._refresh_number_side()

    def watch_caption(self) -> None:
        self._refresh_number_side()

    def watch_note(self) -> None:
        self._refresh_number_side()

    def show(
        self,
        *,
        kind: PhaseKind,
        word: str,
        words: tuple[str, ...],
        number: str,
        caption: str,
        note: str = "",
        paused: bool = False,
    ) -> None:
        """Show a moment of the workout, drawing again only what changed, once. Setting the
        reactives one by one runs a watcher and a refresh for each, and the screen's tick
        changes two to five of them every second."""
        whole = (kind, word, words, paused) != (self.kind, self.word, self.words, self.paused)
        side = (number, caption, note) != (self.number, self.caption, self.note)
        if not (whole or side):
            return
        new_kind = kind != self.kind
        self.set_reactive(PhasePanel.kind, kind)
        self.set_reactive(PhasePanel.word, word)
        self.set_reactive(PhasePanel.words, words)
        self.set_reactive(PhasePanel.number, number)
        self.set_reactive(PhasePanel.caption, caption)
        self.set_reactive(PhasePanel.note, note)
        self.set_reactive(PhasePanel.paused, paused)
        if new_kind:
            self._show_kind()
        elif whole:
            self._title()
        if whole:
            self.refresh()
        else:
            self._refresh_number_side()

    def _refresh_number_side(self) -> None:
        # In a hold, a rest or a countdown only the number changes, once a second: drawing
        # again only its side leaves the frame, its title and the word as they are, and
        # sends the terminal a third of the panel.
        width, height = self.content_size
        word_width = self._word_width(width, height)
        self.refresh(Region(word_width, 0, width - word_width, height))

    def _show_kind(self) -> None:
        styles = self.styles
        if not self.framed:
            styles.border = None
        else:
            colour = phase_colours(self.app.current_theme)[self.kind]
            edge = (PHASE_SHAPES[self.kind].border, colour)
            if all(edge_type for edge_type, _colour in styles.border):
                # From one frame to another, as at each change of phase: the four edges set
                # as one, with one repaint. ``styles.border`` repaints after each edge, and
                # every repaint is a message through the app's queue.
                if any([styles.set_rule(name, edge) for name in _EDGES]):
                    self.refresh()
            else:  # a frame where there was none: the layout changes too
                styles.border = edge
        self._title()

    def _title(self) -> None:
        # The frame's title names the kind with its symbol, and the phase word in plain letters
        # too: the big letters are a picture, and this is text (for tmux, a screen reader).
        kind = KIND_NAMES[self.kind]
        title = f"{PHASE_SHAPES[self.kind].symbol} {kind}"
        if self.word and self.word.casefold() != kind.casefold():
            title += f": {self.word}"
        self.border_title = literal(f"{title} · PAUSED" if self.paused else title)

    # -- drawing ----------------------------------------------------------------------------

    @property
    def word_drawn(self) -> Fit | None:
        """How the word was drawn last: its face and its rows of letters."""
        return self._word_fit

    @property
    def number_region(self) -> Region:
        """Where the number's big type is, on the screen."""
        width, height = self.content_size
        word_width = self._word_width(width, height)
        x, y = self.content_region.offset
        return Region(x + word_width, y, width - word_width, max(0, height - self._rows_below))

    @property
    def _rows_below(self) -> int:
        return 2 if self.note_row else 1

    def _word_width(self, width: int, height: int) -> int:
        if self.word not in self.words:
            return usual_word_width(width)
        return word_width(self.words, width, height, max(0, height - self._rows_below))

    def notify_style_update(self) -> None:
        # The stylesheet applied again (a theme, a breakpoint class): the drawings kept may
        # no longer be what the panel looks like.
        super().notify_style_update()
        self._drawn.clear()
        self._paints.clear()
        self._last = self._around_side = None

    def _look(self, crop: Region) -> tuple[object, ...]:
        """What a drawing of the panel depends on beyond the stylesheet: its values, its size
        and the styles set on it inline (the frame by kind, the flash's tint). The number's
        side (number, caption, note) comes last: see ``_framing``."""
        styles = self.styles
        return (
            crop,
            self.outer_size,
            self.kind,
            self.word,
            self.words,
            self.paused,
            self.framed,
            self.note_row,
            styles.border,
            styles.tint,
            tuple(self.get_line_filters()),
            self.number,
            self.caption,
            self.note,
        )

    @staticmethod
    def _framing(look: tuple[object, ...]) -> tuple[object, ...]:
        """A look without the number's side: drawings alike in it differ only there."""
        return look[:-_SIDE_FIELDS]

    def render_changed_lines(self, crop: Region) -> list[Strip]:
        look = self._look(crop)
        lines = self._drawn.get(look)
        if lines is None:
            lines = self._with_new_side(look) or self._drawn_afresh(crop)
            self._drawn[look] = lines
        self._last = (look, lines)
        return lines

    def _drawn_afresh(self, crop: Region) -> list[Strip]:
        self._lines = self._draw()
        return super().render_changed_lines(crop)

    def _with_new_side(self, look: tuple[object, ...]) -> list[Strip] | None:
        """The last drawing with only the number's side drawn again, or None where that is not
        the same as a drawing afresh.

        A count in a long hold, a rest or a countdown is new every second, so no drawing kept
        has it. Textual's styles would draw every line the number spans again, frame and word
        included (two thirds of the cost of drawing it); here only the side changes, drawn
        with the same line filters. Where Textual does more to a line than frame it and filter
        it (a tint such as the bell's flash, an opacity) the drawing is made afresh."""
        framing = self._framing(look)
        if self._last is None or self._framing(self._last[0]) != framing:
            return None
        crop = look[0]
        styles = self.styles
        if (
            crop != Region(0, 0, *self.outer_size)
            or styles.tint.a
            or self.opacity != 1
            or styles.text_opacity != 1
            or (styles.has_rule("hatch") and styles.hatch != "none")
        ):
            return None
        width, height = self.content_size
        if width <= 0 or height <= 0:
            return None
        word_width = self._word_width(width, height)
        top = styles.gutter.top
        if self._around_side is None or self._around_side[0] != framing:
            # What is left and right of the side on each of its lines (frame, word, frame):
            # the same for every count of a hold or a rest, so cut out once.
            left = styles.gutter.left + word_width
            right = left + width - word_width
            cut = [
                (line.crop(0, left), line.crop(right, line.cell_length)) for line in self._last[1]
            ]
            self._around_side = (framing, cut)
        around = self._around_side[1]
        _, background = self.background_colors
        filters = self.get_line_filters()
        lines = list(self._last[1])
        for row, side in enumerate(self._number_side(word_width, width, height, self._paint())):
            for line_filter in filters:
                side = side.apply_filter(line_filter, background)
            before, after = around[top + row]
            lines[top + row] = Strip.join([before, side, after])
        return lines

    def render_line(self, y: int) -> Strip:
        if 0 <= y < len(self._lines):
            return self._lines[y]
        return Strip.blank(self.content_size.width, self.visual_style.rich_style)

    def _paint(self) -> _Paint:
        """The styles the panel draws in, for its theme, kind and pause: worked out once each
        (the theme's colours and the component styles take hundreds of calls), not at every
        count."""
        key = (self.app.theme, self.kind, self.paused)
        paint = self._paints.get(key)
        if paint is not None:
            return paint
        theme = self.app.current_theme
        colour = phase_colours(theme)[self.kind]
        visual = self.visual_style
        base = visual.rich_style
        background = visual.background

        def coloured(style: Style, colour: Color) -> Style:
            return style + Style(color=(background + colour).rich_color)

        # Paused: the big type greyed, the caption (which says so) in the warning colour.
        big_colour = colour
        if self.paused:
            big_colour = Color.parse(theme.foreground or "grey").with_alpha(0.4)
        warning = Color.parse(theme.warning or "yellow")
        caption = self.get_component_styles("phase-panel--caption")
        note = self.get_component_styles("phase-panel--note")
        paint = self._paints[key] = _Paint(
            base=base,
            big=coloured(base, big_colour),
            caption=coloured(base + caption.text_style, warning if self.paused else colour),
            note=coloured(base + note.text_style, note.color),
        )
        return paint

    def _draw(self) -> list[Strip]:
        """The panel's lines inside its frame: the word beside the number and what is under it."""
        width, height = self.content_size
        if width <= 0 or height <= 0:
            return []
        paint = self._paint()
        base, big = paint.base, paint.big
        word_width = self._word_width(width, height)

        word_key = (self.word, self.words, word_width, height, big)
        if word_key != self._word_key:
            inner = max(0, word_width - 2)  # a cell of space at each side
            fit = self._word_fit = word_fit(self.word, self.words, inner, height)
            side = Strip.blank(min(1, word_width), base)
            self._word_lines = [
                Strip.join([side, line, side]).crop(0, word_width)
                for line in strips_of(fit, inner, height, big, "center", "middle")
            ]
            self._word_key = word_key

        right = self._number_side(word_width, width, height, paint)
        return [Strip.join([left, r]) for left, r in zip(self._word_lines, right, strict=False)]

    def _number_side(self, word_width: int, width: int, height: int, paint: _Paint) -> list[Strip]:
        """The lines right of the word: the number in big type, the caption and the note."""
        base, big = paint.base, paint.big
        number_width = width - word_width
        number_height = max(0, height - self._rows_below)
        key = (self.number, number_width, number_height, big)
        if key != self._number_key:
            largest = number_setting(self.number, number_width, number_height)
            fit = fit_text(self.number, number_width, number_height, wrap=False, largest=largest)
            self._number_lines = strips_of(
                fit, number_width, number_height, big, "center", "middle"
            )
            self._number_key = key

        caption_line = text_strip(
            self.caption, number_width, paint.caption, align="center", space=base
        )
        right = [*self._number_lines, caption_line]
        if self.note_row:
            right.append(
                text_strip(self.note, number_width, paint.note, align="center", space=base)
            )
        blank = Strip.blank(number_width, base)
        return (right + [blank] * height)[:height]


def number_setting(number: str, width: int, height: int) -> Setting:
    """The largest setting in which every number of ``number``'s shape fits ``width`` x
    ``height``: a count or a time keeps its size whatever its digits. Drawn as large as each
    fits on its own, a countdown's 0:17 (two narrow 1s) came in larger type than 0:16 beside
    it, and a one-digit count's 1 larger than its 2, wherever the space was tight."""
    return _shape_setting("".join("0" if c.isdigit() else c for c in number), width, height)


@functools.lru_cache(maxsize=64)
def _shape_setting(shape: str, width: int, height: int) -> Setting:
    # Every digit of the shape made each digit in turn: "0:00", "1:11", ... "9:99".
    texts = tuple(dict.fromkeys(shape.replace("0", digit) for digit in _DIGITS))
    return shared_setting(texts, width, height, wrap=False)


def usual_word_width(width: int) -> int:
    """The phase word's part of a panel ``width`` cells wide, by ``WORD_SHARE``."""
    return width * WORD_SHARE[0] // WORD_SHARE[1]


@functools.lru_cache(maxsize=64)
def word_width(words: tuple[str, ...], width: int, height: int, number_height: int) -> int:
    """How many of the panel's ``width`` cells the exercise's phase ``words`` take, the number
    having the rest. ``WORD_SHARE``, unless a wider part (up to ``WIDEST_SHARE``) evens out the
    word and the count: then the narrowest that draws the words in taller letters while a
    one-digit count (what a rep shows) stays at least as tall as they are. In the practice
    hold's narrow panel, PAUSE in 3 rows beside a 14-row 2 becomes 5 rows beside a 7-row one;
    where the words are already as tall as the count, nothing moves. Worked out once per set of
    words and size."""
    usual = usual_word_width(width)
    widest = width * WIDEST_SHARE[0] // WIDEST_SHARE[1]

    def shorter(cells: int, word_rows: int) -> int:
        """The rows of the shorter of the word and a one-digit count."""
        count = width - cells
        digits = [fit_text(digit, count, number_height, wrap=False) for digit in _DIGITS]
        return min(word_rows, *(fit.letter_rows for fit in digits))

    rows = _rows(words, usual, height)
    best, score = usual, shorter(usual, rows)
    for cells in range(usual + 1, widest + 1):
        taller = _rows(words, cells, height)
        if taller > rows:  # only where the words grow can the balance get better
            rows = taller
            balance = shorter(cells, taller)
            if balance > score:
                best, score = cells, balance
    return best


def _rows(words: tuple[str, ...], width: int, height: int) -> int:
    """The height of the letters ``words`` share in a word part ``width`` cells wide."""
    return shared_setting(words, max(0, width - 2), height, narrow=True).rows


def word_fit(word: str, words: tuple[str, ...], width: int, height: int) -> Fit:
    """``word`` drawn in ``width`` x ``height``: in the setting all of ``words`` fit if it is one
    of them, else as large as it fits. The thin 5-row font is allowed: a word is better in it
    than in the 3-row one."""
    largest = shared_setting(words, width, height, narrow=True) if word in words else None
    return fit_text(word, width, height, narrow=True, largest=largest)
