"""The pydantic model that checks ``config.yaml``; ``settings.userconfig.UserConfig`` holds what
it gives.

Only reading a config file imports this module, and with it pydantic.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, Strict, StringConstraints, field_validator

from backtimer.core.events import SoundEvent
from backtimer.settings.choices import AudioName, VoiceLevelName, VoiceName, WeightUnit

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class ConfigFile(BaseModel):
    """config.yaml: what a user can set once for every routine (``UserConfig``)."""

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
