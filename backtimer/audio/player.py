"""The player: hands each sound to one worker thread, and falls back when a backend fails.

``play()`` only puts the event on a queue, so the UI's event loop never waits for a device. The
worker owns the backend: it opens the next one in the chain when the current one fails, tells the
UI once through ``on_notice``, and plays the sound that failed on the new backend. One thread, one
queue and one open backend at a time, whatever the length of the workout: nothing accumulates.
"""

from __future__ import annotations

import atexit
import contextlib
import queue
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple

from backtimer.audio.backends import (
    OPENERS,
    Backend,
    BackendContext,
    BackendUnavailable,
    BellCallback,
    OffBackend,
    Opener,
)
from backtimer.audio.pcm import Pcm
from backtimer.core.events import SoundEvent

NoticeCallback = Callable[[str], None]

_STOP = object()
_POLL = object()


class _Request(NamedTuple):
    stamp: float  # time.monotonic() when play() was called
    event: SoundEvent


class _Speak(NamedTuple):
    stamp: float  # time.monotonic() when speak() was called
    sound: Pcm


_HUSH = object()


class AudioPlayer:
    """Plays sound events through the first backend of ``chain`` that works.

    Build it with ``backtimer.audio.open_audio``. Callbacks (``on_notice``, ``on_bell``) are called
    on the worker thread, except the notices of opening, which come on the caller's thread: they
    must return quickly and must not touch a UI from there (in Textual, ``post_message`` is safe).
    """

    def __init__(
        self,
        chain: Sequence[str],
        sounds: Mapping[SoundEvent, Pcm],
        *,
        requested: str = "auto",
        openers: Mapping[str, Opener] = OPENERS,
        on_notice: NoticeCallback | None = None,
        on_bell: BellCallback | None = None,
        max_lag: float = 1.0,
        notices: Sequence[str] = (),
        announce_fallback: bool = True,
    ) -> None:
        self._chain = list(chain)
        self._sounds = dict(sounds)
        self._requested = requested
        self._openers = openers
        self._on_notice = on_notice
        self._max_lag = max_lag
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._notices: list[str] = []
        self._skipped: list[tuple[str, str]] = []
        self._closed = False
        self._played = 0
        self._dropped = 0
        # Seconds from play() to the backend having the sound, for the last sounds only.
        self._latencies: deque[float] = deque(maxlen=1000)
        for text in notices:  # problems found before the player existed (sound files)
            self._notice(text)
        self._ctx = BackendContext(self._sounds, on_bell, self._wake)
        self._index, self._backend = self._open_from(0)
        if announce_fallback:
            self._notice_opening()
        self._thread = threading.Thread(target=self._run, name="backtimer-audio", daemon=True)
        self._thread.start()
        _LIVE.add(self)

    # -- what the UI calls --------------------------------------------------------------------

    @property
    def name(self) -> str:
        """The backend in use now."""
        return self._backend.name

    @property
    def detail(self) -> str:
        """More about the backend in use (e.g. 'ALSA' under miniaudio), or ''."""
        return self._backend.detail

    def seconds(self, event: SoundEvent) -> float:
        """How long the event's sound lasts."""
        sound = self._sounds.get(event)
        return sound.seconds if sound is not None else 0.0

    @property
    def skipped(self) -> tuple[tuple[str, str], ...]:
        """(backend, reason) for every backend passed over, at opening or later."""
        with self._lock:
            return tuple(self._skipped)

    @property
    def notices(self) -> tuple[str, ...]:
        """Every notice so far, oldest first (the same texts ``on_notice`` was given)."""
        with self._lock:
            return tuple(self._notices)

    @property
    def played(self) -> int:
        return self._played

    @property
    def dropped(self) -> int:
        """Sounds not played because the worker got to them too late to mean anything."""
        return self._dropped

    def latencies(self) -> list[float]:
        """Seconds from ``play()`` to the backend having the sound, for recent sounds."""
        with self._lock:
            return list(self._latencies)

    def describe(self) -> str:
        """One line for a status bar: the backend, and why earlier ones were passed over."""
        skipped = self.skipped
        if not skipped:
            return self.name
        why = "; ".join(f"{name}: {reason}" for name, reason in skipped)
        return f"{self.name} (skipped {why})"

    @property
    def sounds(self) -> Mapping[SoundEvent, Pcm]:
        """Each event's sound as it plays (volume applied)."""
        return self._sounds

    def play(self, event: SoundEvent) -> None:
        """Queues the event's sound and returns at once; never blocks, never raises."""
        if not self._closed:
            self._queue.put(_Request(time.monotonic(), event))

    def speak(self, sound: Pcm) -> None:
        """Queues a spoken phrase, mixed in with the beeps; returns at once, never raises."""
        if not self._closed:
            self._queue.put(_Speak(time.monotonic(), sound))

    def hush(self) -> None:
        """Stops the phrases being spoken (beeps play on); returns at once, never raises."""
        if not self._closed:
            self._queue.put(_HUSH)

    def close(self, timeout: float = 1.0) -> None:
        """Stops sound, closes the device and ends the worker thread. Safe to call twice.

        Waits at most ``timeout`` seconds for the worker: a device stuck in its driver must not
        hold up quitting (the worker is a daemon thread and goes with the process).
        """
        with self._lock:
            if self._closed:
                return
            self._closed = True
        self._queue.put(_STOP)
        if threading.current_thread() is not self._thread:
            self._thread.join(timeout)
        _LIVE.discard(self)

    def __enter__(self) -> AudioPlayer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the worker ---------------------------------------------------------------------------

    def _wake(self) -> None:
        self._queue.put(_POLL)

    def _open_from(self, start: int) -> tuple[int, Backend]:
        for index in range(start, len(self._chain)):
            name = self._chain[index]
            opener = self._openers.get(name)
            if opener is None:
                self._skip(name, "unknown backend")
                continue
            try:
                return index, opener(self._ctx)
            except BackendUnavailable as exc:
                self._skip(name, str(exc))
            except Exception as exc:
                self._skip(name, f"failed to open ({exc!r})")
        # Whatever happened, the workout goes on in silence.
        return len(self._chain), OffBackend()

    def _skip(self, name: str, reason: str) -> None:
        with self._lock:
            self._skipped.append((name, reason))

    def _notice(self, text: str) -> None:
        with self._lock:
            self._notices.append(text)
        if self._on_notice is not None:
            # A UI callback that fails must not take the sound (or the worker) down with it, and
            # nothing may be printed behind the UI's back: the text stays in ``notices``.
            with contextlib.suppress(Exception):
                self._on_notice(text)

    def _notice_opening(self) -> None:
        # Short enough for a toast: the full reasons are in ``skipped`` and ``describe()``.
        name = self.name
        if self._requested != "auto" and name != self._requested:
            reason = next((r for n, r in self.skipped if n == self._requested), "")
            self._notice(f"Sound: {self._requested} is not available ({reason}); using {name}.")
        elif self._requested == "auto" and name in ("bell", "off"):
            # What stands in comes first: a notice on a small terminal shows only its start.
            stand_in = "the terminal bell" if name == "bell" else "off"
            self._notice(f"Sound: {stand_in} (no sound device; `backtimer sounds` says why).")

    def _run(self) -> None:
        timeout: float | None = None
        while True:
            try:
                item = self._queue.get(timeout=timeout)
            except queue.Empty:
                item = _POLL
            if item is _STOP:
                break
            if isinstance(item, _Request):
                self._deliver(item.event, item.stamp)
            elif isinstance(item, _Speak):
                self._deliver_speech(item.sound, item.stamp)
            elif item is _HUSH:
                with contextlib.suppress(Exception):  # a phrase left playing is no failure
                    self._backend.hush()
            timeout = self._poll()
        self._backend.close()

    def _deliver(self, event: SoundEvent, stamp: float) -> None:
        while True:
            if time.monotonic() - stamp > self._max_lag:
                # A beep a second late would mark the wrong moment; better none.
                self._dropped += 1
                return
            sound = self._sounds.get(event)
            if sound is None:
                return
            try:
                self._backend.play(event, sound)
            except Exception as exc:
                self._fail_over(str(exc) or type(exc).__name__)
                continue  # the same sound, on the next backend
            self._played += 1
            with self._lock:
                self._latencies.append(time.monotonic() - stamp)
            return

    def _deliver_speech(self, sound: Pcm, stamp: float) -> None:
        while True:
            if time.monotonic() - stamp > self._max_lag:
                self._dropped += 1
                return
            try:
                self._backend.speak(sound)
            except Exception as exc:
                self._fail_over(str(exc) or type(exc).__name__)
                continue
            return

    def _poll(self) -> float | None:
        while True:
            try:
                return self._backend.poll()
            except Exception as exc:
                self._fail_over(str(exc) or type(exc).__name__)

    def _fail_over(self, reason: str) -> None:
        old = self._backend
        old.close()
        self._skip(old.name, reason)
        self._index, self._backend = self._open_from(self._index + 1)
        self._notice(f"Sound: {old.name} stopped working ({reason}); now using {self.name}.")


_LIVE: weakref.WeakSet[AudioPlayer] = weakref.WeakSet()


@atexit.register
def _close_all() -> None:
    # A miniaudio device still running at exit makes the interpreter hang; close them all first.
    for player in list(_LIVE):
        player.close(timeout=1.0)
