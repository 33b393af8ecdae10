"""``backtimer render ROUTINE -o FILE``: the whole workout as one audio file to follow anywhere.

Every beep and spoken word at its time, rests as silence, exactly the plan's total length (what
``show`` prints as Total): the routine with your saved settings and the same flags as ``run``,
your sounds and volume, and the voice of ``--voice`` / ``config.yaml``. WAV always; FLAC, OGG and
MP3 through the soundfile package (``backtimer[render]``); ``--format`` or the file's extension
picks. ``--chapters FILE`` (``.cue`` or ``.json``) lists where each exercise and rest begins.
How the closing sounds fit into a file that ends with the workout: see ``audio.speech.track``.

On a terminal a progress bar goes to stderr; the one line saying what was written goes to stdout.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from backtimer.cli.errors import Exit, UsageError

if TYPE_CHECKING:
    from backtimer.audio.pcm import Pcm
    from backtimer.audio.speech import VoiceChoice, VoiceSetup
    from backtimer.audio.speech.engines import Engine
    from backtimer.core.events import SoundEvent
    from backtimer.core.model import Routine
    from backtimer.settings.catalog import Entry
    from backtimer.settings.userconfig import UserConfig

# Share of the bar each stage takes (rendering phrases is the slow part on a first run).
_STAGES = {"phrases": (0.0, 0.45), "layout": (0.45, 0.65), "mix": (0.65, 0.75), "write": (0.75, 1)}
_PARALLEL_ENGINES = ("espeak-ng", "say")  # a process a phrase: several at once are safe


def add_parser(sub: Any) -> argparse.ArgumentParser:
    """Adds the ``render`` command to the subparsers ``sub``."""
    from backtimer.cli.flags import add_plan_options
    from backtimer.cli.voice import add_voice_options

    p: argparse.ArgumentParser = sub.add_parser(
        "render",
        help="write the workout as one audio file: every beep and spoken word at its time",
        description="Write the whole workout as one audio file, exactly as long as the plan: "
        "every beep and spoken word at its time and rests as silence, with your saved "
        "settings and these flags. WAV always; FLAC, OGG and MP3 need backtimer[render].",
    )
    p.add_argument("routine", metavar="ROUTINE", help="routine id or path to a YAML file")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="the audio file to write")
    p.add_argument(
        "--format",
        metavar="FORMAT",
        help="wav, flac, ogg or mp3 (default: from FILE's extension)",
    )
    p.add_argument(
        "--chapters",
        metavar="FILE",
        help="also write where each exercise and rest begins: FILE.cue (a CUE sheet) or FILE.json",
    )
    add_plan_options(p)
    add_voice_options(p)
    p.set_defaults(handler=run)
    return p


class Bar:
    """A plain progress bar on a terminal's stderr; nothing at all when stderr is not one."""

    WIDTH = 30

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        try:
            self.on = stream.isatty()
        except (AttributeError, ValueError):
            self.on = False
        self._shown = ""
        self._last = 0.0

    def stage(self, name: str) -> Callable[[float], None]:
        """A callback for progress (0 to 1) through one stage."""
        low, high = _STAGES[name]
        words = {"phrases": "speaking phrases", "layout": "laying out", "mix": "mixing"}

        def update(fraction: float) -> None:
            self.show(low + (high - low) * fraction, words.get(name, "writing"))

        return update

    def show(self, fraction: float, what: str) -> None:
        if not self.on:
            return
        now = time.monotonic()
        filled = round(self.WIDTH * max(0.0, min(1.0, fraction)))
        line = f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {fraction:4.0%} {what}"
        if line == self._shown or (now - self._last < 0.05 and fraction < 1):
            return
        self._last = now
        pad = " " * max(0, len(self._shown) - len(line))
        self._shown = line
        self._write(f"\r{line}{pad}")

    def done(self) -> None:
        if self.on and self._shown:
            self._write("\r" + " " * len(self._shown) + "\r")
            self._shown = ""

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # the terminal went away: the file is what matters
            self.on = False


def _sounds(
    entry: Entry, routine: Routine, config: UserConfig, warn: Callable[[str], None]
) -> tuple[dict[SoundEvent, Pcm], float | None]:
    """The beeps as the workout screen plays them: the routine's sounds, then yours, and your
    volume over the routine's."""
    from backtimer.audio import load_sounds, resolve_sound_paths
    from backtimer.settings.userconfig import config_path

    paths = resolve_sound_paths(routine.sounds, entry.path.resolve().parent)
    paths.update(resolve_sound_paths(config.sounds, config_path().parent))
    volume = config.volume if config.volume is not None else routine.volume
    return load_sounds(paths, 1.0 if volume is None else volume, warn), volume


def _open_voice(setup: VoiceSetup, warn: Callable[[str], None]) -> VoiceChoice | None:
    from backtimer.audio.speech import open_voice

    if setup.off:
        return None
    choice = open_voice(setup.engine, setup.options())
    if choice.engine is None:
        warn(f"no voice: {choice.describe()}; the file has the beeps only")
        return None
    if setup.engine != "auto" and choice.skipped:
        warn(choice.describe())
    return choice


def render_phrases(
    engine: Engine, texts: list[str], progress: Callable[[float], None] | None = None
) -> tuple[Callable[[str], Pcm | None], dict[str, str]]:
    """Every phrase rendered (or read from the cache): a lookup for each, and those that failed.

    An engine that runs a process a phrase gets two workers (a second process while the first
    one's output is processed); the others one.
    """
    from backtimer.audio.speech import default_cache_dir
    from backtimer.audio.speech.cache import PhraseCache
    from backtimer.audio.speech.renderer import PhraseRenderer

    cache = PhraseCache(default_cache_dir(), engine.key)
    workers = min(2, os.cpu_count() or 1) if engine.name in _PARALLEL_ENGINES else 1
    renderers = [PhraseRenderer(engine, cache) for _ in range(workers)]
    for i, renderer in enumerate(renderers):
        renderer.request(texts[i::workers])
    try:
        while True:
            finished = sum(r.progress[0] for r in renderers)
            if progress is not None:
                progress(finished / max(1, len(texts)))
            if all(r.wait(0.05) for r in renderers):
                break
    finally:
        for renderer in renderers:
            renderer.close()
    failed: dict[str, str] = {}
    for renderer in renderers:
        failed.update(renderer.failed)

    def phrase(text: str) -> Pcm | None:
        for renderer in renderers:
            found = renderer.get(text)
            if found is not None:
                return found
        return None

    return phrase, failed


def run(args: argparse.Namespace) -> int:
    from backtimer.audio.speech.announce import announcements, phrases
    from backtimer.audio.speech.audiofile import (
        AudioFileError,
        check_format,
        pick_format,
        write_audio,
    )
    from backtimer.audio.speech.chapters import ChapterError, chapter_format, chapter_text
    from backtimer.cli.flags import layers_from_args
    from backtimer.cli.output import err, out
    from backtimer.cli.routines import load, resolve
    from backtimer.cli.show import report_warnings
    from backtimer.cli.voice import voice_from_args
    from backtimer.core.fmt import duration
    from backtimer.core.model import size_problem
    from backtimer.core.plan import compile_plan
    from backtimer.settings.atomic import write_text
    from backtimer.settings.userconfig import load_user_config

    started = time.monotonic()
    output = Path(args.output).expanduser()
    chapters_path = Path(args.chapters).expanduser() if args.chapters else None
    # Everything that can be refused is refused before any work.
    try:
        fmt = pick_format(output, args.format)
        if chapters_path is not None:
            chapter_format(chapters_path)
    except (AudioFileError, ChapterError) as exc:
        raise UsageError(str(exc)) from None
    try:
        check_format(fmt)
    except AudioFileError as exc:
        err(f"backtimer: {exc}")
        return Exit.FAILED
    config = load_user_config()
    setup = voice_from_args(args, config)
    entry = resolve(args.routine)
    base = load(entry)
    # Routine file < your saved overrides < flags, as show and run have them.
    layers = layers_from_args(entry, base, args)
    report_warnings(layers)
    routine = layers.effective
    too_big = size_problem(routine)
    if too_big:
        raise UsageError(f"--rounds {routine.rounds}: {too_big}")
    plan = compile_plan(routine)
    chapter_list = None
    if chapters_path is not None:
        try:
            chapter_list = chapter_text(plan, chapters_path, output, fmt)
        except ChapterError as exc:
            raise UsageError(str(exc)) from None

    bar = Bar(sys.stderr)

    def warn(text: str) -> None:
        bar.done()
        err(f"backtimer: {text}")

    sounds, volume = _sounds(entry, base, config, warn)
    said = announcements(plan, setup.level)
    choice = _open_voice(setup, warn)
    failed: dict[str, str] = {}
    try:
        phrase: Callable[[str], Pcm | None] = lambda text: None  # noqa: E731
        if choice is not None and choice.engine is not None:
            phrase, failed = render_phrases(choice.engine, phrases(said), bar.stage("phrases"))
    finally:
        if choice is not None:
            choice.close()
    if failed:
        text, why = next(iter(failed.items()))
        warn(f"{len(failed)} phrase(s) could not be spoken, e.g. {text!r}: {why}")
    from backtimer.audio.speech.mixdown import mix
    from backtimer.audio.speech.track import workout_track

    bar.stage("layout")(0.0)
    track = workout_track(plan, said, phrase, sounds, voice_gain=1.0 if volume is None else volume)
    bar.stage("mix")(0.0)
    sound = mix(track.plays, track.frames)
    written = output
    try:
        write_audio(output, sound, fmt, bar.stage("write"))
        if chapters_path is not None and chapter_list is not None:
            written = chapters_path
            write_text(chapters_path, chapter_list)
    except OSError as exc:
        bar.done()
        err(f"backtimer: cannot write {written}: {exc.strerror or exc}")
        return Exit.OUTPUT
    except AudioFileError as exc:
        bar.done()
        err(f"backtimer: cannot write {output}: {exc}")
        return Exit.FAILED
    bar.done()
    spoken = len(track.voice)
    voice = f"{choice.name}, {spoken} phrases said" if choice is not None else "no voice"
    extra = f"; chapters in {chapters_path}" if chapters_path is not None else ""
    out(
        f"Wrote {output}: {duration(plan.total_seconds)} of {plan.title}, "
        f"{fmt.upper()}, {voice}{extra} ({time.monotonic() - started:.1f} s)"
    )
    return Exit.OK
