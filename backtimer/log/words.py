"""What the screens say from the log, in words: last time, the advice, this session against the
last one. Plain text (the screens show it literally); no Textual here, so it is tested as text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, tzinfo

from backtimer.core.fmt import duration
from backtimer.core.model import Routine
from backtimer.log.progression import Advice, advise, format_load
from backtimer.log.queries import LastTime
from backtimer.log.records import SessionRecord, SetRecord, Unit


def day(when: datetime, tz: tzinfo | None = None, today: date | None = None) -> str:
    """A session's day where the user is: 'Mon 6 May', or with the year when it is not this
    year's. (Not strftime's %-d, which Windows lacks.)"""
    local = when.astimezone(tz)
    this_year = (today or datetime.now(tz).date()).year
    text = f"{local:%a} {local.day} {local:%b}"
    return text if local.year == this_year else f"{text} {local.year}"


def _reps(done: int, planned: int) -> str:
    return str(done) if done >= planned else f"{done} of {planned}"


def set_words(load: float | None, unit: Unit | None, done: int, planned: int) -> str:
    """'40 kg x 10', '40 kg x 8 of 10' (with a multiplication sign), '10 reps' (no load given)."""
    reps = _reps(done, planned)
    if load is None or unit is None:
        return f"{reps} reps"
    return f"{format_load(load, unit)} \N{MULTIPLICATION SIGN} {reps}"


def last_time_words(last: LastTime) -> str:
    """'40 kg x 10, easy': last time's load, reps and effort."""
    text = set_words(last.load, last.unit, last.reps_done, last.reps_planned)
    return f"{text}, {last.effort}" if last.effort else text


def last_time_line(last: LastTime) -> str:
    """The workout screen's line: 'last time: 40 kg x 10, easy'."""
    return f"last time: {last_time_words(last)}"


def advice_line(advice: Advice) -> str:
    """'Not hard last time: try 42.5 kg' (or 'the last 2 times')."""
    when = "last time" if advice.sessions == 1 else f"the last {advice.sessions} times"
    if advice.load is None or advice.unit is None:
        return f"Not hard {when}: time to go heavier"
    return f"Not hard {when}: try {format_load(advice.load, advice.unit)}"


def cited(advice: Advice, routine: Routine) -> str:
    """The advice's source: the routine's own sentence, and who said it."""
    if not advice.progress:
        return ""
    source = routine.source
    by = f" ({source.author})" if source is not None and source.author else ""
    return f"\N{LEFT DOUBLE QUOTATION MARK}{advice.progress}\N{RIGHT DOUBLE QUOTATION MARK}{by}"


def _heaviest(sets: Sequence[SetRecord], exercise_id: str) -> tuple[float, Unit] | None:
    loaded = [
        (s.load, s.unit)
        for s in sets
        if s.exercise_id == exercise_id and s.load is not None and s.unit is not None
    ]
    if not loaded:
        return None
    unit = loaded[-1][1]
    return max(load for load, u in loaded if u == unit), unit


def ending(session: SessionRecord) -> str:
    """How a logged session ended, for people: "completed" only when it reached the end with
    every set done; "completed, 2 sets skipped" or "all sets skipped" when it reached the end
    by skipping (the log keeps its status "completed": the workout did run to its end); "quit",
    "interrupted" or "running" as logged."""
    return _ending(session)[0]


def short_ending(session: SessionRecord) -> str:
    """``ending`` in a word of four letters or fewer, for a table at 40 columns: done (every
    set), part (some skipped), skip (all skipped), quit, cut (interrupted), run."""
    return _ending(session)[1]


# A status in a word of four letters or fewer ("interrupted" would take a third of 40 columns).
_SHORT_STATUS = {"completed": "done", "quit": "quit", "interrupted": "cut", "running": "run"}


def _ending(session: SessionRecord) -> tuple[str, str]:
    """How the session ended, in words and in a short word."""
    skipped = sum(1 for s in session.sets if s.skipped)
    if session.status != "completed" or not skipped:
        return session.status, _SHORT_STATUS.get(session.status, session.status)
    if skipped == len(session.sets):
        return "all sets skipped", "skip"
    return f"completed, {skipped} {'set' if skipped == 1 else 'sets'} skipped", "part"


def compare_lines(
    routine: Routine,
    this: SessionRecord,
    last: SessionRecord | None,
    tz: tzinfo | None = None,
    today: date | None = None,
) -> list[str]:
    """This session against the last one of the routine: time, rounds, and each exercise's
    heaviest load. Without a last one, this session's loads alone."""
    lines = []
    if last is not None:
        lines.append(
            f"Last time ({day(last.started_at, tz, today)}): {duration(last.duration)}, "
            f"{last.rounds_done} of {last.rounds_planned} rounds ({ending(last)})"
        )
    for ex in routine.exercises:
        now = _heaviest(this.sets, ex.key)
        before = _heaviest(last.sets, ex.key) if last is not None else None
        if now is None and before is None:
            continue
        if now is not None:
            text = format_load(*now)
        elif any(s.exercise_id == ex.key and s.reps_done for s in this.sets):
            text = "no load given"
        else:
            text = "not done this time"  # skipped, or never reached: no load to ask for
        if before is not None:
            text += f" (last time {format_load(*before)})"
        lines.append(f"{ex.name}: {text}")
    return lines


def preview_lines(
    routine: Routine,
    last: Mapping[str, LastTime],
    advice: Mapping[str, Advice],
    tz: tzinfo | None = None,
    today: date | None = None,
) -> list[str]:
    """Per exercise done before: last time's load, reps, effort and day, then the advice with
    the routine's sentence. Empty when the routine was never done."""
    lines = []
    for ex in routine.exercises:
        before = last.get(ex.key)
        if before is None:
            continue
        when = day(before.started_at, tz, today)
        lines.append(f"{ex.name}: {last_time_words(before)} ({when})")
        tip = advice.get(ex.key)
        if tip is not None:
            lines.append(f"  {advice_line(tip)}")
            source = cited(tip, routine)
            if source:
                lines.append(f"  {source}")
    return lines


def next_time_lines(
    routine: Routine, this: SessionRecord, before: Sequence[SessionRecord]
) -> list[str]:
    """The advice for next time, from this session and those ``before`` it (oldest first):
    'Lat pull down: not hard today, try 42.5 kg next time'."""
    lines = []
    advice = advise(routine, [*before, this])
    for ex in routine.exercises:
        tip = advice.get(ex.key)
        if tip is None:
            continue
        if tip.load is None or tip.unit is None:
            lines.append(f"{ex.name}: not hard today, time to go heavier next time")
        else:
            lines.append(
                f"{ex.name}: not hard today, try {format_load(tip.load, tip.unit)} next time"
            )
    return lines
