"""The page look every backtimer screen shares (``NoticeScreen``): a page of class ``page`` has a
column's margin each side and the notice on its own layer; its ``page-title`` is bold, in the
accent colour, with a line under it. Set once, so a new screen gets it by its classes alone."""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.color import Color
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Static
from tui_helpers import choices_loaded, run_async, workout_app

from backtimer.tui.screens.base import NoticeScreen
from backtimer.tui.widgets.notice import Notice


class BarePage(NoticeScreen):
    """A screen with no CSS of its own: only the classes."""

    def compose(self) -> ComposeResult:
        with Vertical(id="bare", classes="page"):
            yield Static("Title", id="bare-title", classes="page-title")
            yield Static("Body", id="bare-body")
            yield Notice(id="notice")


class BareApp(App[None]):
    def on_mount(self) -> None:
        self.push_screen(BarePage())


def accent(app: App[Any]) -> Color:
    return Color.parse(app.theme_variables["text-accent"])


def assert_page(page: Widget, title: Widget, *, gap: int) -> None:
    assert page.styles.padding.left == page.styles.padding.right == 1
    assert page.styles.padding.top == page.styles.padding.bottom == 0
    assert page.styles.layers == ("default", "notice")
    assert title.styles.text_style.bold
    assert title.styles.color == accent(page.app)
    assert title.styles.margin.bottom == gap


@run_async
async def test_a_screen_with_only_the_classes_has_the_page_look() -> None:
    app = BareApp()
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BarePage)
        page, title = screen.query_one("#bare"), screen.query_one("#bare-title")
        assert_page(page, title, gap=1)
        # Placed as the styles say: one column in, and the body a line below the title.
        assert title.region.x == page.region.x + 1
        assert screen.query_one("#bare-body").region.y == title.region.y + 2


@run_async
async def test_the_picker_preview_and_practice_share_it() -> None:
    app, _clock, _player = workout_app(start="picker")
    async with app.run_test(size=(80, 24)) as pilot:
        await choices_loaded(pilot)
        assert_page(app.screen.query_one("#picker"), app.screen.query_one("#picker-title"), gap=1)
        await pilot.press("enter")
        await pilot.pause()
        preview = app.screen
        assert_page(preview.query_one("#preview"), preview.query_one("#preview-title"), gap=1)
        await pilot.press("p")
        await pilot.pause()
        practice = app.screen
        # Practice gives the title's line under it to the cue.
        assert_page(practice.query_one("#practice"), practice.query_one("#practice-title"), gap=0)
