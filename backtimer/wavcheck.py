"""Checks that a user's sound file is a WAV the audio backends can play, for load-time errors."""

from __future__ import annotations

from pathlib import Path

from backtimer.audio.pcm import MAX_WAV_BYTES, WavError, check_wav_file

__all__ = ["MAX_WAV_BYTES", "check_wav"]


def check_wav(path: Path) -> str | None:
    """None when ``path`` is a playable WAV, else what is wrong with it.

    Playable means what the player will accept when it opens: a regular file of at most 5 MB,
    uncompressed PCM of 8 to 32 bits, 1 to 8 channels, 8 to 192 kHz, whole (not cut short), with
    some sound in it and at most a minute long. The player converts it to 16-bit mono 44.1 kHz.
    """
    try:
        check_wav_file(path)
    except WavError as exc:
        return str(exc)
    return None
