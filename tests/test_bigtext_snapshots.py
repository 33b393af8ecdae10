"""Snapshots of big type in phase colours: the four kinds side by side in a dark and a light
theme, and a word and a count on a small terminal.

Regenerate after an intended change of look with ``pytest tests/test_bigtext_snapshots.py
--snapshot-update``, then look at the SVG files in tests/__snapshots__/ before committing them.
"""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.containers import Grid, Vertical

from backtimer.tui.widgets.bigtext import BigText
from backtimer.tui.widgets.phase_style import PHASE_KINDS, PHASE_SHAPES, phase_css_variables

PANELS = {
    "move": ("PULL", "1"),
    "hold": ("PAUSE", "2"),
    "rest": ("REST", "0:27"),
    "get-ready": ("GET READY", "3"),
}


class PhaseBoard(App[None]):
    """Each phase kind in its own panel: its colour, frame and symbol, its word and a count."""

    CSS = """
    Grid { grid-size: 2 2; }
    .panel { height: 1fr; }
    .word { height: 1fr; }
    .count { height: 2fr; }
    """ + "".join(
        f".{kind} {{ color: $phase-{kind}; border: {PHASE_SHAPES[kind].border} $phase-{kind}; }}\n"
        for kind in PHASE_KINDS
    )

    def __init__(self, theme: str) -> None:
        super().__init__()
        self.start_theme = theme

    def get_css_variables(self) -> dict[str, str]:
        return {**super().get_css_variables(), **phase_css_variables(self.current_theme)}

    def compose(self) -> ComposeResult:
        with Grid():
            for kind, (word, count) in PANELS.items():
                with Vertical(classes=f"panel {kind}") as panel:
                    panel.border_title = f"{PHASE_SHAPES[kind].symbol} {kind}"
                    yield BigText(word, classes="word")
                    yield BigText(count, classes="count")

    def on_mount(self) -> None:
        self.theme = self.start_theme


def test_the_four_kinds_in_textual_dark(snap_compare: Any) -> None:
    assert snap_compare(PhaseBoard("textual-dark"), terminal_size=(120, 40))


def test_the_four_kinds_in_textual_light(snap_compare: Any) -> None:
    assert snap_compare(PhaseBoard("textual-light"), terminal_size=(80, 24))


def test_a_small_terminal_falls_back_to_smaller_and_plain_type(snap_compare: Any) -> None:
    assert snap_compare(PhaseBoard("textual-dark"), terminal_size=(40, 12))
