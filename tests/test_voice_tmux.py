"""`backtimer run borden-back` in a real terminal (tmux) speaks into the sound device: with no
sound card, miniaudio plays into ALSA's file plugin, and the capture holds the words; with
`--voice off` it holds the beeps alone."""

from __future__ import annotations

import ctypes
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from audio_helpers import capture_config, captures, samples_of
from speech_helpers import is_broadband
from terminal import Terminal

from backtimer.audio.speech import open_voice


def _have_libasound() -> bool:
    try:
        ctypes.CDLL("libasound.so.2")
    except OSError:
        return False
    return True


def _engine() -> str | None:
    choice = open_voice("auto")
    choice.close()
    return choice.name if choice.engine is not None else None


pytestmark = [
    pytest.mark.skipif(
        shutil.which("tmux") is None
        or not sys.platform.startswith("linux")
        or not _have_libasound(),
        reason="needs tmux, and Linux with libasound2 for the capture",
    ),
    pytest.mark.slow,
]


def _heard(out: Path) -> tuple[int, int, int]:
    """(0.1 s windows of the capture holding sound, those holding speech, the loudest sample's
    size), from what the capture holds so far."""
    samples = samples_of(b"".join(p.read_bytes() for p in captures(out)))
    if not samples:
        return 0, 0, 0
    loudest = max(max(samples), -min(samples))
    loud = spoken = 0
    for at in range(0, len(samples), 4410):
        window = samples[at : at + 4410]
        if max(window) > 2000:
            loud += 1
            if spoken < 3 and is_broadband(window):
                spoken += 1
    return loud, spoken, loudest


def _heard_once(out: Path, enough: Callable[[int, int], bool], timeout: float) -> None:
    """Polls the capture until ``enough(loud windows, spoken windows)`` holds (or ``timeout``)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        loud, spoken, _ = _heard(out)
        if enough(loud, spoken):
            return
        time.sleep(0.05)


@pytest.mark.parametrize("voice", ["auto", "off"])
def test_a_workout_speaks_into_the_sound_device(tmp_path: Path, voice: str) -> None:
    engine = _engine()
    if voice != "off" and engine is None:
        pytest.skip("no speech engine here")
    conf, out = capture_config(tmp_path, truncate=False)
    env = {
        "ALSA_CONFIG_PATH": str(conf),
        "PULSE_SERVER": "unix:/nonexistent",
        "BACKTIMER_CACHE_DIR": str(tmp_path / "cache"),
        "TERM": "xterm-256color",
    }
    terminal = Terminal(tmp_path, env=env)
    (tmp_path / "config").mkdir()
    try:
        if voice != "off":
            # The phrases of a round rendered ahead, as a second start has them.
            warm = ["render", "borden-back", "--rounds", "1", "-o", str(tmp_path / "w.wav")]
            subprocess.run(
                [sys.executable, "-m", "backtimer", *warm, "--voice", voice],
                env={**terminal.env, "ALSA_CONFIG_PATH": str(tmp_path / "none.conf")},
                check=True,
                capture_output=True,
                timeout=120,
            )
        terminal.start("run", "borden-back", "--audio", "miniaudio", "--voice", voice)
        terminal.wait_for("Lat pull down", timeout=30)
        # The name and the first set-up cue are said as the workout begins, beside its beeps;
        # the second cue's beep comes at 4 s (the first one's can come before the sound device
        # is open). Without a voice, that beep is the first sound the capture can hold.
        if voice == "off":
            _heard_once(out, lambda loud, spoken: loud > 0, timeout=10)
        else:
            _heard_once(out, lambda loud, spoken: spoken >= 3, timeout=10)
        terminal.send("C-c")
        assert terminal.exit_code(timeout=10) == 130
        terminal.assert_restored()
    finally:
        terminal.close()
    loud, spoken, loudest = _heard(out)
    assert loud > 0, "nothing was played"
    assert loudest < 32767  # voice and beeps together never reach full scale
    if voice == "off":
        assert spoken == 0  # beeps only: pure tones
    else:
        assert spoken >= 3, "no speech in the capture"
