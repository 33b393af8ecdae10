"""Sound for the workout: one short WAV per event, played without ever blocking or garbling the UI.

The UI opens audio once, plays events as the session emits them, and closes it on quit::

    audio = open_audio(name, volume=0.8, user_sounds={SoundEvent.GO: Path("go.wav")},
                       on_notice=show_notice, on_bell=flash_and_ring)
    audio.play(SoundEvent.TICK)   # returns at once
    audio.close()                 # stops sound, closes the device, joins the worker

This package imports no UI code and loads no audio library until ``open_audio`` is called.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from backtimer.core.events import SoundEvent

if TYPE_CHECKING:
    # Imported where used: the command line reads the names above without loading any of these.
    from backtimer.audio.backends import BellCallback, Opener
    from backtimer.audio.pcm import Pcm
    from backtimer.audio.player import AudioPlayer, NoticeCallback

__all__ = [
    "AUDIO_HELP",
    "AUDIO_NAMES",
    "AUTO_ORDER",
    "Player",
    "SoundEvent",
    "backend_chain",
    "load_sounds",
    "open_audio",
    "resolve_sound_paths",
    "shipped_sound",
]

AUTO_ORDER: tuple[str, ...] = ("simpleaudio", "miniaudio", "bell", "off")
AUDIO_NAMES: tuple[str, ...] = ("auto", *AUTO_ORDER)
AUDIO_HELP = (
    "how to play sounds: auto (the default: the first that works of simpleaudio, miniaudio, "
    "bell, off), simpleaudio (needs backtimer[simpleaudio]), miniaudio, bell (terminal bell and "
    "a screen flash), off"
)


class Player(Protocol):
    """What the app needs of a sound player: ``play`` returns at once; ``close`` stops sound and
    frees the device. ``AudioPlayer`` (from ``open_audio``) is the one that makes sound."""

    def play(self, event: SoundEvent) -> None: ...

    def close(self) -> None: ...


def backend_chain(name: str) -> tuple[str, ...]:
    """The backends to try for ``--audio NAME``, in order.

    ``auto`` tries them all. A named backend comes first, then only those that need no sound
    device, so a workout still gives a signal when the chosen device is missing.
    """
    if name == "auto":
        return AUTO_ORDER
    if name not in AUTO_ORDER:
        raise ValueError(f"unknown audio backend '{name}'; choose from {', '.join(AUDIO_NAMES)}")
    rank = AUTO_ORDER.index(name)
    return (name, *(n for n in ("bell", "off") if AUTO_ORDER.index(n) > rank))


def shipped_sound(event: SoundEvent) -> Path:
    """The WAV file that ships with backtimer for ``event``."""
    from backtimer.settings.paths import sounds_dir

    return sounds_dir() / f"{event.value}.wav"


def resolve_sound_paths(
    sounds: Mapping[SoundEvent, str], base: Path | None
) -> dict[SoundEvent, Path]:
    """A routine's or config's ``sounds:`` as paths: ``~`` expanded, relative to ``base``."""
    out: dict[SoundEvent, Path] = {}
    for event, file in sounds.items():
        path = Path(file).expanduser()
        if not path.is_absolute() and base is not None:
            path = base / path
        out[SoundEvent(event)] = path
    return out


def load_sounds(
    user_sounds: Mapping[SoundEvent, Path] | None = None,
    volume: float = 1.0,
    on_problem: Callable[[str], None] | None = None,
) -> dict[SoundEvent, Pcm]:
    """Every event's sound, decoded once and scaled to ``volume``.

    A user's file that cannot be played falls back to the shipped sound, and a shipped file that
    is missing (a broken install) to a plain beep; each problem is reported once to ``on_problem``.
    """
    from backtimer.audio.pcm import WavError, beep, read_wav

    if not 0.0 <= volume <= 1.0:
        raise ValueError(f"volume must be between 0 and 1, got {volume}")
    user_sounds = user_sounds or {}
    sounds: dict[SoundEvent, Pcm] = {}
    for event in SoundEvent:
        pcm: Pcm | None = None
        mine = user_sounds.get(event)
        if mine is not None:
            try:
                pcm = read_wav(mine)
            except WavError as exc:
                if on_problem:
                    on_problem(f"Sound for {event.value}: {mine}: {exc}; using the built-in one.")
        if pcm is None:
            path = shipped_sound(event)
            try:
                pcm = read_wav(path)
            except WavError as exc:
                pcm = beep()
                if on_problem:
                    on_problem(f"Sound for {event.value}: {path}: {exc}; using a plain beep.")
        sounds[event] = pcm.scaled(volume)
    return sounds


def open_audio(
    name: str = "auto",
    *,
    volume: float | None = None,
    user_sounds: Mapping[SoundEvent, Path] | None = None,
    on_notice: NoticeCallback | None = None,
    on_bell: BellCallback | None = None,
    openers: Mapping[str, Opener] | None = None,
    announce_fallback: bool = True,
) -> AudioPlayer:
    """Opens the first backend that works for ``name`` (see ``AUDIO_NAMES``) and returns a player.

    ``volume`` is 0 to 1 (None: full), applied to the samples once. ``user_sounds`` maps events
    to the user's own WAV files. ``on_notice`` gets each notice for a person (a backend passed
    over or lost, a sound file that could not be used); ``on_bell`` rings the bell and flashes the
    screen when the bell backend is in use (without it, BEL goes to the terminal). Both may be
    called from the audio worker thread, so they must not block (in Textual, ``post_message`` is
    thread-safe). A UI that draws on the terminal must pass ``on_bell``: the default writes BEL
    from the worker thread, which could land in the middle of the UI's own output.
    Takes a few milliseconds, up to about a second with a sound server that answers slowly, so
    call it before the UI starts or off its event loop.
    ``announce_fallback=False`` leaves out the notice that opening fell back to a backend other
    than the one asked for (for a caller that shows ``skipped`` itself); ``openers`` replaces the
    backends, for tests. Raises ValueError for an unknown ``name`` or a volume outside 0 to 1.
    """
    from backtimer.audio.alsa import silence_alsa_errors
    from backtimer.audio.backends import OPENERS
    from backtimer.audio.player import AudioPlayer

    chain = backend_chain(name)
    # Before any backend loads libasound: nothing may reach the terminal behind the UI's back.
    silence_alsa_errors()
    early: list[str] = []
    sounds = load_sounds(user_sounds, 1.0 if volume is None else volume, early.append)
    player = AudioPlayer(
        chain,
        sounds,
        requested=name,
        openers=OPENERS if openers is None else openers,
        on_notice=on_notice,
        on_bell=on_bell,
        notices=early,
        announce_fallback=announce_fallback,
    )
    return player
