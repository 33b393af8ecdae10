"""The keys of a screen, listed from its own bindings so the help can never fall behind them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from backtimer.tui.text import literal


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
        #close { width: auto; max-width: 100%; margin-top: 1; text-style: bold; }
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
        width = max((len(keys) for keys, _ in self.lines), default=0)
        keys = "\n".join(f"{k.ljust(width)}  {what}" for k, what in self.lines)
        with VerticalScroll(id="dialog"):
            yield Static("Keys", id="title")
            if self.paused:
                yield Static("The workout is paused while this is open.", id="paused")
            yield Static(literal(keys), id="keys")
            if self.about:
                yield Static(literal(self.about), id="about")
            yield Static("Esc, ? or q: close", id="close")

    def action_close(self) -> None:
        self.dismiss(None)
