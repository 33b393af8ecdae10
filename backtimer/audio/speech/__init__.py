"""A voice coach, offline: phrases spoken by a local engine, rendered ahead and cached on disk.

The pieces, in the order a workout uses them (``announce`` and ``words`` are pure data and can
move to the core; the rest is audio)::

    from backtimer.audio.speech import default_cache_dir, open_voice
    from backtimer.audio.speech.announce import announcements, phrases
    from backtimer.audio.speech.cache import PhraseCache
    from backtimer.audio.speech.engines import VoiceOptions
    from backtimer.audio.speech.mixdown import layout, mix
    from backtimer.audio.speech.renderer import PhraseRenderer

    setup = voice_setup("auto", "all", config)            # flags over config.yaml
    choice = open_voice(setup.engine, setup.options())    # first engine that works, or none
    choice.notices                                        # ("skipped espeak-ng: not on PATH",)
    said = announcements(plan, "all")                     # what is said when: pure data
    cache = PhraseCache(default_cache_dir(), choice.engine.key)
    renderer = PhraseRenderer(choice.engine, cache)       # a worker thread
    renderer.request(phrases(said))                       # returns at once
    renderer.get("two")                                   # a Pcm once ready, None until then
    plays = layout(plan, said, renderer.get, sounds)      # every beep and word at its frame
    track = mix(plays, frames)                            # one clip-safe sound, for a file

A live workout speaks through ``live.LiveVoice``, and ``track.workout_track`` lays out a whole
workout for a file; both use ``arrange`` and ``mixdown.clip_safe``, so a file says the same words
at the same samples as the live run.

Nothing here imports a UI, and no engine is loaded until ``open_voice`` is called, so the command
line can read the names below cheaply.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from backtimer.audio.speech.engines import Engine, Opener, VoiceOptions
    from backtimer.settings.userconfig import UserConfig

__all__ = [
    "ENGINE_ORDER",
    "VOICE_HELP",
    "VOICE_LEVEL_HELP",
    "VOICE_LEVEL_NAMES",
    "VOICE_NAMES",
    "VoiceChoice",
    "VoiceSetup",
    "default_cache_dir",
    "engine_chain",
    "open_voice",
    "voice_setup",
]

ENGINE_ORDER: tuple[str, ...] = ("espeak-ng", "espeakng-loader", "say", "piper")
"""The engines ``auto`` tries, in order."""
VOICE_NAMES: tuple[str, ...] = ("auto", *ENGINE_ORDER, "off")
VOICE_HELP = (
    "how to speak: auto (the default: the first that works of espeak-ng, espeakng-loader, say, "
    "piper), espeak-ng (the program), espeakng-loader (needs backtimer[voice]), say (macOS), "
    "piper (needs piper-tts and a voice model file), off"
)
VOICE_LEVEL_NAMES: tuple[str, ...] = ("counts", "phases", "cues", "all")
"""``--voice-level``: each says all that the one before it says (``announce.VoiceLevel``)."""
VOICE_LEVEL_HELP = (
    "how much is said: counts (the counts only), phases (and each phase's word), cues (and "
    "exercise names and cues), all (and rests, halfway, last rep: the default)"
)
DEFAULT_SPEED = 175
"""Words a minute (``engines.DEFAULT_SPEED``, kept here so the command line loads no engine)."""


def engine_chain(name: str) -> tuple[str, ...]:
    """The engines to try for ``--voice NAME``, in order; empty for ``off``.

    A named engine is tried alone: a person who asked for one voice hears that one or none, and
    is told why.
    """
    if name == "auto":
        return ENGINE_ORDER
    if name == "off":
        return ()
    if name not in ENGINE_ORDER:
        raise ValueError(f"unknown voice engine '{name}'; choose from {', '.join(VOICE_NAMES)}")
    return (name,)


@dataclass(frozen=True)
class VoiceChoice:
    """The engine that opened (None: no voice), and each one passed over with the reason."""

    engine: Engine | None
    skipped: tuple[tuple[str, str], ...] = ()

    @property
    def name(self) -> str:
        return self.engine.name if self.engine is not None else "off"

    @property
    def notices(self) -> tuple[str, ...]:
        """One line a person can read for each engine passed over."""
        return tuple(f"skipped {name}: {why}" for name, why in self.skipped)

    def describe(self) -> str:
        """'espeak-ng 1.51, 175 wpm', or 'off (skipped espeak-ng: not on PATH; ...)'."""
        what = self.engine.detail if self.engine is not None else "off"
        if not self.skipped:
            return what
        return f"{what} (skipped {'; '.join(f'{n}: {why}' for n, why in self.skipped)})"

    def close(self) -> None:
        if self.engine is not None:
            self.engine.close()


def open_voice(
    name: str = "auto",
    options: VoiceOptions | None = None,
    *,
    openers: Mapping[str, Opener] | None = None,
) -> VoiceChoice:
    """Opens the first engine of ``engine_chain(name)`` that works.

    Opening an engine speaks one test word, so it takes from a few milliseconds (espeak-ng) to
    about a second (Piper loading its model): call it off a UI's event loop. Raises ValueError
    for an unknown name.
    """
    from backtimer.audio.speech.engines import OPENERS, EngineUnavailable, VoiceOptions

    chain = engine_chain(name)
    options = options or VoiceOptions()
    table = OPENERS if openers is None else openers
    skipped: list[tuple[str, str]] = []
    for engine_name in chain:
        try:
            engine = table[engine_name](options)
        except EngineUnavailable as exc:
            skipped.append((engine_name, str(exc) or "unavailable"))
            continue
        return VoiceChoice(engine, tuple(skipped))
    return VoiceChoice(None, tuple(skipped))


@dataclass(frozen=True)
class VoiceSetup:
    """How a workout is spoken: the engine asked for, how much is said, and how it sounds."""

    engine: str = "auto"  # one of VOICE_NAMES
    level: str = "all"  # one of VOICE_LEVEL_NAMES
    speed: int = DEFAULT_SPEED
    model: Path | None = None  # Piper's voice model

    @property
    def off(self) -> bool:
        return self.engine == "off"

    def options(self) -> VoiceOptions:
        from backtimer.audio.speech.engines import VoiceOptions

        return VoiceOptions(speed=self.speed, model=self.model)


def voice_setup(
    voice: str | None = None,
    level: str | None = None,
    config: UserConfig | None = None,
    config_dir: Path | None = None,
) -> VoiceSetup:
    """The voice from the flags (``voice``, ``level``; None: not given) over ``config.yaml``.

    A relative ``voice_model`` is taken from ``config_dir``, the folder of the config file.
    Raises ValueError, one line naming the flag, for an engine or level that does not exist.
    """
    engine = _pick(voice, "--voice", "engine", VOICE_NAMES)
    if engine is None:
        engine = (config.voice if config is not None else None) or "auto"
    chosen = _pick(level, "--voice-level", "level", VOICE_LEVEL_NAMES)
    if chosen is None:
        chosen = (config.voice_level if config is not None else None) or "all"
    model: Path | None = None
    if config is not None and config.voice_model:
        model = Path(config.voice_model).expanduser()
        if not model.is_absolute() and config_dir is not None:
            model = config_dir / model
    speed = config.voice_speed if config is not None and config.voice_speed else DEFAULT_SPEED
    return VoiceSetup(engine, chosen, speed, model)


def _pick(given: str | None, flag: str, what: str, names: tuple[str, ...]) -> str | None:
    if given is None:
        return None
    name = given.strip().lower()
    if name not in names:
        raise ValueError(f"{flag}: unknown {what} '{given}'; choose one of {', '.join(names)}")
    return name


def default_cache_dir() -> Path:
    """Where rendered phrases are kept between runs: the platform's user cache folder.

    ``BACKTIMER_CACHE_DIR`` names another folder (for tests, and for a cache kept elsewhere).
    """
    from backtimer.settings.paths import user_cache_dir

    return user_cache_dir() / "speech"
