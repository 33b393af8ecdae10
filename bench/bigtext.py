"""What a new count costs on screen: BigText against today's Digits, headless at 120x40.

Run it with ``.venv/bin/python bench/bigtext.py``. A screen like the workout's (a line of text,
the phase word, the count, the footer) changes its count many times; for each change it
records the work of the frame that shows it (Textual's compositor updating the changed widgets
and rendering the update, and turning that into the bytes a terminal would get), the number of
layout passes, and the bytes (median; the max is mostly a garbage collection pass that falls
in some frame). "cold" counts are drawn for the first time (fonts loaded, letters
drawn and scaled); "warm" ones have been drawn before (as 1, 2, 3 of a hold are every rep).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.widget import Widget
from textual.widgets import Digits, Footer, Static

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from backtimer.tui.widgets.bigtext import BigText

SIZE = (120, 40)
WARM = ["1", "2", "3", "1", "2", "3"]
COLD = [f"0:{seconds:02d}" for seconds in range(59, -1, -1)]


class CountScreen(App[None]):
    CSS = """
    #word { height: 2fr; }
    #count { height: 3fr; }
    #count.digits { height: auto; }
    """

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind

    def compose(self) -> ComposeResult:
        yield Static("Lat pull down · Round 1/3 · Rep 2/10")
        yield BigText("PAUSE", id="word")
        if self.kind == "digits":
            yield Digits("1", id="count", classes="digits")
        else:
            yield BigText("1", id="count")
        yield Footer()


class Meter:
    """Times the frames a screen makes and counts its layout passes."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.frames: list[float] = []
        self.bytes: list[int] = []
        self.layouts = 0
        screen = app.screen
        compositor = screen._compositor
        self._pending = 0.0
        update_widgets = compositor.update_widgets
        render_update = compositor.render_update
        refresh_layout = screen._refresh_layout

        def timed_update_widgets(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return update_widgets(*args, **kwargs)
            finally:
                self._pending += time.perf_counter() - start

        def timed_render_update(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            update = render_update(*args, **kwargs)
            # What App._display does with it on a real terminal (headless skips it).
            sequence = update.render_segments(app.console) if update is not None else ""
            self._pending += time.perf_counter() - start
            self.frames.append(self._pending)
            self.bytes.append(len(sequence.encode()))
            self._pending = 0.0
            return update

        def counted_refresh_layout(*args: Any, **kwargs: Any) -> None:
            self.layouts += 1
            start = time.perf_counter()
            refresh_layout(*args, **kwargs)
            self._pending += time.perf_counter() - start

        compositor.update_widgets = timed_update_widgets  # type: ignore[method-assign]
        compositor.render_update = timed_render_update  # type: ignore[method-assign]
        screen._refresh_layout = counted_refresh_layout  # type: ignore[method-assign]

    def reset(self) -> None:
        self.frames, self.bytes, self.layouts = [], [], 0


async def measure(kind: str, texts: list[str], rounds: int) -> dict[str, float]:
    app = CountScreen(kind)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        meter = Meter(app)
        count: Widget = app.screen.query_one("#count")
        set_text: Callable[[str], None] = (
            count.update if isinstance(count, Digits) else lambda t: setattr(count, "text", t)
        )
        changes = 0
        for _ in range(rounds):
            for text in texts:
                set_text(text)
                changes += 1
                await pilot.pause()
        frames = meter.frames
        return {
            "first_ms": frames[0] * 1000 if frames else 0.0,
            "changes": changes,
            "frames": len(frames),
            "layouts": meter.layouts,
            "median_ms": statistics.median(frames) * 1000 if frames else 0.0,
            "p95_ms": statistics.quantiles(frames, n=20)[-1] * 1000 if len(frames) > 1 else 0.0,
            "max_ms": max(frames) * 1000 if frames else 0.0,
            "bytes": statistics.median(meter.bytes) if meter.bytes else 0.0,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="times round the warm counts")
    args = parser.parse_args()
    rows = []
    # Cold first, while no font is loaded: its first frame also imports pyfiglet.
    assert "pyfiglet" not in sys.modules
    rows.append(("BigText, 0:59 .. 0:00 (cold)", asyncio.run(measure("big", COLD, 1))))
    rows.append(("BigText, 1 2 3 (warm)", asyncio.run(measure("big", WARM, args.rounds))))
    rows.append(("Digits (today), 1 2 3", asyncio.run(measure("digits", WARM, args.rounds))))
    print(f"A count change at {SIZE[0]}x{SIZE[1]}, headless, one frame each:")
    print(
        f"{'':30} {'changes':>7} {'frames':>6} {'layouts':>7}"
        f" {'first':>9} {'median':>9} {'p95':>9} {'max':>9} {'bytes':>6}"
    )
    for label, figures in rows:
        print(
            f"{label:30} {figures['changes']:7.0f} {figures['frames']:6.0f}"
            f" {figures['layouts']:7.0f} {figures['first_ms']:7.2f}ms"
            f" {figures['median_ms']:7.2f}ms {figures['p95_ms']:7.2f}ms {figures['max_ms']:7.2f}ms"
            f" {figures['bytes']:6.0f}"
        )


if __name__ == "__main__":
    main()
