"""The ledger's write lock: one writer at a time, across processes.

On POSIX an advisory flock(2) on figures/.lock, taken here directly: the
`filelock` package does the same, but importing it (and the logging, secrets and
decimal it pulls in) costs about a tenth of a `kzt record`. Both lock the same
way, so a kzt using either excludes the other. Windows uses `filelock`.
The file is created 0o664 (group-writable, for a shared office folder) and left
in place; a lock file that cannot be opened (a folder, a symlink loop, another
user's file) raises the OSError, and waiting past `timeout` raises LockTimeout.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path
from typing import Any

MODE = 0o664
POLL_SECONDS = 0.05


class LockTimeout(Exception):
    """Another process held the lock for longer than the timeout."""


class WriteLock:
    """acquire() waits up to `timeout` seconds (LockTimeout), release() lets the next writer in."""

    def __init__(self, lock_file: Path, timeout: float) -> None:
        self.lock_file, self.timeout = lock_file, timeout
        self._fd: int | None = None
        self._filelock: Any = None

    def acquire(self) -> None:
        if os.name == "nt":
            from filelock import FileLock, Timeout

            self._filelock = FileLock(str(self.lock_file), timeout=self.timeout, mode=MODE)
            try:
                self._filelock.acquire()
            except Timeout:
                raise LockTimeout(str(self.lock_file)) from None
            return
        import fcntl

        fd = _open(self.lock_file)
        deadline = time.monotonic() + self.timeout
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise LockTimeout(str(self.lock_file)) from None
                    time.sleep(POLL_SECONDS)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    def release(self) -> None:
        if self._filelock is not None:
            self._filelock.release()
            self._filelock = None
        if self._fd is not None:
            import fcntl

            fd, self._fd = self._fd, None
            try:
                fcntl.flock(fd, fcntl.LOCK_UN)
            finally:
                os.close(fd)


def _open(lock_file: Path) -> int:
    flags = os.O_RDWR | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(lock_file, flags | os.O_CREAT | os.O_EXCL, MODE)
    except FileExistsError:
        return os.open(lock_file, flags)  # a folder, a symlink or no permission: its OSError says which
    with contextlib.suppress(PermissionError):
        os.fchmod(fd, MODE)  # the umask must not take the group's write permission away
    return fd
