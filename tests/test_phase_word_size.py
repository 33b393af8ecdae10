"""The phase word keeps one size through an exercise: every phase word of a rep is drawn in the
same face (the largest all of them fit), on the real routines at 80x24 and 40x12, and the word
never spills out of the phase panel."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tui_helpers import advance_to, panel, run_async, screen_lines, workout, workout_app

from backtimer.core.loader import load_routine_text
from backtimer.tui.widgets.bigtext import PLAIN, fit_text, shared_setting
from backtimer.tui.widgets.phase_panel import WORD_SHARE, word_fit
from backtimer.tui.workout_view import exercise_words

CONTENT = Path(__file__).resolve().parent.parent / "content"
EXERCISES = [
    ("borden-back", "lat-pull-down"),
    ("train-your-back", "good-morning"),
    ("train-your-back", "bent-over-row"),
    ("train-your-back", "face-pull"),
]


def routine(name: str) -> Any:
    return load_routine_text((CONTENT / f"{name}.yaml").read_text(), f"{name}.yaml")


def inked_rows(app: Any) -> list[str]:
    """The rows of the phase panel's word area on screen with something drawn on them."""
    shown = panel(app)
    region = shown.content_region
    width = shown.content_size.width * WORD_SHARE[0] // WORD_SHARE[1]
    rows = screen_lines(app)[region.y : region.bottom]
    return [
        row[region.x : region.x + width] for row in rows if row[region.x : region.x + width].strip()
    ]


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
@pytest.mark.parametrize(("name", "exercise"), EXERCISES)
@run_async
async def test_every_phase_word_of_a_rep_is_drawn_in_one_face(
    name: str, exercise: str, size: tuple[int, int]
) -> None:
    app, clock, _player = workout_app(routine(name))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        t0 = clock.now
        steps = [
            step
            for step in workout(app).session.plan.steps
            if step.exercise == exercise and step.round == 1 and step.rep == 1
        ]
        faces, words = set(), []
        for step in steps:
            await advance_to(pilot, clock, t0, step.start + 0.25)
            shown = panel(app)
            words.append(shown.word)
            drawn = shown.word_drawn
            assert drawn is not None
            faces.add(drawn.face)
            # Drawn in block letters (never plain text), and wholly inside the word's part.
            assert drawn.face != PLAIN, (shown.word, size)
            width, height = shown.content_size
            assert drawn.width <= width * WORD_SHARE[0] // WORD_SHARE[1] - 2
            assert drawn.height <= height
            lines = [shown.render_line(y) for y in range(height)]
            assert all(line.cell_length == width for line in lines)
            # What the screen shows in the word's part is as tall as the face says.
            assert len(inked_rows(app)) == drawn.height - drawn.gap * (len(drawn.lines) - 1)
        assert len(set(words)) >= 2, words  # the rep went through its phases
        assert len(faces) == 1, (size, dict(zip(words, faces, strict=False)))


def test_the_shared_face_is_the_largest_every_word_fits() -> None:
    # 43 x 10 cells: the word's part of the panel at 80x24. PULL alone fits 7-row letters and
    # RETURN alone does not fit the solid 5-row ones: all three share the thin 5-row face.
    words = ("PULL", "PAUSE", "RETURN")
    setting = shared_setting(words, 43, 10, narrow=True)
    assert fit_text("PULL", 43, 10).letter_rows == 7
    fits = [word_fit(word, words, 43, 10) for word in words]
    assert {fit.face for fit in fits} == {setting.face}
    assert {fit.letter_rows for fit in fits} == {5}
    assert all(fit.width <= 43 for fit in fits)
    # A word not among them (REST) is as large as it fits on its own.
    assert word_fit("REST", words, 43, 10).letter_rows == 7


def test_a_two_word_phase_stacks_the_smallest_letters_rather_than_going_plain() -> None:
    # 22 x 6 cells: the word's part at 40x12. FOLD FORWARD does not fit 3-row letters on one
    # line, nor on two with a blank row between them; on two lines with none it does.
    words = ("FOLD FORWARD", "STAND UP")
    assert fit_text("FOLD", 22, 6).letter_rows == 3
    for word in words:
        fit = word_fit(word, words, 22, 6)
        assert fit.face != PLAIN
        assert fit.letter_rows == 3 and len(fit.lines) == 2 and fit.gap == 0
        assert fit.width <= 22 and fit.height <= 6


def test_the_words_are_the_phases_of_a_rep_in_capitals_each_once() -> None:
    exercises = {ex.key: ex for ex in routine("train-your-back").exercises}
    assert exercise_words(exercises["good-morning"]) == ("FOLD FORWARD", "STAND UP")
    assert exercise_words(exercises["face-pull"]) == ("PULL", "HOLD", "RELEASE")
