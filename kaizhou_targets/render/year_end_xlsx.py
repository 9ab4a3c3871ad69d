"""年度目标完成情况 as an Excel workbook, laid out like the 台账 (render/xlsx.py).

Sheet 年度完成情况: a title row, the headline counts, then one row per
annual target under work-area rows: 序号, 领域, 指标, 年度目标, 单位, 全年值,
数据期, 完成率, 差距（百分点）, 完成情况, 牵头单位, 表述. Numbers are numeric
cells with number formats; the 完成情况 cells are filled green/yellow/red/grey;
全年值 and 数据期 are empty where the year's own figure is not in.
A4 landscape, one page wide, the header row repeated on every page; the title merged across the
table, 宋体 as the 台账's, a 填表人 / 审核人 line under the rows.
Sheet 说明: how the verdicts were reached (year_end_rules.notes).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment

from ..core.year_end import Closing
from ..i18n import N_, _
from .cells import neutralise_workbook
from .phrases import period_words
from .xlsx import (
    PERCENT,
    POINTS,
    display_width,
    finish_table,
    font,
    print_setup,
    sheet_title,
    use_office_font,
    write_area_row,
    write_headings,
    write_row,
    write_signatures,
    write_title,
)
from .year_end_documents import NOTES_HEADING, title_of
from .year_end_rules import notes
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
    use_office_font(book)
    sheet = book.active
    assert sheet is not None
    sheet.title = sheet_title(_("年度完成情况"), set())
    title = title_of(name, year)
    headings = [_(c) for c in COLUMNS]
    write_title(sheet, title, len(headings))
    sheet.cell(COUNTS_ROW, 1, headline(closings, year)).font = font(bold=True)
    widths = write_headings(sheet, HEADER_ROW, headings)
    row, index = HEADER_ROW, 0
    for area, members in grouped(closings):
        row += 1
        write_area_row(sheet, row, area, len(headings))
        for c in members:
            index += 1
            row += 1
            values = _values(index, c)
            # Wrapped text needs its row tall enough, or LibreOffice and Excel print it over the next row.
            lines = max((-(-display_width(str(v)) // MAX_WIDTHS[column]) for column, v in enumerate(values, start=1)
                         if column in MAX_WIDTHS and v is not None), default=1)
            if lines > 1:
                sheet.row_dimensions[row].height = 15 * lines
            write_row(sheet, row, values, widths, max_widths=MAX_WIDTHS, formats={8: PERCENT, 9: POINTS},
                      status_column=VERDICT_COLUMN, status=c.status)
    finish_table(sheet, HEADER_ROW, row, widths, MAX_WIDTHS)
    write_signatures(sheet, row + 2, len(headings))
    print_setup(sheet, title, when, HEADER_ROW)
    explained = book.create_sheet(sheet_title(_(NOTES_HEADING), {sheet.title}))
    explained.column_dimensions["A"].width = 6
    explained.column_dimensions["B"].width = 110
    explained.cell(1, 1, _(NOTES_HEADING)).font = font(bold=True, size=14)
    for number, line in enumerate(notes(closings), start=1):
        explained.cell(number + 1, 1, number)
        cell = explained.cell(number + 1, 2, line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        explained.row_dimensions[number + 1].height = 15 * max(1, -(-display_width(line) // 110))
    neutralise_workbook(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
