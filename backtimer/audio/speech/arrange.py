"""One voice, no talking over itself: when each announcement is actually said, and for how long.

The rule, applied in time order:

- a phrase due while the voice is free starts on time;
- a count or phase word (``Priority.BEAT``) always starts on time: whatever is being said is cut
  where it begins (a new beat word cuts the previous one too, at a fast count);
- any other phrase of higher priority than the one being said cuts it the same way;
- otherwise it waits, with the other waiting phrases, highest priority first, then oldest; one
  that cannot start by its ``until`` is left out;
- a phrase that would be cut before ``min_part`` of it is said is left out altogether: half a
  word is noise.

Pure: the same announcements and phrases always give the same result, so the live player and a
rendered file say the same things at the same samples.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from backtimer.audio.pcm import RATE, Pcm
from backtimer.audio.speech.announce import Announcement, Priority

PhraseSource = Callable[[str], Pcm | None]
MIN_PART = 0.5


@dataclass(frozen=True)
class Utterance:
    """An announcement as said: from frame ``start`` of the workout, ``frames`` of ``pcm``."""

    announcement: Announcement
    start: int
    pcm: Pcm
    frames: int

    @property
    def end(self) -> int:
        return self.start + self.frames

    @property
    def cut(self) -> bool:
        return self.frames < self.pcm.frames


def to_frame(seconds: float, rate: int = RATE) -> int:
    """The sample frame at ``seconds`` into the workout."""
    return round(seconds * rate)


def arrange(
    said: Sequence[Announcement],
    phrase: PhraseSource,
    *,
    since: float = 0.0,
    min_part: float = MIN_PART,
    rate: int = RATE,
) -> list[Utterance]:
    """What is said when, in order, never two at once (see the module's rule).

    ``phrase(text)`` gives a rendered phrase or None (not ready: it is left out, its beep plays
    alone). Announcements due before ``since`` seconds are left out, for a workout resumed or
    skipped to the middle.
    """
    order = sorted(range(len(said)), key=lambda i: (said[i].at, -said[i].priority, i))
    out: list[Utterance] = []
    waiting: list[tuple[int, float, int, Announcement, Pcm]] = []  # a heap
    busy_until = 0  # frame where the last started utterance ends

    def begin(ann: Announcement, pcm: Pcm, start: int) -> None:
        nonlocal busy_until
        out.append(Utterance(ann, start, pcm, pcm.frames))
        busy_until = start + pcm.frames

    def start_waiting(limit: int | None) -> None:
        """Starts waiting phrases, one after another, while the voice frees up before ``limit``."""
        while waiting and (limit is None or busy_until < limit):
            _, _, _, ann, pcm = heapq.heappop(waiting)
            start = max(busy_until, to_frame(ann.at, rate))
            if start > to_frame(ann.until, rate):
                continue  # too late to be worth saying
            begin(ann, pcm, start)

    for i in order:
        ann = said[i]
        if ann.at < since:
            continue
        pcm = phrase(ann.text)
        if pcm is None or pcm.frames == 0:
            continue
        at = to_frame(ann.at, rate)
        start_waiting(at)
        if busy_until <= at:
            begin(ann, pcm, at)
            continue
        current = out[-1]
        if ann.priority == Priority.BEAT or ann.priority > current.announcement.priority:
            said_part = at - current.start
            if said_part < min_part * current.pcm.frames:
                out.pop()
            else:
                out[-1] = Utterance(current.announcement, current.start, current.pcm, said_part)
            begin(ann, pcm, at)
        else:
            heapq.heappush(waiting, (-ann.priority, ann.at, i, ann, pcm))
    start_waiting(None)
    return out
