"""The first frame the workout draws is the whole screen, drawn as soon as start-up is done: not
the few parts that changed during start-up, with the rest a refresh tick later, nor at the
screen's next refresh tick."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from fakeclock import FakeClock
from rich.console import RenderableType
from textual._compositor import LayoutUpdate
from textual.dom import DOMNode
from textual.driver import Driver
from textual.geometry import Region
from textual.screen import Screen
from textual.strip import Strip
from tui_helpers import (
    choices_loaded,
    heading,
    run_async,
    tiny_routine,
    until,
    workout,
    workout_app,
)

from backtimer.settings.catalog import Entry
from backtimer.tui.app import BacktimerApp
from backtimer.tui.screens.preview import PreviewScreen
from backtimer.tui.screens.workout import WorkoutScreen
from backtimer.tui.widgets.cues import CueList


def tiny_workout() -> BacktimerApp:
    """The app as ``backtimer run`` starts it, on a tiny routine and a fake clock."""
    return BacktimerApp(
        start="workout",
        entry=Entry("tiny", Path("tiny.yaml"), "user"),
        routine=tiny_routine(),
        audio="off",
        clock=FakeClock(),
    )


def noting_frames(app: BacktimerApp) -> list[RenderableType]:
    """The frames the app draws from now on, as a list that fills as it runs. Headless,
    nothing is drawn: each frame that would be is noted (none inside a batch)."""
    frames: list[RenderableType] = []
    display = app._display

    def noting(screen: Screen[object], renderable: RenderableType | None) -> None:
        if renderable is not None and not app._batch_count:
            frames.append(renderable)
        display(screen, renderable)

    app._display = noting  # type: ignore[method-assign]
    return frames


@run_async
async def test_the_first_frame_drawn_is_the_whole_screen() -> None:
    app = tiny_workout()
    frames = noting_frames(app)
    async with app.run_test(size=(80, 24)) as pilot:
        assert await until(pilot, lambda: bool(frames))
        assert isinstance(frames[0], LayoutUpdate)  # not a ChopsUpdate of some regions
        assert heading(app).title.startswith("Lat pull down")


def test_the_first_frame_is_drawn_before_the_screens_refresh_tick(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = tiny_workout()
    frames = noting_frames(app)
    at_ticks: list[int] = []  # frames there were at each of the workout screen's refresh ticks
    on_timer_update = WorkoutScreen._on_timer_update

    def noting(screen: WorkoutScreen) -> None:
        at_ticks.append(len(frames))
        on_timer_update(screen)

    monkeypatch.setattr(WorkoutScreen, "_on_timer_update", noting)

    @run_async
    async def run() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            assert await until(pilot, lambda: bool(frames))
            assert isinstance(frames[0], LayoutUpdate)
            assert 0 not in at_ticks  # not drawn at a tick: there before any came

    run()


def test_start_up_lays_the_screen_out_and_draws_it_whole_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = tiny_workout()
    frames = noting_frames(app)
    layouts: list[int] = []  # frames there were at each layout of the workout screen
    refresh_layout = WorkoutScreen._refresh_layout

    def noting(screen: WorkoutScreen, *args: Any, **kwargs: Any) -> None:
        if not app._batch_count:
            layouts.append(len(frames))
        refresh_layout(screen, *args, **kwargs)

    monkeypatch.setattr(WorkoutScreen, "_refresh_layout", noting)

    @run_async
    async def run() -> None:
        async with app.run_test(size=(80, 24), notifications=True) as pilot:  # as when run
            assert await until(pilot, lambda: bool(frames))
            for _ in range(5):  # what start-up left to do, done (the clock stands still)
                await pilot.pause()
            # Once, for the first frame; not again for the cues' width or an empty toast rack.
            assert layouts == [0]
            assert [type(frame) for frame in frames] == [LayoutUpdate]

    run()


class Probe(Screen[None]):
    """A screen with the workout's breakpoints."""

    HORIZONTAL_BREAKPOINTS = WorkoutScreen.HORIZONTAL_BREAKPOINTS
    VERTICAL_BREAKPOINTS = WorkoutScreen.VERTICAL_BREAKPOINTS


@pytest.mark.parametrize("size", [(80, 24), (50, 16), (120, 40), (59, 19)])
@run_async
async def test_a_screen_comes_with_the_breakpoints_textual_would_give_it(
    size: tuple[int, int],
) -> None:
    app = BacktimerApp(audio="off", clock=FakeClock())
    restyled: list[DOMNode] = []
    update_styles = app.update_styles

    def noting(node: DOMNode, animate: bool = True) -> None:
        restyled.append(node)
        update_styles(node, animate)

    app.update_styles = noting  # type: ignore[method-assign]
    async with app.run_test(size=size) as pilot:
        screen = app.sized(Probe())
        given = set(screen.classes)
        app.push_screen(screen)
        await pilot.pause()
        # Textual, at the screen's first resize, keeps the classes given: the same ones.
        assert given and set(screen.classes) == given
        # So the screen is restyled once (as it is shown), not again for its breakpoints.
        assert restyled.count(screen) == 1


@run_async
async def test_the_workout_screen_is_styled_once_before_its_first_frame() -> None:
    # Each widget is styled as it mounts; the screen is not restyled as a whole when shown.
    app = tiny_workout()
    frames: list[RenderableType] = []
    restyled: list[DOMNode] = []  # the nodes restyled (with all inside them) before it
    display = app._display
    update_nodes = app.stylesheet.update_nodes

    def noting(screen: Screen[object], renderable: RenderableType | None) -> None:
        if renderable is not None and not app._batch_count:
            frames.append(renderable)
        display(screen, renderable)

    def restyling(nodes: Iterable[DOMNode], animate: bool = False) -> None:
        nodes = list(nodes)
        if not frames:
            restyled.extend(nodes)
        update_nodes(nodes, animate)

    app._display = noting  # type: ignore[method-assign]
    app.stylesheet.update_nodes = restyling  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        assert await until(pilot, lambda: bool(frames))
        assert workout(app) not in restyled
        assert heading(app).title.startswith("Lat pull down")


def test_a_workout_opened_from_the_preview_draws_its_cues_wrapped_at_their_width(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The screen is drawn once laid out, before the cue list has heard its width: the cues
    # wrapped for a width guessed (a wide one) were drawn cut, and right a frame later.
    drawn: list[tuple[int, int]] = []  # (the width the cues are wrapped for, the width drawn)
    render_lines = CueList.render_lines

    def noting(cues: CueList, crop: Region) -> list[Strip]:
        lines = render_lines(cues, crop)
        drawn.append((cues.wrapped_width, cues.text_width))
        return lines

    monkeypatch.setattr(CueList, "render_lines", noting)  # every draw, kept lines or new
    app, _clock, _player = workout_app(start="picker")

    @run_async
    async def run() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await choices_loaded(pilot)
            await pilot.press("enter")
            assert await until(pilot, lambda: isinstance(app.screen, PreviewScreen))
            await pilot.press("enter")
            assert await until(pilot, lambda: isinstance(app.screen, WorkoutScreen) and drawn)
            await pilot.pause()
            assert drawn and all(wrapped == width for wrapped, width in drawn)

    run()


@run_async
async def test_the_whole_screen_is_drawn_again_when_the_app_is_continued_after_a_stop() -> None:
    app = tiny_workout()
    frames = noting_frames(app)
    async with app.run_test(size=(80, 24)) as pilot:
        assert await until(pilot, lambda: bool(frames))
        await pilot.pause()
        drawn = len(frames)
        app.post_message(Driver.SignalResume())  # what the driver says on SIGCONT
        assert await until(pilot, lambda: len(frames) > drawn)
        assert any(isinstance(frame, LayoutUpdate) for frame in frames[drawn:])  # all of it
