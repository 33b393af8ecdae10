"""A whole workout as one sound: every beep and spoken word at its sample, the plan's length.

The same pieces as the live voice decide what sounds when: the plan's beeps at their frames
(``mixdown.beep_plays``), the voice as ``arrange`` says, levels from ``mixdown.clip_safe``. A file
has one thing live playback does not: an end. The plan puts its closing sounds (the last
exercise's done beep, the workout-done beep and "Workout complete") at the very moment the
workout ends, where a file of exactly the plan's length has no room left. So the closing sounds
are moved earlier together, just enough that the last of them ends with the file: they keep their
timing among themselves (they start together, as they do live), and every other sound stays on
its planned frame. Words due in that last stretch (the final phase word, a last count) give way
to "Workout complete", which is said whole.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from backtimer.audio.pcm import RATE, Pcm
from backtimer.audio.speech.announce import Announcement, Kind
from backtimer.audio.speech.arrange import MIN_PART, PhraseSource, arrange, to_frame
from backtimer.audio.speech.mixdown import Play, beep_plays, clip_safe
from backtimer.core.events import SoundEvent
from backtimer.core.plan import Plan


@dataclass(frozen=True)
class Track:
    """Every sound of the workout (``plays``, in order of start), ``frames`` long in all.

    ``closing`` is the frame where the closing sounds begin (``frames`` when there are none).
    """

    plays: list[Play]
    frames: int
    closing: int

    @property
    def voice(self) -> list[Play]:
        return [p for p in self.plays if p.voice]


def workout_track(
    plan: Plan,
    said: Sequence[Announcement],
    phrase: PhraseSource,
    sounds: Mapping[SoundEvent, Pcm],
    *,
    voice_gain: float = 1.0,
    min_part: float = MIN_PART,
) -> Track:
    """The workout's sounds for a file of exactly ``plan.total_seconds``; see the module."""
    frames = to_frame(plan.total_seconds)
    beeps = beep_plays(plan, sounds)
    closing_beeps = [b for b in beeps if b.start >= frames]
    closing_words = [a for a in said if to_frame(a.at) >= frames]
    lengths = [b.end - frames for b in closing_beeps]
    for a in closing_words:
        pcm = phrase(a.text)
        if pcm is not None:
            lengths.append(to_frame(a.at) + pcm.frames - frames)
    shift = min(frames, max(lengths, default=0))
    closing = frames - shift
    # The closing beeps end with the file; the rest keep their frames.
    moved = [replace(b, start=b.start - shift) for b in closing_beeps]
    kept = [b for b in beeps if b.start < frames]
    # The closing words take the beat's right of way: what is being said gives way to them,
    # and nothing due after they begin cuts them short.
    words = [a for a in said if to_frame(a.at) < closing]
    for a in closing_words:
        at = (to_frame(a.at) - shift) / RATE
        words.append(Announcement(at, a.text, Kind.PHASE, a.step, at))
    voice = arrange(words, phrase, min_part=min_part)
    plays = clip_safe(sorted(kept + moved, key=lambda p: p.start), voice, voice_gain)
    return Track(plays, frames, closing)
