"""Helpers for the screen tests: a fake clock, a recording player, a tiny routine, screen text."""

from __future__ import annotations

import asyncio
import functools
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, Literal, TypeVar

from fakeclock import FakeClock
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Digits, OptionList

from backtimer.core.events import SoundEvent
from backtimer.core.loader import load_routine_text
from backtimer.core.model import Routine
from backtimer.settings.catalog import Entry
from backtimer.tui.app import BacktimerApp
from backtimer.tui.screens.workout import WorkoutScreen
from backtimer.tui.widgets.big_paragraph import BigParagraph
from backtimer.tui.widgets.bigtext import BigText
from backtimer.tui.widgets.cues import CueList
from backtimer.tui.widgets.heading import Heading
from backtimer.tui.widgets.notice import Notice
from backtimer.tui.widgets.phase_panel import PhasePanel
from backtimer.tui.widgets.text import Line, Para

# Two exercises, two reps, two rounds, short rests: the whole workout is 66 s of fake time.
#   round 1: Lat pull down  get ready 0-3, rep 1 Pull 3-4 Pause 4-6 Return 6-8,
#                           rep 2 Pull 8-9 Pause 9-11 Return 11-13; rest 13-18
#            Hyperextension get ready 18-21, rep 1 Lift 21-22 Hold 22-25,
#                           rep 2 Lift 25-26 Hold 26-29; rest between rounds 29-37
#   round 2: Lat pull down 37-50, rest 50-55, Hyperextension 55-66; done at 66.
TINY_YAML = """\
title: Tiny back
rounds: 2
count_seconds: 1
get_ready: 3
cue_seconds: 0
rest: {between_exercises: 5, between_rounds: 8}
exercises:
  - id: pull
    name: Lat pull down
    equipment: machine
    reps: 2
    cues:
      - Grip wide
      - Pull to the sternum and pause for a 2 count
    rep:
      - {move: Pull, counts: 1, cue: 2}
      - {hold: Pause, counts: 2, cue: 2}
      - {move: Return, counts: 2, cue: 2}
    tips: [Keep your shoulders down]
  - id: hyper
    name: Hyperextension
    equipment: floor
    reps: 2
    cues:
      - Lie face down
      - Lift and hold for a three count
    rep:
      - {move: Lift, counts: 1}
      - {hold: Hold, counts: 3}
"""
TINY_TOTAL = 66.0

S = TypeVar("S", bound=Screen[Any])


class RecordingPlayer:
    """A sound player that remembers what it was asked to play."""

    def __init__(self) -> None:
        self.events: list[SoundEvent] = []
        self.closed = False

    def play(self, event: SoundEvent) -> None:
        self.events.append(event)

    def close(self) -> None:
        self.closed = True


def tiny_routine(text: str = TINY_YAML) -> Routine:
    return load_routine_text(text, "tiny.yaml")


def workout_app(
    routine: Routine | None = None,
    *,
    start: Literal["picker", "workout", "practice"] = "workout",
) -> tuple[BacktimerApp, FakeClock, RecordingPlayer]:
    """An app on the workout screen (or the picker), with a fake clock and a recording player."""
    clock = FakeClock()
    player = RecordingPlayer()
    app = BacktimerApp(
        start=start,
        entry=Entry("tiny", Path("tiny.yaml"), "user"),  # saved settings keyed "tiny"
        routine=routine if routine is not None else tiny_routine(),
        player=player,
        clock=clock,
    )
    return app, clock, player


def screen_of(app: App[Any], kind: type[S]) -> S:
    """The topmost screen of this kind, even while a dialog is shown over it."""
    for screen in reversed(app.screen_stack):
        if isinstance(screen, kind):
            return screen
    raise AssertionError(f"no {kind.__name__} in {app.screen_stack}")


def workout(app: App[Any]) -> WorkoutScreen:
    """The workout screen, even while a dialog is shown over it."""
    return screen_of(app, WorkoutScreen)


async def advance(pilot: Pilot[Any], clock: FakeClock, seconds: float, step: float = 0.5) -> None:
    """Move the fake clock on in small steps, letting the workout screen catch up at each one."""
    left = seconds
    while left > 1e-9:
        moved = min(step, left)
        clock.advance(moved)
        left -= moved
        screen = pilot.app.screen
        if isinstance(screen, WorkoutScreen):
            screen.tick()
            if pilot.app.screen is not screen:
                await pilot.pause()  # the summary took its place
    await pilot.pause()


async def advance_to(pilot: Pilot[Any], clock: FakeClock, start: float, at: float) -> None:
    """Move the clock to ``at`` seconds after ``start`` (the clock's reading at launch)."""
    await advance(pilot, clock, start + at - clock.now)


def widget_text(widget: Widget) -> str:
    """The plain text a widget shows, without styles: the text of big type, of a line or a
    paragraph (whole, before any ellipsis), the lines of a cue list, what a Static renders."""
    if isinstance(widget, Digits):
        return widget.value
    if isinstance(widget, BigText | BigParagraph | Line | Para | Notice):
        return widget.text
    if isinstance(widget, CueList):
        return "\n".join(widget.lines())
    return str(widget.render())


def panel(app: App[Any]) -> PhasePanel:
    """The phase panel of the current screen: its word, number, caption and note as shown."""
    return app.screen.query_one(PhasePanel)


def heading(app: App[Any]) -> Heading:
    """The workout's top line: its exercise (``title``) and its ``position``."""
    return app.screen.query_one(Heading)


def text(app: App[Any], selector: str) -> str:
    """The plain text of the widget ``selector`` on the current screen."""
    return widget_text(app.screen.query_one(selector))


def flat(text: str) -> str:
    """Text with its line wrapping undone: every run of whitespace becomes one space."""
    return " ".join(text.split())


def screen_lines(app: App[Any]) -> list[str]:
    """What the terminal would show, line by line, as plain text (dialogs over their screen)."""
    strips = app.screen._compositor.render_strips()
    return [strip.text for strip in strips]


def screen_text(app: App[Any]) -> str:
    return "\n".join(screen_lines(app))


def find_on_screen(app: App[Any], needle: str) -> tuple[int, int] | None:
    """(x, y) of the first cell where ``needle`` is shown, or None."""
    for y, line in enumerate(screen_lines(app)):
        x = line.find(needle)
        if x >= 0:
            return x, y
    return None


def notice(app: App[Any]) -> str:
    """The notice the screen on top shows now ("" when none)."""
    found = app.screen.query(Notice)
    return found.first().text if found else ""


async def choices_loaded(pilot: Pilot[Any]) -> None:
    """Wait until the picker has read the routines (it does so in a worker thread)."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    options = pilot.app.screen.query_one(OptionList)
    assert options.option_count > 0


async def until(pilot: Pilot[Any], condition: Callable[[], bool], timeout: float = 3.0) -> bool:
    """Whether ``condition()`` holds, waiting frame by frame up to ``timeout`` for it to."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        await pilot.pause(0.02)
    return True


async def until_shown(
    pilot: Pilot[Any], *needles: str, footer: bool = False, timeout: float = 3.0
) -> str:
    """What the screen (or only its last line, the footer) shows once it holds every one of
    ``needles``, or after ``timeout``: a frame can come a little after the change that asks for
    it, later still on a busy machine."""
    deadline = time.monotonic() + timeout
    while True:
        lines = screen_lines(pilot.app)
        shown = lines[-1] if footer else "\n".join(lines)
        if all(needle in shown for needle in needles) or time.monotonic() > deadline:
            return shown
        await pilot.pause(0.02)


def run_async(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Runs an async test in its own event loop (no asyncio plugin needed)."""

    @functools.wraps(test)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return wrapper
