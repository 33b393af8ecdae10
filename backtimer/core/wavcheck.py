"""Checks that a sound file is a WAV the audio backends can play, for load-time errors.

Only the standard library is used, so routines and the config can be checked at load time
without any audio library; the audio layer converts what ``read_raw`` gives into its own format.
"""

from __future__ import annotations

import os
import stat
import struct
import wave
from dataclasses import dataclass
from pathlib import Path

MAX_WAV_BYTES = 5 * 1024 * 1024
MAX_SECONDS = 60.0
MIN_RATE, MAX_RATE = 8000, 192000
MAX_CHANNELS = 8


class WavError(Exception):
    """A file that is not a WAV this program can play; the message says why, for a person."""


@dataclass(frozen=True)
class RawWav:
    """A WAV file's frames as stored, with their layout."""

    channels: int
    width: int
    rate: int
    frames: bytes


def read_raw(path: Path) -> RawWav:
    """The file's frames, or WavError saying why it cannot be played."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise WavError("no such file") from None
    except OSError as exc:
        raise WavError(f"cannot read: {exc.strerror or exc}") from None
    if not stat.S_ISREG(st.st_mode):
        raise WavError("is not a regular file")
    if st.st_size > MAX_WAV_BYTES:
        raise WavError(f"is too large ({st.st_size:,} bytes; the limit is {MAX_WAV_BYTES:,})")
    try:
        with wave.open(str(path), "rb") as w:
            channels, width, rate, nframes = (
                w.getnchannels(),
                w.getsampwidth(),
                w.getframerate(),
                w.getnframes(),
            )
            if width not in (1, 2, 3, 4):
                raise WavError(f"has {width * 8}-bit samples; 8, 16, 24 or 32-bit PCM is needed")
            if not 1 <= channels <= MAX_CHANNELS:
                raise WavError(f"has {channels} channels; 1 to {MAX_CHANNELS} are supported")
            if not MIN_RATE <= rate <= MAX_RATE:
                raise WavError(
                    f"has a sample rate of {rate} Hz; {MIN_RATE} to {MAX_RATE} Hz is supported"
                )
            if nframes == 0:
                raise WavError("holds no sound")
            if nframes / rate > MAX_SECONDS:
                raise WavError(
                    f"is {nframes / rate:.0f} s long; a sound may last {MAX_SECONDS:.0f} s at most"
                )
            frames = w.readframes(nframes)
    except WavError:
        raise
    except (wave.Error, EOFError, struct.error, ValueError, OverflowError) as exc:
        raise WavError(f"is not a WAV file this program can play ({exc})") from None
    except OSError as exc:
        raise WavError(f"cannot read: {exc.strerror or exc}") from None
    whole = len(frames) // (width * channels)
    if whole < nframes:
        # A file cut short (an interrupted copy) would otherwise play a fragment without a word.
        raise WavError(f"is cut short: it promises {nframes} frames but holds {whole}")
    return RawWav(channels, width, rate, frames)


def check_wav_file(path: Path) -> None:
    """Raises WavError unless ``path`` is a WAV file that ``read_wav`` can turn into a sound."""
    read_raw(path)


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
