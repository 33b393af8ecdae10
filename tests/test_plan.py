"""The shipped routines carry the seed articles' numbers, in the compiled plan and in ``show``."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import CONTENT, ROOT, RunCli

from backtimer.core.adjustments import COUNT_SECONDS, ROUNDS, Adjustments
from backtimer.core.events import SoundEvent
from backtimer.core.loader import load_routine
from backtimer.core.model import Routine
from backtimer.core.plan import Plan, Step, compile_plan

SEEDS = ROOT.parent / "shared" / "seeds"
BORDEN_SEED = SEEDS / "000_89f03c306adac6f6.txt"
TRAIN_SEED = SEEDS / "002_49af1dc99b3a54cf.txt"

BORDEN = ["lat-pull-down", "seated-row", "hyperextension"]
TRAIN = ["good-morning", "bent-over-row", "face-pull"]


def routine(name: str) -> Routine:
    return load_routine(CONTENT / f"{name}.yaml")


def plain(text: str) -> str:
    """Text with typographic quotes made plain and runs of white space made one space."""
    return re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip()


def seed_text(path: Path) -> str:
    if not path.exists():
        pytest.skip(f"seed article not present at {path}")
    return path.read_text(encoding="utf-8")


def steps_of(plan: Plan, exercise: str, kind: str | None = None) -> list[Step]:
    return [s for s in plan.steps if s.exercise == exercise and (kind is None or s.kind == kind)]


def timed(plan: Plan, exercise: str) -> list[Step]:
    return [s for s in steps_of(plan, exercise) if s.kind in ("move", "hold")]


# --- numbers from the Borden article ----------------------------------------------------------


def test_borden_reps_rounds_and_exercises() -> None:
    r = routine("borden-back")
    plan = compile_plan(r)
    assert [ex.key for ex in r.exercises] == BORDEN
    assert r.rounds == 3 and r.max_rounds == 4  # "Repeat three to four rounds"
    for key in BORDEN:
        steps = timed(plan, key)
        per_round = Counter(s.round for s in steps)
        assert set(per_round) == {1, 2, 3}
        # 10 repetitions in every round.
        assert {s.round: s.rep for s in steps if s.rep is not None} == {1: 10, 2: 10, 3: 10}
        assert all({s.rep for s in steps if s.round == n} == set(range(1, 11)) for n in (1, 2, 3))


def test_four_rounds_are_allowed_and_scale_the_plan() -> None:
    r = routine("borden-back")
    three = compile_plan(r)
    four = compile_plan(r, {ROUNDS: 4})
    assert max(s.round or 0 for s in four.steps) == 4
    timed3 = [s for s in three.steps if s.kind in ("move", "hold")]
    timed4 = [s for s in four.steps if s.kind in ("move", "hold")]
    # 3 exercises x 10 reps x 3 phases per round.
    assert len(timed3) == 3 * 90 and len(timed4) == 4 * 90
    round_steps = [s for s in four.steps if s.round == 2]
    assert len(four.steps) - len(three.steps) == len(round_steps)


def hold_steps(plan: Plan, exercise: str) -> list[Step]:
    return steps_of(plan, exercise, "hold")


@pytest.mark.parametrize(
    ("exercise", "counts", "seconds", "cue", "phrase"),
    [
        ("lat-pull-down", 2, 2.0, 3, "Pause for a 2 count"),
        ("seated-row", None, 1.0, 3, "Pause for one second"),
        ("hyperextension", 3, 3.0, 4, "hold for a three count"),
    ],
)
def test_borden_holds(
    exercise: str, counts: int | None, seconds: float, cue: int, phrase: str
) -> None:
    r = routine("borden-back")
    plan = compile_plan(r)
    holds = hold_steps(plan, exercise)
    assert len(holds) == 30  # one hold per rep, 10 reps, 3 rounds
    assert {(s.counts, s.seconds, s.cue) for s in holds} == {(counts, seconds, cue)}
    # The hold sits on the cue whose text asks for it.
    assert phrase in r.exercise(exercise).cues[cue - 1]
    assert phrase in seed_text(BORDEN_SEED)


def numbered_cues(text: str) -> list[list[str]]:
    """The seed's numbered lists: a new list starts at each '1.'."""
    lists: list[list[str]] = []
    for line in text.splitlines():
        m = re.match(r"^(\d+)\.\s+(.*?)\s*$", line)
        if not m:
            continue
        if m.group(1) == "1":
            lists.append([])
        assert int(m.group(1)) == len(lists[-1]) + 1
        lists[-1].append(m.group(2))
    return lists


def test_borden_cues_are_the_seed_cues_in_order() -> None:
    lists = numbered_cues(seed_text(BORDEN_SEED))
    # The article's first numbered list is its four tips on toning; the routine's are the last 3.
    seed_lists = lists[-3:]
    assert [len(c) for c in seed_lists] == [3, 3, 4]
    r = routine("borden-back")
    assert [len(ex.cues) for ex in r.exercises] == [3, 3, 4]
    for ex, seed in zip(r.exercises, seed_lists, strict=True):
        assert [plain(c) for c in ex.cues] == [plain(c) for c in seed]


def test_borden_tips_and_progress() -> None:
    text = plain(seed_text(BORDEN_SEED))
    r = routine("borden-back")
    tips = {ex.key: ex.tips for ex in r.exercises}
    assert {k: len(v) for k, v in tips.items()} == {k: 1 for k in BORDEN}
    for key in BORDEN:
        assert f"TIP: {plain(tips[key][0])}" in text
    progress = "If it's not hard to pull down after 10x, increase your weight."
    assert text.count(progress) == 2
    assert [ex.progress for ex in r.exercises] == [progress, progress, None]


# --- the second article -----------------------------------------------------------------------


def test_train_your_back_cues_are_the_article_sentences_in_order() -> None:
    text = plain(seed_text(TRAIN_SEED))
    r = routine("train-your-back")
    assert [ex.key for ex in r.exercises] == TRAIN
    for ex in r.exercises:
        at = 0
        for cue in ex.cues:
            # Each cue is the article's sentence, modulo a capital at its start.
            found = text.find(plain(cue)[1:], at)
            assert found > at, (ex.key, cue)
            at = found


@pytest.mark.parametrize(("exercise", "cue"), [("bent-over-row", 6), ("face-pull", 3)])
def test_a_few_seconds_holds(exercise: str, cue: int) -> None:
    r = routine("train-your-back")
    plan = compile_plan(r)
    holds = hold_steps(plan, exercise)
    assert len(holds) == r.exercise(exercise).reps * r.rounds
    # "A few seconds" is a hold in seconds, whatever a count lasts.
    assert {(s.counts, s.seconds, s.cue) for s in holds} == {(None, 3.0, cue)}
    assert "for a few seconds" in r.exercise(exercise).cues[cue - 1]
    slow = compile_plan(r, {COUNT_SECONDS: 2.0})
    assert {s.seconds for s in hold_steps(slow, exercise)} == {3.0}


def test_good_morning_has_no_hold() -> None:
    plan = compile_plan(routine("train-your-back"))
    assert hold_steps(plan, "good-morning") == []
    assert timed(plan, "good-morning")


# --- plan structure ---------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "keys"), [("borden-back", BORDEN), ("train-your-back", TRAIN)])
def test_circuit_order(name: str, keys: list[str]) -> None:
    plan = compile_plan(routine(name), {ROUNDS: 4})
    visits: list[tuple[int | None, str | None]] = []
    for step in plan.steps:
        if step.kind in ("move", "hold") and (step.round, step.exercise) not in visits:
            visits.append((step.round, step.exercise))
    assert visits == [(n, key) for n in range(1, 5) for key in keys]


@pytest.mark.parametrize("name", ["borden-back", "train-your-back"])
def test_rests_between_exercises_and_rounds(name: str) -> None:
    r = routine(name)
    plan = compile_plan(r)
    rests = [s for s in plan.steps if s.kind == "rest"]
    # After every exercise but the very last one.
    assert len(rests) == r.rounds * len(r.exercises) - 1
    lengths = Counter(s.seconds for s in rests)
    assert lengths == {
        r.rest.between_exercises: r.rounds * (len(r.exercises) - 1),
        r.rest.between_rounds: r.rounds - 1,
    }
    assert plan.steps[-2].kind == "move"  # the last rep ends the workout, no rest after it


@pytest.mark.parametrize("name", ["borden-back", "train-your-back"])
def test_count_seconds_scales_counts_but_not_seconds(name: str) -> None:
    r = routine(name)
    base = compile_plan(r)
    slow = compile_plan(r, {COUNT_SECONDS: 1.5})
    assert len(base.steps) == len(slow.steps)
    phases = 0
    for a, b in zip(base.steps, slow.steps, strict=True):
        assert (a.kind, a.exercise, a.round, a.rep, a.cue) == (
            b.kind,
            b.exercise,
            b.round,
            b.rep,
            b.cue,
        )
        if a.kind in ("move", "hold"):
            phases += 1
            if a.counts is not None:
                assert a.seconds == a.counts * 1.0 and b.seconds == a.counts * 1.5
            else:
                assert a.seconds == b.seconds  # "pause for one second" stays one second
        else:
            assert a.seconds == b.seconds  # rests and get-ready do not depend on the count
    assert phases > 0
    if name == "borden-back":
        pauses = {s.seconds for s in hold_steps(slow, "seated-row")}
        assert pauses == {1.0}
        assert {s.seconds for s in hold_steps(slow, "lat-pull-down")} == {3.0}


@pytest.mark.parametrize("name", ["borden-back", "train-your-back"])
@pytest.mark.parametrize("adjustments", [{}, {ROUNDS: 4, COUNT_SECONDS: 1.5}])
def test_total_is_the_sum_of_steps_and_steps_follow_each_other(
    name: str, adjustments: Adjustments
) -> None:
    plan = compile_plan(routine(name), adjustments)
    assert plan.total_seconds == pytest.approx(sum(s.seconds or 0 for s in plan.steps))
    clock = 0.0
    for i, step in enumerate(plan.steps):
        assert step.index == i
        assert step.start == pytest.approx(clock)
        clock += step.seconds or 0.0
    assert plan.steps[-1].kind == "done" and plan.steps[-1].seconds is None
    assert all(s.seconds is not None and s.seconds > 0 for s in plan.steps[:-1])


@pytest.mark.parametrize("name", ["borden-back", "train-your-back"])
def test_sound_events(name: str) -> None:
    plan = compile_plan(routine(name), {COUNT_SECONDS: 1.5})
    cs = 1.5
    for step in plan.steps:
        offsets = [s.offset for s in step.sounds]
        assert offsets == sorted(offsets)
        assert all(0 <= o <= (step.seconds or 0) for o in offsets)
        if step.kind == "hold":
            assert (step.sounds[0].offset, step.sounds[0].event) == (0.0, SoundEvent.HOLD_START)
            last = step.sounds[-1]
            assert last.event in (SoundEvent.HOLD_END, SoundEvent.EXERCISE_DONE)
            assert last.offset == step.seconds
            ticks = [s.offset for s in step.sounds if s.event is SoundEvent.TICK]
            if step.counts is not None:
                # One tick between counts: a 3-count hold ticks at 1.5 s and 3 s.
                assert ticks == pytest.approx([k * cs for k in range(1, step.counts)])
    done = plan.steps[-1]
    assert done.kind == "done"
    assert [s.event for s in done.sounds] == [SoundEvent.WORKOUT_DONE]
    # Each exercise's last rep in each round ends with exercise-done, exactly once.
    finished = [
        (s.round, s.exercise)
        for s in plan.steps
        if any(x.event is SoundEvent.EXERCISE_DONE for x in s.sounds)
    ]
    r = plan.routine
    assert finished == [(n, ex.key) for n in range(1, r.rounds + 1) for ex in r.exercises]
    # The first rep of each exercise in each round opens with go.
    gos = [s for s in plan.steps if any(x.event is SoundEvent.GO for x in s.sounds)]
    assert all(s.rep == 1 and s.phase == 0 for s in gos)
    assert len(gos) == r.rounds * len(r.exercises)


def test_a_step_is_built_with_keywords() -> None:
    with pytest.raises(TypeError):
        Step(0, "done", "Workout complete", None, 0.0)  # type: ignore[misc]
    step = Step(index=0, kind="rest", label="Rest", seconds=30.0, start=90.0)
    assert (step.end, step.counts, step.count_starts, step.sounds) == (120.0, None, (), ())


def test_setup_cues_are_read_in_the_first_round_only() -> None:
    r = routine("borden-back")
    plan = compile_plan(r)
    setups = [(s.round, s.exercise, s.cue) for s in plan.steps if s.kind == "setup"]
    # The cues before the one the reps are timed on: lat pull down 1-2, seated row 1,
    # hyperextension 1-3.
    assert setups == [
        (1, "lat-pull-down", 1),
        (1, "lat-pull-down", 2),
        (1, "seated-row", 1),
        (1, "hyperextension", 1),
        (1, "hyperextension", 2),
        (1, "hyperextension", 3),
    ]
    labels = [s.label for s in plan.steps if s.kind == "setup"]
    assert labels[0] == r.exercises[0].cues[0]


# --- the same numbers through `backtimer show --json` -----------------------------------------


def show_json(run_cli: RunCli, *args: str) -> dict[str, Any]:
    result = run_cli("show", *args, "--json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_show_json_borden_numbers(run_cli: RunCli) -> None:
    data = show_json(run_cli, "borden-back")
    assert data["title"] == "Back-sculpting routine"
    steps = data["steps"]
    for step in steps:
        assert {"kind", "exercise", "round", "rep", "cue", "label", "seconds"} <= set(step)
    assert data["total_seconds"] == pytest.approx(sum(s["seconds"] or 0 for s in steps))
    assert max(s["round"] or 0 for s in steps) == 3
    holds = {}
    for s in steps:
        if s["kind"] == "hold":
            holds.setdefault(s["exercise"], set()).add((s["seconds"], s["cue"]))
    assert holds == {
        "lat-pull-down": {(2.0, 3)},
        "seated-row": {(1.0, 3)},
        "hyperextension": {(3.0, 4)},
    }
    reps = {(s["exercise"], s["round"]): s["rep"] for s in steps if s["kind"] in ("move", "hold")}
    assert set(reps.values()) == {10}
    assert [len(ex["cues"]) for ex in data["exercises"]] == [3, 3, 4]
    assert [ex["reps"] for ex in data["exercises"]] == [10, 10, 10]
    assert steps[-1]["kind"] == "done" and steps[-1]["seconds"] is None


def test_show_json_rounds_and_count_seconds(run_cli: RunCli) -> None:
    base = show_json(run_cli, "borden-back")
    four = show_json(run_cli, "borden-back", "--rounds", "4", "--count-seconds", "1.5")
    assert max(s["round"] or 0 for s in four["steps"]) == 4

    def timed_count(data: dict[str, Any]) -> int:
        return sum(1 for s in data["steps"] if s["kind"] in ("move", "hold"))

    assert (timed_count(base), timed_count(four)) == (270, 360)
    pauses = {(s["exercise"], s["seconds"]) for s in four["steps"] if s["kind"] == "hold"}
    assert pauses == {("lat-pull-down", 3.0), ("seated-row", 1.0), ("hyperextension", 4.5)}
    assert four["total_seconds"] == pytest.approx(sum(s["seconds"] or 0 for s in four["steps"]))
    assert four["total_seconds"] > base["total_seconds"] * 4 / 3


def test_show_json_train_your_back(run_cli: RunCli) -> None:
    data = show_json(run_cli, "train-your-back")
    holds = {(s["exercise"], s["seconds"], s["cue"]) for s in data["steps"] if s["kind"] == "hold"}
    assert holds == {("bent-over-row", 3.0, 6), ("face-pull", 3.0, 3)}
    cues = {ex["id"]: ex["cues"] for ex in data["exercises"]}
    assert "a few seconds" in cues["bent-over-row"][5] and "a few seconds" in cues["face-pull"][2]
    assert [ex["reps"] for ex in data["exercises"]] == [10, 10, 10]


def test_show_text_has_cues_tips_progress_and_total(run_cli: RunCli) -> None:
    result = run_cli("show", "borden-back")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    r = routine("borden-back")
    for ex in r.exercises:
        for n, cue in enumerate(ex.cues, 1):
            assert f"  {n}. {cue}\n" in out
        for tip in ex.tips:
            assert f"TIP: {tip}" in out
    assert out.count("If it's not hard to pull down after 10x, increase your weight.") == 2
    plan = compile_plan(r)
    total = int(plan.total_seconds)
    assert out.rstrip().splitlines()[-1] == (
        f"Total: {total // 60}:{total % 60:02d} ({len(plan.steps)} steps)"
    )
    assert "(the source suggests up to 4)" in out
