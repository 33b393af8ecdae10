"""The progression rule as advice, and the load prompt's unit and step."""

from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import CONTENT
from log_helpers import T0, a_session, a_set

from backtimer.core.loader import load_routine
from backtimer.log import (
    ProgressionRule,
    SessionRecord,
    SetRecord,
    advise,
    advise_exercise,
    format_load,
    rules_for,
)
from backtimer.log.progression import unit_for

RULE = ProgressionRule()


def sessions_of(*sets_per_session: list[SetRecord]) -> list[SessionRecord]:
    return [
        a_session(*sets, start=T0 + timedelta(days=2 * i))
        for i, sets in enumerate(sets_per_session)
    ]


def test_every_rep_easy_suggests_the_next_load_in_kg() -> None:
    sessions = sessions_of(
        [a_set(round=1, load=40, unit="kg", effort="easy"), a_set(round=2, load=40, unit="kg")]
    )
    advice = advise_exercise("lat-pull-down", sessions, RULE, "If it's not hard, go up.")
    assert advice is not None
    assert (advice.last_load, advice.load, advice.unit) == (40, 42.5, "kg")
    assert advice.progress == "If it's not hard, go up."
    assert f"try {format_load(advice.load or 0, 'kg')}" == "try 42.5 kg"


def test_pounds_go_up_by_five() -> None:
    sessions = sessions_of([a_set(load=90, unit="lb", effort="easy")])
    advice = advise_exercise("lat-pull-down", sessions, RULE)
    assert advice is not None and (advice.load, advice.unit) == (95, "lb")


def test_a_band_goes_to_the_next_level() -> None:
    sessions = sessions_of([a_set(load=2, unit="band", effort="easy")])
    advice = advise_exercise("lat-pull-down", sessions, RULE)
    assert advice is not None and (advice.load, advice.unit) == (3, "band")
    assert format_load(3, "band") == "band 3"


def test_body_weight_meets_the_rule_with_no_load_to_add() -> None:
    sessions = sessions_of([a_set(effort="easy")])
    advice = advise_exercise("lat-pull-down", sessions, RULE)
    assert advice is not None
    assert (advice.last_load, advice.load, advice.unit) == (None, None, None)


@pytest.mark.parametrize(
    "sets",
    [
        # One rep short in one round.
        [
            a_set(round=1, load=40, unit="kg", effort="easy"),
            a_set(round=2, done=9, load=40, unit="kg"),
        ],
        # Rated ok, not easy.
        [a_set(load=40, unit="kg", effort="ok")],
        # Easy once, hard the next round.
        [
            a_set(round=1, load=40, unit="kg", effort="easy"),
            a_set(round=2, load=40, unit="kg", effort="hard"),
        ],
        # Never rated: "not hard" was never said.
        [a_set(load=40, unit="kg")],
        # A round skipped.
        [a_set(round=1, load=40, unit="kg", effort="easy"), a_set(round=2, skipped=True, done=0)],
    ],
    ids=["not-all-reps", "ok-not-easy", "hard-later", "unrated", "skipped-round"],
)
def test_the_rule_is_not_met(sets: list[SetRecord]) -> None:
    assert advise_exercise("lat-pull-down", sessions_of(sets), RULE) is None


def test_effort_ok_counts_when_the_rule_allows_it() -> None:
    sessions = sessions_of([a_set(load=40, unit="kg", effort="ok")])
    advice = advise_exercise("lat-pull-down", sessions, ProgressionRule(effort="ok"))
    assert advice is not None and advice.load == 42.5


def test_reps_reached_and_increment_from_the_rule() -> None:
    sessions = sessions_of([a_set(planned=12, done=10, load=40, unit="kg", effort="easy")])
    assert advise_exercise("lat-pull-down", sessions, RULE) is None
    rule = ProgressionRule(reps_reached=10, increment=5)
    advice = advise_exercise("lat-pull-down", sessions, rule)
    assert advice is not None and advice.load == 45


def test_two_sessions_need_two_easy_sessions() -> None:
    rule = ProgressionRule(sessions=2)
    easy = a_set(load=40, unit="kg", effort="easy")
    hard = a_set(load=40, unit="kg", effort="hard")
    assert advise_exercise("lat-pull-down", sessions_of([easy]), rule) is None
    assert advise_exercise("lat-pull-down", sessions_of([hard], [easy]), rule) is None
    advice = advise_exercise("lat-pull-down", sessions_of([hard], [easy], [easy]), rule)
    assert advice is not None and advice.sessions == 2


def test_the_last_session_decides_and_the_running_one_is_not_last_time() -> None:
    done = a_session(a_set(load=40, unit="kg", effort="easy"), start=T0)
    running = a_session(
        a_set(load=42.5, unit="kg", effort="hard"), start=T0 + timedelta(days=2), status="running"
    )
    advice = advise_exercise("lat-pull-down", [done, running], RULE)
    assert advice is not None and advice.load == 42.5
    later_hard = a_session(a_set(load=42.5, unit="kg", effort="hard"), start=T0 + timedelta(days=2))
    assert advise_exercise("lat-pull-down", [done, later_hard], RULE) is None


def test_advise_cites_the_routines_progress_sentence() -> None:
    routine = load_routine(CONTENT / "borden-back.yaml")
    sessions = sessions_of(
        [
            a_set("lat-pull-down", load=40, unit="kg", effort="easy"),
            a_set("hyperextension", position=2, effort="easy"),
        ]
    )
    advice = advise(routine, sessions)
    # Hyperextension has no progress sentence, so no rule by default.
    assert list(advice) == ["lat-pull-down"]
    assert advice["lat-pull-down"].progress == routine.exercise("lat-pull-down").progress
    explicit = advise(routine, sessions, {"hyperextension": ProgressionRule()})
    assert list(explicit) == ["hyperextension"]


@pytest.mark.parametrize(
    "kwargs",
    [{"reps_reached": 0}, {"effort": "brutal"}, {"increment": 0}, {"sessions": 0}],
)
def test_a_rule_with_impossible_values_is_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        ProgressionRule(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("equipment", "unit"),
    [
        ("machine", "kg"),
        ("band or machine", "band"),
        ("cable, resistance band, or dumbbells", "kg"),
        ("floor", None),
        (None, None),
        ("Barbell", "kg"),
    ],
)
def test_the_load_prompt_starts_in_a_unit_that_fits_the_equipment(
    equipment: str | None, unit: str | None
) -> None:
    assert unit_for(equipment, "kg") == unit
    # Last time's unit wins over what the equipment suggests.
    assert unit_for(equipment, "kg", last="lb") == "lb"


def test_the_shipped_routine_states_the_articles_rule() -> None:
    """borden-back: "If it's not hard to pull down after 10x, increase your weight"."""
    routine = load_routine(CONTENT / "borden-back.yaml")
    rule = ProgressionRule(reps_reached=10, effort="easy", increment=None, sessions=1)
    assert rules_for(routine) == {"lat-pull-down": rule, "seated-row": rule}
    # "Repeat as necessary" is no rule.
    assert rules_for(load_routine(CONTENT / "train-your-back.yaml")) == {}


ROUTINE_RULES = """\
title: Rules
progression: {effort: ok, sessions: 2}
exercises:
  - name: Row
    reps: 8
    cues: [Pull]
    rep: [{move: Pull}]
    progression: {increment: 1.25, sessions: 1}
  - name: Curl
    reps: 12
    cues: [Curl]
    rep: [{move: Curl}]
"""


def test_an_exercises_keys_win_over_the_routines() -> None:
    from backtimer.core.loader import load_routine_text

    rules = rules_for(load_routine_text(ROUTINE_RULES, "rules.yaml"))
    assert rules == {
        "row": ProgressionRule(effort="ok", increment=1.25, sessions=1),
        "curl": ProgressionRule(effort="ok", sessions=2),
    }


def test_the_routines_rule_decides_the_advice() -> None:
    from backtimer.core.loader import load_routine_text

    routine = load_routine_text(ROUTINE_RULES, "rules.yaml")
    ok = a_set("row", planned=8, done=8, load=20, unit="kg", effort="ok")
    advice = advise(routine, sessions_of([ok]))
    assert (advice["row"].load, advice["row"].unit) == (21.25, "kg")
    # Curl needs two sessions in a row that meet it.
    curl = a_set("curl", planned=12, done=12, load=8, unit="kg", effort="ok")
    assert "curl" not in advise(routine, sessions_of([curl]))
    assert advise(routine, sessions_of([curl], [curl]))["curl"].load == 10.5


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("progression: {effort: brutal}", "'effort' must be one of"),
        ("progression: {reps_reached: 0}", "'reps_reached' must be at least 1"),
        ("progression: {sessons: 2}", "unknown key 'sessons', did you mean 'sessions'?"),
    ],
)
def test_a_wrong_rule_in_a_routine_file_is_named(line: str, message: str) -> None:
    from backtimer.core.loader import ContentErrors, load_routine_text

    text = ROUTINE_RULES.replace("progression: {effort: ok, sessions: 2}", line)
    with pytest.raises(ContentErrors) as caught:
        load_routine_text(text, "rules.yaml")
    (error,) = caught.value.errors
    assert str(error).startswith("rules.yaml:2:") and message in str(error)
