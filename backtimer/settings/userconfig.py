"""The user's own config file, ``config.yaml`` in the config folder: audio, volume, sounds, voice.

It is read and checked exactly like a routine, so a problem in it is ``PATH:LINE:COLUMN: message``,
and so is every ``sounds:`` entry that names no playable file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, Strict, StringConstraints, field_validator

from backtimer.core.events import SoundEvent
from backtimer.settings.paths import user_config_dir

AudioName = Literal["auto", "simpleaudio", "miniaudio", "bell", "off"]
WeightUnit = Literal["kg", "lb"]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
# The speech package's names (audio.speech.VOICE_NAMES, VOICE_LEVEL_NAMES); a test keeps them equal.
VoiceName = Literal["auto", "espeak-ng", "espeakng-loader", "say", "piper", "off"]
VoiceLevelName = Literal["counts", "phases", "cues", "all"]


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
    voice: VoiceName | None = Field(None, description="Speech engine, or off (--voice wins).")
    voice_level: VoiceLevelName | None = Field(
        None, description="How much is said: counts, phases, cues or all (--voice-level wins)."
    )
    voice_model: Text | None = Field(
        None, description="Piper's voice model file, .onnx (relative to the config folder)."
    )
    voice_speed: int | None = Field(None, ge=80, le=450, description="Words a minute.")

    @field_validator("voice", mode="before")
    @classmethod
    def _voice_switch(cls, value: Any) -> Any:
        # As with audio: YAML 1.1 reads `voice: off` as false and `voice: on` as true.
        if value is False:
            return "off"
        if value is True:
            return "auto"
        return value

    log: bool | None = Field(
        None, description="Record workouts in the training log (default true; --no-log: once)."
    )
    units: WeightUnit | None = Field(None, description="Weights in the training log: kg or lb.")

    @field_validator("audio", mode="before")
    @classmethod
    def _audio_switch(cls, value: object) -> object:
        # YAML 1.1 reads `audio: off` as false and `audio: on` as true: they mean what they say.
        if value is False:
            return "off"
        if value is True:
            return "auto"
        return value


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

    path = path if path is not None else config_path()
    try:
        path.lstat()
    except (FileNotFoundError, NotADirectoryError):
        return UserConfig()
    except OSError:
        pass  # a folder that cannot be read: read_text says so, at the file's first line
    name = str(path)
    doc = parse_document(read_text(path), name)
    config = validate(UserConfig, doc, name)
    problems = []
    for event, file in config.sounds.items():
        problem = sound_problem(file, path.parent)
        if problem:
            line, col = doc.position(("sounds", event.value))
            problems.append(ContentError(name, line + 1, col + 1, f"sound '{file}': {problem}"))
    if problems:
        raise ContentErrors(problems)
    return config


def resolve(file: str, base: Path) -> Path:
    """A ``sounds:`` entry as a path: ``~`` expanded, relative to ``base``. Raises ValueError
    for a name that can name no file (a NUL character, ``~`` of a user who does not exist)."""
    if "\0" in file:
        raise ValueError("a file name cannot hold a NUL character")
    try:
        target = Path(file).expanduser()
    except RuntimeError:
        raise ValueError(f"there is no home folder for '{file.split('/', 1)[0]}'") from None
    return target if target.is_absolute() else base / target


def sound_problem(file: str, base: Path) -> str | None:
    """Why the ``sounds:`` entry ``file`` cannot be played, or None."""
    from backtimer.core.wavcheck import check_wav

    try:
        return check_wav(resolve(file, base))
    except (OSError, ValueError) as exc:
        return str(exc)
