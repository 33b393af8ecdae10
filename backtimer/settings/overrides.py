"""Your saved settings for a routine: the human-readable file ``overrides/<key>.yaml``.

The key names the routine (``settings_key``): its id for a shipped routine or one in your folder,
a slug plus a short hash of its path for a routine given by path, so no file name can break it
and two files of one name never share settings. In the file, exercises are keyed by id and holds
by their phase number (a YAML number, never text), so nothing saved can be read back as another
exercise or hold; files written before, with holds by name, are still read. A hold's length is a
number of counts (``2: 3``) or, for a hold kept in seconds, ``2: {seconds: 4}``: a bare number
always meant counts, and still does.

Settings saved for a routine given by path before keys existed went by its file's name alone
(``overrides/<name>.yaml``); such a file is used, and moved to the routine's key on the next
save, where it can be told to be this routine's (``old_key_file``), and otherwise left as it is.

The file is read exactly like content (safe YAML, strict model, ``PATH:LINE:COLUMN: message``
errors), but a broken file never stops a workout: loading returns its problems as warnings and the
routine runs on its own values. Saving keeps only values that differ from the routine, merges them
into what was saved before under a lock (so savers at the same moment never lose each other's
changes), and writes atomically; a broken file is never overwritten. Problems writing (a
read-only or full folder) raise ``SaveError`` with a message to show as it is.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import shlex
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from backtimer.core.adjustments import (
    COUNT_SECONDS,
    REST_BETWEEN_EXERCISES,
    REST_BETWEEN_ROUNDS,
    ROUNDS,
    Adjustments,
    Key,
    Number,
    hold_key,
    hold_seconds_key,
    reps_key,
)
from backtimer.core.content import ContentError, ContentErrors, read_text
from backtimer.core.lookup import find_exercise, find_hold, unknown_exercise
from backtimer.core.model import Exercise, Routine
from backtimer.settings import atomic
from backtimer.settings.layers import Layers
from backtimer.settings.paths import user_overrides_dir
from backtimer.settings.values import differs, other_unit, routine_value, sort_keys

if TYPE_CHECKING:
    from backtimer.core.loader import Document
    from backtimer.settings.catalog import Entry

MAX_BYTES = 64 * 1024  # a few dozen values; anything bigger is not this file.


class SaveError(Exception):
    """The overrides file could not be written or removed; the message says why, in one line."""

    def __init__(self, path: Path, message: str) -> None:
        self.path = path
        super().__init__(message)


class OverridesBroken(SaveError):
    """The existing overrides file has problems; it is left as it is rather than overwritten."""

    def __init__(self, path: Path, errors: list[ContentError]) -> None:
        self.errors = errors
        first = str(errors[0]) if errors else str(path)
        # The last of a long list may stand for many (ContentError.more).
        count = sum(e.more or 1 for e in errors)
        more = f" (and {count - 1:,} more)" if count > 1 else ""
        super().__init__(
            path,
            f"not saved: your settings file has problems and is left untouched: {first}{more}",
        )


@dataclass(frozen=True)
class Loaded:
    """The overrides file as read: its values, or the problems that made it ignored."""

    path: Path
    exists: bool
    values: dict[Key, Number]
    errors: tuple[ContentError, ...] = ()


# -- which file ------------------------------------------------------------------------------

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_MAX_KEY = 64  # characters of a key kept as it is; file systems allow 255 bytes
_SLUG_PART = 40  # characters of a name kept in a derived key, before its hash
# What an id could be before keys existed: a file there by that name is still read (and saved to).
_OLD_BAD_ID = re.compile(r"[/\\\x00-\x1f]")


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:_SLUG_PART].strip("-") or "routine"


def _digest(text: str) -> str:
    # surrogateescape: a file name that is not UTF-8 still has bytes to hash.
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:10]


def _resolved(path: Path) -> str:
    try:
        return str(path.expanduser().resolve())
    except (OSError, RuntimeError):
        # Resolving can fail (a symlink loop, a working folder that is gone): the path as given
        # still tells two files apart.
        return os.path.abspath(path) if path.is_absolute() else str(path)


def settings_key(routine_id: str, path: Path | None = None) -> str:
    """The key a routine's saved settings go by: ``overrides/<key>.yaml``. Always lower-case
    letters, digits and hyphens, at most about 64 characters, so no file system refuses it.

    ``path`` is given for a routine given by path (not found by id): its key is its file's name
    as a slug plus a short hash of the resolved path, so two files of one name never share
    settings. A routine found by id keeps its id when that is already such a slug, so settings
    saved before keep working; any other id becomes its slug plus a short hash of the id.
    """
    if path is not None:
        return f"{_slug(path.stem)}-{_digest(_resolved(path))}"
    if len(routine_id) <= _MAX_KEY and _SLUG.fullmatch(routine_id):
        return routine_id
    return f"{_slug(routine_id)}-{_digest(routine_id)}"


def entry_key(entry: Entry) -> str:
    """``settings_key`` for a routine found by the catalog: by id, or by path for a file."""
    return settings_key(entry.id, entry.path if entry.origin == "file" else None)


def overrides_path(routine_id: str) -> Path:
    """Where the saved settings for this routine (its id or its ``settings_key``) live."""
    folder = user_overrides_dir()
    key = settings_key(routine_id)
    path = folder / f"{key}.yaml"
    if key != routine_id and not routine_id.startswith(".") and not _OLD_BAD_ID.search(routine_id):
        # A routine of your own whose id is no slug ("Legs Day") had its file by that name.
        old = folder / f"{routine_id}.yaml"
        if routine_id and not os.path.lexists(path) and os.path.lexists(old):
            return old
    return path


def reset_command(routine_id: str) -> str:
    """The command that removes these saved settings, quoted for a shell."""
    return f"backtimer reset {shlex.quote(routine_id)}"


def ignored_notice(routine_id: str, path: Path) -> str:
    """The line said after a broken file's errors."""
    return (
        f"backtimer: your saved settings in {path} are ignored until the file is fixed "
        f"(`{reset_command(routine_id)}` removes it); the routine runs on its own values"
    )


# -- reading ----------------------------------------------------------------------------------


def _subdoc(doc: Document, prefix: tuple[Any, ...]) -> Document:
    """The part of ``doc`` under ``prefix``."""
    from backtimer.core.loader import Document

    n = len(prefix)
    data: Any = doc.data
    for part in prefix:
        data = data[part]
    values = {loc[n:]: pos for loc, pos in doc.values.items() if loc[:n] == prefix}
    keys = {loc[n:]: pos for loc, pos in doc.keys.items() if loc[:n] == prefix}
    return Document(data, values, keys)


def _exercise(routine: Routine, key: str) -> Exercise | None:
    """The exercise a key of the file's ``exercises`` means: the one with that id, first (the file
    is written with ids), else the one a person would mean by it. Raises ValueError when it
    could mean two."""
    for ex in routine.exercises:
        if ex.key == key:
            return ex
    return find_exercise(routine, key)


def _hold(ex: Exercise, key: int | str) -> int:
    """The index of the hold a key of ``holds`` means: a YAML number is its phase number; text is
    its name first (files written before named holds when the name was the only one of its
    kind among the rep's phases, and numbered them only otherwise), else a phase number."""
    if isinstance(key, str):
        same = [i for i, p in enumerate(ex.rep) if p.name.casefold() == key.casefold()]
        if len(same) == 1 and ex.rep[same[0]].is_hold:
            return same[0]
        if key.strip().isascii() and key.strip().isdigit():
            return find_hold(ex, int(key))
    return find_hold(ex, key)


def _error(
    doc: Document, name: str, loc: tuple[Any, ...], message: str, *, key: bool
) -> ContentError:
    line, col = doc.position(loc, key=key)
    return ContentError(name, line + 1, col + 1, message)


def parse_values(text: str, name: str, routine: Routine) -> dict[Key, Number]:
    """The values an overrides text sets, or ContentErrors naming every problem in it."""
    # Only a settings file that exists is read: YAML and pydantic are loaded for it alone.
    from backtimer.core.loader import Document, parse_document
    from backtimer.core.loader import validate as validate_model
    from backtimer.settings.overrides_file import ExerciseOverrides, HoldSeconds, Top

    doc = parse_document(text, name)
    if not isinstance(doc.data, dict):
        raise ContentErrors(
            [
                _error(
                    doc,
                    name,
                    (),
                    "your settings file must be a mapping of keys "
                    "(rounds, count_seconds, rest, exercises)",
                    key=False,
                )
            ]
        )
    errors: list[ContentError] = []
    values: dict[Key, Number] = {}
    try:
        top = validate_model(Top, doc, name)
    except ContentErrors as exc:
        errors.extend(exc.errors)
        top = None
    if top is not None:
        if top.rounds is not None:
            values[ROUNDS] = top.rounds
        if top.count_seconds is not None:
            values[COUNT_SECONDS] = top.count_seconds
        if top.rest is not None and top.rest.between_exercises is not None:
            values[REST_BETWEEN_EXERCISES] = top.rest.between_exercises
        if top.rest is not None and top.rest.between_rounds is not None:
            values[REST_BETWEEN_ROUNDS] = top.rest.between_rounds
    exercises = doc.data.get("exercises")
    seen: dict[str, str] = {}
    for ex_name, raw in exercises.items() if isinstance(exercises, dict) else ():
        if not isinstance(ex_name, str):
            continue  # reported by the top-level check
        loc = ("exercises", ex_name)
        try:
            ex = _exercise(routine, ex_name)
        except ValueError as exc:
            errors.append(_error(doc, name, loc, str(exc), key=True))
            continue
        if ex is None:
            errors.append(_error(doc, name, loc, unknown_exercise(routine, ex_name), key=True))
            continue
        if ex.key in seen:
            message = f"'{ex_name}' is the same exercise as '{seen[ex.key]}', given twice"
            errors.append(_error(doc, name, loc, message, key=True))
            continue
        seen[ex.key] = ex_name
        if not isinstance(raw, dict):
            message = f"'{ex_name}' must be a mapping with 'reps' and/or 'holds'"
            errors.append(_error(doc, name, loc, message, key=False))
            continue
        sub = _subdoc(doc, loc)
        # A hold in seconds is a mapping ({seconds: 4}); a bare number is counts.
        found = raw.get("holds")
        raw_holds: dict[Any, Any] = found if isinstance(found, dict) else {}
        in_seconds = {k for k, v in raw_holds.items() if isinstance(v, dict)}
        counted = sub
        if in_seconds:
            rest = {k: v for k, v in raw_holds.items() if k not in in_seconds}
            counted = Document({**raw, "holds": rest}, sub.values, sub.keys)
        try:
            saved = validate_model(ExerciseOverrides, counted, name)
        except ContentErrors as exc:
            errors.extend(exc.errors)
            continue
        if saved.reps is not None:
            values[reps_key(ex.key)] = saved.reps
        lengths: dict[int | str, int | HoldSeconds] = {}
        for label in raw_holds:
            if label in in_seconds:
                if isinstance(label, bool) or not isinstance(label, int | str):
                    message = f"a hold must be given by its number or name, got {label!r}"
                    errors.append(_error(sub, name, ("holds", label), message, key=True))
                    continue
                try:
                    lengths[label] = validate_model(
                        HoldSeconds, _subdoc(sub, ("holds", label)), name
                    )
                except ContentErrors as exc:
                    errors.extend(exc.errors)
            elif label in saved.holds:
                lengths[label] = saved.holds[label]
        picked: dict[int, int | str] = {}
        for label, length in lengths.items():
            try:
                index = _hold(ex, label)
            except ValueError as exc:
                errors.append(_error(sub, name, ("holds", label), str(exc), key=True))
                continue
            if index in picked:
                message = f"'{label}' is the same hold as '{picked[index]}', given twice"
                errors.append(_error(sub, name, ("holds", label), message, key=True))
                continue
            picked[index] = label
            if isinstance(length, HoldSeconds):
                values[hold_seconds_key(ex.key, index)] = length.seconds
            else:
                values[hold_key(ex.key, index)] = length
    if errors:
        raise ContentErrors(errors)
    return values


def read_values(path: Path, routine: Routine) -> dict[Key, Number]:
    """The values saved in ``path``, or ContentErrors (strict: for saving over it)."""
    return parse_values(read_text(path, max_bytes=MAX_BYTES), str(path), routine)


def load_overrides(routine_id: str, routine: Routine, *, path: Path | None = None) -> Loaded:
    """Your saved settings for a routine. Never raises for the file's content: a missing file
    is no settings, a broken one is no settings plus its errors."""
    path = path if path is not None else overrides_path(routine_id)
    if not os.path.lexists(path):
        return Loaded(path, False, {})
    try:
        values = read_values(path, routine)
    except ContentErrors as exc:
        return Loaded(path, True, {}, tuple(exc.errors))
    return Loaded(path, True, values)


# -- settings saved under the old key ---------------------------------------------------------


def _first_line(path: Path) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.readline(4096).rstrip("\r\n")
    except OSError:
        return ""


def _old_key_is_this_routines(path: Path, old_key: str, routine: Routine) -> bool:
    """Whether the file at ``path``, saved under ``old_key``, holds this routine's settings: it
    says it was written by backtimer for a routine of that name and this routine's title, and
    everything in it reads as this routine's."""
    # Either header: the first releases only folded the white space of the name and title.
    then = _header(old_key, routine, one_line=lambda text: " ".join(text.split()))
    if _first_line(path) not in (_header(old_key, routine), then):
        return False
    try:
        read_values(path, routine)
    except ContentErrors:
        return False
    return True


def old_key_file(entry: Entry, routine: Routine) -> Path | None:
    """The file of settings saved for this routine, given by path, under the key it had before
    keys existed, to use while its own key has none; None when there is none or it cannot be
    told to be this routine's.

    The old key was the file's name without its suffix, so ``overrides/borden-back.yaml`` was
    written by every routine in a file of that name, in any folder, and by the routine of that
    id: the file does not say which. It is taken only when (1) the routine's own key has no file,
    (2) no routine of the catalog (shipped or yours) has that id, whose file it is still, (3) its
    first line is the header backtimer wrote for a routine of that name and this title, and (4)
    everything in it reads as this routine's (its exercises and holds are this routine's).
    """
    if entry.origin != "file":
        return None
    old_key = entry.path.stem
    if not old_key or old_key.startswith(".") or _OLD_BAD_ID.search(old_key):
        return None  # a name the old code refused: it never saved under it
    folder = user_overrides_dir()
    old = folder / f"{old_key}.yaml"
    if os.path.lexists(overrides_path(entry_key(entry))) or not os.path.isfile(old):
        return None
    from backtimer.settings import catalog

    # Case aside: on some file systems Legs.yaml and legs.yaml are one file.
    if any(e.id.casefold() == old_key.casefold() for e in catalog.entries()):
        return None
    return old if _old_key_is_this_routines(old, old_key, routine) else None


def remove_old_key_file(entry: Entry) -> Path | None:
    """Remove the settings a routine given by path reads from under its old key (``old_key_file``),
    as ``backtimer reset`` does after removing its key's file; the path removed, or None."""
    from backtimer.settings import catalog

    try:
        routine = catalog.load(entry)
    except ContentErrors:
        return None  # a routine that cannot be read cannot be told apart from another
    old = old_key_file(entry, routine)
    if old is None:
        return None
    try:
        with atomic.locked(old):
            return old if atomic.remove(old) else None
    except OSError as exc:
        raise SaveError(old, explain(exc, old, "removed")) from None


def build_layers(entry: Entry, routine: Routine, flags: Adjustments | None = None) -> Layers:
    """The settings layers for a workout of this routine: your saved settings and ``flags``.

    The one way the command line and the app make them. A broken overrides file is not an error:
    its problems are in ``warnings`` (for the caller to show) and the routine runs on its own
    values. Settings saved under the routine's old key (``old_key_file``) are used, and moved to
    its key by ``save_layers``.
    """
    key = entry_key(entry)
    loaded = load_overrides(key, routine)
    old = old_key_file(entry, routine) if not loaded.exists else None
    if old is not None:
        try:
            loaded = Loaded(loaded.path, False, read_values(old, routine))
        except ContentErrors:
            old = None  # changed or gone since it was looked at: not taken
    return Layers(
        routine,
        key,
        yours=loaded.values,
        flags=flags,
        overrides_path=loaded.path,
        warnings=loaded.errors,
        old_overrides_path=old,
    )


# -- writing ----------------------------------------------------------------------------------


def _one_line(text: str) -> str:
    """Text from a routine as a comment shows it: one line, every character one YAML reads
    (a control character, even in a comment, would make the file unreadable)."""
    text = " ".join(text.split())
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)


def _header(
    routine_id: str, routine: Routine, *, one_line: Callable[[str], str] = _one_line
) -> str:
    """The first line of the file backtimer writes, naming the key and the routine's title."""
    return (
        f'# backtimer: your settings for the routine "{one_line(routine_id)}" '
        f"({one_line(routine.title)})."
    )


def _quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar, escaped so that it is all printable ASCII."""
    out = []
    for c in text:
        if c in '"\\':
            out.append("\\" + c)
        elif " " <= c <= "~":
            out.append(c)
        elif ord(c) <= 0xFFFF:
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(f"\\U{ord(c):08x}")
    return '"' + "".join(out) + '"'


def _yaml_key(text: str) -> str:
    """A mapping key as YAML: plain when this loader reads it back as the same text, quoted
    otherwise (an id such as 'no', '123' or 'null' would be read as another type)."""
    from backtimer.core.loader import parse_document

    try:
        doc = parse_document(f"{text}: 0\n", "key")
    except ContentErrors:
        doc = None
    if doc is not None and not doc.problems and doc.data == {text: 0} and text.isascii():
        return text
    return _quoted(text)


def _scalar(key: Key, value: Number) -> str:
    if key.name in ("rounds", "reps", "hold"):
        return str(int(value))
    if key.name == "hold_seconds":
        # Said in seconds, so that it is read back in seconds: a bare number is counts.
        whole = float(value).is_integer()
        return f"{{seconds: {int(value) if whole else _scalar(COUNT_SECONDS, value)}}}"
    text = repr(float(value))
    mantissa, e, exponent = text.partition("e")
    if e and "." not in mantissa:
        # YAML 1.1 reads '1e-05' as text: a float needs its point ('1.0e-05').
        text = f"{mantissa}.0e{exponent}"
    return text


def _commented(line: str, key: Key, routine: Routine, note: str = "") -> str:
    base, unit = routine_value(routine, key)
    if base is None:
        return f"{line:<30}# {note}" if note else line
    shown = str(base) if unit != "seconds" else f"{base:g} s"
    if key.is_hold and unit == "counts":
        shown = f"{base} count{'s' if base != 1 else ''}"
    return f"{line:<30}# {note + '; ' if note else ''}routine: {shown}"


def render(routine_id: str, routine: Routine, values: Mapping[Key, Number]) -> str:
    """The overrides file for ``values``: a header saying what it is, then the values with the
    routine's own beside each as a comment. Exercises are keyed by id, holds by phase number."""
    lines = [
        _header(routine_id, routine),
        "#",
        "# These values replace the routine's own whenever you run or show it; anything not",
        "# listed keeps the routine's value. backtimer writes this file when you save changes",
        "# made in a workout (or run `backtimer show ROUTINE ... --save`), and you can edit it:",
        "# exercises are keyed by id, holds by their phase number (counting every phase of the",
        "# rep from 1, as `backtimer show` lists them), and a hold's length is counts (2: 3)",
        "# or, for a hold in seconds, seconds (2: {seconds: 4}).",
        "# Saving again rewrites the file, so comments of your own are not kept.",
        "#",
        f"# To go back to the routine's own values: {_one_line(reset_command(routine_id))}",
        "# (or delete this file).",
    ]
    ordered = sort_keys(routine, values)
    for key in ordered:
        if key.exercise is None and key.name in ("rounds", "count_seconds"):
            lines.append(_commented(f"{key.name}: {_scalar(key, values[key])}", key, routine))
    rests = [k for k in ordered if k in (REST_BETWEEN_EXERCISES, REST_BETWEEN_ROUNDS)]
    if rests:
        lines.append("rest:")
        for key in rests:
            field = key.name.removeprefix("rest_")
            lines.append(_commented(f"  {field}: {_scalar(key, values[key])}", key, routine))
    per_exercise = [k for k in ordered if k.exercise is not None]
    if per_exercise:
        lines.append("exercises:")
    for ex in routine.exercises:
        mine = [k for k in per_exercise if k.exercise == ex.key]
        if not mine:
            continue
        lines.append(f"  {_yaml_key(ex.key)}:".ljust(30) + f"# {_one_line(ex.name)}")
        for key in mine:
            if key.name == "reps":
                lines.append(_commented(f"    reps: {_scalar(key, values[key])}", key, routine))
        holds = [k for k in mine if k.is_hold]
        if holds:
            lines.append("    holds:")
        for key in holds:
            phase = key.phase or 0
            line = f"      {phase + 1}: {_scalar(key, values[key])}"
            lines.append(_commented(line, key, routine, _one_line(ex.rep[phase].name)))
    return "\n".join(lines) + "\n"


def _check_keys(routine: Routine, values: Mapping[Key, Number]) -> None:
    for key in values:
        if key.name == "reps" or key.is_hold:
            try:
                ex = routine.exercise(key.exercise or "")
            except KeyError:
                raise ValueError(f"no exercise '{key.exercise}' in the routine") from None
            if key.is_hold and not (
                key.phase is not None and 0 <= key.phase < len(ex.rep) and ex.rep[key.phase].is_hold
            ):
                raise ValueError(f"phase {key.phase} of '{ex.key}' is not a hold")


def explain(exc: OSError, path: Path, doing: str = "saved") -> str:
    """A one-line reason for a failed write or delete, in the user's terms."""
    folder = path.parent
    code = exc.errno
    head = f"your settings were not {doing}"
    if code in (errno.EACCES, errno.EPERM):
        return f"{head}: no permission to write in {folder} (the folder is read-only)"
    if code == errno.EROFS:
        return f"{head}: {folder} is on a read-only file system"
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return f"{head}: the disk holding {folder} is full"
    if code in (errno.ENOTDIR, errno.EEXIST):
        return f"{head}: {folder} cannot be a folder (part of that path is a file)"
    return f"{head}: cannot write {path}: {exc.strerror or exc}"


def save_values(
    routine_id: str,
    routine: Routine,
    values: Mapping[Key, Number],
    *,
    path: Path | None = None,
    moving: Path | None = None,
) -> dict[Key, Number]:
    """Merge ``values`` into the saved file, keeping only what differs from the routine.

    The read, merge and write happen under a lock on the file, so two saves at the same moment
    each keep the other's changes. Returns every value now saved; when none is left the file is
    removed. Raises OverridesBroken if the existing file has problems (it is not touched),
    SaveError if the folder cannot be written.

    ``moving`` is this routine's file under its old key (``old_key_file``): while ``path`` does
    not exist, its values are what was saved before, and it is removed once ``path`` is written.
    """
    _check_keys(routine, values)
    path = path if path is not None else overrides_path(routine_id)
    if (
        not os.path.lexists(path)
        and not (moving is not None and os.path.lexists(moving))
        and not any(differs(routine, k, v) for k, v in values.items())
    ):
        return {}  # nothing to save and nothing saved: no folder or lock made for it
    try:
        with atomic.locked(path):
            if moving is None:
                return _merge_and_write(routine_id, routine, values, path)
            # Always the new key's lock first, then the old's: two routines of one file name
            # moving at once wait for each other rather than each holding one lock.
            with atomic.locked(moving):
                return _merge_and_write(routine_id, routine, values, path, moving)
    except OSError as exc:
        raise SaveError(path, explain(exc, path)) from None


def _merge_and_write(
    routine_id: str,
    routine: Routine,
    values: Mapping[Key, Number],
    path: Path,
    moving: Path | None = None,
) -> dict[Key, Number]:
    existing: dict[Key, Number] = {}
    exists = os.path.lexists(path)
    if exists:
        moving = None  # the key has its own file now (another save): the old one is not needed
        try:
            existing = read_values(path, routine)
        except ContentErrors as exc:
            raise OverridesBroken(path, exc.errors) from None
    elif moving is not None:
        # Read again under the lock: changed since it was first read and no longer this
        # routine's, it is left as it is and not merged.
        if os.path.isfile(moving) and _old_key_is_this_routines(moving, moving.stem, routine):
            existing = read_values(moving, routine)
        else:
            moving = None
    # A hold saved now in one unit replaces what was saved for it in the other.
    replaced = {other_unit(k) for k in values}
    existing = {k: v for k, v in existing.items() if k not in replaced}
    keep = {k: v for k, v in {**existing, **values}.items() if differs(routine, k, v)}
    if not keep:
        if exists:
            atomic.remove(path)
        if moving is not None:
            atomic.remove(moving)  # everything in it is the routine's own value now
        return {}
    text = render(routine_id, routine, keep)
    try:
        parse_values(text, str(path), routine)
    except ContentErrors as exc:
        # A value the file does not accept (say --rounds 500) is refused here rather than
        # written into a file that would then be reported as broken on every run.
        message = f"your settings were not saved: {exc.errors[0].message}"
        raise SaveError(path, message) from None
    atomic.write_text(path, text)
    if moving is not None:
        # Only once the new file is whole on disk: a crash between the two leaves both, and the
        # new one is read from then on.
        atomic.remove(moving)
    return keep


def save_layers(layers: Layers, *, include_flags: bool = False) -> Path | None:
    """Save the session's changes as your defaults for the layers' routine.

    Only values that differ from the routine are written, merged into what was saved before.
    Flags are for one run and are not saved unless ``include_flags`` (``show --save``).
    Returns the file written, or None when nothing differs from the routine any more (the file
    is then removed). Raises ``SaveError`` with a message to show as it is.
    """
    path = layers.overrides_path or overrides_path(layers.routine_id)
    values = layers.to_save(include_flags=include_flags)
    moving = layers.old_overrides_path
    written = save_values(layers.routine_id, layers.routine, values, path=path, moving=moving)
    layers.old_overrides_path = None  # moved, or left where it cannot be ours
    layers.saved(written)
    return path if written else None


def remove_overrides(routine_id: str, *, path: Path | None = None) -> Path | None:
    """Delete the routine's overrides file, broken or not; the path removed, or None."""
    path = path if path is not None else overrides_path(routine_id)
    if not os.path.lexists(path):
        return None
    try:
        # Under the lock, so a save under way finishes first rather than undoing the removal.
        with atomic.locked(path):
            return path if atomic.remove(path) else None
    except IsADirectoryError:
        raise SaveError(path, f"{path} is a folder, not a settings file; not removed") from None
    except OSError as exc:
        raise SaveError(path, explain(exc, path, "removed")) from None
