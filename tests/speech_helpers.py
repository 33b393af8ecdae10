"""Helpers for the speech tests: telling speech from a tone, and made-up phrases of known shape."""

from __future__ import annotations

import math
from array import array

from backtimer.audio.pcm import RATE, Pcm

BANDS = ((125, 250), (250, 500), (500, 1000), (1000, 2000), (2000, 4000))
"""Octave bands from low voice to the top of the consonants."""


def _goertzel(frame: list[float], hz: float, rate: int) -> float:
    coeff = 2.0 * math.cos(2.0 * math.pi * hz / rate)
    s1 = s2 = 0.0
    for x in frame:
        s0 = x + coeff * s1 - s2
        s2, s1 = s1, s0
    return s1 * s1 + s2 * s2 - coeff * s1 * s2


def band_energies(samples: array[int] | list[int], rate: int = RATE) -> list[float]:
    """The energy in each of ``BANDS``: four probe pitches a band, over 23 ms Hann windows.

    The sound is first brought down to a quarter of the rate (a box filter, then every fourth
    sample), which keeps 4 kHz and makes pure-Python analysis quick enough for tests.
    """
    factor = 4
    n = len(samples) // factor
    low = [sum(samples[i * factor : (i + 1) * factor]) / factor for i in range(n)]
    low_rate = rate / factor
    size = 256
    hann = [0.5 - 0.5 * math.cos(2 * math.pi * k / (size - 1)) for k in range(size)]
    probes = [[lo * (hi / lo) ** ((k + 0.5) / 4) for k in range(4)] for lo, hi in BANDS]
    out = [0.0] * len(BANDS)
    for at in range(0, max(1, n - size + 1), size):
        frame = [x * w for x, w in zip(low[at : at + size], hann, strict=False)]
        for b, pitches in enumerate(probes):
            out[b] += sum(_goertzel(frame, hz, low_rate) for hz in pitches)
    return out


def is_broadband(samples: array[int] | list[int], rate: int = RATE) -> bool:
    """Whether the sound has energy across the voice's range, as speech does and a beep does not:
    at least three of the five octave bands within 20 dB of the strongest."""
    energies = band_energies(samples, rate)
    top = max(energies)
    return top > 0 and sum(e >= top / 100 for e in energies) >= 3


def noise(seconds: float, peak: int = 15000, seed: int = 1) -> Pcm:
    """Deterministic noise peaking at ``peak``: a stand-in phrase of a known length.

    A 50 ms block repeated, so that long stand-ins cost no more to make than short ones.
    """
    n = round(seconds * RATE)
    block = array("h", bytes(2 * min(n, RATE // 20)))
    state = seed
    for i in range(len(block)):
        state = (state * 1103515245 + 12345) & 0x7FFFFFFF
        block[i] = (state >> 8) % (2 * peak + 1) - peak
    if block:
        block[0] = peak  # the peak is exactly ``peak``, whatever the seed
    whole = block * (n // len(block) + 1) if block else block
    return Pcm.from_samples(whole[:n])


def tone(seconds: float, level: int = 15000, hz: float = 440.0) -> Pcm:
    """A plain sine of ``seconds`` at ``level`` peak, with no fades."""
    n = round(seconds * RATE)
    step = 2 * math.pi * hz / RATE
    return Pcm.from_samples(array("h", [round(level * math.sin(step * k)) for k in range(n)]))


def peak(pcm: Pcm) -> int:
    samples = pcm.samples()
    return max(max(samples), -min(samples)) if samples else 0
