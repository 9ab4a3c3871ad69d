"""Reading text files the way people's editors save them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..core.errors import ConflictMarkersError, LedgerError
from ..core.lazy_re import lazy_pattern
from ..core.model import Problem
from ..i18n import _

_TOML_POSITION = lazy_pattern(r"\(at line (\d+), column (\d+)\)")
# What git writes at the start of a line where it could not merge (diff3 style included).
CONFLICT_MARKER = lazy_pattern(r"^(<{7}|>{7}|\|{7})(?: |$)|^={7}$")


def decode(data: bytes, path: Path) -> str:
    """UTF-8 with an optional BOM; anything else is refused with advice."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        hint = ""
        try:
            data.decode("gb18030")
            hint = _("它看起来是 GBK/GB18030 编码（中文 Windows 上的 Excel 或记事本会这样保存）。")
        except UnicodeDecodeError:
            pass
        raise LedgerError(
            _("{path}:{line}：文件不是有效的 UTF-8 编码。{hint}请另存为 UTF-8（记事本：另存为 → 编码 UTF-8）后重新运行"
                "命令；没有改动任何内容。").format(path=path, line=line, hint=hint),
            [Problem(_("不是有效的 UTF-8"), str(path), line)],
        ) from None


def read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise LedgerError(_("{path}：没有这个文件。请核对路径，或运行 `kzt init` 新建台账。").format(
            path=path)) from None
    except OSError as error:
        raise LedgerError(_("{path}：无法读取（{reason}）。请检查它的权限。").format(
            path=path, reason=error.strerror)) from None
    return decode(data, path)


def parse_toml(text: str, path: Path) -> dict[str, Any]:
    """tomllib.loads with the error turned into file:line and advice."""
    import tomllib

    if not text.strip():
        raise LedgerError(
            _("{path}：文件是空的。请从备份或版本库恢复，或在另一个文件夹运行 `kzt init` 新建台账。").format(path=path),
            [Problem(_("空文件"), str(path), 1)],
        )
    refuse_conflict_markers(text, path)
    try:
        return tomllib.loads(text)
    except (RecursionError, MemoryError):
        raise LedgerError(_("{path}：文件嵌套过深（或过大），kzt 读不了它；没有改动任何内容。"
                            "请从备份或版本库恢复正确的版本。")
                          .format(path=path), [Problem(_("嵌套过深"), str(path), None)]) from None
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        match = _TOML_POSITION.search(message)
        line = int(match.group(1)) if match else None
        reason = _TOML_POSITION.sub("", message).strip()
        where = f"{path}:{line}" if line else str(path)
        raise LedgerError(
            _("{where}：文件不是有效的 TOML（{reason}）。请在编辑器中改正这一行后重新运行命令；没有改动任何"
                "内容。").format(
                where=where, reason=reason),
            [Problem(_("不是有效的 TOML：{reason}").format(reason=reason), str(path), line)],
        ) from None


def conflict_marker_lines(text: str) -> list[int]:
    """Line numbers (from 1) of git conflict markers in `text`."""
    return [number for number, line in enumerate(text.splitlines(), start=1)
            if CONFLICT_MARKER.match(line.rstrip("\r"))]


def refuse_conflict_markers(text: str, path: Path) -> None:
    """A file git left half-merged is read by no command and written by none."""
    lines = conflict_marker_lines(text)
    if not lines:
        return
    message = _("{path}:{line}：文件里有 git 合并冲突标记（第 {lines} 行），上一次合并还没有解决完，"
                "kzt 不会读写这个文件，什么也没有改。解决办法：用编辑器打开它，在每处冲突里保留应有的内容"
                "（两边都要的就都留下），删掉 <<<<<<<、=======、>>>>>>> 这些标记行，保存后运行 `kzt verify`，"
                "通过后 `git add` 并提交。").format(path=path, line=lines[0],
                                                   lines=", ".join(str(n) for n in lines))
    raise ConflictMarkersError(message, [Problem(_("git 合并冲突标记"), str(path), n) for n in lines])
