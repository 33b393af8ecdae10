"""The session engine, driven by a fake clock that only moves when a test moves it."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from fakeclock import FakeClock

from backtimer.core.adjustments import (
    COUNT_SECONDS,
    REST_BETWEEN_EXERCISES,
    REST_BETWEEN_ROUNDS,
    ROUNDS,
    Adjustments,
    hold_key,
    reps_key,
)
from backtimer.core.events import SoundEvent
from backtimer.core.loader import load_routine, load_routine_text
from backtimer.core.model import Routine
from backtimer.core.plan import Plan, Step, compile_plan
from backtimer.core.session import Session, SessionEvent, timeline

CONTENT = Path(__file__).resolve().parent.parent / "content"
T0 = 1000.0  # the fake clock's reading when a test begins


class Recorder:
    """A listener that keeps every event."""

    def __init__(self) -> None:
        self.events: list[SessionEvent] = []

    def __call__(self, event: SessionEvent) -> None:
        self.events.append(event)

    def of(self, *kinds: str) -> list[SessionEvent]:
        return [e for e in self.events if e.kind in kinds]

    def since(self, mark: int, *kinds: str) -> list[SessionEvent]:
        return [e for e in self.events[mark:] if not kinds or e.kind in kinds]


class Rig:
    """A session on a fake clock with a recorder subscribed."""

    def __init__(self, plan: Plan, *, start: bool = True) -> None:
        self.plan = plan
        self.clock = FakeClock()
        self.session = Session(plan, clock=self.clock)
        self.rec = Recorder()
        self.session.subscribe(self.rec)
        if start:
            self.session.start()

    @property
    def mark(self) -> int:
        return len(self.rec.events)

    def at(self, offset: float) -> float:
        """The clock time of a plan offset, for a session started at T0 and never paused."""
        return T0 + offset

    def run_to(self, t: float) -> None:
        """Move the clock to ``t`` through every due time on the way, updating at each."""
        s = self.session
        for _ in range(100_000):
            due = s.next_due()
            if due is None or due > t:
                break
            self.clock.now = due
            s.update()
        assert self.clock.now <= t
        self.clock.now = t
        s.update()

    def run_exact(self) -> None:
        """Run to the end, waking exactly when the engine says the next thing is due."""
        s = self.session
        for _ in range(100_000):
            due = s.next_due()
            if due is None:
                break
            assert due >= self.clock.now
            self.clock.now = due
            s.update()
        assert s.finished

    def run_chunks(self, chunks: Iterable[float], until: float | None = None) -> None:
        """Advance by each chunk in turn, updating after each, until finished (or ``until``)."""
        s = self.session
        for dt in chunks:
            if s.finished or (until is not None and self.clock.now >= until):
                break
            if until is not None:
                dt = min(dt, until - self.clock.now)
            self.clock.advance(dt)
            s.update()


@cache
def borden() -> Routine:
    return load_routine(CONTENT / "borden-back.yaml")


@cache
def train() -> Routine:
    return load_routine(CONTENT / "train-your-back.yaml")


SMALL_YAML = """\
title: Small
rounds: 2
count_seconds: 1.0
get_ready: 3
cue_seconds: 2
rest: {between_exercises: 5, between_rounds: 8}
exercises:
  - id: row
    name: Row
    reps: 2
    cues: [Set up., Pull and squeeze.]
    rep:
      - {move: Pull, counts: 1, cue: 2}
      - {hold: Squeeze, seconds: 2.5, cue: 2}
      - {move: Return, counts: 2, cue: 2}
  - id: lift
    name: Lift
    reps: 2
    cues: [Lift and hold.]
    rep:
      - {move: Lift, counts: 1}
      - {hold: Hold, counts: 3}
"""

# One exercise, nothing between rounds: round after round of the same move back to back.
SOLO_YAML = """\
title: Solo
rounds: 3
get_ready: 0
cue_seconds: 0
rest: {between_exercises: 0, between_rounds: 0}
exercises:
  - name: Plank
    reps: 2
    cues: [Hold it.]
    rep:
      - {hold: Hold, counts: 2}
"""


@cache
def small() -> Routine:
    return load_routine_text(SMALL_YAML, "small.yaml")


@cache
def solo() -> Routine:
    return load_routine_text(SOLO_YAML, "solo.yaml")


# Borden's routine stretched to 45 minutes: 4 rounds, a 1.25 s count, more reps, longer rests.
LONG: Adjustments = {
    ROUNDS: 4,
    COUNT_SECONDS: 1.25,
    reps_key("lat-pull-down"): 35,
    reps_key("seated-row"): 20,
    reps_key("hyperextension"): 35,
    REST_BETWEEN_EXERCISES: 30,
    REST_BETWEEN_ROUNDS: 90,
}


@cache
def long_plan() -> Plan:
    return compile_plan(borden(), LONG)


def find(plan: Plan, **attrs: Any) -> Step:
    """The first step with all the given attributes."""
    for step in plan.steps:
        if all(getattr(step, k) == v for k, v in attrs.items()):
            return step
    raise LookupError(attrs)


def first_of(plan: Plan, exercise: str, rnd: int) -> Step:
    """The first step of an exercise in a round (its setup or get-ready, not the rest before)."""
    return next(
        s for s in plan.steps if s.kind != "rest" and s.exercise == exercise and s.round == rnd
    )


def irregular() -> Iterator[float]:
    return itertools.cycle([0.37, 0.011, 1.9, 0.37, 3.3, 0.5, 0.123])


def plan_sounds(plan: Plan, t0: float = T0) -> list[tuple[float, SoundEvent]]:
    """Every sound the plan schedules, at its clock time, in the plan's order."""
    return [(t0 + s.start + snd.offset, snd.event) for s in plan.steps for snd in s.sounds]


def every_timed_step(plan: Plan) -> set[int]:
    """The indices a workout run to its end completes: every step but the last, "done"."""
    return set(range(len(plan.steps) - 1))


def started(rec: Recorder) -> list[tuple[int, float]]:
    return [(e.step.index, e.at) for e in rec.of("step-started")]


def heard(events: Iterable[SessionEvent], step: Step | None = None) -> list[SoundEvent | None]:
    """The sounds among ``events`` (of one step, if given), in order."""
    return [e.sound for e in events if e.kind == "sound" and (step is None or e.step == step)]


def sounded(rec: Recorder, sound: SoundEvent, step: Step) -> list[float]:
    """When ``sound`` was played for ``step``, from the step's planned start at T0."""
    return [e.at - T0 - step.start for e in rec.of("sound") if e.sound == sound and e.step == step]


# -- before and at the start ----------------------------------------------------------------


def test_nothing_happens_before_start() -> None:
    rig = Rig(compile_plan(small()), start=False)
    s = rig.session
    rig.clock.advance(50)
    assert s.update() is None
    assert s.next_due() is None
    assert s.deadline() is None
    assert not s.started and not s.finished
    assert s.step_elapsed() == 0.0
    assert s.active_seconds() == 0.0
    for control in (s.pause, s.resume, s.next_step, s.previous_step, s.restart_step):
        control()
    s.next_exercise()
    assert rig.rec.events == []
    assert s.index == 0 and not s.paused


def test_start_emits_the_first_step_at_the_moment_of_starting() -> None:
    plan = compile_plan(small())
    rig = Rig(plan, start=False)
    rig.clock.advance(7.5)
    rig.session.start()
    first = plan.steps[0]
    begun = rig.rec.of("step-started")
    assert [(e.step.index, e.at, e.late) for e in begun] == [(0, T0 + 7.5, 0.0)]
    # Its opening sound comes with it; nothing of the next step yet.
    assert [(e.sound, e.at) for e in rig.rec.of("sound")] == [
        (snd.event, T0 + 7.5) for snd in first.sounds if snd.offset == 0
    ]
    assert rig.session.stats.started_at == T0 + 7.5
    assert rig.session.deadline() == T0 + 7.5 + first.seconds
    # Starting again changes nothing.
    rig.clock.advance(1)
    rig.session.start()
    assert len(rig.rec.of("step-started")) == 1
    assert rig.session.stats.started_at == T0 + 7.5


def test_update_returns_when_the_next_thing_is_due() -> None:
    plan = compile_plan(borden())
    rig = Rig(plan)
    s = rig.session
    hold = find(plan, kind="hold", exercise="lat-pull-down", rep=1)
    rig.run_to(T0 + hold.start + 0.25)
    # The hold's second count is one count in.
    assert s.update() == T0 + hold.start + 1.0 == s.next_due()
    rig.run_to(T0 + hold.start + 1.5)
    assert s.update() == T0 + hold.end == s.deadline()


# -- every step on time ---------------------------------------------------------------------


def drive(rig: Rig, cadence: str) -> None:
    total = rig.plan.total_seconds
    if cadence == "exact":
        rig.run_exact()
    elif cadence == "giant":
        rig.clock.advance(total + 123.0)
        rig.session.update()
    elif cadence == "0.37":
        rig.run_chunks(itertools.repeat(0.37))
    elif cadence == "irregular":
        rig.run_chunks(irregular())
    elif cadence == "minute":
        rig.run_chunks(itertools.repeat(60.0))
    else:  # pragma: no cover
        raise AssertionError(cadence)
    assert rig.session.finished


CADENCES = ["exact", "0.37", "irregular", "minute", "giant"]


@pytest.mark.parametrize("cadence", CADENCES)
@pytest.mark.parametrize("routine", [borden, train, small], ids=lambda f: f.__name__)
def test_every_step_begins_exactly_on_schedule(routine: Any, cadence: str) -> None:
    plan = compile_plan(routine())
    rig = Rig(plan)
    at_start = rig.mark
    drive(rig, cadence)
    assert started(rig.rec) == [(s.index, T0 + s.start) for s in plan.steps]
    # Every sound the plan carries, at exactly its time, once and in order.
    assert [(e.at, e.sound) for e in rig.rec.of("sound")] == plan_sounds(plan)
    # Each event is emitted at or after its due time, never before.
    now = rig.clock.now
    for e in rig.rec.events:
        assert e.late >= 0
        assert e.at + e.late <= now + 1e-9
    if cadence == "giant":
        # All at once, at the one update: each event knows how late it is.
        jumped = rig.rec.events[at_start:]
        assert jumped[-1].kind == "sound" and jumped[-1].late == 123.0
        assert [e for e in jumped if e.at + e.late != pytest.approx(now)] == []


@pytest.mark.parametrize("routine", [borden, train, small], ids=lambda f: f.__name__)
def test_late_is_zero_when_the_clock_lands_on_each_deadline(routine: Any) -> None:
    rig = Rig(compile_plan(routine()))
    rig.run_exact()
    assert rig.rec.events
    assert {e.late for e in rig.rec.events} == {0.0}


def test_late_is_at_most_one_update_interval() -> None:
    rig = Rig(compile_plan(small()))
    rig.run_chunks(itertools.repeat(0.37))
    lates = [e.late for e in rig.rec.events]
    assert max(lates) < 0.37 + 1e-9
    assert max(lates) > 0  # 0.37 s steps do miss deadlines: late reports by how much


def test_the_45_minute_plan_is_45_minutes() -> None:
    plan = long_plan()
    assert plan.total_seconds == 2700.0
    assert plan.routine.rounds == 4 and plan.routine.count_seconds == 1.25
    assert plan.steps[-1].kind == "done"


@pytest.mark.parametrize("cadence", CADENCES)
def test_a_45_minute_workout_ends_exactly_on_time(cadence: str) -> None:
    plan = long_plan()
    rig = Rig(plan)
    drive(rig, cadence)
    s = rig.session
    end = T0 + 2700.0
    done = rig.rec.of("workout-done")
    assert [(e.step.kind, e.at) for e in done] == [("done", end)]
    assert started(rig.rec)[-1] == (len(plan.steps) - 1, end)
    # No drift anywhere along the way, not just at the end.
    assert started(rig.rec) == [(st.index, T0 + st.start) for st in plan.steps]
    assert s.stats.finished_at == end
    assert s.active_seconds() == 2700.0
    assert s.stats.completed == every_timed_step(plan)
    assert s.next_due() is None and s.update() is None


def test_a_count_length_that_floats_cannot_represent_does_not_drift() -> None:
    plan = compile_plan(borden(), {COUNT_SECONDS: 0.7, ROUNDS: 4})
    rig = Rig(plan)
    rig.run_chunks(itertools.repeat(0.37))
    got = started(rig.rec)
    assert [i for i, _ in got] == [s.index for s in plan.steps]
    for (_, at), step in zip(got, plan.steps, strict=True):
        assert at == pytest.approx(T0 + step.start, abs=1e-9)
    assert rig.session.active_seconds() == pytest.approx(plan.total_seconds, abs=1e-9)


def test_steps_do_not_wait_for_update_to_begin() -> None:
    """A late update starts each step at its deadline, not at the moment of the update."""
    plan = compile_plan(borden())
    rig = Rig(plan)
    hold = find(plan, kind="hold", exercise="lat-pull-down", rep=1)
    rig.clock.now = T0 + hold.start + 0.9  # the update comes 0.9 s after the hold began
    rig.session.update()
    assert rig.session.step == hold
    assert rig.session.step_elapsed() == pytest.approx(0.9)
    assert rig.session.deadline() == T0 + hold.end


# -- pause and resume -----------------------------------------------------------------------


def test_pause_holds_everything_still() -> None:
    plan = compile_plan(borden())
    rig = Rig(plan)
    s = rig.session
    hold = find(plan, kind="hold", exercise="hyperextension", round=1, rep=2)
    rig.run_to(T0 + hold.start + 1.5)
    s.pause()
    assert s.paused
    frozen = (
        s.index,
        s.step_elapsed(),
        s.step_remaining(),
        s.current_count(),
        s.active_seconds(),
    )
    assert frozen[2] == pytest.approx(1.5) and frozen[3] == (2, 3)
    assert frozen[4] == pytest.approx(hold.start + 1.5)
    mark = rig.mark
    for _ in range(300):
        rig.clock.advance(0.37)
        assert s.update() is None
    assert rig.rec.since(mark) == []
    assert s.next_due() is None and s.deadline() is None
    now = (
        s.index,
        s.step_elapsed(),
        s.step_remaining(),
        s.current_count(),
        s.active_seconds(),
    )
    assert now == frozen


def test_resume_shifts_every_deadline_by_exactly_the_time_paused() -> None:
    plan = compile_plan(borden())
    rig = Rig(plan)
    s = rig.session
    hold = find(plan, kind="hold", exercise="lat-pull-down", round=2, rep=5)
    pause_at = T0 + hold.start + 0.5
    rig.run_to(pause_at)
    s.pause()
    rig.clock.advance(37.25)
    mark = rig.mark
    s.resume()
    assert s.stats.paused_seconds == 37.25
    assert s.deadline() == T0 + hold.end + 37.25
    assert [(e.kind, e.at) for e in rig.rec.of("paused", "resumed")] == [
        ("paused", pause_at),
        ("resumed", pause_at + 37.25),
    ]
    rig.run_chunks(irregular())
    after = rig.rec.since(mark, "step-started")
    assert after[0].step.index == hold.index + 1
    assert [(e.step.index, e.at) for e in after] == [
        (st.index, T0 + st.start + 37.25) for st in plan.steps[hold.index + 1 :]
    ]
    assert s.stats.finished_at == T0 + plan.total_seconds + 37.25
    assert s.active_seconds() == plan.total_seconds
    assert s.stats.completed == every_timed_step(plan)


def test_several_pauses_add_up() -> None:
    plan = compile_plan(small())
    rig = Rig(plan)
    s = rig.session
    pauses = [(3.0, 10.0), (6.7, 2.5), (20.0, 0.125), (33.3, 4.0)]
    total_paused = 0.0
    for plan_time, length in pauses:
        rig.run_to(T0 + plan_time + total_paused)
        assert s.active_seconds() == pytest.approx(plan_time)
        s.pause()
        rig.clock.advance(length)
        s.resume()
        total_paused += length
    rig.run_exact()
    assert s.stats.paused_seconds == pytest.approx(total_paused)
    assert s.stats.finished_at == pytest.approx(T0 + plan.total_seconds + total_paused)
    assert s.active_seconds() == pytest.approx(plan.total_seconds)
    assert len(rig.rec.of("workout-done")) == 1


def test_pausing_on_a_step_boundary_starts_the_due_step_first() -> None:
    plan = compile_plan(borden())
    rig = Rig(plan)
    s = rig.session
    hold = find(plan, kind="hold", exercise="lat-pull-down", rep=1)
    rig.run_to(T0 + hold.start - 0.5)
    rig.clock.now = T0 + hold.start  # no update at the boundary before the pause
    s.pause()
    assert s.step == hold
    assert [(e.kind, e.sound, e.at) for e in rig.rec.events if e.step == hold] == [
        ("step-started", None, T0 + hold.start),
        ("sound", SoundEvent.HOLD_START, T0 + hold.start),
        ("paused", None, T0 + hold.start),
    ]
    assert s.current_count() == (1, 2)
    assert s.step_remaining() == hold.seconds


def test_pause_and_resume_are_idempotent() -> None:
    plan = compile_plan(small())
    rig = Rig(plan)
    s = rig.session
    rig.clock.advance(1)
    s.pause()
    s.pause()
    assert s.paused
    rig.clock.advance(2)
    s.resume()
    s.resume()
    assert not s.paused
    assert [e.kind for e in rig.rec.of("paused", "resumed")] == ["paused", "resumed"]
    assert s.stats.paused_seconds == 2.0
    assert s.deadline() == T0 + 2.0 + plan.steps[0].seconds


# -- moving around --------------------------------------------------------------------------


def test_next_step_starts_the_next_step_now_and_reschedules_from_there() -> None:
    plan = compile_plan(borden())
    rig = Rig(plan)
    s = rig.session
    hold = find(plan, kind="hold", exercise="lat-pull-down", rep=1)
    rig.run_to(T0 + hold.start + 0.5)
    now = rig.clock.now
    mark = rig.mark
    s.next_step()
    after = plan.steps[hold.index + 1]
    assert s.step == after
    assert [(e.step.index, e.at) for e in rig.rec.since(mark, "step-started")] == [
        (after.index, now)
    ]
    # The skipped hold never ended: no release.
    assert heard(rig.rec.since(mark), hold) == []
    assert s.step_remaining() == after.seconds
    assert s.deadline() == now + after.seconds
    assert s.active_seconds() == pytest.approx(hold.start + 0.5)  # skipping adds nothing
    rig.run_exact()
    # Everything after moved earlier by the part of the hold that was skipped.
    assert s.stats.finished_at == T0 + plan.total_seconds - (hold.seconds - 0.5)
    assert every_timed_step(plan) - s.stats.completed == {hold.index}


def test_previous_step_goes_back_and_starts_that_step_again_in_full() -> None:
    plan = compile_plan(borden())
    rig = Rig(plan)
    s = rig.session
    ret = find(plan, kind="move", exercise="lat-pull-down", rep=2, phase=2)
    rig.run_to(T0 + ret.start + 1.25)
    now = rig.clock.now
    mark = rig.mark
    s.previous_step()
    before = plan.steps[ret.index - 1]
    assert before.kind == "hold"
    assert s.step == before
    assert [(e.kind, e.sound, e.at) for e in rig.rec.since(mark)] == [
        ("step-started", None, now),
        ("sound", SoundEvent.HOLD_START, now),
    ]
    assert s.step_remaining() == before.seconds
    assert s.current_count() == (1, before.counts)
    rig.run_exact()
    assert s.stats.finished_at == T0 + plan.total_seconds + 1.25 + before.seconds


def test_previous_step_at_the_first_step_restarts_it() -> None:
    plan = compile_plan(borden())
    rig = Rig(plan)
    s = rig.session
    rig.run_to(T0 + 3.0)
    mark = rig.mark
    s.previous_step()
    assert s.index == 0
    assert [(e.step.index, e.at) for e in rig.rec.since(mark, "step-started")] == [(0, T0 + 3)]
    assert s.deadline() == T0 + 3 + plan.steps[0].seconds


def test_restart_step_runs_the_current_step_again_from_its_beginning() -> None:
    plan = compile_plan(borden())
    rig = Rig(plan)
    s = rig.session
    hold = find(plan, kind="hold", exercise="hyperextension", round=1, rep=1)
    rig.run_to(T0 + hold.start + 2.5)
    assert s.current_count() == (3, 3)
    now = rig.clock.now
    mark = rig.mark
    s.restart_step()
    assert s.step == hold
    assert s.current_count() == (1, 3)
    assert s.step_remaining() == hold.seconds
    assert [(e.kind, e.sound) for e in rig.rec.since(mark)] == [
        ("step-started", None),
        ("sound", SoundEvent.HOLD_START),
    ]
    assert all(e.at == now for e in rig.rec.since(mark))
    rig.run_to(now + hold.seconds)
    assert heard(rig.rec.events, hold).count(SoundEvent.HOLD_END) == 1
    assert s.index == hold.index + 1
    assert hold.index in s.stats.completed


def test_next_exercise_from_inside_an_exercise() -> None:
    plan = compile_plan(borden())
    rig = Rig(plan)
    s = rig.session
    hold = find(plan, kind="hold", exercise="lat-pull-down", round=1, rep=4)
    rig.run_to(T0 + hold.start + 1)
    now = rig.clock.now
    s.next_exercise()
    target = first_of(plan, "seated-row", 1)
    assert s.step == target
    assert [(e.step, e.at) for e in rig.rec.of("step-started")][-1] == (target, now)
    # No exercise-done for an exercise cut short.
    assert SoundEvent.EXERCISE_DONE not in heard(rig.rec.events)
    assert s.stats.completed == set(range(hold.index))


@pytest.mark.parametrize(
    ("before", "after", "rnd"),
    [("lat-pull-down", "seated-row", 1), ("seated-row", "hyperextension", 2)],
)
def test_next_exercise_from_a_rest_goes_to_the_exercise_the_rest_leads_to(
    before: str, after: str, rnd: int
) -> None:
    plan = compile_plan(borden())
    rig = Rig(plan)
    s = rig.session
    last = [st for st in plan.steps if st.exercise == before and st.round == rnd][-1]
    rest = plan.steps[last.index + 1]
    assert rest.kind == "rest" and rest.exercise == after
    rig.run_to(T0 + rest.start + 10)
    assert s.step == rest
    s.next_exercise()
    assert s.step == first_of(plan, after, rnd)
    assert s.step.kind in ("setup", "get-ready")


def test_next_exercise_from_a_rest_between_rounds_goes_to_the_next_round() -> None:
    plan = compile_plan(borden())
    rig = Rig(plan)
    s = rig.session
    rest = find(plan, kind="rest", round=2)
    assert plan.steps[rest.index - 1].round == 1  # the rest between rounds 1 and 2
    rig.run_to(T0 + rest.start + 1)
    s.next_exercise()
    assert s.step == first_of(plan, "lat-pull-down", 2)


def test_next_exercise_from_the_last_exercise_of_a_round_skips_the_round_rest() -> None:
    plan = compile_plan(borden())
    rig = Rig(plan)
    s = rig.session
    lift = find(plan, kind="move", exercise="hyperextension", round=1, rep=3)
    rig.run_to(T0 + lift.start + 0.5)
    s.next_exercise()
    target = first_of(plan, "lat-pull-down", 2)
    assert target.kind == "get-ready"  # no setup cues after the first round
    assert s.step == target
    assert plan.steps[target.index - 1].kind == "rest"
    assert s.stats.completed == set(range(lift.index))


def test_next_exercise_from_the_last_exercise_of_the_workout_finishes_it() -> None:
    plan = compile_plan(borden())
    rig = Rig(plan)
    s = rig.session
    hold = find(plan, kind="hold", exercise="hyperextension", round=3, rep=10)
    rig.run_to(T0 + hold.start + 0.5)
    s.next_exercise()
    assert s.finished and s.step.kind == "done"
    assert [e.at for e in rig.rec.of("workout-done")] == [rig.clock.now]
    assert s.active_seconds() == pytest.approx(hold.start + 0.5)


def test_next_exercise_moves_round_to_round_with_no_rest_between() -> None:
    plan = compile_plan(solo())
    rig = Rig(plan)
    s = rig.session
    s.next_exercise()
    assert (s.step.round, s.step.rep, s.step.kind) == (2, 1, "hold")
    s.next_exercise()
    assert (s.step.round, s.step.rep) == (3, 1)
    s.next_exercise()
    assert s.finished


def test_skipping_while_paused_stays_paused_and_silent_until_resumed() -> None:
    plan = compile_plan(borden())
    rig = Rig(plan)
    s = rig.session
    rig.run_to(T0 + 30.25)
    s.pause()
    mark = rig.mark
    for control in (
        s.next_step,
        s.next_step,
        s.previous_step,
        s.restart_step,
        s.next_exercise,
        s.next_step,
    ):
        control()
        assert s.paused
        rig.clock.advance(1.5)
        s.update()
        assert s.step_elapsed() == 0.0
        assert s.step_remaining() == s.step.seconds
        assert s.next_due() is None
    assert rig.rec.since(mark) == []
    landed = s.step
    assert landed == plan.steps[first_of(plan, "seated-row", 1).index + 1]
    resume_at = rig.clock.now
    s.resume()
    assert not s.paused
    assert [(e.kind, e.step, e.at) for e in rig.rec.since(mark, "resumed", "step-started")] == [
        ("resumed", landed, resume_at),
        ("step-started", landed, resume_at),
    ]
    assert s.deadline() == resume_at + landed.seconds


def test_finish_ends_the_workout_now_and_counts_the_rest_as_skipped() -> None:
    plan = compile_plan(small())
    rig = Rig(plan)
    s = rig.session
    hold = find(plan, kind="hold", exercise="lift", round=1, rep=1)
    rig.run_to(T0 + hold.start + 1)
    s.finish()
    assert s.finished and s.step.kind == "done"
    assert [e.at for e in rig.rec.of("workout-done")] == [T0 + hold.start + 1]
    assert s.active_seconds() == hold.start + 1
    assert s.stats.completed == set(range(hold.index))


def test_a_finished_workout_stays_finished() -> None:
    plan = compile_plan(small())
    rig = Rig(plan)
    s = rig.session
    rig.run_to(T0 + 12)
    s.finish()
    mark = rig.mark
    taken = s.active_seconds()
    for control in (
        s.finish,
        s.next_step,
        s.previous_step,
        s.restart_step,
        s.next_exercise,
        s.pause,
        s.resume,
        s.start,
    ):
        control()
        rig.clock.advance(5)
        assert s.update() is None
        assert s.finished and s.step.kind == "done"
    assert rig.rec.since(mark) == []
    assert len(rig.rec.of("workout-done")) == 1
    assert s.active_seconds() == taken
    assert not s.paused


def test_finishing_while_paused_ends_the_pause_then() -> None:
    plan = compile_plan(small())
    rig = Rig(plan)
    s = rig.session
    rig.run_to(T0 + 10)
    s.pause()
    rig.clock.advance(90)
    s.finish()
    assert s.finished and not s.paused
    assert s.active_seconds() == 10.0
    assert [e.at for e in rig.rec.of("workout-done")] == [T0 + 100]
    assert s.stats.paused_seconds == 90.0


def test_finish_before_start() -> None:
    rig = Rig(compile_plan(small()), start=False)
    rig.session.finish()
    assert rig.session.finished
    assert len(rig.rec.of("workout-done")) == 1
    assert rig.session.active_seconds() == 0.0
    assert rig.session.stats.completed == set()


# -- counts, holds, rests, exercises --------------------------------------------------------


def test_counts_in_a_counted_hold() -> None:
    plan = compile_plan(borden())
    rig = Rig(plan)
    s = rig.session
    hold = find(plan, kind="hold", exercise="hyperextension", round=1, rep=1)
    assert hold.counts == 3 and hold.seconds == 3.0
    seen = []
    for offset in (0.0, 0.5, 0.999, 1.0, 1.5, 2.0, 2.75):
        rig.run_to(T0 + hold.start + offset)
        seen.append(s.current_count())
    assert seen == [(1, 3), (1, 3), (1, 3), (2, 3), (2, 3), (3, 3), (3, 3)]
    assert sounded(rig.rec, SoundEvent.TICK, hold) == [1.0, 2.0]


def test_counts_follow_the_count_length() -> None:
    plan = compile_plan(borden(), {COUNT_SECONDS: 1.5})
    rig = Rig(plan)
    s = rig.session
    hold = find(plan, kind="hold", exercise="lat-pull-down", rep=1)
    assert hold.seconds == 3.0
    rig.run_to(T0 + hold.start + 1.4)
    assert s.current_count() == (1, 2)
    rig.run_to(T0 + hold.start + 1.5)
    assert s.current_count() == (2, 2)
    assert sounded(rig.rec, SoundEvent.TICK, hold) == [1.5]


def test_counts_in_a_move() -> None:
    plan = compile_plan(train())
    rig = Rig(plan)
    s = rig.session
    fold = find(plan, kind="move", exercise="good-morning", rep=3, phase=0)
    rig.run_to(T0 + fold.start + 0.5)
    assert s.current_count() == (1, 2)
    rig.run_to(T0 + fold.start + 1.5)
    assert s.current_count() == (2, 2)


def test_counts_in_a_hold_in_seconds_ignore_the_count_length() -> None:
    for cs in (1.0, 2.0):
        plan = compile_plan(train(), {COUNT_SECONDS: cs})
        rig = Rig(plan)
        s = rig.session
        hold = find(plan, kind="hold", exercise="bent-over-row", rep=1)
        assert hold.seconds == 3.0 and hold.counts is None
        seen = []
        for offset in (0.0, 0.9, 1.0, 2.5):
            rig.run_to(T0 + hold.start + offset)
            seen.append(s.current_count())
        assert seen == [(1, 3), (1, 3), (2, 3), (3, 3)]
        assert s.deadline() == T0 + hold.start + 3.0


def test_a_one_second_pause_is_one_count() -> None:
    plan = compile_plan(borden())
    rig = Rig(plan)
    hold = find(plan, kind="hold", exercise="seated-row", rep=1)
    rig.run_to(T0 + hold.start + 0.5)
    assert rig.session.current_count() == (1, 1)
    assert hold.count_starts == (0.0,)
    rig.run_to(T0 + hold.end)
    assert heard(rig.rec.events, hold) == [SoundEvent.HOLD_START, SoundEvent.HOLD_END]


@pytest.mark.parametrize(
    "plan",
    [
        compile_plan(borden()),
        compile_plan(train()),
        compile_plan(small()),
        compile_plan(train(), {COUNT_SECONDS: 0.5}),
    ],
    ids=["borden", "train", "small", "train-half-counts"],
)
def test_counts_and_ticks_agree_in_every_move_and_hold(plan: Plan) -> None:
    """Each count after the first is heard as a tick, and every tick is a count."""
    rig = Rig(plan, start=False)
    shown: dict[int, list[tuple[float, tuple[int, int] | None]]] = {}

    def look(event: SessionEvent) -> None:
        # What a screen redrawn at this event shows: the count it is on.
        if event.kind == "step-started" or event.sound == SoundEvent.TICK:
            seen = (event.at, rig.session.current_count())
            shown.setdefault(event.step.index, []).append(seen)

    rig.session.subscribe(look)
    rig.session.start()
    rig.run_exact()
    for step in plan.steps:
        if step.kind not in ("move", "hold"):
            assert all(count is None for _, count in shown.get(step.index, [])), step
            continue
        ticks = [T0 + step.start + snd.offset for snd in step.sounds if snd.event == "tick"]
        n = len(ticks) + 1
        assert shown[step.index] == [
            (at, (k, n)) for k, at in enumerate([T0 + step.start, *ticks], 1)
        ], step


def test_no_count_outside_moves_and_holds() -> None:
    plan = compile_plan(small())
    rig = Rig(plan)
    s = rig.session
    kinds = set()
    while not s.finished:
        if s.step.kind not in ("move", "hold"):
            kinds.add(s.step.kind)
            assert s.current_count() is None
        s.next_step()
    assert s.current_count() is None
    assert kinds == {"setup", "get-ready", "rest"}


def test_every_hold_is_heard_from_its_start_to_its_release() -> None:
    plan = compile_plan(borden())
    rig = Rig(plan)
    rig.run_chunks(irregular())
    holds = [s for s in plan.steps if s.kind == "hold"]
    assert len(holds) == 3 * 3 * 10
    releases = (SoundEvent.HOLD_END, SoundEvent.EXERCISE_DONE)
    for hold in holds:
        assert sounded(rig.rec, SoundEvent.HOLD_START, hold) == [0.0]
        assert [e.at for e in rig.rec.of("sound") if e.step == hold and e.sound in releases] == [
            T0 + hold.end
        ]
    # The release comes before the next step begins, at the same moment.
    events = rig.rec.events
    for i, e in enumerate(events):
        if e.sound in releases and e.step.kind == "hold":
            nxt = next(x for x in events[i + 1 :] if x.kind == "step-started")
            assert (nxt.step.index, nxt.at) == (e.step.index + 1, e.at)


def done_sounds(rec: Recorder) -> list[SessionEvent]:
    return [e for e in rec.of("sound") if e.sound == SoundEvent.EXERCISE_DONE]


def test_exercise_done_once_per_exercise_per_round() -> None:
    plan = compile_plan(borden(), {ROUNDS: 4})
    rig = Rig(plan)
    rig.run_chunks(irregular())
    done = done_sounds(rig.rec)
    assert Counter((e.step.round, e.step.exercise) for e in done) == Counter(
        {(r, ex.key): 1 for r in range(1, 5) for ex in plan.routine.exercises}
    )
    # At the end of each exercise's last rep.
    for e in done:
        assert e.step.rep == plan.routine.exercise(e.step.exercise or "").reps
        assert e.at == T0 + e.step.end


def test_exercise_done_each_round_even_with_no_step_between_rounds() -> None:
    plan = compile_plan(solo())
    assert [s.kind for s in plan.steps] == ["hold"] * 6 + ["done"]
    rig = Rig(plan)
    rig.run_exact()
    done = done_sounds(rig.rec)
    assert [(e.step.round, e.step.rep, e.at) for e in done] == [
        (1, 2, T0 + 4.0),
        (2, 2, T0 + 8.0),
        (3, 2, T0 + 12.0),
    ]


def test_workout_done_exactly_once_at_the_end() -> None:
    plan = compile_plan(small())
    rig = Rig(plan)
    rig.run_chunks(irregular())
    rig.clock.advance(100)
    rig.session.update()
    rig.session.finish()
    done = rig.rec.of("workout-done")
    assert [(e.step.kind, e.at) for e in done] == [("done", T0 + plan.total_seconds)]
    assert rig.rec.events[-1].kind == "sound"
    assert rig.rec.events[-1].sound == SoundEvent.WORKOUT_DONE


def test_events_at_one_moment_come_out_in_a_sensible_order() -> None:
    plan = compile_plan(borden())
    rig = Rig(plan)
    hold = find(plan, kind="hold", exercise="lat-pull-down", rep=10)
    rig.run_to(T0 + hold.end)
    at_end = [(e.kind, e.step.index) for e in rig.rec.events if e.at == T0 + hold.end]
    # The hold ends with its release sound, then the Return begins (the release was its cue).
    assert at_end == [("sound", hold.index), ("step-started", hold.index + 1)]
    at_start = [(e.kind, e.sound) for e in rig.rec.events if e.at == T0 + hold.start]
    assert at_start[-2:] == [("step-started", None), ("sound", SoundEvent.HOLD_START)]


def test_timeline_carries_the_plans_sounds_in_time_order() -> None:
    plan = compile_plan(borden())
    for step in plan.steps:
        items = timeline(step)
        assert items[0][1] == "step-started"
        assert [o for o, *_ in items] == sorted(o for o, *_ in items)
        assert [(o, snd) for o, kind, snd in items if kind == "sound"] == [
            (x.offset, x.event) for x in step.sounds
        ]
        assert all(0 <= o <= (step.seconds or 0.0) for o, *_ in items)
    assert [kind for _, kind, _ in timeline(plan.steps[-1])] == [
        "step-started",
        "workout-done",
        "sound",
    ]


# -- changing the plan mid-workout ----------------------------------------------------------


def lat_hold(counts: int) -> Adjustments:
    return {hold_key("lat-pull-down", 1): counts}


def test_a_longer_hold_mid_hold_moves_the_deadline_and_repeats_nothing() -> None:
    plan = compile_plan(borden())
    rig = Rig(plan)
    s = rig.session
    hold = find(plan, kind="hold", exercise="lat-pull-down", rep=1)
    rig.run_to(T0 + hold.start + 0.5)
    mark = rig.mark
    longer = compile_plan(borden(), lat_hold(3))
    s.replace_plan(longer)
    assert s.step.seconds == 3.0 and s.step.index == hold.index
    assert s.deadline() == T0 + hold.start + 3.0
    assert s.step_remaining() == 2.5
    assert s.current_count() == (1, 3)
    assert rig.rec.since(mark) == []  # nothing re-emitted
    rig.run_to(T0 + hold.start + 3.0)
    in_hold = [(e.sound, e.at - T0 - hold.start) for e in rig.rec.since(mark, "sound")]
    assert in_hold[:3] == [
        (SoundEvent.TICK, 1.0),
        (SoundEvent.TICK, 2.0),
        (SoundEvent.HOLD_END, 3.0),
    ]
    assert s.index == hold.index + 1
    rig.run_exact()
    assert s.stats.finished_at == T0 + longer.total_seconds
    assert started(rig.rec)[-1][1] == T0 + longer.total_seconds
    per_step = Counter(e.step.index for e in rig.rec.of("step-started"))
    assert set(per_step.values()) == {1}
    for sound in (SoundEvent.HOLD_START, SoundEvent.HOLD_END):
        per_step = Counter(e.step.index for e in rig.rec.of("sound") if e.sound == sound)
        assert set(per_step.values()) == {1}, sound


def test_replacing_on_a_count_boundary_does_not_repeat_that_count() -> None:
    plan = compile_plan(borden())
    rig = Rig(plan)
    s = rig.session
    hold = find(plan, kind="hold", exercise="lat-pull-down", rep=1)
    rig.run_to(T0 + hold.start + 1.0)  # count 2 has just begun, with its tick
    assert sounded(rig.rec, SoundEvent.TICK, hold) == [1.0]
    mark = rig.mark
    s.replace_plan(compile_plan(borden(), lat_hold(3)))
    rig.run_to(T0 + hold.start + 1.5)
    assert rig.rec.since(mark) == []
    rig.run_to(T0 + hold.start + 3.0)
    ticks = [e.at for e in rig.rec.of("sound") if e.step.index == hold.index and e.sound == "tick"]
    assert ticks == [T0 + hold.start + 1.0, T0 + hold.start + 2.0]


def test_replacing_the_plan_first_emits_what_was_already_due() -> None:
    plan = compile_plan(borden())
    rig = Rig(plan)
    s = rig.session
    hold = find(plan, kind="hold", exercise="lat-pull-down", rep=1)
    rig.run_to(T0 + hold.start + 0.5)
    rig.clock.now = T0 + hold.start + 1.5  # count 2 fell due with no update since
    mark = rig.mark
    s.replace_plan(compile_plan(borden(), lat_hold(3)))
    assert [(e.sound, e.at) for e in rig.rec.since(mark)] == [
        (SoundEvent.TICK, T0 + hold.start + 1.0)
    ]
    rig.run_to(T0 + hold.start + 3.0)
    ticks = [e.at for e in rig.rec.of("sound") if e.step.index == hold.index and e.sound == "tick"]
    assert ticks == [T0 + hold.start + 1.0, T0 + hold.start + 2.0]


def test_a_shorter_hold_mid_hold_ends_it_earlier() -> None:
    plan = compile_plan(borden())
    rig = Rig(plan)
    s = rig.session
    hold = find(plan, kind="hold", exercise="hyperextension", round=2, rep=1)
    rig.run_to(T0 + hold.start + 0.5)
    mark = rig.mark
    s.replace_plan(compile_plan(borden(), {hold_key("hyperextension", 1): 2}))
    assert s.deadline() == T0 + hold.start + 2.0
    assert s.current_count() == (1, 2)
    rig.run_to(T0 + hold.start + 2.0)
    assert [(e.kind, e.sound, e.at - T0 - hold.start) for e in rig.rec.since(mark)] == [
        ("sound", SoundEvent.TICK, 1.0),
        ("sound", SoundEvent.HOLD_END, 2.0),
        ("step-started", None, 2.0),
    ]


def test_a_hold_shortened_below_the_time_already_held_ends_now_and_still_releases() -> None:
    plan = compile_plan(borden())
    rig = Rig(plan)
    s = rig.session
    hold = find(plan, kind="hold", exercise="hyperextension", round=1, rep=1)
    rig.run_to(T0 + hold.start + 2.5)
    now = rig.clock.now
    mark = rig.mark
    s.replace_plan(compile_plan(borden(), {hold_key("hyperextension", 1): 2}))
    assert s.index == hold.index + 1
    got = [(e.kind, e.sound, e.step.index, e.at) for e in rig.rec.since(mark)]
    assert got == [
        ("sound", SoundEvent.HOLD_END, hold.index, now),
        ("step-started", None, hold.index + 1, now),
    ]
    assert s.deadline() == now + s.step.seconds


def test_replacing_the_plan_while_paused_takes_effect_from_the_resume() -> None:
    plan = compile_plan(borden())
    rig = Rig(plan)
    s = rig.session
    hold = find(plan, kind="hold", exercise="lat-pull-down", rep=2)
    rig.run_to(T0 + hold.start + 1.25)
    s.pause()
    mark = rig.mark
    s.replace_plan(compile_plan(borden(), lat_hold(4)))
    assert s.step_remaining() == 2.75
    assert s.current_count() == (2, 4)
    rig.clock.advance(10)
    s.update()
    assert rig.rec.since(mark) == []
    s.resume()
    assert s.deadline() == T0 + hold.start + 4.0 + 10


def test_replacing_the_count_length_mid_move() -> None:
    plan = compile_plan(train())
    rig = Rig(plan)
    s = rig.session
    fold = find(plan, kind="move", exercise="good-morning", rep=1, phase=0)
    rig.run_to(T0 + fold.start + 0.5)
    s.replace_plan(compile_plan(train(), {COUNT_SECONDS: 2.0}))
    assert s.step.seconds == 4.0
    assert s.deadline() == T0 + fold.start + 4.0
    rig.run_to(T0 + fold.start + 3.0)
    assert s.current_count() == (2, 2)
    assert sounded(rig.rec, SoundEvent.TICK, s.plan.steps[fold.index]) == [2.0]


def test_a_plan_of_another_shape_is_refused() -> None:
    rig = Rig(compile_plan(borden()))
    with pytest.raises(ValueError, match="same steps"):
        rig.session.replace_plan(compile_plan(borden(), {ROUNDS: 4}))
    assert rig.session.plan is rig.plan


# -- the summary ----------------------------------------------------------------------------


def test_a_skipped_step_is_not_completed_and_adds_no_time() -> None:
    plan = compile_plan(small())
    rig = Rig(plan)
    s = rig.session
    s.next_step()  # the setup cue
    rig.run_to(T0 + 1.0)
    s.next_step()  # the get-ready, 1 s in
    assert s.stats.completed == set()
    rig.run_exact()
    assert s.stats.completed == every_timed_step(plan) - {0, 1}
    assert s.active_seconds() == plan.total_seconds - plan.steps[0].seconds - 2.0


def test_a_skipped_step_done_after_going_back_is_completed() -> None:
    plan = compile_plan(small())
    rig = Rig(plan)
    s = rig.session
    rig.run_to(T0 + 1.0)
    s.next_step()
    assert 0 not in s.stats.completed
    s.previous_step()
    rig.run_exact()
    assert s.stats.completed == every_timed_step(plan)


# -- listeners ------------------------------------------------------------------------------


def test_subscribe_and_unsubscribe() -> None:
    plan = compile_plan(small())
    clock = FakeClock()
    s = Session(plan, clock=clock)
    a, b = Recorder(), Recorder()
    s.subscribe(a)
    unsubscribe_b = s.subscribe(b)
    s.start()
    clock.advance(3)
    s.update()
    assert a.events == b.events != []
    unsubscribe_b()
    clock.advance(3)
    s.update()
    assert len(a.events) > len(b.events)


def test_the_default_clock_is_monotonic_time() -> None:
    s = Session(compile_plan(small()))
    s.start()
    assert s.deadline() is not None
    assert 0 <= s.step_elapsed() < 1.0


def test_wake_in_is_the_next_event_or_the_next_whole_second() -> None:
    clock = FakeClock()
    session = Session(compile_plan(borden()), clock=clock)
    assert session.wake_in() is None  # not started
    session.start()
    # The first setup cue lasts 4 s and has nothing inside it: wake as the seconds left change.
    assert session.wake_in() == pytest.approx(1.0)
    clock.advance(0.3)
    session.update()
    assert session.wake_in() == pytest.approx(0.7)
    session.pause()
    assert session.wake_in() is None
    session.resume()
    clock.advance(3.7)  # the second setup cue begins; its sound has just played
    session.update()
    assert session.wake_in() == pytest.approx(1.0)
    session.finish()
    assert session.wake_in() is None
