"""The 台账 as an Excel workbook, the way the office keeps it: printable and forwardable unchanged.

Sheet 总表 holds one row per target in the ledger's order, grouped by work
area under area header rows; one sheet per 牵头单位 holds that unit's targets
(its 督办 list); sheet 说明 gives the 评估日, the bands and the legend.
Numbers are stored as numbers with number formats, so the workbook sorts,
filters and sums as people expect; colours are cell fills, and the status is
also a word (红/黄/绿/灰), so a black-and-white print keeps it.

Each table sheet reads as the office's own form: a merged title row, a line
with the 填报单位 ([settings] reporting_unit), the 评估日 and the units, the
header, the rows, and a 填表人 / 审核人 line under them; 宋体 at 10.5 pt (五号)
with widths chosen so that one A4 landscape page across prints it at about
9 pt or more. With notes (`--with-notes`), 推进情况 / 存在问题 / 下步措施
columns carry what the 牵头单位 wrote in their figures' notes (core/work_notes.py).
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .. import __version__
from ..core.model import Bands
from ..core.progress import Progress
from ..core.work_notes import WorkNote
from ..i18n import N_, _
from .cells import neutralise_workbook
from .phrases import label, period_text, phrase

# The column headings of the 台账, in order; msgids, translated when written.
COLUMNS = (N_("序号"), N_("领域"), N_("指标"), N_("目标值"), N_("单位"), N_("最新值"), N_("数据期"), N_("完成率"),
           N_("序时进度"), N_("差距（百分点）"), N_("状态"), N_("牵头单位"), N_("责任单位"), N_("备注"))
NOTE_COLUMNS = (N_("推进情况"), N_("存在问题"), N_("下步措施"))
# The 台账's columns, in Excel's character units: the text columns wrap at their width (WRAPPED), the
# others are as wide as their widest figure within (narrowest, widest). Kept narrow enough that one A4
# landscape page across prints 宋体 10.5 pt at about 9 pt; with the three note columns, the name and
# 备注 columns give them room.
WRAPPED = {2: 8, 3: 17, 5: 5, 12: 10, 13: 10, 14: 20}
WRAPPED_WITH_NOTES = {2: 8, 3: 14, 5: 5, 12: 8, 13: 8, 14: 11, 15: 14, 16: 12, 17: 12}
MIN_WIDTHS = {1: 4, 4: 6, 6: 6, 7: 9, 8: 7, 9: 7, 10: 7, 11: 4}
MAX_WIDTHS = WRAPPED  # the name year_end_xlsx and older callers know
FONT = "宋体"
BODY_SIZE = 10.5     # 五号
TITLE_SIZE = 16
LINE_HEIGHT = 13.5   # points per line of 10.5 pt text (a Chinese character is two width units)
STATUS_FILLS = {"red": "FFC7CE", "yellow": "FFEB9C", "green": "C6EFCE", "grey": "E7E6E6"}
STATUS_FONTS = {"red": "9C0006", "yellow": "9C5700", "green": "006100", "grey": "595959"}
HEADER_FILL = "D9E1F2"
AREA_FILL = "F2F2F2"
PERCENT = "0.0%"
POINTS = "+0.0;-0.0;0.0"
THIN = Side(style="thin", color="BFBFBF")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
SHEET_NAME_LIMIT = 31
FORBIDDEN_IN_SHEET_NAMES = "[]:*?/\\"
TITLE_ROW, INFO_ROW, HEADER_ROW = 1, 2, 3


def font(*, bold: bool = False, size: float = BODY_SIZE, color: str | None = None) -> Font:
    return Font(name=FONT, size=size, bold=bold, color=color)


def use_office_font(book: Workbook) -> None:
    """宋体 as the workbook's own font: the empty cells, and the width of a column's character unit."""
    normal = next(style for style in book._named_styles if style.name == "Normal")
    normal.font = font()


def display_width(text: str) -> int:
    """Columns the text takes on screen: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def number_format(value: float) -> str:
    return "#,##0" if float(value).is_integer() else "#,##0.0##"


def sheet_title(name: str, taken: set[str]) -> str:
    """A legal, unique sheet name: Excel allows 31 characters and none of []:*?/\\."""
    cleaned = "".join("_" if ch in FORBIDDEN_IN_SHEET_NAMES else ch for ch in name).strip("'") or "_"
    title = cleaned[:SHEET_NAME_LIMIT]
    number = 2
    while title.lower() in {t.lower() for t in taken}:
        suffix = f"({number})"
        title = cleaned[:SHEET_NAME_LIMIT - len(suffix)] + suffix
        number += 1
    taken.add(title)
    return title


def shown_text(value: object, cell_format: str) -> str:
    """A cell's value as its number format shows it, to size its column: 101.6% is wider than 1.02,
    and a column too narrow for what it shows prints ###."""
    if not isinstance(value, float):
        return str(value)
    if cell_format == PERCENT:
        return f"{value:.1%}"
    return f"{value:+,.2f}" if cell_format == POINTS else f"{value:,.2f}"


def write_headings(sheet: Worksheet, row: int, headings: Sequence[str]) -> list[int]:
    """A table's header row; returns each column's width so far (write_row widens them)."""
    for column, heading in enumerate(headings, start=1):
        cell = sheet.cell(row, column, heading)
        cell.font = font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BORDER
    return [display_width(h) for h in headings]


def write_area_row(sheet: Worksheet, row: int, area: str, columns: int) -> None:
    # Not merged: merged cells inside a filtered range stop Excel sorting it.
    for column in range(1, columns + 1):
        cell = sheet.cell(row, column)
        cell.fill = PatternFill("solid", fgColor=AREA_FILL)
        cell.border = BORDER
    sheet.cell(row, 1, area).font = font(bold=True)


def write_row(sheet: Worksheet, row: int, values: Sequence[object], widths: list[int], *,
              max_widths: dict[int, int], formats: dict[int, str], status_column: int, status: str) -> None:
    """One row of a table: numbers as numeric cells with their formats, the status cell filled in
    its colour, text wrapped in the columns with a width limit; `widths` grows to fit."""
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row, column, value)
        cell.border = BORDER
        cell.font = font()
        cell.alignment = Alignment(vertical="center", wrap_text=column in max_widths)
        if isinstance(value, float | int) and not isinstance(value, bool):
            cell.number_format = formats.get(column, number_format(value))
        if column == status_column:
            cell.fill = PatternFill("solid", fgColor=STATUS_FILLS[status])
            cell.font = font(bold=True, color=STATUS_FONTS[status])
            cell.alignment = Alignment(horizontal="center", vertical="center")
        if value is not None:
            widths[column - 1] = max(widths[column - 1], display_width(shown_text(value, cell.number_format)))


def finish_table(sheet: Worksheet, header_row: int, last_row: int, widths: list[int],
                 max_widths: dict[int, int], min_widths: dict[int, int] | None = None) -> None:
    """Column widths (up to each column's limit; with `min_widths`, the wrapped columns at their limit
    and the others at least their minimum), the header frozen, a filter over the table."""
    for column, width in enumerate(widths, start=1):
        if min_widths is None:
            chosen = min(width, max_widths.get(column, 12)) + 2
        elif column in max_widths:
            chosen = max_widths[column]
        else:  # N digits, and room for the sign and the % around them
            chosen = max(width + 1, min_widths.get(column, 4))
        sheet.column_dimensions[get_column_letter(column)].width = chosen
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(widths))}{max(last_row, header_row + 1)}"


def _row_values(index: int, p: Progress, lang: str, note: WorkNote | None) -> list[object]:
    t = p.target
    milestone = t.kind == "milestone"
    value: object = (_("已完成") if p.done else None) if milestone else p.value
    remark = phrase(p, lang)
    if p.stale:
        remark += _("；数据陈旧")
    values: list[object] = [index, t.area, t.name, None if milestone else t.goal, t.unit, value,
                            period_text(p, lang) or None, p.completion, p.schedule, p.gap_pp, label(p.status, lang),
                            t.lead or None, "、".join(t.owners) or None, remark]
    if note is not None:
        values += [note.progress or None, note.problems or None, note.next_steps or None]
    return values


def fit_height(sheet: Worksheet, row: int, values: Sequence[object], max_widths: dict[int, int]) -> None:
    """A row tall enough for its wrapped text: LibreOffice and Excel print a wrapped cell over the
    next row otherwise."""
    lines = max((-(-display_width(str(v)) // max_widths[column]) for column, v in enumerate(values, start=1)
                 if column in max_widths and v is not None), default=1)
    if lines > 1:
        sheet.row_dimensions[row].height = LINE_HEIGHT * lines + 3


def write_title(sheet: Worksheet, title: str, columns: int) -> None:
    """The sheet's title, merged across the table and centred, as an office's form begins."""
    sheet.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=columns)
    cell = sheet.cell(TITLE_ROW, 1, title)
    cell.font = font(bold=True, size=TITLE_SIZE)
    cell.alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[TITLE_ROW].height = 30


def write_info_line(sheet: Worksheet, row: int, reporting_unit: str, as_of: date, columns: int, units: str) -> None:
    """填报单位：…　评估日：…　单位：…, merged across the table."""
    parts = [_("填报单位：{unit}").format(unit=reporting_unit or "　" * 8),
             _("评估日：{date}").format(date=as_of.isoformat()), units]
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    cell = sheet.cell(row, 1, "　　　　".join(parts))
    cell.font = font()
    cell.alignment = Alignment(horizontal="left", vertical="center")
    sheet.row_dimensions[row].height = 20


def write_signatures(sheet: Worksheet, row: int, columns: int) -> None:
    """The 填表人 / 审核人 line under the table, for the people who sign the printed form."""
    blank = "　" * 8
    text = "　　".join([_("填表人：{name}").format(name=blank), _("审核人：{name}").format(name=blank),
                       _("联系电话：{phone}").format(phone=blank)])
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    cell = sheet.cell(row, 1, text)
    cell.font = font()
    cell.alignment = Alignment(horizontal="left", vertical="center")
    sheet.row_dimensions[row].height = 24


def _write_target_sheet(sheet: Worksheet, progress: Sequence[Progress], title: str, as_of: date,
                        lang: str, reporting_unit: str = "", notes: dict[str, WorkNote] | None = None) -> None:
    headings = [_(c) for c in COLUMNS] + ([_(c) for c in NOTE_COLUMNS] if notes is not None else [])
    max_widths = WRAPPED if notes is None else WRAPPED_WITH_NOTES
    write_title(sheet, title, len(headings))
    write_info_line(sheet, INFO_ROW, reporting_unit, as_of, len(headings),
                    _("单位：完成率、序时进度为%，差距为百分点，目标值和最新值见“单位”列"))
    write_headings(sheet, HEADER_ROW, headings)
    widths = [0] * len(headings)  # the headings wrap: the figures size the columns
    row = HEADER_ROW
    area = None
    for index, p in enumerate(progress, start=1):
        if p.target.area != area:
            area = p.target.area
            row += 1
            write_area_row(sheet, row, area, len(headings))
        row += 1
        note = None if notes is None else notes.get(p.target.id, WorkNote())
        values = _row_values(index, p, lang, note)
        write_row(sheet, row, values, widths, max_widths=max_widths,
                  formats={8: PERCENT, 9: PERCENT, 10: POINTS}, status_column=11, status=p.status)
        fit_height(sheet, row, values, max_widths)
    finish_table(sheet, HEADER_ROW, row, widths, max_widths, MIN_WIDTHS)
    chosen = [sheet.column_dimensions[get_column_letter(c)].width for c in range(1, len(headings) + 1)]
    heading_lines = max(-(-display_width(h) // max(1, int(w) - 1)) for h, w in zip(headings, chosen, strict=True))
    sheet.row_dimensions[HEADER_ROW].height = LINE_HEIGHT * max(2, heading_lines) + 4
    write_signatures(sheet, row + 2, len(headings))
    print_setup(sheet, title, as_of)


def print_setup(sheet: Worksheet, title: str, as_of: date, header_row: int = HEADER_ROW) -> None:
    """A4 landscape, one page wide, the header row repeated on every page, title and date in the header."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as it takes
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.7
    sheet.oddHeader.center.text = title.replace("&", "&&")
    sheet.oddHeader.right.text = _("评估日 {date}").format(date=as_of.isoformat())
    sheet.oddFooter.center.text = _("第 &P 页，共 &N 页")


def _write_notes(sheet: Worksheet, ledger_name: str, as_of: date, bands: Bands, counts: dict[str, int],
                 lang: str) -> None:
    rows: list[tuple[str, object]] = [
        (_("台账"), ledger_name),
        (_("评估日"), as_of.isoformat()),
        (_("指标数"), sum(counts.values())),
        (_("生成"), _("kzt {version}；数字为数值单元格，可排序、筛选、求和").format(version=__version__)),
        ("", ""),
        (_("红黄绿灯（累计、水平类：落后序时进度的百分点）"), ""),
        (_("绿"), _("不落后于序时进度超过 {pp} 个百分点").format(pp=bands.schedule_yellow_pp)),
        (_("黄"), _("落后序时进度 {low} 至 {high} 个百分点").format(low=bands.schedule_yellow_pp,
                                                                   high=bands.schedule_red_pp)),
        (_("红"), _("落后序时进度 {pp} 个百分点及以上").format(pp=bands.schedule_red_pp)),
        (_("增速类"), _("低于目标超过 {yellow} 个百分点为黄，{red} 个百分点及以上为红").format(
            yellow=bands.growth_yellow_pp, red=bands.growth_red_pp)),
        (_("底线、控制线类"), _("越线为红；距线不足 {share:.0%} 为黄").format(share=bands.margin_fraction)),
        (_("灰"), _("暂无数据、目标待定或尚未到期的节点任务")),
        ("", ""),
        (_("列说明"), ""),
        (_("完成率"), _("累计类：累计值÷全年目标；水平类：(最新值−基期值)÷(目标值−基期值)")),
        (_("序时进度"), _("按数据期应完成的比例，如1-9月为75%")),
        (_("差距（百分点）"), _("完成率减序时进度；正数快于、负数慢于序时进度")),
    ]
    for number, (key, value) in enumerate(rows, start=1):
        sheet.cell(number, 1, key).font = font(bold=True)
        sheet.cell(number, 2, value).font = font()
        colour = {_("绿"): "green", _("黄"): "yellow", _("红"): "red", _("灰"): "grey"}.get(key)
        if colour:
            sheet.cell(number, 1).fill = PatternFill("solid", fgColor=STATUS_FILLS[colour])
            sheet.cell(number, 1).font = font(bold=True, color=STATUS_FONTS[colour])
        if counts and colour:
            sheet.cell(number, 3, counts.get(colour, 0))
    sheet.column_dimensions["A"].width = 44
    sheet.column_dimensions["B"].width = 70
    print_setup(sheet, ledger_name, as_of)


def workbook_bytes(progress: Sequence[Progress], ledger_name: str, as_of: date, bands: Bands,
                   lang: str, reporting_unit: str = "", notes: dict[str, WorkNote] | None = None) -> bytes:
    """The whole workbook, ready to write to a file; with `notes`, the 推进情况/存在问题/下步措施 columns."""
    book = Workbook()
    use_office_font(book)
    taken: set[str] = set()
    summary = book.active
    assert summary is not None
    summary.title = sheet_title(_("总表"), taken)
    title = _("{name}台账").format(name=ledger_name)
    _write_target_sheet(summary, progress, title, as_of, lang, reporting_unit, notes)
    leads = list(dict.fromkeys(p.target.lead for p in progress if p.target.lead))
    if leads:
        for lead in [*leads, ""]:
            owned = [p for p in progress if p.target.lead == lead]
            if not owned:
                continue
            name = lead or _("未定牵头单位")
            sheet = book.create_sheet(sheet_title(name, taken))
            _write_target_sheet(sheet, owned, _("{lead} 督办清单").format(lead=name), as_of, lang, reporting_unit,
                                notes)
    counts = {s: sum(1 for p in progress if p.status == s) for s in ("red", "yellow", "green", "grey")}
    _write_notes(book.create_sheet(sheet_title(_("说明"), taken)), ledger_name, as_of, bands, counts, lang)
    neutralise_workbook(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
