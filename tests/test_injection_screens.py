"""Text from content files is inert on every screen: Textual markup, ANSI and OSC escape sequences
and control characters in a routine (or in a file's error) are shown as characters, never obeyed.

The workout's hold, the picker and preview and the picker's notice are covered in test_tui_flows;
here are practice and its notice, the rest between exercises, the summary, the save dialog and the
notice about a broken saved-settings file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tui_helpers import (
    advance,
    find_on_screen,
    flat,
    heading,
    panel,
    run_async,
    screen_lines,
    screen_text,
    text,
    tiny_routine,
    workout_app,
)

from backtimer.core.fmt import printable
from backtimer.settings.catalog import Entry
from backtimer.tui.app import BacktimerApp
from backtimer.tui.dialogs.confirm import Confirm
from backtimer.tui.screens.practice import PracticeScreen
from backtimer.tui.screens.summary import SummaryScreen
from backtimer.tui.screens.workout import WorkoutScreen
from backtimer.tui.widgets.notice import Notice

SIZE = (100, 30)

# Markup (styles, a would-be action link, a link to a URL, a stray closing tag), CSI and OSC escape
# sequences (colour, clear screen, set the window title) and control characters (BEL). Names are
# valid markup on purpose: Textual shows invalid markup as it is, which would hide a parsed one.
HOSTILE_YAML = """\
title: "[bold red]T[/] [@click=app.quit]title[/] \\e[31mred"
rounds: 1
count_seconds: 1
get_ready: 1
cue_seconds: 0
rest: {between_exercises: 3, between_rounds: 3}
exercises:
  - id: first
    name: "[bold red]x[/] row"
    equipment: "[@click=app.quit]click[/]"
    reps: 1
    cues:
      - "[bold red]x[/] [@click=app.quit]click[/] \\e[31mred \\a bell"
    rep:
      - {hold: "[b]Squeeze[/b]", counts: 2}
    tips: ["[@click=app.quit]tip[/]"]
    progress: "[/] more [reverse]weight"
  - id: second
    name: "[reverse]lone[/reverse] [link='https://x.invalid']closer[/link]"
    reps: 1
    cues: ["\\e]0;pwned\\a title \\e[2J cleared"]
    rep:
      - {move: "[i]Lift[/i]", counts: 1}
"""
NAME_1 = "[bold red]x[/] row"
EQUIPMENT_1 = "[@click=app.quit]click[/]"
CUE_1 = "[bold red]x[/] [@click=app.quit]click[/] \u241b[31mred \u2407 bell"
NAME_2 = "[reverse]lone[/reverse] [link='https://x.invalid']closer[/link]"
CUE_2 = "\u241b]0;pwned\u2407 title \u241b[2J cleared"
TITLE = "[bold red]T[/] [@click=app.quit]title[/] \u241b[31mred"


def squash(shown: str) -> str:
    """Text without any whitespace: wrapped lines compare with the text that was wrapped."""
    return "".join(shown.split())


@pytest.fixture(autouse=True)
def own_config_dir(config_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BACKTIMER_CONFIG_DIR", str(config_dir))
    return config_dir


def assert_inert(app: Any) -> None:
    """Nothing on screen is an escape or control character, and the app is still running."""
    for line in screen_lines(app):
        assert not any(ord(c) < 0x20 or ord(c) == 0x7F for c in line), repr(line)
    assert app.return_code is None


async def click_on(pilot: Any, needle: str) -> None:
    """Click in the middle of ``needle`` where it is shown (a would-be link must do nothing)."""
    where = find_on_screen(pilot.app, needle)
    assert where is not None, f"{needle!r} is not on screen"
    await pilot.click(offset=(where[0] + len(needle) // 2, where[1]))
    await pilot.pause()


async def notices_shown(pilot: Any, expected: str) -> str:
    """The text of the notice line once it holds ``expected`` (or after a few frames)."""
    shown = ""
    for _ in range(20):
        await pilot.pause(0.02)
        shown = " | ".join(flat(notice.text) for notice in pilot.app.screen.query(Notice))
        if expected in shown:
            break
    return shown


# -- practice ------------------------------------------------------------------------------------


def practice_app() -> BacktimerApp:
    _app, clock, player = workout_app()
    return BacktimerApp(
        start="practice",
        entry=Entry("hostile", Path("hostile.yaml"), "file"),
        routine=tiny_routine(HOSTILE_YAML),
        player=player,
        clock=clock,
    )


@run_async
async def test_practice_shows_names_cues_and_phases_literally() -> None:
    app = practice_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PracticeScreen)
        assert text(app, "#practice-title") == f"Practice · {NAME_1} (1/2) · {EQUIPMENT_1}"
        assert printable(text(app, "#cue-big")) == CUE_1
        assert "[b]Squeeze[/b]" in text(app, "#cue-phases")
        assert squash(CUE_1) in squash(text(app, "#practice-cues"))
        shown = squash(screen_text(app))
        assert squash(NAME_1) in shown
        assert squash(CUE_1) in shown
        assert_inert(app)

        await pilot.press("h")  # play the hold: its name is in the phase panel's title
        await pilot.pause()
        assert "hold: [B]SQUEEZE[/B]" in screen_text(app)
        await pilot.press("escape")

        await pilot.press("N")  # the second exercise: lone closing tag, OSC title sequence
        await pilot.pause()
        assert text(app, "#practice-title") == f"Practice · {NAME_2} (2/2)"
        assert printable(text(app, "#cue-big")) == CUE_2
        assert "[i]Lift[/i]" in text(app, "#cue-phases")
        assert_inert(app)

        await click_on(pilot, "[link='https://x.invalid']")
        assert isinstance(app.screen, PracticeScreen)


@run_async
async def test_practice_notice_about_a_missing_hold_shows_the_name_literally() -> None:
    app = practice_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("N", "h")  # the second exercise has no hold
        expected = f"{NAME_2} has no hold"
        assert expected in await notices_shown(pilot, expected)
        assert_inert(app)


# -- a workout: the rest, the summary and the save dialog -------------------------------------


@run_async
async def test_rest_summary_and_save_dialog_show_names_literally() -> None:
    app, clock, _player = workout_app(tiny_routine(HOSTILE_YAML))
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, clock, 1.5)  # in the hold of the first exercise
        screen = app.screen
        assert isinstance(screen, WorkoutScreen)
        assert panel(app).word == "[B]SQUEEZE[/B]"
        assert text(app, "#tips") == "TIP: [@click=app.quit]tip[/]\n[/] more [reverse]weight"
        await click_on(pilot, "[@click=app.quit]tip[/]")
        assert isinstance(app.screen, WorkoutScreen)

        await pilot.press("plus")  # a changed hold: the save dialog will name it
        await pilot.pause()
        await advance(pilot, clock, 3.0)  # past the 3-count hold, into the rest
        assert panel(app).word == "REST"
        assert heading(app).title == f"{NAME_1} ✓ 1 rep"  # first, what was done
        assert_inert(app)
        await advance(pilot, clock, 1.5)  # then what comes next
        assert heading(app).title == f"Next: {NAME_2}"
        assert f"Next: {NAME_2}" in flat(screen_text(app))
        assert squash(CUE_2) in squash(text(app, "#cues"))
        assert_inert(app)

        await pilot.press("N")  # from the rest to the second exercise's get-ready
        await pilot.pause()
        assert f"Get ready: {NAME_2}" in flat(screen_text(app)) or panel(app).word == "GET READY"
        await pilot.press("N")  # skip it: the summary lists it
        for _ in range(5):
            await pilot.pause()
        assert isinstance(app.screen, Confirm)  # save the changed hold?
        dialog = flat(screen_text(app))
        assert f"[b]Squeeze[/b] of {NAME_1}: 3 counts" in dialog
        assert_inert(app)
        await pilot.press("n")
        await pilot.pause()

        assert isinstance(app.screen, SummaryScreen)
        assert text(app, "#summary-title") == f"Workout ended: {TITLE}"  # one was skipped
        body = text(app, "#summary-body")
        assert f"Round 1, {NAME_2}: the whole set (1 rep)" in body
        assert f"[b]Squeeze[/b] of {NAME_1}: 3 counts" in body
        shown = flat(screen_text(app))
        assert f"Workout ended: {TITLE}" in shown
        assert NAME_2 in shown
        await click_on(pilot, "[@click=app.quit]title[/]")
        assert isinstance(app.screen, SummaryScreen)
        assert_inert(app)


# -- notices about files --------------------------------------------------------------------


@run_async
async def test_saved_settings_notice_shows_the_file_error_literally(
    own_config_dir: Path,
) -> None:
    folder = own_config_dir / "overrides"
    folder.mkdir()
    (folder / "tiny.yaml").write_text('"[@click=app.quit]x[/] \\e[2J": 1\n', encoding="utf-8")
    app, _clock, _player = workout_app()
    # The workout's notice is one line (on the footer's row): wide enough for the file's path
    # and the key, so that the key is on screen to be clicked.
    async with app.run_test(size=(220, 24), notifications=True) as pilot:
        # The error quotes the key as Python would write it: the escape is shown as \x1b.
        expected = "unknown key '[@click=app.quit]x[/] \\x1b[2J'"
        shown = await notices_shown(pilot, expected)
        assert expected in shown
        assert "are ignored until the file is fixed" in shown
        await click_on(pilot, "[@click=app.quit]x[/]")
        assert_inert(app)
