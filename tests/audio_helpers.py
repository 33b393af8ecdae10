"""Helpers for the sound tests: reading samples, measuring pitch, and capturing ALSA to a file."""

from __future__ import annotations

import importlib.util
import math
import sys
import wave
from array import array
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
SOUNDS = ROOT / "sounds"
RATE = 44100


def make_sounds() -> ModuleType:
    """sounds/make_sounds.py as a module: its TONES are the record of what each file holds."""
    spec = importlib.util.spec_from_file_location("make_sounds", SOUNDS / "make_sounds.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_sounds"] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


def samples_of(data: bytes) -> array[int]:
    out = array("h")
    out.frombytes(data[: len(data) // 2 * 2])
    if sys.byteorder == "big":
        out.byteswap()
    return out


def wav_frames(path: Path) -> bytes:
    with wave.open(str(path), "rb") as w:
        return w.readframes(w.getnframes())


def _power(samples: array[int] | list[int], hz: float, rate: int) -> float:
    """Goertzel: the power of one frequency in the samples."""
    coeff = 2.0 * math.cos(2.0 * math.pi * hz / rate)
    s1 = s2 = 0.0
    for x in samples:
        s0 = x + coeff * s1 - s2
        s2, s1 = s1, s0
    return s1 * s1 + s2 * s2 - coeff * s1 * s2


def _decimated(samples: array[int] | list[int], factor: int) -> list[float]:
    # A box filter before keeping every ``factor``-th sample: enough against aliasing for tones
    # under 5 kHz, and it makes the pure-Python analysis four times cheaper.
    n = len(samples) // factor
    return [sum(samples[i * factor : (i + 1) * factor]) / factor for i in range(n)]


def _window_pitch(window: list[float], rate: int) -> float:
    n = len(window)
    hann = [x * (0.5 - 0.5 * math.cos(2 * math.pi * k / (n - 1))) for k, x in enumerate(window)]
    coarse = [100 * 1.02**k for k in range(int(math.log(5000 / 100, 1.02)) + 1)]
    best = max(coarse, key=lambda hz: _power(hann, hz, rate))
    fine = [best * (1 + 0.002 * k) for k in range(-12, 13)]
    return max(fine, key=lambda hz: _power(hann, hz, rate))


def dominant_hz(samples: array[int], rate: int = RATE) -> float:
    """The pitch that carries the most energy over the whole sound (to about 0.5%).

    The sound is cut into 46 ms windows; each loud window's pitch is measured, and each window's
    energy is added to its pitch's 2% band. The band with the most energy wins.
    """
    factor = 4
    low = _decimated(samples, factor)
    low_rate = rate // factor
    size = 512
    windows = [low[at : at + size] for at in range(0, max(1, len(low) - size + 1), size)]
    if len(low) < size:
        windows = [low]
    energies = [sum(x * x for x in w) for w in windows]
    floor = max(energies) / 20
    bands: dict[int, list[tuple[float, float]]] = {}
    for window, energy in zip(windows, energies, strict=True):
        if energy < floor:
            continue
        hz = _window_pitch(window, low_rate)
        bands.setdefault(round(math.log(hz, 1.02)), []).append((hz, energy))
    best = max(bands.values(), key=lambda band: sum(e for _, e in band))
    return sum(hz * e for hz, e in best) / sum(e for _, e in best)


def bursts(samples: array[int], rate: int = RATE, gap_ms: float = 5.0) -> int:
    """How many separate sounds there are, split by at least ``gap_ms`` of near silence."""
    quiet = max(1, max(abs(s) for s in samples) // 100)
    need = int(rate * gap_ms / 1000)
    count, run, in_burst = 0, 0, False
    for s in samples:
        if abs(s) > quiet:
            if not in_burst:
                count += 1
                in_burst = True
            run = 0
        else:
            run += 1
            if run >= need:
                in_burst = False
    return count


def capture_config(folder: Path, *, truncate: bool) -> tuple[Path, Path]:
    """A standalone ALSA config whose default device writes raw samples to a file.

    Returns (config file, capture file). The null slave takes data as fast as it comes, so nothing
    plays in real time; with ``truncate`` off, ALSA writes one file per open (out.raw,
    out.raw.0001, ...).
    """
    out = folder / "out.raw"
    conf = folder / "asound.conf"
    conf.write_text(
        "pcm.!default {\n"
        "  type file\n"
        "  slave.pcm { type null }\n"
        f'  file "{out}"\n'
        '  format "raw"\n'
        f"  truncate {'true' if truncate else 'false'}\n"
        "}\n"
    )
    return conf, out


def captures(out: Path) -> list[Path]:
    """The capture files in the order ALSA opened them."""
    extra = sorted(out.parent.glob(out.name + ".*"), key=lambda p: int(p.suffix[1:]))
    return ([out] if out.exists() else []) + extra
