"""The commands honour config.yaml as documented: ``audio: off`` means off, ``backtimer sounds``
plays what a workout would (your backend, volume and sounds), and a broken config is reported as
PATH:LINE:COLUMN before anything starts."""

from __future__ import annotations

import shutil
from pathlib import Path

from cli_helpers import run_main

from backtimer.cli.errors import Exit
from backtimer.settings.paths import sounds_dir

NEEDS_TERMINAL = "backtimer: the workout screen needs a terminal"


def write_config(config_dir: Path, text: str) -> Path:
    path = config_dir / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_audio_off_in_the_config_lets_run_start(config_dir: Path) -> None:
    write_config(config_dir, "audio: off\n")
    ran = run_main(["run", "borden-back"], config_dir)
    # Past the config and the backend check: only the missing terminal stops it here.
    assert ran.code == Exit.USAGE
    assert ran.err.startswith(NEEDS_TERMINAL)


def test_sounds_uses_the_configs_backend(config_dir: Path) -> None:
    write_config(config_dir, "audio: off\n")
    ran = run_main(["sounds"], config_dir)
    assert ran.code == Exit.OK, ran.err
    assert ran.out.startswith("Sound check: playing through off")
    assert ran.out.rstrip().endswith("Sound is off.")


def test_sounds_flag_wins_over_the_config(config_dir: Path) -> None:
    write_config(config_dir, "audio: bell\nvolume: 0.25\n")
    ran = run_main(["sounds", "--audio", "off", "--volume", "0.5"], config_dir)
    assert ran.code == Exit.OK, ran.err
    assert ran.out.startswith("Sound check: playing through off at volume 0.5\n")


def test_sounds_plays_the_configs_own_sounds_and_volume(config_dir: Path) -> None:
    (config_dir / "mine").mkdir()
    shutil.copy(sounds_dir() / "workout-done.wav", config_dir / "mine" / "gong.wav")
    write_config(config_dir, "audio: off\nvolume: 0.3\nsounds:\n  go: mine/gong.wav\n")
    ran = run_main(["sounds", "borden-back"], config_dir)
    assert ran.code == Exit.OK, ran.err
    lines = ran.out.splitlines()
    assert lines[0] == "Sound check: playing through off at volume 0.3"
    (go,) = [line for line in lines if line.split()[:1] == ["go"]]
    assert go.endswith("(your gong.wav)")
    assert sum("(your " in line for line in lines) == 1


def test_sounds_reports_a_broken_config(config_dir: Path) -> None:
    path = write_config(config_dir, "audio: off\nvolume: loud\nsounds:\n  tock: x.wav\n")
    ran = run_main(["sounds"], config_dir)
    assert ran.code == Exit.FAILED
    assert ran.out == ""
    lines = ran.err.splitlines()
    assert lines[0] == f"{path}:2:9: 'volume' must be a number, got 'loud'"
    assert lines[1].startswith(f"{path}:4:3: unknown name 'tock' in 'sounds'")
    assert len(lines) == 2


def test_a_bad_sound_in_the_config_stops_every_screen_command(config_dir: Path) -> None:
    path = write_config(config_dir, 'sounds:\n  go: "\\e[2J\\0"\n')
    for argv in (["run", "borden-back"], ["practice", "borden-back"], [], ["sounds"]):
        ran = run_main(argv, config_dir)
        assert ran.code == Exit.FAILED, argv
        assert ran.err == (
            f"{path}:2:7: sound '\\x1b[2J\\x00': a file name cannot hold a NUL character\n"
        )
