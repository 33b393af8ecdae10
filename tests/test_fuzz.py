"""Fuzzing: whatever the input, the loader gives a Routine or ContentErrors, never anything else."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from conftest import CONTENT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backtimer.core.loader import ContentErrors, load_routine, load_routine_text
from backtimer.core.model import Routine

FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

SHIPPED = {p.stem: p.read_text(encoding="utf-8") for p in sorted(CONTENT.glob("*.yaml"))}

# Characters that mean something to YAML, so random text reaches the parser's corners.
YAML_ALPHABET = [*":-[]{}&*!|>'\"#%@`,? \n\t\r.~0129aeyn", "\ufeff", "\u2028", "é", "\x85"]

yaml_ish_text = st.text(alphabet=st.sampled_from(YAML_ALPHABET), max_size=200)
any_text = st.one_of(st.text(max_size=300), yaml_ish_text)


def assert_outcome(load: Any) -> Routine | None:
    """Runs ``load()``: a Routine, or ContentErrors whose every line is well formed."""
    try:
        result = load()
    except ContentErrors as exc:
        assert exc.errors, "ContentErrors without any error"
        for error in exc.errors:
            assert error.line >= 1 and error.column >= 1, error
            assert error.message and "\n" not in error.message, error
            assert "Traceback" not in error.message
        return None
    assert isinstance(result, Routine)
    return result


@FUZZ
@given(text=any_text)
def test_any_text_gives_a_routine_or_content_errors(text: str) -> None:
    assert_outcome(lambda: load_routine_text(text, "fuzz.yaml"))


@FUZZ
@given(data=st.binary(max_size=400))
def test_any_bytes_in_a_file_give_a_routine_or_content_errors(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(data)
    assert_outcome(lambda: load_routine(path))


@FUZZ
@given(data=st.binary(max_size=200), name=st.sampled_from(sorted(SHIPPED)))
def test_shipped_file_with_bytes_spliced_in(tmp_path: Path, data: bytes, name: str) -> None:
    raw = SHIPPED[name].encode()
    at = len(data) * 37 % len(raw)
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(raw[:at] + data + raw[at:])
    assert_outcome(lambda: load_routine(path))


# --- mutations of the shipped routines --------------------------------------------------------

NASTY_VALUES = [
    "0",
    "-1",
    "1.5",
    "10000000",
    "''",
    '"  "',
    "~",
    "yes",
    "[",
    "]",
    "{",
    "[]",
    "{}",
    "&a",
    "*a",
    "*undefined",
    "!!python/name:os.system",
    "!!binary aGk=",
    "!custom x",
    ".nan",
    "-.inf",
    "1e999",
    "2015-01-11",
    "'[bold]not markup[/]'",
    "|",
    ">-",
    "- item",
    "key: value",
    "\t",
]


@st.composite
def mutated_routine(draw: st.DrawFn) -> str:
    """A shipped routine with lines deleted, duplicated, swapped or values changed."""
    lines = SHIPPED[draw(st.sampled_from(sorted(SHIPPED)))].splitlines()
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "swap", "value", "indent", "cut"]))
        line = lines[i]
        if action == "delete":
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, line)
        elif action == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], line
        elif action == "value" and ":" in line:
            key = line.split(":", 1)[0]
            value = draw(st.one_of(st.sampled_from(NASTY_VALUES), st.text(max_size=12)))
            lines[i] = f"{key}: {value}"
        elif action == "indent":
            lines[i] = " " * draw(st.integers(0, 6)) + line.lstrip()
        else:
            lines[i] = line[: draw(st.integers(0, len(line)))]
    return "\n".join(lines) + "\n"


@FUZZ
@given(text=mutated_routine())
def test_mutated_shipped_routine_gives_a_routine_or_content_errors(text: str) -> None:
    assert_outcome(lambda: load_routine_text(text, "mutated.yaml"))


def test_mutations_reach_both_outcomes() -> None:
    """The mutation strategy is not vacuous: it yields valid and invalid routines alike."""
    outcomes: set[bool] = set()

    @settings(max_examples=100, deadline=None, database=None)
    @given(text=mutated_routine())
    def collect(text: str) -> None:
        outcomes.add(assert_outcome(lambda: load_routine_text(text)) is not None)

    collect()
    assert outcomes == {True, False}


# --- random YAML data, well formed but of any shape -------------------------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["title", "rounds", "exercises", "reps", "cues", "rep", "move", "hold"]),
)
keys = st.one_of(
    st.sampled_from(
        ["title", "rounds", "exercises", "name", "reps", "cues", "rep", "move", "hold", "counts"]
    ),
    st.text(max_size=8),
    st.integers(0, 3),
)
yaml_data = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=5)
    ),
    max_leaves=25,
)


@FUZZ
@given(data=yaml_data)
def test_any_yaml_data_gives_a_routine_or_content_errors(data: Any) -> None:
    text = yaml.safe_dump(data, allow_unicode=True)
    assert_outcome(lambda: load_routine_text(text, "data.yaml"))


@FUZZ
@given(data=st.dictionaries(keys, yaml_data, max_size=6))
def test_random_values_inside_a_valid_exercise(data: dict[Any, Any]) -> None:
    exercise: dict[Any, Any] = {
        "name": "Row",
        "reps": 10,
        "cues": ["Pull."],
        "rep": [{"move": "Pull"}],
    }
    exercise.update(data)
    text = yaml.safe_dump({"title": "Fuzz", "exercises": [exercise]}, allow_unicode=True)
    assert_outcome(lambda: load_routine_text(text, "data.yaml"))
