"""A workbook is looked at before openpyxl reads it: a hostile .xlsx ends in a sentence within seconds.

An .xlsx is a zip of XML parts, and each part can be made to cost far more than its size: a zip
bomb (a 2 MB file that inflates to 700 MB), a sheet whose one cell sits at XFD1048576 (openpyxl
would walk 17 billion empty cells), entity expansion (billion laughs) or an external entity (XXE)
in a DTD. So, before a part is parsed:

- the parts' inflated sizes, as the zip declares them, must total at most MAX_INFLATED (zipfile
  never inflates a part past its declared size: a part that lies fails its CRC);
- no part may carry a DTD (`<!DOCTYPE`, `<!ENTITY`): Excel, WPS and LibreOffice never write one, and
  without one there is no entity to expand and no external file to fetch. This is why kzt does not
  depend on defusedxml: nothing that defusedxml forbids gets as far as the parser;
- each sheet's declared dimension and its count of rows and cells (counted in the inflated bytes,
  in C, without parsing) must be within MAX_ROWS, MAX_COLUMNS and MAX_CELLS.

After loading, `check_extent` holds the sheet's real extent (a cell can lie outside the declared
dimension) and the merged ranges to the same limits before any row is walked.
"""

from __future__ import annotations

import codecs
import re
import zipfile
from pathlib import Path
from typing import Any

from ..core.errors import InputError
from ..i18n import _

MAX_INFLATED = 64 * 1024 * 1024   # bytes, all parts: a 统计局 workbook inflates to well under 1 MB
MAX_PARTS = 2000
MAX_ROWS = 200_000
MAX_COLUMNS = 1_000               # a statistics sheet has tens of columns; Excel allows 16,384
MAX_CELLS = 600_000              # openpyxl loads about 100,000 cells a second
CHUNK = 1 << 20
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"\$?([A-Z]{1,3})\$?(\d{1,7})(?::\$?([A-Z]{1,3})\$?(\d{1,7}))?\"")
_MERGE_TAG = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*>")
# The reference as Excel writes it; a merge tag whose reference reads otherwise is refused.
_MERGED = re.compile(rb"\sref\s*=\s*[\"']\$?([A-Za-z]{1,3})\$?(\d{1,7})(?::\$?([A-Za-z]{1,3})\$?(\d{1,7}))?[\"']")
_DTD = (b"<!DOCTYPE", b"<!ENTITY")
ROW_TAGS = (b"<row", b":row")    # with or without a namespace prefix
CELL_TAGS = (b"<c ", b"<c>", b":c ", b":c>", b"<c\n", b":c\n", b"<c\t", b":c\t", b"<c\r", b":c\r")
TAIL = 256  # bytes carried from one chunk to the next: longer than any tag searched for


def column_number(letters: str) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number


def _refuse(path: Path, why: str) -> InputError:
    return InputError(_("{path} 不能导入：{why}。没有记录任何数据；请在 Excel 中打开它、只保留数据表后另存为 .xlsx "
                        "再导入。").format(path=path, why=why))


def _count(data: bytes, tags: tuple[bytes, ...]) -> int:
    return sum(data.count(tag) for tag in tags)


def _decoder(head: bytes) -> Any:
    """An incremental decoder for a UTF-16 part (so the DTD search sees its markup), else None."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return codecs.getincrementaldecoder("utf-16")(errors="ignore")
    if head[:2] == b"<\x00":
        return codecs.getincrementaldecoder("utf-16-le")(errors="ignore")
    if head[:2] == b"\x00<":
        return codecs.getincrementaldecoder("utf-16-be")(errors="ignore")
    return None


def _area(first: re.Match[bytes]) -> tuple[int, int, int]:
    """Rows, columns and cells of a range reference A1:XFD1048576 (one cell: A1)."""
    top, left = int(first[2]), column_number(first[1].decode())
    bottom, right = (int(first[4]), column_number(first[3].decode())) if first[3] else (top, left)
    rows, columns = abs(bottom - top) + 1, abs(right - left) + 1
    return max(top, bottom), max(left, right), rows * columns


def _check_ranges(path: Path, joined: bytes, seen: int, merged: int) -> int:
    """A sheet's declared dimension and merged ranges within the limits (openpyxl makes an object for
    every cell of a merged range as it loads); returns the merged cells counted so far. Matches that
    end within the first `seen` bytes were checked with the chunk before."""
    for match in _DIMENSION.finditer(joined):
        if match.end() > seen and match[3]:
            last_row, last_column, _cells = _area(match)
            if last_row > MAX_ROWS or last_column > MAX_COLUMNS:
                raise _refuse(path, _("工作表声明的范围到 {cell}（{rows} 行 × {columns} 列），超出导入的上限"
                                      "（{max_rows} 行、{max_columns} 列）").format(
                    cell=f"{match[3].decode()}{match[4].decode()}", rows=last_row, columns=last_column,
                    max_rows=MAX_ROWS, max_columns=MAX_COLUMNS))
    for tag in _MERGE_TAG.finditer(joined):
        if tag.end() <= seen:
            continue
        reference = _MERGED.search(tag[0])
        if reference is None:
            raise _refuse(path, _("工作表的合并单元格写作 {tag}，不是 Excel 写出的样子").format(
                tag=tag[0][:80].decode("utf-8", "replace")))
        last_row, last_column, cells = _area(reference)
        merged += cells
        if last_row > MAX_ROWS or last_column > MAX_COLUMNS or merged > MAX_CELLS:
            raise _refuse(path, _("工作表的合并单元格 {range} 超出导入的上限（{max_rows} 行、{max_columns} 列、"
                                  "{max_cells} 个单元格）").format(
                range=re.split(rb"[\"']", reference[0])[1].decode(), max_rows=MAX_ROWS, max_columns=MAX_COLUMNS,
                max_cells=MAX_CELLS))
    return merged


def _scan_part(path: Path, book: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """One part read through once, in C-speed searches: no DTD anywhere in it; a sheet's declared
    dimension, merged ranges, rows and cells within the limits."""
    sheet = info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
    rows = cells = merged = 0
    tail = b""
    with book.open(info) as part:
        chunk = part.read(CHUNK)
        decoder = _decoder(chunk)
        if decoder is None and not chunk.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
            return  # not XML (an image, an embedded file): openpyxl does not parse it
        while chunk:
            text = decoder.decode(chunk).encode("utf-8") if decoder is not None else chunk
            joined = tail + text
            if any(marker in joined for marker in _DTD):
                raise _refuse(path, _("部件 {part} 含有 DTD（<!DOCTYPE> 或 <!ENTITY>）；Excel 从不写入 DTD，"
                                      "它只会用来展开实体或读取外部文件").format(part=info.filename))
            if sheet:
                # A tag split across two chunks is counted once: the carried-over tail was counted before.
                rows += _count(joined, ROW_TAGS) - _count(tail, ROW_TAGS)
                cells += _count(joined, CELL_TAGS) - _count(tail, CELL_TAGS)
                if rows > MAX_ROWS or cells > MAX_CELLS:
                    raise _refuse(path, _("工作表超过 {rows} 行或 {cells} 个单元格").format(
                        rows=MAX_ROWS, cells=MAX_CELLS))
                merged = _check_ranges(path, joined, len(tail), merged)
            tail = joined[-TAIL:]
            chunk = part.read(CHUNK)


def check_workbook(path: Path) -> None:
    """Refuse (InputError) a workbook too large inflated, with a DTD in a part, or a sheet too big;
    a file that is not a zip at all is left for openpyxl to name."""
    try:
        book = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    with book:
        parts = book.infolist()
        if len(parts) > MAX_PARTS:
            raise _refuse(path, _("它由 {count} 个部件组成，一个工作簿通常只有几十个").format(count=len(parts)))
        inflated = sum(info.file_size for info in parts)
        if inflated > MAX_INFLATED:
            raise _refuse(path, _("解压后有 {size} MB，超过导入的上限 {limit} MB（压缩包炸弹，或不是一张统计表）")
                          .format(size=inflated // (1024 * 1024), limit=MAX_INFLATED // (1024 * 1024)))
        try:
            for info in parts:
                # Any part may be named as XML by the content types, whatever its name; an image's
                # bytes are passed over (_scan_part), and an SVG image's DTD is the image's own business.
                if not info.is_dir() and not info.filename.lower().endswith(".svg"):
                    _scan_part(path, book, info)
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
            raise InputError(_("{path} 不是有效的 Excel 工作簿（.xlsx），压缩数据已损坏；请在 Excel 中打开并另存为 "
                               ".xlsx。").format(path=path)) from None


def check_extent(path: Path, sheet: Any) -> None:
    """The loaded sheet's real extent and merged ranges within the limits, before a row is walked."""
    rows, columns = sheet.max_row, sheet.max_column
    if rows > MAX_ROWS or columns > MAX_COLUMNS:
        raise _refuse(path, _("工作表“{sheet}”的数据延伸到第 {rows} 行、第 {columns} 列，超出导入的上限"
                              "（{max_rows} 行、{max_columns} 列）").format(
            sheet=sheet.title, rows=rows, columns=columns, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS))
    merged = 0
    for cells in sheet.merged_cells.ranges:
        merged += (cells.max_row - cells.min_row + 1) * (cells.max_col - cells.min_col + 1)
        if merged > MAX_CELLS or cells.max_row > MAX_ROWS or cells.max_col > MAX_COLUMNS:
            raise _refuse(path, _("工作表“{sheet}”的合并单元格 {range} 超出导入的上限").format(
                sheet=sheet.title, range=cells.coord))
