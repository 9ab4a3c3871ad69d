"""The files kzt may touch: inside the ledger's folder, never through a link, never half-written.

A shared ledger is a folder other offices commit to, so every file in it may be
hostile: a figures file that is a symbolic link to `~/.ssh/id_rsa`, a journal
naming `../targets.toml`, a link planted where the next temporary file will be.
The rules here, which every writer of storage/ follows:

- A file kzt keeps for itself (figures files, imports.toml, the journals, the
  quarantine, the cache) is opened with O_NOFOLLOW and must be a regular file;
  a link there is refused, never followed (`open_own`, `read_own`).
- A name read from one of kzt's own files (the import journal lists the files
  it appended to) must be a plain name of a figures file: no folder, no `..`,
  no leading dot (`plain_figures_name`).
- A path the ledger names (its reports' folder and files) must resolve inside
  the ledger's folder (`inside`).
- A temporary file is created exclusively (O_CREAT | O_EXCL | O_NOFOLLOW) under
  a name nobody can predict (`exclusive_temporary`), so a link planted for the
  next name cannot redirect the write.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from ..core.errors import LedgerError
from ..i18n import _

NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
CLOEXEC = getattr(os, "O_CLOEXEC", 0)
BINARY = getattr(os, "O_BINARY", 0)
# Larger than any history kzt writes (200,000 figures in one file are about 40 MB), small enough that a
# hostile file cannot take the machine's memory: a file beyond it blinds its own target only.
MAX_OWN_FILE = 256 * 1024 * 1024
JOURNAL_LIMIT_SMALL = 1024 * 1024  # a rename journal holds two ids


def link_refusal(path: Path | str) -> LedgerError:
    return LedgerError(_("{path} 是一个符号链接（或不是普通文件）；kzt 不会跟随台账里的链接去读写别处的文件，"
                         "什么都没有改动。请把它换成普通文件（可以先看看它指向哪里），或把它移出台账文件夹。").format(
        path=path))


def too_large(path: Path | str, size: int) -> LedgerError:
    return LedgerError(_("{path} 有 {size} 字节，超过 kzt 读取的上限（{limit} 字节），不可能是 kzt 写的；"
                         "kzt 不读取也不写入它，这个指标的数据暂不计入。请查看它从哪里来（如 git log），"
                         "恢复正确的版本。").format(path=path, size=size, limit=MAX_OWN_FILE))


def is_link(path: Path | str) -> bool:
    try:
        return stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:
        return False


def open_own(path: Path | str, flags: int, mode: int = 0o644) -> int:
    """os.open of one of kzt's own files, never through a symbolic link (LedgerError if it is one, or is
    not a regular file); other OSErrors are the caller's to word."""
    try:
        fd = os.open(path, flags | NOFOLLOW | CLOEXEC | BINARY, mode)
    except OSError as error:
        if error.errno == errno.ELOOP or (not NOFOLLOW and is_link(path)):
            raise link_refusal(path) from None
        raise
    if not NOFOLLOW and is_link(path):  # no O_NOFOLLOW (Windows): look after opening, before using it
        os.close(fd)
        raise link_refusal(path)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise link_refusal(path)
    return fd


def read_own(path: Path | str, limit: int = MAX_OWN_FILE) -> bytes | None:
    """The whole of one of kzt's own files (None if there is none), refused if it is a link, not a
    regular file, or larger than `limit`. Other OSErrors are raised as they are."""
    return read_own_with_stat(path, limit)[0]


def read_own_with_stat(path: Path | str, limit: int = MAX_OWN_FILE) -> tuple[bytes | None, os.stat_result | None]:
    """read_own, with the file's stat as opened."""
    try:
        fd = open_own(path, os.O_RDONLY)
    except FileNotFoundError:
        return None, None
    try:
        found = os.fstat(fd)
        size = found.st_size
        if size > limit:
            raise too_large(path, size)
        chunks = []
        while True:
            chunk = os.read(fd, max(size, 1 << 16))
            if not chunk:
                break
            chunks.append(chunk)
            if sum(map(len, chunks)) > limit:  # it grew while being read
                raise too_large(path, sum(map(len, chunks)))
        return b"".join(chunks), found
    finally:
        os.close(fd)


def plain_figures_name(name: object) -> bool:
    """A name kzt may have written into one of its own files for a file of figures/: `<id>.toml`."""
    if not isinstance(name, str) or not name.endswith(".toml"):
        return False
    stem = name[:-5]
    return bool(stem) and stem[0].isascii() and stem[0].isalnum() \
        and all(ch.isascii() and (ch.isalnum() or ch in "-_") for ch in stem)


def inside(path: Path | str, root: Path | str) -> bool:
    """Whether `path`, every link in it resolved, lies within `root` (itself resolved)."""
    real, top = os.path.realpath(path), os.path.realpath(root)
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


def exclusive_temporary(final: Path) -> tuple[int, Path]:
    """A new temporary file beside `final`, `.<name>.<random>.tmp`, created exclusively: (fd, path)."""
    for _attempt in range(16):
        temporary = final.with_name(f".{final.name}.{os.urandom(8).hex()}.tmp")
        try:
            return os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW | CLOEXEC | BINARY,
                           0o666), temporary
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(final))


def check_folder(folder: Path, root: Path) -> None:
    """A folder kzt writes into (figures/, its quarantine) must not lead out of the ledger's folder."""
    if os.path.lexists(folder) and not inside(folder, root):
        raise LedgerError(_("{folder} 指向台账文件夹 {root} 之外（符号链接？）；kzt 不会在那里读写，什么都没有改动。"
                            "请把它换成台账里的普通文件夹。").format(folder=folder, root=root))
