"""The ROUTINE argument and the routines folder, in-process: odd names and paths, a bad file
among the user's routines, ``reset`` of what does not exist, and numbers as people type them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from cli_helpers import Ran, raw_controls, run_main
from conftest import CONTENT

from backtimer.cli.errors import Exit

BORDEN = CONTENT / "borden-back.yaml"
# A file the loader itself fails on (not with a content error): it must stay one bad file.
CRASHER = "title: !!bool x\n"


def one_line(ran: Ran) -> str:
    assert "Traceback" not in ran.err
    assert ran.err.count("\n") == 1, ran.err
    return ran.err.rstrip("\n")


@pytest.fixture
def routines(config_dir: Path) -> Path:
    folder = config_dir / "routines"
    folder.mkdir()
    (folder / "crasher.yaml").write_text(CRASHER)
    (folder / "empty.yaml").write_text("")
    shutil.copy(CONTENT / "train-your-back.yaml", folder / "mine.yaml")
    return folder


# -- one bad file among the user's routines ----------------------------------------------------


def test_list_shows_a_bad_file_as_invalid_and_the_rest_as_usual(
    routines: Path, config_dir: Path
) -> None:
    ran = run_main(["list"], config_dir)
    assert ran.code == Exit.OK
    rows = {line.split()[0]: line for line in ran.out.splitlines()[1:] if line.strip()}
    assert "(invalid" in rows["crasher"] and "(invalid" in rows["empty"]
    assert "Train your back" in rows["mine"] and "Back-sculpting routine" in rows["borden-back"]
    errors = ran.err.splitlines()
    assert f"{routines / 'empty.yaml'}:1:1: file is empty" in errors
    assert any(line.startswith(f"{routines / 'crasher.yaml'}:1:") for line in errors)
    assert "Traceback" not in ran.err


@pytest.mark.parametrize(
    "argv",
    [["show", "mine"], ["show", "borden-back", "--json"], ["check", str(BORDEN)]],
)
def test_other_commands_go_on(routines: Path, config_dir: Path, argv: list[str]) -> None:
    ran = run_main(argv, config_dir)
    assert (ran.code, ran.err) == (Exit.OK, "")


def test_showing_the_bad_file_itself_is_a_content_error(routines: Path, config_dir: Path) -> None:
    ran = run_main(["show", "crasher"], config_dir)
    assert ran.code == Exit.FAILED
    assert "Traceback" not in ran.err
    # The loader reads the mistagged value cleanly: its errors, each at its place.
    lines = ran.err.splitlines()
    assert lines and all(line.startswith(f"{routines / 'crasher.yaml'}:1:") for line in lines)


def test_the_picker_lists_the_bad_file_and_the_rest(
    routines: Path, config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BACKTIMER_CONFIG_DIR", str(config_dir))
    from backtimer.tui.screens.picker import load_choices

    choices = {c.entry.id: c for c in load_choices()}
    assert choices["crasher"].routine is None
    assert choices["crasher"].problem.startswith(f"{routines / 'crasher.yaml'}:1:")
    assert choices["mine"].routine is not None
    assert choices["borden-back"].routine is not None


def test_known_routines_are_listed_printably(config_dir: Path) -> None:
    folder = config_dir / "routines"
    folder.mkdir()
    shutil.copy(BORDEN, folder / os.fsdecode(b"esc\x1b[2J\xff.yaml"))
    ran = run_main(["show", "nothing-by-this-name"], config_dir)
    assert ran.code == Exit.USAGE
    line = one_line(ran)
    assert "known routines: borden-back, train-your-back, esc␛[2J\ufffd" in line
    assert raw_controls(ran.err) == []


# -- names and paths that can name no file, or no settings file --------------------------------


def test_a_user_that_does_not_exist(config_dir: Path) -> None:
    for name in ("~nosuchuser", "~nosuchuser/back.yaml"):
        ran = run_main(["show", name], config_dir)
        assert ran.code == Exit.USAGE
        assert one_line(ran) == (
            f"backtimer: no routine '{name}': there is no home folder for '~nosuchuser'"
        )


@pytest.mark.parametrize(
    "name", [".hidden.yaml", ".yaml", "back\\slash.yaml", "esc\x1b[31m.yaml", "x" * 250 + ".yaml"]
)
def test_a_file_name_that_cannot_name_a_settings_file(
    config_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    shutil.copy(BORDEN, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    shown = run_main(["show", f"./{name}"], config_dir)
    assert (shown.code, shown.err) == (Exit.OK, "")
    assert shown.out.startswith("Back-sculpting routine\n")
    assert raw_controls(shown.out) == []
    saved = run_main(["show", f"./{name}", "--rounds", "4", "--save"], config_dir)
    assert "Traceback" not in saved.err and raw_controls(saved.err + saved.out) == []
    if saved.code != Exit.OK:  # refused, in one line, with the plan still shown
        assert saved.code == Exit.FAILED
        assert one_line(saved).startswith("backtimer: your settings were not saved")
        assert "4 rounds [flag; routine: 3]" in saved.out


def test_a_name_too_long_for_the_file_system(config_dir: Path) -> None:
    name = "x" * 300 + ".yaml"
    ran = run_main(["show", name], config_dir)
    assert ran.code == Exit.FAILED
    assert one_line(ran) == f"{name}:1:1: cannot read: File name too long"


# -- reset of what does not exist --------------------------------------------------------------


def test_reset_of_a_routine_that_does_not_exist_is_an_error(config_dir: Path) -> None:
    ran = run_main(["reset", "nonexistent"], config_dir)
    assert ran.code == Exit.USAGE
    assert one_line(ran) == (
        "backtimer: no routine 'nonexistent'; known routines: borden-back, train-your-back"
    )
    assert ran.out == ""


def test_reset_of_a_file_that_does_not_exist_is_an_error(config_dir: Path, tmp_path: Path) -> None:
    gone = tmp_path / "gone.yaml"
    ran = run_main(["reset", str(gone)], config_dir)
    assert ran.code == Exit.USAGE
    assert one_line(ran) == f"backtimer: no routine '{gone}': no such file"


def test_reset_of_a_routine_with_nothing_saved_says_so(config_dir: Path) -> None:
    ran = run_main(["reset", "borden-back"], config_dir)
    assert (ran.code, ran.err) == (Exit.OK, "")
    assert ran.out.startswith("No saved settings for borden-back")


def test_reset_of_a_gone_file_whose_settings_remain(config_dir: Path, tmp_path: Path) -> None:
    routine = tmp_path / "gone.yaml"
    routine.write_text((CONTENT / "borden-back.yaml").read_text(encoding="utf-8"))
    assert run_main(["show", str(routine), "--rounds", "4", "--save"], config_dir).code == Exit.OK
    (saved,) = (config_dir / "overrides").glob("gone-*.yaml")  # keyed by the file's path
    routine.unlink()
    ran = run_main(["reset", str(routine)], config_dir)
    assert ran.code == Exit.OK, ran.err
    assert not saved.exists()


# -- numbers as people type them ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("flag", "value", "message"),
    [
        ("--rounds", "\u0661\u0662", "--rounds: use the digits 0-9 (got '\u0661\u0662')"),
        ("--rounds", "\uff14", "--rounds: use the digits 0-9 (got '\uff14')"),
        ("--rounds", "1_0", "--rounds: write numbers without '_' (got '1_0')"),
        ("--reps", "1_2", "--reps '1_2': write numbers without '_' (got '1_2')"),
        ("--reps", "seated row=\u0661\u0662", "use the digits 0-9 (got '\u0661\u0662')"),
        ("--hold", "lat pull down=\uff13", "use the digits 0-9 (got '\uff13')"),
        ("--hold", "lat pull down:\uff12=3", "use the digits 0-9 for a hold's number"),
        ("--count-seconds", "\uff11.\uff15", "--count-seconds: use the digits 0-9"),
        ("--count-seconds", "1_0.5", "--count-seconds: write numbers without '_'"),
        ("--count-seconds", "1e-9", "--count-seconds: must be from 0.1 to 60 seconds, got '1e-9'"),
        ("--count-seconds", "0.05", "must be from 0.1 to 60 seconds, got '0.05'"),
        ("--count-seconds", "nan", "--count-seconds: expected a number of seconds, got 'nan'"),
        ("--count-seconds", "inf", "expected a number of seconds, got 'inf'"),
        ("--count-seconds", "1e999", "--count-seconds: '1e999' is too large"),
        ("--rest", "-inf", "--rest: expected a number of seconds, got '-inf'"),
        ("--rest", "\u0663\u0660", "--rest: use the digits 0-9"),
        ("--round-rest", "0x10", "--round-rest: expected a number of seconds, got '0x10'"),
    ],
)
def test_numbers_in_other_scripts_and_odd_forms_are_refused(
    config_dir: Path, flag: str, value: str, message: str
) -> None:
    ran = run_main(["show", "borden-back", f"{flag}={value}"], config_dir)
    assert ran.code == Exit.USAGE
    assert message in one_line(ran)


@pytest.mark.parametrize(
    ("flag", "value", "shown"),
    [
        ("--rounds", " 4 ", "4 rounds [flag; routine: 3]"),
        ("--rounds", "+4", "4 rounds [flag; routine: 3]"),
        ("--count-seconds", "0.1", "one count = 0.1 s [flag; routine: 1 s]"),
        ("--count-seconds", "1.5e0", "one count = 1.5 s [flag; routine: 1 s]"),
        ("--count-seconds", ".5", "one count = 0.5 s [flag; routine: 1 s]"),
        ("--rest", "45.", "rest 45 s [flag; routine: 30 s]"),
    ],
)
def test_numbers_as_people_write_them_are_taken(
    config_dir: Path, flag: str, value: str, shown: str
) -> None:
    ran = run_main(["show", "borden-back", flag, value], config_dir)
    assert (ran.code, ran.err) == (Exit.OK, "")
    assert shown in ran.out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--volume", "\uff10.\uff15"], "argument --volume: use the digits 0-9"),
        (["--pause", "1_0"], "argument --pause: write numbers without '_'"),
        (["--volume", "nan"], "argument --volume: expected a number from 0 to 1, got 'nan'"),
    ],
)
def test_the_sound_checks_numbers_too(config_dir: Path, argv: list[str], message: str) -> None:
    ran = run_main(["sounds", *argv, "--audio", "off"], config_dir)
    assert ran.code == Exit.USAGE
    assert message in ran.err
