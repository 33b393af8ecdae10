"""Reads WAV files into the one sample format every backend plays: 16-bit mono at 44.1 kHz.

Converting once, when audio opens, keeps the backends simple (one device format, no per-play
conversion) and lets the volume be applied to the samples ahead of time. Only the standard library
is used, so a file can be checked at load time without any audio library installed.
"""

from __future__ import annotations

import math
import os
import stat
import struct
import sys
import wave
from array import array
from dataclasses import dataclass
from pathlib import Path

RATE = 44100
"""Samples per second of every sound handed to a backend."""
MAX_WAV_BYTES = 5 * 1024 * 1024
MAX_SECONDS = 60.0
MIN_RATE, MAX_RATE = 8000, 192000
MAX_CHANNELS = 8


class WavError(Exception):
    """A file that is not a WAV this program can play; the message says why, for a person."""


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


@dataclass(frozen=True)
class _Raw:
    channels: int
    width: int
    rate: int
    frames: bytes


def _read_raw(path: Path) -> _Raw:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise WavError("no such file") from None
    except OSError as exc:
        raise WavError(f"cannot read: {exc.strerror or exc}") from None
    if not stat.S_ISREG(st.st_mode):
        raise WavError("is not a regular file")
    if st.st_size > MAX_WAV_BYTES:
        raise WavError(f"is too large ({st.st_size:,} bytes; the limit is {MAX_WAV_BYTES:,})")
    try:
        with wave.open(str(path), "rb") as w:
            channels, width, rate, nframes = (
                w.getnchannels(),
                w.getsampwidth(),
                w.getframerate(),
                w.getnframes(),
            )
            if width not in (1, 2, 3, 4):
                raise WavError(f"has {width * 8}-bit samples; 8, 16, 24 or 32-bit PCM is needed")
            if not 1 <= channels <= MAX_CHANNELS:
                raise WavError(f"has {channels} channels; 1 to {MAX_CHANNELS} are supported")
            if not MIN_RATE <= rate <= MAX_RATE:
                raise WavError(
                    f"has a sample rate of {rate} Hz; {MIN_RATE} to {MAX_RATE} Hz is supported"
                )
            if nframes == 0:
                raise WavError("holds no sound")
            if nframes / rate > MAX_SECONDS:
                raise WavError(
                    f"is {nframes / rate:.0f} s long; a sound may last {MAX_SECONDS:.0f} s at most"
                )
            frames = w.readframes(nframes)
    except WavError:
        raise
    except (wave.Error, EOFError, struct.error, ValueError, OverflowError) as exc:
        raise WavError(f"is not a WAV file this program can play ({exc})") from None
    except OSError as exc:
        raise WavError(f"cannot read: {exc.strerror or exc}") from None
    whole = len(frames) // (width * channels)
    if whole < nframes:
        # A file cut short (an interrupted copy) would otherwise play a fragment without a word.
        raise WavError(f"is cut short: it promises {nframes} frames but holds {whole}")
    return _Raw(channels, width, rate, frames)


def check_wav_file(path: Path) -> None:
    """Raises WavError unless ``path`` is a WAV file that ``read_wav`` can turn into a sound."""
    _read_raw(path)


def read_wav(path: Path) -> Pcm:
    """The file's sound as 16-bit mono at ``RATE``, or WavError saying why it cannot be played."""
    raw = _read_raw(path)
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
