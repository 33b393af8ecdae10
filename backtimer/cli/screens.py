"""The commands that open the screens: ``run``, ``practice`` and, with no command, the picker.

They share one path: your config, the sound backend asked for, a terminal to draw on (stdin and
stdout both), then the app. Everything that can be refused is refused before the screen opens.
"""

from __future__ import annotations

import argparse
import gc
import sys
from typing import Any

from backtimer.cli.errors import Exit, UsageError

NEEDS_TERMINAL = (
    "the workout screen needs a terminal (stdin and stdout must be a TTY); "
    "for text, try `backtimer list` or `backtimer show ROUTINE`"
)


def add_parsers(sub: Any) -> None:
    """Add ``practice`` and ``run`` to the subparsers ``sub``."""
    from backtimer.cli.flags import add_plan_options
    from backtimer.cli.voice import add_voice_options

    p: argparse.ArgumentParser = sub.add_parser(
        "practice", help="learn a routine's cues at your own pace, no clock"
    )
    p.add_argument("routine", metavar="ROUTINE", help="routine id or path to a YAML file")
    p.add_argument("exercise", metavar="EXERCISE", nargs="?", help="start at this exercise")
    add_plan_options(p)
    add_voice_options(p)
    p.set_defaults(handler=practice)

    p = sub.add_parser("run", help="start a workout straight away")
    p.add_argument("routine", metavar="ROUTINE", help="routine id or path to a YAML file")
    add_plan_options(p)
    add_voice_options(p)
    p.set_defaults(handler=workout)


def _is_terminal(stream: Any) -> bool:
    try:
        return stream is not None and bool(stream.isatty())
    except (OSError, ValueError):  # closed
        return False


def need_terminal() -> None:
    if not (_is_terminal(sys.stdin) and _is_terminal(sys.stdout)):
        raise UsageError(NEEDS_TERMINAL)


def _run_app(args: argparse.Namespace, **kwargs: object) -> int:
    """Start the screens, after the checks every screen command shares: your config, the
    sound backend asked for, and a terminal to draw on."""
    from backtimer.audio import AUDIO_NAMES
    from backtimer.settings.userconfig import load_user_config

    config = load_user_config()
    audio = (getattr(args, "audio", None) or config.audio or "auto").strip().lower()
    if audio not in AUDIO_NAMES:
        raise UsageError(
            f"--audio: unknown backend '{audio}'; choose one of {', '.join(AUDIO_NAMES)}"
        )
    from backtimer.cli.voice import voice_from_args

    voice = voice_from_args(args, config)  # a bad --voice is refused before the screen opens
    need_terminal()
    from backtimer.cli.log_commands import log_path
    from backtimer.tui.app import BacktimerApp

    log = log_path(args, config)
    app = BacktimerApp(
        audio=audio,
        config=config,
        voice=voice,
        log_path=log,
        **kwargs,  # type: ignore[arg-type]
    )
    # What is loaded now lives as long as the program: keep the collector from scanning it. The
    # collector stays paused until the app has drawn its first frame (see BacktimerApp.on_mount).
    gc.freeze()
    result = app.run()
    if app.training_log is not None and app.training_log.problem is not None:
        # Said on the screen too; here it stays once the screen is gone. Not a failure: the
        # workout ran.
        from backtimer.cli.output import err

        err(f"backtimer: {app.training_log.problem}")
    # q exits with 0; a signal exits with 128 + its number as the result (Exit.HANGUP, ...).
    return int(app.return_code or result or Exit.OK)


def _routine_screen(args: argparse.Namespace, start: str, exercise: str | None = None) -> int:
    """`run` and `practice`: the routine with your saved settings and the flags applied."""
    from backtimer.cli.flags import layers_from_args
    from backtimer.cli.routines import load, resolve

    entry = resolve(args.routine)
    routine = load(entry)
    if exercise:
        from backtimer.core.practice import find_exercise

        try:
            find_exercise(routine, exercise)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    layers = layers_from_args(entry, routine, args)
    return _run_app(
        args, start=start, entry=entry, routine=routine, layers=layers, exercise=exercise
    )


def workout(args: argparse.Namespace) -> int:
    """``backtimer run ROUTINE``."""
    return _routine_screen(args, "workout")


def practice(args: argparse.Namespace) -> int:
    """``backtimer practice ROUTINE [EXERCISE]``."""
    return _routine_screen(args, "practice", args.exercise)


def picker(args: argparse.Namespace) -> int:
    """``backtimer`` with no command."""
    return _run_app(args, start="picker")
