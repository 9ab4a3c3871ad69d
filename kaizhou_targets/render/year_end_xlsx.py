"""年度目标完成情况 as an Excel workbook, laid out like the 台账 (render/xlsx.py).

One sheet 年度完成情况: a title row, the headline counts, then one row per
annual target under work-area rows: 序号, 领域, 指标, 年度目标, 单位, 全年值,
数据期, 完成率, 差距（百分点）, 完成情况, 牵头单位, 表述. Numbers are numeric
cells with number formats; the 完成情况 cells are filled green/yellow/red/grey.
A4 landscape, one page wide, the header row repeated on every page.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..i18n import N_, _
from ..year_end import Closing
from .phrases import period_words
from .xlsx import (
    AREA_FILL,
    BORDER,
    HEADER_FILL,
    PERCENT,
    POINTS,
    STATUS_FILLS,
    STATUS_FONTS,
    _print_setup,
    display_width,
    number_format,
    sheet_title,
)
from .year_end_documents import title_of
from .year_end_table import closing_phrase, grouped, headline, verdict_word

COLUMNS = (N_("序号"), N_("领域"), N_("指标"), N_("年度目标"), N_("单位"), N_("全年值"), N_("数据期"), N_("完成率"),
           N_("差距（百分点）"), N_("完成情况"), N_("牵头单位"), N_("表述"))
MAX_WIDTHS = {2: 12, 3: 30, 11: 16, 12: 50}
VERDICT_COLUMN = 10
TITLE_ROW, COUNTS_ROW, HEADER_ROW = 1, 2, 3


def _values(index: int, c: Closing) -> list[object]:
    t = c.target
    milestone = t.kind == "milestone"
    final: object = (_("已完成") if c.verdict == "met" else None) if milestone else c.final_value
    period = (c.done_on.isoformat() if c.done_on else None) if milestone else (period_words(t, c.final_period) or None)
    goal = None if milestone else (t.goal if t.goal is not None else c.goal)
    return [index, t.area, t.name, goal, t.unit or None, final, period, c.share, c.gap_pp, verdict_word(c.verdict),
            t.lead or None, closing_phrase(c)]


def workbook_bytes(closings: Sequence[Closing], name: str, year: int, when: date) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = sheet_title(_("年度完成情况"), set())
    title = title_of(name, year)
    headings = [_(c) for c in COLUMNS]
    sheet.cell(TITLE_ROW, 1, title).font = Font(bold=True, size=14)
    sheet.cell(COUNTS_ROW, 1, headline(closings, year)).font = Font(bold=True)
    for column, heading in enumerate(headings, start=1):
        cell = sheet.cell(HEADER_ROW, column, heading)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BORDER
    widths = [display_width(h) for h in headings]
    row, index = HEADER_ROW, 0
    for area, members in grouped(closings):
        row += 1
        for column in range(1, len(headings) + 1):
            cell = sheet.cell(row, column)
            cell.fill = PatternFill("solid", fgColor=AREA_FILL)
            cell.border = BORDER
        sheet.cell(row, 1, area).font = Font(bold=True)
        for c in members:
            index += 1
            row += 1
            values = _values(index, c)
            # Wrapped text needs its row tall enough, or LibreOffice and Excel print it over the next row.
            lines = max((-(-display_width(str(v)) // MAX_WIDTHS[column]) for column, v in enumerate(values, start=1)
                         if column in MAX_WIDTHS and v is not None), default=1)
            if lines > 1:
                sheet.row_dimensions[row].height = 15 * lines
            for column, value in enumerate(values, start=1):
                cell = sheet.cell(row, column, value)
                cell.border = BORDER
                cell.alignment = Alignment(vertical="center", wrap_text=column in MAX_WIDTHS)
                if isinstance(value, float | int) and not isinstance(value, bool):
                    cell.number_format = {8: PERCENT, 9: POINTS}.get(column, number_format(value))
                if column == VERDICT_COLUMN:
                    cell.fill = PatternFill("solid", fgColor=STATUS_FILLS[c.status])
                    cell.font = Font(bold=True, color=STATUS_FONTS[c.status])
                    cell.alignment = Alignment(horizontal="center", vertical="center")
                # Measured as shown: 101.6% is wider than 1.02, and a column too narrow prints ###.
                shown = value if not isinstance(value, float) else (
                    f"{value:.1%}" if column == 8 else f"{value:+,.2f}" if column == 9 else f"{value:,.2f}")
                widths[column - 1] = max(widths[column - 1], display_width(str(shown)) if shown is not None else 0)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = min(width, MAX_WIDTHS.get(column, 12)) + 2
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 1)
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(headings))}{max(row, HEADER_ROW + 1)}"
    _print_setup(sheet, title, when)
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
