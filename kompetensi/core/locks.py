"""Locks between processes, and folders replaced whole.

One process at a time writes a cycle's processed data or report folder (:func:`hold`), and it
writes into a temporary folder beside the target that replaces the target only when complete
(:func:`staging_folder`, :func:`replace_folder`): an interrupted build or run leaves the
previous complete folder (or none), never a half-written one.

A lock is a file beside what it protects (``.<siklus>.lock``), held with the operating
system's file lock (:mod:`filelock`): it is released when its process ends, however it ends,
so a killed run leaves no stale lock behind. Within one process a lock is re-entrant, so
:func:`kompetensi.processing.load.load_processed` can hold a cycle's lock while
:func:`kompetensi.processing.build.build_processed` takes it again.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from kompetensi.core.errors import KompetensiError

PROCESSED_WAIT = 600.0  # seconds to wait for another process that builds the same cycle


def lock_path(folder: Path) -> Path:
    """The lock file of a cycle folder: ``<parent>/.<name>.lock``."""
    return folder.with_name(f".{folder.name}.lock")


@contextmanager
def hold(folder: Path, *, wait: float, busy: str) -> Iterator[None]:
    """Hold the lock of ``folder`` (waiting up to ``wait`` seconds) for the ``with`` block.

    Parameters
    ----------
    folder
        What the lock protects; the lock file is :func:`lock_path` of it.
    wait
        Seconds to wait for another process that holds it (0: do not wait).
    busy
        The message of the error raised when the lock is still held after ``wait``.

    Raises
    ------
    KompetensiError
        With ``busy`` when another process holds the lock.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp()) / "2025"
    >>> with hold(folder, wait=0, busy="sibuk"), hold(folder, wait=0, busy="sibuk"):
    ...     lock_path(folder).name
    '.2025.lock'
    """
    path = lock_path(folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(path, is_singleton=True)  # one object per file: re-entrant in a thread
    try:
        lock.acquire(timeout=wait)
    except Timeout:
        raise KompetensiError(busy) from None
    try:
        yield
    finally:
        lock.release()


def staging_folder(target: Path) -> Path:
    """A new empty temporary folder ``.<name>-XXXX`` beside ``target`` (same file system).

    Leftovers of interrupted writers of ``target`` are removed first: call it while holding
    :func:`hold` of ``target``, so no live writer owns them.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    for leftover in target.parent.glob(f".{target.name}-*"):
        if leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))


def replace_folder(staging: Path, target: Path) -> None:
    """Put the complete ``staging`` folder in the place of ``target`` (renames, no copies).

    ``target`` is first renamed aside, then ``staging`` renamed to it: at every moment
    ``target`` is either the old complete folder, absent, or the new complete folder.
    """
    old = target.with_name(f".{target.name}-lama")
    if target.exists():
        shutil.rmtree(old, ignore_errors=True)
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)
