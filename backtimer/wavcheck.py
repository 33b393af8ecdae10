"""Checks that a user's sound file is a WAV the audio backends can play."""

from __future__ import annotations

import os
import stat
import wave
from pathlib import Path

MAX_WAV_BYTES = 5 * 1024 * 1024


def check_wav(path: Path) -> str | None:
    """None when ``path`` is a playable WAV, else what is wrong with it."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return "no such file"
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"
    if not stat.S_ISREG(st.st_mode):
        return "is not a regular file"
    if st.st_size > MAX_WAV_BYTES:
        return f"is too large ({st.st_size:,} bytes; the limit is {MAX_WAV_BYTES:,})"
    try:
        with wave.open(str(path), "rb") as w:
            if w.getsampwidth() not in (1, 2, 3, 4):
                return f"unsupported sample width {w.getsampwidth()}"
            if w.getnchannels() not in (1, 2):
                return f"unsupported channel count {w.getnchannels()}"
            if w.getnframes() == 0:
                return "holds no sound"
    except (wave.Error, EOFError) as exc:
        return f"not a WAV file this program can play ({exc})"
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"
    return None
