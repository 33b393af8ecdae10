"""The footer shows the screen's keys from its first frame, each key made in its final style (no
restyling as it mounts); it composes again when the keys change and only then; and it shows the
same line as Textual's own footer."""

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
    """Four keys in a footer of the kind given; space pauses and resumes."""

    BINDINGS = [  # noqa: RUF012 (Textual declares bindings so)
        Binding("space", "pause", "Pause"),
        Binding("space", "resume", "Resume"),
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit", "Quit"),
        Binding("n,right", "next", "Next"),
    ]

    def __init__(self, footer: type[TextualFooter]) -> None:
        super().__init__()
        self.footer = footer
        self.paused = False
        self.restyled: list[DOMNode] = []
        self.composed = 0

    def compose(self) -> ComposeResult:
        app = self

        class Counted(self.footer):  # type: ignore[name-defined,misc]
            def compose(self) -> ComposeResult:
                app.composed += 1
                yield from super().compose()

        yield Counted(show_command_palette=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("pause", "resume"):
            return self.paused == (action == "resume")
        return True

    def action_pause(self) -> None:
        self.paused = True
        self.refresh_bindings()

    def action_resume(self) -> None:
        self.paused = False
        self.refresh_bindings()

    def update_styles(self, node: DOMNode, animate: bool = True) -> None:
        self.restyled.append(node)
        super().update_styles(node, animate)


def footer_line(app: App[Any]) -> str:
    return screen_lines(app)[-1]


async def started(pilot: Any) -> None:
    app = pilot.app
    assert await until(pilot, lambda: "Pause" in footer_line(app))
    await pilot.pause()


@run_async
async def test_the_keys_are_there_at_once_and_not_restyled_as_they_mount() -> None:
    app = Keys(Footer)
    async with app.run_test(size=(60, 5)) as pilot:
        await started(pilot)
        assert app.composed == 1  # keys from the first compose: no second pass to fill it in
        assert [n for n in app.restyled if isinstance(n, FooterKey)] == []
    # The control: Textual's own footer composes twice and restyles each key.
    theirs = Keys(TextualFooter)
    async with theirs.run_test(size=(60, 5)) as pilot:
        await started(pilot)
        assert theirs.composed == 2
        assert len([n for n in theirs.restyled if isinstance(n, FooterKey)]) >= 4


@run_async
async def test_the_footer_composes_again_when_its_keys_change_and_only_then() -> None:
    app = Keys(Footer)
    async with app.run_test(size=(60, 5)) as pilot:
        await started(pilot)
        app.screen.refresh_bindings()  # nothing changed
        await pilot.pause()
        assert app.composed == 1
        await pilot.press("space")
        assert await until(pilot, lambda: "Resume" in footer_line(app))
        assert "Pause" not in footer_line(app)
        assert app.composed == 2


@run_async
async def test_the_footer_shows_what_textuals_shows() -> None:
    lines = []
    for kind in (Footer, TextualFooter):
        app = Keys(kind)
        async with app.run_test(size=(60, 5)) as pilot:
            await started(pilot)
            lines.append(footer_line(app))
            await pilot.press("space")
            assert await until(pilot, lambda app=app: "Resume" in footer_line(app))
            lines.append(footer_line(app))
    assert lines[:2] == lines[2:]
