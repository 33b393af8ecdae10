"""A phase's length: counts or seconds, and what the plan, the session, the size check and the
wording all take from it."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest
import yaml
from conftest import CONTENT

from backtimer.core.adjustments import COUNT_SECONDS, apply, hold_key
from backtimer.core.describe import exercise_lines
from backtimer.core.duration import Duration
from backtimer.core.events import SoundEvent
from backtimer.core.loader import load_routine, load_routine_text
from backtimer.core.model import Routine, plan_size
from backtimer.core.plan import compile_plan
from backtimer.core.session import Session


@pytest.mark.parametrize(
    ("duration", "count_seconds", "seconds"),
    [
        (Duration(counts=1), 1.0, 1.0),
        (Duration(counts=3), 1.5, 4.5),
        (Duration(counts=2), 0.7, 1.4),
        (Duration(seconds=2.5), 1.0, 2.5),
        (Duration(seconds=2.5), 3.0, 2.5),  # seconds are seconds, whatever a count lasts
    ],
)
def test_seconds_at_a_count_length(
    duration: Duration, count_seconds: float, seconds: float
) -> None:
    assert duration.seconds_at(count_seconds) == pytest.approx(seconds)


@pytest.mark.parametrize(
    ("duration", "count_seconds", "starts"),
    [
        (Duration(counts=1), 1.0, [0.0]),
        (Duration(counts=3), 1.5, [0.0, 1.5, 3.0]),
        (Duration(counts=2), 0.4, [0.0, 0.4]),
        # In seconds: a count for each second begun, whatever a count lasts.
        (Duration(seconds=3.0), 2.0, [0.0, 1.0, 2.0]),
        (Duration(seconds=2.5), 0.5, [0.0, 1.0, 2.0]),
        (Duration(seconds=0.5), 1.0, [0.0]),
        (Duration(seconds=1.0), 1.0, [0.0]),
        # A length a hair over a whole second (from float arithmetic) has no count at its end.
        (Duration(seconds=3.0000000001), 1.0, [0.0, 1.0, 2.0]),
    ],
)
def test_count_starts_and_ticks(
    duration: Duration, count_seconds: float, starts: list[float]
) -> None:
    assert list(duration.count_starts(count_seconds)) == pytest.approx(starts)
    assert list(duration.tick_offsets(count_seconds)) == pytest.approx(starts[1:])
    assert duration.beats == len(starts)


@pytest.mark.parametrize(
    ("duration", "count_seconds", "counts"),
    [
        (Duration(counts=4), 2.0, 4),
        (Duration(seconds=1.0), 1.0, 1),
        (Duration(seconds=3.0), 1.5, 2),
        (Duration(seconds=0.2), 1.0, 1),  # never below one count
    ],
)
def test_counts_at_a_count_length(duration: Duration, count_seconds: float, counts: int) -> None:
    assert duration.counts_at(count_seconds) == counts


@pytest.mark.parametrize(
    ("duration", "words"),
    [
        (Duration(counts=1), "1 count"),
        (Duration(counts=3), "3 counts"),
        (Duration(seconds=1.0), "1 s"),
        (Duration(seconds=1.5), "1.5 s"),
    ],
)
def test_wording(duration: Duration, words: str) -> None:
    assert duration.wording == words


def test_a_duration_is_counts_or_seconds() -> None:
    with pytest.raises(ValueError):
        Duration()
    with pytest.raises(ValueError):
        Duration(counts=2, seconds=2.0)
    with pytest.raises(ValueError):
        Duration.of(2, 2.0)
    assert Duration.of(None, None) == Duration(counts=1)  # a phase that gives neither
    assert Duration.of(3, None) == Duration(counts=3)
    assert Duration.of(None, 1.5) == Duration(seconds=1.5)


# -- through the file format --------------------------------------------------------------------


def phase_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((CONTENT / "routine.schema.json").read_text("utf-8"))
    phase: dict[str, Any] = schema["$defs"]["Phase"]
    return phase


def fits(node: dict[str, Any], value: object) -> bool:
    """``value`` against a property of the schema: integer or number, with its bounds."""
    options = [o for o in node.get("anyOf", [node]) if o.get("type") != "null"]
    (kind,) = options
    if kind["type"] == "integer" and type(value) is not int:
        return False
    if kind["type"] == "number" and type(value) not in (int, float):
        return False
    assert isinstance(value, int | float)
    return (
        value >= kind.get("minimum", value)
        and value <= kind.get("maximum", value)
        and value > kind.get("exclusiveMinimum", value - 1)
    )


def one_phase(fields: dict[str, Any]) -> Routine:
    phase = {"hold": "Hold", **fields}
    text = yaml.safe_dump(
        {"title": "T", "exercises": [{"name": "E", "reps": 1, "cues": ["C."], "rep": [phase]}]}
    )
    return load_routine_text(text, "t.yaml")


@pytest.mark.parametrize(
    ("fields", "duration"),
    [
        ({"counts": 2}, Duration(counts=2)),
        ({"seconds": 1.5}, Duration(seconds=1.5)),
        ({}, Duration(counts=1)),
    ],
)
def test_a_phases_fields_round_trip_through_the_schema(
    fields: dict[str, Any], duration: Duration
) -> None:
    schema = phase_schema()
    assert "duration" not in schema["properties"]  # the file format is counts or seconds
    for name, value in fields.items():
        assert fits(schema["properties"][name], value), (name, value)
    phase = one_phase(fields).exercises[0].rep[0]
    assert phase.duration == duration
    # And back: the phase written out reads as the same duration.
    written = {f.name: getattr(phase, f.name) for f in dataclasses.fields(phase) if f.init}
    written = {k: v for k, v in written.items() if v is not None}
    assert {k: written[k] for k in ("counts", "seconds") if k in written} == fields
    again = one_phase({k: v for k, v in written.items() if k != "hold"})
    assert again.exercises[0].rep[0].duration == duration


def test_a_changed_hold_is_written_in_counts() -> None:
    routine = one_phase({"seconds": 1.5})
    changed = apply(routine, {hold_key("e", 0): 3}).exercises[0].rep[0]
    assert changed.duration == Duration(counts=3)
    assert (changed.counts, changed.seconds) == (3, None)
    assert changed == one_phase({"counts": 3}).exercises[0].rep[0]


# -- everyone reads the same rule ---------------------------------------------------------------


@pytest.mark.parametrize("count_seconds", [1.0, 1.5, 0.7])
def test_plan_session_and_wording_follow_each_phases_duration(count_seconds: float) -> None:
    for name in ("borden-back", "train-your-back"):
        routine = apply(load_routine(CONTENT / f"{name}.yaml"), {COUNT_SECONDS: count_seconds})
        plan = compile_plan(routine)
        shown = "\n".join(exercise_lines(routine))  # what ``show`` and the preview list
        for step in plan.steps:
            if step.kind not in ("move", "hold"):
                assert (step.duration, step.count_starts) == (None, ())
                continue
            phase = routine.exercise(step.exercise or "").rep[step.phase or 0]
            assert step.duration == phase.duration
            assert step.seconds == phase.duration.seconds_at(count_seconds)
            assert step.count_starts == phase.duration.count_starts(count_seconds)
            ticks = tuple(s.offset for s in step.sounds if s.event is SoundEvent.TICK)
            assert ticks == phase.duration.tick_offsets(count_seconds)
            assert f"{phase.name} ({step.kind}, {phase.duration.wording})" in shown


def test_the_session_counts_a_hold_in_seconds_in_whole_seconds() -> None:
    routine = one_phase({"seconds": 2.5})
    now = [0.0]
    session = Session(compile_plan(routine), clock=lambda: now[0])
    session.start()
    while session.step.kind != "hold":
        session.next_step()
    start = now[0]
    seen = []
    for t in (0.0, 0.99, 1.0, 2.0, 2.4):
        now[0] = start + t
        session.update()
        seen.append(session.current_count())
    assert seen == [(1, 3), (1, 3), (2, 3), (3, 3), (3, 3)]


def test_the_size_check_counts_ticks_as_the_plan_does() -> None:
    # A hold of three counts, however it is written: the same size, counted before compiling,
    # and the same ticks once compiled (two a rep, in each of the default three rounds).
    sizes = set()
    ticks = set()
    for fields in ({"counts": 3}, {"seconds": 3.0}, {"seconds": 2.5}):
        routine = one_phase(fields)
        sizes.add(plan_size(routine))
        plan = compile_plan(routine)
        ticks.add(sum(1 for s in plan.steps for x in s.sounds if x.event is SoundEvent.TICK))
    assert ticks == {6}
    assert len(sizes) == 1
    assert plan_size(one_phase({"counts": 4})) == sizes.pop() + 3  # a tick more in each round
