"""Atomic writes: the old file or the new one, whole, whatever happens mid-write."""

from __future__ import annotations

import errno
import os
import random
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import ROOT

from backtimer.settings import atomic


def test_write_creates_the_folder_and_replaces_the_file(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "f.yaml"
    atomic.write_text(path, "one\n")
    assert path.read_text() == "one\n"
    atomic.write_text(path, "two\n")
    assert path.read_text() == "two\n"
    assert sorted(p.name for p in path.parent.iterdir()) == ["f.yaml"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_permissions_are_kept(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.yaml"
    atomic.write_text(fresh, "x")
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o644
    private = tmp_path / "private.yaml"
    private.write_text("x")
    private.chmod(0o600)
    atomic.write_text(private, "y")
    assert stat.S_IMODE(private.stat().st_mode) == 0o600


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("old")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    with pytest.raises(OSError) as info:
        atomic.write_text(path, "new")
    assert info.value.errno == errno.ENOSPC
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["f.yaml"]


def test_remove(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    assert atomic.remove(path) is False
    path.write_text("x")
    assert atomic.remove(path) is True
    assert not path.exists()
    # A file where a folder should be: there is nothing to remove under it.
    assert atomic.remove(tmp_path / "nothing" / "f.yaml") is False
    (tmp_path / "blocker").write_text("x")
    assert atomic.remove(tmp_path / "blocker" / "f.yaml") is False


def test_sweep_removes_only_stale_temporaries_of_its_target(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    stale = tmp_path / ".f.yaml.abc123.tmp"
    fresh = tmp_path / ".f.yaml.def456.tmp"
    other = tmp_path / ".g.yaml.abc123.tmp"
    for p in (stale, fresh, other):
        p.write_text("partial")
    old = time.time() - 2 * 3600
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    atomic.write_text(path, "x")  # a successful write sweeps
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([path.name, fresh.name, other.name])


def test_sweep_copes_with_glob_characters(tmp_path: Path) -> None:
    path = tmp_path / "[ab]*.yaml"
    atomic.write_text(path, "x")
    assert path.read_text() == "x"


# The writer: alternates between two contents, as fast as it can, until killed.
_WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    sys.path.insert(0, sys.argv[2])
    from backtimer.settings.atomic import write_bytes

    path = Path(sys.argv[1])
    old = b"old\\n" * 60_000
    new = b"new:" + b"0123456789" * 25_000 + b"\\n"
    print("ready", flush=True)
    i = 0
    while True:
        write_bytes(path, new if i % 2 == 0 else old)
        i += 1
    """
)
OLD = b"old\n" * 60_000
NEW = b"new:" + b"0123456789" * 25_000 + b"\n"
KILLS = 50


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_mid_write_leaves_a_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "overrides" / "borden-back.yaml"
    path.parent.mkdir()
    path.write_bytes(OLD)
    script = tmp_path / "writer.py"
    script.write_text(_WRITER)
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    seen = {OLD: 0, NEW: 0}
    for kill in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, str(script), str(path), str(ROOT)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        try:
            assert child.stdout is not None
            assert child.stdout.readline() == b"ready\n", (
                child.stderr.read() if child.stderr else ""
            )
            time.sleep(rng.uniform(0, 0.05))
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=10)
            if child.stdout:
                child.stdout.close()
            if child.stderr:
                child.stderr.close()
        assert child.returncode == -signal.SIGKILL
        data = path.read_bytes()
        assert data in seen, f"kill {kill + 1} (seed {seed}): a {len(data)}-byte mixed file"
        seen[data] += 1
    # Both contents were found, so the kills fell at different points of the write cycle.
    assert seen[OLD] and seen[NEW], seen
    # Leftover temporaries are hidden and never mistaken for the file; a later write cleans
    # up the ones old enough to be sure their writer is dead.
    leftovers = [p for p in path.parent.iterdir() if p != path]
    # A temporary left behind means that kill landed mid-write (35 of 50 did in a trial run).
    assert leftovers, "no kill landed mid-write; the test proved nothing"
    assert all(p.name.startswith(".borden-back.yaml.") for p in leftovers)
    for p in leftovers:
        os.utime(p, (0, 0))
    atomic.write_bytes(path, OLD)
    assert [p.name for p in path.parent.iterdir()] == ["borden-back.yaml"]


# -- the lock for a read-modify-write -----------------------------------------------------------

# Tries to take the lock without waiting; prints whether it could.
_TRY_LOCK = """\
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR)
try:
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
except BlockingIOError:
    print("busy")
else:
    print("free")
"""


def _lock_state(lock: Path) -> str:
    """'busy' or 'free': whether another process could take the lock now."""
    result = subprocess.run(
        [sys.executable, "-c", _TRY_LOCK, str(lock)],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return result.stdout.strip()


@pytest.mark.skipif(sys.platform == "win32", reason="flock")
def test_locked_keeps_other_processes_out_until_the_block_ends(tmp_path: Path) -> None:
    path = tmp_path / "settings" / "f.yaml"
    lock = path.parent / ".f.yaml.lock"
    with atomic.locked(path):
        assert lock.exists()  # the folder was made for it
        assert _lock_state(lock) == "busy"
    assert _lock_state(lock) == "free"
    # Not swept as a leftover, and the target itself is not touched.
    atomic.write_text(path, "x")
    atomic.sweep(path, older_than=-1)
    assert sorted(p.name for p in path.parent.iterdir()) == [".f.yaml.lock", "f.yaml"]


@pytest.mark.skipif(sys.platform == "win32", reason="flock")
def test_locked_releases_the_lock_when_the_block_fails(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    with pytest.raises(RuntimeError), atomic.locked(path):
        raise RuntimeError("mid-save")
    assert _lock_state(tmp_path / ".f.yaml.lock") == "free"
    assert not path.exists()
