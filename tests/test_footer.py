"""The footer's keys are made in their final style (no restyling of each key as it mounts), and
the footer shows the same line as Textual's own."""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.dom import DOMNode
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey
from tui_helpers import run_async, screen_lines, until

from backtimer.tui.widgets.footer import Footer


class Keys(App[None]):
    """A footer of four keys, of the kind given."""

    BINDINGS = [  # noqa: RUF012 (Textual declares bindings so)
        Binding("space", "pause", "Pause"),
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit", "Quit"),
        Binding("n,right", "next", "Next"),
    ]

    def __init__(self, footer: type[TextualFooter]) -> None:
        super().__init__()
        self.footer = footer
        self.restyled: list[DOMNode] = []

    def compose(self) -> ComposeResult:
        yield self.footer(show_command_palette=False)

    def update_styles(self, node: DOMNode, animate: bool = True) -> None:
        self.restyled.append(node)
        super().update_styles(node, animate)


async def footer_of(kind: type[TextualFooter]) -> tuple[str, list[Any]]:
    """The footer line ``kind`` shows, and the keys restyled after they were made."""
    app = Keys(kind)
    async with app.run_test(size=(60, 5)) as pilot:
        assert await until(pilot, lambda: len(app.query(FooterKey)) == 4)
        await pilot.pause()
        return screen_lines(app)[-1], [n for n in app.restyled if isinstance(n, FooterKey)]


@run_async
async def test_the_keys_are_not_restyled_as_they_mount() -> None:
    ours, restyled = await footer_of(Footer)
    assert "Pause" in ours
    assert restyled == []
    # The control: Textual's own footer restyles each key (compact, then not).
    _, theirs = await footer_of(TextualFooter)
    assert len(theirs) >= 4


@run_async
async def test_the_footer_shows_what_textuals_shows() -> None:
    ours, _ = await footer_of(Footer)
    theirs, _ = await footer_of(TextualFooter)
    assert ours == theirs
