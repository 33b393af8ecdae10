"""Lines of big letters already drawn, kept in the user's cache folder: a workout's first frame
draws its phase word and its count without importing pyfiglet or parsing a font (about 20 ms and
1.3 MB of a start).

The file, ``bigtext.json`` in the user's cache folder, is filed under a key made of backtimer's
version, the text of the code that draws the letters and pyfiglet's version: change any of them
and the old lines are dropped, so a line never comes from other fonts or other rules. A line not
in the file is drawn as before and added; the file is written once, as the program ends, with at
most ``MAX_LINES`` lines (the oldest go first). Reading or writing it never fails the program: a
damaged, foreign or unwritable file costs the drawing, nothing else, and deleting it is always
safe.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import importlib.util
import json
from pathlib import Path
from typing import Final

from backtimer import __version__
from backtimer.settings.atomic import write_bytes
from backtimer.settings.paths import user_cache_dir

FILE_NAME: Final = "bigtext.json"
MAX_LINES: Final = 2000
_SEPARATOR: Final = "\t"

Rows = tuple[str, ...] | None
"""A line's rows of cells, or None for a line its font cannot draw."""


class LetterCache:
    """The drawn lines of one program run: read from the file at the first lookup, written at
    exit if anything was added."""

    def __init__(self, code: Path) -> None:
        self._code = code
        self._lines: dict[str, object] | None = None  # rows, or as read from the file
        self._key = ""
        self._added = False

    def get(self, font: str, line: str) -> tuple[bool, Rows]:
        """(found, rows) for ``line`` in ``font``."""
        lines = self._loaded()
        name = f"{font}{_SEPARATOR}{line}"
        if name not in lines:
            return False, None
        # Entries from the file are checked as they are first used: a start uses a dozen of
        # a file's hundreds (checking them all took a millisecond or two of the first frame).
        rows = _rows(lines[name])
        if rows is _BAD:
            del lines[name]
            return False, None
        lines[name] = rows
        return True, rows

    def put(self, font: str, line: str, rows: Rows) -> None:
        lines = self._loaded()
        lines[f"{font}{_SEPARATOR}{line}"] = rows
        if not self._added:
            self._added = True
            atexit.register(self.save)

    def save(self) -> None:
        """Write the lines, if any were added; silently nothing when that cannot be done."""
        if not self._added or self._lines is None:
            return
        kept = [(name, rows) for name, rows in self._lines.items() if _rows(rows) is not _BAD]
        kept = kept[-MAX_LINES:]
        body = {"key": self._key, "lines": {name: rows for name, rows in kept}}
        with contextlib.suppress(OSError, ValueError):
            data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            write_bytes(self.path(), data, durable=False)
        self._added = False

    def path(self) -> Path:
        return user_cache_dir() / FILE_NAME

    def _loaded(self) -> dict[str, object]:
        if self._lines is None:
            self._key = self._make_key()
            self._lines = self._read()
        return self._lines

    def _make_key(self) -> str:
        digest = hashlib.sha256(__version__.encode())
        for source in (self._code, _pyfiglet_version_file()):
            with contextlib.suppress(OSError, TypeError):
                digest.update(Path(source).read_bytes())  # type: ignore[arg-type]
        return digest.hexdigest()

    def _read(self) -> dict[str, object]:
        try:
            body = json.loads(self.path().read_bytes())
        except (OSError, ValueError):
            return {}
        if not isinstance(body, dict) or body.get("key") != self._key:
            return {}
        lines = body.get("lines")
        return lines if isinstance(lines, dict) else {}


_BAD: Final = ("",)  # stands for an entry that is not a line's rows


def _rows(raw: object) -> Rows:
    """An entry as rows, or ``_BAD`` when it is not what this module writes."""
    if raw is None:
        return None
    if isinstance(raw, tuple | list) and all(isinstance(row, str) for row in raw):
        return tuple(raw)
    return _BAD


def _pyfiglet_version_file() -> Path | None:
    """pyfiglet's version file, found without importing pyfiglet."""
    spec = importlib.util.find_spec("pyfiglet")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "version.py"
