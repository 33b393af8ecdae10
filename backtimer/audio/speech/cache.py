"""Rendered phrases kept on disk between runs, so a second start speaks at once.

One WAV file per phrase, named by a hash of everything its sound depends on (the engine, its
version, voice and speed, and the text), under a folder per engine. Files are written atomically
(a temporary file, then a rename), so a reader sees a whole file or none; a file that is damaged
anyway (cut short by a full disk, altered by hand) is deleted and rendered again, never trusted.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path

from backtimer.audio.pcm import Pcm
from backtimer.audio.speech.wavdata import SpeechWavError, decode_cached, encode_wav
from backtimer.settings.atomic import write_bytes

FORMAT = 1
"""Bumped when the way phrases are processed changes, so old files are not reused."""
_MAX_FILE = 32 * 1024 * 1024  # 6 minutes of speech: no phrase is this long, a larger file is junk


class PhraseCache:
    """Phrases of one engine setting (``key``, see ``Engine.key``) in ``folder``.

    Only the renderer's worker thread calls ``load`` and ``store``; a second process working on
    the same folder is harmless, as each write replaces a whole file.
    """

    def __init__(self, folder: Path, key: str) -> None:
        self.key = key
        engine = key.split("|", 1)[0] or "engine"
        self.folder = folder / "".join(c if c.isalnum() or c in "-_." else "_" for c in engine)

    def path(self, text: str) -> Path:
        """The file that holds ``text`` spoken with this cache's engine setting."""
        ident = json.dumps([FORMAT, self.key, text], ensure_ascii=False)
        digest = hashlib.sha256(ident.encode("utf-8")).hexdigest()
        return self.folder / f"{digest[:40]}.wav"

    def load(self, text: str) -> Pcm | None:
        """The cached phrase, or None if it is missing or damaged (a damaged file is deleted)."""
        path = self.path(text)
        try:
            if path.stat().st_size > _MAX_FILE:
                raise SpeechWavError("too large")
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except SpeechWavError:
            self._discard(path)
            return None
        except OSError:
            return None  # unreadable (permissions): render it, and let store() say no quietly
        try:
            return decode_cached(data)
        except SpeechWavError:
            self._discard(path)
            return None

    def store(self, text: str, pcm: Pcm) -> bool:
        """Writes the phrase; False if it could not be (a read-only or full disk)."""
        try:
            write_bytes(self.path(text), encode_wav(pcm))
        except OSError:
            return False
        return True

    @staticmethod
    def _discard(path: Path) -> None:
        with contextlib.suppress(OSError):
            path.unlink()
