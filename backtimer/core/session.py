"""The session engine: walks a Plan against an injected clock and emits what happens when.

Every time is a deadline computed from the clock: a step that ends on schedule starts the next one
at its deadline, not at the moment the engine happened to notice, so a long workout cannot drift.
Pausing shifts the deadlines by the time spent paused. Nothing here counts ticks or sleeps: the
sounds and counts within a step come from the plan, and are replayed as the clock reaches them.
"""

from __future__ import annotations

import math
import time
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Literal

from backtimer.core.events import SoundEvent
from backtimer.core.model import MAX_SECONDS
from backtimer.core.plan import Plan, Step

Clock = Callable[[], float]

# A step began, one of the plan's sounds fell due, or the workout ended (the screens and the
# benchmark follow these); paused and resumed (the voice stops and picks up again on them).
EventKind = Literal["step-started", "sound", "workout-done", "paused", "resumed"]


@dataclass(frozen=True)
class SessionEvent:
    """Something that happened: ``sound`` is the plan's sound event for a "sound"."""

    kind: EventKind
    step: Step
    at: float  # the clock time it was due
    late: float = 0.0  # how long after ``at`` it was emitted
    sound: SoundEvent | None = None


Listener = Callable[[SessionEvent], None]


def timeline(step: Step) -> list[tuple[float, EventKind, SoundEvent | None]]:
    """Everything due within a step, as (offset, kind, sound), in firing order: the step's start
    (and the workout's end, at the last step), then the sounds the plan gives it, in time order."""
    items: list[tuple[float, EventKind, SoundEvent | None]] = [(0.0, "step-started", None)]
    if step.kind == "done":
        items.append((0.0, "workout-done", None))
    items.extend((s.offset, "sound", s.event) for s in step.sounds)
    return items


@dataclass
class Stats:
    """What the summary shows."""

    started_at: float | None = None
    finished_at: float | None = None
    paused_seconds: float = 0.0
    completed: set[int] = field(default_factory=set)  # indices of steps run to their end
    # Time between the planned end and one more round (``Session.extend``): not workout time.
    idle_seconds: float = 0.0


class Session:
    """A workout in progress: the current step, its deadline, and the controls."""

    def __init__(self, plan: Plan, clock: Clock = time.monotonic) -> None:
        self.plan = plan
        self.clock = clock
        self.index = 0
        self.stats = Stats()
        self._listeners: list[Listener] = []
        self._step_start = 0.0  # clock time the current step started (shifted by pauses)
        self._paused_at: float | None = None
        self._started = False
        self._finished = False
        self._timeline = timeline(plan.steps[0])
        self._fired = 0  # how many timeline items of the current step have been emitted

    # -- subscription -----------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` with every event; returns a function that unsubscribes it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def _emit(self, event: SessionEvent) -> None:
        for listener in list(self._listeners):
            listener(event)

    # -- state ------------------------------------------------------------------------------

    @property
    def step(self) -> Step:
        return self.plan.steps[self.index]

    @property
    def started(self) -> bool:
        return self._started

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    @property
    def finished(self) -> bool:
        return self._finished

    def _now(self) -> float:
        # While paused, time stands still at the moment of pausing.
        return self._paused_at if self._paused_at is not None else self.clock()

    def step_elapsed(self) -> float:
        if not self._started:
            return 0.0
        elapsed = self._now() - self._step_start
        if self.step.seconds is not None:
            elapsed = min(elapsed, self.step.seconds)
        return max(0.0, elapsed)

    def step_remaining(self) -> float | None:
        """Seconds left in the current step, or None for a step the user ends."""
        if self.step.seconds is None:
            return None
        return max(0.0, self.step.seconds - self.step_elapsed())

    def deadline(self) -> float | None:
        """The clock time the current step ends, or None (paused, finished, or untimed)."""
        if not self._started or self.paused or self.step.seconds is None:
            return None
        return self._step_start + self.step.seconds

    def next_due(self) -> float | None:
        """The clock time of the next event, so a UI can wake exactly then."""
        if not self._started or self.paused or self._finished:
            return None
        if self._fired < len(self._timeline):
            return self._step_start + self._timeline[self._fired][0]
        return self.deadline()

    def wake_in(self) -> float | None:
        """Seconds until a screen showing this session must redraw: the next event, or the next
        change of the whole seconds left in the step. None while nothing is running."""
        due = self.next_due()
        if due is None:
            return None
        waits = [due - self.clock()]
        remaining = self.step_remaining()
        if remaining is not None:
            fraction = remaining - math.floor(remaining)
            waits.append(fraction if fraction > 1e-3 else 1.0)
        return max(0.0005, min(waits))

    def current_count(self) -> tuple[int, int] | None:
        """(count, of) within a move or hold, e.g. (2, 3)."""
        starts = self.step.count_starts
        if not starts:
            return None
        n = bisect_right(starts, self.step_elapsed() + 1e-9)
        return max(1, n), len(starts)

    def active_seconds(self) -> float:
        """Seconds actually spent in the workout: from the start to now (or the end), pauses
        left out. Skipping a step adds nothing and changing a hold takes nothing back, so this
        and the planned time still ahead add up to an honest estimate of the whole."""
        if self.stats.started_at is None:
            return 0.0
        # While paused, _now() is the moment of pausing.
        end = self.stats.finished_at if self.stats.finished_at is not None else self._now()
        spent = end - self.stats.started_at - self.stats.paused_seconds - self.stats.idle_seconds
        return max(0.0, spent)

    # -- controls ---------------------------------------------------------------------------

    def start(self) -> None:
        """Begin the workout at the first step, now."""
        if self._started:
            return
        now = self.clock()
        self._started = True
        self.stats.started_at = now
        self._enter(0, now)
        self.update()

    def pause(self) -> None:
        if not self._started or self.paused or self._finished:
            return
        self.update()
        self._paused_at = self.clock()
        self._emit(SessionEvent("paused", self.step, self._paused_at))

    def resume(self) -> None:
        if self._paused_at is None:
            return
        now = self.clock()
        shift = now - self._paused_at
        self._step_start += shift
        self.stats.paused_seconds += shift
        self._paused_at = None
        self._emit(SessionEvent("resumed", self.step, now))
        self.update()

    def next_step(self) -> None:
        """Skip to the next step now."""
        self.update()  # a step that just ended counts as done, not skipped
        if self._finished or not self._started:
            return
        self._jump(self.index + 1)

    def previous_step(self) -> None:
        """Go back to the previous step (or the start of this one, at the first)."""
        self.update()  # a step that just ended counts as done, not skipped
        if not self._started or self._finished:
            return
        self._jump(max(0, self.index - 1))

    def restart_step(self) -> None:
        """Start the current step again from its beginning."""
        self.update()  # a step that just ended counts as done, not skipped
        if not self._started or self._finished:
            return
        self._jump(self.index)

    def next_exercise(self) -> None:
        """Skip the rest of this exercise (and any rest after it) to the next one's first step."""
        self.update()  # a step that just ended counts as done, not skipped
        if self._finished or not self._started:
            return
        # A rest belongs to no exercise: from one, go to the exercise it leads to.
        current = None if self.step.kind == "rest" else (self.step.round, self.step.exercise_index)
        target = self.index + 1
        steps = self.plan.steps
        while target < len(steps) and (
            steps[target].kind == "rest"
            or (steps[target].round, steps[target].exercise_index) == current
        ):
            target += 1
        self._jump(min(target, len(steps) - 1))

    def finish(self) -> None:
        """End the workout now; the steps not done count as skipped."""
        if self._finished:
            return
        if not self._started:
            self._started = True
            self.stats.started_at = self.clock()
        self._jump(len(self.plan.steps) - 1)

    def replace_plan(self, plan: Plan) -> None:
        """Use a recompiled plan of the same shape (changed counts or count length) from now."""
        if len(plan.steps) != len(self.plan.steps):
            raise ValueError("a replacement plan must have the same steps")
        self.update()  # what is due by now happens under the old plan
        elapsed = self.step_elapsed()
        self.plan = plan
        self._timeline = timeline(self.step)
        # Emitted already: everything up to now, except the step's end, which has not come yet.
        end = self.step.seconds
        self._fired = sum(
            1
            for item in self._timeline
            if item[0] <= elapsed + 1e-9 and (end is None or item[0] < end - 1e-9)
        )
        if self._started and self.step.seconds is not None and elapsed > self.step.seconds:
            # The step is now shorter than the time already spent in it: it ends now.
            self._step_start = self._now() - self.step.seconds
        self.update()

    def stretch_rest(self, seconds: float) -> float | None:
        """Make the rest under way ``seconds`` longer (shorter if negative), this rest only.

        Returns its new length, or None when no rest is under way. It never gets shorter than
        the time already rested (it then ends now) nor longer than the longest a routine allows.
        """
        self.update()
        step = self.step
        if not self._started or self._finished or step.kind != "rest" or step.seconds is None:
            return None
        length = min(MAX_SECONDS, max(self.step_elapsed(), step.seconds + seconds))
        if length != step.seconds:
            self.replace_plan(_with_length(self.plan, self.index, length))
        return length

    def extend(self, plan: Plan) -> None:
        """Carry a finished workout on into ``plan``: the same workout with more after it (one
        more round). Steps done stay done, the wait since the end is not workout time, and it
        goes on now at the first step the old plan did not have that is not a rest."""
        old = self.plan.steps[:-1]  # all but "done"
        same = len(plan.steps) > len(self.plan.steps) and all(
            (a.kind, a.exercise, a.round, a.rep, a.phase)
            == (b.kind, b.exercise, b.round, b.rep, b.phase)
            for a, b in zip(old, plan.steps, strict=False)
        )
        if not self._finished or not same:
            raise ValueError("only a finished workout goes on, into a plan that begins with it")
        now = self.clock()
        if self.stats.finished_at is not None:
            self.stats.idle_seconds += now - self.stats.finished_at
        self.stats.finished_at = None
        self._finished = False
        self.plan = plan
        target = len(old)
        while plan.steps[target].kind == "rest":
            target += 1
        self._enter(target, now)
        self.update()

    # -- the clock --------------------------------------------------------------------------

    def update(self) -> float | None:
        """Emit everything due by now and move through finished steps; returns next_due()."""
        if not self._started or self.paused or self._finished:
            return None
        now = self.clock()
        while True:
            while self._fired < len(self._timeline):
                offset, kind, sound = self._timeline[self._fired]
                due = self._step_start + offset
                if due > now + 1e-9:
                    break
                self._fired += 1
                self._emit(SessionEvent(kind, self.step, due, max(0.0, now - due), sound))
            deadline = self.deadline()
            if deadline is None or deadline > now + 1e-9 or self._finished:
                break
            self.stats.completed.add(self.index)
            # The next step starts at this one's deadline, whenever we got here.
            self._enter(self.index + 1, deadline)
        return self.next_due()

    def _enter(self, index: int, start: float) -> None:
        self.index = index
        self._step_start = start
        self._timeline = timeline(self.step)
        self._fired = 0
        if self.step.kind == "done":
            self._finished = True
            self.stats.finished_at = start
            self._paused_at = None
            self._fire_all(self.clock())

    def _fire_all(self, now: float) -> None:
        for offset, kind, sound in self._timeline:
            due = self._step_start + offset
            self._emit(SessionEvent(kind, self.step, due, max(0.0, now - due), sound))
        self._fired = len(self._timeline)

    def _jump(self, index: int) -> None:
        if self._paused_at is not None:
            if self.plan.steps[index].kind != "done":
                # Paused on the new step: it waits, with nothing emitted, until resumed.
                self._enter(index, self._paused_at)
                return
            # Finishing ends the pause now, so time taken includes it.
            self.stats.paused_seconds += self.clock() - self._paused_at
            self._paused_at = None
        self._enter(index, self.clock())
        self.update()


def _with_length(plan: Plan, index: int, seconds: float) -> Plan:
    """``plan`` with step ``index`` lasting ``seconds``: the sounds at its end move with the end,
    and every later step starts that much earlier or later."""
    step = plan.steps[index]
    old = step.seconds or 0.0
    shift = seconds - old
    at_end = [replace(sound, offset=seconds) for sound in step.sounds if sound.offset >= old - 1e-9]
    inside = [sound for sound in step.sounds if sound.offset < min(old, seconds) - 1e-9]
    sounds = (*inside, *at_end)
    steps = list(plan.steps)
    steps[index] = replace(step, seconds=seconds, sounds=sounds)
    for later in range(index + 1, len(steps)):
        steps[later] = replace(steps[later], start=steps[later].start + shift)
    return replace(plan, steps=tuple(steps))
