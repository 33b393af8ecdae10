"""Faults from outside the app: a terminal resized in a storm, a terminal that hangs up, no
terminal at all, and a routine that is a device or a FIFO. Each ends cleanly or carries on."""

from __future__ import annotations

import asyncio
import fcntl
import os
import select
import shutil
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from terminal import Terminal
from tui_helpers import advance, panel, screen_text, workout_app

from backtimer.cli import entry as cli
from backtimer.tui.screens.workout import WorkoutScreen

ROOT = Path(__file__).resolve().parents[1]
NOT_REGULAR = "is not a regular file (a device, FIFO or socket cannot be a routine)"
NEEDS_TERMINAL = "the workout screen needs a terminal"

# About 6.5 s of workout with --count-seconds 0.25: long enough to resize and hang up mid-rep.
#   get ready 0.5 s; 2 reps of Pull 0.25, Squeeze 0.5, Return 0.5; rest 0.5 s; round 2.
FAULT_YAML = """\
title: Fault drill
rounds: 2
count_seconds: 1
get_ready: 0.5
cue_seconds: 0
rest: {between_exercises: 0.5, between_rounds: 0.5}
exercises:
  - name: Lat pull down
    equipment: machine
    reps: 2
    cues: [Pull to the sternum and squeeze]
    rep:
      - {move: Pull, counts: 1}
      - {hold: Squeeze, counts: 2}
      - {move: Return, counts: 2}
"""


def backtimer(*args: str) -> list[str]:
    return [sys.executable, "-m", "backtimer", *args]


def no_traceback(output: str) -> None:
    assert "Traceback" not in output
    assert "Error:" not in output


@pytest.fixture
def env(config_dir: Path) -> dict[str, str]:
    """The environment of a real run: an empty config folder, no size from the test's shell."""
    environ = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "TMUX")}
    environ["BACKTIMER_CONFIG_DIR"] = str(config_dir)
    environ["PYTHONIOENCODING"] = "utf-8"
    return environ


@pytest.fixture
def routine_file(tmp_path: Path) -> Path:
    path = tmp_path / "fault.yaml"
    path.write_text(FAULT_YAML, encoding="utf-8")
    return path


# -- a terminal of our own -------------------------------------------------------------------


class OwnTerminal:
    """A program on a pseudo-terminal that is its controlling terminal, 80x24; we hold the other
    end, read everything it writes, and can hang up on it by closing our end."""

    def __init__(self, command: Sequence[str], env: dict[str, str]) -> None:
        self.main, other = os.openpty()
        fcntl.ioctl(other, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.proc = subprocess.Popen(
            list(command),
            stdin=other,
            stdout=other,
            stderr=other,
            cwd=ROOT,
            env={**env, "TERM": "xterm-256color"},
            start_new_session=True,
            # A session leader that opens no terminal has none: make this one its own.
            preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0),
        )
        os.close(other)
        self.output = b""
        self._lock = threading.Lock()
        self._open = True
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            with self._lock:
                if not self._open:
                    return
                fd = self.main
            try:  # hang_up may close the descriptor at any moment from here on
                ready, _, _ = select.select([fd], [], [], 0.05)
                if not ready:
                    continue
                chunk = os.read(fd, 65536)
            except (OSError, ValueError):
                return
            if not chunk:
                return
            with self._lock:
                self.output += chunk

    def wait_for(self, needle: str, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        data = needle.encode()
        while time.monotonic() < deadline:
            with self._lock:
                if data in self.output:
                    return
            if self.proc.poll() is not None:
                break
            time.sleep(0.02)
        shown = self.output[-3000:].decode(errors="replace")
        raise AssertionError(f"{needle!r} not written within {timeout} s; the end was:\n{shown}")

    def send(self, data: bytes) -> None:
        os.write(self.main, data)

    def hang_up(self) -> None:
        """Close our end, as a terminal window closing does: the kernel sends SIGHUP."""
        with self._lock:
            self._open = False
            os.close(self.main)
        self._reader.join(2)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)
        with self._lock:
            if self._open:
                self._open = False
                os.close(self.main)


@pytest.fixture
def own_terminal(env: dict[str, str]) -> Iterator[list[OwnTerminal]]:
    started: list[OwnTerminal] = []
    yield started
    for term in started:
        term.close()


def start_own(
    started: list[OwnTerminal], command: Sequence[str], env: dict[str, str]
) -> OwnTerminal:
    term = OwnTerminal(command, env)
    started.append(term)
    return term


# -- the terminal hangs up -------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("where", ["mid-rep", "quit dialog open"])
def test_hangup_mid_workout_ends_it_cleanly(
    own_terminal: list[OwnTerminal], env: dict[str, str], routine_file: Path, where: str
) -> None:
    # The terminal itself goes away (its window is closed, an ssh link drops): SIGHUP arrives and
    # every write to the terminal fails from then on. The program must still end, at once, by
    # its own SIGHUP handling (exit status 128 + 1), not by an exception (1) or the signal.
    term = start_own(
        own_terminal,
        backtimer("run", str(routine_file), "--count-seconds", "0.25", "--audio", "off"),
        env,
    )
    term.wait_for("Rep 1/2")
    if where == "quit dialog open":
        term.send(b"q")
        term.wait_for("Quit the workout?")
    before = term.output.decode(errors="replace")
    no_traceback(before)
    hung_up_at = time.monotonic()
    term.hang_up()
    assert term.proc.wait(timeout=5) == 128 + signal.SIGHUP
    assert time.monotonic() - hung_up_at < 2.0


@pytest.mark.slow
def test_hangup_with_redraws_pending_never_hangs(
    own_terminal: list[OwnTerminal], env: dict[str, str], routine_file: Path
) -> None:
    # A burst of key presses, each a redraw, then the terminal goes: output is still queued
    # when writing starts to fail. The program must end all the same; a process left behind
    # would keep the sound device and the CPU. It hangs in about half the runs when it can, so
    # there are three attempts, each a program on a terminal of its own, side by side.
    terms = [
        start_own(
            own_terminal,
            backtimer("run", str(routine_file), "--count-seconds", "0.25", "--audio", "off"),
            env,
        )
        for _ in range(3)
    ]
    for term in terms:
        term.wait_for("Rep 1/2")
    for term in terms:
        term.send(b"r" * 400)  # restart the step, 400 times: a redraw each
        term.hang_up()
    hung_up_at = time.monotonic()
    for attempt, term in enumerate(terms, 1):
        try:
            code = term.proc.wait(timeout=max(0.1, hung_up_at + 5 - time.monotonic()))
        except subprocess.TimeoutExpired:
            pytest.fail(f"still running 5 s after the hangup (attempt {attempt})")
        assert code == 128 + signal.SIGHUP


# -- no terminal -------------------------------------------------------------------------------

COMMANDS_NEEDING_A_TERMINAL = [
    pytest.param(["run", "borden-back"], id="run"),
    pytest.param(["practice", "borden-back"], id="practice"),
    pytest.param([], id="picker"),
]


def run_beside_a_terminal(
    args: list[str], env: dict[str, str], *, stdin: Any = None, stdout: Any = None
) -> str:
    """Run backtimer with whichever of stdin and stdout is not given on a pseudo-terminal;
    asserts the one-line refusal every screen command gives, and returns it."""
    main, other = os.openpty()
    try:
        result = subprocess.run(
            backtimer(*args),
            stdin=other if stdin is None else stdin,
            stdout=other if stdout is None else stdout,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            env=env,
            timeout=30,
            check=False,
        )
    finally:
        os.close(other)
        os.close(main)
    message = result.stderr.decode()
    assert result.returncode == 2
    assert message.startswith(f"backtimer: {NEEDS_TERMINAL}")
    assert message.count("\n") == 1
    no_traceback(message)
    return message


@pytest.mark.parametrize("args", COMMANDS_NEEDING_A_TERMINAL)
def test_stdout_to_a_file_says_so_and_writes_nothing_there(
    env: dict[str, str], tmp_path: Path, args: list[str]
) -> None:
    # `backtimer run borden-back > file`, typed at a terminal: stdin is one, stdout is not.
    out = tmp_path / "out.txt"
    with out.open("wb") as sink:
        run_beside_a_terminal(args, env, stdout=sink)
    assert out.read_bytes() == b""  # no escape sequences, no half-drawn screen in the file


@pytest.mark.parametrize("args", COMMANDS_NEEDING_A_TERMINAL)
def test_stdin_from_dev_null_says_so(env: dict[str, str], args: list[str]) -> None:
    # `backtimer < /dev/null` with stdout on a terminal.
    with open(os.devnull, "rb") as null:
        run_beside_a_terminal(args, env, stdin=null)


# -- a routine that is a device or a FIFO -----------------------------------------------------


@pytest.fixture
def odd_files(tmp_path: Path) -> dict[str, Path]:
    if not Path("/dev/zero").exists() or not hasattr(os, "mkfifo"):
        pytest.skip("needs /dev/zero and FIFOs")
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)  # nobody ever writes to it: opening it to read would wait forever
    return {"dev-zero": Path("/dev/zero"), "fifo": fifo}


CASES = [
    pytest.param(command, kind, id=f"{command}-{kind}")
    for command in ("show", "run", "practice", "check")
    for kind in ("dev-zero", "fifo")
    if (command, kind) != ("check", "fifo")  # see test_cli.test_check_non_files
]


@pytest.mark.parametrize(("command", "kind"), CASES)
def test_device_or_fifo_as_routine_is_refused_quickly(
    env: dict[str, str],
    odd_files: dict[str, Path],
    command: str,
    kind: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = odd_files[kind]
    expected = f"{path}:1:1: {NOT_REGULAR}"

    # The command's own work, timed on its own: a blocked open() would never return.
    monkeypatch.setenv("BACKTIMER_CONFIG_DIR", env["BACKTIMER_CONFIG_DIR"])
    outcome: list[int] = []
    worker = threading.Thread(target=lambda: outcome.append(cli.main([command, str(path)])))
    worker.daemon = True
    started = time.monotonic()
    worker.start()
    worker.join(2.0)
    assert outcome == [1], f"no answer within 2 s (after {time.monotonic() - started:.1f} s)"
    captured = capsys.readouterr()
    assert captured.err == expected + "\n"
    assert captured.out == ""

    # The real program, on a terminal (so that run and practice get as far as they would).
    main, other = os.openpty()
    try:
        result = subprocess.run(
            backtimer(command, str(path)),
            stdin=other,
            stdout=other,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            env=env,
            timeout=20,
            check=False,
        )
    finally:
        os.close(other)
        os.close(main)
    assert result.returncode == 1
    assert result.stderr.decode() == expected + "\n"


def test_device_and_fifo_in_the_routines_folder_are_listed_as_invalid(
    env: dict[str, str], odd_files: dict[str, Path], config_dir: Path
) -> None:
    folder = config_dir / "routines"
    folder.mkdir()
    os.mkfifo(folder / "waits.yaml")
    (folder / "zeros.yaml").symlink_to("/dev/zero")
    started = time.monotonic()
    result = subprocess.run(
        backtimer("list"), capture_output=True, text=True, cwd=ROOT, env=env, timeout=20
    )
    assert result.returncode == 0
    no_traceback(result.stdout + result.stderr)
    rows = {line.split()[0]: line for line in result.stdout.splitlines() if line.strip()}
    assert "invalid" in rows["waits"]
    assert "invalid" in rows["zeros"]
    assert f"{folder / 'waits.yaml'}:1:1: {NOT_REGULAR}" in result.stderr
    assert f"{folder / 'zeros.yaml'}:1:1: {NOT_REGULAR}" in result.stderr
    assert time.monotonic() - started < 10  # the limit that matters is "no hang"


# -- the terminal resized in a storm ----------------------------------------------------------

needs_tmux = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)"
)

RESIZES = 100
SIZES = [(80, 24), (40, 12), (120, 40), (20, 6), (60, 20), (132, 50), (30, 10), (81, 25)]


@needs_tmux
@pytest.mark.slow
def test_a_hundred_resizes_in_a_second_leave_the_workout_running(
    tmp_path: Path, env: dict[str, str], routine_file: Path
) -> None:
    term = Terminal(tmp_path, env=env)
    try:
        term.start("run", str(routine_file), "--count-seconds", "0.25", "--audio", "off")
        term.wait_for("Lat pull down · machine", "Rep 1/2", "Round 1/2")
        started = time.monotonic()
        for n in range(RESIZES):
            width, height = SIZES[n % len(SIZES)]
            term.tmux("resize-window", "-t", "bt", "-x", str(width), "-y", str(height))
            # Paced to spread the hundred over about a second.
            pause = started + (n + 1) / RESIZES - time.monotonic()
            if pause > 0:
                time.sleep(pause)
        storm = time.monotonic() - started
        term.tmux("resize-window", "-t", "bt", "-x", "80", "-y", "24")

        # Still running, drawn for 80x24, and the clock still moves the workout on.
        shown = term.wait_for("Lat pull down · machine", "Round 2/2", "SQUEEZE", timeout=20)
        assert "Traceback" not in shown
        lines = shown.splitlines()
        assert len(lines) == 24
        assert "╭" in shown  # the full layout, not the compact one
        term.tmux("send-keys", "-t", "bt", "q")
        term.wait_for("Quit the workout?", timeout=5)
        term.tmux("send-keys", "-t", "bt", "y")
        term.wait_for("Workout stopped", timeout=5)  # what was done, then q leaves
        term.tmux("send-keys", "-t", "bt", "q")
        assert term.exit_code(timeout=5) == 0
        assert "Traceback" not in term.screen()
        assert storm < 3.0, f"the hundred resizes took {storm:.1f} s"
    finally:
        term.close()


@pytest.mark.slow
def test_resizing_through_every_size_twice_keeps_the_clock_and_the_layout(
    config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each resize here is laid out in full before the next (the storm itself, faster than the
    # app can draw, is the tmux test above): twice through every size is as telling as a hundred.
    monkeypatch.setenv("BACKTIMER_CONFIG_DIR", str(config_dir))

    async def resizes() -> None:
        app, clock, _player = workout_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await advance(pilot, clock, 4.5)  # in the 2-count pause of rep 1
            screen = app.screen
            assert isinstance(screen, WorkoutScreen)
            before = (screen.session.index, screen.session.step_remaining())
            for size in SIZES * 2:
                await pilot.resize_terminal(*size)
            await pilot.resize_terminal(40, 12)
            await pilot.pause()
            # Resizing is not time: the clock did not move, so neither did the workout.
            assert (screen.session.index, screen.session.step_remaining()) == before
            assert screen.has_class("-narrow")
            await pilot.resize_terminal(80, 24)
            await pilot.pause()
            assert not screen.has_class("-narrow")
            assert panel(app).word == "PAUSE"
            assert "Lat pull down · machine" in screen_text(app)
            await advance(pilot, clock, 2.0)
            assert panel(app).word == "RETURN"
            assert app.return_code is None

    asyncio.run(resizes())
