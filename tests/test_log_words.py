"""The log in words (last time, the advice, this session against the last) and the rest's
load-and-effort prompt, as plain text and state."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, timedelta

import pytest
from conftest import CONTENT
from log_helpers import T0, a_session, a_set

from backtimer.core.loader import load_routine
from backtimer.log import LastTime, advise, last_time
from backtimer.log.prompt import LoadPrompt
from backtimer.log.words import (
    advice_line,
    cited,
    compare_lines,
    day,
    ending,
    last_time_line,
    next_time_lines,
    preview_lines,
    short_ending,
)

X = "\N{MULTIPLICATION SIGN}"
ROUTINE = load_routine(CONTENT / "borden-back.yaml")
LAT = ROUTINE.exercise("lat-pull-down")
ROW = ROUTINE.exercise("seated-row")
HYPER = ROUTINE.exercise("hyperextension")


def lt(
    load: float | None = 40, unit: str | None = "kg", done: int = 10, effort: str | None = "easy"
) -> LastTime:
    return LastTime("lat-pull-down", T0, done, 10, load, unit, effort, 3)  # type: ignore[arg-type]


def test_last_time_in_words() -> None:
    assert last_time_line(lt()) == f"last time: 40 kg {X} 10, easy"
    assert last_time_line(lt(42.5, done=8, effort=None)) == f"last time: 42.5 kg {X} 8 of 10"
    assert last_time_line(lt(None, None, effort="hard")) == "last time: 10 reps, hard"
    assert last_time_line(lt(3, "band")) == f"last time: band 3 {X} 10, easy"


def test_the_advice_in_words_cites_the_article() -> None:
    sessions = [a_session(a_set("lat-pull-down", load=40, unit="kg", effort="easy"))]
    advice = advise(ROUTINE, sessions)["lat-pull-down"]
    assert advice_line(advice) == "Not hard last time: try 42.5 kg"
    assert cited(advice, ROUTINE) == (
        "“If it's not hard to pull down after 10x, increase your weight.” (Ashley Borden)"
    )
    assert advice_line(replace(advice, sessions=2)) == "Not hard the last 2 times: try 42.5 kg"
    assert advice_line(replace(advice, load=None, unit=None)) == (
        "Not hard last time: time to go heavier"
    )


def test_a_day_is_short_and_gets_its_year_only_when_not_this_year() -> None:
    assert day(T0, UTC, today=date(2024, 6, 1)) == "Mon 6 May"
    assert day(T0, UTC, today=date(2025, 1, 1)) == "Mon 6 May 2024"


def test_this_session_against_the_last() -> None:
    last = a_session(
        a_set("lat-pull-down", 1, load=40, unit="kg"),
        a_set("lat-pull-down", 2, load=40, unit="kg"),
        rounds=2,
    )
    last = replace(last, rounds_done=1)
    this = a_session(
        a_set("lat-pull-down", 1, load=40, unit="kg"),
        a_set("lat-pull-down", 2, load=42.5, unit="kg"),
        a_set("hyperextension", 1, position=2),
        start=T0 + timedelta(days=2),
    )
    assert compare_lines(ROUTINE, this, last, UTC, date(2024, 5, 8)) == [
        "Last time (Mon 6 May): 20:00, 1 of 2 rounds (completed)",
        "Lat pull down: 42.5 kg (last time 40 kg)",
    ]
    assert compare_lines(ROUTINE, this, None) == ["Lat pull down: 42.5 kg"]


def test_an_exercise_not_done_this_time_is_not_said_to_lack_a_load() -> None:
    last = a_session(a_set("lat-pull-down", 1, load=40, unit="kg"), rounds=1)
    skipped = a_session(a_set("lat-pull-down", 1, done=0, skipped=True), start=T0 + timedelta(1))
    assert compare_lines(ROUTINE, skipped, last, UTC, date(2024, 5, 8))[1:] == [
        "Lat pull down: not done this time (last time 40 kg)"
    ]
    never = a_session(start=T0 + timedelta(days=1))
    assert compare_lines(ROUTINE, never, last, UTC, date(2024, 5, 8))[1:] == [
        "Lat pull down: not done this time (last time 40 kg)"
    ]
    unloaded = a_session(a_set("lat-pull-down", 1), start=T0 + timedelta(days=1))
    assert compare_lines(ROUTINE, unloaded, last, UTC, date(2024, 5, 8))[1:] == [
        "Lat pull down: no load given (last time 40 kg)"
    ]


def test_the_prompt_starts_at_the_load_of_last_time_and_steps_by_the_equipment() -> None:
    prompt = LoadPrompt.for_set((1, "lat-pull-down"), LAT, weight_unit="kg", last=lt())
    assert (prompt.load, prompt.unit, prompt.step) == (40, "kg", 2.5)
    assert prompt.answer() is None  # ignored: logged without a load
    prompt.change(1)
    assert prompt.load_text() == "42.5 kg"
    prompt.rate("easy")
    assert prompt.answer() == (42.5, "kg", "easy")
    assert prompt.text() == "Lat pull down: 42.5 kg  ↑↓ load · [e] easy  o ok  h hard"
    assert prompt.short_text() == "Lat pull down: 42.5 kg ↑↓ e/o/h: easy"


def test_the_first_time_a_band_starts_at_its_first_level_and_pounds_at_a_bar() -> None:
    band = LoadPrompt.for_set((1, "seated-row"), ROW, weight_unit="lb")
    assert (band.load, band.unit, band.step) == (1, "band", 1.0)
    band.change(-3)
    assert band.load == 1  # no level below the first
    bar = LoadPrompt.for_set((1, "lat-pull-down"), LAT, weight_unit="lb")
    assert (bar.load, bar.unit, bar.step) == (45, "lb", 5.0)
    for _ in range(20):
        bar.change(-1)
    assert bar.load == 0


def test_body_weight_asks_only_how_hard() -> None:
    prompt = LoadPrompt.for_set((1, "hyperextension"), HYPER, weight_unit="kg")
    assert (prompt.unit, prompt.load, prompt.step) == (None, None, None)
    prompt.change(1)
    assert prompt.answer() is None
    prompt.rate("ok")
    assert prompt.answer() == (None, None, "ok")
    assert prompt.text() == "Hyperextension: how hard?  e easy  [o] ok  h hard"
    assert prompt.short_text() == "Hyperextension: e/o/h: ok"


def test_this_workouts_load_wins_over_last_time() -> None:
    earlier = a_set("lat-pull-down", 1, load=45, unit="kg")
    prompt = LoadPrompt.for_set(
        (2, "lat-pull-down"), LAT, weight_unit="kg", done=[earlier], last=lt()
    )
    assert prompt.load == 45


@pytest.mark.parametrize("steps", [1, 3, 17])
def test_steps_of_two_and_a_half_do_not_drift(steps: int) -> None:
    prompt = LoadPrompt.for_set((1, "lat-pull-down"), LAT, weight_unit="kg", last=lt(0.1))
    for _ in range(steps):
        prompt.change(1)
    assert prompt.load == round(0.1 + 2.5 * steps, 3)


def test_last_time_from_the_log_feeds_the_prompt() -> None:
    sessions = [a_session(a_set("lat-pull-down", load=37.5, unit="kg", effort="ok"))]
    prompt = LoadPrompt.for_set(
        (1, "lat-pull-down"), LAT, weight_unit="lb", last=last_time(sessions)["lat-pull-down"]
    )
    assert (prompt.load, prompt.unit) == (37.5, "kg")


def test_the_preview_says_last_time_and_the_advice_per_exercise() -> None:
    sessions = [
        a_session(
            a_set("lat-pull-down", load=40, unit="kg", effort="easy"),
            a_set("hyperextension", position=2, done=8, effort="hard"),
        )
    ]
    lines = preview_lines(
        ROUTINE, last_time(sessions), advise(ROUTINE, sessions), UTC, date(2024, 5, 8)
    )
    assert lines == [
        f"Lat pull down: 40 kg {X} 10, easy (Mon 6 May)",
        "  Not hard last time: try 42.5 kg",
        "  “If it's not hard to pull down after 10x, increase your weight.” (Ashley Borden)",
        "Hyperextension: 8 of 10 reps, hard (Mon 6 May)",
    ]
    assert preview_lines(ROUTINE, {}, {}) == []


def test_the_summary_gives_the_advice_for_next_time() -> None:
    this = a_session(
        a_set("lat-pull-down", 1, load=42.5, unit="kg", effort="easy"),
        a_set("seated-row", 1, position=1, load=3, unit="band", effort="hard"),
        start=T0 + timedelta(days=2),
    )
    assert next_time_lines(ROUTINE, this, []) == [
        "Lat pull down: not hard today, try 45 kg next time"
    ]
    hard_before = a_session(a_set("lat-pull-down", 1, load=42.5, unit="kg", effort="hard"))
    assert next_time_lines(ROUTINE, replace(this, status="quit"), [hard_before]) == [
        "Lat pull down: not hard today, try 45 kg next time"
    ]


def test_asked_again_the_prompt_starts_from_the_answer_given() -> None:
    given = a_set("lat-pull-down", 1, load=42.5, unit="kg", effort="hard")
    prompt = LoadPrompt.for_set(
        (1, "lat-pull-down"), LAT, weight_unit="kg", last=lt(), answered=given
    )
    assert (prompt.load, prompt.unit, prompt.effort) == (42.5, "kg", "hard")
    assert prompt.answer() == (42.5, "kg", "hard")
    rated_only = a_set("hyperextension", 1, effort="ok")
    again = LoadPrompt.for_set((1, "hyperextension"), HYPER, weight_unit="kg", answered=rated_only)
    assert again.answer() == (None, None, "ok")
    unanswered = a_set("lat-pull-down", 1)
    fresh = LoadPrompt.for_set(
        (1, "lat-pull-down"), LAT, weight_unit="kg", last=lt(), answered=unanswered
    )
    assert (fresh.load, fresh.answer()) == (40, None)


def test_a_session_that_ran_to_its_end_by_skipping_is_not_called_completed() -> None:
    done = a_set("lat-pull-down", 1)
    skipped = a_set("hyperextension", 1, position=1, done=0, skipped=True)
    cases = [
        (a_session(done, replace(done, round=2)), "completed", "done"),
        (a_session(done, skipped), "completed, 1 set skipped", "part"),
        (a_session(done, skipped, replace(skipped, round=2)), "completed, 2 sets skipped", "part"),
        (a_session(skipped, replace(skipped, round=2)), "all sets skipped", "skip"),
        (a_session(done, skipped, status="quit"), "quit", "quit"),
        (a_session(done, status="interrupted"), "interrupted", "cut"),
        (a_session(status="running"), "running", "run"),
        # No sets to judge by (an import, or an old log): as it was logged.
        (a_session(), "completed", "done"),
    ]
    for session, words, short in cases:
        assert (ending(session), short_ending(session)) == (words, short)
        assert len(short) <= 4


def test_last_time_says_when_every_set_was_skipped() -> None:
    skipped = a_session(a_set("lat-pull-down", 1, done=0, skipped=True))
    skipped = replace(skipped, rounds_done=0)
    this = a_session(a_set("lat-pull-down", 1, load=40, unit="kg"), start=T0 + timedelta(days=2))
    assert compare_lines(ROUTINE, this, skipped, UTC, date(2024, 5, 8))[0] == (
        "Last time (Mon 6 May): 20:00, 0 of 1 rounds (all sets skipped)"
    )
