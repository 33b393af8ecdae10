"""Finds routines: the shipped ones, the user's own, or a file given by path."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from backtimer.settings.paths import content_dir, user_routines_dir

if TYPE_CHECKING:
    from backtimer.core.model import Routine

_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Entry:
    """A routine file and where it comes from."""

    id: str
    path: Path
    origin: str  # "shipped", "yours" or "file"


def _scan(folder: Path, origin: str) -> list[Entry]:
    try:
        files = sorted(p for p in folder.iterdir() if p.suffix in _SUFFIXES)
    except OSError:
        return []
    return [Entry(p.stem, p, origin) for p in files if not p.name.startswith(".")]


def shipped() -> list[Entry]:
    return _scan(content_dir(), "shipped")


def user() -> list[Entry]:
    return _scan(user_routines_dir(), "yours")


def entries() -> list[Entry]:
    """Every known routine; a user's routine with a shipped id hides the shipped one."""
    mine = user()
    ids = {e.id for e in mine}
    return [e for e in shipped() if e.id not in ids] + mine


class NotFound(LookupError):
    """No routine by that id or path; ``reason`` says why when it is not simply unknown."""

    def __init__(self, name: str, known: list[str], reason: str = "") -> None:
        self.name = name
        self.known = known
        if reason:
            message = f"no routine '{name}': {reason}"
        else:
            message = f"no routine '{name}'; known routines: {', '.join(known) or 'none'}"
        super().__init__(message)


def _is_file_or_dir(path: Path) -> bool:
    """Whether something is at ``path``; False when that cannot even be asked (a working
    folder the user cannot search, a name too long for the file system)."""
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


def resolve(name: str) -> Entry:
    """The routine with this id, or the file at this path. Raises NotFound."""
    if "\0" in name:
        raise NotFound(name, [], "a name cannot hold a NUL character")
    try:
        path = Path(name).expanduser()
    except RuntimeError:  # '~nosuchuser/...': no such user, or no home folder
        user = name.split("/", 1)[0]
        raise NotFound(name, [], f"there is no home folder for '{user}'") from None
    looks_like_path = "/" in name or path.suffix in _SUFFIXES or name.startswith(".")
    if looks_like_path or _is_file_or_dir(path):
        return Entry(path.stem, path, "file")
    known = entries()
    # The exact id first; else ignoring case (a user's file may be called "Legs Day.yaml").
    for entry in known:
        if entry.id == name:
            return entry
    for entry in known:
        if entry.id.lower() == name.lower():
            return entry
    raise NotFound(name, [e.id for e in known])


def load(entry: Entry, *, cached: bool = True) -> Routine:
    """The entry's routine, or ContentErrors naming every problem in its file.

    A routine read before comes from the cache of checked routines (``settings.routine_cache``)
    unless ``cached`` is false: ``backtimer check`` always checks afresh.

    Any other failure while reading one file (a fault in the loader that some file can trigger)
    is reported the same way, at the file's first line: one bad file among the user's routines
    must not stop a listing of the others.
    """
    from backtimer.core.content import ContentError, ContentErrors

    try:
        if not cached:
            from backtimer.core.loader import load_routine

            return load_routine(entry.path)
        from backtimer.settings import routine_cache

        return routine_cache.load(entry.path)
    except ContentErrors:
        raise
    except Exception as exc:  # every other failure: see the docstring
        problem = f"cannot be read ({type(exc).__name__}: {exc})"
        raise ContentErrors([ContentError(str(entry.path), 1, 1, problem)]) from exc
