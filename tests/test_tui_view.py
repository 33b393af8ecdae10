"""What the workout screen says at each moment, read from its view on a fake clock (no terminal):
counts that count up, countdowns that say so, cue marks that hold still, a calm rest, times that
add up."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import CONTENT
from tui_helpers import FakeClock, tiny_routine

from backtimer.core.loader import load_routine
from backtimer.core.model import Routine
from backtimer.core.plan import compile_plan
from backtimer.core.session import Session
from backtimer.tui.workout_view import Viewer, WorkoutView


def viewer(routine: Routine | None = None) -> tuple[Viewer, FakeClock]:
    clock = FakeClock()
    session = Session(compile_plan(routine or tiny_routine()), clock=clock)
    session.start()
    return Viewer(session), clock


def at(v: Viewer, clock: FakeClock, seconds: float) -> WorkoutView:
    """The view ``seconds`` after the start, the session caught up step by step."""
    session = v.session
    target = 1000.0 + seconds
    while (due := session.next_due()) is not None and due <= target:
        clock.now = due
        session.update()
    clock.now = target
    session.update()
    return v.view()


def test_a_counted_hold_counts_up_with_the_person() -> None:
    v, clock = viewer()
    # The tiny routine's 2-count Pause runs from 4 to 6 s.
    first = at(v, clock, 4.5)
    assert (first.word, first.number, first.caption) == ("PAUSE", "1", "of 2 counts")
    second = at(v, clock, 5.5)
    assert (second.word, second.number, second.caption) == ("PAUSE", "2", "of 2 counts")
    # The 3-count Hold of the hyperextension, 22 to 25 s: 1, 2, 3.
    assert [at(v, clock, t).number for t in (22.2, 23.2, 24.2)] == ["1", "2", "3"]
    assert at(v, clock, 24.2).kind == "hold"


def test_a_move_of_two_counts_counts_up_too() -> None:
    v, clock = viewer()
    # Return, 2 counts, 6 to 8 s.
    assert [at(v, clock, t).number for t in (6.5, 7.5)] == ["1", "2"]
    assert at(v, clock, 7.5).kind == "move"


def test_a_hold_in_seconds_counts_its_seconds_up() -> None:
    v, _clock = viewer(load_routine(CONTENT / "borden-back.yaml"))
    session = v.session
    session.next_exercise()  # to the seated row, whose pause is "one second"
    while session.step.kind != "hold":
        session.next_step()
    shown = v.view()
    assert (shown.word, shown.number, shown.caption) == ("PAUSE", "1", "of 1 s")


def test_countdowns_say_so_and_write_time_left_with_a_colon() -> None:
    v, clock = viewer(load_routine(CONTENT / "borden-back.yaml"))
    setup = at(v, clock, 0.5)  # the first setup cue, 4 s to read it
    assert (setup.word, setup.number, setup.caption) == ("SET UP", "0:04", "to read the cue")
    assert setup.kind == "get-ready"
    ready = at(v, clock, 8.5)  # two setup cues of 4 s, then 3 s of get-ready
    assert (ready.word, ready.number, ready.caption) == ("GET READY", "3", "to go")
    assert at(v, clock, 9.5).number == "2"
    # The rest after the lat pull down's 10 reps of 5 s: 30 s, counting down.
    rest = at(v, clock, 11 + 50 + 3)
    assert (rest.word, rest.number, rest.caption, rest.kind) == ("REST", "0:27", "left", "rest")


def test_no_number_on_screen_can_be_taken_for_a_cue_number() -> None:
    v, clock = viewer(load_routine(CONTENT / "borden-back.yaml"))
    setup = at(v, clock, 0.5)
    assert "cue" not in setup.word.lower()
    assert ":" in setup.number


def test_the_rep_marks_its_whole_cue_group_and_the_marker_holds_still() -> None:
    routine = load_routine(CONTENT / "borden-back.yaml")
    v, _clock = viewer(routine)
    session = v.session
    session.next_exercise()  # the seated row: Pull belongs to cue 2, Pause and Return to cue 3
    seen = set()
    while session.step.exercise == "seated-row" and session.step.kind != "rest":
        if session.step.kind in ("move", "hold"):
            seen.add(v.view().marks)
        session.next_step()
    assert seen == {("done", "now", "now")}


def test_every_cue_of_the_bent_over_row_is_marked_in_its_exercise() -> None:
    routine = load_routine(CONTENT / "train-your-back.yaml")
    v, _clock = viewer(routine)
    session = v.session
    marked: set[int] = set()
    while not session.finished and session.step.round == 1:
        if session.step.exercise == "bent-over-row":
            marked |= {n for n, mark in enumerate(v.view().marks, 1) if mark == "now"}
        session.next_step()
    cues = len(routine.exercise("bent-over-row").cues)
    assert marked == set(range(1, cues + 1))
    assert 5 in marked  # "Lead with your elbows."


def test_a_calm_rest_first_shows_what_was_done_then_what_comes_next() -> None:
    v, clock = viewer()
    # Lat pull down ends at 13 s; the 5 s rest shows it done for its first half (2.5 s).
    done = at(v, clock, 13.5)
    assert done.title == "Lat pull down ✓ 2 reps"
    assert done.marks == ("done", "done")
    assert done.cues == ("Grip wide", "Pull to the sternum and pause for a 2 count")
    assert done.word == "REST"
    upcoming = at(v, clock, 16.0)
    assert upcoming.title == "Next: Hyperextension · floor"
    assert upcoming.cues == ("Lie face down", "Lift and hold for a three count")
    assert upcoming.marks == ("", "next")  # the cue its reps start with
    # One cue list, no block of its own: nothing in the rest repeats a cue.
    assert upcoming.next == "Next: get ready for Hyperextension · 2 reps"


def test_a_rest_after_skipped_reps_says_how_many_were_done() -> None:
    v, clock = viewer()
    at(v, clock, 8.5)  # rep 2's Pull
    session = v.session
    while session.step.kind != "rest":
        session.next_step()  # the rest of rep 2 skipped
    assert v.view().title == "Lat pull down ✓ 1 of 2 reps"


def test_the_last_rep_says_so() -> None:
    v, clock = viewer()
    assert "LAST REP" not in at(v, clock, 4.5).position
    assert at(v, clock, 8.5).position == "Round 1/2 · Rep 2/2 · LAST REP"


def test_what_comes_next_is_always_said() -> None:
    v, clock = viewer()
    assert at(v, clock, 1.0).next == "Next: PULL · 1 count"
    assert at(v, clock, 3.5).next == "Next: PAUSE · hold 2 counts"
    assert at(v, clock, 6.5).next == "Next: rep 2 · PULL"
    assert at(v, clock, 12.5).next == "Next: rest 0:05, then Hyperextension"
    # A hold named Hold is not said twice ("HOLD · hold 3 counts").
    assert at(v, clock, 21.5).next == "Next: HOLD · 3 counts"
    assert at(v, clock, 65.5).next == "Next: the end"


def test_time_spent_and_left_add_up_to_the_estimate_through_pauses_and_skips() -> None:
    v, clock = viewer()
    at(v, clock, 4.0)
    session = v.session
    session.pause()
    clock.advance(30)  # paused: not workout time
    session.resume()
    session.next_exercise()  # skipped: adds nothing
    clock.advance(2.4)
    session.update()
    shown = v.view()
    spent, rest = shown.times.split(" done + ")
    left, total = rest.split(" left = ")
    assert spent == "0:06"

    def seconds(text: str) -> int:
        minutes, secs = text.split(":")
        return int(minutes) * 60 + int(secs)

    assert seconds(spent) + seconds(left) == seconds(total)
    assert 0 < shown.fraction < 1
    # The bar fills with the time spent out of the estimate the line shows.
    assert shown.fraction == pytest.approx(6.4 / seconds(total), abs=0.01)


def test_the_total_shown_stays_put_between_ticks_when_it_is_not_whole_seconds() -> None:
    # A count of 1.3 s makes the estimate a fraction of a second past a whole one; a redraw
    # mid-second (a resize) must show the same total as the tick before and after it.
    v, clock = viewer(dataclasses.replace(tiny_routine(), count_seconds=1.3))
    totals = {at(v, clock, moment).times.rsplit(" = ", 1)[1] for moment in (4.0, 4.35, 4.7, 5.2)}
    assert len(totals) == 1, totals
    for moment in (5.5, 6.05, 6.9):
        spent, rest = at(v, clock, moment).times.split(" done + ")
        left, total = rest.split(" left = ")
        assert total in totals

        def seconds(text: str) -> int:
            minutes, secs = text.split(":")
            return int(minutes) * 60 + int(secs)

        assert seconds(spent) + seconds(left) == seconds(total)


def test_paused_it_says_how_to_go_on() -> None:
    v, clock = viewer()
    at(v, clock, 4.5)
    v.session.pause()
    shown = v.view()
    assert shown.paused
    assert shown.caption == "PAUSED · space resumes"
    assert shown.number == "1"  # the count stays


def test_compact_keeps_the_words_short_and_the_kind_as_a_symbol() -> None:
    v, clock = viewer()
    at(v, clock, 4.5)
    shown = v.view(compact=True)
    assert shown.title == "Lat pull down"
    assert shown.position == "Rep 1/2"
    assert shown.caption == "■ of 2 counts"
    assert "+" in shown.times and "=" in shown.times
    # A set-up cue's caption in the 16 cells a 40-column panel leaves the number: not cut.
    v, clock = viewer(load_routine(CONTENT / "borden-back.yaml"))
    at(v, clock, 0.5)
    caption = v.view(compact=True).caption
    assert caption == "⋯ read the cue" and len(caption) <= 16


def test_muted_shows_for_as_long_as_it_lasts() -> None:
    v, clock = viewer()
    assert at(v, clock, 4.5).position == "Round 1/2 · Rep 1/2"
    assert v.view(muted=True).position == "Round 1/2 · Rep 1/2 · muted"
