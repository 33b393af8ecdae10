"""The shipped WAV files: reproducible from the script, in the right format, short, click-free and
each recognisable by its own pitch and pattern; and the checks applied to a user's own WAV."""

from __future__ import annotations

import itertools
import math
import struct
import subprocess
import sys
import wave
from array import array
from pathlib import Path

import pytest
from audio_helpers import SOUNDS, bursts, dominant_hz, make_sounds, samples_of, wav_frames

from backtimer.audio.pcm import RATE, WavError, read_wav
from backtimer.core.events import SoundEvent
from backtimer.core.wavcheck import MAX_WAV_BYTES, check_wav

TONES = make_sounds().TONES
EVENTS = [e.value for e in SoundEvent]


def test_there_is_a_tone_and_a_file_for_every_event_and_nothing_else() -> None:
    assert sorted(TONES) == sorted(EVENTS)
    assert sorted(p.stem for p in SOUNDS.glob("*.wav")) == sorted(EVENTS)


def test_the_script_reproduces_the_committed_files_byte_for_byte(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(SOUNDS / "make_sounds.py"), str(tmp_path)],
        check=True,
        capture_output=True,
    )
    for event in EVENTS:
        made = (tmp_path / f"{event}.wav").read_bytes()
        assert made == (SOUNDS / f"{event}.wav").read_bytes(), (
            f"{event}.wav differs: run make sounds"
        )


@pytest.mark.parametrize("event", EVENTS)
def test_format_length_and_fades(event: str) -> None:
    with wave.open(str(SOUNDS / f"{event}.wav"), "rb") as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 44100)
        assert w.getcomptype() == "NONE"
        n = w.getnframes()
    assert 0.03 <= n / RATE <= 0.6
    s = samples_of(wav_frames(SOUNDS / f"{event}.wav"))
    peak = max(abs(x) for x in s)
    assert 0.3 * 32767 <= peak <= 0.55 * 32767  # audible, with headroom for two at once
    # No click: the sound starts and ends at zero and rises and falls over milliseconds.
    assert s[0] == 0 and s[-1] == 0
    ms = RATE // 1000
    assert max(abs(x) for x in s[:ms]) < 0.3 * peak
    assert max(abs(x) for x in s[-ms:]) < 0.3 * peak


@pytest.mark.parametrize("event", EVENTS)
def test_dominant_frequency_is_the_recorded_one(event: str) -> None:
    s = samples_of(wav_frames(SOUNDS / f"{event}.wav"))
    expected = TONES[event].dominant_hz
    assert dominant_hz(s) == pytest.approx(expected, rel=0.02)


def test_dominant_frequencies_are_distinct() -> None:
    pitches = sorted(TONES[e].dominant_hz for e in EVENTS)
    for low, high in itertools.pairwise(pitches):
        assert high / low >= 1.05, f"{low} Hz and {high} Hz are too close to tell apart"


@pytest.mark.parametrize("event", EVENTS)
def test_pattern_has_the_recorded_number_of_notes(event: str) -> None:
    s = samples_of(wav_frames(SOUNDS / f"{event}.wav"))
    assert bursts(s) == len(TONES[event].notes)


def test_sounds_that_share_a_pitch_differ_in_pattern() -> None:
    shapes = {(round(TONES[e].dominant_hz), len(TONES[e].notes)) for e in EVENTS}
    assert len(shapes) == len(EVENTS)


# -- a user's own WAV files ---------------------------------------------------------------------


def _write_wav(
    path: Path,
    *,
    hz: float = 600.0,
    seconds: float = 0.3,
    rate: int = 22050,
    width: int = 2,
    channels: int = 1,
) -> None:
    n = round(seconds * rate)
    frames = bytearray()
    for k in range(n):
        v = 0.5 * math.sin(2 * math.pi * hz * k / rate)
        if width == 1:
            one = bytes([round(128 + 127 * v)])
        else:
            full = round(v * (2 ** (8 * width - 1) - 1))
            one = full.to_bytes(width, "little", signed=True)
        frames += one * channels
    with wave.open(str(path), "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(width)
        w.setframerate(rate)
        w.writeframes(bytes(frames))


def test_every_shipped_file_passes_the_check() -> None:
    for event in EVENTS:
        assert check_wav(SOUNDS / f"{event}.wav") is None


@pytest.mark.parametrize(
    ("width", "channels", "rate"),
    [(1, 2, 22050), (2, 1, 48000), (3, 2, 96000), (4, 1, 8000), (2, 2, 44100)],
)
def test_other_wav_formats_are_converted_keeping_length_and_pitch(
    tmp_path: Path, width: int, channels: int, rate: int
) -> None:
    path = tmp_path / "mine.wav"
    _write_wav(path, hz=600, seconds=0.3, rate=rate, width=width, channels=channels)
    assert check_wav(path) is None
    pcm = read_wav(path)
    assert pcm.seconds == pytest.approx(0.3, abs=0.001)
    assert dominant_hz(pcm.samples()) == pytest.approx(600, rel=0.02)
    peak = max(abs(x) for x in pcm.samples())
    assert peak == pytest.approx(0.5 * 32767, rel=0.03)


def test_a_missing_file(tmp_path: Path) -> None:
    assert check_wav(tmp_path / "nope.wav") == "no such file"


def test_a_folder(tmp_path: Path) -> None:
    assert check_wav(tmp_path) == "is not a regular file"


def test_a_file_over_5_mb(tmp_path: Path) -> None:
    path = tmp_path / "big.wav"
    with open(path, "wb") as f:
        f.truncate(MAX_WAV_BYTES + 1)
    problem = check_wav(path)
    assert problem is not None and "too large" in problem


def test_not_a_wav(tmp_path: Path) -> None:
    path = tmp_path / "song.wav"
    path.write_bytes(b"ID3\x04" + bytes(1000))
    problem = check_wav(path)
    assert problem is not None and "not a WAV file" in problem


def test_a_wav_cut_short(tmp_path: Path) -> None:
    path = tmp_path / "cut.wav"
    _write_wav(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    problem = check_wav(path)
    assert problem is not None and "cut short" in problem


def test_an_empty_wav(tmp_path: Path) -> None:
    path = tmp_path / "empty.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(44100)
    assert check_wav(path) == "holds no sound"


def test_a_float_wav_is_refused(tmp_path: Path) -> None:
    # WAVE_FORMAT_IEEE_FLOAT (3): valid WAV, but not PCM the player can convert.
    data = struct.pack("<100f", *([0.25] * 100))
    fmt = struct.pack("<HHIIHH", 3, 1, 44100, 44100 * 4, 4, 32)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt
    body += b"data" + struct.pack("<I", len(data)) + data
    path = tmp_path / "float.wav"
    path.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)
    problem = check_wav(path)
    assert problem is not None and "not a WAV file this program can play" in problem


def test_a_wav_longer_than_a_minute_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "long.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(1)
        w.setframerate(8000)
        w.writeframes(bytes([128]) * 8000 * 61)
    problem = check_wav(path)
    assert problem is not None and "at most" in problem


def test_read_wav_raises_with_the_same_reason(tmp_path: Path) -> None:
    with pytest.raises(WavError, match="no such file"):
        read_wav(tmp_path / "nope.wav")


def test_volume_scales_the_samples() -> None:
    pcm = read_wav(SOUNDS / "go.wav")
    half = pcm.scaled(0.5)
    assert half.frames == pcm.frames
    assert max(half.samples()) == pytest.approx(max(pcm.samples()) / 2, abs=1)
    assert pcm.scaled(1.0) is pcm
    assert set(pcm.scaled(0.0).samples()) == {0}
    assert array("h", pcm.samples()) == pcm.samples()
