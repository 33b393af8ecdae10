"""The workout screen as drawn from kept drawings is the screen drawn afresh, cell for cell.

The phase panel keeps whole drawings by what they show (a rep shows PULL 1, PAUSE 1, PAUSE 2,
... again and again). A kept drawing must never outlive what it was drawn from: a theme, a
pause, the bell's flash, a new size. Each scenario here runs twice, once as the app runs and once
with every drawing made afresh, and every frame of the two must match, colours and all.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual._border import BORDER_CHARS
from textual.color import Color
from tui_helpers import TINY_YAML, advance, heading, run_async, tiny_routine, workout_app

from backtimer.tui.widgets.phase_panel import PhasePanel
from backtimer.tui.widgets.phase_style import PHASE_SHAPES, phase_colours


def cells(app: Any) -> list[list[tuple[str, str]]]:
    """Every cell on screen: its character and its style."""
    return [
        [(segment.text, str(segment.style)) for segment in strip]
        for strip in app.screen._compositor.render_strips()
    ]


async def frames(size: tuple[int, int], kept: bool) -> list[list[list[tuple[str, str]]]]:
    """The screen at each half second of two rounds of reps, with a theme change, a pause and
    the bell's flash along the way, and a resize."""
    app, clock, _ = workout_app()
    shots = []
    async with app.run_test(size=size) as pilot:

        async def run(seconds: float) -> None:
            for _ in range(int(seconds * 2)):
                await advance(pilot, clock, 0.5)
                shots.append(cells(app))

        await run(12)  # get ready, rep 1, rep 2: rep 2 is drawn from rep 1's drawings
        app.theme = "textual-light"
        await pilot.pause()
        await run(2)
        await pilot.press("space")  # paused: the big type greyed
        await pilot.pause()
        shots.append(cells(app))
        await pilot.press("space")
        await pilot.pause()
        panel = app.screen.query_one(PhasePanel)
        panel.styles.tint = Color(255, 255, 0, 0.35)  # the bell's flash
        await pilot.pause()
        shots.append(cells(app))
        panel.styles.tint = None
        await pilot.pause()
        shots.append(cells(app))
        await run(4)
        await pilot.resize_terminal(size[0] - 7, size[1] - 3)
        await pilot.pause()
        await run(12)
        app.theme = "textual-dark"
        await pilot.pause()
        await run(4)
        # Kept drawings were drawn from (or, for the other run, never).
        assert (app.screen.query_one(PhasePanel)._drawn.hits > 0) == kept
    return shots


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
@run_async
async def test_every_frame_drawn_from_kept_drawings_is_the_frame_drawn_afresh(
    size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = await frames(size, kept=True)
    # A key no drawing was kept under, and no drawing's number side drawn on its own: every
    # draw of the panel starts afresh.
    monkeypatch.setattr(PhasePanel, "_look", lambda self, crop: (object(),))
    monkeypatch.setattr(PhasePanel, "_with_new_side", lambda self, look: None)
    fresh = await frames(size, kept=False)
    assert len(kept) == len(fresh) > 60
    for n, (a, b) in enumerate(zip(kept, fresh, strict=True)):
        assert a == b, f"frame {n} differs"


@run_async
async def test_the_heading_keeps_the_position_whole_and_cuts_the_exercise() -> None:
    long_name = TINY_YAML.replace("Lat pull down", "Lat pull down with a very wide grip")
    app, clock, _ = workout_app(tiny_routine(long_name))
    async with app.run_test(size=(40, 12)) as pilot:
        await advance(pilot, clock, 4)  # rep 1 of 2
        top = heading(app)
        line = app.screen._compositor.render_strips()[0].text
        assert top.position == "Rep 1/2"
        assert top.title == "Lat pull down with a very wide grip"
        # The title does not fit beside the position: it is cut, with an ellipsis.
        assert line == "Lat pull down with a very wide…  Rep 1/2"
        # The last rep's position is longer; the exercise gives up the cells.
        await advance(pilot, clock, 5)
        line = app.screen._compositor.render_strips()[0].text
        assert line == "Lat pull down with…   Rep 2/2 · LAST REP"


@run_async
async def test_a_change_of_phase_draws_the_new_kind_of_frame_all_round() -> None:
    # The tiny routine's rep: Pull (a move) 3-4, Pause (a hold) 4-6. The four edges are set
    # as one, without the repaint ``styles.border`` makes per edge: the frame must still be
    # drawn anew, on every side, in the new colour.
    app, clock, _ = workout_app()
    async with app.run_test(size=(80, 24)) as pilot:

        def corners() -> list[tuple[str, str]]:
            """The frame's four corners on screen: character and style."""
            x, y, width, height = panel.region
            rows = [
                [(char, str(segment.style)) for segment in strip for char in segment.text]
                for strip in app.screen._compositor.render_strips()
            ]
            bottom, right = y + height - 1, x + width - 1
            return [rows[y][x], rows[y][right], rows[bottom][x], rows[bottom][right]]

        await advance(pilot, clock, 3.5)
        panel = app.screen.query_one(PhasePanel)
        assert panel.kind == "move"
        before = corners()
        await advance(pilot, clock, 1.0)
        assert panel.kind == "hold"
        shape = PHASE_SHAPES["hold"].border
        assert list(panel.styles.border) == [(shape, phase_colours(app.current_theme)["hold"])] * 4
        (top_left, _, top_right), _, (bottom_left, _, bottom_right) = BORDER_CHARS[shape]
        after = corners()
        assert [text for text, _ in after] == [top_left, top_right, bottom_left, bottom_right]
        assert len({style for _, style in after}) == 1
        assert after[0][1] != before[0][1]  # the hold's colour, not the move's
