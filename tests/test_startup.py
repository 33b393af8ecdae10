"""Start-up loads only what the first screen needs: the workout opens on a routine from the cache
without YAML, pydantic or any sound library (with ``--audio off``), and the parser built for one
command parses it exactly as the whole parser does."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fakeclock import FakeClock
from tui_helpers import heading, run_async, tiny_routine, until, workout

from backtimer.audio.player import AudioPlayer
from backtimer.cli.entry import COMMANDS, build_parser
from backtimer.settings.catalog import Entry
from backtimer.tui.app import BacktimerApp
from backtimer.tui.sound import Silent

# Loaded only to check a routine, to play sound, for commands other than `run`, or (the
# training log's database) once the app is running: the command line needs only its path.
HEAVY = (
    "sqlite3",
    "backtimer.log.db",
    "pydantic",
    "yaml",
    "miniaudio",
    "backtimer.core.loader",
    "backtimer.audio.player",
    "backtimer.audio.backends",
    "backtimer.log.exchange",
    "backtimer.cli.show",
    "backtimer.cli.render",
)

# `run` up to the point where the screen opens: the app's run() is where it stops.
_PROBE = """\
import json, sys
import backtimer.cli.screens as screens
from backtimer.tui import app
screens.need_terminal = lambda: None
app.BacktimerApp.run = lambda self: 0
from backtimer.cli.entry import main
code = main(sys.argv[2:])
print(json.dumps([code, sorted(m for m in json.loads(sys.argv[1]) if m in sys.modules)]))
"""


def loaded_by(argv: list[str], env: dict[str, str]) -> tuple[int, list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(HEAVY), *argv],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    code, modules = json.loads(done.stdout)
    return code, modules


def test_a_workout_opens_without_checking_libraries_or_sound(
    tmp_path: Path, config_dir: Path
) -> None:
    env = {
        **os.environ,
        "BACKTIMER_CONFIG_DIR": str(config_dir),
        "BACKTIMER_CACHE_DIR": str(tmp_path / "cache"),
    }
    argv = ["run", "borden-back", "--audio", "off"]
    code, first = loaded_by(argv, env)
    assert code == 0
    # The control: the first run checks the routine, with the libraries that takes.
    assert {"pydantic", "yaml", "backtimer.core.loader"} <= set(first)
    assert loaded_by(argv, env) == (0, [])


def test_a_config_file_and_saved_settings_are_read_with_the_checking_libraries(
    tmp_path: Path, config_dir: Path
) -> None:
    """What is not cached is still read: a config.yaml brings YAML and pydantic back."""
    env = {
        **os.environ,
        "BACKTIMER_CONFIG_DIR": str(config_dir),
        "BACKTIMER_CACHE_DIR": str(tmp_path / "cache"),
    }
    argv = ["run", "borden-back", "--audio", "off"]
    loaded_by(argv, env)
    (config_dir / "config.yaml").write_text("units: lb\n", encoding="utf-8")
    assert {"pydantic", "yaml"} <= set(loaded_by(argv, env)[1])


SAMPLES = [
    ["run", "borden-back", "--rounds", "4", "--hold", "row=3", "--no-log", "--voice", "off"],
    ["practice", "borden-back", "seated row", "--audio", "bell"],
    ["list"],
    ["show", "borden-back", "--json", "--reps", "12"],
    ["check", "a.yaml", "b.yaml"],
    ["schema"],
    ["reset", "borden-back"],
    ["sounds", "--audio", "off"],
    ["render", "borden-back", "-o", "x.wav"],
    ["history", "--json"],
    ["export", "--format", "strong", "--since", "2024-05-01"],
    ["import", "x.csv"],
]


def test_every_command_has_a_parser_of_its_own() -> None:
    assert sorted(COMMANDS) == sorted(build_parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]


@pytest.mark.parametrize("argv", SAMPLES, ids=lambda argv: argv[0])
def test_the_parser_of_one_command_parses_as_the_whole_one(argv: list[str]) -> None:
    whole, one = build_parser(), build_parser(argv[0])
    assert vars(one.parse_args(argv)) == vars(whole.parse_args(argv))
    helps = [
        p._subparsers._group_actions[0].choices[argv[0]].format_help()  # type: ignore[union-attr]
        for p in (whole, one)
    ]
    assert helps[0] == helps[1]
    assert len(one._subparsers._group_actions[0].choices) < len(  # type: ignore[union-attr]
        whole._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    )


def app_with(audio: str) -> BacktimerApp:
    return BacktimerApp(
        start="workout",
        entry=Entry("tiny", Path("tiny.yaml"), "user"),
        routine=tiny_routine(),
        audio=audio,
        clock=FakeClock(),
    )


@run_async
async def test_audio_off_opens_no_player() -> None:
    app = app_with("off")
    async with app.run_test(size=(80, 24)) as pilot:
        # Given the time a player takes to open (see the control below), none opens.
        opened = await until(pilot, lambda: not isinstance(app.sound.player, Silent), 0.5)
        assert not opened
        assert app.sound.status == "off"


@run_async
async def test_the_control_bell_does_open_a_player() -> None:
    app = app_with("bell")
    async with app.run_test(size=(80, 24)) as pilot:
        assert await until(pilot, lambda: isinstance(app.sound.player, AudioPlayer))
        assert await until(pilot, lambda: app.sound.status == "bell")


@run_async
async def test_the_collector_paused_for_start_up_resumes_once_the_first_frame_is_drawn() -> None:
    was = gc.isenabled()
    gc.disable()  # as the command line starts the app (cli.entry.main, cli.screens)
    try:
        app = app_with("off")
        async with app.run_test(size=(80, 24)) as pilot:
            assert await until(pilot, gc.isenabled)
            assert heading(app).title.startswith("Lat pull down")
            # What the first frame needed lives as long as the workout: kept out of the
            # collector's scans, so a long routine's plan does not make each pass cost more.
            plan = workout(app).session.plan
            assert gc.is_tracked(plan)
            assert not any(o is plan for o in gc.get_objects())
    finally:
        gc.unfreeze()
        if was:
            gc.enable()
