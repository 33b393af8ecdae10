"""Beeps and voice together: every sound of a workout at its sample, and their sum, clip-safe.

``layout`` decides what plays when: the plan's beeps at their exact frames (never moved) and the
voice as ``arrange`` says, each with the gain that keeps the sum within full scale. ``mix`` adds
them into one track. The live player plays the same ``Play`` list against its clock, and a
rendered file is ``mix`` of it: the file is a record of the live timing.

Gains, not clipping: a voice over a beep is turned down, for that whole phrase, just enough that
the two never sum beyond full scale; beeps that pile up on each other are first turned down
together to the level of the loudest of them, so that a voice over a pile has the room it has
over one beep. Phrases peak a little under half of full scale and shipped beeps at half, so with
the default levels a phrase is rarely turned down at all. ``mix`` still clamps, but a layout
never needs it.
"""

from __future__ import annotations

import bisect
import itertools
import sys
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from backtimer.audio.pcm import RATE, Pcm
from backtimer.audio.speech.announce import Announcement
from backtimer.audio.speech.arrange import MIN_PART, PhraseSource, Utterance, arrange, to_frame
from backtimer.audio.speech.wavdata import VOICE_PEAK
from backtimer.core.events import SoundEvent
from backtimer.core.plan import Plan

FULL_SCALE = 32767
LIMIT = 32000
"""The loudest a sum is let be where gains have to act: a little under full scale, so a mixed
track never sits on full scale, where it would look and sound clipped."""
FADE_OUT = RATE // 200  # 5 ms down to silence where a phrase is cut short: no click


@dataclass(frozen=True)
class Play:
    """One sound at frame ``start`` of the workout, ready to play (cut, faded and scaled)."""

    start: int
    pcm: Pcm
    label: str  # the event's name or the phrase's text
    voice: bool

    @property
    def end(self) -> int:
        return self.start + self.pcm.frames


def _bytes_to_samples(data: bytes) -> array[int]:
    out = array("h")
    out.frombytes(data)
    if sys.byteorder == "big":
        out.byteswap()
    return out


def _samples_to_bytes(samples: array[int]) -> bytes:
    if sys.byteorder == "big":
        samples = array("h", samples)
        samples.byteswap()
    return samples.tobytes()


class _Peaks:
    """The peak of each distinct sound, worked out once (counts repeat hundreds of times)."""

    def __init__(self) -> None:
        self._peaks: dict[int, tuple[Pcm, int]] = {}

    def __call__(self, pcm: Pcm) -> int:
        known = self._peaks.get(id(pcm))
        if known is not None and known[0] is pcm:
            return known[1]
        samples = pcm.samples()
        peak = max(max(samples), -min(samples)) if samples else 0
        self._peaks[id(pcm)] = (pcm, peak)
        return peak


def beep_plays(plan: Plan, sounds: Mapping[SoundEvent, Pcm], rate: int = RATE) -> list[Play]:
    """Every sound event of the plan at its frame: the step's start plus the event's offset."""
    out = []
    for step in plan.steps:
        for sound in step.sounds:
            pcm = sounds.get(sound.event)
            if pcm is not None and pcm.frames:
                at = to_frame(step.start + sound.offset, rate)
                out.append(Play(at, pcm, sound.event.value, False))
    out.sort(key=lambda p: p.start)
    return out


def layout(
    plan: Plan,
    said: Sequence[Announcement],
    phrase: PhraseSource,
    sounds: Mapping[SoundEvent, Pcm],
    *,
    voice_gain: float = 1.0,
    since: float = 0.0,
    min_part: float = MIN_PART,
) -> list[Play]:
    """Every beep and phrase of the workout, in order of start, with clip-safe levels.

    ``sounds`` are the beeps as ``load_sounds`` gives them (volume applied); ``voice_gain``
    scales the phrases (1.0: their peak a little under the beeps'; at most 2.18, full scale).
    """
    if not 0.0 <= voice_gain <= FULL_SCALE / VOICE_PEAK:
        raise ValueError(f"voice gain must be between 0 and {FULL_SCALE / VOICE_PEAK:.1f}")
    beeps = [p for p in beep_plays(plan, sounds) if p.start >= to_frame(since)]
    voice = arrange(said, phrase, since=since, min_part=min_part)
    return clip_safe(beeps, voice, voice_gain)


def clip_safe(beeps: Sequence[Play], voice: Sequence[Utterance], voice_gain: float) -> list[Play]:
    """The beeps and the utterances as Plays, each scaled so no sum goes beyond full scale."""
    peaks = _Peaks()
    beeps = _tame_beeps(beeps, peaks)
    starts = [b.start for b in beeps]
    longest = max((b.pcm.frames for b in beeps), default=0)
    plays = list(beeps)
    # Scaled copies of whole phrases, by identity: a count ducked under the same beep is scaled
    # once, not at every rep. The original is kept in the value so its id cannot be reused.
    scaled: dict[tuple[int, float], tuple[Pcm, Pcm]] = {}
    gains: dict[tuple[int, ...], tuple[Pcm, float]] = {}
    for u in voice:
        lo = bisect.bisect_left(starts, u.start - longest)
        hi = bisect.bisect_left(starts, u.end)
        over = [b for b in beeps[lo:hi] if b.end > u.start]
        pcm = _cut(u)
        gain = voice_gain
        if over and sum(peaks(b.pcm) for b in over) + voice_gain * peaks(pcm) > LIMIT:
            # The same phrase over the same beeps recurs every round: work each pairing out once.
            pairing = (id(pcm), *_flat((id(b.pcm), b.start - u.start) for b in over))
            if pairing not in gains:
                gains[pairing] = (pcm, _safe_gain(u.start, pcm, over, voice_gain))
            gain = gains[pairing][1]
        if gain != 1.0:
            if u.cut:
                pcm = _scale(pcm, gain)
            else:
                key = (id(pcm), gain)
                if key not in scaled:
                    scaled[key] = (pcm, _scale(pcm, gain))
                pcm = scaled[key][1]
        plays.append(Play(u.start, pcm, u.announcement.text, True))
    plays.sort(key=lambda p: (p.start, p.voice))
    return plays


def _flat(pairs: Iterable[tuple[int, int]]) -> tuple[int, ...]:
    return tuple(itertools.chain.from_iterable(pairs))


def _cut(u: Utterance) -> Pcm:
    if not u.cut:
        return u.pcm
    samples = _bytes_to_samples(u.pcm.data[: 2 * u.frames])
    n = len(samples)
    fade = min(FADE_OUT, n)
    for i in range(fade):
        samples[n - 1 - i] = samples[n - 1 - i] * i // fade
    return Pcm(_samples_to_bytes(samples))


def _scale(pcm: Pcm, gain: float) -> Pcm:
    factor = int(gain * 65536)  # rounded down: a scaled sample is never louder than asked
    return Pcm(_samples_to_bytes(array("h", [(s * factor) >> 16 for s in pcm.samples()])))


def _tame_beeps(beeps: Sequence[Play], peaks: _Peaks) -> list[Play]:
    """Beeps as given, except groups that overlap each other and would sum louder than the
    loudest of them: two beeps at once sound no louder than one, which leaves a voice over them
    the same room as over one beep (with the shipped sounds, the rest's end and the next
    exercise's first beep fall together at every exercise after a rest)."""
    out: list[Play] = []
    group: list[Play] = []
    group_end = -1
    # The same pile recurs at every exercise: each shape is summed and scaled once.
    memo: dict[tuple[int, ...], tuple[list[Pcm], list[Pcm]]] = {}
    for b in sorted(beeps, key=lambda p: p.start):
        if group and b.start >= group_end:
            out.extend(_tame_group(group, peaks, memo))
            group = []
        group.append(b)
        group_end = max(group_end, b.end) if len(group) > 1 else b.end
    out.extend(_tame_group(group, peaks, memo))
    return out


def _tame_group(
    group: list[Play], peaks: _Peaks, memo: dict[tuple[int, ...], tuple[list[Pcm], list[Pcm]]]
) -> list[Play]:
    if len(group) < 2:
        return group
    target = min(LIMIT, max(peaks(b.pcm) for b in group))
    if sum(peaks(b.pcm) for b in group) <= target:
        return group
    start = group[0].start
    key = _flat((id(b.pcm), b.start - start) for b in group)
    known = memo.get(key)
    if known is None:
        summed = _sum_window(group, start, max(b.end for b in group))
        peak = max(max(summed), -min(summed))
        originals = [b.pcm for b in group]  # kept, so that their ids are not reused
        if peak <= target:
            known = (originals, originals)
        else:
            known = (originals, [_scale(b.pcm, target / peak) for b in group])
        memo[key] = known
    return [Play(b.start, pcm, b.label, b.voice) for b, pcm in zip(group, known[1], strict=True)]


def _sum_window(plays: Iterable[Play], start: int, end: int) -> list[int]:
    """The plays added up over frames ``start`` to ``end`` (each may cover part of it)."""
    total = [0] * (end - start)
    for p in plays:
        lo, hi = max(start, p.start), min(end, p.end)
        if lo >= hi:
            continue
        chunk = _bytes_to_samples(p.pcm.data[2 * (lo - p.start) : 2 * (hi - p.start)])
        i, j = lo - start, hi - start
        total[i:j] = [a + b for a, b in zip(total[i:j], chunk, strict=True)]
    return total


def _sum_span(plays: Sequence[Play], start: int, end: int) -> list[int]:
    """The plays added up over frames ``start`` to ``end``, which every one of them covers."""
    chunks = [
        _bytes_to_samples(p.pcm.data[2 * (start - p.start) : 2 * (end - p.start)]) for p in plays
    ]
    if len(chunks) == 2:
        return [a + b for a, b in zip(chunks[0], chunks[1], strict=True)]
    return [sum(t) for t in zip(*chunks, strict=True)]


def _safe_gain(start: int, pcm: Pcm, over: Sequence[Play], ceiling: float) -> float:
    """The largest gain up to ``ceiling`` for which the phrase plus the beeps stay in range.

    Only where beeps sound is anything added up: a long cue over two beeps seconds apart is two
    short windows, not the whole cue.
    """
    end = start + pcm.frames
    gain = ceiling
    windows: list[list[int]] = []
    for b in sorted(over, key=lambda p: p.start):
        lo, hi = max(start, b.start), min(end, b.end)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], hi)
        else:
            windows.append([lo, hi])
    for lo, hi in windows:
        beeps = _sum_window(over, lo, hi)
        voice = _bytes_to_samples(pcm.data[2 * (lo - start) : 2 * (hi - start)])
        for s, v in zip(beeps, voice, strict=True):
            if v == 0:
                continue
            # |s + g v| <= L: room is L - |s| when they push the same way, L + |s| if opposed.
            room = LIMIT - abs(s) if (s >= 0) == (v > 0) else LIMIT + abs(s)
            gain = min(gain, room / abs(v))
    return max(0.0, gain)


def mix(plays: Sequence[Play], frames: int | None = None) -> Pcm:
    """All plays summed into one sound of ``frames`` frames (None: until the last one ends).

    Where only one sound plays its bytes are copied; only overlaps are added sample by sample,
    which keeps a 13-minute workout to well under a second. Sums beyond full scale (which a
    ``layout`` never makes) are clamped.
    """
    if frames is None:
        frames = max((p.end for p in plays), default=0)
    out = bytearray(2 * frames)
    ordered = sorted((p for p in plays if p.start < frames and p.pcm.frames), key=lambda p: p.start)
    ends = (min(p.end, frames) for p in ordered)
    points = sorted({0, frames, *(p.start for p in ordered), *ends})
    active: list[Play] = []
    nxt = 0
    done: dict[tuple[int, ...], bytes] = {}  # ids are stable: ``plays`` holds every sound
    for a, b in itertools.pairwise(points):
        active = [p for p in active if p.end > a]
        while nxt < len(ordered) and ordered[nxt].start <= a:
            active.append(ordered[nxt])
            nxt += 1
        if not active or a >= b:
            continue
        if len(active) == 1:
            p = active[0]
            out[2 * a : 2 * b] = p.pcm.data[2 * (a - p.start) : 2 * (b - p.start)]
            continue
        # The same phrase over the same beep recurs at every rep: add each pairing up once.
        key = (b - a, *_flat(sorted((id(p.pcm), a - p.start) for p in active)))
        mixed = done.get(key)
        if mixed is None:
            total = _sum_span(active, a, b)
            try:
                summed = array("h", total)
            except OverflowError:
                summed = array("h", [max(-32768, min(FULL_SCALE, s)) for s in total])
            mixed = done[key] = _samples_to_bytes(summed)
        out[2 * a : 2 * b] = mixed
    return Pcm(bytes(out))
