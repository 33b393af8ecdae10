"""Where a notice shows on the live screens: the workout and practice keep the count, the cues,
the Next line and the times in sight while one shows; it takes the footer's row, one line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import CONTENT
from tui_helpers import (
    FakeClock,
    RecordingPlayer,
    advance,
    run_async,
    screen_lines,
    text,
    until_shown,
    workout_app,
)

from backtimer.core.loader import load_routine
from backtimer.settings.catalog import Entry
from backtimer.tui.app import BacktimerApp
from backtimer.tui.screens.practice import PracticeScreen

# A long notice, longer than any a workout shows (two and a half lines at 40 columns).
SOUND = (
    "Sound: no sound device could be used; the terminal bell instead (`backtimer sounds` says why)."
)
SIZES = [(40, 12), (60, 20), (80, 24), (120, 40)]


@pytest.fixture(autouse=True)
def own_config_dir(config_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BACKTIMER_CONFIG_DIR", str(config_dir))
    return config_dir


async def settled(pilot: Any) -> None:
    """Wait until the screen looks the same over a few turns of the app's loop."""
    last: list[str] = []
    same = 0
    for _ in range(50):
        await pilot.pause()
        lines = screen_lines(pilot.app)
        same = same + 1 if lines == last else 0
        if same == 3:
            return
        last = lines
    raise AssertionError("the screen kept changing")


async def shown_with_notice(pilot: Any, text: str) -> tuple[list[str], list[str]]:
    """The screen's lines before ``text`` is noticed, and once the notice shows."""
    app = pilot.app
    before = screen_lines(app)
    app.notify(text, severity="warning", markup=False, timeout=30)
    await until_shown(pilot, text.split()[0], footer=True)
    return before, screen_lines(app)


def assert_only_the_footer_covered(before: list[str], during: list[str], text: str) -> None:
    *above, footer = during
    assert above == before[:-1]  # the count, the cues, Next and the times, all as they were
    assert footer.strip().startswith(text.split(";")[0])
    if len(text) > len(footer) - 2:
        assert footer.rstrip().endswith("…")  # cut, and says so


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@run_async
async def test_a_long_notice_on_the_workout_hides_neither_the_times_nor_next(
    size: tuple[int, int],
) -> None:
    app, clock, _player = workout_app()
    async with app.run_test(size=size) as pilot:
        await advance(pilot, clock, 4.5)  # in a hold: the count, its cue, Next, the times
        times, coming = text(app, "#times"), text(app, "#next")
        before, during = await shown_with_notice(pilot, SOUND)
        assert_only_the_footer_covered(before, during, SOUND)
        shown = "\n".join(during)
        assert times in shown
        assert coming in shown
        assert coming.startswith("Next:")


@pytest.mark.parametrize("size", [(40, 12), (80, 24)], ids=lambda s: f"{s[0]}x{s[1]}")
@run_async
async def test_a_keys_notice_on_the_workout_leaves_the_bar_alone_and_goes(
    size: tuple[int, int],
) -> None:
    app, clock, _player = workout_app()
    async with app.run_test(size=size) as pilot:
        await advance(pilot, clock, 4.5)
        before = screen_lines(app)
        await pilot.press("right_square_bracket")  # one count longer: says so for 2 s
        during = await until_shown(pilot, "One count is now 1.1 s", footer=True)
        assert during.strip() == "One count is now 1.1 s"
        lines = screen_lines(app)
        assert text(app, "#times") in lines[-2]  # the bar's line, with the new times
        assert lines[-3].startswith(before[-3][:6])  # Next's line, still there
        # Gone in its time, and the footer's keys are back.
        back = await until_shown(pilot, "Pause", footer=True, timeout=5)
        assert "Pause" in back and "One count" not in back


def practice_app() -> BacktimerApp:
    path = CONTENT / "borden-back.yaml"
    return BacktimerApp(
        start="practice",
        entry=Entry("borden-back", path, "shipped"),
        routine=load_routine(path),
        player=RecordingPlayer(),
        clock=FakeClock(),
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@run_async
async def test_a_long_notice_in_practice_covers_only_the_footer(size: tuple[int, int]) -> None:
    app = practice_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PracticeScreen)
        await settled(pilot)  # the cue list scrolled to its cue, its scroll bar drawn
        before, during = await shown_with_notice(pilot, SOUND)
        assert_only_the_footer_covered(before, during, SOUND)
        # The frames are whole: their bottom edges are still drawn.
        if size[0] >= 60 and size[1] >= 20:
            assert "╰" in during[-3] and "╯" in during[-3]


@run_async
async def test_a_notice_shows_in_the_workouts_line_and_no_toast_rack_is_kept_for_one() -> None:
    app, _clock, _player = workout_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:  # as when run
        await shown_with_notice(pilot, SOUND)
        # Textual's rack of toasts stays out: hiding it as the screen is first shown (empty, and
        # hidden already) laid the whole workout screen out again just after its first frame.
        assert not [w for w in app.screen.walk_children() if w.id == "textual-toastrack"]
        assert not app.screen.query(".toast")
