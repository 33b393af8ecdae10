"""The one terminal driver of the suite: a tmux server of its own running one command, read with
capture-pane and polled (never slept on) until the screen shows what a test waits for."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


class Terminal:
    """One tmux server of its own, with one session (80x24 unless told) running one command."""

    def __init__(
        self, folder: Path, size: tuple[int, int] = (80, 24), env: dict[str, str] | None = None
    ) -> None:
        self.folder = folder
        self.size = size
        self.socket = f"backtimer-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.exit_file = folder / "exit-code"
        self.pid_file = folder / "pid"
        self.env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "TMUX")}
        self.env["BACKTIMER_CONFIG_DIR"] = str(folder / "config")
        self.env.update(env or {})

    def tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args],
            capture_output=True,
            text=True,
            env=self.env,
            timeout=10,
            check=True,
        )
        return result.stdout

    def start(self, *args: str) -> None:
        """Run ``python -m backtimer ARGS``; its pid and then its exit code go to files."""
        program = shlex.join([sys.executable, "-m", "backtimer", *args])
        command = (
            f"cd {shlex.quote(str(ROOT))}; "
            f"sh -c 'echo $$ > {shlex.quote(str(self.pid_file))}; exec \"$@\"' sh {program}; "
            f"echo EXIT=$? > {shlex.quote(str(self.exit_file))}; sleep 600"
        )
        self.run_shell(command)

    def run_shell(self, command: str) -> None:
        """Run a shell command line in the session, as it is (the caller records its exit)."""
        width, height = self.size
        self.tmux("new-session", "-d", "-x", str(width), "-y", str(height), "-s", "bt", command)

    def seen_when(self, predicate: Callable[[str], bool], timeout: float) -> tuple[str, float]:
        """The screen once ``predicate`` holds, and when that was first seen."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if predicate(screen):
                return screen, time.monotonic()
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; the screen shows:\n{screen}")
            time.sleep(0.02)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "bt")

    def wait_for(self, *texts: str, timeout: float = 10.0) -> str:
        """The screen once it shows all of ``texts`` at once (a frame may be drawn in parts);
        fails with the last screen after ``timeout``."""
        deadline = time.monotonic() + timeout
        shown = ""
        while time.monotonic() < deadline:
            shown = self.screen()
            if all(text in shown for text in texts):
                return shown
            time.sleep(0.04)
        raise AssertionError(f"{texts!r} not shown within {timeout} s; the screen was:\n{shown}")

    def wait_until(self, shows: Callable[[str], bool], what: str, timeout: float = 10.0) -> str:
        """The screen once ``shows(screen)`` holds; fails with the last screen after ``timeout``."""
        deadline = time.monotonic() + timeout
        shown = ""
        while time.monotonic() < deadline:
            shown = self.screen()
            if shows(shown):
                return shown
            time.sleep(0.04)
        raise AssertionError(f"{what} not shown within {timeout} s; the screen was:\n{shown}")

    def send(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "bt", *keys)

    def pid(self) -> int:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            text = self.pid_file.read_text().strip() if self.pid_file.exists() else ""
            if text:
                return int(text)
            time.sleep(0.02)
        raise AssertionError("the program did not start")

    def exit_code(self, timeout: float = 10.0) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.exit_file.read_text().strip() if self.exit_file.exists() else ""
            if text.startswith("EXIT="):
                return int(text.removeprefix("EXIT="))
            time.sleep(0.02)
        raise AssertionError(f"no exit within {timeout} s; the screen was:\n{self.screen()}")

    def flag(self, name: str) -> str:
        """A tmux pane flag, e.g. alternate_on: 1 while a full-screen program owns the pane."""
        return self.tmux("display-message", "-p", "-t", "bt", f"#{{{name}}}").strip()

    def assert_restored(self) -> None:
        """After the program: normal screen, cursor shown, mouse reporting off, no traceback."""
        assert self.flag("alternate_on") == "0"
        assert self.flag("cursor_flag") == "1"
        assert self.flag("mouse_any_flag") == "0"
        assert self.flag("mouse_button_flag") == "0"
        assert "Traceback" not in self.screen()

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, check=False)
        # tmux can leave its socket file behind.
        folder = Path(os.environ.get("TMUX_TMPDIR", "/tmp")) / f"tmux-{os.getuid()}"
        (folder / self.socket).unlink(missing_ok=True)
