"""The typed routine model: the single source of both validation and the published JSON Schema."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    Strict,
    StringConstraints,
    model_validator,
)

from backtimer.core.duration import Duration
from backtimer.core.events import SoundEvent

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]

# Upper limits: generous for any real workout, and they keep a typo such as ``reps: 10000000``
# from compiling into a plan that takes minutes and gigabytes.
MAX_ROUNDS = 100
MAX_REPS = 1000
MAX_COUNTS = 1000
MAX_SECONDS = 3600.0  # any single timed part: a phase, a rest, a get-ready, a setup cue
MAX_COUNT_SECONDS = 60.0
MAX_PLAN_SIZE = 100_000  # steps plus counted ticks in a whole workout


def slugify(name: str) -> str:
    """The id an exercise or routine gets from its name: lower case words joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "exercise"


class _Model(BaseModel):
    # strict: "10" is not a number of reps; forbid: a misspelt key is an error, not ignored.
    # allow_inf_nan=False: '.inf' seconds of rest or a '.nan' count is a mistake, not a value.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)


class Source(_Model):
    """Where a routine comes from."""

    title: Text = Field(description="Title of the article or book.")
    author: Text | None = Field(None, description="Who wrote or designed the routine.")
    publication: Text | None = Field(None, description="Where it was published.")
    url: Text | None = None


class Rests(_Model):
    """Rest lengths in seconds."""

    between_exercises: float = Field(
        30.0, ge=0, le=MAX_SECONDS, description="Seconds of rest between exercises."
    )
    between_rounds: float = Field(
        60.0, ge=0, le=MAX_SECONDS, description="Seconds of rest between rounds."
    )


class Phase(_Model):
    """One timed part of a rep: a movement (``move``) or a counted pause (``hold``)."""

    # The docstring above is the schema's description. ``counts`` and ``seconds`` are the file's
    # two ways to give a phase's length; everything else reads ``duration``, the one value they
    # are validated into.

    move: Text | None = Field(None, description="A movement, e.g. 'Pull'. Give move or hold.")
    hold: Text | None = Field(None, description="A counted pause, e.g. 'Pause'. Give move or hold.")
    counts: int | None = Field(
        None,
        ge=1,
        le=MAX_COUNTS,
        description="How many counts it lasts (default 1 when seconds is not given).",
    )
    seconds: float | None = Field(
        None,
        gt=0,
        le=MAX_SECONDS,
        description="How many seconds it lasts, whatever the count length.",
    )
    cue: int | None = Field(
        None, ge=1, description="The number of the cue this phase belongs to (default: the last)."
    )

    _duration: Duration = PrivateAttr()

    @model_validator(mode="after")
    def _one_of_each(self) -> Phase:
        if (self.move is None) == (self.hold is None):
            raise ValueError("a phase needs exactly one of 'move' or 'hold'")
        if self.counts is not None and self.seconds is not None:
            raise ValueError("a phase lasts either 'counts' or 'seconds', not both")
        self._duration = Duration.of(self.counts, self.seconds)
        return self

    @property
    def duration(self) -> Duration:
        """How long it lasts: counts (one when the file gives neither) or seconds."""
        return self._duration

    def with_duration(self, duration: Duration) -> Phase:
        """This phase lasting ``duration`` instead (the file's fields follow it)."""
        # model_copy runs no validator: the duration is set here, as validation would have.
        copy = self.model_copy(update={"counts": duration.counts, "seconds": duration.seconds})
        copy._duration = duration
        return copy

    @property
    def is_hold(self) -> bool:
        return self.hold is not None

    @property
    def name(self) -> str:
        return self.hold if self.hold is not None else (self.move or "")


class Progression(_Model):
    """When to go heavier, e.g. "if it's not hard after 10x, increase your weight": every set
    reached the reps and was rated no harder than ``effort``, in each of the last ``sessions``."""

    reps_reached: int | None = Field(
        None, ge=1, le=MAX_REPS, description="Reps each set must reach (default: the reps planned)."
    )
    effort: Literal["easy", "ok", "hard"] = Field(
        "easy", description="The hardest rating that still counts as not hard."
    )
    increment: float | None = Field(
        None,
        gt=0,
        le=1000,
        description="Load to add, in the load's unit (default: 2.5 kg, 5 lb, one band level).",
    )
    sessions: int = Field(
        1, ge=1, le=10, description="How many of the last sessions must meet the rule."
    )


class Exercise(_Model):
    """One move of the routine, with its numbered cues and the phases of each rep."""

    id: Id | None = Field(None, description="Short id used on the command line; from the name.")
    name: Text
    equipment: Text | None = Field(None, description="e.g. machine, band, floor.")
    target: Text | None = Field(None, description="The area it works, e.g. 'lower back'.")
    reps: int = Field(ge=1, le=MAX_REPS, description="Repetitions per round.")
    cues: list[Text] = Field(min_length=1, description="The numbered form cues, in order.")
    rep: list[Phase] = Field(min_length=1, description="The timed phases of one rep, in order.")
    tips: list[Text] = Field(default_factory=list)
    progress: Text | None = Field(None, description="Progression advice.")
    progression: Progression | None = Field(
        None, description="The progress advice as a rule; keys given here win over the routine's."
    )

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


class Routine(_Model):
    """A back routine: exercises done as a circuit, for a number of rounds."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        strict=True,
        allow_inf_nan=False,
        title="backtimer routine",
        json_schema_extra={"$schema": "https://json-schema.org/draft/2020-12/schema"},
    )

    title: Text
    source: Source | None = None
    rounds: int = Field(3, ge=1, le=MAX_ROUNDS, description="Rounds of the whole circuit.")
    max_rounds: int | None = Field(
        None,
        ge=1,
        le=MAX_ROUNDS,
        description="The most rounds the source recommends (a note, not a limit).",
    )
    count_seconds: float = Field(
        1.0, gt=0, le=MAX_COUNT_SECONDS, description="How long one count lasts, in seconds."
    )
    get_ready: float = Field(
        3.0, ge=0, le=MAX_SECONDS, description="Seconds of 3-2-1 before each exercise."
    )
    cue_seconds: float = Field(
        4.0,
        ge=0,
        le=MAX_SECONDS,
        description="Seconds to read each setup cue, in the first round (0: skip).",
    )
    rest: Rests = Field(default_factory=Rests)
    volume: float | None = Field(None, ge=0, le=1, description="Sound volume, 0 to 1.")
    sounds: dict[Annotated[SoundEvent, Strict(False)], Text] = Field(
        default_factory=dict, description="Your own WAV file for an event (relative to this file)."
    )
    progression: Progression | None = Field(
        None, description="When to suggest more load, for every exercise (see exercises[])."
    )
    exercises: list[Exercise] = Field(min_length=1)

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


def json_schema() -> dict[str, Any]:
    """The JSON Schema for routine files, generated from the model."""
    return Routine.model_json_schema()
