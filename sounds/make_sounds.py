"""Makes the WAV file of every sound event, byte for byte the same on every run.

Run it with any Python 3.11+ (``make sounds``, or ``python sounds/make_sounds.py [OUT_DIR]``): it
needs nothing but the standard library, so the sounds can be rebuilt without installing backtimer.

Each event is a short pattern of sine notes. They differ in pitch *and* in shape (one blip, a long
beep, a rising or falling pair, three pulses, an arpeggio), so they can be told apart by ear
without looking at the screen. ``TONES`` is the single record of what each file holds; the tests
read it to check the files and what the audio backends actually play.
"""

from __future__ import annotations

import math
import struct
import sys
import wave
from dataclasses import dataclass
from pathlib import Path

RATE = 44100
SAMPLE_WIDTH = 2  # bytes: 16-bit
CHANNELS = 1
PEAK = 0.5  # of full scale: two sounds that overlap still do not clip
FADE_IN = 0.005  # seconds; a note that starts at full level clicks
FADE_OUT = 0.015


@dataclass(frozen=True)
class Note:
    """One sine note: its pitch, length, level and the silence after it."""

    hz: float
    seconds: float
    level: float = 1.0  # relative to PEAK
    gap: float = 0.0  # silence after the note, in seconds
    percussive: bool = False  # decays at once, like a wood block, instead of holding


@dataclass(frozen=True)
class Tone:
    """The notes of one event's sound, and the one pitch that carries most of its energy."""

    notes: tuple[Note, ...]
    what: str  # how it sounds, in words

    @property
    def dominant_hz(self) -> float:
        # The longest note holds the most energy: every pattern below makes that one stand out.
        return max(self.notes, key=lambda n: n.seconds * n.level**2).hz

    @property
    def seconds(self) -> float:
        return sum(n.seconds + n.gap for n in self.notes)


# Pitches are from the equal-tempered scale, rounded to whole hertz. Every event has its own
# dominant pitch, at least 6% from every other.
TONES: dict[str, Tone] = {
    "tick": Tone((Note(1568, 0.045, percussive=True),), "a short high click"),
    "phase": Tone((Note(1175, 0.11),), "a short mid beep"),
    "countdown": Tone((Note(880, 0.16),), "a plain beep, as in 3-2-1"),
    "go": Tone((Note(1760, 0.45),), "a long high beep, an octave above the countdown"),
    "hold-start": Tone(
        (Note(659, 0.07, gap=0.02), Note(988, 0.22)), "two notes going up: hold now"
    ),
    "hold-end": Tone((Note(784, 0.07, gap=0.02), Note(523, 0.24)), "two notes going down: release"),
    "rest-over": Tone(
        (Note(1319, 0.09, gap=0.06), Note(1319, 0.09, gap=0.06), Note(1319, 0.09)),
        "three quick pulses",
    ),
    "exercise-done": Tone(
        (Note(523, 0.08, gap=0.015), Note(659, 0.08, gap=0.015), Note(784, 0.3)),
        "a three-note rising chord",
    ),
    "workout-done": Tone(
        (
            Note(523, 0.07, gap=0.01),
            Note(659, 0.07, gap=0.01),
            Note(784, 0.07, gap=0.01),
            Note(1047, 0.33),
        ),
        "a four-note fanfare",
    ),
}


def _envelope(k: int, n: int, note: Note) -> float:
    """The level of sample ``k`` of a note ``n`` samples long: 0 at both ends, so no click."""
    fade_in = max(1, round(FADE_IN * RATE))
    fade_out = max(1, round(FADE_OUT * RATE))
    level = 1.0
    if k < fade_in:
        level = 0.5 - 0.5 * math.cos(math.pi * k / fade_in)
    remaining = n - 1 - k
    if remaining < fade_out:
        level = min(level, 0.5 - 0.5 * math.cos(math.pi * remaining / fade_out))
    if note.percussive:
        level *= math.exp(-3.0 * k / n)
    return level


def render(tone: Tone) -> list[int]:
    """The tone's samples as 16-bit integers."""
    out: list[int] = []
    for note in tone.notes:
        n = round(note.seconds * RATE)
        step = 2.0 * math.pi * note.hz / RATE
        amp = PEAK * note.level * 32767
        out.extend(round(amp * _envelope(k, n, note) * math.sin(step * k)) for k in range(n))
        out.extend([0] * round(note.gap * RATE))
    return out


def write(path: Path, samples: list[int]) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(CHANNELS)
        w.setsampwidth(SAMPLE_WIDTH)
        w.setframerate(RATE)
        w.writeframes(struct.pack(f"<{len(samples)}h", *samples))


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else Path(__file__).resolve().parent
    out.mkdir(parents=True, exist_ok=True)
    for name, tone in TONES.items():
        write(out / f"{name}.wav", render(tone))
        print(f"{name}.wav: {tone.seconds:.3f} s, {tone.dominant_hz:g} Hz, {tone.what}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
