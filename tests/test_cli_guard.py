"""The guard around every command, in-process: failing streams, odd encodings, Ctrl+C and faults
of backtimer's own each end in one line on stderr and a documented exit code, never a
traceback."""

from __future__ import annotations

import errno
import io
import json
from pathlib import Path

import pytest
from cli_helpers import Ran, raw_controls, run_main, text_stream
from conftest import CONTENT

from backtimer.cli import entry
from backtimer.cli.errors import Exit
from backtimer.core import schema

BORDEN = str(CONTENT / "borden-back.yaml")

# Commands with something to write on stdout, one of each kind of output.
WRITERS = [
    pytest.param(["show", "borden-back"], id="show"),
    pytest.param(["show", "borden-back", "--json"], id="show-json"),
    pytest.param(["schema"], id="schema"),
    pytest.param(["list"], id="list"),
    pytest.param(["check", BORDEN], id="check"),
    pytest.param(["--help"], id="help"),
    pytest.param(["sounds", "--audio", "off", "--pause", "0"], id="sounds"),
]

NON_ASCII = """\
title: "Caf\u00e9 \u00e0 l'\u00e9paule \u2014 \u6226"
exercises:
  - name: "Tir\u00e9 \u2191"
    reps: 2
    cues: ["Tirez \u2192 poitrine"]
    rep: [{move: Tirez, counts: 1}]
"""


class Failing(io.RawIOBase):
    """A byte stream whose writes fail with ``error``: a full disk, a closed pipe."""

    def __init__(self, error: OSError) -> None:
        self.error = error

    def writable(self) -> bool:
        return True

    def write(self, data: object) -> int:
        raise self.error


def failing_stream(error: OSError) -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BufferedWriter(Failing(error)), encoding="utf-8")


def one_line(ran: Ran) -> str:
    assert "Traceback" not in ran.err
    assert ran.err.count("\n") == 1, ran.err
    return ran.err.strip()


@pytest.mark.parametrize("argv", WRITERS)
def test_a_full_disk_is_one_line_and_exit_74(argv: list[str], config_dir: Path) -> None:
    full = failing_stream(OSError(errno.ENOSPC, "No space left on device"))
    ran = run_main(argv, config_dir, stdout=full)
    assert ran.code == Exit.OUTPUT == 74
    assert one_line(ran) == "backtimer: cannot write the output: No space left on device"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_the_real_dev_full_in_process(config_dir: Path) -> None:
    with open("/dev/full", "w", encoding="utf-8") as full:
        ran = run_main(["show", "borden-back"], config_dir, stdout=full)
        assert ran.code == Exit.OUTPUT
        assert one_line(ran).endswith("No space left on device")
        full.write("x")  # what was left buffered goes to /dev/null now, so no error at exit
        full.flush()


@pytest.mark.parametrize("argv", WRITERS)
def test_a_reader_that_went_away_ends_it_quietly(argv: list[str], config_dir: Path) -> None:
    gone = failing_stream(BrokenPipeError(errno.EPIPE, "Broken pipe"))
    ran = run_main(argv, config_dir, stdout=gone)
    assert (ran.code, ran.err) == (Exit.OK, "")


def test_stdout_closed_from_the_start(config_dir: Path) -> None:
    closed, _ = text_stream()
    closed.close()
    ran = run_main(["list"], config_dir, stdout=closed)
    assert ran.code == Exit.OUTPUT
    assert one_line(ran).startswith("backtimer: cannot write the output:")


def test_both_streams_failing_still_ends_with_the_code(config_dir: Path) -> None:
    full = failing_stream(OSError(errno.ENOSPC, "No space left on device"))
    also_full = failing_stream(OSError(errno.ENOSPC, "No space left on device"))
    ran = run_main(["show", "borden-back"], config_dir, stdout=full, stderr=also_full)
    assert ran.code == Exit.OUTPUT


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_an_encoding_that_cannot_hold_the_text_writes_escapes(
    encoding: str, config_dir: Path, tmp_path: Path
) -> None:
    # LC_ALL=C with PYTHONUTF8=0, or PYTHONIOENCODING=ascii: stdout takes ASCII only.
    routine = tmp_path / "cafe.yaml"
    routine.write_text(NON_ASCII, encoding="utf-8")
    for argv in (["show", str(routine)], ["check", str(routine)], ["list"]):
        ran = run_main(argv, config_dir, encoding=encoding)
        assert ran.code == Exit.OK, ran.err
        assert ran.err == ""
    shown = run_main(["show", str(routine)], config_dir, encoding=encoding)
    title = "Caf\u00e9 \u00e0 l'\u00e9paule \u2014 \u6226"
    escaped = title.encode(encoding, "backslashreplace").decode(encoding)
    assert shown.out.splitlines()[0] == escaped
    assert "\\u2014" in escaped  # something had to be escaped, in either encoding
    # An error message with such text goes the same way.
    bad = run_main(["show", "no-such-\u00e9"], config_dir, encoding=encoding)
    assert bad.code == Exit.USAGE
    assert "no routine 'no-such-" in one_line(bad)


def test_json_stays_exact_and_inert(config_dir: Path, tmp_path: Path) -> None:
    routine = tmp_path / "odd.yaml"
    title = "Back \u202edlrow\u200b \x1b[31m\u2028 \u00e9"
    routine.write_text(
        NON_ASCII.replace(NON_ASCII.splitlines()[0], f"title: {json.dumps(title)}"),
        encoding="utf-8",
    )
    ran = run_main(["show", str(routine), "--json"], config_dir)
    assert ran.code == Exit.OK, ran.err
    assert raw_controls(ran.out) == []
    assert json.loads(ran.out)["title"] == title
    plain = run_main(["show", "borden-back", "--json"], config_dir)
    assert "\\u" not in plain.out  # text with nothing hidden keeps its characters


def test_ctrl_c_is_one_line_and_exit_130(config_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted() -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(schema, "json_schema", interrupted)
    ran = run_main(["schema"], config_dir)
    assert ran.code == Exit.INTERRUPTED == 130
    assert one_line(ran) == "backtimer: interrupted"


def test_a_fault_of_our_own_is_one_line_and_exit_70(
    config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> object:
        raise RuntimeError("\x1b[2J something odd")

    monkeypatch.setattr(schema, "json_schema", broken)
    ran = run_main(["schema"], config_dir)
    assert ran.code == Exit.INTERNAL == 70
    line = one_line(ran)
    assert line.startswith("backtimer: internal error: RuntimeError: ␛[2J something odd")
    assert "BACKTIMER_DEBUG=1" in line
    monkeypatch.setenv("BACKTIMER_DEBUG", "1")
    debug = run_main(["schema"], config_dir)
    assert debug.code == Exit.INTERNAL
    assert "Traceback" in debug.err and "RuntimeError" in debug.err


def test_an_os_error_from_elsewhere_is_one_line_naming_the_file(
    config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreadable() -> object:
        raise PermissionError(errno.EACCES, "Permission denied", "/some/where")

    monkeypatch.setattr(schema, "json_schema", unreadable)
    ran = run_main(["schema"], config_dir)
    assert ran.code == Exit.OUTPUT
    assert one_line(ran) == "backtimer: Permission denied: /some/where"


def test_argparse_output_is_printable_too(config_dir: Path) -> None:
    ran = run_main(["show", "borden-back", "\x1b]0;owned\x07"], config_dir)
    assert ran.code == Exit.USAGE
    assert "unrecognized arguments: ␛]0;owned␇" in ran.err
    assert raw_controls(ran.err) == []
    ran = run_main(["sounds", "--volume", "\u202e1"], config_dir)
    assert ran.code == Exit.USAGE
    assert "got '<U+202E>1'" in ran.err and raw_controls(ran.err) == []


def test_version_and_help_exit_0(config_dir: Path) -> None:
    assert run_main(["--version"], config_dir).out.startswith("backtimer ")
    ran = run_main(["--help"], config_dir)
    assert ran.code == Exit.OK and "COMMAND" in ran.out


def test_the_entry_points_are_the_same_function() -> None:
    import backtimer.cli

    assert backtimer.cli.main is entry.main


def test_the_screens_refuse_without_a_terminal_in_process(config_dir: Path) -> None:
    for argv in (["run", "borden-back"], ["practice", "borden-back"], []):
        ran = run_main(argv, config_dir)
        assert ran.code == Exit.USAGE
        assert one_line(ran).startswith("backtimer: the workout screen needs a terminal")


def test_every_exit_code_is_documented_in_the_readme() -> None:
    readme = (CONTENT.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Reliability", 1)[1].split("\n## ", 1)[0]
    documented = {
        int(line.split("|")[1])
        for line in section.splitlines()
        if line.startswith("| ") and line.split("|")[1].strip().isdigit()
    }
    assert documented == {int(code) for code in Exit}
