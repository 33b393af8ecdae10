"""How each kind of phase looks: a colour taken from the active theme and made readable on its
background, and a shape (symbol, frame) that keeps the kinds apart where there is no colour.

Four kinds: move, hold, rest and get-ready (set-up cues look like get-ready, the end like a
rest). ``phase_colours(theme)`` gives their colours; ``phase_css_variables(theme)`` gives the
same as CSS variables (``$phase-move`` ...) for an ``App.get_css_variables`` to add.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final, Literal

from rich.terminal_theme import TerminalTheme
from textual._ansi_theme import ALABASTER, MONOKAI
from textual._color_constants import ANSI_COLORS
from textual.color import Color, rgb_to_lab
from textual.css.types import EdgeType
from textual.theme import Theme

PhaseKind = Literal["move", "hold", "rest", "get-ready"]
PHASE_KINDS: Final[tuple[PhaseKind, ...]] = ("move", "hold", "rest", "get-ready")

MIN_CONTRAST: Final = 4.5
"""WCAG AA for text: the least contrast of a phase colour on the theme's background."""

MIN_DIFFERENCE: Final = 25.0
"""CIE76 colour difference (Lab ΔE) below which two phase colours could be taken for one."""

_STEP_KINDS: Final[Mapping[str, PhaseKind]] = MappingProxyType(
    {
        "move": "move",
        "hold": "hold",
        "rest": "rest",
        "done": "rest",
        "get-ready": "get-ready",
        "setup": "get-ready",
    }
)


def phase_kind(step_kind: str) -> PhaseKind:
    """The look of a plan step's kind: set-up cues look like get-ready, the end like a rest."""
    return _STEP_KINDS[step_kind]


@dataclass(frozen=True)
class PhaseShape:
    """What tells a kind apart without colour: a symbol to put beside the phase word, and a
    frame style (a Textual border type) for the panel that shows it."""

    symbol: str
    border: EdgeType


PHASE_SHAPES: Final[Mapping[PhaseKind, PhaseShape]] = MappingProxyType(
    {
        "move": PhaseShape("▶", "heavy"),
        "hold": PhaseShape("■", "double"),
        "rest": PhaseShape("◌", "dashed"),
        "get-ready": PhaseShape("⋯", "round"),
    }
)

# Theme colours each kind tries, best first. Kinds are given colours in this order (the ones
# whose meaning a colour carries best first: amber get ready, green rest), each taking the first
# candidate that is readable and unlike those given before it; a kind that finds none sends
# the search back to the kind before. So themes whose accent equals their warning
# (textual-dark) or whose secondary is a shade of the primary still get four colours.
_CANDIDATES: Final[Mapping[PhaseKind, tuple[str, ...]]] = MappingProxyType(
    {
        "move": ("primary", "secondary", "accent", "success", "warning", "error", "foreground"),
        "get-ready": ("warning", "accent", "error", "secondary", "primary", "success"),
        "rest": ("success", "secondary", "foreground", "accent", "primary", "warning", "error"),
        "hold": ("accent", "secondary", "error", "warning", "primary", "success", "foreground"),
    }
)

_WHITE: Final = Color(255, 255, 255)
_BLACK: Final = Color(0, 0, 0)


def relative_luminance(colour: Color) -> float:
    """WCAG 2 relative luminance of an opaque sRGB colour: 0 for black, 1 for white."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = colour.rgb
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def contrast_ratio(first: Color, second: Color) -> float:
    """WCAG 2 contrast ratio of two opaque colours: 1 (same luminance) to 21 (black, white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def colour_difference(first: Color, second: Color) -> float:
    """How far apart two colours look: the CIE76 distance in Lab (about 2 is just noticeable)."""
    a, b = rgb_to_lab(first), rgb_to_lab(second)
    return float(((a.L - b.L) ** 2 + (a.a - b.a) ** 2 + (a.b - b.b) ** 2) ** 0.5)


def readable_on(colour: Color, background: Color, minimum: float = MIN_CONTRAST) -> Color:
    """``colour`` if it reaches ``minimum`` contrast on ``background``; else the same hue and
    saturation made just light enough (on a dark background) or dark enough (on a light one)."""
    if contrast_ratio(colour, background) >= minimum:
        return colour
    hue, saturation, lightness = colour.hsl
    lighten = contrast_ratio(_WHITE, background) >= contrast_ratio(_BLACK, background)
    far = 1.0 if lighten else 0.0
    # Luminance grows with HSL lightness, so a bisection finds the least change that passes.
    near = lightness
    for _ in range(24):
        middle = (near + far) / 2
        if contrast_ratio(Color.from_hsl(hue, saturation, middle), background) >= minimum:
            far = middle
        else:
            near = middle
    return Color.from_hsl(hue, saturation, far)


def reference_palette(theme: Theme) -> TerminalTheme:
    """The terminal colours ANSI theme colours are judged by: those Textual itself turns ANSI
    colours into (its default ``App.ansi_theme_dark`` / ``ansi_theme_light``). A terminal with
    its own palette shows its own."""
    return MONOKAI if theme.dark else ALABASTER


def seen_as(colour: Color, palette: TerminalTheme, *, background: bool = False) -> Color:
    """The colour a terminal with ``palette`` shows for ``colour`` (ANSI colours looked up;
    the default colour is the palette's background or foreground)."""
    if colour.ansi is None:
        return colour
    if colour.ansi < 0:
        triplet = palette.background_color if background else palette.foreground_color
    else:
        triplet = palette.ansi_colors[colour.ansi]
    return Color(*triplet)


def theme_variables(theme: Theme) -> dict[str, str]:
    """The theme's colour variables as an App makes them: $background, $primary, ..."""
    return {**theme.to_color_system().generate(), **theme.variables}


def theme_background(theme: Theme, palette: TerminalTheme | None = None) -> Color:
    """The screen background phase colours are measured against, as the terminal shows it."""
    background = Color.parse(theme_variables(theme)["background"])
    return seen_as(background, palette or reference_palette(theme), background=True)


def phase_colours(
    theme: Theme, *, ansi_palette: TerminalTheme | None = None
) -> dict[PhaseKind, Color]:
    """A colour for each phase kind, from ``theme``: each at least ``MIN_CONTRAST`` on the
    theme's background and at least ``MIN_DIFFERENCE`` from the others.

    ANSI themes keep ANSI colours (the terminal chooses the shade), judged by ``ansi_palette``
    (default: ``reference_palette(theme)``); there "lighter" means the bright twin.
    """
    palette = ansi_palette or reference_palette(theme)
    # A theme is a mutable dataclass, so it is known by its repr (every field) for the cache.
    key = (repr(theme), repr(palette.ansi_colors), palette.background_color)
    if key not in _CACHE:
        if len(_CACHE) >= 64:
            _CACHE.clear()
        found = _built_in(key[0]) if ansi_palette is None else None
        _CACHE[key] = found or _phase_colours(theme, palette)
    return dict(_CACHE[key])


_CACHE: dict[tuple[object, ...], dict[PhaseKind, Color]] = {}


def searched_colours(theme: Theme) -> dict[PhaseKind, Color]:
    """``phase_colours(theme)`` worked out by the search, never from the table of built-in
    themes (``phase_table``); what that table is made from and checked against."""
    return _phase_colours(theme, reference_palette(theme))


def _built_in(theme_repr: str) -> dict[PhaseKind, Color] | None:
    """The colours worked out ahead for a built-in theme of this repr; None for any other."""
    import hashlib

    from backtimer.tui.widgets.phase_table import BUILT_IN

    found = BUILT_IN.get(hashlib.sha256(theme_repr.encode()).hexdigest())
    if found is None:
        return None
    return {kind: Color.parse(css) for kind, css in zip(PHASE_KINDS, found, strict=True)}


def _phase_colours(theme: Theme, palette: TerminalTheme) -> dict[PhaseKind, Color]:
    variables = theme_variables(theme)
    background = theme_background(theme, palette)

    def readable(colours: list[Color]) -> list[Color]:
        made = (_readable(colour, background, palette, dark=theme.dark) for colour in colours)
        return [colour for colour in made if colour is not None]

    theirs = [
        (kind, readable([Color.parse(variables[name]) for name in names if name in variables]))
        for kind, names in _CANDIDATES.items()
    ]
    primary = Color.parse(variables["primary"])
    if primary.ansi is not None:
        # An ANSI theme has the sixteen colours and the default one, nothing more.
        spare = readable([Color.parse("ansi_default"), *map(_ansi, range(16))])
    else:
        # Hues round the colour wheel from the primary, for themes whose colours are too alike.
        hue, saturation, lightness = primary.hsl
        spare = readable(
            [
                Color.from_hsl((hue + turn / 12) % 1.0, max(saturation, 0.6), lightness)
                for turn in range(12)
            ]
        )
    # The theme's own colours if they can be told apart; failing that, with the spare ones;
    # failing that (no built-in theme comes here), a lower bar for "apart".
    for minimum in (MIN_DIFFERENCE, MIN_DIFFERENCE * 0.8, MIN_DIFFERENCE * 0.6, 0.0):
        for options in (theirs, [(kind, [*colours, *spare]) for kind, colours in theirs]):
            found = _assign(options, [], minimum, palette)
            if found is not None:
                chosen = dict(zip(_CANDIDATES, found, strict=True))
                return {kind: chosen[kind] for kind in PHASE_KINDS}
    # Only a theme with no readable colour at all: its foreground, made readable.
    fallback = readable_on(seen_as(Color.parse(variables["foreground"]), palette), background)
    return dict.fromkeys(PHASE_KINDS, fallback)


def phase_css_variables(
    theme: Theme, *, ansi_palette: TerminalTheme | None = None
) -> dict[str, str]:
    """The phase colours as CSS variables: ``phase-move``, ``phase-hold``, ``phase-rest``,
    ``phase-get-ready``."""
    colours = phase_colours(theme, ansi_palette=ansi_palette)
    return {f"phase-{kind}": colour.css for kind, colour in colours.items()}


def _assign(
    options: list[tuple[PhaseKind, list[Color]]],
    taken: list[Color],
    minimum: float,
    palette: TerminalTheme,
) -> list[Color] | None:
    """A colour for each kind in ``options``, each the first of its candidates that is at least
    ``minimum`` from the colours taken before it, going back when a later kind finds none."""
    if not options:
        return []
    (_kind, candidates), later = options[0], options[1:]
    for colour in candidates:
        shown = seen_as(colour, palette)
        if all(colour_difference(shown, seen_as(other, palette)) >= minimum for other in taken):
            rest = _assign(later, [*taken, colour], minimum, palette)
            if rest is not None:
                return [colour, *rest]
    return None


def _readable(
    colour: Color, background: Color, palette: TerminalTheme, *, dark: bool
) -> Color | None:
    """``colour`` made readable on ``background``; for an ANSI colour, itself or its bright or
    normal twin (bright first on a dark theme), or None when neither reads."""
    if colour.ansi is None:
        return readable_on(colour, background)
    options = [colour]
    if colour.ansi >= 0:
        twin = _ansi(colour.ansi ^ 8)  # 0-7 normal, 8-15 their bright twins
        bright_first = dark == (colour.ansi < 8)
        options = [twin, colour] if bright_first else [colour, twin]
    for option in options:
        if contrast_ratio(seen_as(option, palette), background) >= MIN_CONTRAST:
            return option
    return None


def _ansi(index: int) -> Color:
    """ANSI colour number ``index`` (0-15), as Textual parses it."""
    return Color.parse(f"ansi_{ANSI_COLORS[index]}")


def table_source() -> str:
    """The source of ``phase_table`` worked out for the installed Textual: its text up to the
    table, then an entry for every built-in theme."""
    import hashlib
    from pathlib import Path

    from textual.theme import BUILTIN_THEMES

    table = Path(__file__).with_name("phase_table.py")
    head, _, _ = table.read_text(encoding="utf-8").partition("BUILT_IN: Final")
    lines = [head + "BUILT_IN: Final[dict[str, tuple[str, str, str, str]]] = {"]
    for name in sorted(BUILTIN_THEMES):
        theme = BUILTIN_THEMES[name]
        colours = searched_colours(theme)
        lines.append(f"    # {name}")
        lines.append(f'    "{hashlib.sha256(repr(theme).encode()).hexdigest()}": (')
        lines.extend(f'        "{colours[kind].css}",' for kind in PHASE_KINDS)
        lines.append("    ),")
    lines.append("}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(table_source(), end="")
