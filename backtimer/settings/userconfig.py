"""The user's own config file, ``config.yaml`` in the config folder: audio backend, volume, sounds.

It is read and checked exactly like a routine, so a problem in it is ``PATH:LINE:COLUMN: message``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, Strict, StringConstraints

from backtimer.core.events import SoundEvent
from backtimer.settings.paths import user_config_dir

AudioName = Literal["auto", "simpleaudio", "miniaudio", "bell", "off"]
WeightUnit = Literal["kg", "lb"]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class UserConfig(BaseModel):
    """What a user can set once for every routine."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    audio: AudioName | None = Field(None, description="Sound backend (--audio wins over this).")
    volume: float | None = Field(None, ge=0, le=1, description="Sound volume, 0 to 1.")
    theme: Text | None = Field(None, description="A Textual theme, e.g. nord or gruvbox.")
    sounds: dict[Annotated[SoundEvent, Strict(False)], Text] = Field(
        default_factory=dict,
        description="Your own WAV file for an event (relative to the config folder).",
    )
    log: bool | None = Field(
        None, description="Record workouts in the training log (default true; --no-log: once)."
    )
    units: WeightUnit | None = Field(None, description="Weights in the training log: kg or lb.")


def config_path() -> Path:
    return user_config_dir() / "config.yaml"


def load_user_config(path: Path | None = None) -> UserConfig:
    """The user's config (empty when there is none), or ContentErrors naming every problem."""
    from backtimer.core.loader import (
        ContentError,
        ContentErrors,
        parse_document,
        read_text,
        validate,
    )
    from backtimer.core.wavcheck import check_wav

    path = path if path is not None else config_path()
    if not path.exists() and not path.is_symlink():
        return UserConfig()
    name = str(path)
    doc = parse_document(read_text(path), name)
    config = validate(UserConfig, doc, name)
    problems = []
    for event, file in config.sounds.items():
        problem = check_wav(resolve(file, path.parent))
        if problem:
            line, col = doc.position(("sounds", event.value))
            problems.append(ContentError(name, line + 1, col + 1, f"sound '{file}': {problem}"))
    if problems:
        raise ContentErrors(problems)
    return config


def resolve(file: str, base: Path) -> Path:
    target = Path(file).expanduser()
    return target if target.is_absolute() else base / target
