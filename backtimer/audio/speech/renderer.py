"""Renders the phrases a workout will say, in one worker thread, ahead of when they are said.

``request()`` and ``get()`` never wait for synthesis: a caller on a UI's event loop asks for a
phrase and gets it if it is ready, or None (then its beep plays alone). The worker first loads
every requested phrase that is already in the cache (milliseconds each), then synthesises the
rest in the order they were asked for, so the phrases said first are ready first. Setting the
cancel event (or ``close()``) stops it between two phrases.
"""

from __future__ import annotations

import atexit
import threading
import weakref
from collections.abc import Callable, Iterable

from backtimer.audio.pcm import Pcm
from backtimer.audio.speech.cache import PhraseCache
from backtimer.audio.speech.engines import Engine, EngineFailed

NoticeCallback = Callable[[str], None]
ReadyCallback = Callable[[str], None]


class PhraseRenderer:
    """Phrases of one engine, rendered in the background and kept in memory once ready.

    ``engine`` None is no voice: nothing is rendered and ``get`` is always None. ``cache`` None
    renders without keeping files. ``on_notice`` hears, once, that a phrase could not be spoken or
    the cache not written; ``on_ready`` hears each phrase as it becomes ready. Both are called on
    the worker thread and must not block (in Textual, ``post_message`` is safe).
    """

    def __init__(
        self,
        engine: Engine | None,
        cache: PhraseCache | None = None,
        *,
        on_notice: NoticeCallback | None = None,
        on_ready: ReadyCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> None:
        self._engine = engine
        self._cache = cache
        self._on_notice = on_notice
        self._on_ready = on_ready
        self._cancel = cancel or threading.Event()
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._wanted: list[str] = []
        self._known: set[str] = set()
        self._taken = 0  # phrases of _wanted the worker has picked up
        self._ready: dict[str, Pcm] = {}
        self._failed: dict[str, str] = {}
        self._finished = 0  # ready or failed, counted once its callbacks have returned
        self._from_cache = 0
        self._told: set[str] = set()  # kinds of problem already told to on_notice
        self._thread: threading.Thread | None = None

    @property
    def engine(self) -> Engine | None:
        return self._engine

    def request(self, phrases: Iterable[str]) -> None:
        """Adds phrases to render (those already asked for are ignored). Returns at once."""
        if self._engine is None:
            return
        with self._lock:
            if self._cancel.is_set():
                return
            for text in phrases:
                if text not in self._known:
                    self._known.add(text)
                    self._wanted.append(text)
            if self._thread is None and self._taken < len(self._wanted):
                self._thread = threading.Thread(
                    target=self._run, name="backtimer-speech", daemon=True
                )
                self._thread.start()
                _LIVE.add(self)
            self._changed.notify_all()

    def get(self, text: str) -> Pcm | None:
        """The phrase if it is ready, else None. Never waits."""
        return self._ready.get(text)  # one dict read: atomic, no lock needed

    @property
    def progress(self) -> tuple[int, int]:
        """(phrases finished, ready or failed; phrases asked for)."""
        with self._lock:
            return self._finished, len(self._wanted)

    @property
    def done(self) -> bool:
        finished, wanted = self.progress
        return finished >= wanted

    @property
    def from_cache(self) -> int:
        """How many phrases came from the cache rather than the engine."""
        return self._from_cache

    @property
    def failed(self) -> dict[str, str]:
        """Each phrase that could not be spoken, with why."""
        with self._lock:
            return dict(self._failed)

    def wait(self, timeout: float | None = None) -> bool:
        """Blocks until every requested phrase is finished (for ``render``, not for a UI)."""
        with self._changed:
            self._changed.wait_for(
                lambda: self._cancel.is_set() or self._finished >= len(self._wanted), timeout
            )
            return self._finished >= len(self._wanted)

    def close(self, timeout: float = 5.0) -> None:
        """Stops the worker after the phrase it is on; keeps what is ready. Never raises."""
        self._cancel.set()
        with self._changed:
            self._changed.notify_all()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    # -----------------------------------------------------------------------------------------
    # the worker

    def _run(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(
                    lambda: self._cancel.is_set() or self._taken < len(self._wanted)
                )
                if self._cancel.is_set():
                    self._changed.notify_all()
                    return
                batch = self._wanted[self._taken :]
                self._taken = len(self._wanted)
            missing = [text for text in batch if not self._load(text)]
            for text in missing:
                if self._cancel.is_set():
                    break
                self._render(text)

    def _load(self, text: str) -> bool:
        if self._cancel.is_set() or self._cache is None:
            return False
        pcm = self._cache.load(text)
        if pcm is None:
            return False
        self._from_cache += 1
        self._publish(text, pcm)
        return True

    def _render(self, text: str) -> None:
        assert self._engine is not None
        try:
            pcm = self._engine.synth(text)
        except EngineFailed as exc:
            self._fail(text, str(exc))
            return
        except Exception as exc:  # a broken engine must not end the worker
            self._fail(text, f"{type(exc).__name__}: {exc}")
            return
        if self._cache is not None and not self._cache.store(text, pcm):
            self._tell("store", f"Voice: cannot write the phrase cache in {self._cache.folder}.")
        self._publish(text, pcm)

    def _publish(self, text: str, pcm: Pcm) -> None:
        self._ready[text] = pcm  # get() sees it from here on
        if self._on_ready is not None:
            self._on_ready(text)
        self._finish()

    def _fail(self, text: str, why: str) -> None:
        with self._lock:
            self._failed[text] = why
        assert self._engine is not None
        self._tell("synth", f"Voice: {self._engine.name} cannot speak a phrase ({why}).")
        self._finish()

    def _finish(self) -> None:
        # Counted after the callbacks, so a caller woken by wait() has heard about every phrase.
        with self._changed:
            self._finished += 1
            self._changed.notify_all()

    def _tell(self, kind: str, message: str) -> None:
        if kind in self._told or self._on_notice is None:
            return
        self._told.add(kind)
        self._on_notice(message)


_LIVE: weakref.WeakSet[PhraseRenderer] = weakref.WeakSet()


@atexit.register
def _close_all() -> None:
    # A worker inside the espeak-ng library while the interpreter shuts down could crash it.
    for renderer in list(_LIVE):
        renderer.close(timeout=1.0)
