"""How a table of figures is laid out, whether it came as CSV or as an Excel sheet.

Long: a header row naming 指标, 数值, 数据期 (备注 and 单位 optional): one figure a row.
Wide, as the 统计局's monthly sheets come: a title row, a 填报单位 line, then
`指标名称 | 单位 | 1-9月 | 同比增长（%）` (or 本月 | 累计 columns, or a two-row header under merged
本月/累计 cells): one indicator a row, full names (规模以上工业增加值), a 注 line under it.

In a wide table the period comes from the value column's header (1-9月) or else the title
(2026年1-9月, 2026年9月); the column from the target's kind: a growth target takes the growth
column, the others the amount, a cumulative target the year-to-date (累计, 1-9月) one and never a
month alone. The reader (storage/xlsx_input.py, storage/csv_input.py) gives each cell as text; this
module decides what the text means, and says for every value the column it came from.
"""

import re
import unicodedata
from collections.abc import Sequence
from typing import NamedTuple

from ..i18n import N_, _
from .model import Target
from .sheet_names import IndicatorNames

FIELDS = ("target", "value", "period", "note")
# The one table of header names, for CSV and workbooks alike, in either language.
HEADER_NAMES = {
    "target": ("指标", "指标名称", "目标", "目标任务", "项目", "target", "indicator"),
    "value": ("数值", "值", "完成值", "完成数", "value"),
    "period": ("数据期", "期间", "时期", "period", "asof"),
    "note": ("备注", "说明", "note", "notes"),
    "unit": ("单位", "计量单位", "unit"),
}
FIELD_TITLES = {"target": N_("指标"), "value": N_("数值"), "period": N_("数据期"), "note": N_("备注"),
                "unit": N_("单位")}
HEADER_SEARCH_ROWS = 30
TITLE_COLUMN = -1  # where a period read from the sheet's title comes from

_BRACKETED = re.compile(r"[（(]([^）)]*)[）)]")
_PERIOD = re.compile(
    r"(?:(?P<year>(?:19|20)\d{2})\s*年\s*)?"
    r"(?P<span>1?\d\s*[-—–~～至]\s*1?\d\s*月|前?[一二三四1-4]\s*季度|[上下]半年|全年|1?\d\s*月)(?:份)?"
    r"(?![\d日号])")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_RANGE = re.compile(r"[-—–~～至]|季度|半年|全年")
# A line above the header that dates the sheet's making, not its figures.
_NOT_TITLE = ("填报", "制表", "报送", "报出", "日期", "打印", "联系")
_GROWTH = ("增长", "增速", "增幅", "增减", "同比", "±", "比上年")
_AMOUNT = ("绝对值", "数值", "完成值", "完成数", "总量", "总额", "金额", "实绩", "本月", "当月", "累计")
_IGNORED = ("序号", "排位", "排名", "位次", "目标", "计划", "上年同期", "去年同期", "上年", "去年")
_EMPTY = {"", "-", "—", "--", "——", "…", "……", "/", "－", "x", "X"}


class CellProblem(NamedTuple):
    """A cell that cannot be read as text for its column (an Excel error value, a date as a number)."""

    message: str


Cell = str | CellProblem


class Column(NamedTuple):
    """A value column of a wide table."""

    at: int       # the column's index
    title: str    # the header as written (both rows of a two-row header)
    measure: str  # "growth" or "amount"
    span: str     # "ytd" (累计, 1-9月), "month" (本月, 9月) or "" (not said)
    period: str   # the period the header names, with the title's year: "2026年1-9月"; or ""
    unit: str     # the unit in the header's brackets: "%", "亿元"; or ""


class Layout(NamedTuple):
    kind: str                    # "long" or "wide"
    header: tuple[int, ...]      # the header rows (positions in the rows given to find_layout)
    fields: dict[str, int]       # field → column index (long: target, value, period, note, unit; wide: target,
    #                              unit, note)
    columns: tuple[Column, ...]  # wide: the value columns
    period: str                  # the sheet's period from its title, or ""
    titles: tuple[str, ...] = ()  # each column's header as written (both rows of a two-row header)

    @property
    def first_data_row(self) -> int:
        return self.header[-1] + 1


class SheetRow(NamedTuple):
    """One figure of the table, and the column each of its fields came from."""

    line: int
    fields: dict[str, str]   # target, value, period, note: as `kzt record` would be typed
    origin: dict[str, int]   # field → column index (TITLE_COLUMN: the sheet's title)


class RowProblem(NamedTuple):
    line: int
    column: int
    message: str
    skippable: bool = False  # the row gives no figure to the ledger (an indicator it does not track)
    hint: str = ""           # what to do, said when the row is refused (not when it is skipped)


def header_key(text: str) -> str:
    """'数值（%）' → '数值'; width, case, spaces and underscores ignored."""
    folded = unicodedata.normalize("NFKC", text)
    return _BRACKETED.sub("", folded).replace(" ", "").replace("_", "").strip().lower()


def field_of(text: str) -> str | None:
    key = header_key(text)
    for name, aliases in HEADER_NAMES.items():
        if key in aliases:
            return name
    return None


def _period_in(text: str, year: str = "") -> str:
    """The first period a text names, with `year` when it names none: '1-9月' → '2026年1-9月'."""
    folded = unicodedata.normalize("NFKC", text)
    match = _PERIOD.search(folded)
    if match is None:
        return ""
    span = re.sub(r"\s+", "", match["span"])
    own = match["year"] or (_YEAR.search(folded) or [None, year])[1] or ""
    return f"{own}年{span}" if own else span


def title_period(lines: Sequence[str]) -> str:
    """The period a sheet's title names ('开州区2026年1-9月主要经济指标' → '2026年1-9月'); lines that
    date the making of the sheet (填报日期 …) are passed over."""
    for line in lines:
        if not any(word in line for word in _NOT_TITLE):
            found = _period_in(line)
            if found:
                return found
    return ""


def _title_year(lines: Sequence[str]) -> str:
    for line in lines:
        if not any(word in line for word in _NOT_TITLE):
            match = _YEAR.search(unicodedata.normalize("NFKC", line))
            if match:
                return match[1]
    return ""


def value_column(index: int, text: str, year: str = "") -> Column | None:
    """What a wide table's header cell says its column holds, or None for a column of no figure."""
    key = unicodedata.normalize("NFKC", text).replace(" ", "").replace("\u3000", "")
    if not key:
        return None
    bracket = _BRACKETED.search(key)
    unit = bracket[1] if bracket else ""
    growth = any(word in key for word in _GROWTH)
    if not growth and any(word in key for word in _IGNORED):
        return None
    period = _period_in(key, year)
    span = ("month" if "本月" in key or "当月" in key else
            "ytd" if "累计" in key or "年初" in key or (period and _RANGE.search(period)) else
            "month" if period else "")
    if not growth and not period and not any(word in key for word in _AMOUNT):
        return None
    return Column(index, text.strip(), "growth" if growth else "amount", span, period, unit)


def _is_subheader(cells: Sequence[str], target: int) -> bool:
    """A second header row: nothing under 指标, and words (not figures) in the other columns."""
    if target < len(cells) and cells[target].strip():
        return False
    words = [c for c in cells if c.strip()]
    return bool(words) and all(not re.fullmatch(r"[-+]?[\d,.%]+", c.strip()) for c in words)


def find_layout(rows: Sequence[Sequence[str]]) -> Layout | None:
    """The layout of a table whose first rows are `rows` (header cells as text, a merged cell's
    text across all its columns), or None when no header is found."""
    for position, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        fields: dict[str, int] = {}
        for index, text in enumerate(cells):
            name = field_of(text)
            if name and name not in fields:
                fields[name] = index
        if "target" not in fields:
            continue
        above = [" ".join(c for c in row if c.strip()) for row in rows[:position]]
        period, year = title_period(above), _title_year(above)
        if "value" in fields:
            return Layout("long", (position,), fields, (), period, tuple(c.strip() for c in cells))
        header: tuple[int, ...] = (position,)
        titles = [c.strip() for c in cells]
        if position + 1 < len(rows) and _is_subheader(rows[position + 1], fields["target"]):
            header = (position, position + 1)
            below = rows[position + 1]
            titles = [_joined(titles[i] if i < len(titles) else "", below[i] if i < len(below) else "")
                      for i in range(max(len(titles), len(below)))]
        taken = set(fields.values())
        columns = [c for i, text in enumerate(titles) if i not in taken
                   for c in [value_column(i, text, year)] if c is not None]
        if columns:
            return Layout("wide", header, {k: v for k, v in fields.items() if k in ("target", "unit", "note")},
                          tuple(_inherit(columns)), period, tuple(titles))
    return None


def _joined(upper: str, lower: str) -> str:
    """The header of a column under a two-row header: '累计' over '增长%' → '累计 增长%'."""
    upper, lower = upper.strip(), lower.strip()
    return f"{upper} {lower}" if upper and lower and upper != lower else upper or lower


def header_unit(title: str) -> str:
    """The unit a header names in brackets ('数值（万吨）' → '万吨'), if it names a single one."""
    match = _BRACKETED.search(unicodedata.normalize("NFKC", title))
    if match is None:
        return ""
    unit = match[1].strip()
    return unit if 0 < len(unit) <= 4 and not re.search(r"[、,，/;；\s]", unit) else ""


def long_rows(layout: Layout, data: Sequence[tuple[int, Sequence[Cell]]]) -> tuple[list[SheetRow], list[RowProblem]]:
    """The figures of a long table, one a row; a cell that could not be read is a problem of its row.
    A unit column's (or the value header's bracketed) unit goes with the value; the title's period
    stands in for a missing 数据期 column. (A 50,000-row import passes here: kept to plain loops.)"""
    rows: list[SheetRow] = []
    problems: list[RowProblem] = []
    value_at = layout.fields["value"]
    header_units = header_unit(layout.titles[value_at]) if value_at < len(layout.titles) else ""
    columns = [(name, layout.fields[name]) for name in FIELDS if name in layout.fields]
    absent = [name for name in FIELDS if name not in layout.fields]
    unit_at = layout.fields.get("unit")
    # Every row of a long table comes from the same columns: one origin for all of them.
    origin = {name: index for name, index in columns}
    if "period" not in layout.fields:
        origin["period"] = TITLE_COLUMN
    for line, cells in data:
        width = len(cells)
        fields = {name: "" for name in absent}
        for name, index in columns:
            cell = cells[index] if index < width else ""
            if cell.__class__ is not str:
                problems.append(RowProblem(line, index, cell.message))  # type: ignore[union-attr]
                cell = ""
            fields[name] = cell  # type: ignore[assignment]
        if "period" not in layout.fields:
            fields["period"] = layout.period
        unit = (_text(cells[unit_at]) if unit_at is not None and unit_at < width else "") or header_units
        if unit:
            fields["value"] = with_unit(fields["value"], unit)
        rows.append(SheetRow(line, fields, origin))
    return rows, problems


def _inherit(columns: list[Column]) -> list[Column]:
    """A growth column that names no period is the growth of the amount column before it
    (`1-9月 | 同比增长（%）`, `本月 | 增长 | 累计 | 增长`)."""
    out: list[Column] = []
    for column in columns:
        if column.measure == "growth" and not column.period and not column.span:
            before = next((c for c in reversed(out) if c.measure == "amount"), None)
            if before is not None:
                column = column._replace(period=before.period, span=before.span)
        out.append(column)
    return out


def is_empty(text: Cell) -> bool:
    return isinstance(text, str) and text.strip() in _EMPTY


def with_unit(value: str, unit: str) -> str:
    """'5600' in a row whose unit is 人 → '5600人': the unit checked and converted as `kzt record` does."""
    value = value.strip()
    unit = unit.strip()
    if not value or not unit or not (value[-1].isdigit() or value[-1] == "."):
        return value
    return value + unit


def _measure_of(target: Target) -> str:
    """Which figure of a wide row the target takes: its growth, or the amount itself."""
    if target.kind == "growth":
        return "growth"
    if target.kind == "relative" and target.unit == "%" and any(w in target.name for w in _GROWTH):
        return "growth"
    return "amount"


# Which columns a target may take, best first: a cumulative total is the year to date, never a month alone.
SPAN_ORDER = {"cumulative": ("ytd", ""), "growth": ("ytd", ""), "level": ("", "month", "ytd"),
              "floor": ("", "month", "ytd"), "ceiling": ("", "month", "ytd"), "relative": ("ytd", "")}
MEASURE_WORDS = {"growth": N_("增速（同比增长）"), "amount": N_("数值")}


def _text(cell: Cell) -> str:
    return cell if isinstance(cell, str) else ""


def _cell(cells: Sequence[Cell], index: int | None) -> Cell:
    if index is None or index >= len(cells):
        return ""
    return cells[index]


def wide_rows(layout: Layout, data: Sequence[tuple[int, Sequence[Cell]]], names: IndicatorNames,
              targets: Sequence[Target]) -> tuple[list[SheetRow], list[RowProblem]]:
    """The figures of a wide table for the ledger's targets, and the rows that give none.

    A row's name is matched once among the growth targets and once among the others (a sheet
    never feeds a milestone): 社会消费品零售总额 may be both a total and its growth."""
    rows: list[SheetRow] = []
    problems: list[RowProblem] = []
    target_column = layout.fields["target"]
    unit_column = layout.fields.get("unit")
    note_column = layout.fields.get("note")
    pools: dict[str, list[Target]] = {"growth": [], "amount": []}
    for target in targets:
        if target.kind != "milestone":
            pools[_measure_of(target)].append(target)
    for line, cells in data:
        name = _text(_cell(cells, target_column)).strip()
        filled = [c for c in layout.columns if not is_empty(_cell(cells, c.at))]
        if not name or not filled:  # a section title (一、工业), a 注 line, a row of no figure
            continue
        verdicts = {measure: names.match(name, pool) for measure, pool in pools.items()}
        matched = {m: v.best for m, v in verdicts.items() if v.status == "matched" and v.best is not None}
        unclear = {m: v for m, v in verdicts.items() if v.status == "ambiguous"}
        if not matched:
            # A clear match of one kind makes a muddle among the other kind's targets beside the point
            # (地区生产总值 is gdp-growth; its likeness to 人均GDP or 单位GDP碳排放 says nothing).
            for verdict in unclear.values():
                problems.append(RowProblem(line, target_column, _(
                    "“{name}”可能是台账中的 {ids}，分不清是哪一个。").format(
                    name=name, ids="、".join(c.id for c in verdict.candidates[:4])), skippable=True,
                    hint=_("请把这一格改成其中一个的编号。")))
            if not unclear:
                near = [c for v in verdicts.values() for c in v.candidates][:3]
                choices = "、".join(f"{c.id}（{names.target(c).name}）" for c in near)
                hint = _("相近的有 {choices}；").format(choices=choices) if near else ""
                problems.append(RowProblem(line, target_column, _("台账中没有指标“{name}”。").format(name=name),
                                           skippable=True, hint=hint + _(
                    "若它是台账中某个指标的另一种叫法，请把这一格改成台账中的名称或编号。")))
            continue
        for measure, best in matched.items():
            found = _one_figure(layout, line, cells, names.target(best), measure, unit_column, note_column)
            if isinstance(found, SheetRow):
                rows.append(found)
            else:
                problems.append(found)
    return rows, problems


def _one_figure(layout: Layout, line: int, cells: Sequence[Cell], target: Target, measure: str,
                unit_column: int | None, note_column: int | None) -> SheetRow | RowProblem:
    order = SPAN_ORDER.get(target.kind, ("", "ytd", "month"))
    candidates = sorted((c for c in layout.columns if c.measure == measure and c.span in order),
                        key=lambda c: order.index(c.span))
    if not candidates:
        months_only = any(c.measure == measure for c in layout.columns)
        message = (_("{id} 需要年初至今的{measure}，这张表只有本月的（{kind}指标不取本月数）。") if months_only else
                   _("{id} 需要{measure}，这张表没有这样的列。"))
        return RowProblem(line, layout.fields["target"], message.format(
            id=target.id, measure=_(MEASURE_WORDS[measure]), kind=_(KIND_WORDS.get(target.kind, target.kind))),
            skippable=True)
    column = next((c for c in candidates if not is_empty(_cell(cells, c.at))), None)
    if column is None:
        return RowProblem(line, candidates[0].at, _("{id} 的{measure}这一格是空的。").format(
            id=target.id, measure=_(MEASURE_WORDS[measure])), skippable=True)
    cell = _cell(cells, column.at)
    if isinstance(cell, CellProblem):
        return RowProblem(line, column.at, cell.message)
    unit = "%" if measure == "growth" else (_text(_cell(cells, unit_column)) or column.unit)
    period = column.period or layout.period
    if not period:
        return RowProblem(line, column.at, _(
            "不知道“{title}”列是哪一期的数：表头和标题都没有写明期间。请在表头或标题中写明，如 1-9月、2026年9月。"
        ).format(title=column.title))
    note = _text(_cell(cells, note_column)).strip()
    origin = {"target": layout.fields["target"], "value": column.at,
              "period": column.at if column.period else TITLE_COLUMN}
    if note_column is not None:
        origin["note"] = note_column
    return SheetRow(line, {"target": target.id, "value": with_unit(cell, unit), "period": period, "note": note},
                    origin)


KIND_WORDS = {"cumulative": N_("累计类"), "growth": N_("增速类"), "relative": N_("相对类"), "level": N_("水平类"),
              "floor": N_("底线类"), "ceiling": N_("控制线类")}
