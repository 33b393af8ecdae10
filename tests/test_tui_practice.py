"""Practice mode through Pilot and a fake clock: walking cues, holds, drills, recall."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from conftest import CONTENT
from tui_helpers import (
    FakeClock,
    RecordingPlayer,
    choices_loaded,
    flat,
    panel,
    run_async,
    screen_lines,
    screen_of,
    screen_text,
    text,
    until,
    workout_app,
)

from backtimer.core.events import SoundEvent as S
from backtimer.core.loader import load_routine, load_routine_text
from backtimer.core.model import Routine
from backtimer.settings.catalog import Entry
from backtimer.tui.app import BacktimerApp
from backtimer.tui.screens.picker import PickerScreen
from backtimer.tui.screens.practice import PracticeScreen
from backtimer.tui.screens.preview import PreviewScreen
from backtimer.tui.widgets.big_paragraph import BigParagraph

SIZE = (80, 24)
HIDDEN = "· · ·"


@pytest.fixture(autouse=True)
def own_config_dir(config_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test reads saved settings and your routines from an empty folder of its own."""
    monkeypatch.setenv("BACKTIMER_CONFIG_DIR", str(config_dir))
    return config_dir


def practice_app(
    routine: Routine | None = None, *, name: str = "borden-back", exercise: str | None = None
) -> tuple[BacktimerApp, FakeClock, RecordingPlayer]:
    """The app as `backtimer practice NAME [EXERCISE]` starts it, on a fake clock."""
    path = CONTENT / f"{name}.yaml"
    clock = FakeClock()
    player = RecordingPlayer()
    app = BacktimerApp(
        start="practice",
        entry=Entry(name, path, "shipped"),
        routine=routine if routine is not None else load_routine(path),
        exercise=exercise,
        player=player,
        clock=clock,
    )
    return app, clock, player


def practice(app: BacktimerApp) -> PracticeScreen:
    return screen_of(app, PracticeScreen)


def status(app: BacktimerApp) -> str:
    return flat(text(app, "#practice-status"))


def shown_in(app: BacktimerApp, selector: str) -> str:
    """The text drawn on the terminal inside the widget's own cells, wrapping undone."""
    region = app.screen.query_one(selector).region
    lines = screen_lines(app)[region.y : region.bottom]
    return flat(" ".join(line[region.x : region.right] for line in lines))


async def play(pilot: Any, clock: FakeClock, seconds: float, step: float = 0.25) -> None:
    """Move the fake clock on in small steps, letting practice catch up at each one."""
    screen = practice(pilot.app)
    left = seconds
    while left > 1e-9:
        moved = min(step, left)
        clock.advance(moved)
        left -= moved
        screen.tick()
    await pilot.pause()


def cue_heading(app: BacktimerApp) -> str:
    """The heading of the cue's panel: "Cue 2 of 3"."""
    return str(app.screen.query_one("#practice-cue").border_title)


def playing(app: BacktimerApp) -> tuple[str, str, str]:
    """The phase word, the big count and its caption of a hold or drill playing."""
    return panel(app).word, panel(app).number, panel(app).caption


def assert_at(app: BacktimerApp, routine: Routine, ei: int, n: int) -> None:
    """Practice shows exercise ``ei``'s cue ``n``: its number, its text as written."""
    ex = routine.exercises[ei]
    cue = ex.cues[n - 1]
    assert cue_heading(app) == f"Cue {n} of {len(ex.cues)}"
    assert text(app, "#practice-title").startswith(
        f"Practice · {ex.name} ({ei + 1}/{len(routine.exercises)})"
    )
    assert text(app, "#cue-big") == cue
    # All of it is on screen, not cut off: in block letters, or whole in plain bold.
    big = app.screen.query_one("#cue-big", BigParagraph)
    if not big.is_big:
        assert shown_in(app, "#cue-big") == flat(cue)
    # And marked as current in the list beside it.
    assert f"▶ {n}. {flat(cue)}" in flat(text(app, "#practice-cues"))


# -- walking --------------------------------------------------------------------------------------


@run_async
async def test_right_reaches_every_cue_of_every_exercise_and_left_goes_back() -> None:
    app, _clock, player = practice_app()
    routine = app.routine
    assert routine is not None
    order = [(ei, n) for ei, ex in enumerate(routine.exercises) for n in range(1, len(ex.cues) + 1)]
    assert len(order) == 10
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PracticeScreen)
        for i, (ei, n) in enumerate(order):
            assert_at(app, routine, ei, n)
            if i < len(order) - 1:
                await pilot.press("right")
                await pilot.pause()
        assert "That was the last cue" in status(app)
        await pilot.press("right")  # nothing after the last
        await pilot.pause()
        assert_at(app, routine, 2, 4)

        for ei, n in reversed(order[:-1]):
            await pilot.press("left")
            await pilot.pause()
            assert_at(app, routine, ei, n)
        await pilot.press("left")  # nothing before the first
        await pilot.pause()
        assert_at(app, routine, 0, 1)
        assert "last cue" not in status(app)

        await pilot.press("enter")  # Enter is next, too
        await pilot.pause()
        assert_at(app, routine, 0, 2)
    assert player.events == []  # walking makes no sound: no clock runs


@run_async
async def test_the_phases_of_a_cue_are_shown_with_their_counts() -> None:
    app, _clock, _player = practice_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert text(app, "#cue-phases") == ""  # a setup cue
        await pilot.press("right", "right")
        await pilot.pause()
        phases = text(app, "#cue-phases")
        assert "Pull: 1 count" in phases
        assert "Pause: hold for 2 counts" in phases
        assert "Return: 2 counts" in phases
        await pilot.press("N")
        await pilot.press("right", "right")
        await pilot.pause()
        assert "Pause: hold for 1 second" in text(app, "#cue-phases")


@run_async
async def test_N_jumps_to_the_next_exercise() -> None:
    app, _clock, _player = practice_app()
    routine = app.routine
    assert routine is not None
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right")
        await pilot.pause()
        assert_at(app, routine, 0, 2)
        await pilot.press("N")
        await pilot.pause()
        assert_at(app, routine, 1, 1)
        await pilot.press("N")
        await pilot.pause()
        assert_at(app, routine, 2, 1)
        await pilot.press("N")  # the last exercise: stays, and says why
        await pilot.pause()
        assert_at(app, routine, 2, 1)
        assert f"{routine.exercises[2].name} is the last exercise" in screen_text(app)
        await pilot.press("left")
        await pilot.pause()
        assert_at(app, routine, 1, 3)


@run_async
async def test_practice_can_start_at_a_named_exercise() -> None:
    app, _clock, _player = practice_app(exercise="SEATED ROW")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.routine is not None
        assert_at(app, app.routine, 1, 1)
        assert "band or machine" in text(app, "#practice-title")


# -- playing a hold -------------------------------------------------------------------------------


@run_async
async def test_h_plays_the_hold_once_with_its_sounds() -> None:
    app, clock, player = practice_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = practice(app)
        # Cue 1 has no hold of its own: h plays the exercise's first, the 2-count Pause.
        await pilot.press("h")
        await pilot.pause()
        assert playing(app) == ("PAUSE", "1", "of 2 counts")
        assert status(app) == "Hold · Esc stops"
        assert player.events == [S.HOLD_START]

        await play(pilot, clock, 1.0)
        assert playing(app) == ("PAUSE", "2", "of 2 counts")
        assert player.events == [S.HOLD_START, S.TICK]

        await play(pilot, clock, 1.0)
        assert "Hold" not in status(app)
        assert screen.player is None
        assert player.events == [S.HOLD_START, S.TICK, S.HOLD_END]

        await play(pilot, clock, 5.0)  # once: it does not start again
        assert player.events == [S.HOLD_START, S.TICK, S.HOLD_END]
        assert cue_heading(app) == "Cue 1 of 3"  # still on the same cue


@run_async
async def test_h_plays_a_hold_in_seconds_and_moving_on_stops_it() -> None:
    app, clock, player = practice_app(exercise="seated-row")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        await pilot.pause()
        assert playing(app) == ("PAUSE", "1", "of 1 s")
        await play(pilot, clock, 1.0)
        assert player.events == [S.HOLD_START, S.HOLD_END]
        assert "Hold" not in status(app)

        player.events.clear()
        await pilot.press("h")
        await pilot.press("right")  # moving to another cue stops it
        await pilot.pause()
        assert practice(app).player is None
        await play(pilot, clock, 2.0)
        assert player.events == [S.HOLD_START]


@run_async
async def test_h_with_no_hold_says_so() -> None:
    app, clock, player = practice_app(name="train-your-back")  # Good morning has no hold
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("h")
        await pilot.pause()
        assert practice(app).player is None
        assert "Good morning has no hold" in screen_text(app)
        await play(pilot, clock, 3.0)
        assert player.events == []


@run_async
async def test_h_follows_the_count_length_given() -> None:
    routine = load_routine(CONTENT / "borden-back.yaml")
    slow = replace(routine, count_seconds=2.0)
    app, clock, player = practice_app(slow)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        await play(pilot, clock, 3.5)
        assert playing(app) == ("PAUSE", "2", "of 2 counts")
        assert player.events == [S.HOLD_START, S.TICK]
        await play(pilot, clock, 0.5)
        assert player.events == [S.HOLD_START, S.TICK, S.HOLD_END]


# -- drilling a rep -------------------------------------------------------------------------------

ONE_REP = [S.PHASE, S.HOLD_START, S.TICK, S.HOLD_END, S.TICK]  # Pull 1, Pause 2, Return 2


@run_async
async def test_d_drills_one_slow_rep_on_loop_until_d() -> None:
    app, clock, player = practice_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await pilot.pause()
        assert playing(app) == ("PULL", "1", "of 1 count")
        assert status(app).startswith("Drill")
        assert player.events == [S.PHASE]

        await play(pilot, clock, 1.5)  # Pull lasts 1.5 counts of 1 s
        assert playing(app) == ("PAUSE", "1", "of 2 counts")
        await play(pilot, clock, 1.5)
        assert playing(app) == ("PAUSE", "2", "of 2 counts")
        await play(pilot, clock, 1.5)
        assert playing(app) == ("RETURN", "1", "of 2 counts")
        await play(pilot, clock, 1.5)
        assert playing(app) == ("RETURN", "2", "of 2 counts")
        await play(pilot, clock, 1.25)
        assert player.events == ONE_REP
        await play(pilot, clock, 0.25)  # 7.5 s: one rep done, the next starts at once
        assert player.events == [*ONE_REP, S.PHASE]
        assert playing(app) == ("PULL", "1", "of 1 count")

        await play(pilot, clock, 7.5)
        assert player.events == [*ONE_REP, *ONE_REP, S.PHASE]
        assert panel(app).word == "PULL"

        await pilot.press("d")  # d again stops it
        await pilot.pause()
        assert practice(app).player is None
        assert "Drill" not in status(app)
        await play(pilot, clock, 10.0)
        assert player.events == [*ONE_REP, *ONE_REP, S.PHASE]


@run_async
async def test_escape_stops_a_drill_and_a_hold() -> None:
    app, clock, player = practice_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await play(pilot, clock, 8.0)
        assert player.events == [*ONE_REP, S.PHASE]
        await pilot.press("escape")
        await pilot.pause()
        assert "Drill" not in status(app)
        await play(pilot, clock, 10.0)
        assert player.events == [*ONE_REP, S.PHASE]
        assert isinstance(app.screen, PracticeScreen)  # Escape stops; it does not leave

        player.events.clear()
        await pilot.press("h")
        await pilot.press("escape")
        await pilot.pause()
        await play(pilot, clock, 3.0)
        assert player.events == [S.HOLD_START]

        # h during a drill plays the hold instead.
        player.events.clear()
        await pilot.press("d")
        await play(pilot, clock, 0.5)
        await pilot.press("h")
        await pilot.pause()
        assert status(app) == "Hold · Esc stops"
        assert playing(app) == ("PAUSE", "1", "of 2 counts")
        await play(pilot, clock, 10.0)
        assert player.events == [S.PHASE, S.HOLD_START, S.TICK, S.HOLD_END]


# -- recall -------------------------------------------------------------------------------------


@run_async
async def test_c_hides_the_cues_until_space_reveals_them() -> None:
    app, _clock, _player = practice_app()
    routine = app.routine
    assert routine is not None
    lat = routine.exercises[0]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await pilot.pause()
        cue_text = text(app, "#cue-big")
        assert HIDDEN in cue_text
        assert lat.cues[0] not in cue_text
        assert cue_heading(app) == "Cue 1 of 3"  # the number still shows
        cues = flat(text(app, "#practice-cues"))
        assert cues == f"▶ 1. {HIDDEN} 2. {HIDDEN} 3. {HIDDEN}"
        for cue in lat.cues:
            assert flat(cue)[:20] not in flat(screen_text(app))
        assert "Recall" in status(app)

        await pilot.press("space")
        await pilot.pause()
        assert text(app, "#cue-big").endswith(lat.cues[0])
        assert flat(text(app, "#practice-cues")).startswith(f"▶ 1. {flat(lat.cues[0])} 2. {HIDDEN}")

        await pilot.press("right")  # the next one is hidden again; the one before stays shown
        await pilot.pause()
        assert HIDDEN in text(app, "#cue-big")
        assert lat.cues[1] not in text(app, "#cue-big")
        assert flat(text(app, "#practice-cues")) == (
            f"✓ 1. {flat(lat.cues[0])} ▶ 2. {HIDDEN} 3. {HIDDEN}"
        )
        await pilot.press("space")
        await pilot.pause()
        assert text(app, "#cue-big").endswith(lat.cues[1])

        await pilot.press("N")  # a new exercise starts hidden
        await pilot.pause()
        assert HIDDEN in text(app, "#cue-big")
        assert flat(text(app, "#practice-cues")).startswith(f"▶ 1. {HIDDEN}")

        await pilot.press("c")  # recall off: everything shows
        await pilot.pause()
        row = routine.exercises[1]
        assert text(app, "#cue-big").endswith(row.cues[0])
        assert HIDDEN not in text(app, "#practice-cues")
        await pilot.press("space")  # does nothing outside recall
        await pilot.pause()
        assert text(app, "#cue-big").endswith(row.cues[0])


# -- leaving --------------------------------------------------------------------------------------


@run_async
async def test_q_exits_when_practice_was_started_on_its_own() -> None:
    app, _clock, _player = practice_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PracticeScreen)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


@run_async
async def test_q_during_a_drill_exits_and_stops_it() -> None:
    app, _clock, player = practice_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await pilot.pause()
        screen = practice(app)
        await pilot.press("q")
        await pilot.pause()
        assert screen.player is None
    assert app.return_code == 0
    assert player.events == [S.PHASE]


@run_async
async def test_picker_p_opens_practice_and_q_comes_back() -> None:
    app, _clock, _player = workout_app(start="picker")
    async with app.run_test(size=SIZE) as pilot:
        await choices_loaded(pilot)
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("down", "p")  # the highlighted routine: Train your back
        await pilot.pause()
        assert isinstance(app.screen, PracticeScreen)
        assert text(app, "#practice-title").startswith("Practice · Good morning (1/3)")
        assert text(app, "#cue-big").endswith("knees slightly bent, and your back neutral.")
        await pilot.press("right")
        await pilot.pause()
        assert cue_heading(app) == "Cue 2 of 3"

        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert app.return_code is None  # still running

        await pilot.press("up", "p")  # again, with the other routine
        await pilot.pause()
        assert text(app, "#practice-title").startswith("Practice · Lat pull down (1/3)")
        assert cue_heading(app) == "Cue 1 of 3"  # a fresh walk from the first cue
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)

        await pilot.press("enter")  # the preview's p, too
        await pilot.pause()
        assert isinstance(app.screen, PreviewScreen)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PracticeScreen)
        assert text(app, "#practice-title").startswith("Practice · Lat pull down")
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, PreviewScreen)
        assert app.return_code is None


SAVED_PAUSE_3 = """\
exercises:
  lat-pull-down:
    holds:
      Pause: 3
"""


@run_async
async def test_practice_from_the_picker_uses_your_saved_hold(own_config_dir: Path) -> None:
    (own_config_dir / "overrides").mkdir()
    (own_config_dir / "overrides" / "borden-back.yaml").write_text(SAVED_PAUSE_3)
    app, clock, player = workout_app(start="picker")
    async with app.run_test(size=SIZE) as pilot:
        await choices_loaded(pilot)
        await pilot.press("p")
        await pilot.press("right", "right")
        await pilot.pause()
        assert "Pause: hold for 3 counts" in text(app, "#cue-phases")
        await pilot.press("h")
        await play(pilot, clock, 3.0)
        assert player.events == [S.HOLD_START, S.TICK, S.TICK, S.HOLD_END]


# -- routine text is shown, never obeyed ----------------------------------------------------------

INJECTION_YAML = """\
title: "[bold red]x[/] practice"
cue_seconds: 0
exercises:
  - name: "[@click=app.quit]row[/]"
    equipment: "[b]band[/b]"
    reps: 1
    cues:
      - "[bold red]x[/]"
      - "\\e[31mred \\e]0;title\\a"
    rep:
      - {hold: "[b]Squeeze[/b]", counts: 2, cue: 2}
  - name: "[/]walk"
    reps: 1
    cues: ["[/]"]
    rep:
      - {move: Step, counts: 1}
"""


@run_async
async def test_practice_shows_markup_and_escapes_literally() -> None:
    routine = load_routine_text(INJECTION_YAML, "inject.yaml")
    assert routine.exercises[0].cues[1].startswith("\x1b[31m")
    app, clock, player = practice_app(routine)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert text(app, "#practice-title") == (
            "Practice · [@click=app.quit]row[/] (1/2) · [b]band[/b]"
        )
        assert text(app, "#cue-big") == "[bold red]x[/]"
        assert "▶ 1. [bold red]x[/]" in text(app, "#practice-cues")
        shown = screen_text(app)
        assert "[bold red]x[/]" in shown
        assert "[@click=app.quit]row[/]" in shown

        await pilot.press("right")
        await pilot.pause()
        assert text(app, "#cue-big") == "\x1b[31mred \x1b]0;title\x07"
        assert text(app, "#cue-phases") == "[b]Squeeze[/b]: hold for 2 counts"
        await pilot.press("h")
        await pilot.pause()
        assert playing(app) == ("[B]SQUEEZE[/B]", "1", "of 2 counts")
        shown = screen_text(app)
        assert "\u241b[31mred" in shown
        for line in screen_lines(app):
            assert "\x1b" not in line
            assert "\x07" not in line
        await play(pilot, clock, 2.0)
        assert player.events == [S.HOLD_START, S.TICK, S.HOLD_END]
        await pilot.press("c", "space")
        await pilot.pause()
        assert "\x1b[31mred" in text(app, "#cue-big")
        assert "\u241b[31mred" in screen_text(app)

        # An exercise with no hold says so, in its own words (bad markup and all).
        await pilot.press("c", "N", "h")
        await pilot.pause()
        assert text(app, "#practice-title") == "Practice · [/]walk (2/2)"
        assert text(app, "#cue-big") == "[/]"
        assert "[/]walk has no hold" in screen_text(app)
    assert app.return_code is None  # the would-be [@click=app.quit] did nothing


@run_async
async def test_recall_hides_the_phases_that_would_give_the_cue_away() -> None:
    app, _clock, _player = practice_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "right")  # cue 3 of the lat pull down holds its phases
        await pilot.pause()
        assert "Pause: hold for 2 counts" in text(app, "#cue-phases")
        await pilot.press("c")
        await pilot.pause()
        assert text(app, "#cue-phases") == ""
        await pilot.press("space")
        await pilot.pause()
        assert "Pause: hold for 2 counts" in text(app, "#cue-phases")


@run_async
async def test_escape_with_nothing_playing_leaves() -> None:
    app, _clock, _player = practice_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        await pilot.pause()
        await pilot.press("escape")  # first it stops the hold
        await pilot.pause()
        assert isinstance(app.screen, PracticeScreen)
        assert practice(app).player is None
        await pilot.press("escape")  # then it leaves
        await pilot.pause()
    assert app.return_code == 0


@run_async
async def test_a_small_terminal_keeps_the_cue_and_drops_the_list_beside_it() -> None:
    app, _clock, _player = practice_app()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.press("right", "right")
        await pilot.pause()
        assert not app.screen.query_one("#practice-side").display
        assert "Pull bar or to top of the" in screen_text(app)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert app.screen.query_one("#practice-side").display


# -- large type, labels, the list beside the cue --------------------------------------------------


@run_async
async def test_the_cue_is_drawn_in_block_letters_when_there_is_room() -> None:
    app, _clock, _player = practice_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        big = app.screen.query_one("#cue-big", BigParagraph)
        assert big.is_big
        region = big.region
        drawn = [line[region.x : region.right] for line in screen_lines(app)]
        assert sum("█" in line or "━" in line for line in drawn) >= 3
    app, _clock, _player = practice_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("right", "right")  # a long cue: too long for letters at 80x24
        await pilot.pause()
        big = app.screen.query_one("#cue-big", BigParagraph)
        assert not big.is_big
        assert shown_in(app, "#cue-big") == flat(text(app, "#cue-big"))  # whole, in bold


@run_async
async def test_a_hold_plays_as_big_as_the_workouts_count() -> None:
    app, _clock, _player = practice_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h")
        await pilot.pause()
        number = panel(app).number_region
        assert number.height >= 5  # block letters, not a line of text
        assert number.bottom <= 24
        frame = app.screen.query_one("#clock").region
        assert frame.width >= 45 and frame.bottom <= 23
        drawn = [line[number.x : number.right] for line in screen_lines(app)]
        assert sum("█" in line for line in drawn[number.y : number.bottom]) >= 5


@run_async
async def test_labels_read_naturally() -> None:
    app, _clock, _player = practice_app(exercise="hyperextension")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "right", "right")
        await pilot.pause()
        assert text(app, "#cue-phases") == "Lift: 1 count · Hold: 3 counts · Return: 1 count"


@run_async
async def test_the_list_beside_the_cue_scrolls_to_the_current_one() -> None:
    app, _clock, _player = practice_app(exercise="hyperextension")
    async with app.run_test(size=(80, 16)) as pilot:
        await pilot.press("right", "right", "right")  # cue 4 of 4, long cues before it
        await pilot.pause()
        cues = app.screen.query_one("#practice-cues")
        region = cues.region
        inside = " ".join(
            line[region.x : region.right] for line in screen_lines(app)[region.y : region.bottom]
        )
        assert "▶ 4." in inside
        assert cues.scroll_offset.y > 0
        assert all(line.rstrip()[-1:] in "│╮╯" for line in screen_lines(app)[1:14])


@pytest.mark.parametrize("audio", ["bell", "off"])
@run_async
async def test_h_then_q_ends_cleanly_with_a_real_backend(audio: str) -> None:
    """Regression: with the bell backend, leaving after h crashed (LookupError: active_app, from
    a timer the bell's flash set from the audio thread). Exit 0 on every backend."""
    path = CONTENT / "borden-back.yaml"
    clock = FakeClock()
    app = BacktimerApp(
        start="practice",
        entry=Entry("borden-back", path, "shipped"),
        routine=load_routine(path),
        audio=audio,
        clock=clock,
    )
    rang: list[object] = []
    ring = app.bell
    app.bell = lambda: (rang.append(True), ring())[-1]  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()  # the audio is open
        await pilot.press("h")
        if audio == "bell":  # the bell rings (from the audio thread) and flashes
            assert await until(pilot, lambda: len(rang) >= 1)
        await play(pilot, clock, 1.0)
        if audio == "bell":  # and rings again for the count
            assert await until(pilot, lambda: len(rang) >= 2)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    if audio == "bell":
        assert rang  # the bell's sound reached the screen
