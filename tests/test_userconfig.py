"""The user's config.yaml: audio, volume and sounds, checked like content."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from backtimer.core.events import SoundEvent
from backtimer.core.loader import ContentErrors
from backtimer.settings.paths import sounds_dir
from backtimer.settings.userconfig import UserConfig, load_user_config

ROOT = Path(__file__).resolve().parents[1]


def test_no_file_is_an_empty_config(tmp_path: Path) -> None:
    assert load_user_config(tmp_path / "config.yaml") == UserConfig()


def test_values_are_read(tmp_path: Path) -> None:
    wav = sounds_dir() / "go.wav"
    path = tmp_path / "config.yaml"
    path.write_text(f"audio: bell\nvolume: 0.5\nsounds:\n  go: {wav}\n")
    config = load_user_config(path)
    assert config.audio == "bell"
    assert config.volume == 0.5
    assert config.sounds == {SoundEvent.GO: str(wav)}


def test_every_problem_has_a_position(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("audio: bel\nvolume: 2\nsounds:\n  go: missing.wav\n  tock: x.wav\n")
    with pytest.raises(ContentErrors) as caught:
        load_user_config(path)
    lines = [str(e) for e in caught.value.errors]
    assert f"{path}:1:8: 'audio' must be one of" in lines[0]
    assert lines[0].endswith("got 'bel', did you mean 'bell'?")
    assert lines[1] == f"{path}:2:9: 'volume' must be at most 1, got 2"
    assert any(line.startswith(f"{path}:5:3: ") for line in lines)


def test_a_missing_sound_file_is_named_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("sounds:\n  go: missing.wav\n")
    with pytest.raises(ContentErrors) as caught:
        load_user_config(path)
    assert [str(e) for e in caught.value.errors] == [
        f"{path}:2:7: sound 'missing.wav': no such file"
    ]


def test_run_reports_a_broken_config_and_exits_1(tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text("volume: loud\n")
    env = {**os.environ, "BACKTIMER_CONFIG_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "backtimer", "run", "borden-back"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=30,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.strip() == (
        f"{tmp_path / 'config.yaml'}:1:9: 'volume' must be a number, got 'loud'"
    )


def test_the_theme_in_the_config_is_used_and_an_unknown_one_explained(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import asyncio

    monkeypatch.setenv("BACKTIMER_CONFIG_DIR", str(tmp_path))

    from tui_helpers import FakeClock, RecordingPlayer

    from backtimer.tui.app import BacktimerApp

    async def theme_of(name: str) -> tuple[str, list[str]]:
        app = BacktimerApp(
            start="picker",
            player=RecordingPlayer(),
            clock=FakeClock(),
            config=UserConfig(theme=name),
        )
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            return app.theme, [n.message for n in app._notifications]

    theme, notices = asyncio.run(theme_of("nord"))
    assert theme == "nord"
    assert notices == []
    theme, notices = asyncio.run(theme_of("no-such-theme"))
    assert theme != "no-such-theme"
    assert any("Unknown theme 'no-such-theme'" in n and "nord" in n for n in notices)


@pytest.mark.parametrize(
    ("line", "audio"),
    [
        ("audio: off", "off"),  # YAML 1.1 reads this as false: it still means off
        ("audio: false", "off"),
        ("audio: no", "off"),
        ("audio: on", "auto"),
        ("audio: true", "auto"),
        ("audio: 'off'", "off"),
        ("audio: bell", "bell"),
    ],
)
def test_audio_off_means_off(tmp_path: Path, line: str, audio: str) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(line + "\n")
    assert load_user_config(path).audio == audio


@pytest.mark.parametrize(
    ("entry", "column", "problem"),
    [
        ('"a\\0b.wav"', 7, "a file name cannot hold a NUL character"),
        ("~nosuchuser/gong.wav", 7, "there is no home folder for '~nosuchuser'"),
        ("x" * 300 + ".wav", 7, "cannot read: File name too long"),
        ("missing.wav", 7, "no such file"),
        (".", 7, "is not a regular file"),
    ],
)
def test_a_bad_sounds_entry_is_named_at_its_line(
    tmp_path: Path, entry: str, column: int, problem: str
) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(f"sounds:\n  go: {entry}\n")
    with pytest.raises(ContentErrors) as caught:
        load_user_config(path)
    (error,) = caught.value.errors
    assert (error.line, error.column) == (2, column)
    assert error.message.endswith(problem)


@pytest.mark.parametrize(
    "text",
    ["sounds: [go.wav]\n", "sounds: {1: x.wav}\n", "sounds: {go: [a, b]}\n", "sounds: {go: }\n"],
)
def test_a_malformed_sounds_section_is_a_positioned_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(text)
    with pytest.raises(ContentErrors) as caught:
        load_user_config(path)
    for error in caught.value.errors:
        assert error.path == str(path) and error.line == 1
