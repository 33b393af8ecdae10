"""Speaks a workout live: the phrases arranged from the session's plan, each started on its time.

``LiveVoice`` follows a ``Session``. The plan is the only source of timing: when the session
starts, skips, goes back, resumes or gets a changed plan, the voice anchors the plan to the clock
again (the current step's start, read from the session's deadline) and arranges what is said
from that moment on with ``arrange``, the same code a rendered file uses. Nothing is said while
the session is paused; a workout ended by hand ends quietly.

All the work is done on one thread of its own, never the UI's event loop: opening the engine,
rendering the workout's phrases (through a ``PhraseRenderer`` and its cache), arranging, and
handing each phrase to the ``Speaker`` (the audio player, which mixes it with the beeps) at its
moment. A phrase not rendered yet is left out, so its beep plays alone; when more phrases become
ready the rest of the workout is arranged again. A count or phase word is never held back for a
phrase: the arrangement cuts a phrase where a count begins, and a phrase still sounding when a
count is due (timing a few milliseconds off, a phrase that became ready late) is hushed.

Thread use: ``follow``, ``prepare``, ``say``, the switches and ``close`` are called on the UI's
thread and only note what is wanted; ``step`` runs on the voice thread (or from a test).
"""

from __future__ import annotations

import bisect
import contextlib
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from backtimer.audio.pcm import RATE, Pcm
from backtimer.audio.speech import VoiceChoice, VoiceSetup, default_cache_dir, open_voice
from backtimer.audio.speech.announce import Announcement, Priority, announcements, phrases
from backtimer.audio.speech.arrange import Utterance, arrange
from backtimer.audio.speech.cache import PhraseCache
from backtimer.audio.speech.mixdown import Play, beep_plays, clip_safe
from backtimer.audio.speech.renderer import PhraseRenderer
from backtimer.core.events import SoundEvent
from backtimer.core.plan import Plan
from backtimer.core.session import Clock, Session, SessionEvent

BEAT_LATE = 0.15
"""Seconds after its beat that a count or phase word is still said; later, it marks no beat."""
OTHER_LATE = 1.0
"""Seconds late any other phrase is still said."""
AHEAD = 2.0
"""Seconds ahead that a phrase is made ready (cut, levelled), so it starts exactly on time."""
OVERLAP_SLACK = 0.03
"""A phrase ending this close after the next one's start is not talking over it (timing noise)."""

NoticeCallback = Callable[[str], None]
Opener = Callable[[VoiceSetup], VoiceChoice]


class Speaker(Protocol):
    """Where phrases go: the audio player, which mixes them with the beeps."""

    def speak(self, sound: Pcm) -> None: ...

    def hush(self) -> None: ...


def _open(setup: VoiceSetup) -> VoiceChoice:
    return open_voice(setup.engine, setup.options())


@dataclass(frozen=True)
class _Anchor:
    """The plan pinned to the clock: plan second ``at`` is clock time ``wall``; speak from
    plan second ``since``."""

    plan: Plan
    wall: float
    at: float
    since: float
    ending: bool  # "Workout complete" and the like are said

    def clock_of(self, frame: int) -> float:
        return self.wall + frame / RATE - self.at


@dataclass(frozen=True)
class _Due:
    wall: float
    utterance: Utterance


class LiveVoice:
    """The voice of a live workout; see the module's docstring.

    ``speaker`` receives each phrase (already cut and levelled) at its moment; ``clock`` is the
    session's clock. ``cache_dir`` None keeps phrases in the platform's user cache. ``on_notice``
    hears, from the voice thread, each problem a person should know about (an engine passed over,
    a phrase that cannot be spoken); it must not block. ``opener`` opens the engine (for tests).
    With ``start`` False no thread runs: a test calls ``open()`` and ``step()`` itself.
    """

    def __init__(
        self,
        setup: VoiceSetup,
        speaker: Speaker,
        *,
        clock: Clock = time.monotonic,
        cache_dir: Path | None = None,
        on_notice: NoticeCallback | None = None,
        opener: Opener = _open,
        start: bool = True,
    ) -> None:
        self.setup = setup
        self._speaker = speaker
        self._clock = clock
        self._cache_dir = cache_dir
        self._on_notice = on_notice
        self._opener = opener
        self._cond = threading.Condition()
        # Wanted by the UI thread (under the lock):
        self._enabled = True
        self._muted = False
        self._closed = False
        self._session: Session | None = None
        self._ending = True
        self._unsubscribe: Callable[[], None] | None = None
        self._anchor: _Anchor | None = None
        self._generation = 0
        self._hush_wanted = False
        self._to_prepare: list[Plan | list[str]] = []
        self._to_say: list[str] = []
        self._ready_changed = False
        self._volume = 1.0
        self._sounds: Mapping[SoundEvent, Pcm] = {}
        # The voice thread's own:
        self.choice: VoiceChoice | None = None
        self.renderer: PhraseRenderer | None = None
        self._opened = threading.Event()
        self._arranged = -1  # the generation the schedule was made for
        self._schedule: list[_Due] = []
        self._next = 0  # index of the first phrase of the schedule not yet said or passed
        self._said: set[tuple[float, str]] = set()  # said under the current anchor
        self._talking: tuple[float, Priority] | None = None  # (clock time it ends, priority)
        self._pending_say: str | None = None
        self._plan_said: dict[int, tuple[Plan, list[Announcement]]] = {}
        self._beeps: dict[int, tuple[Plan, list[Play], list[int]]] = {}
        self._ready: dict[tuple[object, ...], Pcm] = {}  # phrases cut and levelled, by shape
        self.spoken: list[tuple[float, str]] = []  # (clock time, text) of recent phrases
        self._thread: threading.Thread | None = None
        if start and not setup.off:
            self._thread = threading.Thread(target=self._run, name="backtimer-voice", daemon=True)
            self._thread.start()

    # -- what the UI calls ----------------------------------------------------------------------

    @property
    def engine_name(self) -> str:
        """The engine speaking ('espeak-ng'), 'off', or 'opening' while it opens."""
        if self.setup.off:
            return "off"
        if not self._opened.is_set():
            return "opening"
        return self.choice.name if self.choice is not None else "off"

    def describe(self) -> str:
        """One line: the engine and why others were passed over, e.g. for a help screen."""
        if self.setup.off:
            return "off"
        if self.choice is None:
            return "opening"
        return self.choice.describe()

    @property
    def enabled(self) -> bool:
        return self._enabled

    def toggle(self) -> bool:
        """Voice off or back on (the ``v`` key); returns whether it is on now."""
        with self._cond:
            self._enabled = not self._enabled
            if not self._enabled:
                self._hush_wanted = True
            self._cond.notify_all()
            return self._enabled

    @property
    def muted(self) -> bool:
        return self._muted

    @muted.setter
    def muted(self, muted: bool) -> None:
        """All sound off (the ``m`` key): the voice is silent too."""
        with self._cond:
            self._muted = muted
            if muted:
                self._hush_wanted = True
            self._cond.notify_all()

    def use_sounds(self, sounds: Mapping[SoundEvent, Pcm], volume: float | None) -> None:
        """The beeps as the player plays them, and the volume: phrases are played at that
        volume, turned down where a beep would make the sum reach full scale."""
        with self._cond:
            self._sounds = dict(sounds)
            self._volume = 1.0 if volume is None else min(1.0, max(0.0, volume))
            self._ready.clear()
            self._beeps.clear()

    def prepare(self, plan: Plan) -> None:
        """Render every phrase ``plan`` will say, in the background. Returns at once."""
        self._want_rendered(plan)

    def prepare_texts(self, texts: Iterable[str]) -> None:
        """Render these phrases in the background (practice's cues). Returns at once."""
        self._want_rendered(list(texts))

    def _want_rendered(self, what: Plan | list[str]) -> None:
        if self.setup.off:
            return
        with self._cond:
            self._to_prepare.append(what)
            self._cond.notify_all()

    def follow(self, session: Session, *, ending: bool = True) -> None:
        """Speak this session's workout from now on (only one session is followed).

        ``ending`` False leaves out the words of its last step ("Workout complete"): for a hold
        or a rep played on its own in practice.
        """
        self.unfollow()
        self._ending = ending
        self._session = session
        self._unsubscribe = session.subscribe(self._on_event)
        self.prepare(session.plan)
        self._sync(None)

    def unfollow(self) -> None:
        """Stop listening to the session; what is already arranged is still said (the
        summary follows the last step while "Workout complete" is said)."""
        if self._unsubscribe is not None:
            with contextlib.suppress(ValueError):
                self._unsubscribe()
        self._unsubscribe = None
        self._session = None

    def stop(self) -> None:
        """Stop following and say nothing more of it, now."""
        self.unfollow()
        self._set_anchor(None, hush=True)

    def say(self, text: str) -> None:
        """Say ``text`` now, cutting what is being said (practice's ``s``): at once if it is
        rendered, else as soon as it is."""
        if self.setup.off:
            return
        with self._cond:
            self._to_say.append(text)
            self._cond.notify_all()

    def close(self, timeout: float = 2.0) -> None:
        """Stop the thread and the renderer; nothing more is said. Safe to call twice."""
        self.unfollow()
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)
        if thread is None or not thread.is_alive():
            self._shut()

    # -- following the session (UI thread) --------------------------------------------------------

    def _on_event(self, event: SessionEvent) -> None:
        self._sync(event)

    def _sync(self, event: SessionEvent | None) -> None:
        """Anchor the plan to the clock again if the session is no longer where the voice
        expects it: started, skipped, gone back, resumed, or given a changed plan."""
        session = self._session
        if session is None:
            return
        if not session.started or session.paused:
            self._set_anchor(None, hush=self._anchor is not None)
            return
        step = session.step
        deadline = session.deadline()
        if deadline is not None and step.seconds is not None:
            step_wall = deadline - step.seconds
        elif event is not None and event.step.index == step.index:
            step_wall = event.at  # the last step, untimed: it began when its events fired
        else:
            step_wall = self._clock()
        current = self._anchor
        if current is not None and current.plan is session.plan:
            if abs(current.wall + step.start - current.at - step_wall) < 2e-3:
                return  # on schedule: what is arranged stands
            jumped = True
        elif current is not None and step.index < len(current.plan.steps):
            # A changed plan (a hold made longer): only a jump if the step moved on the clock.
            was = current.plan.steps[step.index].start
            jumped = abs(current.wall + was - current.at - step_wall) >= 2e-3
        else:
            jumped = current is not None
        if step.kind == "done":
            # Reached on schedule above; here the workout was ended by hand: no fanfare.
            self._set_anchor(None, hush=current is not None)
            return
        moment = event.at if event is not None else self._clock()
        since = step.start + max(0.0, moment - step_wall)
        anchor = _Anchor(session.plan, step_wall, step.start, since, self._ending)
        # A changed plan in the same place keeps the word being said.
        self._set_anchor(anchor, hush=jumped)

    def _set_anchor(self, anchor: _Anchor | None, *, hush: bool) -> None:
        with self._cond:
            if anchor is None and self._anchor is None and not hush:
                return
            self._anchor = anchor
            self._generation += 1
            if hush:
                self._hush_wanted = True
            self._cond.notify_all()

    # -- the voice thread -------------------------------------------------------------------------

    def open(self) -> None:
        """Open the engine and its renderer (on the voice thread; tests call it directly)."""
        choice = self._opener(self.setup)
        self.choice = choice
        if choice.engine is None and self.setup.engine != "auto":
            why = "; ".join(why for _, why in choice.skipped) or "unavailable"
            self._notice(f"Voice: {self.setup.engine} cannot be used ({why}); no voice.")
        if choice.engine is not None:
            folder = self._cache_dir if self._cache_dir is not None else default_cache_dir()
            self.renderer = PhraseRenderer(
                choice.engine,
                PhraseCache(folder, choice.engine.key),
                on_notice=self._notice,
                on_ready=self._phrase_ready,
            )
        elif self.setup.engine == "auto":
            self._notice("Voice: no speech engine could be used; beeps only (README: Voice).")
        self._opened.set()

    def _phrase_ready(self, text: str) -> None:
        with self._cond:
            self._ready_changed = True
            self._cond.notify_all()

    def _notice(self, text: str) -> None:
        if self._on_notice is not None:
            with contextlib.suppress(Exception):
                self._on_notice(text)

    def _run(self) -> None:
        try:
            self.open()
        except Exception as exc:  # an engine that breaks while opening: no voice, no crash
            self._notice(f"Voice: could not be started ({type(exc).__name__}: {exc}).")
            self._opened.set()
            self._shut()
            return
        failed = False
        while True:
            with self._cond:
                while not self._closed and not self._has_work():
                    wake = self._next_wake()
                    if wake is None:
                        self._cond.wait()
                        continue
                    left = wake - self._clock()
                    if left <= 0:
                        break
                    self._cond.wait(left)
                if self._closed:
                    break
            try:
                self.step()
            except Exception as exc:  # a bug must not end the voice, nor go unnoticed
                if not failed:
                    failed = True
                    self._notice(f"Voice: {type(exc).__name__}: {exc}")
                with self._cond:
                    self._arranged = self._generation  # not the same failure again at once
                    self._ready_changed = False
        self._shut()

    def _has_work(self) -> bool:
        return bool(
            self._hush_wanted
            or self._to_prepare
            or self._to_say
            or self._ready_changed
            or self._generation != self._arranged
        )

    def _next_wake(self) -> float | None:
        """When the next phrase is due (clock time), or None."""
        if self._next >= len(self._schedule):
            return None
        return self._schedule[self._next].wall

    def next_due(self) -> float | None:
        """When the next phrase is due (clock time), or None: for a caller driving ``step``."""
        with self._cond:
            return self._next_wake()

    def step(self) -> None:
        """Everything due now: render requests, hushing, arranging, and the phrases due."""
        with self._cond:
            hush, self._hush_wanted = self._hush_wanted, False
            preparing, self._to_prepare = self._to_prepare, []
            saying, self._to_say = self._to_say, []
            rearrange = self._ready_changed or self._generation != self._arranged
            self._ready_changed = False
            generation, anchor = self._generation, self._anchor
            silent = not self._enabled or self._muted
        renderer = self.renderer
        if renderer is not None:
            for what in preparing:
                texts = what if isinstance(what, list) else phrases(self._said_of(what))
                renderer.request(texts)
        if hush:
            self._hush()
        if rearrange:
            self._arrange(anchor, generation)
        if saying:
            self._pending_say = saying[-1]  # the others would be cut at once
        self._say_now(silent)
        self._speak_due(silent)
        self._make_ready()

    def _hush(self) -> None:
        self._talking = None
        with contextlib.suppress(Exception):
            self._speaker.hush()

    def _said_of(self, plan: Plan) -> list[Announcement]:
        found = self._plan_said.get(id(plan))
        if found is None or found[0] is not plan:
            self._plan_said = {id(plan): (plan, announcements(plan, self.setup.level))}
            found = self._plan_said[id(plan)]
        return found[1]

    def _arrange(self, anchor: _Anchor | None, generation: int) -> None:
        if anchor is None or self.renderer is None:
            self._schedule, self._next = [], 0
            self._said = set()
            self._arranged = generation
            return
        if generation != self._arranged:
            self._said = set()  # a new anchor: nothing of it said yet
        said = self._said_of(anchor.plan)
        if not anchor.ending:
            last = len(anchor.plan.steps) - 1
            said = [a for a in said if a.step != last]
        utterances = arrange(said, self.renderer.get, since=anchor.since)
        self._schedule = [_Due(anchor.clock_of(u.start), u) for u in utterances]
        self._next = 0
        self._arranged = generation

    def _speak_due(self, silent: bool) -> None:
        now = self._clock()
        while self._next < len(self._schedule) and self._schedule[self._next].wall <= now:
            due = self._schedule[self._next]
            self._next += 1
            u = due.utterance
            key = (u.announcement.at, u.announcement.text)
            if key in self._said:
                continue  # said already, before a phrase that became ready arranged it again
            beat = u.announcement.priority == Priority.BEAT
            if silent or now - due.wall > (BEAT_LATE if beat else OTHER_LATE):
                continue
            if not self._on_current_plan():
                continue  # the plan changed: the next session event anchors it again
            talking = self._talking
            if talking is not None and talking[0] - now > OVERLAP_SLACK:
                if u.announcement.priority < talking[1] or (
                    u.announcement.priority == talking[1] and not beat
                ):
                    continue  # never talk over a phrase of more weight
                self._hush()  # a count cuts what is being said
            self._said.add(key)
            self._speak(self._ready_phrase(u), u.announcement.text, u.announcement.priority)

    def _on_current_plan(self) -> bool:
        session, anchor = self._session, self._anchor
        return session is None or anchor is None or session.plan is anchor.plan

    def _say_now(self, silent: bool) -> None:
        """Say the phrase asked for by ``say``, once it is rendered (its readiness wakes the
        thread again): the thread never waits for it and never misses a count for it."""
        renderer, text = self.renderer, self._pending_say
        if renderer is None or text is None:
            return
        pcm = renderer.get(text)
        if pcm is None:
            if text in renderer.failed:
                self._pending_say = None
            else:
                renderer.request([text])  # ignored if asked for already
            return
        self._pending_say = None
        if silent:
            return
        self._hush()
        pcm = self._levelled(text, pcm)
        self._speak(pcm, text, Priority.BEAT)

    def _speak(self, pcm: Pcm, text: str, priority: Priority) -> None:
        now = self._clock()
        with contextlib.suppress(Exception):  # a speaker that fails must not end the voice
            self._speaker.speak(pcm)
        self._talking = (now + pcm.frames / RATE, priority)
        self.spoken.append((now, text))
        if len(self.spoken) > 1000:
            del self.spoken[:500]

    def _make_ready(self) -> None:
        """Cut and level the phrases due in the next few seconds, ahead of their moment."""
        horizon = self._clock() + AHEAD
        for due in self._schedule[self._next :]:
            if due.wall > horizon:
                break
            self._ready_phrase(due.utterance)

    def _ready_phrase(self, u: Utterance) -> Pcm:
        """The phrase as it is played: cut where the arrangement cuts it, faded, and at the
        volume, turned down where it meets a beep that would take the sum to full scale."""
        anchor = self._anchor
        beeps, starts = self._beeps_of(anchor.plan) if anchor is not None else ([], [])
        lo = bisect.bisect_left(starts, u.start - RATE)  # no beep is a second long
        hi = bisect.bisect_left(starts, u.end)
        over = [b for b in beeps[lo:hi] if b.end > u.start]
        shape = (
            u.announcement.text,
            u.frames,
            tuple((b.label, b.start - u.start) for b in over),
        )
        pcm = self._ready.get(shape)
        if pcm is None:
            plays = clip_safe(over, [u], self._volume)
            pcm = next(p.pcm for p in plays if p.voice)
            if len(self._ready) > 500:
                self._ready.clear()
            self._ready[shape] = pcm
        return pcm

    def _levelled(self, text: str, pcm: Pcm) -> Pcm:
        shape = (text, pcm.frames, "alone")
        found = self._ready.get(shape)
        if found is None:
            found = self._ready[shape] = pcm.scaled(self._volume)
        return found

    def _beeps_of(self, plan: Plan) -> tuple[list[Play], list[int]]:
        found = self._beeps.get(id(plan))
        if found is None or found[0] is not plan:
            beeps = beep_plays(plan, self._sounds)
            self._beeps = {id(plan): (plan, beeps, [b.start for b in beeps])}
            found = self._beeps[id(plan)]
        return found[1], found[2]

    def _shut(self) -> None:
        renderer, self.renderer = self.renderer, None
        if renderer is not None:
            renderer.close(timeout=1.0)
        if self.choice is not None:
            self.choice.close()
