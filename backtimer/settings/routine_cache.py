"""Routines already checked, kept in the user's cache folder: a routine read before is not checked
again, so a workout's first frame (and ``backtimer list``) loads neither YAML nor pydantic.

An entry holds the checked routine as plain values (``core.model.to_data``), where each of its
``sounds`` entries sits in the file, and the training log's hash of it (``content_hash``: its JSON
is 13 ms of work for 1,000 exercises, at every workout's start). It is filed under a key made of
the file's exact bytes, backtimer's version, the code that checks a routine (the text of the model,
schema and loader modules) and the installed pydantic and PyYAML: change any of them and the key
changes, so an entry never stands for other bytes or other rules. The entry names its key and
carries a checksum of its body; one that is missing, unreadable, cut short, altered or of another
key is a miss, and the routine is checked as it would be without a cache. Writing is best-effort
and silent: a cache folder that cannot be made or written costs the check, nothing else.

Sound files a routine names are looked at on every load, hit or miss: they can change while the
routine does not. The folder is ``routines/`` in the user's cache folder; deleting it is always
safe.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from backtimer import __version__
from backtimer.core.content import ContentErrors, decode, read_bytes, sound_problems
from backtimer.core.events import SoundEvent
from backtimer.core.model import (
    Routine,
    content_hash,
    from_data,
    remember_content_hash,
    to_data,
)
from backtimer.settings.paths import user_cache_dir

if TYPE_CHECKING:
    from backtimer.core.loader import Checked

FORMAT = 2
"""Bumped when what an entry holds changes."""
_MAGIC = b"backtimer-routine"
MAX_ENTRIES = 64  # routines kept; the oldest written go first
# The modules whose code decides what a valid routine is and what it becomes.
_RULES = (
    "core/model.py",
    "core/schema.py",
    "core/loader.py",
    "core/content.py",
    "core/duration.py",
    "core/events.py",
)
_LIBRARIES = ("pydantic", "pydantic_core", "yaml")
_HASH = re.compile(r"[0-9a-f]{16}")
_PACKAGE = Path(__file__).resolve().parents[1]


def cache_dir() -> Path:
    """The folder of checked routines."""
    return user_cache_dir() / "routines"


def load(path: Path) -> Routine:
    """The routine in the file at ``path``, checked, or ContentErrors naming every problem in it.

    The same answer as ``core.loader.load_routine(path)``, from the cache when the same bytes
    were checked before by the same code.
    """
    raw = read_bytes(path)
    name = str(path)
    key = entry_key(raw)
    found = _read(key) if key is not None else None
    if found is not None:
        routine, positions = found
        problems = sound_problems(routine, positions, name, path.parent)
        if problems:
            raise ContentErrors(problems)
        return routine
    from backtimer.core.loader import check_routine_text

    checked = check_routine_text(decode(raw, name), name, base=path.parent)
    if key is not None:
        _write(key, checked)
    return checked.routine


def entry_key(raw: bytes) -> str | None:
    """The key of the entry for a file of these bytes; None when the code that checks routines
    cannot be read (no cache then)."""
    rules = _rules_fingerprint()
    if rules is None:
        return None
    return hashlib.sha256(rules + hashlib.sha256(raw).digest()).hexdigest()


@functools.cache
def _rules_fingerprint() -> bytes | None:
    digest = hashlib.sha256(_MAGIC + b"\0%d\0" % FORMAT + __version__.encode() + b"\0")
    try:
        for name in _RULES:
            digest.update((_PACKAGE / name).read_bytes())
            digest.update(b"\0")
    except OSError:
        return None
    digest.update(_libraries().encode())
    return digest.digest()


def _libraries() -> str:
    """Which pydantic and PyYAML are installed, without importing them: where each package is
    and when its files were written (installing another version writes them anew)."""
    from importlib.util import find_spec

    found = []
    for name in _LIBRARIES:
        try:
            spec = find_spec(name)
        except (ImportError, ValueError):
            spec = None
        origin = spec.origin if spec is not None else None
        try:
            st = os.stat(origin) if origin else None
        except OSError:
            st = None
        found.append(f"{name}={origin}:{st.st_size}:{st.st_mtime_ns}" if st else f"{name}=-")
    return ";".join(found)


def _entry_path(key: str) -> Path:
    return cache_dir() / f"{key}.json"


def _read(key: str) -> tuple[Routine, dict[SoundEvent, tuple[int, int]]] | None:
    """The entry filed under ``key``, or None when there is none that can be trusted."""
    try:
        data = _entry_path(key).read_bytes()
    except (OSError, ValueError):
        return None
    try:
        head, _, body = data.partition(b"\n")
        magic, form, named, checksum = head.split(b" ")
        if (magic, form, named.decode()) != (_MAGIC, b"%d" % FORMAT, key):
            return None
        if hashlib.sha256(body).hexdigest().encode() != checksum:
            return None
        values = json.loads(body)
        routine = from_data(values["routine"])
        positions = {SoundEvent(k): (int(v[0]), int(v[1])) for k, v in values["sounds"].items()}
        hashed = values["content_hash"]
        if not (isinstance(hashed, str) and _HASH.fullmatch(hashed)):
            return None
    except Exception:  # anything wrong with an entry makes it a miss, never a failure
        return None
    remember_content_hash(routine, hashed)
    return routine, positions


def _write(key: str, checked: Checked) -> None:
    """File the checked routine under ``key``; quietly nothing when that cannot be done."""
    from backtimer.settings.atomic import write_bytes

    values: dict[str, Any] = {
        "routine": to_data(checked.routine),
        "sounds": {str(k): list(v) for k, v in checked.sound_positions.items()},
        # The training log's hash of it (``core.model.content_hash``), worked out once here.
        "content_hash": content_hash(checked.routine),
    }
    body = json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    checksum = hashlib.sha256(body).hexdigest().encode()
    head = b" ".join((_MAGIC, b"%d" % FORMAT, key.encode(), checksum))
    try:
        write_bytes(_entry_path(key), head + b"\n" + body, durable=False)
    except (OSError, ValueError):
        return
    _prune(cache_dir())


def _prune(folder: Path) -> None:
    """Remove the oldest entries beyond ``MAX_ENTRIES``: the folder cannot grow without end."""
    keep = MAX_ENTRIES
    try:
        entries = [(p.stat().st_mtime_ns, p) for p in folder.iterdir() if p.suffix == ".json"]
    except OSError:
        return
    if len(entries) <= keep:
        return
    entries.sort()
    for _, old in entries[: len(entries) - keep]:
        with contextlib.suppress(OSError):
            old.unlink()
