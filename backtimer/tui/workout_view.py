"""What the workout screen shows at a moment, worked out from the session as plain data.

The screen hands the result to its widgets, whose reactives repaint only what changed. Keeping
the wording here, away from the widgets, lets tests read it without a terminal.

How the numbers read, from across a room:
- a counted move or hold counts *up* with the person: 1, 2 in a 2-count pause (a hold timed in
  seconds counts its seconds the same way);
- rests, get-ready and set-up count *down*, and say so: "REST 0:27", "GET READY 3", "SET UP 0:04";
  time left is always written with a colon, so it cannot be taken for a count or a cue number.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from backtimer.core.fmt import duration, number, printable, reps
from backtimer.core.model import Exercise, Routine
from backtimer.core.plan import Plan, Step
from backtimer.core.session import Session
from backtimer.settings.values import Override
from backtimer.tui.widgets.cues import CueMark
from backtimer.tui.widgets.phase_style import PHASE_SHAPES, PhaseKind, phase_kind

DONE_MOMENT = 5.0  # seconds at the start of a rest that the exercise just done stays on screen
SETUP_CAPTION = "to read the cue"
WORDS = {"setup": "SET UP", "get-ready": "GET READY", "rest": "REST", "done": "DONE"}
WHO = {"session": "changed", "yours": "yours", "flag": "flag"}

HoldChanges = Mapping[tuple[str | None, int | None], Override]


@dataclass(frozen=True)
class WorkoutView:
    """Everything the workout screen shows, as text."""

    title: str  # the exercise (or what was just done, or what comes next)
    position: str  # round, rep, "last rep", muted
    kind: PhaseKind
    word: str  # the phase word: PULL, PAUSE, REST, GET READY
    words: tuple[str, ...]  # every phase word of the exercise's reps, drawn at one size
    number: str  # the count (up) or the time left (down)
    caption: str  # what the number is: "of 2 counts", "left"
    note: str  # a changed hold: "changed: 3 counts (routine: 2)"
    paused: bool
    cues: tuple[str, ...]
    marks: tuple[CueMark, ...]
    next: str  # what comes after this step
    tips: str
    times: str  # time spent + time left = the estimate of the whole
    fraction: float  # of the estimate, spent


def phase_word(step: Step) -> str:
    """The phase in words, as shown large: PULL, PAUSE, HOLD, REST, GET READY, SET UP."""
    if step.kind in ("move", "hold"):
        return printable(step.label).upper()
    return WORDS[step.kind]


def exercise_words(exercise: Exercise) -> tuple[str, ...]:
    """The phase words a rep of ``exercise`` shows, each once, in order: PULL, PAUSE, RETURN.
    The panel draws them all at the size the widest fits, so the word keeps its size through a
    rep. The get-ready and rest words are not among them: they come once, between sets, and
    holding the rep's words to their size would make those smaller at most sizes."""
    return tuple(dict.fromkeys(printable(phase.name).upper() for phase in exercise.rep))


def phase_words(steps: Iterable[Step]) -> tuple[str, ...]:
    """The phase words of the moves and holds among ``steps``, each once, in order: what a
    practice hold (PAUSE) or drill (PULL, PAUSE, RETURN) shows."""
    return tuple(dict.fromkeys(phase_word(step) for step in steps if step.kind in ("move", "hold")))


def rep_cues(exercise: Exercise) -> range:
    """The cues a rep goes through, as one group: from the first cue a phase belongs to, to the
    last cue. Marking the group (not each phase's own cue) keeps the marker still through a rep,
    and marks the cues between and after the phases' own (the bent over row's "Lead with your
    elbows.") as well."""
    first = min(exercise.phase_cue(phase) for phase in exercise.rep)
    return range(first, len(exercise.cues) + 1)


def cue_marks(exercise: Exercise, step: Step) -> tuple[CueMark, ...]:
    """Each cue's mark while ``step`` of ``exercise`` is under way."""
    group = rep_cues(exercise)
    marks: list[CueMark] = []
    for n in range(1, len(exercise.cues) + 1):
        if step.kind == "setup":
            current = step.cue or 1
            marks.append("done" if n < current else "now" if n == current else "")
        else:
            marks.append("now" if n in group else "done" if n < group.start else "")
    return tuple(marks)


def _all_done(n: int) -> tuple[CueMark, ...]:
    done: CueMark = "done"
    return (done,) * n


def amount(step: Step) -> str:
    """How long a move or hold lasts, in its own unit: "2 counts", "1 s"."""
    if step.duration is not None:
        return step.duration.wording
    return f"{number(step.seconds or 0)} s"


def big_number(session: Session, step: Step) -> tuple[str, str]:
    """The big number and the caption that says what it is."""
    if step.kind in ("move", "hold"):
        counted = session.current_count()
        if counted is None:
            return "", ""
        if step.counts is not None:
            unit = "count" if step.counts == 1 else "counts"
            return str(counted[0]), f"of {step.counts} {unit}"
        return str(counted[0]), f"of {number(step.seconds or 0)} s"
    left = session.step_remaining()
    if left is None:
        return "", ""
    if step.kind == "get-ready":
        return str(max(0, math.ceil(left - 1e-6))), "to go"
    if step.kind == "setup":
        return duration(left), SETUP_CAPTION
    if step.kind == "rest":
        return duration(left), "left"
    return "", ""


class Viewer:
    """Works out the workout screen's view for a session and a routine's changed holds."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.hold_changes: HoldChanges = {}
        self._plan: Plan | None = None
        self._total = 0.0
        # Each exercise's phase words, worked out once per routine, not at every tick.
        self._words_of: tuple[Routine | None, dict[int, tuple[str, ...]]] = (None, {})

    def view(self, *, compact: bool = False, muted: bool = False) -> WorkoutView:
        session = self.session
        step = session.step
        routine = session.plan.routine
        exercise = routine.exercises[step.exercise_index or 0]
        title = exercise.name
        if exercise.equipment and not compact:
            title += f" · {exercise.equipment}"
        cues = tuple(exercise.cues)
        marks = cue_marks(exercise, step)
        position = self._position(step, exercise, compact)
        tips = self._tips(exercise)
        if step.kind == "rest":
            shown, title, marks, position = self._rest(step, exercise, compact)
            cues, tips = tuple(shown.cues), self._tips(shown)
        elif step.kind == "done":
            title, marks, position, tips = routine.title, _all_done(len(cues)), "", ""
        if muted:
            position = f"{position} · muted" if position else "muted"
        number_text, caption = big_number(session, step)
        paused = session.paused
        if paused:
            caption = "PAUSED" if compact else "PAUSED · space resumes"
        kind = phase_kind(step.kind)
        if compact:
            if caption == SETUP_CAPTION:
                caption = "read the cue"  # with the symbol, what 16 cells of 40 columns hold
            # No frame on a small terminal: the kind's symbol tells it apart without colour.
            caption = f"{PHASE_SHAPES[kind].symbol} {caption}".rstrip()
        return WorkoutView(
            title=title,
            position=position,
            kind=kind,
            word=phase_word(step),
            words=self._words(routine, step.exercise_index),
            number=number_text,
            caption=caption,
            note=self._note(step),
            paused=paused,
            cues=cues,
            marks=marks,
            next=self._next(step, routine),
            tips=tips,
            times=self._times(compact),
            fraction=self._fraction(),
        )

    # -- parts ------------------------------------------------------------------------------

    def _words(self, routine: Routine, index: int | None) -> tuple[str, ...]:
        if index is None:
            return ()  # done
        if self._words_of[0] is not routine:
            self._words_of = (routine, {})
        known = self._words_of[1]
        if index not in known:
            known[index] = exercise_words(routine.exercises[index])
        return known[index]

    def _position(self, step: Step, exercise: Exercise, compact: bool) -> str:
        rounds = self.session.plan.routine.rounds
        where = f"Round {step.round}/{rounds}" if step.round is not None else ""
        if step.kind in ("move", "hold"):
            rep = f"Rep {step.rep}/{exercise.reps}"
            if step.rep == exercise.reps:
                rep += " · LAST REP"
            return rep if compact else f"{where} · {rep}"
        if step.kind in ("setup", "get-ready"):
            return f"{where} · {reps(exercise.reps)}"
        return where

    def _rest(
        self, step: Step, upcoming: Exercise, compact: bool
    ) -> tuple[Exercise, str, tuple[CueMark, ...], str]:
        """A calm rest: first the exercise just done, ticked; then what comes next. Returns
        the exercise shown, the title, the cue marks and the position."""
        session = self.session
        routine = session.plan.routine
        rounds = routine.rounds
        before = session.plan.steps[step.index - 1] if step.index > 0 else None
        if (
            before is not None
            and before.kind in ("move", "hold")
            and session.step_elapsed() < min(DONE_MOMENT, (step.seconds or 0) / 2)
        ):
            done = routine.exercises[before.exercise_index or 0]
            count = self._reps_done(before)
            count_text = reps(count) if count == done.reps else f"{count} of {reps(done.reps)}"
            return (
                done,
                f"{done.name} ✓ {count_text}",
                _all_done(len(done.cues)),
                f"Round {before.round}/{rounds} · rest",
            )
        title = f"Next: {upcoming.name}"
        if upcoming.equipment and not compact:
            title += f" · {upcoming.equipment}"
        after = session.plan.steps[step.index + 1]
        if after.kind == "setup" and after.cue is not None:
            first = range(after.cue, after.cue + 1)
        else:
            first = rep_cues(upcoming)
        marks: tuple[CueMark, ...] = tuple(
            "next" if n in first else "" for n in range(1, len(upcoming.cues) + 1)
        )
        return upcoming, title, marks, f"Round {step.round}/{rounds} · rest"

    def _reps_done(self, last: Step) -> int:
        """Reps of the set that ``last`` ends in which every phase ran to its end."""
        steps = self.session.plan.steps
        completed = self.session.stats.completed
        reps: dict[int, bool] = {}
        index = last.index
        while index >= 0 and steps[index].kind in ("move", "hold"):
            s = steps[index]
            if (s.round, s.exercise_index) != (last.round, last.exercise_index):
                break
            reps[s.rep or 0] = reps.get(s.rep or 0, True) and index in completed
            index -= 1
        return sum(1 for whole in reps.values() if whole)

    def _note(self, step: Step) -> str:
        if step.kind != "hold":
            return ""
        found = self.hold_changes.get((step.exercise, step.phase))
        if found is None:
            return ""
        # In the unit the hold now has, as the caption and the next line say it: a hold given in
        # seconds stays in seconds when + and - change it ("changed: 4 s (routine: 3 s)").
        return f"{WHO[found.layer]}: {amount(step)} (routine: {found.routine_text()})"

    def _next(self, step: Step, routine: Routine) -> str:
        steps = self.session.plan.steps
        if step.kind == "done" or step.index + 1 >= len(steps):
            return ""
        after = steps[step.index + 1]
        if after.kind == "done":
            return "Next: the end"
        ex = routine.exercises[after.exercise_index or 0]
        if after.kind == "rest":
            then = routine.exercises[after.exercise_index or 0].name
            return f"Next: rest {duration(after.seconds or 0)}, then {then}"
        if step.kind == "rest":
            if after.kind == "setup":
                return f"Next: set up for {ex.name} · cue {after.cue}"
            return f"Next: get ready for {ex.name} · {reps(ex.reps)}"
        if after.kind == "setup":
            same = after.exercise_index == step.exercise_index
            return f"Next: cue {after.cue}" if same else f"Next: {ex.name}, cue {after.cue}"
        if after.kind == "get-ready":
            if after.exercise_index == step.exercise_index and after.round == step.round:
                return f"Next: get ready · {reps(ex.reps)}"
            return f"Next: {ex.name}"
        word = phase_word(after)
        if step.kind in ("move", "hold") and after.rep != step.rep:
            return f"Next: rep {after.rep} · {word}"
        # "hold" says what kind of phase comes, unless the phase's own name says it already.
        kind = "hold " if after.kind == "hold" and word.casefold() != "hold" else ""
        return f"Next: {word} · {kind}{amount(after)}"

    @staticmethod
    def _tips(exercise: Exercise) -> str:
        lines = [f"TIP: {tip}" for tip in exercise.tips]
        if exercise.progress:
            lines.append(exercise.progress)
        return "\n".join(lines)

    def _left(self) -> float:
        """The planned seconds still ahead of the current position, with the plan's total worked
        out once per plan rather than summed over every step at every tick."""
        plan = self.session.plan
        if plan is not self._plan:
            self._plan, self._total = plan, plan.total_seconds
        step = self.session.step
        position = min(self._total, step.start + self.session.step_elapsed())
        return max(0.0, self._total - position)

    def _spent_left(self) -> tuple[int, int]:
        # Whole seconds that add up to the total shown, and a total that stays put: rounding
        # spent and left each on its own made the total move by a second between a tick and a
        # redraw mid-second (a resize) whenever it was not a whole number of seconds.
        exact_spent = self.session.active_seconds()
        total = math.ceil(exact_spent + self._left() - 1e-6)
        spent = min(math.floor(exact_spent + 1e-6), total)
        return spent, max(0, total - spent)

    def _times(self, compact: bool) -> str:
        spent, left = self._spent_left()
        if compact:
            return f"{duration(spent)}+{duration(left)}={duration(spent + left)}"
        return f"{duration(spent)} done + {duration(left)} left = {duration(spent + left)}"

    def _fraction(self) -> float:
        spent = self.session.active_seconds()
        total = spent + self._left()
        return spent / total if total > 0 else 1.0
