"""The screens driven with Textual's Pilot and a fake clock: what a person sees and hears."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from fakeclock import FakeClock
from textual.widgets import OptionList
from tui_helpers import (
    TINY_TOTAL,
    RecordingPlayer,
    advance,
    advance_to,
    choices_loaded,
    find_on_screen,
    flat,
    heading,
    notice,
    panel,
    run_async,
    screen_lines,
    screen_of,
    screen_text,
    text,
    tiny_routine,
    until,
    until_shown,
    widget_text,
    workout,
    workout_app,
)

from backtimer.core.adjustments import ROUNDS
from backtimer.core.events import SoundEvent as S
from backtimer.core.plan import compile_plan
from backtimer.settings.catalog import Entry
from backtimer.settings.layers import Layers
from backtimer.tui.app import BacktimerApp
from backtimer.tui.dialogs.confirm import Confirm
from backtimer.tui.dialogs.help import Help, KeyTable
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


def phase(app: Any) -> tuple[str, str, str]:
    """The phase word, the big number and the caption under it."""
    return panel(app).word, panel(app).number, panel(app).caption


@run_async
async def test_reaching_the_end_with_everything_skipped_is_not_a_complete_workout() -> None:
    app, _clock, _player = workout_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(8):  # N past every exercise of both rounds, to the end
            if isinstance(app.screen, SummaryScreen):
                break
            await pilot.press("N")
            await pilot.pause()
        assert await until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        assert text(app, "#summary-title") == "Workout ended: Tiny back"
        assert "Rounds done in full: 0 of 2" in text(app, "#summary-body")


@run_async
async def test_short_routine_from_start_to_summary() -> None:
    app, clock, player = workout_app()
    t0 = clock.now
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WorkoutScreen)
        assert heading(app).title == "Lat pull down · machine"
        assert phase(app) == ("GET READY", "3", "to go")
        assert heading(app).position == "Round 1/2 · 2 reps"
        assert "TIP: Keep your shoulders down" in text(app, "#tips")
        assert "▶ 2. Pull to the sternum" in flat(text(app, "#cues"))
        assert player.events == [S.COUNTDOWN]

        await advance_to(pilot, clock, t0, 3.5)
        assert phase(app) == ("PULL", "1", "of 1 count")
        assert heading(app).position == "Round 1/2 · Rep 1/2"
        assert player.events == [*GET_READY, S.GO]

        # The 2-count pause counts up: 1, then 2.
        await advance_to(pilot, clock, t0, 4.5)
        assert phase(app) == ("PAUSE", "1", "of 2 counts")
        await advance_to(pilot, clock, t0, 5.5)
        assert phase(app) == ("PAUSE", "2", "of 2 counts")
        await advance_to(pilot, clock, t0, 6.5)
        assert panel(app).word == "RETURN"

        await advance_to(pilot, clock, t0, 8.5)
        assert panel(app).word == "PULL"
        assert heading(app).position == "Round 1/2 · Rep 2/2 · LAST REP"

        # The rest: first what was done, then what comes next.
        await advance_to(pilot, clock, t0, 14)
        assert phase(app) == ("REST", "0:04", "left")
        assert heading(app).title == "Lat pull down ✓ 2 reps"
        await advance_to(pilot, clock, t0, 16)
        assert heading(app).title == "Next: Hyperextension · floor"
        assert "▷ 2. Lift and hold" in flat(text(app, "#cues"))

        await advance_to(pilot, clock, t0, 19)
        assert heading(app).title == "Hyperextension · floor"
        assert panel(app).word == "GET READY"

        await advance_to(pilot, clock, t0, 23.5)
        assert phase(app) == ("HOLD", "2", "of 3 counts")
        assert "▶ 2. Lift and hold" in flat(text(app, "#cues"))

        await advance_to(pilot, clock, t0, 38)
        assert panel(app).word == "GET READY"
        assert heading(app).position == "Round 2/2 · 2 reps"

        await advance_to(pilot, clock, t0, TINY_TOTAL)
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert text(app, "#summary-title") == "Workout complete: Tiny back"
        body = text(app, "#summary-body")
        assert "Time in the workout: 1:06" in body
        assert "Rounds done: 2 of 2" in body
        assert "Skipped: nothing" in body
        assert player.events == WHOLE_WORKOUT

        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    assert app.return_value == 0
    assert player.closed


@run_async
async def test_the_layout_keeps_its_size_through_a_rest() -> None:
    app, clock, _player = workout_app()
    t0 = clock.now
    async with app.run_test(size=SIZE) as pilot:
        sizes = []
        for at in (12.0, 13.5, 16.0, 19.0, 21.5):  # a rep, the rest done, next, get ready, rep
            await advance_to(pilot, clock, t0, at)
            screen = app.screen
            sizes.append(
                tuple(screen.query_one(s).region for s in ("#clock", "#cues", "#next", "#tips"))
            )
        assert len(set(sizes)) == 1


@run_async
async def test_pause_holds_the_count_still_and_the_footer_says_resume() -> None:
    app, clock, player = workout_app()
    t0 = clock.now
    async with app.run_test(size=SIZE) as pilot:
        await advance_to(pilot, clock, t0, 4.5)  # 0.5 s into the 2-count Pause
        screen = workout(app)
        assert "space Pause" in await until_shown(pilot, "space Pause", footer=True)
        await pilot.press("space")
        await pilot.pause()
        assert screen.session.paused
        assert phase(app) == ("PAUSE", "1", "PAUSED · space resumes")
        assert "space Resume" in await until_shown(pilot, "space Resume", footer=True)
        assert "PAUSED" in await until_shown(pilot, "PAUSED")
        remaining = screen.session.step_remaining()
        heard = list(player.events)

        clock.advance(30)
        await pilot.pause()
        assert screen.session.step_remaining() == remaining
        assert panel(app).number == "1"
        assert player.events == heard  # nothing sounds while paused

        await pilot.press("space")
        await pilot.pause()
        assert not screen.session.paused
        assert "space Pause" in await until_shown(pilot, "space Pause", footer=True)
        await advance(pilot, clock, 1.0)
        assert phase(app) == ("PAUSE", "2", "of 2 counts")
        assert player.events == [*heard, S.TICK]


@run_async
async def test_next_and_previous_step() -> None:
    app, _clock, _player = workout_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        session = workout(app).session
        assert panel(app).word == "GET READY"
        await pilot.press("n")
        await pilot.pause()
        assert session.index == 1
        assert panel(app).word == "PULL"
        assert heading(app).position == "Round 1/2 · Rep 1/2"
        await pilot.press("right")
        await pilot.pause()
        assert phase(app) == ("PAUSE", "1", "of 2 counts")  # a fresh, full hold
        await pilot.press("p")
        await pilot.pause()
        assert panel(app).word == "PULL"
        await pilot.press("left")
        await pilot.pause()
        assert session.index == 0
        assert panel(app).word == "GET READY"
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
        assert panel(app).number == "2"
        index = session.index
        await pilot.press("r")
        await pilot.pause()
        assert session.index == index
        assert session.step_remaining() == pytest.approx(3.0)
        assert phase(app) == ("HOLD", "1", "of 3 counts")


@run_async
async def test_skipping_an_exercise_adds_no_time_and_the_summary_lists_it_in_order() -> None:
    app, clock, _player = workout_app()
    t0 = clock.now
    async with app.run_test(size=SIZE) as pilot:
        await advance_to(pilot, clock, t0, 4.5)
        spent = text(app, "#times").split(" done")[0]
        assert spent == "0:04"
        await pilot.press("N")
        await pilot.pause()
        assert heading(app).title == "Hyperextension · floor"
        assert panel(app).word == "GET READY"  # the rest after it is skipped too
        assert text(app, "#times").split(" done")[0] == "0:04"  # skipping adds nothing
        await advance(pilot, clock, 10.0)  # into hyperextension's reps
        await pilot.press("N")  # and skip the rest of them too, and the round rest
        await pilot.pause()
        await advance(pilot, clock, TINY_TOTAL, step=1.0)
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        body = text(app, "#summary-body")
        assert "Rounds done in full: 1 of 2" in body
        assert "Round 1 in part: 0 of 2 exercises done, 1 in part" in body
        skipped = body.split("Skipped:\n")[1].splitlines()
        # In plan order, work only: no rest, no get-ready countdown.
        assert skipped[:2] == [
            "  Round 1, Lat pull down: the whole set (2 reps)",
            "  Round 1, Hyperextension: 1 of 2 reps",
        ]
        assert "rest" not in body.split("Skipped:")[1].lower()
        assert "get-ready" not in body and "countdown" not in body


@run_async
async def test_quit_asks_first_then_shows_what_was_done_and_a_key_leaves() -> None:
    app, clock, _player = workout_app()
    t0 = clock.now
    async with app.run_test(size=SIZE) as pilot:
        await advance_to(pilot, clock, t0, 4.5)
        session = workout(app).session

        await pilot.press("q")
        await pilot.pause()
        assert await until(pilot, lambda: isinstance(app.screen, Confirm))
        shown = screen_text(app)
        assert "Quit the workout?" in shown
        assert "y or q quit · n keep going" in shown
        assert session.paused
        remaining = session.step_remaining()
        clock.advance(20)
        await pilot.pause()
        assert session.step_remaining() == remaining

        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, WorkoutScreen)
        assert not session.paused
        await advance(pilot, clock, 1.0)
        assert session.step_remaining() == pytest.approx(remaining - 1.0)

        await pilot.press("q")
        await pilot.pause()
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
        assert isinstance(app.screen, SummaryScreen)
        assert app.return_code is None
        body = text(app, "#summary-body")
        assert text(app, "#summary-title") == "Workout stopped: Tiny back"
        assert "Time in the workout: 0:05 (and 0:20 paused)" in body
        assert "Stopped at round 1, Lat pull down, rep 1" in body
        assert "Skipped: nothing" in body  # what was not reached is not "skipped"
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


@run_async
async def test_the_command_palettes_quit_asks_first_too() -> None:
    app, clock, _player = workout_app()
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, clock, 4.5)
        session = workout(app).session
        await pilot.press("+")  # a change to offer saving
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"quit")
        assert await until(  # the palette has narrowed its list to Quit
            pilot,
            lambda: (
                "Quit the application" in screen_text(app) and "Save an SVG" not in screen_text(app)
            ),
        )
        await pilot.press("enter")
        await pilot.pause()
        assert await until(pilot, lambda: isinstance(app.screen, Confirm))
        assert app.screen.question == "Quit the workout?"
        assert session.paused
        await pilot.press("y")
        await pilot.pause()
        await pilot.pause()
        # The summary, with the offer to save the changed hold on top.
        assert await until(pilot, lambda: isinstance(app.screen, Confirm))
        assert "Save as your defaults" in app.screen.question
        assert isinstance(app.screen_stack[-2], SummaryScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert app.return_code is None


@run_async
async def test_ctrl_q_asks_first_and_ctrl_c_quits_at_once() -> None:
    app, clock, _player = workout_app()
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, clock, 4.5)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert await until(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("n")
        await pilot.pause()
        screen = workout(app)
        await pilot.press("ctrl+c")
        await pilot.pause()
    # An interrupt: 130 (128 + SIGINT), as the command line gives it, not q's 0; and no
    # question, no summary (the session was never finished).
    assert app.return_value == 130
    assert not screen.session.finished


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
async def test_plus_during_a_hold_raises_the_count() -> None:
    app, clock, _player = workout_app()
    t0 = clock.now
    async with app.run_test(size=SIZE) as pilot:
        await advance_to(pilot, clock, t0, 4.5)
        session = workout(app).session
        assert panel(app).note == ""
        await pilot.press("+")
        await pilot.pause()
        assert phase(app) == ("PAUSE", "1", "of 3 counts")
        assert session.step_remaining() == pytest.approx(2.5)
        assert panel(app).note == "changed: 3 counts (routine: 2)"
        # Every Pause of this exercise is one count longer: 4 of them in 2 rounds.
        assert session.plan.total_seconds == pytest.approx(TINY_TOTAL + 4)
        assert text(app, "#times").endswith("= 1:10")

        await pilot.press("-")
        await pilot.pause()
        assert panel(app).caption == "of 2 counts"
        assert session.plan.total_seconds == pytest.approx(TINY_TOTAL)
        assert panel(app).note == ""  # back to the routine's own count
        await pilot.press("+")
        await pilot.pause()

        await advance_to(pilot, clock, t0, 7.5)  # Return is a move: + only explains itself
        assert panel(app).word == "RETURN"
        await pilot.press("+")
        await pilot.pause()
        assert "+ and - change a hold or a rest" in notice(app)
        assert session.plan.total_seconds == pytest.approx(TINY_TOTAL + 4)

        await advance(pilot, clock, TINY_TOTAL + 4, step=2.0)
        await pilot.pause()
        summary = screen_of(app, SummaryScreen)
        body = widget_text(summary.query_one("#summary-body"))
        assert "Changed during the workout:" in body
        assert "Pause of Lat pull down: 3 counts" in body


@run_async
async def test_plus_and_minus_in_a_rest_stretch_it_by_ten_seconds() -> None:
    app, clock, _player = workout_app()
    t0 = clock.now
    async with app.run_test(size=SIZE) as pilot:
        await advance_to(pilot, clock, t0, 14)  # 1 s into the 5 s rest
        session = workout(app).session
        assert panel(app).number == "0:04"
        await pilot.press("+")
        await pilot.pause()
        assert panel(app).number == "0:14"
        assert session.step_remaining() == pytest.approx(14.0)
        assert "10 s longer" in notice(app)
        await pilot.press("-", "-")  # never below the time already rested: it ends
        await pilot.pause()
        assert panel(app).word == "GET READY"
        assert workout(app).settings_layers.changed is False  # this rest only, nothing to save


SECONDS_YAML = """\
title: Seconds
rounds: 1
count_seconds: 1.5
cue_seconds: 0
get_ready: 0
exercises:
  - name: Seated row
    reps: 3
    cues: [Pull and pause]
    rep:
      - {move: Pull, counts: 1}
      - {hold: Pause, seconds: 3}
"""


def _save_offer(app: Any) -> str:
    screen = app.screen
    assert isinstance(screen, Confirm)
    assert screen.question == "Save as your defaults for this routine?"
    return flat(screen_text(app))


@run_async
async def test_plus_on_a_hold_in_seconds_keeps_it_in_seconds() -> None:
    # A count of 1.5 s: the pause is 3 s, and + makes it 4 s (one more number counted).
    app, clock, _player = workout_app(tiny_routine(SECONDS_YAML))
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, clock, 2.0)  # rep 1's pause, from 1.5 s to 4.5 s
        assert (panel(app).word, panel(app).caption) == ("PAUSE", "of 3 s")
        await pilot.press("+")
        await pilot.pause()
        assert (panel(app).caption, panel(app).note) == ("of 4 s", "changed: 4 s (routine: 3 s)")
        assert workout(app).session.step.seconds == 4.0
        await advance(pilot, clock, 4.0)  # rep 2's pull
        assert (panel(app).word, text(app, "#next")) == ("PULL", "Next: PAUSE · hold 4 s")
        await advance(pilot, clock, 2.0)  # rep 2's pause: the change lasts the session
        assert (panel(app).caption, panel(app).note) == ("of 4 s", "changed: 4 s (routine: 3 s)")
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("y")
        assert await until(pilot, lambda: isinstance(app.screen, Confirm))
        assert "Pause of Seated row: 4 s (routine: 3 s)" in _save_offer(app)
        summary = screen_of(app, SummaryScreen)
        body = flat(widget_text(summary.query_one("#summary-body")))
        assert "Changed during the workout: Pause of Seated row: 4 s (routine: 3 s)" in body


@run_async
async def test_a_hold_in_seconds_back_at_its_length_is_no_change() -> None:
    app, clock, _player = workout_app(tiny_routine(SECONDS_YAML))
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, clock, 2.0)
        await pilot.press("+")
        await pilot.pause()
        await pilot.press("-")
        await pilot.pause()
        assert (panel(app).caption, panel(app).note) == ("of 3 s", "")
        await advance(pilot, clock, 4.5)  # rep 2's pause
        assert (panel(app).word, panel(app).caption, panel(app).note) == ("PAUSE", "of 3 s", "")
        assert not workout(app).settings_layers.changed
        await advance(pilot, clock, 12.0, step=1.0)  # to the end
        assert await until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        await pilot.pause(0.1)
        assert not isinstance(app.screen, Confirm)  # nothing to save
        assert "Changed during the workout" not in text(app, "#summary-body")


@run_async
async def test_count_length_keys_change_the_count() -> None:
    app, clock, _player = workout_app()
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, clock, 1.0)
        session = workout(app).session
        await pilot.press("]", "]")
        await pilot.pause()
        assert session.plan.routine.count_seconds == pytest.approx(1.2)
        assert notice(app) == "One count is now 1.2 s"
        await pilot.press("[")
        await pilot.pause()
        assert session.plan.routine.count_seconds == pytest.approx(1.1)


@run_async
async def test_mute_silences_the_sounds_and_says_so_while_it_lasts() -> None:
    app, clock, player = workout_app()
    t0 = clock.now
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        heard = list(player.events)
        assert "muted" in heading(app).position
        assert "m Unmute" in await until_shown(pilot, "m Unmute", footer=True)
        await advance_to(pilot, clock, t0, 8.5)
        assert player.events == heard
        assert "muted" in heading(app).position  # still, long after the notice went
        await pilot.press("m")
        await pilot.pause()
        assert "muted" not in heading(app).position
        assert "m Mute" in await until_shown(pilot, "m Mute", footer=True)
        await advance_to(pilot, clock, t0, 9.5)  # rep 2's Pause starts at 9
        assert player.events[len(heard) :] == [S.HOLD_START]


@run_async
async def test_help_pauses_lists_every_key_and_resumes() -> None:
    app, clock, _player = workout_app()
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, clock, 4.5)
        session = workout(app).session
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, Help)
        assert session.paused
        shown = flat(screen_text(app))
        assert "The workout is paused while this is open." in shown
        for keys in ("space", "n or →", "p or ←", "r", "N", "m", "+ / -", "] / [", "q", "?"):
            assert any(line[0] == keys for line in app.screen.lines), keys
        assert dict(app.screen.lines)["+ / -"] == (
            "in a hold: one count more / less, or 1 s in a hold given in seconds; "
            "in a rest: 10 s more / less"
        )
        assert "Sound:" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WorkoutScreen)
        assert not session.paused


@run_async
async def test_help_is_never_cut_on_a_small_terminal() -> None:
    app, _clock, _player = workout_app()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        dialog = app.screen.query_one("#dialog")
        assert dialog.region.right <= 40
        # How to close it shows first, before any scrolling.
        assert "Esc, ? or q: close" in await until_shown(pilot, "Esc, ? or q: close")
        # What does not fit scrolls: every line is there, and scrolling reaches the last one.
        last = app.screen.query_one(KeyTable).lines[-1][1].split()[0]
        assert last not in flat(screen_text(app).split("close", 1)[1])
        dialog.scroll_end(animate=False)
        await pilot.pause()
        assert last in await until_shown(pilot, last)


@run_async
async def test_notices_cover_neither_the_count_nor_the_cues_and_leave_nothing() -> None:
    app, clock, _player = workout_app()
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, clock, 4.5)
        clock_region = app.screen.query_one("#clock").region
        cues_region = app.screen.query_one("#cues").region
        before = screen_lines(app)
        app.notify("The sound fell back to the terminal bell", severity="warning", timeout=1.0)
        assert "fell back" in await until_shown(pilot, "fell back")
        notice_region = app.screen.query_one("#notice").region
        assert notice(app) == "The sound fell back to the terminal bell"
        assert not notice_region.overlaps(clock_region)
        assert not notice_region.overlaps(cues_region)
        for _ in range(200):  # gone when it times out
            if not notice(app):
                break
            await pilot.pause(0.02)
        assert notice(app) == ""
        after = await until_shown(pilot, *before)
        assert after.splitlines() == before  # gone without a trace


def option_texts(app: Any) -> list[str]:
    options = app.screen.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


@run_async
async def test_picker_lists_the_shipped_routines_and_leads_to_the_workout() -> None:
    app, _clock, _player = workout_app(start="picker")
    async with app.run_test(size=SIZE) as pilot:
        await choices_loaded(pilot)
        assert isinstance(app.screen, PickerScreen)
        options = option_texts(app)
        assert len(options) == 2
        assert options[0].startswith("Back-sculpting routine\n")
        assert options[1].startswith("Train your back\n")
        assert "3 exercises · 3 rounds · 12:51 · shipped" in options[0]

        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PreviewScreen)
        assert text(app, "#preview-title") == "Back-sculpting routine"

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert text(app, "#preview-title") == "Train your back"

        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WorkoutScreen)
        assert heading(app).title.startswith("Good morning")
        assert "Round 1/3" in heading(app).position


@run_async
async def test_picker_shows_the_length_with_your_saved_settings(own_config_dir: Path) -> None:
    (own_config_dir / "overrides").mkdir()
    (own_config_dir / "overrides" / "borden-back.yaml").write_text(
        "exercises:\n  lat-pull-down:\n    holds:\n      Pause: 3\n", encoding="utf-8"
    )
    app, _clock, _player = workout_app(start="picker")
    async with app.run_test(size=(120, 24)) as pilot:
        await choices_loaded(pilot)
        options = option_texts(app)
        assert "13:21 with your settings (routine: 12:51)" in options[0]
        assert "with your settings" not in options[1]


@run_async
async def test_at_40_columns_the_pickers_and_previews_wrapped_lines_hang(
    own_config_dir: Path,
) -> None:
    (own_config_dir / "overrides").mkdir()
    (own_config_dir / "overrides" / "borden-back.yaml").write_text(
        "exercises:\n  lat-pull-down:\n    holds:\n      Pause: 3\n", encoding="utf-8"
    )
    app, _clock, _player = workout_app(start="picker")
    async with app.run_test(size=(40, 24)) as pilot:
        await choices_loaded(pilot)
        # The options are wrapped once the list has its width.
        assert await until(pilot, lambda: len(option_texts(app)[0].split("\n")) > 2)
        options = option_texts(app)
        # The line under the title wraps under its own text, never at the left edge.
        detail = options[0].split("\n")[1:]
        assert detail[0].startswith("  3 exercises")
        assert all(line.startswith("    ") for line in detail[1:]), detail
        assert "with your settings" in flat(options[0])
        shown = [line.rstrip() for line in screen_lines(app)]
        assert not any(line.lstrip().startswith("shipped") for line in shown if line[:2] != "  ")

        # Wider, the options wrap again to the new width.
        await pilot.resize_terminal(120, 24)
        await pilot.pause()
        assert await until(pilot, lambda: len(option_texts(app)[0].split("\n")) == 2)

        await pilot.resize_terminal(40, 24)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PreviewScreen)
        lines = app.screen.query_one("#preview-settings").render().plain.split("\n")
        saved = next(i for i, line in enumerate(lines) if line.startswith("Using your saved"))
        assert lines[saved + 1].startswith("  "), lines
        assert "backtimer reset borden-back" in flat(text(app, "#preview-settings"))


@run_async
async def test_preview_plus_and_minus_change_rounds_and_the_total() -> None:
    app, _clock, _player = workout_app(start="picker")
    async with app.run_test(size=SIZE) as pilot:
        await choices_loaded(pilot)
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
        assert total(4) in text(app, "#preview-settings")
        await pilot.press("-", "-", "-", "-")  # never below one round
        await pilot.pause()
        assert total(1) in text(app, "#preview-settings")
        await pilot.press("+")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WorkoutScreen)
        assert app.screen.session.plan.routine.rounds == 2


@run_async
async def test_quitting_from_the_preview_offers_to_save_what_was_changed_there() -> None:
    app, _clock, _player = workout_app(start="picker")
    async with app.run_test(size=SIZE) as pilot:
        await choices_loaded(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("+")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert await until(pilot, lambda: isinstance(app.screen, Confirm))
        assert "Rounds: 4 (routine: 3)" in await until_shown(pilot, "Rounds: 4 (routine: 3)")
        await pilot.press("n")
        await pilot.pause()
    assert app.return_code == 0


@run_async
async def test_one_more_round_from_the_summary_when_the_routine_allows_it() -> None:
    routine = replace(tiny_routine(), rounds=1, max_rounds=2)
    app, clock, player = workout_app(routine)
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, clock, 29.5, step=1.0)
        assert isinstance(app.screen, SummaryScreen)
        assert "+: one more round (the routine suggests up to 2)" in text(app, "#summary-body")
        await pilot.pause(0.1)
        assert "+ One more round" in await until_shown(pilot, "+ One more round", footer=True)
        clock.advance(60)  # a minute reading the summary
        await pilot.press("plus")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WorkoutScreen)
        assert panel(app).word == "GET READY"
        assert heading(app).position == "Round 2/2 · 2 reps"
        assert text(app, "#times").startswith("0:29 done")  # the summary was not workout time
        await advance(pilot, clock, 30, step=1.0)
        assert await until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        await pilot.pause(0.1)
        # The extra round was for this workout: it is not offered as the routine's rounds.
        assert not isinstance(app.screen, Confirm)
        body = text(app, "#summary-body")
        assert "Rounds done: 2 of 2" in body
        assert "one more round" not in body  # no more than the routine suggests
        assert player.events.count(S.WORKOUT_DONE) == 2


@run_async
async def test_one_more_round_after_a_rounds_flag_offers_no_new_default() -> None:
    # `run --rounds 1` on a routine of 3 (up to 4), + at the summary for a second round, then a
    # hold changed: only the hold is offered, never "Rounds: 2 (routine: 3)".
    routine = replace(tiny_routine(), rounds=3, max_rounds=4)
    clock = FakeClock()
    app = BacktimerApp(
        start="workout",
        entry=Entry("tiny", Path("tiny.yaml"), "user"),
        routine=routine,
        layers=Layers(routine, "tiny", flags={ROUNDS: 1}),
        player=RecordingPlayer(),
        clock=clock,
    )
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, clock, 29.5, step=1.0)
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("plus")
        await pilot.pause()
        assert heading(app).position == "Round 2/2 · 2 reps"
        await advance(pilot, clock, 30, step=1.0)
        assert await until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        await pilot.pause(0.1)
        assert not isinstance(app.screen, Confirm)
        assert "Rounds done: 2 of 2" in text(app, "#summary-body")
        assert screen_of(app, SummaryScreen).settings_layers.to_save() == {}


@run_async
async def test_no_extra_round_when_stopped_or_when_the_routine_suggests_none() -> None:
    app, clock, _player = workout_app()  # the tiny routine has no max_rounds
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, clock, TINY_TOTAL, step=2.0)
        assert isinstance(app.screen, SummaryScreen)
        assert "one more round" not in text(app, "#summary-body")
        await pilot.press("plus")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)


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
        assert heading(app).title == "[bold red]x[/] row · [@click=app.quit]click[/]"
        assert panel(app).word == "[B]SQUEEZE[/B]"
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
        await choices_loaded(pilot)
        options = option_texts(app)
        assert len(options) == 3
        assert options[2].startswith(SHOWN_TITLE + "\n")
        assert SHOWN_TITLE in await until_shown(pilot, SHOWN_TITLE)
        assert_no_escape_on_screen(app)

        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PreviewScreen)
        assert text(app, "#preview-title") == SHOWN_TITLE
        body = text(app, "#preview-text")
        assert f"1. {SHOWN_TITLE}" in body
        assert "[b]Squeeze[/b] (hold, 2 counts)" in body
        assert_no_escape_on_screen(app)


# -- small terminals --------------------------------------------------------------------------


@run_async
async def test_a_small_terminal_keeps_the_phase_the_count_and_the_cue() -> None:
    app, clock, _player = workout_app()
    t0 = clock.now
    async with app.run_test(size=(40, 12)) as pilot:
        await advance_to(pilot, clock, t0, 4.5)
        screen = workout(app)
        assert screen.has_class("-narrow") and screen.has_class("-short")
        lines = screen_lines(app)
        assert len(lines) == 12
        number = panel(app).number_region
        assert number.height >= 3 and number.bottom <= 12 and number.right <= 40
        drawn = "".join(line[number.x : number.right] for line in lines[number.y : number.bottom])
        assert drawn.strip()  # the big count is drawn
        assert "▶ 2. Pull to the sternum" in await until_shown(pilot, "▶ 2. Pull to the sternum")
        footer = await until_shown(pilot, "q Quit", "? Help", footer=True)
        assert "q Quit" in footer and "? Help" in footer

        await advance_to(pilot, clock, t0, 16)
        assert "Next: Hyperextension" in await until_shown(pilot, "Next: Hyperextension")

        # Growing the terminal brings the full layout back.
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not screen.has_class("-narrow")
        assert "╭" in await until_shown(pilot, "╭")


@run_async
async def test_at_40_by_12_cut_text_ends_in_an_ellipsis_and_the_cue_scrolls() -> None:
    routine = tiny_routine()
    long_cue = (
        "Pull the bar to the top of the sternum, pause for a two count, and bring it back "
        "to the start position in a controlled manner without letting the weights touch"
    )
    exercise = replace(
        routine.exercises[0],
        cues=[routine.exercises[0].cues[0], long_cue],
        name="Lat pull down wide",
    )
    routine = replace(routine, exercises=[exercise, *routine.exercises[1:]])
    app, clock, _player = workout_app(routine)
    async with app.run_test(size=(40, 12)) as pilot:
        await advance(pilot, clock, 4.5)
        cues = app.screen.query_one("#cues")
        region = cues.region
        shown = [line[region.x : region.right].rstrip() for line in screen_lines(app)]
        inside = shown[region.y : region.bottom]
        assert inside[-1].endswith("…")  # more below
        await pilot.press("pagedown")
        await pilot.pause()
        await pilot.press("pagedown", "pagedown", "pagedown")
        await pilot.pause()
        end = [line[region.x : region.right] for line in screen_lines(app)]
        assert "touch" in " ".join(end[region.y : region.bottom])  # the end of the cue
        assert "…" not in " ".join(end[region.y : region.bottom])


@run_async
async def test_save_offer_at_the_summary_yes_writes_and_q_quits_unsaved(
    own_config_dir: Path,
) -> None:
    app, clock, _player = workout_app()
    t0 = clock.now
    async with app.run_test(size=SIZE) as pilot:
        await advance_to(pilot, clock, t0, 4.5)
        await pilot.press("+")
        await advance(pilot, clock, TINY_TOTAL + 2, step=2.0)
        await pilot.pause()
        assert await until(pilot, lambda: isinstance(app.screen, Confirm))
        assert "Save as your defaults" in app.screen.question
        answers = "y save · n don't save · q quit unsaved"
        assert answers in await until_shown(pilot, answers)
        await pilot.press("y")
        await app.workers.wait_for_complete()  # the file is written off the event loop
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert notice(app) == f"Saved: {own_config_dir / 'overrides' / 'tiny.yaml'}"
    saved = own_config_dir / "overrides" / "tiny.yaml"
    # Holds are saved by phase number: Pause is phase 2.
    assert "2: 3                    # Pause; routine: 2 counts" in saved.read_text()

    saved.unlink()
    app, clock, _player = workout_app()
    t0 = clock.now
    async with app.run_test(size=SIZE) as pilot:
        await advance_to(pilot, clock, t0, 4.5)
        await pilot.press("+")
        await advance(pilot, clock, TINY_TOTAL + 2, step=2.0)
        await pilot.pause()
        assert await until(pilot, lambda: isinstance(app.screen, Confirm))
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
        await choices_loaded(pilot)
        assert "invalid" in option_texts(app)[2]
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)  # nothing opened
        assert "unknown key '[bold]oops[/]'" in notice(app)
        assert "unknown key '[bold]oops[/]'" in flat(screen_text(app))


@run_async
async def test_the_bell_flashes_the_big_number_but_not_for_a_tick() -> None:
    app, _clock, _player = workout_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = panel(app)
        app.flash(S.TICK)
        assert shown.styles.tint.a == 0
        app.flash(S.GO)
        assert shown.styles.tint.a > 0
        assert await until(pilot, lambda: shown.styles.tint.a == 0)  # the flash is brief
