"""A built wheel carries the shipped routines and sounds, and works from any folder.

Builds the wheel without build isolation (hatchling comes from the test environment, so no network
is needed), unpacks it into a temporary folder and runs it from another one. Takes a few seconds.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import CONTENT, ROOT

SOUNDS = ROOT / "sounds"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("hatchling", reason="building the wheel needs hatchling installed")
    dist = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [
            *(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"),
            *("--quiet", "--wheel-dir", str(dist), str(ROOT)),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (built,) = dist.glob("backtimer-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel unpacked: a pure-Python wheel's files are exactly its installed files."""
    site = tmp_path_factory.mktemp("site")
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(site)
    return site


def run_installed(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(site), BACKTIMER_CONFIG_DIR=str(cwd / "config"))
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


def test_wheel_holds_content_sounds_and_the_console_script(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        scripts = zf.read(entry_points).decode()
    for path in sorted(CONTENT.iterdir()):
        assert f"backtimer/_data/content/{path.name}" in names
    wavs = sorted(p.name for p in SOUNDS.glob("*.wav"))
    for name in wavs:
        assert f"backtimer/_data/sounds/{name}" in names
    assert "backtimer = backtimer.cli:main" in scripts
    assert not any("/tests/" in n or n.startswith("tests/") for n in names)


def test_installed_package_finds_its_data_from_another_folder(
    installed: Path, tmp_path: Path
) -> None:
    probe = (
        "import json, backtimer, backtimer.settings.paths as p;"
        "print(json.dumps([backtimer.__file__, str(p.content_dir()), str(p.sounds_dir())]))"
    )
    result = run_installed(installed, tmp_path, "-c", probe)
    assert result.returncode == 0, result.stderr
    module, content, sounds = (Path(p) for p in json.loads(result.stdout))
    assert module.is_relative_to(installed), "the test imported the source tree, not the wheel"
    assert content == installed / "backtimer" / "_data" / "content"
    assert sounds == installed / "backtimer" / "_data" / "sounds"
    assert sounds.is_dir()
    assert {p.name for p in sounds.glob("*.wav")} == {p.name for p in SOUNDS.glob("*.wav")}
    assert (content / "routine.schema.json").is_file()


def test_installed_command_lists_and_shows_the_shipped_routines(
    installed: Path, tmp_path: Path
) -> None:
    listed = run_installed(installed, tmp_path, "-m", "backtimer", "list")
    assert listed.returncode == 0, listed.stderr
    ids = [line.split()[0] for line in listed.stdout.splitlines()[1:3]]
    assert ids == ["borden-back", "train-your-back"]
    assert "shipped" in listed.stdout and "Traceback" not in listed.stderr
    shown = run_installed(installed, tmp_path, "-m", "backtimer", "show", "borden-back", "--json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["title"] == "Back-sculpting routine"
    checked = run_installed(
        installed,
        tmp_path,
        "-m",
        "backtimer",
        "check",
        str(installed / "backtimer" / "_data" / "content" / "train-your-back.yaml"),
    )
    assert checked.returncode == 0, checked.stderr
