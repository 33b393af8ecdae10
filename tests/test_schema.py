"""The published JSON Schema: the committed copy equals the model's, and it describes real files."""

from __future__ import annotations

import json
from typing import Any

import yaml
from conftest import CONTENT, RunCli

from backtimer.core.events import SoundEvent
from backtimer.core.model import MAX_REPS, MAX_ROUNDS
from backtimer.core.schema import Routine, json_schema

COMMITTED = CONTENT / "routine.schema.json"


def committed() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(COMMITTED.read_text(encoding="utf-8"))
    return data


def test_committed_schema_equals_the_model() -> None:
    assert committed() == json_schema(), "run `make schema` to refresh content/routine.schema.json"


def test_schema_command_prints_the_committed_schema(run_cli: RunCli) -> None:
    result = run_cli("schema")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == committed()


def resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """Follows $ref and unwraps ``anyOf: [X, null]`` to the schema of X."""
    while True:
        if "$ref" in node:
            node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
        elif "anyOf" in node:
            options = [o for o in node["anyOf"] if o.get("type") != "null"]
            assert len(options) == 1, node
            node = options[0]
        else:
            return node


def objects(schema: dict[str, Any]) -> list[dict[str, Any]]:
    return [schema, *(d for d in schema["$defs"].values() if d.get("type") == "object")]


def test_every_object_forbids_unknown_keys() -> None:
    schema = committed()
    found = objects(schema)
    assert len(found) == 6  # routine, source, rests, exercise, phase, progression
    for node in found:
        assert node["additionalProperties"] is False, node.get("title")


def test_required_keys_match_the_model() -> None:
    schema = committed()
    assert sorted(schema["required"]) == ["exercises", "title"]
    exercise = schema["$defs"]["Exercise"]
    assert sorted(exercise["required"]) == ["cues", "name", "rep", "reps"]
    required = [n for n, f in Routine.model_fields.items() if f.is_required()]
    assert sorted(required) == sorted(schema["required"])


def test_limits_and_sound_names_are_published() -> None:
    schema = committed()
    props = schema["properties"]
    assert (props["rounds"]["minimum"], props["rounds"]["maximum"]) == (1, MAX_ROUNDS)
    assert props["count_seconds"]["exclusiveMinimum"] == 0
    reps = schema["$defs"]["Exercise"]["properties"]["reps"]
    assert (reps["minimum"], reps["maximum"]) == (1, MAX_REPS)
    assert schema["$defs"]["SoundEvent"]["enum"] == [e.value for e in SoundEvent]


def check_keys(schema: dict[str, Any], node: dict[str, Any], value: Any, where: str) -> int:
    """Every key in ``value`` is a property the schema names at that place; returns keys seen."""
    node = resolve(schema, node)
    seen = 0
    if isinstance(value, dict):
        assert node.get("type") == "object", where
        for key, item in value.items():
            assert key in node["properties"], f"{where}.{key} is not in the schema"
            seen += 1 + check_keys(schema, node["properties"][key], item, f"{where}.{key}")
    elif isinstance(value, list):
        assert node.get("type") == "array", where
        for i, item in enumerate(value):
            seen += check_keys(schema, node["items"], item, f"{where}[{i}]")
    return seen


def test_the_schema_knows_every_key_the_shipped_routines_use() -> None:
    schema = committed()
    for name in ("borden-back", "train-your-back"):
        data = yaml.safe_load((CONTENT / f"{name}.yaml").read_text(encoding="utf-8"))
        assert check_keys(schema, schema, data, name) > 40


def test_shipped_routines_point_editors_at_the_schema() -> None:
    for name in ("borden-back", "train-your-back"):
        first = (CONTENT / f"{name}.yaml").read_text(encoding="utf-8").splitlines()[0]
        prefix = "# yaml-language-server: $schema="
        assert first.startswith(prefix)
        assert (CONTENT / first[len(prefix) :]).resolve() == COMMITTED.resolve()
