"""The routine file's schema: pydantic models that check a file and publish its JSON Schema.

Each class here is the file's form of the class of the same name in ``core.model``, which is what
the rest of the program uses: ``to_model`` turns a checked ``Routine`` into one. Only reading a
routine file (and ``backtimer schema``) imports this module, and with it pydantic.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    model_validator,
)

from backtimer.core import model
from backtimer.core.events import SoundEvent
from backtimer.core.model import (
    MAX_COUNT_SECONDS,
    MAX_COUNTS,
    MAX_REPS,
    MAX_ROUNDS,
    MAX_SECONDS,
)

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]


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

    # The docstring above is the schema's description.

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

    @model_validator(mode="after")
    def _one_of_each(self) -> Phase:
        if (self.move is None) == (self.hold is None):
            raise ValueError("a phase needs exactly one of 'move' or 'hold'")
        if self.counts is not None and self.seconds is not None:
            raise ValueError("a phase lasts either 'counts' or 'seconds', not both")
        return self


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


_MODELS: dict[type[BaseModel], Any] = {
    Source: model.Source,
    Rests: model.Rests,
    Phase: model.Phase,
    Progression: model.Progression,
    Exercise: model.Exercise,
}


def to_model(routine: Routine) -> model.Routine:
    """The checked routine as the program uses it (``core.model``)."""
    result: model.Routine = _convert(routine)
    return result


def _convert(value: Any) -> Any:
    if isinstance(value, list):
        return [_convert(v) for v in value]
    if isinstance(value, dict):
        return {k: _convert(v) for k, v in value.items()}
    if not isinstance(value, BaseModel):
        return value
    kind = type(value)
    values = {name: _convert(getattr(value, name)) for name in kind.model_fields}
    if kind is Routine:
        return model.Routine(**values)
    if kind is Progression:
        values["given"] = frozenset(value.model_fields_set)
    return _MODELS[kind](**values)


def json_schema() -> dict[str, Any]:
    """The JSON Schema for routine files, generated from the model."""
    return Routine.model_json_schema()
