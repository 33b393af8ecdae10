"""Generated argument vectors, fed to the command line in-process: whatever is typed, every
command ends with a documented exit code, says why when it fails, prints no traceback, and
writes no raw control character on either stream.

The screens are never opened: stdin is not a terminal, which run, practice and the picker refuse
(after checking their arguments, as they would on a terminal). ``sounds`` always gets
``--audio off`` last, so nothing plays and nothing waits.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_helpers import EXPECTED_CODES, raw_controls, run_main
from conftest import CONTENT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backtimer.cli.errors import Exit

# A routine whose every name and text holds something a terminal would act on.
ODD_ROUTINE = """\
title: "Odd \\e[31mred\\e[0m \\u202eevil\\u202c \\u200bzero \\u2028sep"
exercises:
  - name: "Row \\e]0;title\\a"
    reps: 2
    cues: ["Pull \\x9b2J", "Hold \\u2066in\\u2069"]
    rep: [{move: "Pull\\x07", counts: 1, cue: 1}, {hold: "Sq\\u200dueeze", counts: 2, cue: 2}]
  - name: "\\u202eRow two"
    id: two
    reps: 1
    cues: [Go]
    rep: [{hold: "1", counts: 1}, {hold: "\\uff12", counts: 1}]
"""


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """A config folder whose routines folder holds odd, broken and oddly named files."""
    top = tmp_path_factory.mktemp("cli-property")
    config = top / "config"
    routines = config / "routines"
    routines.mkdir(parents=True)
    (routines / "odd.yaml").write_text(ODD_ROUTINE, encoding="utf-8")
    (routines / "broken.yaml").write_text("title: x\nexercises: []\n", encoding="utf-8")
    (routines / "crasher.yaml").write_text("title: !!bool x\n", encoding="utf-8")
    (routines / "folder.yaml").mkdir()
    (routines / "dangling.yaml").symlink_to(top / "nowhere.yaml")
    # A file name that is not UTF-8 and holds ESC: as the file system gives it to us.
    (routines / os.fsdecode(b"bytes\xff\x1b[2J.yaml")).write_text(ODD_ROUTINE, encoding="utf-8")
    yield {"config": config, "odd": routines / "odd.yaml", "top": top}
    shutil.rmtree(top, ignore_errors=True)


# Text as it can arrive in argv: anything but NUL (a C string cannot hold it), including the
# lone surrogates Python makes of bytes that are not UTF-8.
ANY_TEXT = st.text(st.characters(blacklist_characters="\x00", blacklist_categories=()), max_size=12)
HOSTILE = st.sampled_from(
    [
        "\x1b[31m",
        "\x07",
        "\u202e",
        "\u200b",
        "\u2028",
        "\x9b",
        "\udcff",
        "\t",
        "\n",
        "",
        " ",
        "-",
        "--",
        "=",
        ":",
    ]
)
NUMBERS = st.one_of(
    st.integers(-5, 2000).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(
        [
            "\u0661\u0662",
            "\uff11.\uff15",
            "1_0",
            "nan",
            "-inf",
            "1e-9",
            "1e999",
            "0x10",
            "0.1",
            "0.09",
            "60",
            "3600",
            " 3 ",
            "+2",
            "\u0663",
        ]
    ),
    ANY_TEXT,
)
EXERCISES = st.one_of(
    st.sampled_from(
        [
            "lat pull down",
            "seated-row",
            "Hyperextension",
            "good morning",
            "Row \x1b]0;title\x07",
            "row \x1b]0;title\x07:2",
            "two",
            "\u202erow two",
            "two:1",
            "two:2",
            "two:\uff12",
            "lat pull down:pause",
            "lat pull down:9",
        ]
    ),
    ANY_TEXT,
    HOSTILE,
)


def spec(numbers: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """``EXERCISE=N``, ``N`` or something near them."""
    return st.one_of(
        st.builds(lambda e, n: f"{e}={n}", EXERCISES, numbers),
        numbers,
        ANY_TEXT,
    )


def routine_names(world: dict[str, Path]) -> st.SearchStrategy[str]:
    # A third of the time a routine full of odd text: most of what can go wrong shows there.
    odd = st.sampled_from(["odd", "ODD", str(world["odd"]), os.fsdecode(b"bytes\xff\x1b[2J")])
    others = st.sampled_from(
        [
            "borden-back",
            "TRAIN-YOUR-BACK",
            "broken",
            "crasher",
            "folder",
            "dangling",
            str(CONTENT / "borden-back.yaml"),
            str(world["top"] / "missing.yaml"),
            str(world["top"]),
            "~nosuchuser",
            "~nosuchuser/x.yaml",
            ".yaml",
            "./.hidden.yaml",
            "back\\slash.yaml",
            "esc\x1b.yaml",
            "x" * 300 + ".yaml",
            "x" * 300,
            "/dev/null",
            "-",
        ]
    )
    return st.one_of(odd, others, ANY_TEXT, HOSTILE)


FLAG_VALUES = {
    "--rounds": NUMBERS,
    "--count-seconds": NUMBERS,
    "--rest": NUMBERS,
    "--round-rest": NUMBERS,
    "--hold": spec(NUMBERS),
    "--reps": spec(NUMBERS),
    "--audio": st.sampled_from(["off", "auto", "bell", "loud", "OFF", "\x1b"]),
}


def plan_flags() -> st.SearchStrategy[list[str]]:
    pair = st.sampled_from(sorted(FLAG_VALUES)).flatmap(
        lambda flag: FLAG_VALUES[flag].map(lambda value: [flag, value])
    )
    return st.lists(pair, max_size=4).map(lambda pairs: [x for p in pairs for x in p])


def argv_strategy(world: dict[str, Path]) -> st.SearchStrategy[list[str]]:
    routine = routine_names(world)
    extra = st.lists(st.one_of(ANY_TEXT, HOSTILE), max_size=1)
    show = st.tuples(
        routine,
        plan_flags(),
        st.lists(st.sampled_from(["--json", "--save"]), max_size=2, unique=True),
    ).map(lambda t: ["show", t[0], *t[1], *t[2]])
    screens = st.tuples(
        st.sampled_from(["run", "practice"]), routine, st.lists(EXERCISES, max_size=1), plan_flags()
    ).map(lambda t: [t[0], t[1], *(t[2] if t[0] == "practice" else []), *t[3]])
    sounds = st.tuples(
        st.lists(routine, max_size=1),
        st.lists(st.tuples(st.sampled_from(["--volume", "--pause"]), NUMBERS), max_size=2),
    ).map(lambda t: ["sounds", *t[0], *(x for p in t[1] for x in p), "--audio", "off"])
    return st.one_of(
        show,
        screens,
        sounds,
        st.lists(routine, min_size=1, max_size=3).map(lambda names: ["check", *names]),
        routine.map(lambda name: ["reset", name]),
        st.tuples(st.sampled_from(["list", "schema"]), extra).map(lambda t: [t[0], *t[1]]),
        plan_flags(),  # no command: the picker
        st.lists(st.one_of(ANY_TEXT, HOSTILE), max_size=3),
    )


@pytest.fixture(scope="module")
def argvs(world: dict[str, Path]) -> st.SearchStrategy[list[str]]:
    return argv_strategy(world)


def test_any_arguments_end_cleanly(
    world: dict[str, Path], argvs: st.SearchStrategy[list[str]]
) -> None:
    config = world["config"]

    @settings(
        max_examples=200,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        database=None,
    )
    @given(argvs)
    def check(argv: list[str]) -> None:
        # Each example starts with nothing saved, whatever an earlier --save did.
        shutil.rmtree(config / "overrides", ignore_errors=True)
        ran = run_main(argv, config)
        both = ran.out + ran.err
        assert ran.code in EXPECTED_CODES, (argv, ran)
        assert "Traceback" not in both, (argv, ran)
        assert raw_controls(ran.out) == [], (argv, ran.out)
        assert raw_controls(ran.err) == [], (argv, ran.err)
        if ran.code != Exit.OK:
            assert ran.err.strip(), (argv, "a failure must say why")

    check()
