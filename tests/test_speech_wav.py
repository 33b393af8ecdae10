"""Speech WAV handling: streamed headers, sample formats, resampling, trimming and the cache's
own strict format."""

from __future__ import annotations

import itertools
import math
import struct
from array import array

import pytest
from speech_helpers import peak

from backtimer.audio.pcm import RATE, Pcm
from backtimer.audio.speech.wavdata import (
    VOICE_PEAK,
    SpeechWavError,
    decode_cached,
    decode_wav,
    encode_wav,
    resample,
    voice_pcm,
)


def _wav(
    frames: bytes,
    *,
    rate: int = 22050,
    channels: int = 1,
    bits: int = 16,
    data_size: int | None = None,
) -> bytes:
    block = channels * bits // 8
    fmt = struct.pack("<HHIIHH", 1, channels, rate, rate * block, block, bits)
    size = len(frames) if data_size is None else data_size
    body = b"WAVE" + b"fmt " + struct.pack("<I", 16) + fmt + b"data" + struct.pack("<I", size)
    return b"RIFF" + struct.pack("<I", 0x7FFFF000) + body + frames


def _le(values: list[int]) -> bytes:
    return struct.pack(f"<{len(values)}h", *values)


def test_a_streamed_header_is_read_by_the_bytes_that_are_there() -> None:
    # espeak-ng --stdout cannot seek back, so it claims 0x7ffff000 bytes of data.
    data = _wav(_le([1, -2, 3, -4, 5]), data_size=0x7FFFF000)
    rate, samples = decode_wav(data)
    assert rate == 22050
    assert list(samples) == [1, -2, 3, -4, 5]


def test_stereo_is_mixed_down_and_other_widths_become_16_bit() -> None:
    _, samples = decode_wav(_wav(_le([100, 300, -100, -300]), channels=2))
    assert list(samples) == [200, -200]
    _, eight = decode_wav(_wav(bytes([0x80, 0xFF, 0x00]), bits=8))
    assert list(eight) == [0, 127 * 256, -128 * 256]
    _, wide = decode_wav(_wav(bytes([0xAA, 0x34, 0x12]), bits=24))
    assert list(wide) == [0x1234]


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"", "not a WAV file"),
        (b"RIFF\0\0\0\0WAVEdata\4\0\0\0\0\0\0\0", "samples come before their format"),
        (b"RIFF\0\0\0\0WAVE", "no data chunk"),
    ],
)
def test_bytes_that_are_not_a_wav_say_why(data: bytes, why: str) -> None:
    with pytest.raises(SpeechWavError, match=why):
        decode_wav(data)


def _zero_crossings(samples: array[int]) -> int:
    return sum(1 for a, b in itertools.pairwise(samples) if (a < 0) != (b < 0))


@pytest.mark.parametrize("src", [22050, 16000, 48000, 24000])
def test_resampling_keeps_the_length_in_seconds_and_the_pitch(src: int) -> None:
    seconds, hz = 0.5, 440.0
    n = round(seconds * src)
    sine = array("h", [round(10000 * math.sin(2 * math.pi * hz * k / src)) for k in range(n)])
    out = resample(sine, src, RATE)
    assert abs(len(out) - seconds * RATE) <= 1
    # 440 Hz crosses zero 880 times a second, whatever the rate.
    assert abs(_zero_crossings(out) - _zero_crossings(sine)) <= 2
    assert max(out) <= 10000 and min(out) >= -10000  # interpolation never overshoots


def test_doubling_puts_midpoints_between_the_samples() -> None:
    out = resample(array("h", [0, 100, -100, 32767, -32768]), 22050, 44100)
    assert list(out) == [0, 50, 100, 0, -100, 16333, 32767, -1, -32768, -32768]


def test_a_phrase_is_trimmed_to_its_sound_and_brought_to_the_voice_level() -> None:
    src = 22050
    silence = [0] * (src // 2)
    hum = [round(3000 * math.sin(2 * math.pi * 300 * k / src)) for k in range(src // 4)]
    pcm = voice_pcm(array("h", silence + hum + silence), src)
    # A quarter second of sound, plus 1 ms before it and 20 ms after: not the second of silence.
    assert pcm.seconds == pytest.approx(0.25 + 0.001 + 0.020, abs=0.003)
    assert abs(peak(pcm) - VOICE_PEAK) <= 1
    samples = pcm.samples()
    assert samples[0] == 0 and samples[-1] == 0  # faded in and out: no click at either end


def test_a_silent_phrase_is_empty() -> None:
    assert voice_pcm(array("h", [0] * 1000), 22050).frames == 0
    assert voice_pcm(array("h"), 22050).frames == 0


def test_cached_phrases_round_trip_and_damage_is_refused() -> None:
    pcm = Pcm.from_samples(array("h", range(-2000, 2000, 3)))
    data = encode_wav(pcm)
    assert decode_cached(data) == pcm
    with pytest.raises(SpeechWavError, match="cut short"):
        decode_cached(data[: len(data) - 100])
    with pytest.raises(SpeechWavError, match="not a phrase file"):
        decode_cached(b"RIFF garbage")
    with pytest.raises(SpeechWavError, match="22050 Hz"):
        decode_cached(_wav(_le([1, 2, 3]), rate=22050))
    assert decode_cached(encode_wav(Pcm(b""))) == Pcm(b"")  # a phrase that says nothing
