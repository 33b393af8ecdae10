"""Writes a file so that, whatever happens mid-write, the old file or the new one is there whole.

The bytes go to a temporary file in the same folder (a rename is only atomic within one file
system), are flushed and fsynced, and then replace the target with one rename; the folder is
fsynced last so that the rename itself survives a power cut. A crash leaves at most a stray
temporary file, which a later write sweeps up.

``locked`` serialises a read-modify-write of one file between processes, so that two writers at
the same moment do not each write what they read before the other's change.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

_TMP_SUFFIX = ".tmp"
# A temporary file this old belongs to a writer that died; a live writer takes milliseconds.
_STALE_SECONDS = 3600.0


def _tmp_prefix(path: Path) -> str:
    # Hidden, and named after its target, so a sweep only touches this target's leftovers.
    return f".{path.name}."


def write_bytes(path: Path, data: bytes, *, mode: int | None = None, durable: bool = True) -> None:
    """Replace ``path`` with ``data`` atomically, creating its folder if needed.

    ``mode`` defaults to the existing file's permissions, or 0o644 for a new file. Raises
    OSError (with the errno of the step that failed); the target is then untouched.
    ``durable=False`` leaves out the fsyncs, for a cache that can be made again and that checks
    what it reads: the rename is still atomic, only a power cut may lose the file.
    """
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    if mode is None:
        try:
            mode = stat.S_IMODE(os.stat(path).st_mode)
        except FileNotFoundError:
            mode = 0o644
    fd, tmp_name = tempfile.mkstemp(prefix=_tmp_prefix(path), suffix=_TMP_SUFFIX, dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), mode)
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    if durable:
        fsync_dir(folder)
    sweep(path)


def write_text(path: Path, text: str, *, mode: int | None = None) -> None:
    """``write_bytes`` for UTF-8 text."""
    write_bytes(path, text.encode("utf-8"), mode=mode)


def remove(path: Path) -> bool:
    """Delete ``path`` durably; False if there was nothing to delete."""
    try:
        path.unlink()
    except (FileNotFoundError, NotADirectoryError):
        # NotADirectoryError: a file stands where a folder of the path should be, so the file
        # cannot exist either.
        return False
    fsync_dir(path.parent)
    return True


def fsync_dir(folder: Path) -> None:
    """Flush a folder's entries (a rename or delete) to disk, where the platform allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return  # e.g. Windows cannot open a folder; its renames are journalled anyway.
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on a folder; the data itself is already synced.
    finally:
        os.close(fd)


def sweep(path: Path, *, older_than: float = _STALE_SECONDS) -> None:
    """Remove temporary files left next to ``path`` by writers that died mid-write."""
    cutoff = time.time() - older_than
    try:
        # Matched by hand, not by glob: a file name may hold glob characters such as '['.
        prefix = _tmp_prefix(path)
        leftovers = [
            p
            for p in path.parent.iterdir()
            if p.name.startswith(prefix) and p.name.endswith(_TMP_SUFFIX)
        ]
    except OSError:
        return
    for tmp in leftovers:
        with contextlib.suppress(OSError):
            if tmp.stat().st_mtime < cutoff:
                tmp.unlink()


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock for a read-modify-write of ``path``: another process locking the
    same path waits until this one is done. The lock is taken on a hidden file beside ``path``
    (its folder is created if needed) and released when the block ends, even if the process
    dies. The lock file is left in place: removing it would let a waiting process and a new one
    each lock a different file.
    """
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / f".{path.name}.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        if sys.platform != "win32":
            import fcntl

            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
            except OSError as exc:
                # A file system without locks (some network mounts): the write is still
                # atomic, only saves at the very same moment are not kept apart.
                if exc.errno not in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOTSUP):
                    raise
        yield
    finally:
        os.close(fd)  # closing the only descriptor releases the lock
