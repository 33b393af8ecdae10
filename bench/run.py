"""backtimer's benchmark: timing, live cost, start-up, load and audio, against the targets.

Run it with ``make bench`` (or ``.venv/bin/python bench/run.py``). It prints a table of every figure
with its target and pass/MISS, and writes ``bench/results.json`` with the same figures, the machine
they came from and the date.

- Timing: the real Session on ``time.monotonic`` over the shipped ``borden-back`` routine compressed
  20x (a count lasts 0.05 s; every other length shrinks alike) for 6 rounds (582 steps), driven
  twice: by an asyncio loop that sleeps until ``next_due()`` and calls ``update()``, and inside the
  real app (headless, 80x24), whose workout screen wakes itself with Textual timers.
- Live cost: ``backtimer run borden-back`` in tmux at 80x24, started together with a bare
  Textual app (``bench/bare_app.py``: one ``Digits`` updated once a second), ``termdown 10m``
  (in a venv of its own, made on first use) and a 1,000-exercise routine, each in a tmux server
  of its own and measured over the same moments, run after run; CPU seconds (the process's
  CPU-time clock, all threads, to the nanosecond) per minute after the first frame, and peak
  RSS (VmHWM). The headline is backtimer / bare app, the median of the runs' ratios.
  Like for like beside it: a generated routine of one long hold, where only the count and the
  times change each second as the bare app's one clock does (shorter runs, measured from the
  hold's first count), beside a bare app of its own, over the same moments.
- Start-up: ``backtimer --version``, ``list`` and ``check`` (medians of several runs), and launch
  to the first frame of the workout screen against the bare app's, read from the bytes each writes
  to a pseudo-terminal.
- Load: validating and planning a generated routine of 1,000 exercises with 6 cues each.
- Audio: ``play()`` call to return for each backend that opens.

``--live-seconds`` (or ``BENCH_LIVE_SECONDS``) shortens the live run and ``--only`` picks sections,
for quick runs; figures from such runs say so in results.json.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import fcntl
import json
import os
import platform
import select
import shlex
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
RESULTS = BENCH / "results.json"
BIN = Path(sys.executable).parent
BACKTIMER = BIN / "backtimer"
SHIPPED = ROOT / "content" / "borden-back.yaml"
FIRST_EXERCISE = "Lat pull down"

COUNT_SECONDS = 0.05  # the compressed routine's count length
TIMING_ROUNDS = 6  # 582 steps of borden-back
LIVE_SECONDS = 30.0
LIVE_RUNS = 5  # the median of 3 swung by a tenth from run to run
HOLD_BARE = "bare Textual app, beside the long hold"
HOLD_SECONDS = 20.0  # the long hold's live runs: steady from the start, so shorter suffices
HOLD_COUNTS = 1000  # the longest hold a routine may have: no run reaches its end
STARTUP_RUNS = 7
FIRST_FRAME_RUNS = 5
LOAD_RUNS = 5
LOAD_EXERCISES = 1000
LOAD_CUES = 6
AUDIO_CALLS = 500
AUDIO_GAP = 0.01  # seconds between play() calls: beeps come at most every count
SIZE = (80, 24)

SECTIONS = ("timing", "live", "startup", "load", "audio")


# -- figures -------------------------------------------------------------------------------------


@dataclass
class Figure:
    """One measured figure and its target (an upper bound), if it has one."""

    key: str
    label: str
    value: float | None
    unit: str
    target: float | None = None
    note: str = ""

    @property
    def status(self) -> str:
        if self.value is None:
            return "n/a"
        if self.target is None:
            return "-"
        return "pass" if self.value <= self.target else "MISS"

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["status"] = self.status
        return data


@dataclass
class Report:
    """Everything one run measured."""

    figures: list[Figure] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    def add(self, *figures: Figure) -> None:
        self.figures.extend(figures)


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "ms":
        return f"{value:.2f} ms" if abs(value) < 100 else f"{value:.0f} ms"
    if unit == "us":
        return f"{value:.1f} µs"
    if unit == "s":
        return f"{value:.3f} s"
    if unit == "s/min":
        return f"{value:.3f} s/min"
    if unit == "x":
        return f"{value:.2f}x"
    if unit == "MB":
        return f"{value:.1f} MB"
    return f"{value:g} {unit}"


def table(figures: Sequence[Figure]) -> str:
    """The figures as an aligned text table (also valid Markdown)."""
    rows = [("Figure", "Value", "Target", "")]
    for f in figures:
        target = "-" if f.target is None else "≤ " + _fmt(f.target, f.unit)
        status = f.status if not f.note else f"{f.status} ({f.note})"
        rows.append((f.label, _fmt(f.value, f.unit), target, status))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = []
    for n, row in enumerate(rows):
        cells = [c.ljust(w) for c, w in zip(row, widths, strict=True)]
        lines.append("| " + " | ".join(cells) + " |")
        if n == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def percentile(values: Sequence[float], pct: float) -> float:
    """The pct-th percentile by the nearest-rank method (p99 of 500 values is the 495th)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


# -- the machine ---------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    """CPU model, cores, Python, OS, and how busy the machine was."""
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    system = platform.platform()
    with contextlib.suppress(OSError):
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                system = f"{line.split('=', 1)[1].strip(chr(34))} ({platform.platform()})"
    import textual

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "textual": textual.__version__,
        "os": system,
    }


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


# -- the compressed routine ----------------------------------------------------------------------


def compressed_routine(rounds: int = TIMING_ROUNDS) -> Any:
    """borden-back with every length scaled so that one count lasts COUNT_SECONDS."""
    from backtimer.core.loader import load_routine

    routine = load_routine(SHIPPED)
    k = COUNT_SECONDS / routine.count_seconds
    exercises = [
        replace(ex, rep=[replace(p, seconds=p.seconds * k) if p.seconds else p for p in ex.rep])
        for ex in routine.exercises
    ]
    rest = replace(
        routine.rest,
        between_exercises=routine.rest.between_exercises * k,
        between_rounds=routine.rest.between_rounds * k,
    )
    return replace(
        routine,
        rounds=rounds,
        max_rounds=None,
        count_seconds=COUNT_SECONDS,
        get_ready=routine.get_ready * k,
        cue_seconds=routine.cue_seconds * k,
        rest=rest,
        exercises=exercises,
    )


@dataclass
class Recorder:
    """Listens to a Session and notes when each step really started, on the real clock."""

    clock: Callable[[], float] = time.monotonic
    starts: dict[int, float] = field(default_factory=dict)
    reported_late: dict[int, float] = field(default_factory=dict)
    done_at: float | None = None

    def __call__(self, event: Any) -> None:
        now = self.clock()
        if event.kind == "step-started":
            self.starts[event.step.index] = now
            self.reported_late[event.step.index] = event.late
        elif event.kind == "workout-done":
            self.done_at = now

    def errors(self, plan: Any, t0: float) -> dict[str, Any]:
        """Each step's start error (ms, after the first step) and the end-of-workout error."""
        errs = [
            (self.starts[s.index] - (t0 + s.start)) * 1000
            for s in plan.steps[1:]
            if s.index in self.starts
        ]
        end = None if self.done_at is None else (self.done_at - (t0 + plan.total_seconds)) * 1000
        return {
            "steps": len(plan.steps),
            "measured": len(errs),
            "median_ms": statistics.median(errs),
            "p99_ms": percentile(errs, 99),
            "max_ms": max(errs),
            "min_ms": min(errs),
            "end_ms": end,
            "planned_seconds": plan.total_seconds,
        }


def timing_engine(rounds: int) -> dict[str, Any]:
    """The Session driven by an asyncio loop the way the app drives it."""
    from backtimer.core.plan import compile_plan
    from backtimer.core.session import Session

    plan = compile_plan(compressed_routine(rounds))
    session = Session(plan, clock=time.monotonic)
    recorder = Recorder()
    session.subscribe(recorder)

    async def drive() -> int:
        wakes = 0
        session.start()
        while not session.finished:
            due = session.next_due()
            if due is None:
                break
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            wakes += 1
            session.update()
        return wakes

    wakes = asyncio.run(drive())
    assert session.stats.started_at is not None
    result = recorder.errors(plan, session.stats.started_at)
    result["wake_ups"] = wakes
    return result


def worker_app_timing(rounds: int) -> dict[str, Any]:
    """The real app, headless at 80x24, following the compressed routine to its summary."""
    import resource

    from backtimer.settings.catalog import Entry
    from backtimer.tui.app import BacktimerApp
    from backtimer.tui.screens.workout import WorkoutScreen

    routine = compressed_routine(rounds)
    recorder = Recorder()
    screens: list[WorkoutScreen] = []

    class BenchApp(BacktimerApp):
        # CSS_PATH is relative to the module that defines the class: keep the app's own.
        CSS_PATH = str(
            Path(sys.modules[BacktimerApp.__module__].__file__ or "").parent
            / str(BacktimerApp.CSS_PATH)
        )

        def start_workout(self, *args: Any, **kwargs: Any) -> None:
            super().start_workout(*args, **kwargs)
            screen = self.screen_stack[-1]
            assert isinstance(screen, WorkoutScreen)
            screens.append(screen)
            screen.session.subscribe(recorder)
            screen.session.subscribe(self._finished)

        def _finished(self, event: Any) -> None:
            if event.kind == "workout-done":
                self.set_timer(0.2, self.exit)

    # Built the way `backtimer run ROUTINE --audio off` builds it.
    from backtimer.cli.entry import build_parser
    from backtimer.cli.flags import layers_from_args

    args = build_parser().parse_args(["run", str(SHIPPED), "--audio", "off"])
    entry = Entry("bench", SHIPPED, "file")
    app = BenchApp(
        start="workout",
        entry=entry,
        routine=routine,
        layers=layers_from_args(entry, routine, args),
        audio="off",
    )
    cpu0 = time.process_time()
    asyncio.run(app.run_async(headless=True, size=SIZE))
    cpu = time.process_time() - cpu0
    if app.return_code not in (None, 0) or not screens:
        raise RuntimeError(f"the app ended with {app.return_code} before the workout ran")
    session = screens[0].session
    assert session.stats.started_at is not None
    result = recorder.errors(session.plan, session.stats.started_at)
    result["cpu_seconds"] = cpu
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def bench_timing(report: Report, rounds: int) -> None:
    engine = timing_engine(rounds)
    app = run_worker("app-timing", ["--rounds", str(rounds)], timeout=600)
    report.details["timing"] = {
        "routine": f"borden-back compressed to a {COUNT_SECONDS} s count, {rounds} rounds",
        "engine": engine,
        "app": app,
    }
    steps = engine["steps"]
    for name, r, where in (("engine", engine, "asyncio loop"), ("app", app, "in the app")):
        report.add(
            Figure(
                f"timing.{name}.median_ms",
                f"Step start error, median ({where}, {steps} steps)",
                r["median_ms"],
                "ms",
            ),
            Figure(
                f"timing.{name}.p99_ms", f"Step start error, p99 ({where})", r["p99_ms"], "ms", 5
            ),
            Figure(f"timing.{name}.max_ms", f"Step start error, max ({where})", r["max_ms"], "ms"),
            Figure(
                f"timing.{name}.end_ms", f"End of workout, late by ({where})", r["end_ms"], "ms", 5
            ),
        )


# -- workers: parts measured in a fresh interpreter ---------------------------------------------


def run_worker(
    name: str, args: Sequence[str], *, env: dict[str, str] | None = None, timeout: float = 300
) -> dict[str, Any]:
    """Run ``bench/run.py --worker NAME`` in a fresh interpreter; its JSON result."""
    with tempfile.TemporaryDirectory(prefix="backtimer-bench-") as tmp:
        out = Path(tmp) / "out.json"
        proc = subprocess.run(
            [sys.executable, str(Path(__file__)), "--worker", name, "--out", str(out), *args],
            env={**os.environ, **quiet_env(Path(tmp)), **(env or {})},
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            stdin=subprocess.DEVNULL,
        )
        if proc.returncode != 0 or not out.exists():
            raise RuntimeError(f"worker {name} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
        result: dict[str, Any] = json.loads(out.read_text())
        return result


def quiet_env(tmp: Path) -> dict[str, str]:
    """An environment that keeps the user's own settings and routines out of the figures."""
    config = tmp / "config"
    config.mkdir(exist_ok=True)
    # The runs' training log goes to the temporary folder too: a benchmark is no workout.
    return {"BACKTIMER_CONFIG_DIR": str(config), "BACKTIMER_DATA_DIR": str(tmp / "data")}


# -- live cost in tmux ---------------------------------------------------------------------------


def _tmux(socket: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["tmux", "-L", socket, "-f", "/dev/null", *args],
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    )


def _remove_socket(socket: str) -> None:
    """tmux can leave its socket file behind after kill-server."""
    folder = Path(os.environ.get("TMUX_TMPDIR", "/tmp")) / f"tmux-{os.getuid()}"
    with contextlib.suppress(OSError):
        (folder / socket).unlink()


def _processes() -> dict[int, tuple[int, list[str]]]:
    """Every process as pid: (parent pid, command line), from /proc."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, ValueError, IndexError):
            stat = (entry / "stat").read_text()
            parent = int(stat[stat.rindex(")") + 2 :].split()[1])
            argv = (entry / "cmdline").read_bytes().split(b"\0")
            found[int(entry.name)] = (parent, [a.decode(errors="replace") for a in argv if a])
    return found


def _find_python(root_pid: int, timeout: float = 10, marker: str = "backtimer") -> int:
    """The Python process whose command line holds ``marker``, at or under ``root_pid`` (tmux
    may run it through a shell)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        table = _processes()
        family = [root_pid]
        for pid in family:  # grows as children are found
            family.extend(p for p, (parent, _) in table.items() if parent == pid)
        for pid in reversed(family):
            argv = table.get(pid, (0, []))[1]
            program = Path(argv[0]).name if argv else ""
            if ("python" in program and marker in " ".join(argv)) or program == marker:
                return pid
        time.sleep(0.02)
    raise RuntimeError(f"no {marker} process under {root_pid}")


def cpu_seconds(pid: int) -> float:
    """CPU seconds a process has used, all its threads (those ended too), to the nanosecond.

    Read from the process's CPU-time clock (``clock_getcpuclockid``): utime + stime in
    /proc/PID/stat count whole clock ticks (10 ms here), and a bare app uses about a dozen of
    them in a 30 s run, too coarse for a ratio. Falls back to /proc where the clock is missing.
    """
    clock = _cpu_clock(pid)
    if clock is not None:
        try:
            return time.clock_gettime(clock)
        except OSError:
            pass
    text = Path(f"/proc/{pid}/stat").read_text()
    fields = text[text.rindex(")") + 2 :].split()
    # fields[0] is field 3 (state); utime and stime are fields 14 and 15.
    ticks = int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def main_thread_cpu_seconds(pid: int) -> float:
    """CPU seconds of a process's main thread alone (the event loop: the app's own work), from
    /proc/PID/task/PID/schedstat (nanoseconds on the CPU)."""
    return int(Path(f"/proc/{pid}/task/{pid}/schedstat").read_text().split()[0]) / 1e9


def _cpu_clock(pid: int) -> int | None:
    """The id of ``pid``'s CPU-time clock, or None where libc has no ``clock_getcpuclockid``."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    if name is None:
        return None
    libc = ctypes.CDLL(name, use_errno=True)
    if not hasattr(libc, "clock_getcpuclockid"):
        return None
    clock = ctypes.c_int()
    if libc.clock_getcpuclockid(pid, ctypes.byref(clock)) != 0:
        return None
    return clock.value


def peak_rss_mb(pid: int) -> float:
    """VmHWM of a process, in MB (2**20 bytes)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM")


@dataclass(frozen=True)
class Contender:
    """A program run live beside backtimer: how to start it, what its first frame shows, and
    what names its process."""

    name: str
    command: tuple[str, ...]
    ready: str
    marker: str


def backtimer_contender(
    audio: str, routine: str = "borden-back", ready: str = "Exercise number 1"
) -> Contender:
    """``backtimer run ROUTINE``; ``ready``: what shows once a routine other than borden-back
    is under way."""
    name = f"backtimer --audio {audio}"
    if routine != "borden-back":
        name += f" ({Path(routine).stem})"
    return Contender(
        name,
        (str(BACKTIMER), "run", routine, "--audio", audio),
        FIRST_EXERCISE if routine == "borden-back" else ready,
        "backtimer",
    )


def hold_routine_text(counts: int = HOLD_COUNTS) -> str:
    """A routine of one exercise that is one long hold, as YAML: once the hold has begun, only
    its count and the times change, once a second."""
    return (
        "\n".join(
            [
                "title: One long hold",
                "rounds: 1",
                "count_seconds: 1.0",
                "exercises:",
                "  - name: Plank",
                "    reps: 1",
                "    cues: [Brace your middle and breathe]",
                "    rep:",
                f"      - {{hold: Hold, counts: {counts}}}",
            ]
        )
        + "\n"
    )


BARE = Contender(
    "bare Textual app", (sys.executable, str(BENCH / "bare_app.py")), "Bare clock", "bare_app.py"
)
TERMDOWN_VENV = BENCH / ".venv-termdown"
TERMDOWN_PIN = "termdown==1.18.0"


def termdown_contender() -> Contender | None:
    """``termdown 10m`` from a venv of its own (made on first use), or None if it cannot be had."""
    program = TERMDOWN_VENV / "bin" / "termdown"
    if not program.exists():
        made = subprocess.run(
            f"{shlex.quote(sys.executable)} -m venv {shlex.quote(str(TERMDOWN_VENV))} && "
            f"{shlex.quote(str(TERMDOWN_VENV / 'bin' / 'pip'))} install -q {TERMDOWN_PIN}",
            shell=True,
            capture_output=True,
            text=True,
            check=False,
        )
        if made.returncode != 0 or not program.exists():
            print(f"  termdown unavailable: {made.stderr.strip()[-200:]}", file=sys.stderr)
            return None
    return Contender("termdown 10m", (str(program), "10m"), "", "termdown")


def live_run(who: Contender | str, seconds: float, cache: Path | None = None) -> dict[str, Any]:
    """A program in tmux at 80x24: CPU over ``seconds`` after its first frame, and peak RSS.
    ``cache``: a cache folder of its own (an empty one is a routine's first run)."""
    return live_together([who], seconds, cache)[0]


@dataclass
class _Live:
    """A program started in a tmux server of its own, for ``live_together``."""

    who: Contender
    socket: str
    command: list[str]
    launched: float
    pid: int = 0
    seen: float | None = None  # when its first frame showed
    cpu_start: float = 0.0
    main_start: float = 0.0  # the main thread's alone
    result: dict[str, Any] = field(default_factory=dict)  # what was measured


def live_together(
    whos: Sequence[Contender | str], seconds: float, cache: Path | None = None
) -> list[dict[str, Any]]:
    """Programs in tmux at 80x24, started together and each measured over ``seconds`` from its
    own first frame, so over nearly the same moments: whatever else the machine does then
    weighs on all of them alike, and their ratio no longer swings with it (one after the
    other, the same program's runs differed by a third)."""
    contenders = [backtimer_contender(w) if isinstance(w, str) else w for w in whos]
    with contextlib.ExitStack() as stack:
        runs: list[_Live] = []
        for n, who in enumerate(contenders):
            tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="backtimer-bench-")))
            env = quiet_env(tmp)
            if cache is not None:
                env["BACKTIMER_CACHE_DIR"] = str(cache)
            socket = f"backtimer-bench-{os.getpid()}-{n}-{who.marker}"
            command = list(who.command)
            env_args = [a for k, v in env.items() for a in ("-e", f"{k}={v}")]
            size = ["-x", str(SIZE[0]), "-y", str(SIZE[1])]
            launched = time.monotonic()
            started = _tmux(
                socket, "new-session", "-d", *size, *env_args, "-s", "bench", " ".join(command)
            )
            stack.callback(_stop_tmux, socket)
            if started.returncode != 0:
                raise RuntimeError(f"tmux: {started.stderr}")
            runs.append(_Live(who, socket, command, launched))
        for run in runs:
            pane_pid = int(_tmux(run.socket, "list-panes", "-F", "#{pane_pid}").stdout.split()[0])
            run.pid = _find_python(pane_pid, marker=run.who.marker)
        waiting = list(runs)
        while waiting:
            for run in list(waiting):
                screen = _tmux(run.socket, "capture-pane", "-p").stdout
                # termdown draws only big figures: any output stands for its first frame.
                if (run.who.ready in screen) if run.who.ready else screen.strip():
                    run.seen, run.cpu_start = time.monotonic(), cpu_seconds(run.pid)
                    run.main_start = main_thread_cpu_seconds(run.pid)
                    waiting.remove(run)
                elif time.monotonic() > run.launched + 10:
                    raise RuntimeError(f"{run.who.name}: no first frame:\n{screen}")
            time.sleep(0.02)
        for run in sorted(runs, key=lambda run: run.seen or 0.0):  # each window as it ends
            assert run.seen is not None
            time.sleep(max(0.0, run.seen + seconds - time.monotonic()))
            cpu_end = cpu_seconds(run.pid)
            main_end = main_thread_cpu_seconds(run.pid)
            measured = time.monotonic() - run.seen
            screen = _tmux(run.socket, "capture-pane", "-p").stdout
            run.result = {
                "command": " ".join([Path(run.command[0]).name, *run.command[1:]]),
                "seconds": round(measured, 3),
                "cpu_per_min": (cpu_end - run.cpu_start) / measured * 60,
                "main_thread_cpu_per_min": (main_end - run.main_start) / measured * 60,
                "peak_rss_mb": peak_rss_mb(run.pid),
                "first_frame_in_tmux_s": round(run.seen - run.launched, 3),
                "cpu_seconds_startup": round(run.cpu_start, 3),
                "cpu_seconds_during": round(cpu_end - run.cpu_start, 3),
                "screen_at_end": screen.rstrip("\n").splitlines(),
            }
    return [run.result for run in runs]


def _stop_tmux(socket: str) -> None:
    _tmux(socket, "send-keys", "C-c")
    time.sleep(0.5)
    _tmux(socket, "kill-server")
    _remove_socket(socket)


def worker_audio_which(name: str) -> dict[str, Any]:
    """The backend ``--audio NAME`` ends up with on this machine, and why others were skipped."""
    from backtimer.audio import open_audio
    from backtimer.core.events import SoundEvent

    player = open_audio(name, on_bell=lambda event: None)
    try:
        time.sleep(0.3)
        player.play(SoundEvent.TICK)  # a backend that fails at its first sound is passed over
        time.sleep(0.3)
        return {"name": player.name, "describe": player.describe()}
    finally:
        player.close()


def _spread(values: Sequence[float], unit: str) -> str:
    return f"{len(values)} runs: {_fmt(min(values), unit)} to {_fmt(max(values), unit)}"


def bench_live(report: Report, seconds: float, audios: Sequence[str], runs: int) -> None:
    """backtimer beside the bare Textual app and termdown, started together run after run, so
    that each ratio compares runs made over the same moments on the same machine."""
    if shutil.which("tmux") is None:
        report.add(Figure("live.skipped", "Live cost", None, "s/min", note="tmux not installed"))
        return
    note = "" if seconds == LIVE_SECONDS else f"{seconds:g} s runs"
    contenders: list[Contender] = [backtimer_contender("off"), BARE]
    termdown = termdown_contender()
    if termdown is not None:
        contenders.append(termdown)
    results: dict[str, list[dict[str, Any]]] = {c.name: [] for c in contenders}
    with tempfile.TemporaryDirectory(prefix="backtimer-bench-") as tmp:
        # The routine checked once, as any run before would have: the runs read it from the
        # cache of checked routines, as a user's second and later workouts do.
        wall_time([str(BACKTIMER), "list"], {**os.environ, **quiet_env(Path(tmp))})
    # The cost of a tick must not grow with the routine: 1,000 exercises beside borden-back.
    long_file = Path(tempfile.mkdtemp(prefix="backtimer-bench-")) / "long-routine.yaml"
    long_file.write_text(big_routine_text(), encoding="utf-8")
    long = backtimer_contender("off", str(long_file))
    results[long.name] = []
    # Like for like: one long hold, measured from its first count (the caption shows it).
    hold_file = long_file.parent / "long-hold.yaml"
    hold_file.write_text(hold_routine_text(), encoding="utf-8")
    hold = backtimer_contender("off", str(hold_file), ready=f"of {HOLD_COUNTS} counts")
    results[hold.name] = []
    results[HOLD_BARE] = []  # the bare app's runs beside the hold's, over the same moments
    for _ in range(runs):
        together = [*contenders, long]
        for who, result in zip(together, live_together(together, seconds), strict=True):
            results[who.name].append(result)
        in_hold, beside = live_together([hold, BARE], min(seconds, HOLD_SECONDS))
        results[hold.name].append(in_hold)
        results[HOLD_BARE].append(beside)
    with tempfile.TemporaryDirectory(prefix="backtimer-bench-") as cold:
        # A routine's first run checks it (pydantic and YAML loaded); later runs read the cache.
        first = live_run(contenders[0], min(seconds, 5.0), cache=Path(cold))
    shutil.rmtree(long_file.parent, ignore_errors=True)
    report.details["live"] = {"runs": results, "first_run": first}
    ours, bare = results[contenders[0].name], results[BARE.name]
    cpu_ratio = [a["cpu_per_min"] / b["cpu_per_min"] for a, b in zip(ours, bare, strict=True)]
    rss = [r["peak_rss_mb"] for r in ours]
    report.add(
        Figure(
            "live.cpu_ratio_bare",
            "CPU per minute, backtimer / bare Textual app (median of pairs)",
            statistics.median(cpu_ratio),
            "x",
            1.25,
            "; ".join(filter(None, [note, _spread(cpu_ratio, "x")])),
        ),
    )
    main_ratio = [
        a["main_thread_cpu_per_min"] / b["main_thread_cpu_per_min"]
        for a, b in zip(ours, bare, strict=True)
    ]
    report.add(
        Figure(
            "live.main_thread_ratio_bare",
            "CPU per minute of the main thread alone (the event loop), backtimer / bare app "
            "(median of pairs)",
            statistics.median(main_ratio),
            "x",
            None,
            "; ".join(filter(None, [note, "other threads left out", _spread(main_ratio, "x")])),
        ),
    )
    held = [
        a["cpu_per_min"] / b["cpu_per_min"]
        for a, b in zip(results[hold.name], results[HOLD_BARE], strict=True)
    ]
    report.add(
        Figure(
            "live.hold_ratio_bare",
            "CPU per minute, one long hold (only the count and times change) / bare app "
            "(median of pairs)",
            statistics.median(held),
            "x",
            None,
            "; ".join(
                [f"{min(seconds, HOLD_SECONDS):g} s runs from the first count", _spread(held, "x")]
            ),
        ),
    )
    if termdown is not None:
        td = results[termdown.name]
        ratio = [a["cpu_per_min"] / b["cpu_per_min"] for a, b in zip(ours, td, strict=True)]
        report.add(
            Figure(
                "live.cpu_ratio_termdown",
                "CPU per minute, backtimer / termdown 10m (median of pairs)",
                statistics.median(ratio),
                "x",
                None,
                _spread(ratio, "x"),
            )
        )
    for who in contenders:
        cpu = [r["cpu_per_min"] for r in results[who.name]]
        report.add(
            Figure(
                f"live.{who.marker}.cpu_per_min",
                f"CPU per minute, {who.name} (tmux {SIZE[0]}x{SIZE[1]}, median)",
                statistics.median(cpu),
                "s/min",
                None,
                _spread(cpu, "s/min"),
            )
        )
    longer = [
        a["cpu_per_min"] / b["cpu_per_min"] for a, b in zip(results[long.name], ours, strict=True)
    ]
    report.add(
        Figure(
            "live.long_routine_ratio",
            "CPU per minute, 1,000 exercises / borden-back (median of pairs)",
            statistics.median(longer),
            "x",
            None,
            _spread(longer, "x"),
        ),
        Figure("live.peak_rss_mb", "Peak RSS of backtimer, VmHWM (max)", max(rss), "MB", 45),
        Figure(
            "live.first_run.peak_rss_mb",
            "Peak RSS of backtimer, a routine's first run (checks it; one run)",
            first["peak_rss_mb"],
            "MB",
        ),
        Figure(
            "live.bare.peak_rss_mb",
            "Peak RSS of the bare Textual app (max)",
            max(r["peak_rss_mb"] for r in bare),
            "MB",
        ),
    )
    for audio in audios:
        if audio == "off":
            continue
        result = live_run(audio, seconds)
        which = run_worker("audio-which", ["--backend", audio])
        result["audio_backend"] = which
        report.details["live"][audio] = result
        where = f"--audio {audio}"
        if which.get("name") != audio:
            where += f" = {which.get('name')} here"
        report.add(
            Figure(
                f"live.{audio}.cpu_per_min",
                f"CPU per minute of workout ({where}, one run)",
                result.get("cpu_per_min"),
                "s/min",
                None,
                note,
            ),
        )


# -- start-up ------------------------------------------------------------------------------------


def wall_time(command: Sequence[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, capture_output=True, check=True, stdin=subprocess.DEVNULL)
    return time.perf_counter() - start


def first_frame(
    env: dict[str, str],
    timeout: float = 10,
    command: Sequence[str] | None = None,
    ready: str = FIRST_EXERCISE,
) -> float:
    """Seconds from launching a program (``backtimer run`` unless ``command``) on a
    pseudo-terminal to its drawing ``ready``."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(
        command or [str(BACKTIMER), "run", "borden-back", "--audio", "off"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env={**env, "TERM": "xterm-256color", "COLUMNS": str(SIZE[0]), "LINES": str(SIZE[1])},
        start_new_session=True,
    )
    os.close(slave)
    seen: float | None = None
    buffer = b""
    needle = ready.encode()
    try:
        while seen is None:
            left = start + timeout - time.perf_counter()
            if left <= 0:
                raise RuntimeError("no first frame: " + buffer[-2000:].decode(errors="replace"))
            readable, _, _ = select.select([master], [], [], left)
            if not readable:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                raise RuntimeError("the app ended: " + buffer[-2000:].decode(errors="replace"))
            buffer += chunk
            if needle in buffer:
                seen = time.perf_counter()
        os.write(master, b"\x03")  # Ctrl+C quits at once
        _drain_until_exit(master, proc)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
    return seen - start


def _drain_until_exit(master: int, proc: subprocess.Popen[bytes], timeout: float = 5) -> None:
    end = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < end:
        ready, _, _ = select.select([master], [], [], 0.05)
        if ready:
            try:
                if not os.read(master, 65536):
                    break
            except OSError:
                break
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=5)


def bench_startup(report: Report) -> None:
    with tempfile.TemporaryDirectory(prefix="backtimer-bench-") as tmp:
        env = {**os.environ, **quiet_env(Path(tmp))}
        version_cmd = [str(BACKTIMER), "--version"]
        list_cmd = [str(BACKTIMER), "list"]
        check_cmd = [str(BACKTIMER), "check", str(SHIPPED)]
        for warm in (version_cmd, list_cmd, check_cmd):  # the file cache, not the figures
            wall_time(warm, env)
        version = [wall_time(version_cmd, env) for _ in range(STARTUP_RUNS)]
        listing = [wall_time(list_cmd, env) for _ in range(STARTUP_RUNS)]
        check = [wall_time(check_cmd, env) for _ in range(STARTUP_RUNS)]
        frames: list[float] = []
        bare: list[float] = []
        first_frame(env, command=BARE.command, ready=BARE.ready)
        for _ in range(FIRST_FRAME_RUNS):  # interleaved, so both see the same machine
            frames.append(first_frame(env))
            bare.append(first_frame(env, command=BARE.command, ready=BARE.ready))
    report.details["startup"] = {
        "version_s": [round(x, 4) for x in version],
        "list_s": [round(x, 4) for x in listing],
        "check_s": [round(x, 4) for x in check],
        "first_frame_s": [round(x, 4) for x in frames],
        "bare_first_frame_s": [round(x, 4) for x in bare],
    }
    over = statistics.median(frames) - statistics.median(bare)
    report.add(
        Figure(
            "startup.first_frame_over_bare_s",
            f"First workout frame, over the bare Textual app's (medians of {FIRST_FRAME_RUNS})",
            over,
            "s",
            0.12,
        ),
        Figure(
            "startup.first_frame_s",
            f"Launch to first workout frame (median of {FIRST_FRAME_RUNS})",
            statistics.median(frames),
            "s",
        ),
        Figure(
            "startup.bare_first_frame_s",
            f"Launch to the bare Textual app's first frame (median of {FIRST_FRAME_RUNS})",
            statistics.median(bare),
            "s",
        ),
        Figure(
            "startup.version_s",
            f"backtimer --version (median of {STARTUP_RUNS})",
            statistics.median(version),
            "s",
            0.05,
        ),
        Figure(
            "startup.list_s",
            f"backtimer list (median of {STARTUP_RUNS})",
            statistics.median(listing),
            "s",
            0.15,
        ),
        Figure(
            "startup.check_s",
            f"backtimer check borden-back.yaml (median of {STARTUP_RUNS})",
            statistics.median(check),
            "s",
        ),
    )


# -- load ----------------------------------------------------------------------------------------


def big_routine_text(exercises: int = LOAD_EXERCISES, cues: int = LOAD_CUES) -> str:
    """A valid routine of ``exercises`` exercises with ``cues`` cues each, as YAML."""
    lines = [
        "title: A very long routine",
        "rounds: 1",
        "count_seconds: 1.0",
        "rest: {between_exercises: 30, between_rounds: 60}",
        "exercises:",
    ]
    for i in range(1, exercises + 1):
        lines += [
            f"  - name: Exercise number {i}",
            "    equipment: machine",
            "    reps: 10",
            "    cues:",
        ]
        lines += [
            f"      - Cue {c} of exercise {i}, keep the shoulders down and pull with the back."
            for c in range(1, cues + 1)
        ]
        lines += [
            "    rep:",
            f"      - {{move: Pull, counts: 1, cue: {cues - 1}}}",
            f"      - {{hold: Pause, counts: 2, cue: {cues}}}",
            f"      - {{move: Return, counts: 2, cue: {cues}}}",
            "    tips: [Keep your shoulders away from your ears.]",
        ]
    return "\n".join(lines) + "\n"


def worker_load() -> dict[str, Any]:
    """Validate and plan the big routine a few times, then load each hostile file once, in a
    fresh interpreter (imports done)."""
    from backtimer.core.loader import ContentErrors, load_routine_text
    from backtimer.core.plan import compile_plan

    text = big_routine_text()
    times = []
    steps = 0
    for _ in range(LOAD_RUNS):
        start = time.perf_counter()
        routine = load_routine_text(text, "big.yaml")
        plan = compile_plan(routine)
        times.append(time.perf_counter() - start)
        steps = len(plan.steps)
    hostile = {}
    for name, bad in hostile_texts().items():
        start = time.perf_counter()
        with contextlib.suppress(ContentErrors):
            load_routine_text(bad, f"{name}.yaml")
        hostile[name] = time.perf_counter() - start
    return {
        "times": times,
        "steps": steps,
        "yaml_bytes": len(text.encode()),
        "hostile_s": hostile,
    }


def hostile_texts() -> dict[str, str]:
    """Files made to cost the loader the most for their size, each near the 1 MiB limit."""
    from backtimer.core.loader import MAX_BYTES

    digits = ":".join(str(i % 60) for i in range(MAX_BYTES // 2))[: MAX_BYTES - 200].rstrip(":")
    keys = ", ".join(f"k{i}: 1" for i in range(49_000))
    cues = "\n".join(f"  - c{i}" for i in range(90_000))
    return {
        # A base-60 number YAML 1.1 would convert digit by digit.
        "number": f"title: T\nrounds: 1{digits}\nexercises: []\n",
        # 49,000 unknown keys, each an error placed in the file.
        "keys": f"x: &a {{{keys}}}\ntitle: T\nexercises: [*a]\n",
        # A valid routine of 90,000 cues.
        "cues": "title: T\nexercises:\n- name: Row\n  reps: 3\n  rep: [{move: Pull}]\n"
        f"  cues:\n{cues}\n",
    }


def bench_load(report: Report) -> None:
    result = run_worker("load", [])
    times: list[float] = result["times"]
    report.details["load"] = {
        "exercises": LOAD_EXERCISES,
        "cues_each": LOAD_CUES,
        "yaml_bytes": result["yaml_bytes"],
        "plan_steps": result["steps"],
        "runs_s": [round(x, 4) for x in times],
    }
    report.add(
        Figure(
            "load.first_s",
            f"Validate + plan {LOAD_EXERCISES:,} exercises x {LOAD_CUES} cues (first run)",
            times[0],
            "s",
            0.5,
        ),
        Figure(
            "load.median_s",
            f"Validate + plan, median of {LOAD_RUNS}",
            statistics.median(times),
            "s",
            0.5,
        ),
    )
    hostile: dict[str, float] = result["hostile_s"]
    report.details["load"]["hostile_s"] = {k: round(v, 4) for k, v in hostile.items()}
    report.add(
        Figure("load.number_s", "Refuse a 1 MiB base-60 number", hostile["number"], "s", 1.0),
        Figure("load.keys_s", "Report 49,000 bad keys through an alias", hostile["keys"], "s", 2.0),
        Figure("load.cues_s", "Load a routine of 90,000 cues", hostile["cues"], "s", 1.0),
    )


# -- audio ---------------------------------------------------------------------------------------

# ALSA writes playback to a file: miniaudio opens a device on a machine with no sound card. The
# null slave takes samples as fast as they come; one capture file per open.
ALSA_CAPTURE = """pcm.!default {{
  type file
  slave.pcm {{ type null }}
  file "{path}"
  format "raw"
  truncate false
}}
"""


def worker_audio(backend: str) -> dict[str, Any]:
    """play() call-to-return times of one backend (µs), and its hand-off latency (ms)."""
    from backtimer.audio import open_audio
    from backtimer.core.events import SOUND_EVENTS

    rings: list[object] = []
    try:
        player = open_audio(backend, on_bell=rings.append)
    except Exception as exc:  # a backend that cannot open is reported, not fatal
        return {"backend": backend, "opened": False, "why": f"{type(exc).__name__}: {exc}"}
    times: list[float] = []
    try:
        for n in range(AUDIO_CALLS):
            event = SOUND_EVENTS[n % len(SOUND_EVENTS)]
            start = time.perf_counter_ns()
            player.play(event)
            times.append((time.perf_counter_ns() - start) / 1000)
            time.sleep(AUDIO_GAP)
        time.sleep(0.5)  # let the worker hand over the last sounds
        handoff = [x * 1000 for x in player.latencies()]
        used = player.name
        result = {
            "backend": backend,
            "used": used,
            "describe": player.describe(),
            "notices": list(player.notices),
            "opened": used == backend,
            "why": "" if used == backend else f"fell back to {used}: {player.describe()}",
            "calls": len(times),
            "played": player.played,
            "dropped": player.dropped,
            "median_us": statistics.median(times),
            "p99_us": percentile(times, 99),
            "max_us": max(times),
            "handoff_median_ms": statistics.median(handoff) if handoff else None,
            "handoff_p99_ms": percentile(handoff, 99) if handoff else None,
        }
    finally:
        player.close()
    return result


def bench_audio(report: Report) -> None:
    results = {}
    with tempfile.TemporaryDirectory(prefix="backtimer-bench-alsa-") as tmp:
        conf = Path(tmp) / "asound.conf"
        conf.write_text(ALSA_CAPTURE.format(path=Path(tmp) / "out.raw"))
        # No sound server may take the sound away from the capture.
        env = {"ALSA_CONFIG_PATH": str(conf), "PULSE_SERVER": "unix:/nonexistent"}
        for backend in ("off", "bell", "miniaudio", "simpleaudio"):
            results[backend] = run_worker("audio", ["--backend", backend], env=env)
    report.details["audio"] = results
    for backend, r in results.items():
        note = "" if r.get("opened") else str(r.get("why", "did not open"))
        report.add(
            Figure(
                f"audio.{backend}.median_us",
                f"play() to return, median ({backend})",
                r.get("median_us"),
                "us",
                None,
                note,
            ),
            Figure(
                f"audio.{backend}.p99_us",
                f"play() to return, p99 ({backend})",
                r.get("p99_us"),
                "us",
                1000,
                note,
            ),
        )
    for backend in ("miniaudio", "simpleaudio"):
        if results[backend].get("opened"):
            report.add(
                Figure(
                    f"audio.{backend}.handoff_p99_ms",
                    f"play() to the device, p99 ({backend})",
                    results[backend].get("handoff_p99_ms"),
                    "ms",
                    10,
                )
            )


# -- main ----------------------------------------------------------------------------------------


def write_results(report: Report, args: argparse.Namespace, started: str, loads: list[Any]) -> None:
    data = {
        "command": "make bench",
        "date": started,
        "machine": machine(),
        "load_average": {"start": loads[0], "end": loads[1]},
        "settings": {
            "sections": list(args.only),
            "timing_rounds": args.rounds,
            "count_seconds": COUNT_SECONDS,
            "live_seconds": args.live_seconds,
            "live_audio": args.live_audio,
        },
        "figures": [f.as_json() for f in report.figures],
        "details": report.details,
    }
    tmp = RESULTS.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    tmp.replace(RESULTS)


@contextlib.contextmanager
def section(name: str) -> Iterator[None]:
    print(f"  {name} ...", file=sys.stderr, flush=True)
    start = time.monotonic()
    yield
    print(f"  {name}: {time.monotonic() - start:.1f} s", file=sys.stderr, flush=True)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--live-seconds",
        type=float,
        default=float(os.environ.get("BENCH_LIVE_SECONDS", LIVE_SECONDS)),
        help=f"seconds of workout in the live run (default {LIVE_SECONDS:g}; env "
        "BENCH_LIVE_SECONDS)",
    )
    parser.add_argument(
        "--live-runs",
        type=int,
        default=LIVE_RUNS,
        help=f"live runs of the programs side by side (default {LIVE_RUNS})",
    )
    parser.add_argument(
        "--rounds", type=int, default=TIMING_ROUNDS, help="rounds of the compressed routine"
    )
    parser.add_argument(
        "--only",
        type=lambda s: [x.strip() for x in s.split(",") if x.strip()],
        default=list(SECTIONS),
        help=f"comma-separated sections to run: {', '.join(SECTIONS)}",
    )
    parser.add_argument(
        "--live-audio",
        type=lambda s: [x.strip() for x in s.split(",") if x.strip()],
        default=["off", "auto"],
        help="--audio of each live run (default off,auto: silent, and what a user gets)",
    )
    parser.add_argument("--no-write", action="store_true", help="do not write results.json")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--backend", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    unknown = set(args.only) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections: {', '.join(sorted(unknown))}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    sys.path.insert(0, str(ROOT))
    if args.worker:
        result = {
            "app-timing": lambda: worker_app_timing(args.rounds),
            "audio": lambda: worker_audio(args.backend),
            "audio-which": lambda: worker_audio_which(args.backend),
            "load": worker_load,
        }[args.worker]()
        Path(args.out).write_text(json.dumps(result))
        return 0

    started = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    # An installed package has its bytecode compiled (pip does it); a checkout run with
    # PYTHONDONTWRITEBYTECODE set would compile every module at every start instead.
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "backtimer")],
        check=False,
        capture_output=True,
    )
    loads = [load_average()]
    report = Report()
    print(f"backtimer benchmark, load average {loads[0]}", file=sys.stderr)
    # Start-up first, on a quiet machine: right after the live runs, their terminals and
    # processes are still winding down and launch times came out 0.1 s longer.
    if "startup" in args.only:
        with section("startup"):
            bench_startup(report)
    if "timing" in args.only:
        with section("timing"):
            bench_timing(report, args.rounds)
    if "live" in args.only:
        with section("live"):
            bench_live(report, args.live_seconds, args.live_audio, args.live_runs)
    if "load" in args.only:
        with section("load"):
            bench_load(report)
    if "audio" in args.only:
        with section("audio"):
            bench_audio(report)
    loads.append(load_average())
    info = machine()
    print()
    print(table(report.figures))
    print()
    print(
        f"{info['cpu']}, {info['cores']} cores, Python {info['python']}, Textual "
        f"{info['textual']}, {info['os']}; load average {loads[0]} -> {loads[1]}; {started}"
    )
    if not args.no_write:
        write_results(report, args, started, loads)
        print(f"wrote {RESULTS.relative_to(ROOT)}")
    misses = [f.label for f in report.figures if f.status == "MISS"]
    if misses:
        print(f"{len(misses)} target(s) missed", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
