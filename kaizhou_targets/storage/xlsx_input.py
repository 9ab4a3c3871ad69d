"""Reading an Excel workbook as the 统计局 sends it, cell by cell, into the text a table of figures is.

The header is found wherever it is (the first rows of a 统计月报 sheet are a title, a 填报单位 line
and a unit line), long or wide (core/sheet_layout.py). Cells are read for what they mean: numbers,
text numbers, percentages formatted as % (0.054 shown as 5.4% reads as 5.4%), dates (a date shown as
a month reads as that month). Empty rows and rows that are one merged cell (a section title, a 注
line under the table) are skipped; a cell merged down over several rows counts on each of them; a
header cell merged across columns (本月 over 绝对值 | 增长%) heads each of them. Errors name cells as
Excel shows them: 第12行 C列.

The workbook is looked at before it is read (storage/workbook_limits.py): a zip bomb, a sheet that
reaches XFD1048576 or a DTD ends in a sentence, not in minutes of work.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from ..core.errors import InputError
from ..core.sheet_layout import FIELD_TITLES, HEADER_SEARCH_ROWS, CellProblem, Layout
from ..i18n import _
from .workbook_limits import check_extent, check_workbook

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
_QUOTED = re.compile(r'"[^"]*"|\\.')
Data = list[tuple[int, list["str | CellProblem"]]]


def is_workbook(path: Path) -> bool:
    return path.suffix.lower() in WORKBOOK_SUFFIXES


def _number_text(value: float) -> str:
    """12.0 → '12', 0.1+0.2 → '0.3': what a person sees, not the float's last bits."""
    if float(value).is_integer():
        return str(int(value))
    return f"{round(value, 10):.10f}".rstrip("0").rstrip(".")


def _date_text(value: datetime | date, number_format: str) -> str:
    day = value.date() if isinstance(value, datetime) else value
    shown = _QUOTED.sub("", number_format or "").lower()
    if "d" not in shown:  # shown as a month (2026年9月): the figure is for that month
        return f"{day.year}年{day.month}月"
    return day.isoformat()


def cell_text(cell: Any, name: str) -> str:
    """The cell as the text `kzt record` would be typed; InputError for a cell no figure can be.
    `name` is the field the cell's column holds (target, value, period, note, unit)."""
    value = cell.value
    if value is None:
        return ""
    title = _(FIELD_TITLES[name])
    if isinstance(value, bool):
        raise InputError(_("单元格是逻辑值 {value}，不是{title}。").format(value=str(value).upper(), title=title))
    if cell.data_type == "e":
        raise InputError(_("单元格是 Excel 错误值 {value}；请先在 Excel 中改正公式。").format(value=value))
    if isinstance(value, datetime | date):
        if name == "value":
            raise InputError(_("单元格是日期 {value}，数值列应填数字。").format(value=value))
        return _date_text(value, cell.number_format)
    if isinstance(value, time):
        raise InputError(_("单元格是时间 {value}，不是{title}。").format(value=value, title=title))
    if isinstance(value, int | float):
        if name == "value" and "%" in _QUOTED.sub("", cell.number_format or ""):
            return _number_text(value * 100) + "%"
        return _number_text(value)
    return str(value).strip()


def _header_text(cell: Any) -> str:
    """A header cell as text: a date heading (2026年9月) as the period it shows."""
    value = cell.value
    if value is None or isinstance(value, bool | time) or cell.data_type == "e":
        return ""
    if isinstance(value, datetime | date):
        return _date_text(value, cell.number_format)
    if isinstance(value, int | float):
        return _number_text(value)
    return str(value).strip()


def _open(path: Path) -> Any:
    from xml.etree.ElementTree import ParseError

    from openpyxl import load_workbook

    if path.suffix.lower() == ".xls":
        raise InputError(_("{path} 是旧的 .xls 格式；请在 Excel 中“另存为” .xlsx 工作簿后再导入。").format(path=path))
    try:
        check_workbook(path)
        # data_only: a formula cell reads as the value Excel last calculated and saved.
        return load_workbook(path, data_only=True)
    except FileNotFoundError:
        raise InputError(_("{path} 不存在，请检查路径。").format(path=path)) from None
    except OSError as error:
        raise InputError(_("{path} 无法读取（{reason}），请检查路径和权限。").format(
            path=path, reason=error.strerror or error)) from None
    except (ParseError, SyntaxError) as error:
        line, column = getattr(error, "position", None) or ("?", "?")
        raise InputError(_("{path} 中的 XML 已损坏（某个部件的第 {line} 行第 {column} 列），不是 Excel 能写出的工作簿；"
                           "没有记录任何数据。请在 Excel 中打开并另存为 .xlsx。").format(
            path=path, line=line, column=column)) from None
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, IndexError, AttributeError, EOFError,
            NotImplementedError, RecursionError, zipfile.LargeZipFile):
        raise InputError(_("{path} 不是有效的 Excel 工作簿（.xlsx）；请在 Excel 中打开并另存为 .xlsx。").format(
            path=path)) from None


def _merges(sheet: Any) -> tuple[dict[tuple[int, int], Any], set[tuple[int, int]]]:
    """Every cell inside a merged range → the range's top-left cell (which holds the value);
    and the top-left cells of ranges wider than one column. (Ranges are bounded: check_extent.)"""
    anchors: dict[tuple[int, int], Any] = {}
    wide: set[tuple[int, int]] = set()
    for merged in sheet.merged_cells.ranges:
        top_left = sheet.cell(merged.min_row, merged.min_col)
        if merged.max_col > merged.min_col:
            wide.add((merged.min_row, merged.min_col))
        for row in range(merged.min_row, merged.max_row + 1):
            for column in range(merged.min_col, merged.max_col + 1):
                anchors[(row, column)] = top_left
    return anchors, wide


@dataclass
class Workbook:
    """One sheet of a workbook, read as text on demand once its layout is known."""

    path: Path
    sheet: Any
    anchors: dict[tuple[int, int], Any]
    wide: set[tuple[int, int]]

    @property
    def title(self) -> str:
        return str(self.sheet.title)

    def header_rows(self) -> tuple[list[str], list[int]]:
        """The first rows as header text, a merged cell's text across all its columns."""
        rows: list[list[str]] = []
        numbers: list[int] = []
        last = min(self.sheet.max_row, HEADER_SEARCH_ROWS)
        for row in self.sheet.iter_rows(min_row=1, max_row=last):
            number = row[0].row
            rows.append([_header_text(self.anchors.get((number, c.column), c)) for c in row])
            numbers.append(number)
        return rows, numbers  # type: ignore[return-value]

    def data(self, layout: Layout, first_row: int) -> Data:
        """The rows under the header, each cell as the text of the field its column holds."""
        roles: dict[int, str] = {index: name for name, index in layout.fields.items()}
        for column in layout.columns:
            roles[column.at] = "value"
        out: Data = []
        for row in self.sheet.iter_rows(min_row=first_row):
            number = row[0].row
            filled = [c for c in row if c.value is not None and str(c.value).strip() != ""]
            # An empty row, or one wide merged cell alone (a section title, a 注 line): not a figure.
            if not filled or (len(filled) == 1 and (number, filled[0].column) in self.wide):
                continue
            # A cell merged down over several rows (one 指标 for two periods) counts on each of them.
            cells = tuple(self.anchors.get((number, c.column), c) for c in row)
            texts: list[str | CellProblem] = []
            for index, cell in enumerate(cells):
                role = roles.get(index)
                if role is None:
                    texts.append("")
                    continue
                try:
                    texts.append(cell_text(cell, role))
                except InputError as error:
                    texts.append(CellProblem(str(error)))
            out.append((number, texts))
        return out


def open_sheet(path: Path, sheet_name: str | None = None) -> Workbook:
    """The named sheet (default: the first), checked to be within the limits, or an InputError."""
    book = _open(path)
    names = book.sheetnames
    if sheet_name is None:
        sheet = book.worksheets[0]
    elif sheet_name in names:
        sheet = book[sheet_name]
    else:
        raise InputError(_("{path} 中没有名为“{sheet}”的工作表；现有：{names}。用 --sheet 指定其中之一。").format(
            path=path, sheet=sheet_name, names="、".join(names)))
    if not hasattr(sheet, "iter_rows"):  # a chart sheet
        raise InputError(_("{path} 的“{sheet}”是图表，不是工作表；用 --sheet 指定数据所在的工作表。").format(
            path=path, sheet=sheet.title))
    check_extent(path, sheet)
    anchors, wide = _merges(sheet)
    return Workbook(path, sheet, anchors, wide)
