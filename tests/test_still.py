"""Still widgets hand back the lines they drew last while nothing about them changed, and draw
anew after anything that changes them: their text, a refresh, a new size, a new theme."""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.geometry import Region
from tui_helpers import advance_to, run_async, workout_app

from backtimer.tui.widgets.text import Line


class TwoLines(App[None]):
    CSS = "Line { width: 1fr; }"

    def compose(self) -> ComposeResult:
        yield Line("still", id="still")
        yield Line("0", id="ticking")


@run_async
async def test_a_still_line_keeps_its_lines_until_something_changes_it() -> None:
    app = TwoLines()
    async with app.run_test(size=(30, 4)) as pilot:
        still = app.query_one("#still", Line)
        ticking = app.query_one("#ticking", Line)
        crop = Region(0, 0, 30, 1)
        first = still.render_lines(crop)
        for n in range(3):
            ticking.text = str(n)
            await pilot.pause()
        assert still.render_lines(crop) is first  # the other line's changes left it alone
        still.text = "moved"
        await pilot.pause()
        changed = still.render_lines(crop)
        assert changed is not first
        assert "moved" in changed[0].text
        still.refresh()
        assert still.render_lines(crop) is not changed  # a refresh draws it again
        await pilot.resize_terminal(20, 4)
        await pilot.pause()
        assert still.render_lines(Region(0, 0, 20, 1))[0].cell_length == 20


def cells(app: App[Any]) -> list[list[tuple[str, str]]]:
    """Each cell of the screen: its character and style."""
    return [
        [(segment.text, str(segment.style)) for segment in strip]
        for strip in app.screen._compositor.render_strips()
    ]


async def workout_cells(theme: str, *, switch: bool) -> list[list[tuple[str, str]]]:
    """The workout screen 5.5 s in, in ``theme``: set from the start, or switched to then."""
    app, clock, _player = workout_app()
    t0 = clock.now
    if not switch:
        app.theme = theme
    async with app.run_test(size=(80, 24)) as pilot:
        await advance_to(pilot, clock, t0, 5.5)
        if switch:
            app.theme = theme
        await pilot.pause()
        await pilot.pause()
        return cells(app)


@run_async
async def test_a_new_theme_redraws_every_still_widget() -> None:
    switched = await workout_cells("textual-light", switch=True)
    fresh = await workout_cells("textual-light", switch=False)
    assert switched == fresh
    dark = await workout_cells("textual-dark", switch=False)
    assert switched != dark  # the theme shows


@run_async
async def test_a_resize_to_the_same_size_does_not_lay_the_screen_out_again(
    monkeypatch: Any,
) -> None:
    # Textual hands a resize to the size the app already has to the screen when idle (tmux
    # sends one after start): the whole workout screen laid out and drawn again for nothing.
    from textual import events
    from textual.geometry import Size

    from backtimer.tui.screens.workout import WorkoutScreen

    sizes: list[Size] = []
    monkeypatch.setattr(WorkoutScreen, "on_resize", lambda self: sizes.append(self.size))
    app, _clock, _ = workout_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        sizes.clear()
        app.post_message(events.Resize(Size(80, 24), Size(80, 24)))
        await pilot.pause()
        await pilot.pause()
        assert sizes == []
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert sizes and sizes[-1] == Size(100, 30)
        assert app.screen.size == Size(100, 30)
