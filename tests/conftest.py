"""Shared fixtures: the project's folders and a runner for the real ``backtimer`` command."""

from __future__ import annotations

import io
import itertools
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import textual._wait

from backtimer.core import loader

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
CORPUS = Path(__file__).resolve().parent / "corpus"
# Reference data kept beside the project (absent in a user's clone: tests using it skip).
SHARED_DATA = ROOT.parent / "shared" / "data"

RunCli = Callable[..., "CliResult"]
_DATA_DIRS = itertools.count(1)

# Textual's Pilot waits for the app to settle (after each key, at each pause) by sleeping 20 ms at
# a time until one sleep passes with under a twentieth of it spent on the CPU. Steps of 10 ms with
# the same share answer sooner, and are still longer than Textual's shortest timer (it takes a new
# terminal size 1/120 s after the last resize), so a step never ends before a timer due in it has
# run. The screen tests wait like this after every key they press.
textual._wait.SLEEP_GRANULARITY = 0.01
textual._wait.SLEEP_IDLE = textual._wait.SLEEP_GRANULARITY / 20


@dataclass(frozen=True)
class CliResult:
    """What a command printed and returned, as a finished process would give it."""

    returncode: int
    stdout: str
    stderr: str


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "slow: takes seconds of real time (a real terminal, sound device or process, a wheel "
        "build); run first, deselect with -m 'not slow'",
    )


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """``-n auto``: one worker more than there are cores. The slow tests mostly wait on a real
    clock (a terminal, a sound) and run one after another on one worker, leaving its core idle
    half the time. PYTEST_XDIST_AUTO_NUM_WORKERS, when set, still decides."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (cores or 1) + 1


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slow tests first, in their order, then the rest: spread over the workers (xdist), the
    run then ends on short tests instead of waiting for one long one."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(autouse=True, scope="session")
def speech_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Phrases spoken during the tests are kept in a folder of the run's own (programs the tests
    start inherit it), never in the user's cache."""
    folder = tmp_path_factory.mktemp("speech-cache")
    os.environ["BACKTIMER_CACHE_DIR"] = str(folder)
    return folder


@pytest.fixture(scope="session")
def data_dirs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the tests' training-log folders go, one per test (see ``data_dir``)."""
    return tmp_path_factory.mktemp("data")


@pytest.fixture(autouse=True)
def data_dir(data_dirs: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The training log's folder, for every test and the programs it starts: never the user's.
    It is not made (the log makes it when it first records), and it is not in ``tmp_path``:
    most tests need no folder of their own, and making one for each adds seconds to a run."""
    folder = data_dirs / f"test-{next(_DATA_DIRS)}"
    monkeypatch.setenv("BACKTIMER_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    """An empty user config folder, so tests never see the real user's routines."""
    folder = tmp_path / "config"
    folder.mkdir()
    return folder


@pytest.fixture
def run_cli(config_dir: Path, monkeypatch: pytest.MonkeyPatch) -> RunCli:
    """Runs ``backtimer ARGS`` in this process with the test's config folder.

    The streams are real text streams over bytes (UTF-8, no terminal), stdin is empty, and the
    working folder is the project's unless ``cwd`` is given. Tests that are about the process
    itself (signals, the interpreter's encoding, ``python -m``) use ``run_process`` instead.
    """
    from backtimer.cli.entry import main

    def run(*args: str, cwd: Path | None = None, timeout: float = 30) -> CliResult:
        del timeout  # a subprocess's limit; in-process a hang shows as a stuck test
        out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
        err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
        with monkeypatch.context() as m:
            m.setenv("BACKTIMER_CONFIG_DIR", str(config_dir))
            m.chdir(cwd or ROOT)
            m.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(), encoding="utf-8"))
            m.setattr(sys, "stdout", out)
            m.setattr(sys, "stderr", err)
            try:
                code = main(list(args))
            except SystemExit as exc:  # argparse's own exits (--help, --version, bad usage)
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            finally:
                out.flush()
                err.flush()
        text = [
            stream.buffer.getvalue().decode("utf-8")  # type: ignore[attr-defined]
            for stream in (out, err)
        ]
        return CliResult(int(code), text[0], text[1])

    return run


@pytest.fixture
def run_process(config_dir: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Runs ``python -m backtimer ARGS`` in a subprocess with the test's config folder."""

    def run(
        *args: str, cwd: Path | None = None, timeout: float = 30
    ) -> subprocess.CompletedProcess[str]:
        env = dict(os.environ, BACKTIMER_CONFIG_DIR=str(config_dir), PYTHONIOENCODING="utf-8")
        return subprocess.run(
            [sys.executable, "-m", "backtimer", *args],
            cwd=cwd or ROOT,
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=timeout,
            check=False,
        )

    return run


@pytest.fixture(params=sorted(loader.PARSERS))
def yaml_parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Runs a test once with each YAML parser PyYAML has here (libyaml and pure Python)."""
    name: str = request.param
    monkeypatch.setattr(loader, "_Parser", loader.PARSERS[name])
    return name
