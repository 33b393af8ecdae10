"""The workout's key line is one widget that shows, cell for cell and colour for colour, what
Textual's own footer shows (at several widths, with a disabled key, after pause and resume, with
the mouse over a key); a click presses the key (a disabled one rings the bell), the key under the
mouse gives its tooltip, and the line is drawn again when its keys change and only then. On the
workout, space, ? and q lead the line even while the training log's question adds its keys, and
a key that does not fit whole is left out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rich.style import Style
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer as TextualFooter
from textual.widgets import Tooltip
from textual.widgets._footer import FooterKey
from tui_helpers import (
    advance_to,
    find_on_screen,
    run_async,
    screen_lines,
    until,
    until_shown,
    workout,
)
from tui_helpers import workout_app as backtimer_app

from backtimer.tui.widgets.keyline import KeyLine
from backtimer.tui.widgets.log_line import LogLine

Cells = list[tuple[str, Style]]


class Keys(App[None]):
    """Five keys in the footer given; space pauses and resumes; Next can be disabled."""

    BINDINGS = [  # noqa: RUF012 (Textual declares bindings so)
        Binding("space", "pause", "Pause", tooltip="pause it"),
        Binding("space", "resume", "Resume", tooltip="carry on"),
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit", "Quit"),
        Binding("n,right", "next", "Next", tooltip="the next one"),
        Binding("m", "mute", "Mute"),
    ]

    def __init__(self, textual: bool = False, *, next_disabled: bool = False) -> None:
        super().__init__()
        self.textual = textual
        self.next_disabled = next_disabled
        self.paused = False
        self.done: list[str] = []
        self.bells = 0

    def compose(self) -> ComposeResult:
        yield TextualFooter(show_command_palette=False) if self.textual else KeyLine()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("pause", "resume"):
            return self.paused == (action == "resume")
        if action == "next":
            return None if self.next_disabled else True  # None: shown, but disabled
        return True

    def action_pause(self) -> None:
        self.paused = True
        self.refresh_bindings()

    def action_resume(self) -> None:
        self.paused = False
        self.refresh_bindings()

    def action_next(self) -> None:
        self.done.append("next")

    def action_mute(self) -> None:
        self.done.append("mute")

    def bell(self) -> None:
        self.bells += 1


def footer_cells(app: App[Any]) -> Cells:
    """The last line of the screen, cell by cell: the character and its style."""
    strip = app.screen._compositor.render_strips()[-1]
    return [
        (char, (style or Style()).clear_meta_and_links())
        for text, style, _ in strip
        for char in text
    ]


def text_of(cells: Cells) -> str:
    return "".join(char for char, _ in cells)


def key_line(app: App[Any]) -> KeyLine:
    return app.screen.query_one(KeyLine)


async def shown(pilot: Any, needle: str) -> Cells:
    """The footer's cells once they show ``needle``."""
    app = pilot.app
    assert await until(pilot, lambda: needle in text_of(footer_cells(app)))
    await pilot.pause()
    return footer_cells(app)


async def hovered(pilot: Any, x: int) -> Cells:
    """The footer's cells with the mouse at column ``x`` of the last line."""
    app = pilot.app
    height = app.size.height
    before = footer_cells(app)
    await pilot.hover(offset=(x, height - 1))
    await until(pilot, lambda: footer_cells(app) != before)
    await pilot.pause()
    return footer_cells(app)


async def seen_in(
    textual: bool, width: int, next_disabled: bool, hover: str | None = None
) -> list[Cells]:
    """What a footer shows: at first, paused, resumed, and with the mouse over ``hover``."""
    app = Keys(textual, next_disabled=next_disabled)
    seen = []
    async with app.run_test(size=(width, 5)) as pilot:
        seen.append(await shown(pilot, "Pause"))
        await pilot.press("space")
        seen.append(await shown(pilot, "Resume"))
        await pilot.press("space")
        seen.append(await shown(pilot, "Pause"))
        if hover is not None:
            seen.append(await hovered(pilot, text_of(seen[-1]).index(hover)))
    return seen


@pytest.mark.parametrize("width", [80, 60, 33, 20])
@pytest.mark.parametrize("next_disabled", [False, True])
@run_async
async def test_the_line_is_textuals_footer_cell_for_cell(width: int, next_disabled: bool) -> None:
    ours = await seen_in(False, width, next_disabled)
    theirs = await seen_in(True, width, next_disabled)
    assert ours == theirs
    assert len({style for _, style in ours[0]}) >= 2  # the key and its description
    assert text_of(ours[0]).startswith(" space Pause  ? Help "[:width])
    assert text_of(ours[1]).startswith(" space Resume "[:width])


@run_async
async def test_a_narrow_line_is_cut_where_textuals_is() -> None:
    ours, theirs = await seen_in(False, 24, False), await seen_in(True, 24, False)
    assert ours[0] == theirs[0]
    assert text_of(ours[0]) == " space Pause  ? Help  q "  # cut in the middle of Quit


@pytest.mark.parametrize("key", [" ? Help ", " n Next "])  # Next disabled
@run_async
async def test_the_key_under_the_mouse_is_lit_as_in_textuals_and_only_it(key: str) -> None:
    word = key.split()[1]
    ours = await seen_in(False, 60, True, hover=word)
    theirs = await seen_in(True, 60, True, hover=word)
    assert ours[-1] == theirs[-1]
    before, during = ours[-2], ours[-1]
    changed = [x for x, (cell, lit) in enumerate(zip(before, during, strict=True)) if cell != lit]
    start = text_of(before).index(key)
    assert changed == list(range(start, start + len(key)))


@run_async
async def test_the_mouse_leaving_puts_the_key_back() -> None:
    app = Keys()
    async with app.run_test(size=(60, 5)) as pilot:
        plain = await shown(pilot, "Pause")
        lit = await hovered(pilot, text_of(plain).index("Help"))
        assert lit != plain
        await pilot.hover(offset=(0, 0))  # off the line
        assert await until(pilot, lambda: footer_cells(app) == plain)


@run_async
async def test_the_key_under_the_mouse_gives_its_tooltip() -> None:
    app = Keys()
    async with app.run_test(size=(60, 8), tooltips=True) as pilot:
        plain = await shown(pilot, "Pause")
        tip = app.screen.get_child_by_type(Tooltip)
        await hovered(pilot, text_of(plain).index("Pause"))
        assert await until(pilot, lambda: tip.display and str(tip.content) == "pause it")
        await hovered(pilot, text_of(plain).index("Help"))  # no tooltip of its own
        await pilot.hover(offset=(text_of(plain).index("Help") + 1, 7))
        assert await until(pilot, lambda: not tip.display)
        assert key_line(app).tooltip is None


@run_async
async def test_a_click_presses_the_key_and_a_disabled_key_rings_the_bell() -> None:
    app = Keys(next_disabled=True)
    async with app.run_test(size=(60, 5)) as pilot:
        line = text_of(await shown(pilot, "Pause"))
        await pilot.click(KeyLine, offset=(line.index("Mute"), 0))
        assert await until(pilot, lambda: app.done == ["mute"])
        await pilot.click(KeyLine, offset=(line.index("Next"), 0))
        assert await until(pilot, lambda: app.bells == 1)
        assert app.done == ["mute"]  # the disabled key did nothing
        await pilot.click(KeyLine, offset=(line.index("Pause"), 0))
        assert await until(pilot, lambda: "Resume" in text_of(footer_cells(app)))
        await pilot.click(KeyLine, offset=(len(line) - 1, 0))  # past the last key: nothing
        await pilot.pause()
        assert app.done == ["mute"] and app.bells == 1 and app.paused


@run_async
async def test_the_line_is_drawn_again_when_its_keys_change_and_only_then() -> None:
    app = Keys()
    drawn: list[str] = []
    async with app.run_test(size=(60, 5)) as pilot:
        line = key_line(app)
        render = line.render

        def counted() -> Any:
            text = render()
            drawn.append(text.plain)
            return text

        line.render = counted  # type: ignore[method-assign]
        await shown(pilot, "Pause")
        line.refresh()
        assert await until(pilot, lambda: len(drawn) == 1)
        app.screen.refresh_bindings()  # nothing changed
        app.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert len(drawn) == 1
        await pilot.press("space")
        assert await until(pilot, lambda: len(drawn) == 2)
        assert "Resume" in drawn[-1] and "Pause" not in drawn[-1]


@run_async
async def test_the_workout_line_is_one_widget_and_a_click_pauses() -> None:
    app, _clock, _player = backtimer_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await until_shown(pilot, "space Pause", footer=True)
        screen = workout(app)
        line = key_line(app)
        assert list(line.children) == [] and not list(screen.query(FooterKey))
        assert not list(screen.query(TextualFooter))
        at = find_on_screen(app, "Pause")
        assert at is not None and at[1] == 23
        await pilot.click(offset=at)
        assert await until(pilot, lambda: screen.session.paused)
        assert "space Resume" in await until_shown(pilot, "space Resume", footer=True)


@run_async
async def test_the_workout_keys_follow_pause_resume_mute_and_unmute() -> None:
    app, _clock, _player = backtimer_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await until_shown(pilot, "space Pause", "m Mute", footer=True)
        for key, needle in [
            ("space", "space Resume"),
            ("m", "m Unmute"),
            ("space", "space Pause"),
            ("m", "m Mute"),
        ]:
            await pilot.press(key)
            assert needle in await until_shown(pilot, needle, footer=True)
        last = screen_lines(app)[-1]
        assert "Resume" not in last and "Unmute" not in last


# Every key the workout's line can show, whole: the screen's and the log question's.
WORKOUT_KEYS = {
    "space Pause",
    "space Resume",
    "? Help",
    "q Quit",
    "n Next",
    "p Prev",
    "r Restart",
    "N Skip",
    "m Mute",
    "m Unmute",
    "↑ Load +",
    "↓ Load -",
    "e Easy",
    "o OK",
    "h Hard",
}


def keys_on(line: str) -> list[str]:
    """The keys a footer line shows, in order (each drawn as " key description ")."""
    return [key for key in line.strip().split("  ") if key]


async def in_the_rest_with_the_question(
    tmp_path: Path, size: tuple[int, int], *, paused: bool = False
) -> str:
    """The workout's footer in the rest after the tiny routine's lat pull down (13 to 18 s), a
    machine exercise, so the training log asks its load and effort."""
    app, clock, _player = backtimer_app()
    app.log_path = tmp_path / "log.sqlite3"
    t0 = clock.now
    async with app.run_test(size=size) as pilot:
        await app.workers.wait_for_complete()  # the log's reads
        await pilot.pause()
        await advance_to(pilot, clock, t0, 14)
        question = app.screen.query_one(LogLine)
        assert question.has_class("-asking") and "Lat pull down: 20 kg" in question.text
        if paused:
            await pilot.press("space")
            await until_shown(pilot, "space Resume", footer=True)
        await pilot.pause()
        return screen_lines(app)[-1]


@run_async
async def test_a_small_rest_with_the_question_keeps_space_help_and_quit_first(
    tmp_path: Path,
) -> None:
    # The question's keys used to come first and push these three off, the last key cut
    # mid-word (" ↑ Load +  ↓ Load -  e Easy  o OK  h Har").
    line = await in_the_rest_with_the_question(tmp_path, (40, 12))
    assert line == " space Pause  ? Help  q Quit  ↑ Load +  "
    line = await in_the_rest_with_the_question(tmp_path / "paused", (40, 12), paused=True)
    assert line == " space Resume  ? Help  q Quit  ↑ Load + "


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40)])
@run_async
async def test_a_rest_with_the_question_shows_whole_keys_space_help_quit_first(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    keys = keys_on(await in_the_rest_with_the_question(tmp_path, size))
    assert set(keys) <= WORKOUT_KEYS  # nothing cut
    assert keys[:4] == ["space Pause", "? Help", "q Quit", "↑ Load +"]
    if size[0] >= 80:
        assert keys[3:8] == ["↑ Load +", "↓ Load -", "e Easy", "o OK", "h Hard"]
    if size[0] >= 120:
        assert keys[-1] == "m Mute"  # room for every key


@pytest.mark.parametrize("size", [(40, 12), (60, 20), (80, 24), (120, 40)])
@run_async
async def test_outside_a_rest_the_workout_line_shows_whole_keys(size: tuple[int, int]) -> None:
    app, _clock, _player = backtimer_app()
    async with app.run_test(size=size) as pilot:
        line = await until_shown(pilot, "space Pause", footer=True)
    keys = keys_on(line)
    assert set(keys) <= WORKOUT_KEYS
    assert keys[:4] == ["space Pause", "? Help", "q Quit", "n Next"]
    if size == (40, 12):
        assert keys == ["space Pause", "? Help", "q Quit", "n Next"]  # "p" was shown alone
    if size[0] >= 80:
        assert keys[-1] == "m Mute"
