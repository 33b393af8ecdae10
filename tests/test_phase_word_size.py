"""The phase word keeps one size through an exercise: every phase word of a rep is drawn in the
same face (the largest all of them fit), on the real routines at 80x24 and 40x12, in block
letters, and never outside the phase panel; a narrow panel (practice's hold) gives the word more
of its width rather than leave it small beside a huge count."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fakeclock import FakeClock
from textual.geometry import Region
from tui_helpers import (
    RecordingPlayer,
    advance_to,
    panel,
    run_async,
    screen_lines,
    workout,
    workout_app,
)

from backtimer.core.loader import load_routine_text
from backtimer.core.model import Routine
from backtimer.settings.catalog import Entry
from backtimer.tui.app import BacktimerApp
from backtimer.tui.screens.practice import PracticeScreen
from backtimer.tui.widgets.bigtext import PLAIN, fit_text, shared_setting
from backtimer.tui.widgets.phase_panel import WORD_SHARE, word_fit, word_width
from backtimer.tui.workout_view import exercise_words

CONTENT = Path(__file__).resolve().parent.parent / "content"
EXERCISES = [
    ("borden-back", "lat-pull-down"),
    ("train-your-back", "good-morning"),
    ("train-your-back", "bent-over-row"),
    ("train-your-back", "face-pull"),
]


@pytest.fixture(autouse=True)
def own_config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BACKTIMER_CONFIG_DIR", str(tmp_path / "config"))


def routine(name: str) -> Routine:
    return load_routine_text((CONTENT / f"{name}.yaml").read_text(), f"{name}.yaml")


def word_part(app: Any) -> Region:
    """Where the phase word is drawn on the screen: the panel's inside, left of the number."""
    inside = panel(app).content_region
    return Region(inside.x, inside.y, panel(app).number_region.x - inside.x, inside.height)


def inked_rows(app: Any, region: Region) -> list[str]:
    """The rows of ``region`` on the screen with something drawn on them."""
    rows = [line[region.x : region.right] for line in screen_lines(app)[region.y : region.bottom]]
    return [row for row in rows if row.strip()]


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
        faces, heights, words = set(), set(), []
        for step in steps:
            await advance_to(pilot, clock, t0, step.start + 0.25)
            shown = panel(app)
            words.append(shown.word)
            drawn = shown.word_drawn
            assert drawn is not None
            faces.add(drawn.face)
            heights.add(drawn.letter_rows)
            # In block letters, never plain text, and wholly inside the word's part.
            assert drawn.face != PLAIN, (shown.word, size)
            part = word_part(app)
            assert drawn.width <= part.width - 2 and drawn.height <= part.height
            width, height = shown.content_size
            assert all(shown.render_line(y).cell_length == width for y in range(height))
            # What the screen shows there is as tall as the drawing: nothing cut or spilt.
            assert len(inked_rows(app, part)) == drawn.height - drawn.gap * (len(drawn.lines) - 1)
        assert len(set(words)) >= 2, words  # the rep went through its phases
        assert len(faces) == 1 and len(heights) == 1, (size, list(zip(words, faces, strict=False)))


def test_the_shared_face_is_the_largest_every_word_fits() -> None:
    # 43 x 10 cells: the word's part of the panel at 80x24. PULL alone fits 7-row letters, and
    # RETURN does not fit the solid 5-row ones: all three share the thin 5-row face.
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
    for word in words:
        fit = word_fit(word, words, 22, 6)
        assert fit.face != PLAIN
        assert fit.letter_rows == 3 and len(fit.lines) == 2 and fit.gap == 0
        assert fit.width <= 22 and fit.height <= 6


def test_the_word_takes_more_of_the_panel_only_where_that_evens_it_with_the_count() -> None:
    usual = 76 * WORD_SHARE[0] // WORD_SHARE[1]  # the panel's inside at 80x24
    # PULL, PAUSE, RETURN are 5 rows in the usual part and could not be taller: nothing moves.
    assert word_width(("PULL", "PAUSE", "RETURN"), 76, 10, 8) == usual
    # RELEASE needs a few cells more for 5 rows instead of 3; a count keeps its 7 rows.
    wider = word_width(("PULL", "HOLD", "RELEASE"), 76, 10, 8)
    assert usual < wider <= 76 * 3 // 4
    assert word_fit("RELEASE", ("PULL", "HOLD", "RELEASE"), wider - 2, 10).letter_rows == 5
    assert all(fit_text(digit, 76 - wider, 8).letter_rows == 7 for digit in "0123456789")


@run_async
async def test_a_practice_hold_shows_its_word_beside_a_count_of_like_size() -> None:
    clock = FakeClock()
    path = CONTENT / "borden-back.yaml"
    app = BacktimerApp(
        start="practice",
        entry=Entry("borden-back", path, "shipped"),
        routine=routine("borden-back"),
        player=RecordingPlayer(),
        clock=clock,
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PracticeScreen)
        drawn = panel(app).word_drawn
        assert panel(app).word == "PAUSE" and drawn is not None
        assert drawn.letter_rows >= 5  # was 3, beside a 15-row count
        counts = []
        for _ in range(2):  # the counts 1 and 2 of the 2-count pause
            counts.append((panel(app).number, len(inked_rows(app, panel(app).number_region))))
            clock.advance(1.0)
            screen.tick()
            await pilot.pause()
        assert [number for number, _rows in counts] == ["1", "2"]
        rows = {rows for _number, rows in counts}
        assert len(rows) == 1, counts  # 1 and 2 alike
        assert drawn.letter_rows <= rows.pop() <= 2 * drawn.letter_rows


def test_the_words_are_the_phases_of_a_rep_in_capitals_each_once() -> None:
    exercises = {ex.key: ex for ex in routine("train-your-back").exercises}
    assert exercise_words(exercises["good-morning"]) == ("FOLD FORWARD", "STAND UP")
    assert exercise_words(exercises["face-pull"]) == ("PULL", "HOLD", "RELEASE")


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (40, 12)])
@run_async
async def test_a_countdown_keeps_one_size_of_number_whatever_its_digits(
    size: tuple[int, int],
) -> None:
    # Drawn as large as each fits on its own, 0:17 (two narrow 1s) came larger than 0:16.
    app, clock, _ = workout_app()
    async with app.run_test(size=size) as pilot:
        await advance_to(pilot, clock, clock.now, 14)  # the tiny routine's first rest
        shown = panel(app)
        assert shown.kind == "rest"
        app.screen._cancel_wake()  # the numbers below stay until the next is shown
        heights = {}
        for left in [*range(59, 0, -1), 100, 90]:
            number = f"{left // 60}:{left % 60:02d}"
            shown.show(kind="rest", word="REST", words=(), number=number, caption="left")
            await pilot.pause()
            region = shown.number_region
            rows = screen_lines(app)[region.y : region.bottom]
            inked = [
                row[region.x : region.right] for row in rows if row[region.x : region.right].strip()
            ]
            heights[number] = len(inked)
        assert len(set(heights.values())) == 1, heights
