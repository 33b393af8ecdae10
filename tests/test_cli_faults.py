"""The fault matrix, with the real program: a full device, a reader that went away, closed
streams, a C locale, an ASCII-only stdout, Ctrl+C, a working folder the user cannot search and a
config folder the user cannot write. Each ends with one line on stderr (or none, for a broken
pipe) and a documented exit code; none prints a traceback or 'Exception ignored'.

The in-process versions of most of these are in test_cli_guard.py; here the interpreter's own
handling of its streams at exit is part of what is tested.
"""

from __future__ import annotations

import json
import os
import pwd
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CONTENT, ROOT

from backtimer.cli.errors import Exit

NON_ASCII = (
    'title: "Caf\u00e9 \u2014 \u6226"\n'
    "exercises:\n"
    '  - name: "Tir\u00e9"\n'
    "    reps: 1\n"
    "    cues: [Tirez]\n"
    "    rep: [{move: Tirez}]\n"
)


def backtimer(*args: str) -> list[str]:
    return [sys.executable, "-m", "backtimer", *args]


@pytest.fixture
def env(config_dir: Path) -> dict[str, str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "PYTHON"))}
    environ["BACKTIMER_CONFIG_DIR"] = str(config_dir)
    environ["PYTHONIOENCODING"] = "utf-8"
    return environ


def clean(stderr: bytes) -> str:
    text = stderr.decode("utf-8", "replace")
    assert "Traceback" not in text
    assert "Exception ignored" not in text
    return text


# -- output that cannot be written ------------------------------------------------------------

WRITERS = [
    pytest.param(["show", "borden-back"], id="show"),
    pytest.param(["show", "borden-back", "--json"], id="json"),
    pytest.param(["schema"], id="schema"),
    pytest.param(["list"], id="list"),
]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize("argv", WRITERS)
def test_stdout_on_a_full_device(env: dict[str, str], argv: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            backtimer(*argv), stdout=full, stderr=subprocess.PIPE, env=env, cwd=ROOT, timeout=30
        )
    assert done.returncode == Exit.OUTPUT
    assert clean(done.stderr) == "backtimer: cannot write the output: No space left on device\n"


@pytest.mark.parametrize("argv", WRITERS)
def test_a_reader_gone_before_the_first_byte_is_quiet(env: dict[str, str], argv: list[str]) -> None:
    # `backtimer show borden-back | head -0`: the pipe's far end is closed before we write.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            backtimer(*argv),
            stdout=write_end,
            stderr=subprocess.PIPE,
            env=env,
            cwd=ROOT,
            timeout=30,
        )
    finally:
        os.close(write_end)
    assert (done.returncode, clean(done.stderr)) == (Exit.OK, "")


def test_head_reading_one_line_is_quiet(env: dict[str, str]) -> None:
    # The shell's own pipe into head, with enough output that writing outlasts the reader.
    command = f"{' '.join(backtimer())} show borden-back --rounds 100 --reps 2 | head -1"
    done = subprocess.run(["sh", "-c", command], capture_output=True, env=env, cwd=ROOT, timeout=60)
    assert done.stdout == b"Back-sculpting routine\n"
    assert clean(done.stderr) == ""


def test_stdout_closed(env: dict[str, str]) -> None:
    done = subprocess.run(
        ["sh", "-c", 'exec "$@" >&-', "sh", *backtimer("list")],
        stderr=subprocess.PIPE,
        env=env,
        cwd=ROOT,
        timeout=30,
    )
    assert done.returncode == Exit.OUTPUT
    assert clean(done.stderr).startswith("backtimer: cannot write the output:")


@pytest.mark.parametrize("argv", [["run", "borden-back"], []], ids=["run", "picker"])
def test_stdin_closed(env: dict[str, str], argv: list[str]) -> None:
    done = subprocess.run(
        ["sh", "-c", 'exec "$@" <&-', "sh", *backtimer(*argv)],
        capture_output=True,
        env=env,
        cwd=ROOT,
        timeout=30,
    )
    assert done.returncode == Exit.USAGE
    message = clean(done.stderr)
    assert message.startswith("backtimer: the workout screen needs a terminal")
    assert message.count("\n") == 1


# -- locales -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "locale_env",
    [
        pytest.param({"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}, id="C"),
        pytest.param({"PYTHONIOENCODING": "ascii"}, id="ascii"),
    ],
)
def test_a_locale_without_unicode_writes_escapes(
    env: dict[str, str], tmp_path: Path, locale_env: dict[str, str]
) -> None:
    routine = tmp_path / "cafe.yaml"
    routine.write_text(NON_ASCII, encoding="utf-8")
    environ = {k: v for k, v in env.items() if k != "PYTHONIOENCODING"} | locale_env
    for argv in (["show", str(routine)], ["list"], ["check", str(routine)]):
        done = subprocess.run(
            backtimer(*argv), capture_output=True, env=environ, cwd=ROOT, timeout=30
        )
        assert done.returncode == Exit.OK, done.stderr
        assert clean(done.stderr) == ""
        done.stdout.decode("ascii")  # nothing but ASCII was written
    shown = subprocess.run(
        backtimer("show", str(routine)), capture_output=True, env=environ, cwd=ROOT, timeout=30
    )
    assert shown.stdout.startswith(b"Caf\\xe9 \\u2014 \\u6226\n")
    missing = subprocess.run(
        backtimer("show", "caf\u00e9"), capture_output=True, env=environ, cwd=ROOT, timeout=30
    )
    assert missing.returncode == Exit.USAGE
    assert clean(missing.stderr).startswith("backtimer: no routine 'caf")


# -- Ctrl+C ------------------------------------------------------------------------------------


def test_ctrl_c_during_a_command(env: dict[str, str]) -> None:
    # The sound check waits between sounds; Ctrl+C there ends it with one line and 130. The
    # bell needs a terminal: stdout is one of our own, with no session around it.
    main, other = os.openpty()
    try:
        with subprocess.Popen(
            backtimer("sounds", "--audio", "bell", "--pause", "10"),
            stdout=other,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            env=env,
            cwd=ROOT,
            start_new_session=True,
        ) as proc:
            assert proc.stderr is not None
            shown = b""
            deadline = time.monotonic() + 20
            while b"playing through" not in shown and time.monotonic() < deadline:
                if select.select([main], [], [], 0.1)[0]:
                    shown += os.read(main, 4096)
            assert b"Sound check: playing through bell" in shown, shown
            proc.send_signal(signal.SIGINT)
            code = proc.wait(timeout=20)
            err = proc.stderr.read()
    finally:
        os.close(other)
        os.close(main)
    assert code == Exit.INTERRUPTED
    assert clean(err) == "backtimer: interrupted\n"


# -- folders the user cannot use ---------------------------------------------------------------
#
# Root can search and write any folder, so as root these run as the user 'nobody': a small
# script imports everything the command needs first (the interpreter's own files may not be
# readable by nobody), then changes folder, gives up root and runs the command.

DROP = """
import contextlib, io, json, os, sys
from backtimer.cli.entry import main
argv, cwd, uid, warm_config = json.loads(sys.argv[1])
config = os.environ["BACKTIMER_CONFIG_DIR"]
os.environ["BACKTIMER_CONFIG_DIR"] = warm_config
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    main(argv)  # the same command once, as we are, so that every module it uses is loaded
# A checked routine may have come from the cache: load the checking code too, which the user
# below (who cannot read the cache) needs.
from backtimer.core.loader import load_routine
from backtimer.settings.paths import content_dir
load_routine(content_dir() / "borden-back.yaml")
os.environ["BACKTIMER_CONFIG_DIR"] = config
os.chdir(cwd)
if uid is not None:
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)
sys.exit(main(argv))
"""


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A folder every user can reach (pytest's own is open to its owner alone)."""
    folder = Path(tempfile.mkdtemp(prefix="backtimer-faults-"))
    folder.chmod(0o755)
    yield folder
    for top, folders, _ in os.walk(folder):  # unlock before going in: top-down
        for name in folders:
            os.chmod(os.path.join(top, name), 0o755)
    shutil.rmtree(folder, ignore_errors=True)


def as_another_user(
    argv: list[str], cwd: Path, config: Path, warm: Path
) -> subprocess.CompletedProcess[bytes]:
    uid = None
    if os.geteuid() == 0:
        try:
            uid = pwd.getpwnam("nobody").pw_uid
        except KeyError:
            pytest.skip("running as root and there is no user 'nobody' to run as")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "PYTHON"))}
    env |= {"BACKTIMER_CONFIG_DIR": str(config), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-c", DROP, json.dumps([argv, str(cwd), uid, str(warm)])],
        capture_output=True,
        stdin=subprocess.DEVNULL,
        env=env,
        cwd=ROOT,
        timeout=60,
    )


def make_config(folder: Path) -> Path:
    config = folder / "config"
    (config / "routines").mkdir(parents=True)
    for path in (config, config / "routines"):
        path.chmod(0o755)
    return config


@pytest.mark.parametrize(
    ("argv", "code", "says"),
    [
        (["show", "borden-back"], Exit.OK, ""),
        (["list"], Exit.OK, ""),
        (["check", "mine.yaml"], Exit.FAILED, "mine.yaml:1:1: cannot read: Permission denied\n"),
        (["show", "./mine.yaml"], Exit.FAILED, "mine.yaml:1:1: cannot read: Permission denied\n"),
        (["reset", "borden-back"], Exit.OK, ""),
        (["run", "borden-back"], Exit.USAGE, "backtimer: the workout screen needs a terminal"),
    ],
)
def test_a_working_folder_the_user_cannot_search(
    shared_tmp: Path, argv: list[str], code: int, says: str
) -> None:
    config = make_config(shared_tmp)
    locked = shared_tmp / "locked"
    locked.mkdir()
    (locked / "mine.yaml").write_text((CONTENT / "borden-back.yaml").read_text())
    locked.chmod(0)
    warm = make_config(shared_tmp / "warm")
    done = as_another_user(argv, locked, config, warm)
    assert done.returncode == code, done.stderr
    assert clean(done.stderr).startswith(says)


def test_a_config_folder_the_user_cannot_write(shared_tmp: Path) -> None:
    config = make_config(shared_tmp)
    saved = config / "overrides" / "borden-back.yaml"
    saved.parent.mkdir()
    saved.write_text("rounds: 4\n")
    for path in (config, saved.parent):
        path.chmod(0o555)
    warm = make_config(shared_tmp / "warm")
    save = ["show", "borden-back", "--hold", "lat pull down=3", "--save"]
    done = as_another_user(save, shared_tmp, config, warm)
    assert done.returncode == Exit.FAILED
    assert b"Pause (hold, 3 counts) [flag; routine: 2]" in done.stdout  # the plan is still shown
    assert clean(done.stderr) == (
        f"backtimer: your settings were not saved: no permission to write in {saved.parent} "
        "(the folder is read-only)\n"
    )
    reset = as_another_user(["reset", "borden-back"], shared_tmp, config, warm)
    assert reset.returncode == Exit.FAILED
    assert "not removed" in clean(reset.stderr)
    assert saved.read_text() == "rounds: 4\n"


def test_the_helper_really_runs_as_someone_who_cannot_search(shared_tmp: Path) -> None:
    """The control for the two tests above: the locked folder really is locked to the user
    they run as, so their clean results are not root reading through it."""
    locked = shared_tmp / "locked"
    locked.mkdir()
    (locked / "mine.yaml").write_text("title: x\n")
    locked.chmod(0)
    config = make_config(shared_tmp)
    done = as_another_user(["check", str(locked / "mine.yaml")], shared_tmp, config, config)
    assert done.returncode == Exit.FAILED
    assert "Permission denied" in clean(done.stderr)
