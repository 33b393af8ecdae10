"""Dialogs on a 40x12 terminal: every sentence is there to read, wrapped at the dialog's width
rather than cut off at its frame."""

from __future__ import annotations

import re
from typing import Any

from textual.app import App
from tui_helpers import run_async, screen_lines, workout_app

SMALL = (40, 12)


def screen_words(app: App[Any]) -> str:
    """The screen's text as one line of words, frames and blocks left out."""
    rows = screen_lines(app)
    return " ".join(" ".join(re.sub(r"[█▀▄▇▃▅▆▂▁▔│┃]", " ", row).split()) for row in rows)


@run_async
async def test_the_quit_question_wraps_on_a_small_terminal() -> None:
    app, _clock, _player = workout_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("q")
        await pilot.pause()
        words = screen_words(app)
        assert "The timer is paused. Quitting shows what you did first." in words
        assert "y or q quit · n keep going" in words


@run_async
async def test_the_help_wraps_on_a_small_terminal() -> None:
    app, _clock, _player = workout_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        words = screen_words(app)
        assert "The workout is paused while this is open." in words
        assert "quit: asks first, then the summary" in words
