"""The keys of a screen, listed from its own bindings so the help can never fall behind them.

They stand in two columns, the keys and what they do; a description too long for the dialog wraps
under itself (a hanging indent), so the keys' column stays clear down to 40 columns. Where even
that leaves too little room, each key stands on its own line with its description below it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Static

from backtimer.core.fmt import printable
from backtimer.tui.text import literal
from backtimer.tui.widgets.hanging import under


def key_lines(screen: Screen[Any]) -> list[tuple[str, str]]:
    """(keys, what they do) for each action of ``screen``'s bindings, in their order; an action
    bound to several keys (``n`` and ``→``) is one line, two actions sharing a key and a meaning
    (pause and resume) are one line too."""
    app = screen.app
    by_action: dict[str, list[Binding]] = {}
    for binding in Binding.make_bindings(type(screen).BINDINGS):
        by_action.setdefault(binding.action, []).append(binding)
    lines: list[tuple[str, str]] = []
    seen: dict[str, int] = {}
    for bindings in by_action.values():
        keys = _unique(app.get_key_display(b) for b in bindings)
        what = bindings[0].tooltip or bindings[0].description
        shown = " or ".join(keys)
        if shown in seen:
            # The same key for two actions that take turns (pause, resume; mute, unmute).
            index = seen[shown]
            lines[index] = (shown, f"{lines[index][1]} / {what}")
            continue
        seen[shown] = len(lines)
        lines.append((shown, what))
    return _merge_pairs(lines)


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _merge_pairs(lines: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Opposite keys side by side: "+ / -", "] / [", "↓ / ↑" when their help reads as a pair."""
    merged: list[tuple[str, str]] = []
    skip: set[int] = set()
    for i, (keys, what) in enumerate(lines):
        if i in skip:
            continue
        if i + 1 < len(lines) and _pair(what, lines[i + 1][1]):
            other_keys, other = lines[i + 1]
            merged.append((f"{keys} / {other_keys}", _pair(what, other) or what))
            skip.add(i + 1)
        else:
            merged.append((keys, what))
    return merged


_OPPOSITES = (("more", "less"), ("longer", "shorter"), ("down", "up"))


def _pair(first: str, second: str) -> str:
    """The two help texts as one ("one count more / less") when they differ only by an
    opposite word; "" when they are not a pair."""
    for a, b in _OPPOSITES:
        if first.replace(a, b) == second:
            return first.replace(a, f"{a} / {b}")
    if first == second:
        return first
    return ""


GAP = 2  # columns between a key and what it does
MIN_TEXT = 16  # columns a description needs beside the keys; with fewer, each key stands above it
STACKED_INDENT = 2  # a description under its key


def key_rows(lines: list[tuple[str, str]], width: int) -> list[Content]:
    """``lines`` (keys, what they do) as rows at most ``width`` columns wide: two columns, each
    description wrapped under itself; where that leaves it fewer than ``MIN_TEXT`` columns, each
    key on a line of its own and its description, wrapped, indented under it."""
    key_width = max((cell_len(keys) for keys, _ in lines), default=0)
    indent = key_width + GAP
    rows: list[Content] = []
    if width - indent >= MIN_TEXT:
        for keys, what in lines:
            rows.extend(under(keys + " " * (indent - cell_len(keys)), what, width))
        return rows
    for keys, what in lines:
        rows.extend(Content(keys).wrap(max(width, 1)))
        text_width = max(width - STACKED_INDENT, 1)
        rows.extend(Content(" " * STACKED_INDENT) + line for line in Content(what).wrap(text_width))
    return rows


class KeyTable(Widget):
    """The keys and what they do, laid out by ``key_rows`` for the width the widget is given."""

    DEFAULT_CSS = """
    KeyTable { width: auto; height: auto; }
    """

    def __init__(self, lines: list[tuple[str, str]], *, id: str | None = None) -> None:
        super().__init__(id=id)
        # Bindings are the app's own text, but shown literally all the same.
        self.lines = [(printable(keys), printable(what)) for keys, what in lines]

    def get_content_width(self, container: Size, viewport: Size) -> int:
        """As wide as the longest line unwrapped: the dialog's width caps it."""
        key_width = max((cell_len(keys) for keys, _ in self.lines), default=0)
        return max((key_width + GAP + cell_len(what) for _, what in self.lines), default=0)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(key_rows(self.lines, width))

    def render(self) -> Content:
        return Content("\n").join(key_rows(self.lines, self.size.width))


class Help(ModalScreen[None]):
    """Every key of the screen below; Escape, ? or q closes it. Scrolls when it does not fit."""

    DEFAULT_CSS = """
    Help {
        align: center middle;
        #dialog {
            width: auto;
            max-width: 100%;
            height: auto;
            max-height: 100%;
            border: thick $primary;
            background: $surface;
            padding: 0 1;
        }
        #title { text-style: bold; width: auto; max-width: 100%; }
        #paused { color: $text-warning; text-style: bold; width: auto; max-width: 100%; }
        #keys { width: auto; max-width: 100%; margin-top: 1; }
        #about { width: auto; max-width: 100%; margin-top: 1; color: $text-muted; }
    }
    """

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("question_mark", "close", "Close", show=False),
        Binding("q", "close", "Close", show=False),
    ]

    def __init__(self, screen: Screen[Any], *, paused: bool = False, about: str = "") -> None:
        super().__init__()
        self.lines = key_lines(screen)
        self.paused = paused
        self.about = about

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog"):
            # How to close it comes first: on a small terminal the end is below the fold.
            yield Static("Keys · Esc, ? or q: close", id="title")
            if self.paused:
                yield Static("The workout is paused while this is open.", id="paused")
            yield KeyTable(self.lines, id="keys")
            if self.about:
                yield Static(literal(self.about), id="about")

    def action_close(self) -> None:
        self.dismiss(None)
