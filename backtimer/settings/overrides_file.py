"""The pydantic models that check your saved settings file (``settings.overrides`` reads it).

Only reading a file that exists imports this module, and with it pydantic.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from backtimer.core.model import MAX_COUNT_SECONDS, MAX_COUNTS, MAX_REPS, MAX_ROUNDS, MAX_SECONDS
from backtimer.settings.values import MAX_REST


class _Strict(BaseModel):
    # The same rules as content: "3" is not a count, and a misspelt key is an error.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class RestOverrides(_Strict):
    between_exercises: float | None = Field(None, ge=0, le=MAX_REST, allow_inf_nan=False)
    between_rounds: float | None = Field(None, ge=0, le=MAX_REST, allow_inf_nan=False)


class HoldSeconds(_Strict):
    """A hold's length in seconds, written ``{seconds: 4}``: a bare number is counts."""

    seconds: float = Field(gt=0, le=MAX_SECONDS, allow_inf_nan=False)


class ExerciseOverrides(_Strict):
    """One exercise's saved values."""

    reps: int | None = Field(None, ge=1, le=MAX_REPS, description="Reps per round.")
    # The holds in seconds (a mapping) are taken out and checked as HoldSeconds one by one
    # (settings.overrides), so each error names the hold or 'seconds', not a branch of a union.
    holds: dict[int | str, Annotated[int, Field(ge=1, le=MAX_COUNTS)]] = Field(
        default_factory=dict,
        description=(
            "Each hold's counts by its phase number (or, as written before, its name); "
            "{seconds: S} for a hold in seconds."
        ),
    )


class Top(_Strict):
    """The whole file."""

    # Exercises are checked one by one (ExerciseOverrides), so each error keeps its position.
    rounds: int | None = Field(None, ge=1, le=MAX_ROUNDS)
    count_seconds: float | None = Field(None, gt=0, le=MAX_COUNT_SECONDS, allow_inf_nan=False)
    rest: RestOverrides | None = None
    exercises: dict[str, Any] = Field(default_factory=dict)
