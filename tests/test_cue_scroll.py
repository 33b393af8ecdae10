"""The cue list on a small terminal: scrolling with ↑ ↓ shows every word of every cue whole,
even where the list is a row or two tall and each row shown last ends in " …"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import CONTENT
from tui_helpers import advance, run_async, screen_lines, workout_app

from backtimer.core.loader import load_routine
from backtimer.tui.widgets.cues import CueList

BORDEN = load_routine(CONTENT / "borden-back.yaml")


@pytest.fixture(autouse=True)
def own_config_dir(config_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BACKTIMER_CONFIG_DIR", str(config_dir))
    return config_dir


def words_shown(app: Any) -> set[str]:
    """The whole words the cue list's cells show now (a word cut by an ellipsis is not one)."""
    region = app.screen.query_one(CueList).region
    rows = screen_lines(app)[region.y : region.bottom]
    return {word for row in rows for word in row[region.x : region.right].split()}


async def read_by_scrolling(pilot: Any, rows: int) -> set[str]:
    """Every whole word the list shows on the way from its top to its end, a row at a time."""
    for _ in range(rows):
        await pilot.press("up")
    seen = words_shown(pilot.app)
    for _ in range(rows):
        await pilot.press("down")
        seen |= words_shown(pilot.app)
    return seen


@pytest.mark.parametrize(
    ("size", "at"),
    [
        ((40, 12), 14.0),  # Lat pull down, rep 1: cue 3, the long one, marked
        ((40, 12), 60.0),  # a later rep
        ((60, 20), 14.0),
        ((60, 20), 120.0),  # Seated row, its long first cue above the marked ones
    ],
    ids=["40x12-lat", "40x12-later", "60x20-lat", "60x20-seated"],
)
@run_async
async def test_every_word_of_every_cue_is_read_whole_by_scrolling(
    size: tuple[int, int], at: float
) -> None:
    app, clock, _player = workout_app(BORDEN)
    async with app.run_test(size=size) as pilot:
        await advance(pilot, clock, at, step=1.0)
        cues = app.screen.query_one(CueList)
        assert cues.scrollable_content_region.height < len(cues.lines())  # it must scroll
        listed = " ".join(cues.lines())  # the cues listed (when compact, the marked ones)
        seen = await read_by_scrolling(pilot, len(cues.lines()))
        missing = [word for word in listed.split() if word not in seen]
        assert not missing


@run_async
async def test_the_row_shown_last_says_there_is_more_without_cutting_a_word() -> None:
    app, clock, _player = workout_app(BORDEN)
    async with app.run_test(size=(40, 12)) as pilot:
        await advance(pilot, clock, 14.0, step=1.0)
        cues = app.screen.query_one(CueList)
        region = cues.region
        last = screen_lines(app)[region.bottom - 1][region.x : region.right].rstrip(" ▁▂▃▄▅▆▇█")
        assert last.endswith(" …")
        # The row's text, whole, before the ellipsis.
        assert last[: -len(" …")].strip() in [line.strip() for line in cues.lines()]


@run_async
async def test_after_a_resize_the_list_shows_the_cues_under_way_again() -> None:
    app, clock, _player = workout_app(BORDEN)
    async with app.run_test(size=(80, 24)) as pilot:
        await advance(pilot, clock, 120.0, step=1.0)  # Seated row's reps: its later cues marked
        cues = app.screen.query_one(CueList)

        def marked_in_view() -> bool:
            """Whether the first row of each cue marked now or next is in view."""
            region = cues.region
            rows = [r[region.x : region.right] for r in screen_lines(app)[region.y : region.bottom]]
            marked = [line.strip()[:12] for line in cues.lines() if line.startswith(("▶", "▷"))]
            return bool(marked) and all(any(m in row for row in rows) for m in marked)

        assert marked_in_view()
        # Rewrapped at another width, the rows the list was scrolled to hold other text.
        for size in [(120, 40), (80, 24)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await pilot.pause()
            assert marked_in_view(), size
