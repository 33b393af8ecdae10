"""Shared fixtures: the project's folders and a runner for the real ``backtimer`` command."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from backtimer.core import loader

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
CORPUS = Path(__file__).resolve().parent / "corpus"
# Reference data kept beside the project (absent in a user's clone: tests using it skip).
SHARED_DATA = ROOT.parent / "shared" / "data"

RunCli = Callable[..., subprocess.CompletedProcess[str]]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "slow: takes seconds (builds a wheel); deselect with -m 'not slow'"
    )


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    """An empty user config folder, so tests never see the real user's routines."""
    folder = tmp_path / "config"
    folder.mkdir()
    return folder


@pytest.fixture
def run_cli(config_dir: Path) -> RunCli:
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
