"""Dialogs on a 40x12 terminal: every sentence is there to read, wrapped at the dialog's width
rather than cut off at its frame; the help's descriptions wrap under themselves, clear of the
keys' column."""

from __future__ import annotations

import re
from typing import Any

from rich.cells import cell_len
from textual.app import App
from tui_helpers import run_async, screen_lines, workout_app

from backtimer.tui.dialogs.help import key_rows

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


def text_column(row: str) -> int:
    """Where the text of a dialog's row starts: the first character after its frame and padding."""
    inside = row.split("█")[1] if row.count("█") >= 2 else row
    start = len(inside) - len(inside.lstrip())
    return row.index(inside) + start


@run_async
async def test_the_help_wraps_on_a_small_terminal_each_description_under_itself() -> None:
    app, _clock, _player = workout_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        words = screen_words(app)
        assert "The workout is paused while this is open." in words
        assert "quit: asks first, then the summary" in words
        rows = screen_lines(app)
        first = next(i for i, row in enumerate(rows) if "quit: asks first," in row)
        key_at = text_column(rows[first])
        assert rows[first][key_at] == "q"  # the key, in its column
        text_at = rows[first].index("quit: asks first,")
        assert text_at > key_at + 1
        # The description's next line starts under its first, not at the key's column.
        continued = rows[first + 1]
        assert continued[key_at:text_at].strip(" ") == ""
        assert continued[text_at:].startswith("then the summary")


def test_too_narrow_for_two_columns_each_key_stands_above_its_description() -> None:
    lines = [("space", "pause the workout / carry on"), ("n or →", "the next step, now")]
    two = [row.plain for row in key_rows(lines, 30)]
    assert two == [
        "space   pause the workout /",
        "        carry on",
        "n or →  the next step, now",
    ]
    stacked = [row.plain for row in key_rows(lines, 20)]
    assert stacked == [
        "space",
        "  pause the workout",
        "  / carry on",
        "n or →",
        "  the next step, now",
    ]
    assert all(cell_len(row) <= 20 for row in stacked)
