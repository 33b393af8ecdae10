"""The routine as the program uses it: plain, frozen values, built only from a checked file.

A routine file is checked by ``core.schema`` (pydantic: types, bounds, every message) and then
turned into these classes, which import nothing heavy: the first frame of a workout, ``list`` and
a routine read back from the cache (``settings.routine_cache``) need no validation library at all.
``to_data`` and ``from_data`` give a routine as plain JSON values and back, unchanged;
``content_json`` is the routine as the file's model writes it (the training log hashes it).
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from json.encoder import encode_basestring
from typing import Any, Literal

from backtimer.core.duration import Duration
from backtimer.core.events import SoundEvent

# Upper limits: generous for any real workout, and they keep a typo such as ``reps: 10000000``
# from compiling into a plan that takes minutes and gigabytes.
MAX_ROUNDS = 100
MAX_REPS = 1000
MAX_COUNTS = 1000
MAX_SECONDS = 3600.0  # any single timed part: a phase, a rest, a get-ready, a setup cue
MAX_COUNT_SECONDS = 60.0
MAX_PLAN_SIZE = 100_000  # steps plus counted ticks in a whole workout

Effort = Literal["easy", "ok", "hard"]


def slugify(name: str) -> str:
    """The id an exercise or routine gets from its name: lower case words joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "exercise"


@dataclass(frozen=True, kw_only=True, slots=True)
class Source:
    """Where a routine comes from."""

    title: str
    author: str | None = None
    publication: str | None = None
    url: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Rests:
    """Rest lengths in seconds."""

    between_exercises: float = 30.0
    between_rounds: float = 60.0


@dataclass(frozen=True, kw_only=True, slots=True)
class Phase:
    """One timed part of a rep: a movement (``move``) or a counted pause (``hold``).

    ``counts`` and ``seconds`` are the file's two ways to give its length; everything else reads
    ``duration``, the one value they make.
    """

    move: str | None = None
    hold: str | None = None
    counts: int | None = None
    seconds: float | None = None
    cue: int | None = None
    duration: Duration = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "duration", Duration.of(self.counts, self.seconds))

    def with_duration(self, duration: Duration) -> Phase:
        """This phase lasting ``duration`` instead (the file's fields follow it)."""
        return replace(self, counts=duration.counts, seconds=duration.seconds)

    @property
    def is_hold(self) -> bool:
        return self.hold is not None

    @property
    def name(self) -> str:
        return self.hold if self.hold is not None else (self.move or "")


@dataclass(frozen=True, kw_only=True, slots=True)
class Progression:
    """When to go heavier, e.g. "if it's not hard after 10x, increase your weight": every set
    reached the reps and was rated no harder than ``effort``, in each of the last ``sessions``.

    ``given`` names the keys the file wrote: an exercise's rule overrides the routine's only in
    those (see ``stated``).
    """

    reps_reached: int | None = None
    effort: Effort = "easy"
    increment: float | None = None
    sessions: int = 1
    given: frozenset[str] = field(default=frozenset(), compare=False)

    def values(self) -> dict[str, Any]:
        """Every key of the rule with its value, given or default."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "given"}

    def stated(self) -> dict[str, Any]:
        """The keys the file gave, with their values."""
        return {k: v for k, v in self.values().items() if k in self.given}


@dataclass(frozen=True, kw_only=True, slots=True)
class Exercise:
    """One move of the routine, with its numbered cues and the phases of each rep."""

    id: str | None = None
    name: str
    equipment: str | None = None
    target: str | None = None
    reps: int
    cues: list[str]
    rep: list[Phase]
    tips: list[str] = field(default_factory=list)
    progress: str | None = None
    progression: Progression | None = None

    @property
    def key(self) -> str:
        """The exercise's id: the one given, or one made from its name."""
        return self.id or slugify(self.name)

    @property
    def hold_indices(self) -> list[int]:
        """Where the holds are in ``rep`` (0-based)."""
        return [i for i, p in enumerate(self.rep) if p.is_hold]

    def is_last_phase(self, rep: int, phase: int) -> bool:
        """Whether phase ``phase`` (0-based) of rep ``rep`` (1-based) ends the exercise."""
        return rep == self.reps and phase == len(self.rep) - 1

    def phase_cue(self, phase: Phase) -> int:
        """The 1-based cue number a phase belongs to."""
        return phase.cue if phase.cue is not None else len(self.cues)

    @property
    def setup_cues(self) -> list[int]:
        """Cue numbers read before the reps start: those no phase belongs to, before the first."""
        first = min(self.phase_cue(p) for p in self.rep)
        return list(range(1, first))


@dataclass(frozen=True, kw_only=True, slots=True)
class Routine:
    """A back routine: exercises done as a circuit, for a number of rounds."""

    title: str
    source: Source | None = None
    rounds: int = 3
    max_rounds: int | None = None
    count_seconds: float = 1.0
    get_ready: float = 3.0
    cue_seconds: float = 4.0
    rest: Rests = field(default_factory=Rests)
    volume: float | None = None
    sounds: dict[SoundEvent, str] = field(default_factory=dict)
    progression: Progression | None = None
    exercises: list[Exercise]

    def exercise(self, key: str) -> Exercise:
        """The exercise with this id; KeyError when there is none."""
        for ex in self.exercises:
            if ex.key == key:
                return ex
        raise KeyError(key)

    def hold(self, key: str, index: int) -> Phase:
        """Phase ``index`` (0-based) of the exercise with this id, which must be a hold.

        KeyError when there is no such exercise, ValueError naming the exercise when that phase
        is not a hold (or does not exist).
        """
        ex = self.exercise(key)
        if not (0 <= index < len(ex.rep) and ex.rep[index].is_hold):
            raise ValueError(f"phase {index + 1} of '{ex.name}' is not a hold")
        return ex.rep[index]


def plan_size(routine: Routine) -> int:
    """About how many steps and counted ticks the routine's workout has, without compiling it."""
    per_round = 0
    cues = 0
    for ex in routine.exercises:
        per_rep = 0
        for phase in ex.rep:
            per_rep += phase.duration.beats  # the step and a tick for each count after its first
        per_round += 2 + ex.reps * per_rep  # get-ready and rest around the reps
        cues += len(ex.cues)
    return routine.rounds * per_round + cues + 1


def size_problem(routine: Routine) -> str | None:
    """Why the routine's workout is too big to compile, or None."""
    size = plan_size(routine)
    if size <= MAX_PLAN_SIZE:
        return None
    return (
        f"the workout would have about {size:,} steps and counts; the most is "
        f"{MAX_PLAN_SIZE:,} (use fewer rounds, reps or counts)"
    )


def semantic_problems(routine: Routine) -> list[tuple[tuple[Any, ...], str]]:
    """Checks that span fields: (location path, message) for each problem."""
    problems: list[tuple[tuple[Any, ...], str]] = []
    seen: dict[str, int] = {}
    for i, ex in enumerate(routine.exercises):
        where = ("exercises", i, "id") if ex.id else ("exercises", i, "name")
        if ex.key in seen:
            first = seen[ex.key] + 1
            if ex.id:
                message = f"exercise id '{ex.key}' is already used by exercise {first}"
            else:
                message = (
                    f"exercise '{ex.name}' gets the id '{ex.key}', already used by exercise "
                    f"{first}; give it an 'id' of its own"
                )
            problems.append((where, message))
        else:
            seen[ex.key] = i
        for j, phase in enumerate(ex.rep):
            if phase.cue is not None and phase.cue > len(ex.cues):
                problems.append(
                    (
                        ("exercises", i, "rep", j, "cue"),
                        f"cue {phase.cue} does not exist: '{ex.name}' has {len(ex.cues)} "
                        + ("cue" if len(ex.cues) == 1 else "cues"),
                    )
                )
    if routine.max_rounds is not None and routine.rounds > routine.max_rounds:
        problems.append(
            (
                ("rounds",),
                f"rounds ({routine.rounds}) is more than max_rounds ({routine.max_rounds})",
            )
        )
    too_big = size_problem(routine)
    if too_big:
        problems.append((("rounds",), too_big))
    return problems


# -- as plain values ------------------------------------------------------------------------------


def to_data(routine: Routine) -> dict[str, Any]:
    """The routine as JSON values (each field, in order; ``Progression.given`` as a list)."""
    data: dict[str, Any] = _data(routine)
    return data


def _data(value: Any) -> Any:
    if isinstance(value, list):
        return [_data(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _data(v) for k, v in value.items()}
    if isinstance(value, frozenset):
        return sorted(value)
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: _data(getattr(value, f.name)) for f in fields(value) if f.init}
    return value


def from_data(data: Mapping[str, Any]) -> Routine:
    """The routine ``to_data`` gave. Raises (TypeError, ValueError, KeyError...) on anything
    else: it builds from values already checked, and checks nothing but their shape."""
    fields_ = dict(data)
    source = fields_.pop("source")
    progression = fields_.pop("progression")
    return Routine(
        source=Source(**source) if source is not None else None,
        rest=Rests(**fields_.pop("rest")),
        sounds={SoundEvent(k): v for k, v in fields_.pop("sounds").items()},
        progression=_progression(progression),
        exercises=[_exercise(e) for e in fields_.pop("exercises")],
        **fields_,
    )


def _exercise(data: Mapping[str, Any]) -> Exercise:
    fields_ = dict(data)
    return Exercise(
        rep=[Phase(**p) for p in fields_.pop("rep")],
        progression=_progression(fields_.pop("progression")),
        **fields_,
    )


def _progression(data: Mapping[str, Any] | None) -> Progression | None:
    if data is None:
        return None
    fields_ = dict(data)
    return Progression(given=frozenset(fields_.pop("given")), **fields_)


def content_json(routine: Routine) -> str:
    """The routine as compact JSON, exactly as the file's model (``core.schema``) writes it:
    each field in order, floats as it spells them. The training log hashes this text, so it must
    not change from one version to the next for the same routine."""
    return _json(routine)


def content_hash(routine: Routine) -> str:
    """A short hash of the routine's content (``content_json``): the training log tells the
    sessions of different versions of a routine apart by it."""
    with _HASHES_LOCK:
        known = _HASHES.get(id(routine))
    if known is not None and known[0] is routine:
        return known[1]
    value = hashlib.sha256(content_json(routine).encode("utf-8")).hexdigest()[:16]
    remember_content_hash(routine, value)
    return value


def remember_content_hash(routine: Routine, value: str) -> None:
    """Take ``value`` as ``routine``'s content hash from now on: the cache of checked routines
    keeps the hash with the routine, and its JSON is 13 ms of work for 1,000 exercises, at the
    start and at the end of every workout."""
    with _HASHES_LOCK:
        # The routine is kept with its hash: its id cannot name another routine meanwhile.
        _HASHES[id(routine)] = (routine, value)
        while len(_HASHES) > _HASHES_KEPT:
            del _HASHES[next(iter(_HASHES))]


_HASHES: dict[int, tuple[Routine, str]] = {}
_HASHES_KEPT = 8  # a workout needs one or two (the routine as written, and as run)
_HASHES_LOCK = threading.Lock()


def _json(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, list):
        return "[" + ",".join(_json(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(f"{_string(str(k))}:{_json(v)}" for k, v in value.items()) + "}"
    parts = (f"{key}:{_json(getattr(value, name))}" for name, key in _fields(type(value)))
    return "{" + ",".join(parts) + "}"


def _string(text: str) -> str:
    # What json.dumps(text, ensure_ascii=False) writes, without building an encoder each time:
    # a 1,000-exercise routine has tens of thousands of strings.
    return encode_basestring(text)


def _fields(cls: type[Any]) -> tuple[tuple[str, str], ...]:
    """A model class's fields as the JSON writes them: (attribute, quoted key), in order."""
    known = _FIELDS.get(cls)
    if known is None:
        known = _FIELDS[cls] = tuple(
            (f.name, f'"{f.name}"') for f in fields(cls) if f.init and f.name != "given"
        )
    return known


_FIELDS: dict[type[Any], tuple[tuple[str, str], ...]] = {}


def _float(value: float) -> str:
    # Python's shortest round-trip digits, spelt as the model's serializer spells them:
    # 1e-05 as 0.00001, 1e-07 as 1e-7, 1e+16 as it is.
    text = repr(value)
    mantissa, e, exponent = text.partition("e")
    if not e or exponent.startswith("+"):
        return text
    power = int(exponent)
    if power == -5:
        sign = "-" if mantissa.startswith("-") else ""
        return f"{sign}0.0000{mantissa.lstrip('-').replace('.', '')}"
    return f"{mantissa}e{power}"
