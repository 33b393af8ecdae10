"""Writing a rendered workout to a file: WAV with the standard library, FLAC, OGG and MP3 through
``soundfile`` (libsndfile, the ``backtimer[render]`` extra) when it is installed.

The file is written beside its final name and renamed into place once whole, so an interrupted
render never leaves half a file under the name asked for.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import wave
from collections.abc import Callable
from pathlib import Path
from typing import Any

from backtimer.audio.pcm import RATE, Pcm

FORMATS: dict[str, tuple[str, str] | None] = {
    "wav": None,  # the standard library's wave module
    "flac": ("FLAC", "PCM_16"),
    "ogg": ("OGG", "VORBIS"),
    "mp3": ("MP3", "MPEG_LAYER_III"),
}
"""Each format by name: None for WAV, else libsndfile's (format, subtype)."""
ALIASES = {"wave": "wav", "oga": "ogg", "fla": "flac"}
_BLOCK = 1 << 16  # frames a write: libsndfile's Vorbis encoder crashes on one huge write

Progress = Callable[[float], None]


class AudioFileError(Exception):
    """A format that cannot be written here, or a file that cannot be; one line, for a person."""


def pick_format(path: Path, given: str | None = None) -> str:
    """The format named by ``given`` (``--format``), else by the file's extension."""
    name = (given or path.suffix.lstrip(".")).strip().lower()
    name = ALIASES.get(name, name)
    if name in FORMATS:
        return name
    choices = ", ".join(FORMATS)
    if given:
        raise AudioFileError(f"--format: unknown format '{given}'; choose one of {choices}")
    if not path.suffix:
        raise AudioFileError(f"{path}: no extension to tell the format by; add one or --format")
    raise AudioFileError(f"{path}: unknown format '{path.suffix}'; use one of {choices}")


def soundfile_module() -> Any:
    """The ``soundfile`` module, or AudioFileError saying how to install it."""
    try:
        return importlib.import_module("soundfile")
    except ImportError:
        raise AudioFileError(
            "FLAC, OGG and MP3 need the soundfile package: pip install 'backtimer[render]' "
            "(WAV needs nothing)"
        ) from None
    except OSError as exc:  # installed, but libsndfile itself cannot be loaded
        raise AudioFileError(f"soundfile cannot be loaded ({exc})") from None


def check_format(name: str) -> None:
    """Raises AudioFileError now, before any work, if ``name`` cannot be written here."""
    if FORMATS[name] is not None:
        soundfile_module()


def write_audio(path: Path, sound: Pcm, name: str, progress: Progress | None = None) -> None:
    """Writes ``sound`` (mono, 16-bit, ``RATE``) to ``path`` as format ``name``."""
    folder = path.parent if str(path.parent) else Path(".")
    spec = FORMATS[name]
    module = soundfile_module() if spec is not None else None
    temp = folder / f".{path.name}.{os.getpid()}.part"
    # Created as a new file normally is (0o666 less the umask): mkstemp's 0o600 would stay.
    os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666))
    try:
        if spec is None:
            _write_wav(Path(temp), sound, progress)
        else:
            _write_soundfile(module, Path(temp), sound, spec, progress)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _write_wav(path: Path, sound: Pcm, progress: Progress | None) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        step = 2 * _BLOCK * 16
        for at in range(0, len(sound.data), step):
            w.writeframes(sound.data[at : at + step])
            if progress is not None:
                progress(min(1.0, (at + step) / max(1, len(sound.data))))


def _write_soundfile(
    module: Any, path: Path, sound: Pcm, spec: tuple[str, str], progress: Progress | None
) -> None:
    import numpy

    samples = numpy.frombuffer(sound.data, dtype="<i2")
    fmt, subtype = spec
    try:
        with module.SoundFile(
            str(path), "w", samplerate=RATE, channels=1, format=fmt, subtype=subtype
        ) as out:
            for at in range(0, len(samples), _BLOCK):
                out.write(samples[at : at + _BLOCK])
                if progress is not None:
                    progress(min(1.0, (at + _BLOCK) / max(1, len(samples))))
    except (RuntimeError, TypeError, ValueError) as exc:  # libsndfile's refusals
        raise AudioFileError(f"cannot write {fmt}: {exc}") from None
