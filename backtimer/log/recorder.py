"""Records a workout as it runs: follows a Session's steps and writes each set to the log as
soon as it is done, the load and effort given for it, and how the workout ended.

A set is one exercise in one round, from its first set-up cue or get-ready to its last rep. It
is done when the workout moves on past its last step: at the end of its last rep, or when it is
skipped (``N``, or ``n`` past its last step). Its reps done are the reps whose every phase ran to
its end; a set moved past with none done is recorded as skipped. The log says what the summary
says, whatever the order of the keys:

- going back (``p``) to before a set's first step takes it out of the log if none of its reps
  were done: a set never reached, or left backwards before it began, was not skipped (one with
  reps done stays recorded with them: nothing done is lost);
- going back into a set recorded as skipped takes the skip out again: the set is under way;
- going back into a set done and leaving it again records it again (the log keeps the latest,
  with the load and effort given for it).

The recorder follows the session's position, not one step at a time: moves made while paused
(which start no step until the workout resumes) count when it resumes, every set passed over as
skipped.

The end of the workout (the session's last step) does not say how it ended: quitting and skipping
past the last exercise both jump there. ``end`` says it. With ``auto_complete`` the end of the
workout is taken as completed; the app instead calls ``end`` itself, knowing whether the person
quit. The set under way at the end is recorded if a rep of it was done (or, for a completed
workout, as skipped if none was).

No Textual and no waiting here: the writes are jobs handed to a writer (a thread of its own in
the app, ``InlineWriter`` in tests), and a log that cannot be used is reported once through
``on_error`` while the workout goes on.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Protocol

from backtimer.core.model import Routine, content_hash
from backtimer.core.plan import Plan, Step
from backtimer.core.session import Session, SessionEvent
from backtimer.log.capture import hold_uses, start_recording
from backtimer.log.db import Log, Recording
from backtimer.log.records import (
    Effort,
    Ending,
    LogError,
    SessionRecord,
    SetRecord,
    Unit,
    check_effort,
    check_load,
)

Block = tuple[int, str]  # (round, exercise id): one set
WallClock = Callable[[], float]

_SET_STEPS = ("setup", "get-ready", "move", "hold")


class Writer(Protocol):
    """Runs jobs in the order given (``ThreadWriter``, ``InlineWriter``)."""

    def submit(self, job: Callable[[], None]) -> None: ...


def _block(step: Step) -> Block | None:
    """The set a step belongs to; None for a rest (it has the next exercise's id) or the end."""
    if step.kind in _SET_STEPS and step.round is not None and step.exercise is not None:
        return step.round, step.exercise
    return None


def _spans(plan: Plan) -> dict[Block, tuple[int, int]]:
    """Per set, the indices of its first and last step, in plan order."""
    found: dict[Block, tuple[int, int]] = {}
    for step in plan.steps:
        block = _block(step)
        if block is not None:
            first, _ = found.get(block, (step.index, step.index))
            found[block] = (first, step.index)
    return found


def _rep_steps(plan: Plan) -> dict[Block, dict[int, list[int]]]:
    """Per set, per rep, the indices of its move and hold steps."""
    found: dict[Block, dict[int, list[int]]] = {}
    for step in plan.steps:
        if step.kind in ("move", "hold") and step.round is not None and step.exercise:
            reps = found.setdefault((step.round, step.exercise), {})
            reps.setdefault(step.rep or 0, []).append(step.index)
    return found


class WorkoutRecorder:
    """Follows ``session`` and records it in the log ``open_log`` gives, through ``writer``.

    ``written`` is the routine as its file has it (for the content hash); the session's plan
    is the routine as it runs, with your settings and flags. ``sets`` holds what was recorded,
    in order, with the loads and efforts given, for the screens to show.
    """

    def __init__(
        self,
        session: Session,
        *,
        routine_id: str,
        written: Routine,
        open_log: Callable[[], Log],
        writer: Writer,
        on_error: Callable[[str], None] | None = None,
        wall: WallClock = time.time,
        auto_complete: bool = True,
    ) -> None:
        self.session = session
        self.auto_complete = auto_complete
        self.routine_id = routine_id
        self.written = written
        self._open_log = open_log
        self._writer = writer
        self._on_error = on_error
        self._wall = wall
        self._planned: Routine = session.plan.routine  # the holds as the workout began
        self._reps = _rep_steps(session.plan)
        self._spans = _spans(session.plan)
        self._reps_of = len(session.plan.steps)
        self._at: int | None = None  # the index of the step the workout was last seen at
        self._sets: dict[Block, SetRecord] = {}
        # Sets taken out again, kept for the load and effort given if they are recorded again.
        self._withdrawn: dict[Block, SetRecord] = {}
        self.last: Block | None = None  # the set done last
        self.status: Ending | None = None
        self.problem: str | None = None
        self.started_at: datetime | None = None
        self.ended_at: datetime | None = None
        # Only the writer's thread touches these.
        self._recording: Recording | None = None
        self._set_ids: dict[Block, int] = {}  # absent: not in the log
        self._watchers: list[Callable[[], None]] = []
        session.subscribe(self._on_event)

    def watch(self, watcher: Callable[[], None]) -> Callable[[], None]:
        """Call ``watcher`` after each change (a set done, an answer, the end), on the thread
        that made it; returns a function that stops it."""
        self._watchers.append(watcher)
        return lambda: self._watchers.remove(watcher)

    def _changed(self) -> None:
        for watcher in list(self._watchers):
            watcher()

    # -- what was recorded ----------------------------------------------------------------

    @property
    def sets(self) -> list[SetRecord]:
        return list(self._sets.values())

    def set_of(self, block: Block) -> SetRecord | None:
        return self._sets.get(block)

    @property
    def ended(self) -> bool:
        return self.status is not None

    # -- following the session ------------------------------------------------------------

    def _now(self) -> datetime:
        return datetime.fromtimestamp(self._wall(), UTC).replace(microsecond=0)

    def as_record(self) -> SessionRecord:
        """The workout as recorded so far, from memory: what the summary compares, even when
        the log could not be written."""
        routine = self.session.plan.routine
        sets = sorted(self._sets.values(), key=lambda s: (s.round, s.position))
        ok: dict[int, int] = {}
        for s in sets:
            if s.reached:  # done in full: a skipped set leaves its round not done
                ok[s.round] = ok.get(s.round, 0) + 1
        started = self.started_at or self._now()
        return SessionRecord(
            routine_id=self.routine_id,
            title=routine.title,
            content_hash=content_hash(self.written),
            started_at=started,
            ended_at=self.ended_at,
            status=self.status or "running",
            rounds_planned=routine.rounds,
            rounds_done=sum(1 for n in ok.values() if n >= len(routine.exercises)),
            exercises=len(routine.exercises),
            count_seconds=routine.count_seconds,
            sets=tuple(sets),
        )

    def start(self) -> None:
        """Record the start of the workout (call it as the session starts)."""
        self.started_at = self._now()
        self._planned = self.session.plan.routine
        routine, started = self._planned, self.started_at
        self._writer.submit(self._guarded(lambda: self._job_start(routine, started)))

    def _on_event(self, event: SessionEvent) -> None:
        if event.kind == "workout-done":
            if self.auto_complete:
                self.end("completed")
            return
        if event.kind != "step-started" or event.step.kind == "done":
            return  # the set under way at the end is for ``end`` to record
        if self.status is not None:
            if self.status != "completed":
                return
            # A finished workout carried on (one more round): the session runs again.
            self.status = None
            self.ended_at = None
            rounds = self.session.plan.routine.rounds
            self._writer.submit(self._guarded(lambda: self._job_reopen(rounds)))
        self._move_to(event.step.index)

    def _refresh_plan(self) -> None:
        # One more round makes the plan longer; nothing else changes its shape.
        if len(self.session.plan.steps) != self._reps_of:
            self._reps = _rep_steps(self.session.plan)
            self._spans = _spans(self.session.plan)
            self._reps_of = len(self.session.plan.steps)

    def _move_to(self, index: int) -> None:
        """The workout is at step ``index`` now, having been at ``self._at``: record the sets
        it moved past, take out those it went back before, and undo a skip it went back into."""
        self._refresh_plan()
        at = -1 if self._at is None else self._at
        self._at = index
        if index > at:
            for block, (_, last) in self._spans.items():
                if at <= last < index:
                    self._close(block)
        elif index < at:
            for block, (first, last) in reversed(self._spans.items()):
                if index < first <= at:
                    # Back before it: it stays in the log only with reps done.
                    if self._reps_done(block):
                        self._close(block)
                    else:
                        self._withdraw(block)
                elif first <= index <= last < at:
                    # Back into it: it is under way again; a skip no longer holds.
                    record = self._sets.get(block)
                    if record is not None and record.skipped:
                        self._withdraw(block)

    def _under_way(self) -> Block | None:
        """The set the workout is in (None: a rest, or not started)."""
        if self._at is None:
            return None
        self._refresh_plan()
        for block, (first, last) in self._spans.items():
            if first <= self._at <= last:
                return block
        return None

    def _reps_done(self, block: Block) -> int:
        self._refresh_plan()
        completed = self.session.stats.completed
        reps = self._reps.get(block, {})
        return sum(1 for indices in reps.values() if all(i in completed for i in indices))

    def _close(self, block: Block, *, done: int | None = None) -> None:
        rnd, key = block
        routine = self.session.plan.routine
        try:
            used = routine.exercise(key)
            planned = self._planned.exercise(key)
        except KeyError:
            return
        reps_done = self._reps_done(block) if done is None else done
        before = self._sets.get(block) or self._withdrawn.pop(block, None)
        record = SetRecord(
            exercise_id=key,
            exercise_name=used.name,
            round=rnd,
            position=[ex.key for ex in routine.exercises].index(key),
            reps_planned=used.reps,
            reps_done=reps_done,
            done_at=self._now(),
            holds=hold_uses(planned, used, routine.count_seconds),
            skipped=reps_done == 0,
            # Done again after going back: the load and effort given stay with it.
            load=before.load if before else None,
            unit=before.unit if before else None,
            effort=before.effort if before else None,
        )
        self._sets.pop(block, None)
        self._sets[block] = record
        self.last = block
        self._writer.submit(self._guarded(lambda: self._job_set(block, record)))
        self._changed()

    def _withdraw(self, block: Block) -> None:
        """Take ``block`` out of what was recorded (nothing if it is not in)."""
        record = self._sets.pop(block, None)
        if record is None:
            return
        self._withdrawn[block] = record
        # The set done last is again the one recorded before it.
        self.last = next(reversed(self._sets), None)
        self._writer.submit(self._guarded(lambda: self._job_forget(block)))
        self._changed()

    def rate(
        self,
        block: Block,
        *,
        load: float | None,
        unit: Unit | None,
        effort: Effort | None,
    ) -> bool:
        """Give a recorded set its load and effort (None: not given); False if there is no
        such set. Allowed after the end too: the last set has no rest to ask in."""
        check_load(load, unit)
        check_effort(effort)
        record = self._sets.get(block)
        if record is None:
            return False
        self._sets[block] = replace(record, load=load, unit=unit, effort=effort)
        self._writer.submit(self._guarded(lambda: self._job_rate(block, load, unit, effort)))
        self._changed()
        return True

    def end(self, status: Ending, *, at: int | None = None) -> None:
        """The workout ended (completed, quit, interrupted): record the set under way, then how
        it ended. Only the first ending counts (until the workout carries on).

        ``at`` is the index of the step it was stopped at, where the app knows it: moves made
        while paused start no step, so the last step seen may be behind (or ahead of) it.
        """
        if self.status is not None:
            return
        if at is not None and status != "completed":
            self._move_to(at)
        if status == "completed":
            # Every set not yet recorded is behind: done, or skipped if none of it was.
            self._move_to(len(self.session.plan.steps) - 1)
        else:
            # Stopped: the set under way counts only for the reps done in it.
            block = self._under_way()
            if block is not None:
                done = self._reps_done(block)
                if done:
                    self._close(block, done=done)
        self._at = len(self.session.plan.steps) - 1
        self.status = status
        self.ended_at = self._now()
        self._writer.submit(self._guarded(lambda: self._job_finish(status)))
        self._changed()

    # -- the writer's jobs ----------------------------------------------------------------

    def _guarded(self, job: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            try:
                job()
            except LogError as exc:
                self._report(str(exc))

        return run

    def _report(self, message: str) -> None:
        # One message per workout: a log that cannot be written fails the same way every set.
        if self.problem is None:
            self.problem = message
            if self._on_error is not None:
                self._on_error(message)

    def _job_start(self, routine: Routine, started: datetime) -> None:
        log = self._open_log()
        self._recording = start_recording(
            log, self.routine_id, routine, written=self.written, started_at=started
        )

    def _job_set(self, block: Block, record: SetRecord) -> None:
        if self._recording is None:
            return
        self._set_ids[block] = self._recording.record_set(
            exercise_id=record.exercise_id,
            exercise_name=record.exercise_name,
            round=record.round,
            position=record.position,
            reps_planned=record.reps_planned,
            reps_done=record.reps_done,
            holds=record.holds,
            skipped=record.skipped,
            load=record.load,
            unit=record.unit,
            effort=record.effort,
        )

    def _job_forget(self, block: Block) -> None:
        set_id = self._set_ids.pop(block, None)
        if self._recording is not None and set_id is not None:
            self._recording.forget_set(set_id)

    def _job_rate(
        self, block: Block, load: float | None, unit: Unit | None, effort: Effort | None
    ) -> None:
        set_id = self._set_ids.get(block)
        if self._recording is not None and set_id is not None:
            self._recording.set_load_effort(set_id, load, unit, effort)

    def _job_finish(self, status: Ending) -> None:
        if self._recording is not None and not self._recording.finished:
            self._recording.finish(status)

    def _job_reopen(self, rounds: int) -> None:
        if self._recording is not None:
            self._recording.reopen(rounds_planned=rounds)
