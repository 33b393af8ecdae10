"""The names a user may choose in ``config.yaml``: sound backends, voices, how much is said, and
weight units. Both the config (``settings.userconfig``) and its checking model use them."""

from __future__ import annotations

from typing import Literal

AudioName = Literal["auto", "simpleaudio", "miniaudio", "bell", "off"]
WeightUnit = Literal["kg", "lb"]
# The speech package's names (audio.speech.VOICE_NAMES, VOICE_LEVEL_NAMES); a test keeps them equal.
VoiceName = Literal["auto", "espeak-ng", "espeakng-loader", "say", "piper", "off"]
VoiceLevelName = Literal["counts", "phases", "cues", "all"]
