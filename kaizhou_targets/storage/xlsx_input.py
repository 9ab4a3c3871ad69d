"""Reading figures from an Excel workbook as the 统计局 sends it.

The header row is found wherever it is (the first rows of a 统计月报 sheet are
a title and a unit line), by Chinese or English names: 指标/目标/target,
数值/值/value, 数据期/期间/period, 备注/说明/note. Cells are read for what
they mean: numbers, text numbers, percentages formatted as % (0.054 shown as
5.4% reads as 5.4%), dates (a date shown as a month reads as that month).
Empty rows and rows that are one merged cell (a section title, a 注 line
under the table) are skipped; a cell merged down over several rows counts on
each of them. Errors name cells as Excel shows them: 第12行 C列.

The rows then go through exactly the checks of a CSV import (bulk.check_rows);
`check_sheet` only re-words its errors to point at the cell.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from ..core.drafting import Draft
from ..core.errors import InputError, KztError
from ..core.model import Ledger
from ..i18n import N_, _

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
FIELDS = ("target", "value", "period", "note")
HEADER_NAMES = {
    "target": ("指标", "指标名称", "目标", "目标任务", "target", "indicator"),
    "value": ("数值", "值", "完成值", "value"),
    "period": ("数据期", "期间", "时期", "period", "asof"),
    "note": ("备注", "说明", "note", "notes"),
}
FIELD_TITLES = {"target": N_("指标"), "value": N_("数值"), "period": N_("数据期"), "note": N_("备注")}
HEADER_SEARCH_ROWS = 30
_BRACKETED = re.compile(r"[（(][^）)]*[）)]")
_QUOTED = re.compile(r'"[^"]*"|\\.')

Rows = list[tuple[int, dict[str, str]]]


@dataclass
class SheetTable:
    """The figure rows of one sheet, with where each field's column is."""

    path: Path
    sheet: str
    rows: Rows = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # field → column letter

    @property
    def label(self) -> str:
        """How the preview names the source (where a CSV import shows its encoding)."""
        return _("工作表“{sheet}”").format(sheet=self.sheet)

    def cell(self, row: int, name: str) -> str:
        return _("第{row}行 {column}列（{title}）").format(row=row, column=self.columns[name],
                                                       title=_(FIELD_TITLES[name]))


def is_workbook(path: Path) -> bool:
    return path.suffix.lower() in WORKBOOK_SUFFIXES


def _header_key(text: str) -> str:
    """'数值（%）' → '数值'; case, spaces and full-width spaces ignored."""
    return _BRACKETED.sub("", text).replace("\u3000", "").replace(" ", "").replace("_", "").strip().lower()


def _field_of(text: object) -> str | None:
    if not isinstance(text, str):
        return None
    key = _header_key(text)
    for name, aliases in HEADER_NAMES.items():
        if key in aliases:
            return name
    return None


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
    """The cell as the text `kzt record` would be typed; InputError for a cell no figure can be."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        raise InputError(_("单元格是逻辑值 {value}，不是{title}。").format(value=str(value).upper(),
                                                                      title=_(FIELD_TITLES[name])))
    if cell.data_type == "e":
        raise InputError(_("单元格是 Excel 错误值 {value}；请先在 Excel 中改正公式。").format(value=value))
    if isinstance(value, datetime | date):
        if name == "value":
            raise InputError(_("单元格是日期 {value}，数值列应填数字。").format(value=value))
        return _date_text(value, cell.number_format)
    if isinstance(value, time):
        raise InputError(_("单元格是时间 {value}，不是{title}。").format(value=value, title=_(FIELD_TITLES[name])))
    if isinstance(value, int | float):
        if name == "value" and "%" in _QUOTED.sub("", cell.number_format or ""):
            return _number_text(value * 100) + "%"
        return _number_text(value)
    return str(value).strip()


def _open(path: Path) -> Any:
    from openpyxl import load_workbook

    if path.suffix.lower() == ".xls":
        raise InputError(_("{path} 是旧的 .xls 格式；请在 Excel 中“另存为” .xlsx 工作簿后再导入。").format(path=path))
    try:
        # data_only: a formula cell reads as the value Excel last calculated and saved.
        return load_workbook(path, data_only=True)
    except FileNotFoundError:
        raise InputError(_("{path} 不存在，请检查路径。").format(path=path)) from None
    except OSError as error:
        raise InputError(_("{path} 无法读取（{reason}），请检查路径和权限。").format(
            path=path, reason=error.strerror or error)) from None
    except (zipfile.BadZipFile, KeyError, ValueError):
        raise InputError(_("{path} 不是有效的 Excel 工作簿（.xlsx）；请在 Excel 中打开并另存为 .xlsx。").format(
            path=path)) from None


def _merges(sheet: Any) -> tuple[dict[tuple[int, int], Any], set[tuple[int, int]]]:
    """Every cell inside a merged range → the range's top-left cell (which holds the value);
    and the top-left cells of ranges wider than one column."""
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


def read_sheet(path: Path, sheet_name: str | None = None) -> SheetTable:
    """The figure rows of the named sheet (default: the first), or an InputError naming the cells."""
    book = _open(path)
    names = book.sheetnames
    if sheet_name is None:
        sheet = book.worksheets[0]
    elif sheet_name in names:
        sheet = book[sheet_name]
    else:
        raise InputError(_("{path} 中没有名为“{sheet}”的工作表；现有：{names}。用 --sheet 指定其中之一。").format(
            path=path, sheet=sheet_name, names="、".join(names)))
    table = SheetTable(path, sheet.title)
    header_row = None
    for row in sheet.iter_rows(min_row=1, max_row=min(sheet.max_row, HEADER_SEARCH_ROWS)):
        found = {}
        for cell in row:
            name = _field_of(cell.value)
            if name and name not in found:
                found[name] = cell
        if "target" in found and "value" in found:
            header_row = row[0].row
            table.columns = {name: cell.column_letter for name, cell in found.items()}
            indexes = {name: cell.column - 1 for name, cell in found.items()}
            break
    if header_row is None:
        raise InputError(_("{path} 的工作表“{sheet}”前{rows}行中找不到表头：需要“指标”和“数值”列"
                           "（或 target、value），以及“数据期”（period），“备注”（note）可选。").format(
            path=path, sheet=sheet.title, rows=HEADER_SEARCH_ROWS))
    if "period" not in indexes:
        raise InputError(_("{path} 的工作表“{sheet}”第{row}行的表头缺少“数据期”列（也可写 期间 或 period）；"
                           "每个数要说明是哪一期的，例如 2026年1-9月。").format(
            path=path, sheet=sheet.title, row=header_row))
    anchors, wide = _merges(sheet)
    errors = []
    for row in sheet.iter_rows(min_row=header_row + 1):
        number = row[0].row
        filled = [c for c in row if c.value is not None and str(c.value).strip() != ""]
        # An empty row, or one wide merged cell alone (a section title, a 注 line): not a figure.
        if not filled or (len(filled) == 1 and (number, filled[0].column) in wide):
            continue
        # A cell merged down over several rows (one 指标 for two periods) counts on each of them.
        row = tuple(anchors.get((number, c.column), c) for c in row)
        values: dict[str, str] = {}
        for name in FIELDS:
            if name not in indexes:
                values[name] = ""
                continue
            index = indexes[name]
            try:
                values[name] = cell_text(row[index], name) if index < len(row) else ""
            except InputError as error:
                errors.append(f"  {table.cell(number, name)}：{error}")
                values[name] = ""
        table.rows.append((number, values))
    if errors:
        raise InputError(_("{path}（工作表“{sheet}”）有单元格不能读作数据，所以一条也没有记录。请改正后重新导入：\n"
                           "{listed}").format(path=path, sheet=sheet.title, listed="\n".join(errors)))
    return table


def read_figure_rows(path: Path, sheet: str | None) -> tuple[Rows, str, SheetTable | None]:
    """Rows from a workbook or a CSV table, how the preview names their source, and the sheet if any."""
    if is_workbook(path) or path.suffix.lower() == ".xls":
        table = read_sheet(path, sheet)
        return table.rows, table.label, table
    if sheet is not None:
        raise InputError(_("--sheet 只用于 Excel 工作簿（.xlsx）；{path} 不是。").format(path=path))
    from .csv_input import read_table

    rows, encoding = read_table(path)
    return rows, encoding, None


def _first_problem(ledger: Ledger, row: dict[str, str], today: date, force: bool) -> tuple[str, str] | None:
    """Which cell of a row the checks of `kzt record` refuse, and why: the same steps in the same order."""
    from ..core.drafting import check_note, fit_rule
    from ..core.lookup import find_target
    from ..core.periods import parse_period
    from ..core.values import normalize_text, parse_value

    steps: list[tuple[str, Callable[[], object]]] = []
    try:
        target = find_target(row["target"], ledger.targets)
    except KztError as error:
        return "target", str(error)
    fit = fit_rule(ledger.settings)
    steps = [("period", lambda: parse_period(row["period"], target, today, force=force, fit=fit)),
             ("value", lambda: (parse_value(row["value"], target, force=force),
                                normalize_text(row["value"], "The value"))),
             ("note", lambda: check_note(row["note"]))]
    for name, step in steps:
        try:
            step()
        except KztError as error:
            return name, str(error)
    return None


def check_sheet(table: SheetTable | None, check: Callable[[], list[Draft]], ledger: Ledger, today: date,
                force: bool) -> list[Draft]:
    """Run the import's own checks; for a workbook, name each refused cell by Excel row and column."""
    try:
        return check()
    except InputError:
        if table is None:
            raise
        located = []
        for number, row in table.rows:
            problem = _first_problem(ledger, row, today, force)
            if problem is not None:
                name, message = problem
                if name not in table.columns:  # the note column is optional
                    name = "value"
                located.append(f"  {table.cell(number, name)}：{message.splitlines()[0]}")
        if not located:
            raise
        listed = "\n".join(located[:20])
        more = _("\n  ……另有{count}处").format(count=len(located) - 20) if len(located) > 20 else ""
        raise InputError(_("{path}（工作表“{sheet}”）中{bad}行（共{total}行）不能记录，所以一条也没有记录。"
                           "请改正这些单元格后重新导入：\n{listed}{more}").format(
            path=table.path, sheet=table.sheet, bad=len(located), total=len(table.rows), listed=listed,
            more=more)) from None
