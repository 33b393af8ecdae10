"""End to end in a real terminal (tmux), with no sound card: no ALSA text ever reaches the screen,
and sound never holds up leaving the program."""

from __future__ import annotations

import shlex
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from audio_helpers import ROOT
from terminal import Terminal

from backtimer.core.events import SoundEvent

pytestmark = [
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
    pytest.mark.slow,
]

STRAY = ("ALSA lib", "cannot find card", "Traceback", "snd_", "Unknown PCM")


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Terminal]:
    term = Terminal(tmp_path, size=(100, 32))
    try:
        yield term
    finally:
        term.close()


def _no_card_command(tmp_path: Path, args: str) -> str:
    # An ALSA config without devices stands for a machine with no sound card, whatever this one
    # has; the rest of the settings are the defaults (--audio auto).
    conf = tmp_path / "asound.conf"
    conf.write_text("# no devices\n")
    config = tmp_path / "config"
    config.mkdir()
    env = (
        f"ALSA_CONFIG_PATH={shlex.quote(str(conf))} PULSE_SERVER=unix:/nonexistent "
        f"BACKTIMER_CONFIG_DIR={shlex.quote(str(config))} TERM=xterm-256color"
    )
    python = shlex.quote(sys.executable)
    return (
        f"cd {shlex.quote(str(ROOT))} && env {env} {python} -m backtimer {args}; "
        "echo BACKTIMER-EXIT:$?; sleep 60"
    )


def _assert_clean(screen: str) -> None:
    for text in STRAY:
        assert text not in screen, f"{text!r} on the screen:\n{screen}"


def test_sounds_command_with_no_sound_card(tmux: Terminal, tmp_path: Path) -> None:
    tmux.run_shell(_no_card_command(tmp_path, "sounds --pause 0"))
    screen, last_at = tmux.seen_when(lambda s: "workout-done" in s, timeout=30)
    _assert_clean(screen)
    screen, done_at = tmux.seen_when(lambda s: "BACKTIMER-EXIT:" in s, timeout=10)
    _assert_clean(screen)
    # The terminal bell stands in, and says so; every event is listed.
    assert "playing through bell" in screen
    assert "skipped miniaudio: no sound device" in screen
    for event in SoundEvent:
        assert event.value in screen
    assert "BACKTIMER-EXIT:0" in screen
    # After the last sound (0.57 s long, no pause after it) it ends promptly.
    assert done_at - last_at < 1.5


def test_workout_screen_with_no_sound_card(tmux: Terminal, tmp_path: Path) -> None:
    tmux.run_shell(_no_card_command(tmp_path, "run borden-back"))
    # The workout screen is up once the first exercise's cues are shown.
    screen, _ = tmux.seen_when(lambda s: "Lat pull" in s or "Lat Pull" in s, timeout=30)
    _assert_clean(screen)
    # Every sound backend has been tried (each can print ALSA text) once the notice says the
    # bell stands in; from then on the sounds are the bell's.
    screen, _ = tmux.seen_when(lambda s: "Sound: the terminal bell" in s, timeout=10)
    _assert_clean(screen)
    assert "Sound: the terminal bell (no sound device" in screen
    t = time.monotonic()
    tmux.send("C-c")
    screen, quit_at = tmux.seen_when(lambda s: "BACKTIMER-EXIT:" in s, timeout=10)
    _assert_clean(screen)
    assert "BACKTIMER-EXIT:130" in screen  # Ctrl+C is an interrupt
    assert quit_at - t < 1.0
