"""The sound events a plan carries and the audio layer plays: one name per distinct sound."""

from __future__ import annotations

from enum import StrEnum


class SoundEvent(StrEnum):
    """A moment in a workout that has its own sound, so it can be followed by ear."""

    TICK = "tick"  # each count inside a move or hold
    HOLD_START = "hold-start"
    HOLD_END = "hold-end"  # the release at the end of a hold
    PHASE = "phase"  # a movement phase begins (pull, return, ...)
    COUNTDOWN = "countdown"  # the 3-2-1 of a get-ready or a rest ending
    GO = "go"  # the first rep starts
    REST_OVER = "rest-over"
    EXERCISE_DONE = "exercise-done"
    WORKOUT_DONE = "workout-done"


SOUND_EVENTS: tuple[SoundEvent, ...] = tuple(SoundEvent)
