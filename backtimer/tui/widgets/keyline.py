"""The workout's footer: the line of keys, one widget that draws the whole line itself.

Textual's footer is a container with a widget per key: on the workout's first frame the nine of
them (composed, mounted, styled one by one, laid out to their width, drawn) were a sixth of what
backtimer's first frame cost over a bare Textual app. ``KeyLine`` draws the same cells in the same
colours from the same CSS variables: each key is its key text (bold) and its description on the
item background, disabled keys dim, a key under the mouse on the hover background; a click on a
key presses it (a disabled one rings the bell), and the key under the mouse gives its tooltip. It
shows the screen's active bindings marked ``show``, one key per action, and draws again only when
those change (pause and resume, mute and unmute) or the mouse moves onto another key.

Two things Textual's footer does not do, both asked for by the screen that makes the line: keys
that lead the line whoever has the focus (``first``: Textual puts the focused widget's keys before
the screen's, so a widget asking a question would push the screen's own keys off a small
terminal), and a line of whole keys (``whole``: a key that does not fit whole is left out, with
every key after it, where Textual's cuts it at the right edge, mid-word).

Not done here, as nothing on the workout needs them: Textual's compact footer (its gaps between
keys), binding groups (shown each key on its own) and the command palette's key. Without
``whole``, keys past the right edge are cut off; Textual's footer shows the same at first but
scrolls them in with the mouse wheel.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rich.style import Style
from rich.text import Text
from textual import events
from textual.color import Color
from textual.css.styles import StylesBase
from textual.screen import Screen

from backtimer.tui.widgets.still import Still

__all__ = ["KeyLine", "ShownKey"]


@dataclass(frozen=True)
class ShownKey:
    """One key as the line shows it."""

    key: str  # what a click presses
    display: str  # how the key is shown
    description: str
    enabled: bool
    tooltip: str


# What DOMNode.rich_style works out as it walks down from the app: the background so far, the
# colour, the text style and the opacity.
_Layer = tuple[Color, Color, Style, float]


def _down(layer: _Layer, styles: StylesBase) -> _Layer:
    """One node further down, as ``DOMNode.rich_style`` goes (the same sums, in the same order)."""
    background, color, style, opacity = layer
    has_rule = styles.has_rule
    opacity *= styles.opacity
    if has_rule("background"):
        tinted = styles.background.tint(styles.background_tint)
        text_background = background + tinted
        background += tinted.multiply_alpha(opacity)
    else:
        text_background = background
    if has_rule("color"):
        color = styles.color
    style += styles.text_style
    if has_rule("auto_color") and styles.auto_color:
        color = text_background.get_contrast_text(color.a)
    return background, color, style, opacity


def _rich(layer: _Layer) -> Style:
    """The Rich style of a layer, as ``DOMNode.rich_style`` makes it."""
    background, color, style, _ = layer
    return style + Style.from_color(
        (background + color).rich_color if (background.a or color.a) else None,
        background.rich_color if background.a else None,
    )


def _part(layer: _Layer, styles: StylesBase) -> Style:
    """A part of a key (its key text, its description) as ``get_component_rich_style`` has it."""
    style = _rich(_down(layer, styles))
    if styles.text_opacity < 1 and style.bgcolor is not None:
        faded = Color.from_rich_color(style.bgcolor) + styles.color.multiply_alpha(
            styles.text_opacity
        )
        style += Style.from_color(faded.rich_color)
    return style


class KeyLine(Still, can_focus=False):
    """The screen's keys on one line, as Textual's ``Footer`` shows them (not compact)."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "keyline--item",
        "keyline--hover",
        "keyline--disabled",
        "keyline--key",
        "keyline--description",
    }

    # Textual's Footer and FooterKey CSS, the key's own rules as the item, hover and disabled
    # parts.
    DEFAULT_CSS = """
    KeyLine {
        dock: bottom;
        width: 1fr;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        text-overflow: clip;
        .keyline--item {
            background: $footer-item-background;
        }
        .keyline--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        .keyline--disabled {
            text-style: dim;
        }
        .keyline--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
            padding: 0 1;
        }
        .keyline--description {
            padding: 0 1 0 0;
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
    }
    """

    def __init__(
        self,
        *,
        first: Iterable[str] = (),
        whole: bool = False,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """``first``: the actions whose keys lead the line, in the screen's order, before the
        focused widget's; ``whole``: show only the keys that fit whole (see the module)."""
        super().__init__(name=name, id=id, classes=classes)
        self.first = frozenset(first)
        self.whole = whole
        self._shown: tuple[ShownKey, ...] | None = None  # the keys the last draw showed
        self._spans: list[tuple[int, int, ShownKey]] = []  # where each key was drawn
        self._hover: ShownKey | None = None  # the key under the mouse

    # -- the keys ---------------------------------------------------------------------------

    def keys(self) -> tuple[ShownKey, ...]:
        """The keys to show now: the screen's active bindings marked ``show``, one per action
        (the action's first key), in the screen's order, as Textual's footer picks them; the
        actions in ``first`` before the others."""
        app = self.app
        leading: dict[str, ShownKey] = {}
        others: dict[str, ShownKey] = {}
        for _, binding, enabled, tooltip in self.screen.active_bindings.values():
            action = binding.action
            if binding.show and action not in leading and action not in others:
                keys = leading if action in self.first else others
                keys[action] = ShownKey(
                    binding.key,
                    app.get_key_display(binding),
                    binding.description,
                    enabled,
                    tooltip,
                )
        return (*leading.values(), *others.values())

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[Any]) -> None:
        """The screen's bindings changed: draw again if the keys shown did."""
        if self._shown is None:
            return  # not drawn yet: the first draw reads the keys (start-up says this 3 times)
        if self.is_attached and screen is self.screen and self.keys() != self._shown:
            self.refresh()

    # -- drawing ----------------------------------------------------------------------------

    def render(self) -> Text:
        keys = self.keys()
        self._shown = keys
        get = self.get_component_styles
        line_layer = (Color(0, 0, 0, 0), Color(255, 255, 255, 0), Style(), 1.0)
        for node in reversed(self.ancestors_with_self):
            line_layer = _down(line_layer, node.styles)
        key_styles, description_styles = get("keyline--key"), get("keyline--description")
        key_pad, description_pad = key_styles.padding, description_styles.padding
        looks: dict[tuple[bool, bool], tuple[Style, Style, Style]] = {}
        line = Text(no_wrap=True, overflow="crop", end="")
        spans: list[tuple[int, int, ShownKey]] = []
        for shown in keys:
            state = (shown.enabled, shown == self._hover)
            if state not in looks:
                looks[state] = self._looks(line_layer, *state)
            item, key_style, description_style = looks[state]
            start = line.cell_len
            if shown.description:
                part = Text.assemble(
                    (" " * key_pad.left + shown.display + " " * key_pad.right, key_style),
                    (
                        " " * description_pad.left
                        + shown.description
                        + " " * description_pad.right,
                        description_style,
                    ),
                )
            else:
                part = Text(shown.display, key_style)
            if self.whole and start + part.cell_len > self.size.width:
                break  # this key would be cut: it and the ones after it are left out
            part.stylize_before(item)
            line.append_text(part)
            spans.append((start, line.cell_len, shown))
        self._spans = spans
        return line

    def _looks(self, line_layer: _Layer, enabled: bool, hover: bool) -> tuple[Style, Style, Style]:
        """A key's styles (the key as a whole, its key text, its description) in one state."""
        names = ["keyline--item"]
        if hover:
            names.append("keyline--hover")
        if not enabled:
            names.append("keyline--disabled")
        item = _down(line_layer, self.get_component_styles(*names))
        return (
            _rich(item),
            _part(item, self.get_component_styles("keyline--key")),
            _part(item, self.get_component_styles("keyline--description")),
        )

    # -- the mouse --------------------------------------------------------------------------

    def key_at(self, x: int) -> ShownKey | None:
        """The key drawn at column ``x`` of the line, if any."""
        for start, end, shown in self._spans:
            if start <= x < end:
                return shown
        return None

    def _point_at(self, shown: ShownKey | None) -> None:
        if shown == self._hover:
            return
        self._hover = shown
        self.tooltip = shown.tooltip if shown is not None and shown.tooltip else None
        self.styles.pointer = "default" if shown is None else "pointer"
        self.refresh()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._point_at(self.key_at(event.x))

    def on_leave(self, event: events.Leave) -> None:
        self._point_at(None)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        shown = self.key_at(event.x)
        if shown is None:
            return
        if shown.enabled:
            self.app.simulate_key(shown.key)
        else:
            self.app.bell()
