"""Wrapped lines that hang under their own text: the preview's cues, at any width."""

from __future__ import annotations

from tui_helpers import choices_loaded, run_async, screen_lines, workout_app

from backtimer.tui.screens.preview import PreviewScreen
from backtimer.tui.widgets.hanging import hang

CUE = "  3. Pull bar or to top of the sternum. Pause for a 2 count and being back to start."


def plain(line: str, width: int) -> list[str]:
    return [row.plain for row in hang(line, width)]


def test_a_numbered_cue_continues_under_its_text_not_its_number() -> None:
    rows = plain(CUE, 40)
    assert rows[0] == "  3. Pull bar or to top of the sternum."
    assert len(rows) > 2
    assert all(row.startswith("     ") and row[5] != " " for row in rows[1:])
    assert " ".join(" ".join(rows).split()) == " ".join(CUE.split())  # nothing lost


def test_another_line_continues_one_step_in_from_where_it_began() -> None:
    rows = plain("  TIP: Keep your shoulders away from your ears during the move!", 30)
    assert rows[0].startswith("  TIP: ")
    assert all(row.startswith("    ") and row[4] != " " for row in rows[1:])
    assert plain("Lat pull down (machine), back (width): 10 reps", 30)[1].startswith("  (width)")


def test_too_narrow_for_an_indent_wraps_plainly_and_short_lines_stay_whole() -> None:
    assert plain(CUE, 16)[1][0] != " "  # 16 - 5 leaves under 12 columns for the text
    assert plain("  1. Brace", 40) == ["  1. Brace"]
    assert plain(CUE, 0) == []


def test_routine_text_stays_literal() -> None:
    rows = plain("  1. [b]Squeeze[/b] \x1b[31m and hold it there for a long while yet", 30)
    text = "".join(rows)
    assert "[b]Squeeze[/b]" in text
    assert "\x1b" not in text


@run_async
async def test_the_preview_hangs_a_wrapped_cue_under_its_text() -> None:
    app, _clock, _player = workout_app(start="picker")
    async with app.run_test(size=(80, 24)) as pilot:
        await choices_loaded(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PreviewScreen)
        lines = screen_lines(app)
        first = next(i for i, line in enumerate(lines) if "3. Pull bar or to top" in line)
        number_at = lines[first].index("3. ")
        continued = lines[first + 1]
        # The continuation's text starts where the cue's does, three columns past its number.
        assert continued[: number_at + 3].strip() == ""
        assert continued[number_at + 3] != " "
