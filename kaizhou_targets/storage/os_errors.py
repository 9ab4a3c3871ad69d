"""Operating-system failures as sentences: what failed, where, what to do."""

from __future__ import annotations

import errno
from pathlib import Path

from ..core.errors import LedgerError
from ..i18n import _


def reason(error: OSError) -> str:
    """Why an operation on a file failed, in words a user can act on."""
    code = error.errno
    if code in (errno.EACCES, errno.EPERM):
        return _("没有权限（请让文件夹的所有者给你写入权限，或换一个你能写入的文件夹）")
    if code == errno.EROFS:
        return _("所在的文件系统是只读的（请换到可写的磁盘或共享文件夹）")
    if code in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return _("磁盘已满或超出配额（请腾出空间后重试）")
    if code == errno.EISDIR:
        return _("这是一个文件夹，不是文件（请删除或改名这个文件夹）")
    if code == errno.ELOOP:
        return _("符号链接形成了循环（请修正或删除这个链接）")
    if code == errno.ENOTDIR:
        return _("路径中有一段是文件而不是文件夹（请检查路径）")
    if code == errno.ENOENT:
        return _("文件或文件夹不存在（请检查路径）")
    return _("{detail}（请检查这个路径）").format(detail=error.strerror or str(error))


def write_failure(error: OSError, path: Path | str) -> LedgerError:
    """A write that failed and was undone: every file is as it was."""
    return LedgerError(_("无法写入 {path}：{reason}。文件保持原样，什么都没有记录。").format(
        path=path, reason=reason(error)))


def read_failure(error: OSError, path: Path | str) -> LedgerError:
    return LedgerError(_("无法读取 {path}：{reason}。什么都没有改动。").format(path=path, reason=reason(error)))
