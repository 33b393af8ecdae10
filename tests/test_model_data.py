"""The routine model and the file's schema agree: the same fields and defaults, plain values that
come back unchanged, and ``content_json`` written exactly as the schema's model writes it (the
training log hashes it, so it must not change)."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from conftest import CONTENT
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, TypeAdapter

from backtimer.core import model, schema
from backtimer.core.loader import parse_document, validate
from backtimer.core.model import content_hash
from backtimer.settings.config_file import ConfigFile
from backtimer.settings.userconfig import UserConfig

RICH = """\
title: "  Everything: \\"quoted\\", tab\\there, é, 漢字  "
source: {title: An article, author: Someone, url: "https://example.org/a?b=1"}
rounds: 2
max_rounds: 4
count_seconds: 1
get_ready: 2.5
cue_seconds: 0
rest: {between_exercises: 45}
volume: 0.00001
sounds: {go: go.wav, tick: sub/tick.wav}
progression: {effort: ok, sessions: 2}
exercises:
  - id: row-1
    name: Seated row
    equipment: band
    target: mid back
    reps: 12
    cues: [Sit tall, "Pull: elbows back", Hold it]
    rep:
      - {move: Pull, cue: 2}
      - {hold: Squeeze, counts: 2, cue: 3}
      - {move: Return, seconds: 1.5}
    tips: [Keep your chest up]
    progress: If it's easy, add a band.
    progression: {reps_reached: 10, increment: 0.5}
  - name: Hyperextension
    reps: 10
    cues: [Lie face down]
    rep: [{hold: Hold, seconds: 0.0000001}]
"""

PAIRS = [
    (schema.Source, model.Source),
    (schema.Rests, model.Rests),
    (schema.Phase, model.Phase),
    (schema.Progression, model.Progression),
    (schema.Exercise, model.Exercise),
    (schema.Routine, model.Routine),
    (ConfigFile, UserConfig),
]


def checked(text: str) -> schema.Routine:
    """The routine text as the schema's model, checked (no file, no sounds looked at)."""
    return validate(schema.Routine, parse_document(text, "t.yaml"), "t.yaml")


def routine_of(text: str) -> model.Routine:
    return schema.to_model(checked(text))


def shipped_texts() -> list[str]:
    return [
        (CONTENT / f"{n}.yaml").read_text(encoding="utf-8")
        for n in ("borden-back", "train-your-back")
    ]


def defaults_of_model(kind: type[BaseModel]) -> dict[str, Any]:
    found = {}
    for name, info in kind.model_fields.items():
        if info.default_factory is not None:
            found[name] = info.default_factory()  # type: ignore[call-arg]
        elif not info.is_required():
            found[name] = info.default
    return {name: schema._convert(value) for name, value in found.items()}


def defaults_of_class(kind: type[Any]) -> dict[str, Any]:
    found = {}
    for f in dataclasses.fields(kind):
        if f.default_factory is not dataclasses.MISSING:
            found[f.name] = f.default_factory()
        elif f.default is not dataclasses.MISSING:
            found[f.name] = f.default
    return found


@pytest.mark.parametrize(("checker", "held"), PAIRS, ids=[held.__name__ for _, held in PAIRS])
def test_each_schema_class_has_the_fields_and_defaults_of_its_model(
    checker: type[BaseModel], held: type[Any]
) -> None:
    names = [f.name for f in dataclasses.fields(held) if f.init and f.name != "given"]
    assert names == list(checker.model_fields)
    mine = {k: v for k, v in defaults_of_class(held).items() if k != "given"}
    assert mine == defaults_of_model(checker)


@pytest.mark.parametrize("text", [*shipped_texts(), RICH], ids=["borden", "train", "rich"])
def test_plain_values_come_back_as_the_same_routine(text: str) -> None:
    routine = routine_of(text)
    again = model.from_data(model.to_data(routine))
    assert again == routine
    # What equality leaves out: the keys a rule gave, and int against float.
    assert model.to_data(again) == model.to_data(routine)
    rules = [routine.progression, *(ex.progression for ex in routine.exercises)]
    assert [p.given for p in rules if p] == [
        p.given for p in [again.progression, *(ex.progression for ex in again.exercises)] if p
    ]
    assert type(again.count_seconds) is float and type(again.rounds) is int


def test_a_rule_keeps_the_keys_its_file_gave() -> None:
    routine = routine_of(RICH)
    assert routine.progression is not None
    assert routine.progression.stated() == {"effort": "ok", "sessions": 2}
    first = routine.exercises[0].progression
    assert first is not None and first.stated() == {"reps_reached": 10, "increment": 0.5}


@pytest.mark.parametrize("change", ["missing", "unknown", "not a mapping"])
def test_from_data_refuses_what_to_data_does_not_give(change: str) -> None:
    data = model.to_data(routine_of(RICH))
    if change == "missing":
        del data["exercises"][0]["reps"]
    elif change == "unknown":
        data["exercises"][0]["rep"][0]["colour"] = "red"
    else:
        data["rest"] = [30, 60]
    with pytest.raises((TypeError, KeyError, ValueError, AttributeError)):
        model.from_data(data)


@pytest.mark.parametrize("text", [*shipped_texts(), RICH], ids=["borden", "train", "rich"])
def test_content_json_is_the_schema_models_own(text: str) -> None:
    validated = checked(text)
    assert model.content_json(schema.to_model(validated)) == validated.model_dump_json()


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        (shipped_texts()[0], "f99613d42642d688"),
        (shipped_texts()[1], "11ae3194d3ff44cb"),
        (RICH, "cd0ce84c3300e144"),
    ],
    ids=["borden", "train", "rich"],
)
def test_content_hashes_are_those_the_log_already_holds(text: str, stored: str) -> None:
    """The hashes the routine model of earlier versions gave: a routine's sessions logged
    before still count as sessions of the same routine."""
    assert content_hash(routine_of(text)) == stored


texts = st.text(min_size=1, max_size=20).filter(lambda s: s.strip() != "")
seconds = st.floats(min_value=1e-9, max_value=3600, allow_nan=False)
phases = st.one_of(
    st.fixed_dictionaries({"move": texts}, optional={"counts": st.integers(1, 1000)}),
    st.fixed_dictionaries({"hold": texts, "seconds": seconds}),
)
exercises = st.fixed_dictionaries(
    {"name": texts, "reps": st.integers(1, 1000), "cues": st.lists(texts, min_size=1, max_size=3)},
    optional={
        "rep": st.lists(phases, min_size=1, max_size=3),
        "tips": st.lists(texts, max_size=2),
        "progression": st.fixed_dictionaries(
            {}, optional={"increment": st.floats(min_value=1e-9, max_value=1000)}
        ),
    },
).map(lambda ex: {"rep": [{"move": "Pull"}], **ex})
routines = st.fixed_dictionaries(
    {"title": texts, "exercises": st.lists(exercises, min_size=1, max_size=3)},
    optional={
        "count_seconds": st.floats(min_value=1e-9, max_value=60),
        "get_ready": st.floats(min_value=0, max_value=3600),
        "volume": st.floats(min_value=0, max_value=1),
        "rest": st.fixed_dictionaries({"between_rounds": st.floats(min_value=0, max_value=3600)}),
    },
)


@settings(max_examples=150, deadline=None)
@given(routines)
def test_content_json_matches_for_any_values(data: dict[str, Any]) -> None:
    validated = schema.Routine.model_validate(data)
    held = schema.to_model(validated)
    assert model.content_json(held) == validated.model_dump_json()
    assert model.from_data(model.to_data(held)) == held


@pytest.mark.parametrize(
    "value",
    [1.0, 0.1, 1e-5, 2.5e-5, 1.2345678901234567e-5, 1e-6, 1.5e-7, 1e-4, 3600.0, 1e16, 1e22, -0.0],
)
def test_floats_are_spelt_as_the_schema_model_spells_them(value: float) -> None:
    assert model._float(value) == TypeAdapter(float).dump_json(value).decode()
