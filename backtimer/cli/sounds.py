"""``backtimer sounds``: a sound check before a workout.

Plays every event's sound in turn with its name, and says which backend plays them and why any
other was passed over, so a person learns what each beep means and that they can hear it. It
plays what a workout would: your config.yaml's backend, volume and sounds over the routine's,
and the flags over both.
"""

from __future__ import annotations

import argparse
import queue
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from backtimer.audio import AUDIO_HELP, AUDIO_NAMES
from backtimer.cli.errors import Exit
from backtimer.core.events import SoundEvent

WHEN: dict[SoundEvent, str] = {
    SoundEvent.TICK: "each count of a move or a hold",
    SoundEvent.HOLD_START: "a hold begins",
    SoundEvent.HOLD_END: "a hold ends: release",
    SoundEvent.PHASE: "a movement or a setup cue begins",
    SoundEvent.COUNTDOWN: "3-2-1 before an exercise",
    SoundEvent.GO: "the first rep starts",
    SoundEvent.REST_OVER: "a rest is over",
    SoundEvent.EXERCISE_DONE: "the last rep of an exercise is done",
    SoundEvent.WORKOUT_DONE: "the workout is complete",
}


def _number_from(low: float, high: float, unit: str = "") -> Callable[[str], float]:
    """An argparse type: a finite number from ``low`` to ``high``."""
    what = f"from {low:g} to {high:g}{unit}"

    def parse(text: str) -> float:
        from backtimer.cli.numbers import NumberError, real

        try:
            value = real(text, f"a number {what}")
        except NumberError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be {what}, got '{text.strip()}'")
        return value

    return parse


_volume = _number_from(0, 1)
_seconds = _number_from(0, 10, " seconds")


def add_audio_option(p: argparse.ArgumentParser) -> None:
    """The ``--audio NAME`` option, the same for every command that makes sound."""
    p.add_argument("--audio", choices=AUDIO_NAMES, default=None, metavar="NAME", help=AUDIO_HELP)


def add_volume_option(p: argparse.ArgumentParser) -> None:
    """The ``--volume V`` option (0 to 1), the same for every command that makes sound."""
    p.add_argument(
        "--volume",
        type=_volume,
        default=None,
        metavar="V",
        help="sound volume from 0 to 1 (default: the routine's, else 1)",
    )


def add_parser(sub: Any) -> argparse.ArgumentParser:
    """Adds the ``sounds`` command to the subparsers ``sub``."""
    p: argparse.ArgumentParser = sub.add_parser(
        "sounds",
        help="play every sound in turn: a sound check before a workout",
        description="Play each event's sound in turn with its name, and show which sound "
        "backend plays them and why any other was skipped.",
    )
    p.add_argument(
        "routine",
        nargs="?",
        metavar="ROUTINE",
        help="play this routine's own sounds and volume (routine id or YAML file)",
    )
    add_audio_option(p)
    add_volume_option(p)
    p.add_argument(
        "--pause",
        type=_seconds,
        default=0.6,
        metavar="S",
        help="seconds of quiet between two sounds (default 0.6)",
    )
    p.set_defaults(handler=run)
    return p


def _routine_sounds(name: str) -> tuple[dict[SoundEvent, Path], float | None]:
    from backtimer.audio import resolve_sound_paths
    from backtimer.cli.routines import load, resolve

    entry = resolve(name)
    routine = load(entry)
    return resolve_sound_paths(routine.sounds, entry.path.parent), routine.volume


def run(args: argparse.Namespace) -> int:
    from backtimer.audio import open_audio, resolve_sound_paths
    from backtimer.cli.output import err, out
    from backtimer.core.wavcheck import check_wav
    from backtimer.settings.userconfig import config_path, load_user_config

    # As a workout would: the routine's sounds and volume, then yours, then the flags.
    config = load_user_config()
    user_sounds: dict[SoundEvent, Path] = {}
    volume: float | None = None
    if getattr(args, "routine", None):
        user_sounds, volume = _routine_sounds(args.routine)
    user_sounds.update(resolve_sound_paths(config.sounds, config_path().parent))
    if config.volume is not None:
        volume = config.volume
    if args.volume is not None:
        volume = args.volume
    requested = args.audio or config.audio or "auto"
    notices: queue.SimpleQueue[str] = queue.SimpleQueue()

    def show_notices() -> None:
        while not notices.empty():
            out(f"  ! {notices.get()}", flush=True)

    audio = open_audio(
        requested,
        volume=volume,
        user_sounds=user_sounds,
        on_notice=notices.put,
        announce_fallback=False,  # the skipped backends are listed with their reasons instead
    )
    try:
        detail = f" ({audio.detail})" if audio.detail else ""
        level = "" if volume is None else f" at volume {volume:g}"
        out(f"Sound check: playing through {audio.name}{detail}{level}", flush=True)
        for name, reason in audio.skipped:
            out(f"  skipped {name}: {reason}")
        show_notices()
        width = max(len(e.value) for e in SoundEvent)
        yours = {e: p for e, p in user_sounds.items() if check_wav(p) is None}
        for event in SoundEvent:
            own = f" (your {yours[event].name})" if event in yours else ""
            out(f"  {event.value:<{width}}  {WHEN[event]}{own}", flush=True)
            audio.play(event)
            if audio.name != "off":
                time.sleep(audio.seconds(event) + args.pause)
            show_notices()
    finally:
        audio.close()
    show_notices()
    if audio.name == "off":
        if requested == "off":
            out("Sound is off.")
            return Exit.OK
        err("No sound could be played.")
        return Exit.FAILED  # no backend could make a sound, and silence was not asked for
    if audio.name == "bell":
        out("Done: the terminal bell stands in for every sound.")
    else:
        out("Done. Heard nothing? Check the volume, or try --audio bell.")
    return Exit.OK
