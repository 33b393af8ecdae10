"""The ways a sound can reach the person: simpleaudio, miniaudio, the terminal bell, or nothing.

Every backend is opened, used and closed by the player's single worker thread, so none of them
needs to be thread-safe towards the UI, and a slow ``play`` can delay later sounds but never the
UI. Opening raises ``BackendUnavailable`` with a reason a person can read; a failure while in use
raises ``BackendFailed``, and the player moves on to the next backend.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import re
import sys
import threading
import time
from abc import ABC, abstractmethod
from array import array
from collections.abc import Callable, Generator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from backtimer.audio.pcm import RATE, Pcm
from backtimer.core.events import SoundEvent

BellCallback = Callable[[SoundEvent], None]


class BackendUnavailable(Exception):
    """A backend that cannot be used on this machine; the message says why, for a person."""


class BackendFailed(Exception):
    """A backend that stopped working while in use; the message says why, for a person."""


@dataclass(frozen=True)
class BackendContext:
    """What a backend gets when it opens."""

    sounds: Mapping[SoundEvent, Pcm]
    on_bell: BellCallback | None = None
    # Asks the worker to call ``poll()`` soon. Safe to call from any thread, never blocks.
    wake: Callable[[], None] = lambda: None


class Backend(ABC):
    """One open way of playing sounds. Only the player's worker thread calls these methods."""

    name: ClassVar[str]

    @property
    def detail(self) -> str:
        """More about where the sound goes (e.g. the system sound layer), or ''."""
        return ""

    @abstractmethod
    def play(self, event: SoundEvent, sound: Pcm) -> None:
        """Starts the sound and returns without waiting for it to end."""

    def speak(self, sound: Pcm) -> None:
        """Starts a spoken phrase over whatever plays; a backend that cannot play samples (the
        bell, off) says nothing."""
        return None

    def hush(self) -> None:
        """Stops the phrases being spoken now (beeps play on)."""
        return None

    def poll(self) -> float | None:
        """Housekeeping and health checks; seconds until the next call is wanted, or None."""
        return None

    @abstractmethod
    def close(self) -> None:
        """Stops any sound and releases the device. Must not raise."""


Opener = Callable[[BackendContext], Backend]


# ---------------------------------------------------------------------------------------------
# simpleaudio


def _version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


def _dist_version(name: str) -> str | None:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def simpleaudio_problem(python: tuple[int, int] | None = None) -> str | None:
    """Why the installed simpleaudio must not be used, or None if it is safe to load.

    simpleaudio 1.0.4 crashes the interpreter on its first sound on Python 3.12 and later; a
    crash cannot be caught, so there the module is only loaded when the fixed fork is what is
    installed. Both distributions install the same ``simpleaudio`` module, so only their metadata
    tells them apart.
    """
    python = python or (sys.version_info.major, sys.version_info.minor)
    plain = _dist_version("simpleaudio")
    patched = _dist_version("simpleaudio-patched")
    if plain is None and patched is None:
        return "not installed (pip install 'backtimer[simpleaudio]')"
    if python < (3, 12):
        return None
    plain_is_broken = plain is not None and _version_tuple(plain) <= (1, 0, 4)
    if patched is None and plain_is_broken:
        return (
            f"simpleaudio {plain} crashes on Python {python[0]}.{python[1]}; "
            "install simpleaudio-patched instead (pip install 'backtimer[simpleaudio]')"
        )
    if patched is not None and plain_is_broken:
        return (
            f"both simpleaudio {plain} and simpleaudio-patched are installed, and which one "
            "loads is unknown; uninstall simpleaudio"
        )
    return None


def _simpleaudio_reason(exc: BaseException) -> str:
    # e.g. "Error opening PCM device. -- CODE: -2 -- MSG: No such file or directory"
    text = str(exc)
    msg = text.rpartition("MSG:")[2].strip() if "MSG:" in text else text
    if "opening PCM device" in text:
        return f"cannot open the sound device: {msg}"
    return msg or type(exc).__name__


class SimpleaudioBackend(Backend):
    """Plays each sound as its own ALSA stream through simpleaudio (an optional extra)."""

    name = "simpleaudio"
    _DRAIN_SECONDS = 1.0

    def __init__(self, module: Any) -> None:
        self._sa = module
        self._playing: list[Any] = []  # PlayObjects that may still be playing
        self._spoken: list[Any] = []  # those of them that are phrases, for hush()

    @classmethod
    def open(cls, ctx: BackendContext) -> SimpleaudioBackend:
        problem = simpleaudio_problem()
        if problem:
            raise BackendUnavailable(problem)
        try:
            module = importlib.import_module("simpleaudio")
        except Exception as exc:  # ImportError, or a broken build failing to link
            raise BackendUnavailable(f"cannot be loaded ({exc})") from None
        backend = cls(module)
        try:
            # Ten milliseconds of silence: the only way to learn that a device opens at all.
            backend._playing.append(module.play_buffer(bytes(2 * RATE // 100), 1, 2, RATE))
        except Exception as exc:
            raise BackendUnavailable(_simpleaudio_reason(exc)) from None
        return backend

    def _start(self, sound: Pcm) -> Any:
        return self._sa.play_buffer(sound.data, 1, 2, RATE)

    def play(self, event: SoundEvent, sound: Pcm) -> None:
        self._prune()
        try:
            self._playing.append(self._start(sound))
            return
        except Exception as exc:
            if not self._playing:
                raise BackendFailed(_simpleaudio_reason(exc)) from None
        # A device without a software mixer is busy while our previous sound plays: cut that one
        # short rather than lose this one, or give up on the backend.
        self._stop_all()
        try:
            self._playing.append(self._start(sound))
        except Exception as exc:
            raise BackendFailed(_simpleaudio_reason(exc)) from None

    def speak(self, sound: Pcm) -> None:
        before = set(map(id, self._playing))
        self.play(SoundEvent.PHASE, sound)
        self._spoken = [p for p in self._spoken if _is_playing(p)]
        self._spoken += [p for p in self._playing if id(p) not in before]

    def hush(self) -> None:
        for p in self._spoken:
            with contextlib.suppress(Exception):
                p.stop()
        self._spoken = []

    def poll(self) -> float | None:
        self._prune()
        return None

    def _prune(self) -> None:
        self._playing = [p for p in self._playing if _is_playing(p)]

    def _stop_all(self) -> None:
        for p in self._playing:
            with contextlib.suppress(Exception):
                p.stop()
        deadline = time.monotonic() + self._DRAIN_SECONDS
        # simpleaudio frees each sound on its own C thread when it ends; let those threads finish
        # while the interpreter is still alive rather than during its shutdown.
        while any(_is_playing(p) for p in self._playing) and time.monotonic() < deadline:
            time.sleep(0.005)
        self._playing = []

    def close(self) -> None:
        self._stop_all()


def _is_playing(play_object: Any) -> bool:
    try:
        return bool(play_object.is_playing())
    except Exception:
        return False


# ---------------------------------------------------------------------------------------------
# miniaudio


def _host_backends() -> list[str]:
    """miniaudio's backends for this platform, never its silent null device."""
    if sys.platform.startswith("linux"):
        # Not JACK: its client library prints to stderr when no server runs.
        return ["PULSEAUDIO", "ALSA"]
    if sys.platform == "darwin":
        return ["COREAUDIO"]
    if sys.platform == "win32":
        return ["WASAPI", "DSOUND", "WINMM"]
    return ["SNDIO", "AUDIO4", "OSS"]


class _Mixer:
    """Sums the sounds that are playing into the device's buffer; runs on miniaudio's thread."""

    HUSH_FRAMES = RATE // 200  # 5 ms: a phrase stopped short fades out rather than clicks

    def __init__(self, tail_frames: int, on_drained: Callable[[], None]) -> None:
        self._lock = threading.Lock()
        self._voices: list[list[Any]] = []  # [data, byte offset, spoken]
        self._tail_frames = tail_frames
        self._tail = 0
        self._on_drained = on_drained
        self.last_render = time.monotonic()
        self.error: str | None = None

    def add(self, data: bytes, *, spoken: bool = False) -> None:
        with self._lock:
            self._voices.append([data, 0, spoken])
            self._tail = self._tail_frames

    def hush(self) -> None:
        """Ends every spoken phrase within 5 ms, faded out; beeps play on."""
        with self._lock:
            for voice in self._voices:
                data, at, spoken = voice
                if spoken and at < len(data):
                    rest = Pcm(data[at : at + 2 * self.HUSH_FRAMES]).samples()
                    n = len(rest)
                    faded = array("h", [s * (n - i) // n for i, s in enumerate(rest)])
                    voice[0] = data[:at] + Pcm.from_samples(faded).data

    def idle(self) -> bool:
        with self._lock:
            return not self._voices and self._tail <= 0

    def render(self, frames: int) -> bytes:
        self.last_render = time.monotonic()
        want = 2 * frames
        drained = False
        with self._lock:
            if not self._voices:
                if self._tail > 0:
                    self._tail -= frames
                    drained = self._tail <= 0
                out = b""
            elif len(self._voices) == 1:
                voice = self._voices[0]
                data, at = voice[0], voice[1]
                out = data[at : at + want]
                voice[1] = at + len(out)
                if voice[1] >= len(data):
                    self._voices.clear()
            else:
                out = self._mix(want)
        if drained:
            self._on_drained()
        # Always a full buffer: whatever miniaudio does with a short one, silence is what we mean.
        return out + bytes(want - len(out)) if len(out) < want else out

    def _mix(self, want: int) -> bytes:
        total = [0] * (want // 2)
        for voice in self._voices:
            data, at = voice[0], voice[1]
            chunk = Pcm(data[at : at + want]).samples()
            voice[1] = at + 2 * len(chunk)
            for i, s in enumerate(chunk):
                total[i] += s
        self._voices = [v for v in self._voices if v[1] < len(v[0])]
        peak = max(max(total), -min(total))
        if peak > 32767:
            # Turned down for this period rather than clipped: a voice over two beeps at once.
            total = [s * 32767 // peak for s in total]
        return Pcm.from_samples(array("h", total)).data


class MiniaudioBackend(Backend):
    """One miniaudio playback device, started while sounds play and stopped when idle.

    Stopping when idle keeps a 45-minute workout from holding a running stream (and calling into
    Python a hundred times a second) through every rest; the device itself stays open, so starting
    again is quick. It is always stopped and closed on ``close()``: a running miniaudio device left
    at exit makes the interpreter hang.
    """

    name = "miniaudio"
    PERIOD_MS = 10
    TAIL_SECONDS = 1.5  # silence fed after the last sound, so the device's buffer plays out
    WATCHDOG_SECONDS = 1.0  # a started device that asks for nothing this long is lost

    def __init__(self, module: Any, device: Any, wake: Callable[[], None]) -> None:
        self._ma = module
        self._device = device
        self._mixer = _Mixer(round(self.TAIL_SECONDS * RATE), wake)
        self._running = False

    @classmethod
    def open(cls, ctx: BackendContext, backends: Sequence[str] | None = None) -> MiniaudioBackend:
        try:
            module = importlib.import_module("miniaudio")
        except Exception as exc:
            raise BackendUnavailable(f"cannot be loaded ({exc})") from None
        names = list(backends or _host_backends())
        wanted = [module.Backend[n] for n in names if n in module.Backend.__members__]
        try:
            device = module.PlaybackDevice(
                output_format=module.SampleFormat.SIGNED16,
                nchannels=1,
                sample_rate=RATE,
                buffersize_msec=cls.PERIOD_MS,
                backends=wanted,
                app_name="backtimer",
            )
        except Exception as exc:
            # With no sound card this is ALSA's "failed to init device" (-401); miniaudio would
            # otherwise be happy to play into its null device, which nobody hears.
            tried = " or ".join(n.lower() for n in names)
            detail = ", ".join(str(a) for a in exc.args) or type(exc).__name__
            raise BackendUnavailable(f"no sound device through {tried} ({detail})") from None
        return cls(module, device, ctx.wake)

    @property
    def detail(self) -> str:
        """The system sound layer miniaudio opened, e.g. 'ALSA' or 'PulseAudio'."""
        return str(getattr(self._device, "backend", "") or "")

    def _feed(self) -> Generator[bytes, int, None]:
        frames = yield b""
        while True:
            try:
                out = self._mixer.render(frames)
            except Exception as exc:
                # Raising here would make cffi print a traceback on the terminal.
                self._mixer.error = f"mixing failed ({exc!r})"
                out = bytes(2 * frames)
            frames = yield out

    def play(self, event: SoundEvent, sound: Pcm) -> None:
        self._add(sound, spoken=False)

    def speak(self, sound: Pcm) -> None:
        self._add(sound, spoken=True)

    def hush(self) -> None:
        self._mixer.hush()

    def _add(self, sound: Pcm, *, spoken: bool) -> None:
        if self._mixer.error:
            raise BackendFailed(self._mixer.error)
        self._mixer.add(sound.data, spoken=spoken)
        if self._running:
            return
        feed = self._feed()
        next(feed)
        self._mixer.last_render = time.monotonic()
        try:
            self._device.start(feed)
        except Exception as exc:
            raise BackendFailed(f"cannot start the sound device ({exc})") from None
        self._running = True

    def poll(self) -> float | None:
        if not self._running:
            return None
        if self._mixer.error:
            raise BackendFailed(self._mixer.error)
        if self._mixer.idle():
            self._running = False
            try:
                self._device.stop()
            except Exception as exc:
                raise BackendFailed(f"cannot stop the sound device ({exc})") from None
            return None
        if time.monotonic() - self._mixer.last_render > self.WATCHDOG_SECONDS:
            raise BackendFailed("the sound device stopped taking sound")
        return self.WATCHDOG_SECONDS / 2

    def close(self) -> None:
        device, self._device = self._device, None
        self._running = False
        if device is None:
            return
        try:
            device.close()  # stops it, then uninit joins miniaudio's thread
        except Exception:
            return  # a device in an unknown state: leave its context alone
        context = getattr(device, "_context", None)
        if context is not None:
            # pyminiaudio never frees the context it made (and the libraries it loaded).
            with contextlib.suppress(Exception):
                self._ma.lib.ma_context_uninit(context)
                device._context = None


# ---------------------------------------------------------------------------------------------
# bell and off


def _open_tty() -> int | None:
    try:
        return os.open("/dev/tty", os.O_WRONLY | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError:
        pass
    try:
        if sys.stdout is not None and sys.stdout.isatty():
            return os.dup(sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return None


class BellBackend(Backend):
    """The terminal bell: the UI's ``on_bell`` (which also flashes the screen), or BEL on a tty."""

    name = "bell"

    def __init__(self, ring: BellCallback, fd: int | None = None) -> None:
        self._ring = ring
        self._fd = fd

    @classmethod
    def open(cls, ctx: BackendContext) -> BellBackend:
        if ctx.on_bell is not None:
            return cls(ctx.on_bell)
        fd = _open_tty()
        if fd is None:
            raise BackendUnavailable("no terminal to ring")

        def ring(event: SoundEvent) -> None:
            os.write(fd, b"\a")

        return cls(ring, fd)

    def play(self, event: SoundEvent, sound: Pcm) -> None:
        try:
            self._ring(event)
        except Exception as exc:
            raise BackendFailed(f"the bell failed ({exc})") from None

    def close(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)


class OffBackend(Backend):
    """No sound at all; always opens, never fails."""

    name = "off"

    @classmethod
    def open(cls, ctx: BackendContext) -> OffBackend:
        return cls()

    def play(self, event: SoundEvent, sound: Pcm) -> None:
        return None

    def close(self) -> None:
        return None


OPENERS: dict[str, Opener] = {
    "simpleaudio": SimpleaudioBackend.open,
    "miniaudio": MiniaudioBackend.open,
    "bell": BellBackend.open,
    "off": OffBackend.open,
}
"""Every backend by name, in the order ``auto`` tries them."""
