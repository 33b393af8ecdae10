"""What the voice says, and when: an announcement plan derived from the workout plan.

Pure data from a ``Plan``: no I/O, no engine, no clock, so it can be printed, tested and later
sit in the core. The plan is the only source of timing: a count is said on the plan's own count
beats (a move's or hold's start and each of its ``tick`` sounds), a phase word at its step's
start, a rest's words inside the rest.

What is said, by kind (``--voice-level`` picks how many kinds):

- count: "two", "three" on the later beats of a phase of two or more counts, and "one" on the
  first beat when phase words are not said (level ``counts``);
- phase: the phase's word ("Pull", "Pause") on its first beat, which is also its first count:
  two words cannot be said at once, and the phase word tells more (the beep marks the beat);
- cue: the exercise name when it begins, its set-up cues in set-up, and near the end of a rest
  "Next: <name>" with the next exercise's first cue;
- info: "Rest, thirty seconds", "Halfway", "Last rep", "Workout complete".

Counts and phase words are never moved off their beat; the other kinds are said when the voice
is free and may be cut short or left out (see ``arrange``): each has an ``until``, the latest
moment it is still worth starting.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from typing import Protocol

from backtimer.audio.speech.words import duration_words, number_words
from backtimer.core.plan import Plan, Step

NEXT_LEAD = 12.0
"""Seconds before a rest ends that "Next: ..." begins (or as soon as the rest's own words end)."""
DONE_GRACE = 10.0
"""Seconds after the workout ends that "Workout complete" may still start."""


class Kind(StrEnum):
    COUNT = "count"
    PHASE = "phase"
    CUE = "cue"
    INFO = "info"


class Priority(IntEnum):
    """Who gives way: a higher priority cuts a lower one short; a lower one waits or is dropped."""

    CUE = 1  # long texts, read when there is room
    INFO = 2  # short news: rest, halfway, last rep, workout complete
    BEAT = 3  # counts and phase words: on the beat, always


_PRIORITY = {
    Kind.COUNT: Priority.BEAT,
    Kind.PHASE: Priority.BEAT,
    Kind.CUE: Priority.CUE,
    Kind.INFO: Priority.INFO,
}


class VoiceLevel(StrEnum):
    """How much is said (``--voice-level``); each level says all that the one before it says."""

    COUNTS = "counts"
    PHASES = "phases"
    CUES = "cues"
    ALL = "all"


_KINDS: dict[VoiceLevel, frozenset[Kind]] = {
    VoiceLevel.COUNTS: frozenset({Kind.COUNT}),
    VoiceLevel.PHASES: frozenset({Kind.COUNT, Kind.PHASE}),
    VoiceLevel.CUES: frozenset({Kind.COUNT, Kind.PHASE, Kind.CUE}),
    VoiceLevel.ALL: frozenset(Kind),
}


@dataclass(frozen=True)
class Announcement:
    """One phrase: said at ``at`` seconds into the workout, or not at all after ``until``."""

    at: float
    text: str
    kind: Kind
    step: int  # the plan step it belongs to
    until: float

    @property
    def priority(self) -> Priority:
        return _PRIORITY[self.kind]


def speakable(text: str) -> str:
    """Content text as one line for an engine: control characters dropped, spaces collapsed."""
    kept = "".join(
        " " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c
        for c in text
        if unicodedata.category(c) not in ("Cf", "Co", "Cs")
    )
    return " ".join(kept.split())


def count_beats(step: Step) -> list[float]:
    """Offsets in a move or hold where a count falls: its start and each of its ticks."""
    return list(step.count_starts)


def announcements(plan: Plan, level: VoiceLevel | str = VoiceLevel.ALL) -> list[Announcement]:
    """Everything the voice says in the workout at ``level``, in the order it is due."""
    kinds = _KINDS[VoiceLevel(level)]
    out: list[Announcement] = []

    def say(at: float, text: str, kind: Kind, step: Step, until: float | None = None) -> None:
        text = speakable(text)
        if kind in kinds and text:
            out.append(Announcement(at, text, kind, step.index, at if until is None else until))

    routine = plan.routine
    steps = plan.steps
    reps_start = _reps_starts(steps)
    for i, step in enumerate(steps):
        prev = steps[i - 1] if i > 0 else None
        if step.kind in ("setup", "get-ready", "move", "hold") and _opens_block(step, prev):
            assert step.exercise_index is not None
            name = routine.exercises[step.exercise_index].name
            say(step.start, name, Kind.CUE, step, reps_start.get(i, step.start))
        if step.kind == "setup":
            say(step.start, step.label, Kind.CUE, step, reps_start.get(i, step.end))
        elif step.kind in ("move", "hold"):
            _rep_step(plan, step, kinds, say)
        elif step.kind == "rest":
            _rest(plan, step, say)
        elif step.kind == "done":
            say(step.start, "Workout complete", Kind.INFO, step, step.start + DONE_GRACE)
    out.sort(key=lambda a: (a.at, -a.priority))  # stable: the order written above breaks ties
    return out


def _opens_block(step: Step, prev: Step | None) -> bool:
    """Whether ``step`` is the first of an exercise in a round (set-up, get-ready or a rep)."""
    return (
        prev is None
        or prev.kind in ("rest", "done")
        or prev.exercise_index != step.exercise_index
        or prev.round != step.round
    )


def _reps_starts(steps: Sequence[Step]) -> dict[int, float]:
    """For each set-up and get-ready step, when the reps it leads to begin."""
    out: dict[int, float] = {}
    waiting: list[int] = []
    for step in steps:
        if step.kind in ("setup", "get-ready"):
            waiting.append(step.index)
        elif step.kind in ("move", "hold"):
            for index in waiting:
                out[index] = step.start
            waiting = []
        else:
            waiting = []
    return out


class _Say(Protocol):
    def __call__(
        self, at: float, text: str, kind: Kind, step: Step, until: float | None = None
    ) -> None: ...


def _rep_step(plan: Plan, step: Step, kinds: Iterable[Kind], say: _Say) -> None:
    beats = count_beats(step)
    for k, offset in enumerate(beats):
        at = step.start + offset
        if k == 0:
            if Kind.PHASE in kinds:
                say(at, step.label, Kind.PHASE, step)
            elif len(beats) > 1:
                say(at, number_words(1), Kind.COUNT, step)
        else:
            say(at, number_words(k + 1), Kind.COUNT, step)
    if step.phase != 0 or step.rep is None or step.exercise_index is None:
        return
    reps = plan.routine.exercises[step.exercise_index].reps
    # Said after the first phase word, in the room before the next beat.
    if reps >= 4 and step.rep == reps // 2 + 1:
        say(step.start, "Halfway", Kind.INFO, step, step.end)
    if reps >= 2 and step.rep == reps:
        say(step.start, "Last rep", Kind.INFO, step, step.end)


def _rest(plan: Plan, step: Step, say: _Say) -> None:
    seconds = step.seconds or 0.0
    say(step.start, f"Rest, {duration_words(seconds)}", Kind.INFO, step, step.start + seconds / 2)
    if step.exercise_index is None:
        return
    nxt = plan.routine.exercises[step.exercise_index]
    at = max(step.start, step.end - NEXT_LEAD)
    say(at, f"Next: {nxt.name}", Kind.CUE, step, step.end)
    after = plan.steps[step.index + 1] if step.index + 1 < len(plan.steps) else None
    if after is None or after.kind != "setup":  # set-up reads that cue a moment later anyway
        say(at, nxt.cues[0], Kind.CUE, step, step.end)


def phrases(said: Iterable[Announcement]) -> list[str]:
    """Every distinct phrase, in the order first needed: what to render before the workout."""
    return list(dict.fromkeys(a.text for a in said))
