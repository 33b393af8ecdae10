"""The screens driven with Textual's Pilot and a fake clock: what a person sees and hears."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import OptionList
from tui_helpers import (
    TINY_TOTAL,
    advance,
    advance_to,
    find_on_screen,
    flat,
    run_async,
    screen_lines,
    screen_of,
    screen_text,
    text,
    tiny_routine,
    widget_text,
    workout,
    workout_app,
)

from backtimer.core.adjustments import ROUNDS
from backtimer.core.events import SoundEvent as S
from backtimer.core.plan import compile_plan
from backtimer.tui.dialogs.confirm import Confirm
from backtimer.tui.dialogs.help import Help
from backtimer.tui.screens.picker import PickerScreen
from backtimer.tui.screens.preview import PreviewScreen
from backtimer.tui.screens.summary import SummaryScreen
from backtimer.tui.screens.workout import WorkoutScreen

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def own_config_dir(config_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test reads and writes saved settings in an empty folder of its own."""
    monkeypatch.setenv("BACKTIMER_CONFIG_DIR", str(config_dir))
    return config_dir


# What the tiny routine sounds like, in order (see tests/tui_helpers.py for its timeline).
GET_READY = [S.COUNTDOWN, S.COUNTDOWN, S.COUNTDOWN]
PULL_DOWN = [
    *[S.GO, S.HOLD_START, S.TICK, S.HOLD_END, S.TICK],  # rep 1: Pull, Pause 2, Return 2
    *[S.PHASE, S.HOLD_START, S.TICK, S.HOLD_END, S.TICK, S.EXERCISE_DONE],  # rep 2
]
HYPER = [
    *[S.GO, S.HOLD_START, S.TICK, S.TICK, S.HOLD_END],  # rep 1: Lift, Hold 3
    *[S.HOLD_START, S.TICK, S.TICK, S.EXERCISE_DONE],  # rep 2: Lift (after the release), Hold 3
]
ONE_ROUND = [*GET_READY, *PULL_DOWN, S.REST_OVER, *GET_READY, *HYPER]
WHOLE_WORKOUT = [*ONE_ROUND, S.REST_OVER, *ONE_ROUND, S.WORKOUT_DONE]


@run_async
async def test_short_routine_from_start_to_summary() -> None:
    app, clock, player = workout_app()
    t0 = clock.now
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WorkoutScreen)
        assert text(app, "#exercise") == "Lat pull down · machine"
        assert text(app, "#phase") == "GET READY"
        assert text(app, "#position") == "Round 1/2   2 reps"
        assert text(app, "#countdown") == "3"
        assert "TIP: Keep your shoulders down" in text(app, "#tips")
        assert "▶ 2. Pull to the sternum" in flat(text(app, "#cues"))
        assert player.events == [S.COUNTDOWN]

        await advance_to(pilot, clock, t0, 3.5)
        assert text(app, "#phase") == "PULL"
        assert text(app, "#position") == "Round 1/2   Rep 1/2"
        assert text(app, "#count") == "1 of 1"
        assert player.events == [*GET_READY, S.GO]

        await advance_to(pilot, clock, t0, 4.5)
        assert text(app, "#phase") == "PAUSE"
        assert text(app, "#count") == "1 of 2"
        assert text(app, "#countdown") == "2"
        await advance_to(pilot, clock, t0, 5.5)
        assert text(app, "#count") == "2 of 2"
        assert text(app, "#countdown") == "1"
        await advance_to(pilot, clock, t0, 6.5)
        assert text(app, "#phase") == "RETURN"

        await advance_to(pilot, clock, t0, 8.5)
        assert text(app, "#phase") == "PULL"
        assert text(app, "#position") == "Round 1/2   Rep 2/2"

        await advance_to(pilot, clock, t0, 14)
        assert text(app, "#phase") == "REST"
        assert text(app, "#countdown") == "4"
        assert text(app, "#next") == "Next: Hyperextension (floor) - 1. Lie face down"
        assert "Next: Hyperextension" in screen_text(app)

        await advance_to(pilot, clock, t0, 19)
        assert text(app, "#exercise") == "Hyperextension · floor"
        assert text(app, "#phase") == "GET READY"
        assert text(app, "#next") == ""

        await advance_to(pilot, clock, t0, 23.5)
        assert text(app, "#phase") == "HOLD"
        assert text(app, "#count") == "2 of 3"
        assert "▶ 2. Lift and hold" in flat(text(app, "#cues"))

        await advance_to(pilot, clock, t0, 30)
        assert text(app, "#phase") == "REST"
        assert text(app, "#next").startswith("Next: Lat pull down (machine) - 1. Grip wide")

        await advance_to(pilot, clock, t0, 38)
        assert text(app, "#phase") == "GET READY"
        assert text(app, "#position") == "Round 2/2   2 reps"
        assert text(app, "#exercise") == "Lat pull down · machine"

        await advance_to(pilot, clock, t0, 65.5)
        assert text(app, "#phase") == "HOLD"
        assert text(app, "#position") == "Round 2/2   Rep 2/2"

        await advance_to(pilot, clock, t0, TINY_TOTAL)
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert text(app, "#summary-title") == "Workout complete: Tiny back"
        body = text(app, "#summary-body")
        assert "Time taken: 1:06" in body
        assert "Rounds done: 2 of 2" in body
        assert "Skipped: nothing" in body
        assert player.events == WHOLE_WORKOUT

        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    assert app.return_value == 0
    assert player.closed


@run_async
async def test_pause_holds_the_countdown_still() -> None:
    app, clock, player = workout_app()
    t0 = clock.now
    async with app.run_test(size=SIZE) as pilot:
        await advance_to(pilot, clock, t0, 4.5)  # 1.5 s into the 2-count Pause
        screen = workout(app)
        assert text(app, "#countdown") == "2"
        await pilot.press("space")
        await pilot.pause()
        assert screen.session.paused
        assert text(app, "#phase") == "PAUSE · PAUSED"
        remaining = screen.session.step_remaining()
        heard = list(player.events)

        await advance(pilot, clock, 30)
        assert screen.session.step_remaining() == remaining
        assert text(app, "#countdown") == "2"
        assert text(app, "#count") == "1 of 2"
        assert text(app, "#phase") == "PAUSE · PAUSED"
        assert player.events == heard  # nothing sounds while paused

        await pilot.press("space")
        await pilot.pause()
        assert not screen.session.paused
        assert text(app, "#phase") == "PAUSE"
        await advance(pilot, clock, 1.0)
        assert screen.session.step_remaining() == pytest.approx(0.5)
        assert text(app, "#countdown") == "1"
        assert text(app, "#count") == "2 of 2"
        assert player.events == [*heard, S.TICK]


@run_async
async def test_next_and_previous_step() -> None:
    app, _clock, _player = workout_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        session = workout(app).session
        assert text(app, "#phase") == "GET READY"
        await pilot.press("n")
        await pilot.pause()
        assert session.index == 1
        assert text(app, "#phase") == "PULL"
        assert text(app, "#position") == "Round 1/2   Rep 1/2"
        await pilot.press("right")
        await pilot.pause()
        assert text(app, "#phase") == "PAUSE"
        assert text(app, "#countdown") == "2"  # a fresh, full hold
        await pilot.press("p")
        await pilot.pause()
        assert text(app, "#phase") == "PULL"
        await pilot.press("left")
        await pilot.pause()
        assert session.index == 0
        assert text(app, "#phase") == "GET READY"
        await pilot.press("left")  # at the first step it stays there
        await pilot.pause()
        assert session.index == 0


@run_async
async def test_restart_step_starts_the_hold_again() -> None:
    app, clock, _player = workout_app()
    t0 = clock.now
    async with app.run_test(size=SIZE) as pilot:
        await advance_to(pilot, clock, t0, 23.5)  # 1.5 s into Hyperextension's 3-count Hold
        session = workout(app).session
        assert text(app, "#count") == "2 of 3"
        index = session.index
        await pilot.press("r")
        await pilot.pause()
        assert session.index == index
        assert session.step_remaining() == pytest.approx(3.0)
        assert text(app, "#countdown") == "3"
        assert text(app, "#count") == "1 of 3"


@run_async
async def test_next_exercise_skips_to_the_next_one_and_the_summary_says_so() -> None:
    app, clock, _player = workout_app()
    t0 = clock.now
    async with app.run_test(size=SIZE) as pilot:
        await advance_to(pilot, clock, t0, 4.5)
        assert text(app, "#exercise") == "Lat pull down · machine"
        await pilot.press("N")
        await pilot.pause()
        assert text(app, "#exercise") == "Hyperextension · floor"
        assert text(app, "#phase") == "GET READY"  # the rest after it is skipped too
        assert text(app, "#position") == "Round 1/2   2 reps"
        await advance(pilot, clock, TINY_TOTAL, step=1.0)
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        body = text(app, "#summary-body")
        assert "Rounds done: 1 of 2" in body
        assert "Round 1, Lat pull down: 2 of 2 reps" in body
        assert "1 rest" in body
        assert "Skipped: nothing" not in body


@run_async
async def test_quit_asks_first_and_pauses_while_asking() -> None:
    app, clock, _player = workout_app()
    t0 = clock.now
    async with app.run_test(size=SIZE) as pilot:
        await advance_to(pilot, clock, t0, 4.5)
        session = workout(app).session

        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        assert "Quit the workout?" in screen_text(app)
        assert session.paused
        remaining = session.step_remaining()
        clock.advance(20)
        await pilot.pause()
        assert session.step_remaining() == remaining

        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, WorkoutScreen)
        assert not session.paused
        assert app.return_code is None
        await advance(pilot, clock, 1.0)
        assert session.step_remaining() == pytest.approx(remaining - 1.0)

        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WorkoutScreen)
        assert not session.paused

        # Already paused before asking: still paused after answering no.
        await pilot.press("space", "q")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert session.paused

        await pilot.press("q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 0
    assert app.return_value == 0


@run_async
async def test_q_at_the_summary_quits_at_once() -> None:
    app, clock, _player = workout_app()
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, clock, TINY_TOTAL, step=2.0)
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("q")
        await pilot.pause()
        assert not isinstance(app.screen, Confirm)
    assert app.return_code == 0
    assert app.return_value == 0


@run_async
async def test_ctrl_c_quits_without_asking() -> None:
    app, clock, _player = workout_app()
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, clock, 4.5)
        await pilot.press("ctrl+c")
        await pilot.pause()
    assert app.return_code == 0


@run_async
async def test_plus_during_a_hold_raises_the_count() -> None:
    app, clock, _player = workout_app()
    t0 = clock.now
    async with app.run_test(size=SIZE) as pilot:
        await advance_to(pilot, clock, t0, 4.5)
        session = workout(app).session
        assert text(app, "#adjusted") == ""
        await pilot.press("+")
        await pilot.pause()
        assert text(app, "#count") == "1 of 3"
        assert session.step_remaining() == pytest.approx(2.5)
        assert text(app, "#countdown") == "3"
        assert "changed: 3 counts" in text(app, "#adjusted")
        # Every Pause of this exercise is one count longer: 4 of them in 2 rounds.
        assert session.plan.total_seconds == pytest.approx(TINY_TOTAL + 4)
        assert "/ 1:10" in text(app, "#times")

        await pilot.press("-")
        await pilot.pause()
        assert text(app, "#count") == "1 of 2"
        assert session.plan.total_seconds == pytest.approx(TINY_TOTAL)
        assert text(app, "#adjusted") == ""  # back to the routine's own count
        await pilot.press("+")
        await pilot.pause()
        assert text(app, "#count") == "1 of 3"

        await advance_to(pilot, clock, t0, 7.5)  # Return is a move: + only explains itself
        assert text(app, "#phase") == "RETURN"
        await pilot.press("+")
        await pilot.pause()
        assert session.plan.total_seconds == pytest.approx(TINY_TOTAL + 4)

        await advance(pilot, clock, TINY_TOTAL + 4, step=2.0)
        await pilot.pause()
        summary = screen_of(app, SummaryScreen)
        body = widget_text(summary.query_one("#summary-body"))
        assert "Changed during the workout:" in body
        assert "Pause of Lat pull down: 3 counts" in body
        assert "Pause of Lat pull down: 2 counts" not in body


@run_async
async def test_count_length_keys_change_the_count() -> None:
    app, clock, _player = workout_app()
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, clock, 1.0)
        session = workout(app).session
        await pilot.press("]", "]")
        await pilot.pause()
        assert session.plan.routine.count_seconds == pytest.approx(1.2)
        await pilot.press("[")
        await pilot.pause()
        assert session.plan.routine.count_seconds == pytest.approx(1.1)


@run_async
async def test_mute_silences_the_sounds() -> None:
    app, clock, player = workout_app()
    t0 = clock.now
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        heard = list(player.events)
        await advance_to(pilot, clock, t0, 8.5)
        assert player.events == heard
        await pilot.press("m")
        await pilot.pause()
        await advance_to(pilot, clock, t0, 9.5)  # rep 2's Pause starts at 9
        assert player.events[len(heard) :] == [S.HOLD_START]


@run_async
async def test_help_opens_and_closes() -> None:
    app, _clock, _player = workout_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, Help)
        shown = screen_text(app)
        assert "next step" in shown
        assert "pause / resume" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WorkoutScreen)


def option_texts(app: Any) -> list[str]:
    options = app.screen.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


@run_async
async def test_picker_lists_the_shipped_routines_and_leads_to_the_workout() -> None:
    app, _clock, _player = workout_app(start="picker")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        options = option_texts(app)
        assert len(options) == 2
        assert options[0].startswith("Back-sculpting routine\n")
        assert options[1].startswith("Train your back\n")
        assert "3 exercises · 3 rounds" in options[0]
        shown = screen_text(app)
        assert "Back-sculpting routine" in shown
        assert "Train your back" in shown

        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PreviewScreen)
        assert text(app, "#preview-title") == "Back-sculpting routine"
        assert "Lat pull down (machine" in text(app, "#preview-text")

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PreviewScreen)
        assert text(app, "#preview-title") == "Train your back"

        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WorkoutScreen)
        assert text(app, "#exercise").startswith("Good morning")
        assert "Round 1/3" in text(app, "#position")


@run_async
async def test_preview_plus_and_minus_change_rounds_and_the_total() -> None:
    app, _clock, _player = workout_app(start="picker")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        preview = app.screen
        assert isinstance(preview, PreviewScreen)
        routine = preview.routine

        def total(rounds: int) -> str:
            from backtimer.core.fmt import duration

            seconds = compile_plan(routine, {ROUNDS: rounds}).total_seconds
            return f"Total: {duration(seconds)}"

        settings = text(app, "#preview-settings")
        assert "Rounds: 3 (suggested up to 4)" in settings
        assert total(3) in settings
        await pilot.press("+")
        await pilot.pause()
        settings = text(app, "#preview-settings")
        assert "Rounds: 4 " in settings
        assert total(4) in settings
        assert total(3) not in settings
        await pilot.press("-", "-", "-", "-")  # never below one round
        await pilot.pause()
        settings = text(app, "#preview-settings")
        assert "Rounds: 1 " in settings
        assert total(1) in settings
        await pilot.press("+")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WorkoutScreen)
        assert app.screen.session.plan.routine.rounds == 2
        assert "Round 1/2" in text(app, "#position")


# -- text from a routine file is shown literally --------------------------------------------

INJECTION_YAML = """\
title: "[bold red]x[/] [@click=app.quit]click[/] \\e[31mred"
cue_seconds: 0
exercises:
  - name: "[bold red]x[/] row"
    equipment: "[@click=app.quit]click[/]"
    reps: 1
    cues:
      - "[bold red]x[/] [@click=app.quit]click[/] \\e[31mred"
    rep:
      - {hold: "[b]Squeeze[/b]", counts: 2}
    tips: ["[@click=app.quit]tip[/]"]
"""
SHOWN_TITLE = "[bold red]x[/] [@click=app.quit]click[/] \u241b[31mred"


def assert_no_escape_on_screen(app: Any) -> None:
    for line in screen_lines(app):
        assert "\x1b" not in line


@run_async
async def test_workout_shows_markup_and_escapes_literally() -> None:
    routine = tiny_routine(INJECTION_YAML)
    assert "\x1b[31m" in routine.exercises[0].cues[0]
    app, clock, _player = workout_app(routine)
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, clock, 3.5)  # into the hold
        assert text(app, "#exercise") == "[bold red]x[/] row · [@click=app.quit]click[/]"
        assert text(app, "#phase") == "[B]SQUEEZE[/B]"
        assert flat(text(app, "#cues")) == f"▶ 1. {SHOWN_TITLE}"
        assert text(app, "#tips") == "TIP: [@click=app.quit]tip[/]"
        shown = screen_text(app)
        assert "[bold red]x[/] row · [@click=app.quit]click[/]" in shown
        assert "[@click=app.quit]tip[/]" in shown
        assert "\u241b[31mred" in shown
        assert_no_escape_on_screen(app)

        # The would-be link is inert: clicking it does not quit.
        where = find_on_screen(app, "[@click=app.quit]tip[/]")
        assert where is not None
        await pilot.click(offset=(where[0] + 18, where[1]))
        await pilot.pause()
        assert app.return_code is None
        assert isinstance(app.screen, WorkoutScreen)


@run_async
async def test_picker_and_preview_show_markup_and_escapes_literally(
    config_dir: Path,
) -> None:
    (config_dir / "routines").mkdir()
    (config_dir / "routines" / "inject.yaml").write_text(INJECTION_YAML, encoding="utf-8")
    app, _clock, _player = workout_app(start="picker")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        options = option_texts(app)
        assert len(options) == 3
        assert options[2].startswith(SHOWN_TITLE + "\n")
        assert SHOWN_TITLE in screen_text(app)
        assert_no_escape_on_screen(app)

        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PreviewScreen)
        assert text(app, "#preview-title") == SHOWN_TITLE
        body = text(app, "#preview-text")
        assert f"1. {SHOWN_TITLE}" in body
        assert "[b]Squeeze[/b] (hold, 2 counts)" in body
        shown = screen_text(app)
        assert SHOWN_TITLE in shown
        assert "[bold red]x[/] row ([@click=app.quit]click[/]): 1 rep" in shown
        assert_no_escape_on_screen(app)


# -- small terminals --------------------------------------------------------------------------


@run_async
async def test_compact_layout_keeps_phase_countdown_and_cue() -> None:
    app, clock, _player = workout_app()
    t0 = clock.now
    async with app.run_test(size=(40, 12)) as pilot:
        await advance_to(pilot, clock, t0, 4.5)
        screen = workout(app)
        assert screen.has_class("-compact")
        lines = screen_lines(app)
        assert len(lines) == 12
        shown = "\n".join(lines)
        assert "PAUSE" in shown
        assert "▶ 2. Pull to the sternum" in shown
        assert "1 of 2" in shown
        digits = screen.query_one("#countdown")
        region = digits.region
        assert region.height == 3
        assert region.y >= 0
        assert region.bottom <= 12
        assert region.right <= 40
        # The big "2" is drawn where the Digits widget is.
        drawn = "".join(line[region.x : region.right] for line in lines[region.y : region.bottom])
        assert drawn.strip()

        await advance_to(pilot, clock, t0, 14)
        shown = screen_text(app)
        assert "REST" in shown
        assert "Next: Hyperextension" in shown

        # Growing the terminal brings the full layout back.
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not screen.has_class("-compact")
        assert "╭" in screen_text(app)


@run_async
async def test_save_offer_at_the_summary_yes_writes_and_q_quits_unsaved(
    own_config_dir: Path,
) -> None:
    # y: the changed hold is saved as the user's default for this routine.
    app, clock, _player = workout_app()
    t0 = clock.now
    async with app.run_test(size=SIZE) as pilot:
        await advance_to(pilot, clock, t0, 4.5)
        await pilot.press("+")
        await advance(pilot, clock, TINY_TOTAL + 2, step=2.0)
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        assert "Save as your defaults" in app.screen.question
        await pilot.press("y")
        await app.workers.wait_for_complete()  # the file is written off the event loop
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert any(n.title == "Saved" for n in app._notifications)
    saved = own_config_dir / "overrides" / "tiny.yaml"
    # Holds are saved by phase number: Pause is phase 2.
    assert "2: 3                    # Pause; routine: 2 counts" in saved.read_text()

    # q on the offer: quit at once, nothing written.
    saved.unlink()
    app, clock, _player = workout_app()
    t0 = clock.now
    async with app.run_test(size=SIZE) as pilot:
        await advance_to(pilot, clock, t0, 4.5)
        await pilot.press("+")
        await advance(pilot, clock, TINY_TOTAL + 2, step=2.0)
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    assert not saved.exists()


@run_async
async def test_an_invalid_routine_in_the_picker_explains_itself_literally(
    config_dir: Path,
) -> None:
    (config_dir / "routines").mkdir()
    (config_dir / "routines" / "broken.yaml").write_text(
        "title: x\n'[bold]oops[/]': 1\nexercises: []\n", encoding="utf-8"
    )
    app, _clock, _player = workout_app(start="picker")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "invalid" in option_texts(app)[2]
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)  # nothing opened
        notices = [n for n in app._notifications if "oops" in n.message]
        assert len(notices) == 1
        # Shown as plain text, never as markup: the brackets are the user's.
        assert notices[0].markup is False
        assert "unknown key '[bold]oops[/]'" in notices[0].message


@run_async
async def test_the_bell_flashes_the_clock_panel_but_not_for_a_tick() -> None:
    app, _clock, _player = workout_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        panel = app.screen.query_one("#clock-box")
        app.flash(S.TICK)
        assert not panel.has_class("-flash")
        app.flash(S.GO)
        assert panel.has_class("-flash")
        await pilot.pause(0.3)  # the flash is brief
        assert not panel.has_class("-flash")
