"""Phase colours: readable (WCAG 4.5:1) on the background of every built-in theme, four
different ones, taken from the theme; and shapes that keep the kinds apart without colour."""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from rich.terminal_theme import TerminalTheme
from textual._ansi_theme import ALABASTER, MONOKAI
from textual._border import BORDER_CHARS
from textual.app import App, ComposeResult
from textual.color import Color
from textual.theme import BUILTIN_THEMES, Theme
from textual.widgets import Static
from tui_helpers import run_async

from backtimer.tui.widgets import phase_table
from backtimer.tui.widgets.phase_style import (
    MIN_DIFFERENCE,
    PHASE_KINDS,
    PHASE_SHAPES,
    colour_difference,
    contrast_ratio,
    phase_colours,
    phase_css_variables,
    phase_kind,
    readable_on,
    relative_luminance,
    searched_colours,
    table_source,
)

THEMES = sorted(BUILTIN_THEMES)


def shown(colour: Color, theme: Theme, *, background: bool = False) -> Color:
    """The colour a terminal shows: ANSI colours through the palette Textual converts them with
    (its defaults for a dark and a light theme), other colours as they are."""
    if colour.ansi is None:
        return colour
    palette: TerminalTheme = MONOKAI if theme.dark else ALABASTER
    if colour.ansi < 0:
        return Color(*(palette.background_color if background else palette.foreground_color))
    return Color(*palette.ansi_colors[colour.ansi])


def background_of(theme: Theme) -> Color:
    """The screen's background in ``theme`` ($background, which Screen is painted with)."""
    return shown(
        Color.parse(theme.to_color_system().generate()["background"]), theme, background=True
    )


def test_contrast_ratio_matches_the_wcag_reference_values() -> None:
    black, white = Color(0, 0, 0), Color(255, 255, 255)
    assert contrast_ratio(black, white) == pytest.approx(21.0)
    assert contrast_ratio(white, black) == pytest.approx(21.0)
    assert contrast_ratio(Color(18, 52, 86), Color(18, 52, 86)) == pytest.approx(1.0)
    # Published examples: #777777 on white just misses AA, #767676 just passes.
    assert contrast_ratio(Color.parse("#777777"), white) == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio(Color.parse("#767676"), white) == pytest.approx(4.54, abs=0.01)
    assert relative_luminance(Color.parse("#808080")) == pytest.approx(0.2159, abs=1e-4)


@pytest.mark.parametrize("name", THEMES)
def test_every_phase_colour_reads_on_the_theme_background(name: str) -> None:
    theme = BUILTIN_THEMES[name]
    background = background_of(theme)
    for kind, colour in phase_colours(theme).items():
        ratio = contrast_ratio(shown(colour, theme), background)
        assert ratio >= 4.5, f"{name}: {kind} {colour.css} on {background.hex} is {ratio:.2f}"


@pytest.mark.parametrize("name", THEMES)
def test_the_four_kinds_have_four_different_colours(name: str) -> None:
    theme = BUILTIN_THEMES[name]
    colours = phase_colours(theme)
    assert set(colours) == set(PHASE_KINDS)
    assert len({colour.css for colour in colours.values()}) == 4
    for (kind_a, a), (kind_b, b) in itertools.combinations(colours.items(), 2):
        difference = colour_difference(shown(a, theme), shown(b, theme))
        assert difference >= MIN_DIFFERENCE, f"{name}: {kind_a} and {kind_b} {difference:.0f}"


@pytest.mark.parametrize("name", THEMES)
def test_phase_colours_come_from_the_theme(name: str) -> None:
    theme = BUILTIN_THEMES[name]
    variables = theme.to_color_system().generate()
    own = [
        Color.parse(variables[key])
        for key in ("primary", "secondary", "accent", "warning", "success", "error", "foreground")
    ]
    for kind, colour in phase_colours(theme).items():
        if colour.ansi is not None:
            # An ANSI theme's colour is one of its own or that colour's bright/normal twin.
            assert any(
                c.ansi is not None and (c.ansi == colour.ansi or c.ansi == colour.ansi ^ 8)
                for c in own
            ), (name, kind, colour.css)
            continue
        # Otherwise a theme colour with only its lightness changed: same hue and saturation.
        assert any(same_hue(colour, c) for c in own), (name, kind, colour.hex)


def same_hue(a: Color, b: Color) -> bool:
    (ha, sa, _), (hb, sb, _) = a.hsl, b.hsl
    hue_apart = min(abs(ha - hb), 1 - abs(ha - hb))
    return hue_apart < 0.02 and abs(sa - sb) < 0.06


def test_textual_dark_keeps_the_theme_colours_that_already_read() -> None:
    theme = BUILTIN_THEMES["textual-dark"]
    variables = theme.to_color_system().generate()
    colours = phase_colours(theme)
    assert colours["get-ready"] == Color.parse(variables["warning"])
    assert colours["rest"] == Color.parse(variables["success"])
    # The primary misses 4.5:1 on the dark background by a little and is lightened a little.
    primary = Color.parse(variables["primary"])
    assert colours["move"] != primary and same_hue(colours["move"], primary)


def test_a_colour_that_fails_is_moved_just_far_enough_toward_contrast() -> None:
    dark, light = Color.parse("#121212"), Color.parse("#f0f0f0")
    blue = Color.parse("#004578")  # 1.9:1 on the dark one
    lighter = readable_on(blue, dark)
    assert 4.5 <= contrast_ratio(lighter, dark) < 4.7
    assert lighter.hsl.l > blue.hsl.l and same_hue(lighter, blue)
    orange = Color.parse("#fea62b")  # 1.6:1 on the light one
    darker = readable_on(orange, light)
    assert 4.5 <= contrast_ratio(darker, light) < 4.7
    assert darker.hsl.l < orange.hsl.l and same_hue(darker, orange)
    assert readable_on(orange, dark) == orange  # already readable: unchanged


def test_a_theme_whose_colours_are_all_alike_still_gets_four() -> None:
    grey = Theme(
        name="all-grey",
        primary="#888888",
        secondary="#888888",
        accent="#888888",
        warning="#888888",
        success="#888888",
        error="#888888",
        foreground="#dddddd",
        background="#101010",
        dark=True,
    )
    colours = phase_colours(grey)
    assert len({colour.hex for colour in colours.values()}) == 4
    for colour in colours.values():
        assert contrast_ratio(colour, Color.parse("#101010")) >= 4.5


def test_every_kind_keeps_its_own_shape_without_colour() -> None:
    shapes = [PHASE_SHAPES[kind] for kind in PHASE_KINDS]
    assert len({shape.symbol for shape in shapes}) == 4
    assert all(cell_len(shape.symbol) == 1 for shape in shapes)
    # The frames differ in the line they draw, not only in a corner.
    assert len({BORDER_CHARS[shape.border][0][1] for shape in shapes}) == 4


def test_set_up_looks_like_get_ready_and_the_end_like_a_rest() -> None:
    assert phase_kind("setup") == "get-ready"
    assert phase_kind("get-ready") == "get-ready"
    assert phase_kind("done") == "rest"
    assert [phase_kind(kind) for kind in ("move", "hold", "rest")] == ["move", "hold", "rest"]


class PhaseApp(App[None]):
    """An app that offers the phase colours to its CSS, as the backtimer app can."""

    CSS = "#word { color: $phase-hold; }"

    def get_css_variables(self) -> dict[str, str]:
        return {**super().get_css_variables(), **phase_css_variables(self.current_theme)}

    def compose(self) -> ComposeResult:
        yield Static("HOLD", id="word")


@run_async
async def test_css_can_use_the_phase_colours_and_they_follow_the_theme() -> None:
    app = PhaseApp()
    async with app.run_test(size=(40, 5)) as pilot:
        app.theme = "textual-dark"
        await pilot.pause()
        word = app.query_one("#word")
        assert word.styles.color == phase_colours(BUILTIN_THEMES["textual-dark"])["hold"]
        app.theme = "textual-light"
        await pilot.pause()
        assert word.styles.color == phase_colours(BUILTIN_THEMES["textual-light"])["hold"]


def test_the_css_variables_name_each_kind() -> None:
    variables: dict[str, Any] = phase_css_variables(BUILTIN_THEMES["ansi-dark"])
    assert set(variables) == {f"phase-{kind}" for kind in PHASE_KINDS}
    assert all(value.startswith("ansi_") for value in variables.values())


def test_the_table_of_built_in_themes_is_what_the_search_finds() -> None:
    # Every built-in theme has its entry, each entry is what the search finds, and nothing
    # else is there: a Textual that changes its themes fails here until the table is made anew.
    written = Path(phase_table.__file__).read_text(encoding="utf-8")
    assert written == table_source(), "python -m backtimer.tui.widgets.phase_style > phase_table"
    assert len(phase_table.BUILT_IN) == len(BUILTIN_THEMES)


@pytest.mark.parametrize("name", THEMES)
def test_a_built_in_theme_takes_its_colours_from_the_table(name: str) -> None:
    theme = BUILTIN_THEMES[name]
    assert hashlib.sha256(repr(theme).encode()).hexdigest() in phase_table.BUILT_IN
    assert phase_colours(theme) == searched_colours(theme)
    # A theme that differs in anything (here its name) is not found there: it is searched.
    other = replace(theme, name=f"{name}-mine")
    assert hashlib.sha256(repr(other).encode()).hexdigest() not in phase_table.BUILT_IN
