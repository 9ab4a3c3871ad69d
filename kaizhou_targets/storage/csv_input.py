"""Reading a statistics table saved as text: UTF-8 (with or without BOM) or GBK; separated by
commas, tabs (copied out of Excel, saved as 文本文件) or semicolons, whichever the file uses."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..core.errors import InputError
from ..i18n import _

SEPARATORS = ("\t", ";", ",")
SNIFF_LINES = 30


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


def sniff_separator(text: str) -> str:
    """The separator of the first line that has one: a tab before a semicolon before a comma, since a
    comma also sits inside figures (5,600) and a semicolon in notes, but a tab only between cells."""
    for line in text.splitlines()[:SNIFF_LINES]:
        for separator in SEPARATORS:
            if separator in line:
                if separator == ";" and line.count(",") > line.count(";"):
                    return ","
                return separator
    return ","


def read_grid(path: Path) -> tuple[list[tuple[int, list[str]]], str, str]:
    """Every non-empty record as (line number, cells), the encoding and the separator."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(_("{path}：无法读取（{reason}）。请核对路径。").format(
            path=path, reason=error.strerror)) from None
    text, encoding = decode_table(data)
    separator = sniff_separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    records = []
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                records.append((reader.line_num, cells))
    except csv.Error as error:
        raise InputError(_("{path}:{line}：{reason}；请在 Excel 中重新另存为 CSV 后导入。没有记录任何数据。").format(
            path=path, line=reader.line_num, reason=error)) from None
    return records, encoding, separator
