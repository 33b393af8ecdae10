"""A built wheel, installed into a fresh venv, runs from any folder with its routines and sounds.

The wheel is built with ``python -m build --no-isolation``, so the build backend comes from the
test venv and no network is needed. The fresh venv gets only the wheel; its dependencies are
borrowed from the test venv through a ``.pth`` line (which adds a folder to ``sys.path`` but runs
none of that folder's own ``.pth`` files, so the test venv's editable backtimer stays out of
sight). The commands then run from an empty folder, so nothing can come from the source tree.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from conftest import CONTENT, ROOT

SOUNDS = ROOT / "sounds"

pytestmark = pytest.mark.slow


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    """Runs a command, fails the test with its output unless it exits 0, returns its stdout."""
    result = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    run(
        sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", dist, ROOT, cwd=dist
    )
    (built,) = dist.glob("backtimer-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new venv holding the wheel, with the test venv's packages visible for its dependencies."""
    venv = tmp_path_factory.mktemp("venv")
    here = tmp_path_factory.mktemp("elsewhere")
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=here)
    python = venv / "bin" / "python"
    site = Path(
        run(
            python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=here
        ).strip()
    )
    borrowed = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    (site / "borrowed-from-the-test-venv.pth").write_text("\n".join(sorted(borrowed)) + "\n")
    # --ignore-installed: pip sees the test venv's backtimer and must leave it alone.
    run(
        *(python, "-m", "pip", "--isolated", "--quiet", "install", "--no-cache-dir"),
        *("--no-index", "--no-deps", "--ignore-installed", wheel),
        cwd=here,
    )
    return venv


@pytest.fixture
def backtimer(venv: Path, tmp_path: Path) -> Callable[..., str]:
    """Runs the venv's ``backtimer`` command from an empty folder with an empty config folder."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.update(BACKTIMER_CONFIG_DIR=str(tmp_path / "config"), PYTHONIOENCODING="utf-8")

    def command(*args: str) -> str:
        return run(venv / "bin" / "backtimer", *args, cwd=tmp_path, env=env)

    return command


def test_wheel_holds_content_sounds_and_the_console_script_and_no_tests(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        scripts = zf.read(entry_points).decode()
    for path in CONTENT.iterdir():
        assert f"backtimer/_data/content/{path.name}" in names
    for path in SOUNDS.glob("*.wav"):
        assert f"backtimer/_data/sounds/{path.name}" in names
    assert "backtimer = backtimer.cli:main" in scripts
    assert not any(n.startswith("tests/") or "/tests/" in n for n in names)


def test_the_venv_runs_the_wheel_not_the_source_tree(venv: Path, tmp_path: Path) -> None:
    probe = "import backtimer; print(backtimer.__file__)"
    module = Path(run(venv / "bin" / "python", "-c", probe, cwd=tmp_path).strip())
    assert module.is_relative_to(venv)


def test_installed_command_lists_the_shipped_routines(backtimer: Callable[..., str]) -> None:
    rows = [line.split() for line in backtimer("list").splitlines()]
    shipped = {row[0] for row in rows if row and row[-1] == "shipped"}
    assert shipped == {path.stem for path in CONTENT.glob("*.yaml")}


def test_installed_command_shows_a_shipped_routine_as_json(backtimer: Callable[..., str]) -> None:
    shown = json.loads(backtimer("show", "borden-back", "--json"))
    source = yaml.safe_load((CONTENT / "borden-back.yaml").read_text(encoding="utf-8"))
    assert shown["title"] == source["title"] == "Back-sculpting routine"
    assert [e["id"] for e in shown["exercises"]] == [e["id"] for e in source["exercises"]]


def test_installed_command_lists_every_shipped_sound(
    backtimer: Callable[..., str], venv: Path
) -> None:
    listed = backtimer("sounds", "--audio", "off")
    names = {line.split()[0] for line in listed.splitlines() if line.startswith("  ")}
    shipped = {path.stem for path in SOUNDS.glob("*.wav")}
    assert names == shipped
    # The sounds the command names are the wheel's own files, byte for byte.
    (installed,) = venv.glob("lib/python*/site-packages/backtimer/_data/sounds")
    for path in SOUNDS.glob("*.wav"):
        assert (installed / path.name).read_bytes() == path.read_bytes()
