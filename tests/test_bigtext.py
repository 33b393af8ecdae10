"""BigText: block letters that grow with the space, plain bold text when none fits, text shown
literally, and a new text repainted without a layout pass."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Footer, Static
from tui_helpers import run_async, screen_lines

from backtimer.tui.widgets.bigtext import PLAIN, BigText, fit_text

WORDS = ["PULL", "PAUSE", "RETURN", "HOLD", "REST", "GET READY"]
COUNTS = ["1", "2", "3", "0:27", "10"]


class OneBigText(App[None]):
    """A screen like the workout's: a line of text, the big word, the big count, the footer."""

    CSS = """
    #word { height: 2fr; }
    #count { height: 3fr; }
    """

    def __init__(self, word: str, count: str = "1", **big: Any) -> None:
        super().__init__()
        self.word, self.count, self.big = word, count, big

    def compose(self) -> ComposeResult:
        yield Static("Lat pull down · Round 1/3 · Rep 2/10")
        yield BigText(self.word, id="word", **self.big)
        yield BigText(self.count, id="count", **self.big)
        yield Footer()


def shown(app: App[Any], selector: str) -> list[str]:
    """The rows of the screen inside the widget ``selector``, as the terminal would show them."""
    region = app.screen.query_one(selector).content_region
    lines = screen_lines(app)[region.y : region.bottom]
    return [line[region.x : region.right] for line in lines]


def inked(rows: list[str]) -> list[str]:
    """The rows from the first with something drawn to the last."""
    filled = [index for index, row in enumerate(rows) if row.strip()]
    return rows[filled[0] : filled[-1] + 1] if filled else []


async def rows_at(size: tuple[int, int], word: str, count: str) -> tuple[int, int]:
    """How many rows the word and the count take on a terminal of ``size``."""
    app = OneBigText(word, count)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        return len(inked(shown(app, "#word"))), len(inked(shown(app, "#count")))


@pytest.mark.parametrize("word", WORDS)
@run_async
async def test_the_type_grows_with_the_terminal(word: str) -> None:
    small = await rows_at((80, 24), word, "2")
    medium = await rows_at((120, 40), word, "0:27")
    large = await rows_at((200, 60), word, "0:27")
    # Single-line letters: the word and count each take whole rows of letters.
    assert min(small) >= 3, small
    assert min(medium) >= 7, medium
    assert large[0] > medium[0] and large[1] > medium[1], (medium, large)


@pytest.mark.parametrize("count", COUNTS)
@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)])
def test_the_largest_face_that_fits_is_chosen(count: str, size: tuple[int, int]) -> None:
    width, height = size
    fit = fit_text(count, width, height)
    assert fit.width <= width and fit.height <= height
    # Not a small face chosen where a taller one fits: with more room the letters grow, and
    # with one row less than the drawing takes they shrink.
    taller = fit_text(count, width * 4, height * 4)
    assert taller.letter_rows > fit.letter_rows
    assert fit_text(count, width, fit.height - 1).letter_rows < fit.letter_rows


@run_async
async def test_a_tiny_space_falls_back_to_plain_bold_text() -> None:
    app = OneBigText("PAUSE", "0:27")
    async with app.run_test(size=(24, 6)) as pilot:
        await pilot.pause()
        word = app.screen.query_one("#word", BigText)
        assert [row.strip() for row in shown(app, "#word") if row.strip()] == ["PAUSE"]
        strips = [word.render_line(y) for y in range(word.size.height)]
        styles = [seg.style for strip in strips for seg in strip if "PAUSE" in seg.text]
        assert styles and all(style is not None and style.bold for style in styles)


def test_plain_text_that_does_not_fit_ends_with_an_ellipsis() -> None:
    fit = fit_text("GET READY", 8, 1)
    assert fit.lines == (("GET REA…",),)
    assert fit_text("GET READY", 9, 1).lines == (("GET READY",),)


def test_plain_text_breaks_at_spaces_when_that_fits_and_wrap_allows() -> None:
    assert fit_text("GET READY", 6, 2).lines == (("GET",), ("READY",))
    assert fit_text("GET READY", 6, 2, wrap=False).lines == (("GET R…",),)


def test_more_lines_are_used_when_they_allow_taller_letters() -> None:
    two_lines = fit_text("GET READY", 60, 24)
    one_line = fit_text("GET READY", 60, 24, wrap=False)
    assert len(one_line.lines) == 1
    assert len(two_lines.lines) == 2
    assert two_lines.letter_rows > one_line.letter_rows


def test_a_newline_always_breaks_the_line() -> None:
    assert fit_text("REST\n0:27", 40, 2).lines == (("REST",), ("0:27",))


@run_async
async def test_brackets_are_shown_literally_in_plain_text() -> None:
    app = OneBigText("[b]HOLD[/b]", "[red]3")
    async with app.run_test(size=(30, 6)) as pilot:
        await pilot.pause()
        assert [row.strip() for row in shown(app, "#word") if row.strip()] == ["[b]HOLD[/b]"]


@run_async
async def test_brackets_are_drawn_as_letters_in_big_type() -> None:
    import pyfiglet

    app = OneBigText("[b]HOLD[/b]", "2")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        word = app.screen.query_one("#word", BigText)
        fit = fit_text(word.text, word.size.width, word.size.height)
        face = fit.face
        assert face.font is not None and face.scale == 1 and len(fit.lines) == 1
        drawn = [row.strip() for row in inked(shown(app, "#word"))]
        expected = pyfiglet.figlet_format("[b]HOLD[/b]", font=face.font, width=10_000)
        expected_rows = [row.strip() for row in expected.split("\n")]
        assert "\n".join(drawn) in "\n".join(expected_rows)


@run_async
async def test_control_characters_are_shown_not_sent() -> None:
    app = OneBigText("HOLD\x1b[2J", "1")
    async with app.run_test(size=(30, 6)) as pilot:
        await pilot.pause()
        word = app.screen.query_one("#word", BigText)
        lines = [word.render_line(y).text for y in range(word.size.height)]
        assert not any("\x1b" in line for line in lines)
        assert any("HOLD␛[2J" in line for line in lines)


def test_characters_a_font_lacks_fall_back_to_plain_text() -> None:
    fit = fit_text("ÉTIRER", 200, 60)
    assert fit.face == PLAIN
    assert fit.lines == (("ÉTIRER",),)


def test_the_count_keeps_its_baseline() -> None:
    # Counting 1, 2, 3 must not make the digits jump up and down.
    heights = {fit_text(count, 120, 20).height for count in ["1", "2", "3", "7", "0:27"]}
    assert len(heights) == 1


def test_scaled_letters_are_the_small_ones_enlarged() -> None:
    fit = fit_text("2", 200, 60)
    assert fit.face.scale > 1
    small = fit_text("2", 100, fit.letter_rows // fit.face.scale)
    assert small.face.font == fit.face.font and small.face.scale == 1
    scale = fit.face.scale
    # Every scale x scale square of the big "2" repeats one cell of the small one (full
    # blocks only at even scales, so the comparison is exact).
    if scale % 2 == 0:
        for y, row in enumerate(small.lines[0]):
            for x, cell in enumerate(row):
                square = {
                    big_row[x * scale : (x + 1) * scale]
                    for big_row in fit.lines[0][y * scale : (y + 1) * scale]
                }
                if cell in " █":
                    assert square == {cell * scale}


@run_async
async def test_a_new_text_repaints_without_a_layout_pass() -> None:
    app = OneBigText("PAUSE", "1")
    async with app.run_test(size=(120, 40)) as pilot:
        layouts = await layouts_from_now(pilot)
        count = app.screen.query_one("#count", BigText)
        for value in ["2", "1", "2", "0:27"]:
            count.text = value
            await pilot.pause()
            assert inked(shown(app, "#count"))  # the new count is drawn
        assert layouts() == 0


@run_async
async def test_an_auto_sized_big_text_is_laid_out_again_when_its_text_changes() -> None:
    # The other side of the test above: the layout counter does see layouts.
    app = OneBigText("PAUSE", "1")
    app.CSS += "#count { height: auto; }"
    async with app.run_test(size=(120, 40)) as pilot:
        layouts = await layouts_from_now(pilot)
        count = app.screen.query_one("#count", BigText)
        count.text = "0:27"
        await pilot.pause()
        assert layouts() > 0
        assert inked(shown(app, "#count"))


async def layouts_from_now(pilot: Pilot[Any]) -> Callable[[], int]:
    """A function that tells how many layout passes the screen has made since the first frames
    were laid out: it waits until a pause passes without one, however long that takes."""
    layouts = count_layouts(pilot.app)
    settled = -1
    while layouts() != settled:
        settled = layouts()
        await pilot.pause()
    return lambda: layouts() - settled


def count_layouts(app: App[Any]) -> Any:
    """A function that tells how many layout passes the screen has made since this call."""
    screen = app.screen
    calls = [0]
    original = screen._refresh_layout

    def counted(*args: Any, **kwargs: Any) -> None:
        calls[0] += 1
        original(*args, **kwargs)

    screen._refresh_layout = counted  # type: ignore[method-assign]
    return lambda: calls[0]


def test_pyfiglet_is_not_imported_until_big_text_is_drawn(tmp_path: Path) -> None:
    # An empty cache of drawn letters: with one, a line drawn before needs no pyfiglet at all
    # (tests/test_letter_cache.py).
    code = (
        "import sys\n"
        "import backtimer.tui.widgets.bigtext as big\n"
        "print('pyfiglet' in sys.modules)\n"
        "big.fit_text('1', 80, 24)\n"
        "print('pyfiglet' in sys.modules)\n"
    )
    env = {**os.environ, "BACKTIMER_CACHE_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert result.stdout.split() == ["False", "True"], result.stderr


@pytest.mark.parametrize("font", ["future", "ansi_regular", "blocky"])
def test_each_font_is_as_tall_as_the_widget_counts_on(font: str) -> None:
    from pyfiglet import Figlet

    from backtimer.tui.widgets.bigtext import _HEIGHTS, capital_rows

    top, bottom = capital_rows(Figlet(font=font, width=10_000))
    assert bottom - top + 1 == _HEIGHTS[font]


def test_only_the_fonts_a_size_needs_are_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import backtimer.tui.widgets.bigtext as big
    from backtimer.tui.widgets.letter_cache import LetterCache

    monkeypatch.setenv("BACKTIMER_CACHE_DIR", str(tmp_path))  # no lines drawn before
    monkeypatch.setattr(big, "_DRAWN", LetterCache(Path(big.__file__)))
    for cache in (big._font, big._font_rows, big.fit_text):
        cache.cache_clear()
    fit = big.fit_text("1", 200, 60)
    assert fit.letter_rows == 60
    assert big._font.cache_info().currsize == 1  # the tallest face fits: no other font loaded
