"""Appending to one of kzt's own files: in one write, fsynced, undone on failure, never through a link."""

from __future__ import annotations

import os
from pathlib import Path

from . import kill_points
from .confined import open_own
from .os_errors import write_failure


def append_bytes(path: Path, data: bytes) -> None:
    """Append in one go and fsync; on any failure truncate back (remove a file this created).
    Never through a symbolic link (confined.open_own)."""
    existed = os.path.lexists(path)
    try:
        fd = open_own(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
    except OSError as error:
        raise write_failure(error, path) from None
    size = 0
    try:
        size = os.fstat(fd).st_size
        if size and os.lseek(fd, size - 1, os.SEEK_SET) >= 0 and os.read(fd, 1) != b"\n":  # (no pread on Windows)
            data = b"\n" + data  # a torn last line must not swallow the next entry
        view = memoryview(data)
        if kill_points.tears():  # the fault tests: half the bytes (cut between characters), then a kill
            cut = max(1, len(data) // 2)
            while cut > 1 and data[cut] & 0xC0 == 0x80:
                cut -= 1
            os.write(fd, view[:cut])
            kill_points.die()
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    except BaseException as error:
        try:
            if existed:
                os.ftruncate(fd, size)
                os.fsync(fd)
        except OSError:
            pass
        os.close(fd)
        if not existed:
            path.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise write_failure(error, path) from None
        raise
    os.close(fd)
