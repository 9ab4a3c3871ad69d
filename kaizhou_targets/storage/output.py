"""Writing a whole file: all of it or none of it.

The new content goes to a temporary file beside the real file, created
exclusively under a name nobody can predict (confined.exclusive_temporary: a
link planted there cannot redirect the write), is fsynced, takes the old
file's mode and owner, and is renamed over it; then the folder is fsynced so
the rename itself survives a power cut. A file without write permission is
refused. A symbolic link is followed only when the caller says so (`follow`:
the targets file the user named); any other link is refused, never written
through.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

from ..core.errors import KztError
from ..i18n import _
from .confined import exclusive_temporary, is_link, link_refusal
from .os_errors import reason

TEMPORARY_GLOB = ".{name}.*.tmp"


def temporary_files(path: Path) -> list[Path]:
    """Leftovers of killed atomic writes of `path`."""
    real = Path(os.path.realpath(path))
    return sorted(real.parent.glob(TEMPORARY_GLOB.format(name=real.name)))


def clean_temporary_files(path: Path) -> None:
    """Remove leftovers of killed writes (call under the ledger's lock)."""
    for leftover in temporary_files(path):
        with contextlib.suppress(OSError):
            leftover.unlink()


def fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # Windows cannot open a folder; its renames are durable without this
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomically(path: Path, data: str | bytes, *, follow: bool = False) -> None:
    """Replace the file `path` (with `follow`, the file it links to) with `data`, or leave it exactly
    as it was. Without `follow` a symbolic link at `path` is refused."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if follow:
        real = Path(os.path.realpath(path))
    elif is_link(path):
        raise link_refusal(path)
    else:
        real = Path(path)
    try:
        old = os.stat(real)
    except FileNotFoundError:
        old = None
    except OSError as error:
        raise KztError(_("无法写入 {path}：{reason}；文件保持原样。").format(path=path, reason=reason(error))) from None
    if old is not None:
        if stat.S_ISDIR(old.st_mode):
            raise KztError(_("无法写入 {path}：这是一个文件夹，不是文件；什么都没有写入。").format(path=path))
        if not old.st_mode & 0o222 or not os.access(real, os.W_OK):
            raise KztError(_("{path} 是只读文件（缺少写入权限），kzt 不会改写它；文件保持原样。"
                             "若确实要修改，请先给它写入权限（如 chmod u+w）。").format(path=path))
    temporary: Path | None = None
    try:
        fd, temporary = exclusive_temporary(real)
        with open(fd, "wb", closefd=True) as handle:
            handle.write(payload)
            handle.flush()
            if old is not None and hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), stat.S_IMODE(old.st_mode))
            if old is not None and hasattr(os, "fchown") and (old.st_uid, old.st_gid) != (os.getuid(), os.getgid()):
                # Only root may give a file to another user; for others the content is what matters.
                with contextlib.suppress(PermissionError):
                    os.fchown(handle.fileno(), old.st_uid, old.st_gid)
            os.fsync(handle.fileno())
        os.replace(temporary, real)
        fsync_folder(real.parent)
    except OSError as error:
        if temporary is not None:
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)
        raise KztError(_("无法写入 {path}：{reason}；文件保持原样。").format(path=path, reason=reason(error))) from None


def write_new_file(path: Path, data: bytes) -> None:
    """Create `path` with `data`, whole or not at all, never over an existing file or link
    (FileExistsError): a temporary file, fsynced, then linked into place (or renamed where the
    file system has no hard links, after looking that nothing is there)."""
    temporary: Path | None = None
    try:
        fd, temporary = exclusive_temporary(path)
        with open(fd, "wb", closefd=True) as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, path)  # fails if anything is at `path`, a link included
        except FileExistsError:
            raise
        except OSError:
            if os.path.lexists(path):
                raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path)) from None
            os.replace(temporary, path)
        fsync_folder(path.parent)
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)
