"""Finds routines: the shipped ones, the user's own, or a file given by path."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from backtimer.settings.paths import content_dir, user_routines_dir

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
    """No routine by that id or path."""

    def __init__(self, name: str, known: list[str]) -> None:
        self.name = name
        self.known = known
        super().__init__(f"no routine '{name}'; known routines: {', '.join(known) or 'none'}")


def resolve(name: str) -> Entry:
    """The routine with this id, or the file at this path."""
    path = Path(name).expanduser()
    looks_like_path = "/" in name or path.suffix in _SUFFIXES or name.startswith(".")
    if looks_like_path or path.exists():
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
