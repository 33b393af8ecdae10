"""Reads WAV files into the one sample format every backend plays: 16-bit mono at 44.1 kHz.

Converting once, when audio opens, keeps the backends simple (one device format, no per-play
conversion) and lets the volume be applied to the samples ahead of time. Only the standard library
is used, so a file can be checked at load time without any audio library installed.
"""

from __future__ import annotations

import math
import sys
from array import array
from dataclasses import dataclass
from pathlib import Path

from backtimer.core.wavcheck import MAX_WAV_BYTES, WavError, read_raw

__all__ = ["MAX_WAV_BYTES", "RATE", "Pcm", "WavError", "beep", "read_wav"]

RATE = 44100
"""Samples per second of every sound handed to a backend."""


@dataclass(frozen=True)
class Pcm:
    """A sound ready for any backend: signed 16-bit little-endian mono samples at ``RATE``."""

    data: bytes

    @property
    def frames(self) -> int:
        return len(self.data) // 2

    @property
    def seconds(self) -> float:
        return self.frames / RATE

    @classmethod
    def from_samples(cls, samples: array[int]) -> Pcm:
        if sys.byteorder == "big":
            samples = array("h", samples)
            samples.byteswap()
        return cls(samples.tobytes())

    def samples(self) -> array[int]:
        out = array("h")
        out.frombytes(self.data)
        if sys.byteorder == "big":
            out.byteswap()
        return out

    def scaled(self, volume: float) -> Pcm:
        """The same sound with its amplitude multiplied by ``volume`` (0 to 1)."""
        if volume >= 1.0:
            return self
        return Pcm.from_samples(array("h", [round(s * volume) for s in self.samples()]))


def read_wav(path: Path) -> Pcm:
    """The file's sound as 16-bit mono at ``RATE``, or WavError saying why it cannot be played."""
    raw = read_raw(path)
    samples = _to_int16(raw.frames, raw.width)
    if raw.channels > 1:
        samples = _mix_down(samples, raw.channels)
    if raw.rate != RATE:
        samples = _resample(samples, raw.rate, RATE)
    return Pcm.from_samples(samples)


def _to_int16(frames: bytes, width: int) -> array[int]:
    """Little-endian PCM of any width as signed 16-bit samples (keeping the top 16 bits)."""
    n = len(frames) // width
    frames = frames[: n * width]
    le = bytearray(2 * n)
    if width == 1:
        # 8-bit WAV is unsigned: flipping the top bit makes it signed, and it becomes the high byte.
        le[1::2] = frames.translate(bytes((b ^ 0x80) for b in range(256)))
    else:
        le[0::2] = frames[width - 2 :: width]
        le[1::2] = frames[width - 1 :: width]
    out = array("h")
    out.frombytes(bytes(le))
    if sys.byteorder == "big":
        out.byteswap()
    return out


def _mix_down(samples: array[int], channels: int) -> array[int]:
    lanes = [samples[c::channels] for c in range(channels)]
    n = min(len(lane) for lane in lanes)
    if channels == 2:
        left, right = lanes
        return array("h", [(left[i] + right[i]) // 2 for i in range(n)])
    return array("h", [sum(lane[i] for lane in lanes) // channels for i in range(n)])


def _resample(samples: array[int], src: int, dst: int) -> array[int]:
    """Linear interpolation: plenty for short cue sounds, and needs no audio library."""
    n_out = max(1, math.floor(len(samples) * dst / src))
    last = len(samples) - 1
    ratio = src / dst
    out = array("h", bytes(2 * n_out))
    for i in range(n_out):
        pos = i * ratio
        k = int(pos)
        if k >= last:
            out[i] = samples[last]
            continue
        frac = pos - k
        a = samples[k]
        out[i] = round(a + (samples[k + 1] - a) * frac)
    return out


def beep(hz: float = 880.0, seconds: float = 0.15, level: float = 0.5) -> Pcm:
    """A plain sine beep with soft edges: the sound used when an event's file cannot be read."""
    n = round(seconds * RATE)
    edge = max(1, round(0.01 * RATE))
    step = 2.0 * math.pi * hz / RATE

    def env(k: int) -> float:
        return min(1.0, k / edge, (n - 1 - k) / edge)

    return Pcm.from_samples(
        array("h", [round(32767 * level * env(k) * math.sin(step * k)) for k in range(n)])
    )
