"""The first frame the workout draws is the whole screen, drawn as soon as start-up is done: not
the few parts that changed during start-up, with the rest a refresh tick later."""

from __future__ import annotations

from pathlib import Path

from fakeclock import FakeClock
from rich.console import RenderableType
from textual._compositor import LayoutUpdate
from textual.screen import Screen
from tui_helpers import run_async, text, tiny_routine, until

from backtimer.settings.catalog import Entry
from backtimer.tui.app import BacktimerApp


@run_async
async def test_the_first_frame_drawn_is_the_whole_screen() -> None:
    app = BacktimerApp(
        start="workout",
        entry=Entry("tiny", Path("tiny.yaml"), "user"),
        routine=tiny_routine(),
        audio="off",
        clock=FakeClock(),
    )
    frames: list[RenderableType] = []
    display = app._display

    def noting(screen: Screen[object], renderable: RenderableType | None) -> None:
        # Headless, nothing is drawn: note each frame that would be (none inside a batch).
        if renderable is not None and not app._batch_count:
            frames.append(renderable)
        display(screen, renderable)

    app._display = noting  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        assert await until(pilot, lambda: bool(frames))
        assert isinstance(frames[0], LayoutUpdate)  # not a ChopsUpdate of some regions
        assert text(app, "#exercise").startswith("Lat pull down")
