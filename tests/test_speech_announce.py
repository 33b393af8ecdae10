"""The announcement plan on the shipped routines: counts on the plan's beats, phase words, cues in
set-up, rests, the end, and how much each voice level says."""

from __future__ import annotations

import pytest
from conftest import CONTENT

from backtimer.audio.speech.announce import (
    DONE_GRACE,
    NEXT_LEAD,
    Announcement,
    Kind,
    Priority,
    VoiceLevel,
    announcements,
    count_beats,
    phrases,
    speakable,
)
from backtimer.audio.speech.words import duration_words, number_words
from backtimer.core.adjustments import COUNT_SECONDS, REST_BETWEEN_EXERCISES, Adjustments
from backtimer.core.events import SoundEvent
from backtimer.core.loader import load_routine, load_routine_text
from backtimer.core.plan import Plan, Step, compile_plan

SHIPPED = ["borden-back.yaml", "train-your-back.yaml"]


def _plan(name: str = "borden-back.yaml", adjustments: Adjustments | None = None) -> Plan:
    return compile_plan(load_routine(CONTENT / name), adjustments)


def _at(said: list[Announcement], step: Step) -> list[tuple[float, str]]:
    return [(a.at, a.text) for a in said if a.step == step.index]


def _pauses(plan: Plan) -> list[Step]:
    return [s for s in plan.steps if s.exercise == "lat-pull-down" and s.label == "Pause"]


def test_the_2_count_pause_is_counted_one_two_on_its_beats() -> None:
    plan = _plan()
    said = announcements(plan, "counts")
    pauses = _pauses(plan)
    assert len(pauses) == 3 * 10  # every rep of every round
    for step in pauses:
        tick = next(s.offset for s in step.sounds if s.event is SoundEvent.TICK)
        # Exactly the plan's times: the step's start and its tick, to the last bit.
        assert _at(said, step) == [(step.start, "one"), (step.start + tick, "two")]
        assert tick == plan.routine.count_seconds


def test_with_phase_words_the_pause_says_its_name_then_two() -> None:
    plan = _plan()
    said = announcements(plan, "all")
    for step in _pauses(plan):
        assert _at(said, step)[:2] == [(step.start, "Pause"), (step.start + 1.0, "two")]


def test_the_3_count_hold_counts_three_and_follows_a_longer_count() -> None:
    plan = _plan(adjustments={COUNT_SECONDS: 1.5})
    said = announcements(plan, "counts")
    holds = [s for s in plan.steps if s.exercise == "hyperextension" and s.kind == "hold"]
    assert holds
    for step in holds:
        assert _at(said, step) == [
            (step.start, "one"),
            (step.start + 1.5, "two"),
            (step.start + 3.0, "three"),
        ]


def test_a_hold_in_seconds_is_counted_each_second() -> None:
    plan = _plan("train-your-back.yaml")
    said = announcements(plan, "phases")
    step = next(s for s in plan.steps if s.exercise == "bent-over-row" and s.kind == "hold")
    assert step.seconds == 3.0
    assert _at(said, step) == [
        (step.start, "Hold"),
        (step.start + 1.0, "two"),
        (step.start + 2.0, "three"),
    ]


@pytest.mark.parametrize("name", SHIPPED)
@pytest.mark.parametrize("level", [level.value for level in VoiceLevel])
def test_every_beat_word_sits_on_a_beat_of_the_plan(name: str, level: str) -> None:
    plan = _plan(name)
    beats = {s.start + offset for s in plan.steps for offset in count_beats(s)}
    said = announcements(plan, level)
    timed = [a for a in said if a.priority is Priority.BEAT]
    assert timed
    assert all(a.at in beats and a.until == a.at for a in timed)
    # and every beat of a phase of two or more counts has its word
    counted = {
        s.start + offset
        for s in plan.steps
        for offset in count_beats(s)
        if len(count_beats(s)) > 1 or level != "counts"
    }
    assert {a.at for a in timed} == counted
    assert [a.at for a in said] == sorted(a.at for a in said)
    assert all(0.0 <= a.at <= a.until <= plan.total_seconds + DONE_GRACE for a in said)


def test_each_exercise_is_named_and_its_set_up_cues_read_in_set_up() -> None:
    plan = _plan()
    said = announcements(plan, "cues")
    routine = plan.routine
    first_round = [a for a in said if a.kind is Kind.CUE and a.at < plan.steps[0].end + 60]
    assert [a.text for a in first_round[:3]] == [
        "Lat pull down",
        routine.exercises[0].cues[0],
        routine.exercises[0].cues[1],
    ]
    for step in plan.steps:
        if step.kind == "setup":
            assert (step.start, step.label) in _at(said, step)
    # Every time an exercise begins (3 exercises, 3 rounds), its name is said then.
    names = {ex.name for ex in routine.exercises}
    assert sum(1 for a in said if a.text in names) == 9
    # Set-up cues are worth saying only until the reps begin.
    reps_start = next(s.start for s in plan.steps if s.kind == "move")
    assert all(a.until == reps_start for a in first_round[:3])


def test_a_rest_says_its_length_then_what_comes_next() -> None:
    plan = _plan()
    said = announcements(plan, "all")
    rests = [s for s in plan.steps if s.kind == "rest"]
    assert len(rests) == 8
    for step in rests:
        assert step.seconds is not None and step.exercise is not None
        nxt = plan.routine.exercise(step.exercise)
        words = _at(said, step)
        assert words[0] == (step.start, f"Rest, {duration_words(step.seconds)}")
        assert words[1] == (step.end - NEXT_LEAD, f"Next: {nxt.name}")
        follows = plan.steps[step.index + 1]
        if follows.kind == "setup":
            assert len(words) == 2  # set-up reads the first cue a moment later
        else:
            assert words[2] == (step.end - NEXT_LEAD, nxt.cues[0])
        assert all(a.until == step.end for a in said if a.step == step.index and a.at > step.start)
    assert ("Rest, thirty seconds" in phrases(said)) and ("Rest, one minute" in phrases(said))


def test_next_comes_as_soon_as_a_short_rest_begins() -> None:
    plan = _plan(adjustments={REST_BETWEEN_EXERCISES: 8})
    said = announcements(plan, "all")
    rest = next(s for s in plan.steps if s.kind == "rest")
    assert [t for at, t in _at(said, rest) if at == rest.start] == [
        "Rest, eight seconds",
        "Next: Seated row",
    ]


def test_the_workout_ends_with_workout_complete() -> None:
    plan = _plan()
    said = announcements(plan, "all")
    assert (said[-1].at, said[-1].text) == (plan.total_seconds, "Workout complete")
    assert said[-1].kind is Kind.INFO


def test_halfway_and_last_rep_come_at_the_start_of_their_reps() -> None:
    plan = _plan()
    said = announcements(plan, "all")
    for text, rep in (("Halfway", 6), ("Last rep", 10)):
        starts = [
            s.start
            for s in plan.steps
            if s.kind in ("move", "hold") and s.rep == rep and s.phase == 0
        ]
        assert [a.at for a in said if a.text == text] == starts
        assert len(starts) == 9


def test_each_level_says_more_than_the_one_before() -> None:
    plan = _plan()
    kinds = {level: {a.kind for a in announcements(plan, level)} for level in VoiceLevel}
    assert kinds == {
        "counts": {Kind.COUNT},
        "phases": {Kind.COUNT, Kind.PHASE},
        "cues": {Kind.COUNT, Kind.PHASE, Kind.CUE},
        "all": {Kind.COUNT, Kind.PHASE, Kind.CUE, Kind.INFO},
    }
    texts = {level: set(phrases(announcements(plan, level))) for level in VoiceLevel}
    assert texts["counts"] == {"one", "two", "three"}
    assert "Pull" in texts["phases"] and "Lat pull down" not in texts["phases"]
    assert "Lat pull down" in texts["cues"] and "Workout complete" not in texts["cues"]
    assert texts["cues"] < texts["all"]
    with pytest.raises(ValueError):
        announcements(plan, "everything")


def test_the_phrases_a_plan_needs_come_once_each_in_order_of_first_use() -> None:
    plan = _plan()
    said = announcements(plan)
    needed = phrases(said)
    assert len(needed) == len(set(needed))
    assert needed[:4] == [
        "Lat pull down",
        plan.routine.exercises[0].cues[0],
        plan.routine.exercises[0].cues[1],
        "Pull",
    ]
    assert set(needed) == {a.text for a in said}


def test_content_text_reaches_the_engine_as_one_clean_line() -> None:
    assert speakable("Pull\x1b[31m  the\nbar\u200b\tdown ") == "Pull [31m the bar down"
    text = """
title: T
exercises:
  - name: "Row\\x07 now"
    reps: 1
    cues: ["Sit\\ttall\\nand breathe", "Go"]
    rep: [{move: "Pull\\x1b", counts: 1}]
"""
    plan = compile_plan(load_routine_text(text))
    for a in announcements(plan):
        assert a.text.isprintable(), a.text


def test_numbers_and_lengths_in_words() -> None:
    assert [number_words(n) for n in (0, 7, 13, 20, 42, 100, 105, 999, 1000, 1001, 12345)] == [
        "zero",
        "seven",
        "thirteen",
        "twenty",
        "forty-two",
        "one hundred",
        "one hundred and five",
        "nine hundred and ninety-nine",
        "one thousand",
        "one thousand and one",
        "twelve thousand three hundred and forty-five",
    ]
    with pytest.raises(ValueError):
        number_words(-1)
    assert duration_words(30) == "thirty seconds"
    assert duration_words(60) == "one minute"
    assert duration_words(90) == "one minute thirty seconds"
    assert duration_words(1) == "one second"
    assert duration_words(0.4) == "one second"  # rounded up, as the screen shows it
    assert duration_words(3600) == "sixty minutes"
