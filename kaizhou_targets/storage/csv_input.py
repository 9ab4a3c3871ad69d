"""Reading a statistics table saved by Excel: UTF-8 (with or without BOM) or GBK."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..core.errors import InputError
from ..i18n import N_, _

COLUMNS = ("target", "value", "period", "note")
# The header names people write, in either language: the office's own sheets say 指标/数值/数据期/备注.
HEADER_NAMES = {
    "target": "target", "指标": "target", "目标": "target",
    "value": "value", "数值": "value", "值": "value",
    "period": "period", "数据期": "period", "期间": "period",
    "note": "note", "备注": "note", "说明": "note",
}
CHINESE_HEADER = "指标,数值,数据期,备注"
COLUMN_WORDS = {"target": N_("指标"), "value": N_("数值"), "period": N_("数据期"), "note": N_("备注")}


def decode_table(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was read in."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gbk"
    except UnicodeDecodeError as error:
        raise InputError(_(
            "文件既不是 UTF-8 也不是 GBK 编码（第 {byte} 字节）。请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后重新导入；"
            "没有记录任何数据。").format(byte=error.start)) from None


def column_of(name: str) -> str:
    """The column a header cell names (指标 → target), or the cell itself folded."""
    folded = name.strip().lower()
    return HEADER_NAMES.get(folded, folded)


def read_table(path: Path) -> tuple[list[tuple[int, dict[str, str]]], str]:
    """Rows as (line number, {target, value, period, note}) and the encoding."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(_("{path}：无法读取（{reason}）。请核对路径。").format(
            path=path, reason=error.strerror)) from None
    text, encoding = decode_table(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(_("{path} 是空文件。它需要一行表头：{header}（或 {english}）。").format(
            path=path, header=CHINESE_HEADER, english=",".join(COLUMNS))) from None
    names = [column_of(h) for h in header]
    missing = [c for c in COLUMNS[:3] if c not in names]
    if missing:
        raise InputError(_(
            "{path}：表头缺少列 {missing}；表头应为 `{header}` 或 `{english}`（备注/note 可省略）。"
            "实际表头：{found}。").format(
            path=path, missing="、".join(f"{_(COLUMN_WORDS[c])}（{c}）" for c in missing), header=CHINESE_HEADER,
            english=",".join(COLUMNS), found=",".join(header)))
    rows: list[tuple[int, dict[str, str]]] = []
    for cells in reader:
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(names):
            raise InputError(_(
                "{path}:{line}：这一行有 {cells} 个单元格，但表头只有 {columns} 列。含逗号的数值（5,600）"
                "必须加引号，Excel 保存时会自动加。").format(
                path=path, line=reader.line_num, cells=len(cells), columns=len(names)))
        row = dict(zip(names, cells + [""] * (len(names) - len(cells)), strict=True))
        rows.append((reader.line_num, {c: row.get(c, "") for c in COLUMNS}))
    return rows, encoding
