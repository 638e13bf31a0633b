"""One run at a time on a folder, and the leftovers of an interrupted run removed at the next.

:func:`exclusive` takes a lock on a folder (``data/processed``, ``reports``) for an ingest or a
build: a lock file beside the folder (``data/.processed.bimmaturity-lock``; beside, so that a
refused ingest leaves no trace in the folder), held with ``fcntl.flock`` and holding the process
id. The operating system releases it when the process ends in any way (even a kill), so
a stale lock from a killed run never blocks the next one. A second run waits briefly, then
refuses with :class:`Busy` (a Dutch message naming the folder and the process holding it).

:func:`remove_leftovers` removes, under that lock, what an interrupted run can leave behind: the
staging folders of :func:`bimmaturity.store.write_processed` (``.staging-*``) and of the saved
analysis (``.analysis-*``), and the temporary files of :func:`bimmaturity.store.atomic_write`
and :func:`bimmaturity.store.atomic_path`.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

__all__ = ["LOCK_SUFFIX", "Busy", "exclusive", "lock_path", "remove_leftovers"]

LOCK_SUFFIX = ".bimmaturity-lock"
WAIT_SECONDS = 2.0
"""How long a second run waits for the lock before it refuses."""


class Busy(RuntimeError):
    """Another ingest or build holds the lock on the folder."""


def _holder(path: Path) -> str:
    try:
        pid = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""
    return f" (proces {pid})" if pid.isdigit() else ""


def lock_path(folder: Path) -> Path:
    """The lock file of ``folder``: hidden, beside it.

    Examples
    --------
    >>> lock_path(Path("/p/data/processed")).as_posix()
    '/p/data/.processed.bimmaturity-lock'
    """
    folder = Path(folder)
    return folder.parent / f".{folder.name}{LOCK_SUFFIX}"


@contextlib.contextmanager
def exclusive(*folders: Path, wait: float = WAIT_SECONDS) -> Iterator[None]:
    """Hold the lock on every folder in ``folders`` for the block (the folders need not exist;
    their parent folders are created).

    Raises
    ------
    Busy
        When another process holds one of the locks after ``wait`` seconds.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp()) / "processed"
    >>> with exclusive(folder):
    ...     lock_path(folder).read_text() == str(os.getpid()), folder.exists()
    (True, False)
    """
    with contextlib.ExitStack() as stack:
        for folder in dict.fromkeys(Path(f).resolve() for f in folders):
            stack.enter_context(_lock(folder, wait))
        yield


@contextlib.contextmanager
def _lock(folder: Path, wait: float) -> Iterator[None]:
    path = lock_path(folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    raise Busy(
                        f"er loopt al een 'bimmaturity ingest' of 'build' op {folder}"
                        f"{_holder(path)}; wacht tot die klaar is en probeer het dan opnieuw"
                    ) from None
                time.sleep(0.1)
        os.ftruncate(handle, 0)
        os.pwrite(handle, str(os.getpid()).encode("ascii"), 0)
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                os.ftruncate(handle, 0)
    finally:
        os.close(handle)  # closing releases the lock


TEMPORARY = re.compile(r"\.(?:staging-|analysis-).+|\..+\.[a-z0-9_]{8}(?:\.[A-Za-z0-9]+)?")
"""Names of what an interrupted run leaves: staging folders, and the temporaries of atomic
writes (``.<name>.<8 random characters>[.<suffix>]``)."""


def remove_leftovers(*folders: Path) -> list[Path]:
    """Remove the leftovers of an interrupted run under ``folders`` (call it holding the lock).

    Only hidden entries named like a staging folder (``.staging-*``, ``.analysis-*``) or an
    atomic-write temporary are removed; anything else, and anything behind a link, stays.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> for name in [".index.html.ab12cd_9", "index.html", ".staging-x/a", ".gitkeep"]:
    ...     (folder / name).parent.mkdir(exist_ok=True)
    ...     _ = (folder / name).write_text("x")
    >>> [p.name for p in remove_leftovers(folder)], sorted(p.name for p in folder.iterdir())
    (['.staging-x', '.index.html.ab12cd_9'], ['.gitkeep', 'index.html'])
    """
    removed = []
    for folder in folders:
        folder = Path(folder)
        if not folder.is_dir() or folder.is_symlink():
            continue
        for root, dirs, files in os.walk(folder):
            for name in sorted(dirs):
                path = Path(root) / name
                if name.startswith((".staging-", ".analysis-")) and not path.is_symlink():
                    shutil.rmtree(path, ignore_errors=True)
                    removed.append(path)
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in sorted(files):
                if not name.endswith(LOCK_SUFFIX) and TEMPORARY.fullmatch(name):
                    path = Path(root) / name
                    with contextlib.suppress(FileNotFoundError):
                        path.unlink()
                    removed.append(path)
    return removed
