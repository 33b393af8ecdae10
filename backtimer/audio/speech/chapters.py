"""A chapter list for a rendered workout: where each exercise and each rest begins, by name.

Written beside the audio as a CUE sheet (``.cue``, which players use to skip between tracks) or as
JSON (``.json``). Pure data from the plan: a rendered file follows the plan's timeline exactly,
so a chapter starts at its step's planned time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from backtimer.audio.speech.announce import speakable
from backtimer.core.plan import Plan, Step

CHAPTER_FORMATS = ("cue", "json")
CUE_TRACKS = 99
"""The most tracks a CUE sheet can number."""
_CUE_FRAMES = 75  # a CUE sheet counts time in minutes, seconds and 1/75 s frames


class ChapterError(Exception):
    """A chapter list that cannot be written as asked; one line, for a person."""


@dataclass(frozen=True)
class Chapter:
    """One exercise in one round, or one rest: from ``start`` to ``end`` seconds."""

    start: float
    end: float
    title: str
    kind: str  # "exercise" or "rest"
    exercise: str | None  # the exercise's id (for a rest: the one it leads to)
    round: int | None


def _opens(step: Step, prev: Step | None) -> bool:
    if step.kind == "rest":
        return True
    if step.kind == "done":
        return False
    return (
        prev is None
        or prev.kind == "rest"
        or prev.exercise_index != step.exercise_index
        or prev.round != step.round
    )


def chapters(plan: Plan) -> list[Chapter]:
    """Every exercise of every round and every rest, in order, with its span in seconds."""
    routine = plan.routine
    rounds = routine.rounds
    starts: list[Step] = []
    prev: Step | None = None
    for step in plan.steps:
        if _opens(step, prev):
            starts.append(step)
        prev = step
    out: list[Chapter] = []
    ends = [s.start for s in starts[1:]] + [plan.total_seconds]
    for step, end in zip(starts, ends, strict=True):
        ex = routine.exercises[step.exercise_index] if step.exercise_index is not None else None
        name = speakable(ex.name) if ex is not None else ""
        if step.kind == "rest":
            title = f"Rest, next: {name}" if name else "Rest"
            kind = "rest"
        else:
            title = f"{name} (round {step.round} of {rounds})" if rounds > 1 else name
            kind = "exercise"
        out.append(Chapter(step.start, end, title, kind, step.exercise, step.round))
    return out


def chapter_format(path: Path) -> str:
    """``cue`` or ``json``, from the file's extension."""
    name = path.suffix.lstrip(".").lower()
    if name not in CHAPTER_FORMATS:
        raise ChapterError(
            f"--chapters {path}: the extension picks the format: .cue (a CUE sheet) or .json"
        )
    return name


def _cue_time(seconds: float) -> str:
    frames = round(seconds * _CUE_FRAMES)
    minutes, rest = divmod(frames, 60 * _CUE_FRAMES)
    secs, frame = divmod(rest, _CUE_FRAMES)
    return f"{minutes:02d}:{secs:02d}:{frame:02d}"


def _cue_text(text: str) -> str:
    # A CUE string is one line in double quotes with no way to escape one.
    return speakable(text).replace('"', "'")


def cue_sheet(plan: Plan, audio: str, audio_format: str) -> str:
    """The chapters as a CUE sheet for the audio file ``audio`` (named as the sheet sees it)."""
    found = chapters(plan)
    if len(found) > CUE_TRACKS:
        raise ChapterError(
            f"a CUE sheet holds at most {CUE_TRACKS} tracks and this workout has {len(found)} "
            "chapters; write them as JSON (--chapters FILE.json)"
        )
    kind = "MP3" if audio_format == "mp3" else "WAVE"
    lines = [
        'REM COMMENT "backtimer"',
        f'TITLE "{_cue_text(plan.routine.title)}"',
        f'FILE "{_cue_text(audio)}" {kind}',
    ]
    for n, chapter in enumerate(found, 1):
        lines += [
            f"  TRACK {n:02d} AUDIO",
            f'    TITLE "{_cue_text(chapter.title)}"',
            f"    INDEX 01 {_cue_time(chapter.start)}",
        ]
    return "\n".join(lines) + "\n"


def chapters_json(plan: Plan, audio: str) -> str:
    """The chapters as JSON: the routine's title, the audio file, its length, and each chapter."""
    data = {
        "title": plan.routine.title,
        "file": audio,
        "total_seconds": round(plan.total_seconds, 6),
        "chapters": [
            {
                "start": round(c.start, 6),
                "end": round(c.end, 6),
                "title": c.title,
                "kind": c.kind,
                "exercise": c.exercise,
                "round": c.round,
            }
            for c in chapters(plan)
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def chapter_text(plan: Plan, chapters_path: Path, audio_path: Path, audio_format: str) -> str:
    """The chapter list for ``chapters_path`` (its extension picks the format), naming the audio
    file as seen from the chapter list's folder."""
    import os

    name = chapter_format(chapters_path)
    try:
        audio = os.path.relpath(str(audio_path), str(chapters_path.parent))
    except ValueError:  # another drive (Windows): only a full path reaches it
        audio = str(audio_path.resolve())
    if name == "cue":
        return cue_sheet(plan, audio, audio_format)
    return chapters_json(plan, audio)
