"""How the voice is chosen: --voice and --voice-level on run, practice, render and the picker,
and voice:, voice_level:, voice_model:, voice_speed: in config.yaml, flags first."""

from __future__ import annotations

import typing
from pathlib import Path

import pytest
from conftest import RunCli

from backtimer.audio.speech import (
    DEFAULT_SPEED,
    VOICE_LEVEL_NAMES,
    VOICE_NAMES,
    VoiceSetup,
    voice_setup,
)
from backtimer.audio.speech.announce import VoiceLevel
from backtimer.audio.speech.engines import DEFAULT_SPEED as ENGINE_SPEED
from backtimer.cli.entry import build_parser
from backtimer.cli.screens import NEEDS_TERMINAL
from backtimer.core.loader import ContentErrors
from backtimer.settings.userconfig import (
    UserConfig,
    VoiceLevelName,
    VoiceName,
    load_user_config,
)


def test_the_config_and_the_speech_package_name_the_same_engines_and_levels() -> None:
    assert typing.get_args(VoiceName) == VOICE_NAMES
    assert typing.get_args(VoiceLevelName) == VOICE_LEVEL_NAMES == tuple(VoiceLevel)
    assert DEFAULT_SPEED == ENGINE_SPEED


@pytest.mark.parametrize(
    ("written", "engine"),
    [("off", "off"), ("false", "off"), ("on", "auto"), ("espeak-ng", "espeak-ng"), ("say", "say")],
)
def test_voice_in_the_config_reads_yaml_switches_as_meant(
    tmp_path: Path, written: str, engine: str
) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(f"voice: {written}\n")
    assert load_user_config(path).voice == engine


def test_the_voice_keys_are_read_and_checked(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("voice: piper\nvoice_level: cues\nvoice_model: en.onnx\nvoice_speed: 200\n")
    config = load_user_config(path)
    assert (config.voice, config.voice_level, config.voice_model, config.voice_speed) == (
        "piper",
        "cues",
        "en.onnx",
        200,
    )
    path.write_text("voice: robot\nvoice_level: loud\nvoice_speed: 20\n")
    with pytest.raises(ContentErrors) as caught:
        load_user_config(path)
    lines = [str(e) for e in caught.value.errors]
    assert lines[0].startswith(f"{path}:1:8: 'voice' must be one of 'auto', 'espeak-ng'")
    assert lines[1].startswith(f"{path}:2:14: 'voice_level' must be one of 'counts'")
    assert lines[2] == f"{path}:3:14: 'voice_speed' must be at least 80, got 20"


def test_flags_win_over_the_config_and_the_config_over_the_defaults(tmp_path: Path) -> None:
    assert voice_setup() == VoiceSetup("auto", "all", DEFAULT_SPEED, None)
    config = UserConfig(voice="espeakng-loader", voice_level="counts", voice_speed=150)
    assert voice_setup(None, None, config) == VoiceSetup("espeakng-loader", "counts", 150, None)
    assert voice_setup("OFF", "Cues", config) == VoiceSetup("off", "cues", 150, None)
    assert voice_setup("off").off and not voice_setup("auto").off


def test_a_relative_voice_model_is_taken_from_the_config_folder(tmp_path: Path) -> None:
    config = UserConfig(voice="piper", voice_model="voices/en.onnx")
    assert voice_setup(None, None, config, tmp_path).model == tmp_path / "voices" / "en.onnx"
    mine = UserConfig(voice_model=str(tmp_path / "abs.onnx"))
    assert voice_setup(None, None, mine, Path("/elsewhere")).model == tmp_path / "abs.onnx"
    assert voice_setup(None, None, config, tmp_path).options().model == (
        tmp_path / "voices" / "en.onnx"
    )


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (("robot", None), "--voice: unknown engine 'robot'; choose one of auto, espeak-ng,"),
        ((None, "lots"), "--voice-level: unknown level 'lots'; choose one of counts, phases,"),
    ],
)
def test_an_unknown_name_says_what_there_is(
    given: tuple[str | None, str | None], message: str
) -> None:
    with pytest.raises(ValueError) as caught:
        voice_setup(*given)
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize(
    "argv",
    [
        ["--voice", "off"],
        ["--voice", "off", "--voice-level", "counts", "run", "borden-back"],
        ["run", "borden-back", "--voice", "off", "--voice-level", "counts"],
        ["practice", "borden-back", "--voice", "off", "--voice-level", "counts"],
        ["render", "borden-back", "-o", "x.wav", "--voice", "off", "--voice-level", "counts"],
    ],
)
def test_the_options_are_taken_before_or_after_the_command(argv: list[str]) -> None:
    args = build_parser().parse_args(argv)
    assert args.voice == "off"
    if "--voice-level" in argv:
        assert args.voice_level == "counts"


def test_a_command_without_the_option_leaves_it_unset() -> None:
    args = build_parser().parse_args(["run", "borden-back"])
    assert not hasattr(args, "voice") and not hasattr(args, "voice_level")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["run", "borden-back", "--voice", "robot"], "--voice: unknown engine 'robot'"),
        (["practice", "borden-back", "--voice-level", "x"], "--voice-level: unknown level 'x'"),
        (["--voice", "robot"], "--voice: unknown engine 'robot'"),
    ],
)
def test_the_screens_refuse_an_unknown_voice_before_opening(
    run_cli: RunCli, argv: list[str], message: str
) -> None:
    result = run_cli(*argv)
    assert result.returncode == 2
    assert result.stderr.startswith(f"backtimer: {message}")


def test_a_good_voice_goes_on_to_the_terminal_check(run_cli: RunCli, config_dir: Path) -> None:
    (config_dir / "config.yaml").write_text("voice: off\n")
    result = run_cli("run", "borden-back", "--voice-level", "counts")
    assert result.returncode == 2
    assert result.stderr == f"backtimer: {NEEDS_TERMINAL}\n"  # no terminal here: all else was fine
