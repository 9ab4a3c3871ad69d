"""A table of figures from a file, CSV or workbook, laid out long or wide (core/sheet_layout.py).

The rows then go through exactly the checks of any import (app/bulk.check_rows); `check_sheet`
only re-words their errors to point at the workbook's cells. Each row keeps the column each of its
fields came from, so the preview can say where every value was read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..core.drafting import Draft
from ..core.errors import InputError, KztError
from ..core.model import Ledger, Target
from ..core.sheet_layout import (
    FIELD_TITLES,
    FIELDS,
    HEADER_SEARCH_ROWS,
    TITLE_COLUMN,
    CellProblem,
    Layout,
    RowProblem,
    SheetRow,
    find_layout,
    long_rows,
    wide_rows,
)
from ..core.sheet_names import IndicatorNames
from ..i18n import _

Rows = list[tuple[int, dict[str, str]]]
CHINESE_HEADER = "指标,数值,数据期,备注"
MAX_LISTED = 20


def column_letter(index: int) -> str:
    letters = ""
    number = index + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class SheetTable:
    """The figure rows of a table, with where each field of each row came from."""

    path: Path
    sheet: str | None                                      # a workbook's sheet; None for a CSV file
    label: str                                             # how the preview names the source
    layout: Layout
    titles: list[str] = field(default_factory=list)        # each column's header as written
    figures: list[SheetRow] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)       # rows left out with --skip-unknown, as lines
    _by_line: dict[int, list[SheetRow]] = field(default_factory=dict, repr=False)

    @property
    def rows(self) -> Rows:
        return [(f.line, f.fields) for f in self.figures]

    def column(self, index: int) -> str:
        """A column as a person finds it: C列 in a workbook, 第3列 in a CSV file."""
        return _("{column}列").format(column=column_letter(index)) if self.sheet is not None else \
            _("第{number}列").format(number=index + 1)

    def title(self, index: int) -> str:
        return self.titles[index] if 0 <= index < len(self.titles) and self.titles[index] else ""

    def cell(self, line: int, index: int, name: str = "") -> str:
        """'第6行 C列（数值）': where a field of a row is, named by the field (a long table) or by the
        column's header (a wide table's value columns: 同比增长（%）)."""
        by_field = name and (self.layout.kind == "long" or name != "value")
        heading = _(FIELD_TITLES[name]) if by_field else self.title(index)
        if index == TITLE_COLUMN:
            return _("第{row}行（数据期取自表格标题）").format(row=line)
        where = _("第{row}行 {column}").format(row=line, column=self.column(index))
        return _("{where}（{heading}）").format(where=where, heading=heading) if heading else where

    def source_of(self, draft: Draft) -> str:
        """Which column the draft's value came from, for the preview."""
        if not self._by_line:
            for figure in self.figures:
                self._by_line.setdefault(figure.line, []).append(figure)
        for figure in self._by_line.get(draft.line, []):
            if self._is(figure, draft.target):
                index = figure.origin.get("value")
                if index is None:
                    return ""
                text = self.column(index)
                # A wide table's header says what the column is (1-9月, 同比增长（%）); a long one's is 数值.
                heading = self.title(index) if self.layout.kind == "wide" else ""
                source = f"{text} {heading}" if heading else text
                if figure.origin.get("period") == TITLE_COLUMN:
                    source += _("（期间取自标题）")
                return source
        return ""

    def _is(self, figure: SheetRow, target: Target) -> bool:
        return self.layout.kind == "long" or figure.fields["target"] == target.id


def read_figure_rows(path: Path, sheet: str | None, targets: Sequence[Target], *,
                     skip_unknown: bool = False) -> SheetTable:
    """The table of figures in a workbook (.xlsx) or a CSV/TSV file, or an InputError naming the rows."""
    from .xlsx_input import is_workbook, open_sheet

    if is_workbook(path) or path.suffix.lower() == ".xls":
        book = open_sheet(path, sheet)
        header, numbers = book.header_rows()
        layout = find_layout(header)
        if layout is None:
            raise InputError(_("{path} 的工作表“{sheet}”前{rows}行中找不到表头：需要“指标”和“数值”列"
                               "（或 target、value），以及“数据期”（period），“备注”（note）可选；"
                               "统计局的宽表需要“指标名称”列和“1-9月”“本月”“累计”“同比增长（%）”这样的数值列。"
                               ).format(path=path, sheet=book.title, rows=HEADER_SEARCH_ROWS))
        header_line = numbers[layout.header[0]]
        _refuse_no_period(path, layout, _("{path} 的工作表“{sheet}”第{row}行的表头缺少“数据期”列（也可写 期间 或 "
                                          "period），标题中也没有写明期间；每个数要说明是哪一期的，例如 2026年1-9月。"
                                          ).format(path=path, sheet=book.title, row=header_line))
        data: Sequence[tuple[int, Sequence[str | CellProblem]]] = book.data(layout, numbers[layout.header[-1]] + 1)
        titles = list(layout.titles)
        table = SheetTable(path, book.title, _("工作表“{sheet}”").format(sheet=book.title), layout, titles)
    else:
        if sheet is not None:
            raise InputError(_("--sheet 只用于 Excel 工作簿（.xlsx）；{path} 不是。").format(path=path))
        from .csv_input import read_grid

        records, encoding, separator = read_grid(path)
        if not records:
            raise InputError(_("{path} 是空文件。它需要一行表头：{header}（或 {english}）。").format(
                path=path, header=CHINESE_HEADER, english=",".join(FIELDS)))
        top = [cells for _line, cells in records[:HEADER_SEARCH_ROWS]]
        layout = find_layout(top)
        if layout is None or (layout.kind == "long" and "period" not in layout.fields and not layout.period):
            _refuse_csv_header(path, layout, records[0][1] if layout is None else top[layout.header[0]], separator)
        assert layout is not None
        if layout.kind == "long":
            _refuse_long_lines(path, records[layout.header[-1] + 1:], len(top[layout.header[0]]))
        data = records[layout.header[-1] + 1:]
        titles = list(layout.titles)
        label = encoding if separator == "," else f"{encoding}，{_(SEPARATOR_WORDS[separator])}"
        table = SheetTable(path, None, label, layout, titles)
    if layout.kind == "long":
        figures, problems = long_rows(layout, data)
        if problems:
            _refuse_cells(table, problems)
        figures = _named_by_synonyms(figures, targets)
    else:
        figures, problems = wide_rows(layout, data, IndicatorNames(targets), targets)
        refused = [p for p in problems if not (skip_unknown and p.skippable)]
        if refused:
            _refuse_wide(table, refused, any(p.skippable for p in refused))
        table.skipped = [f"{table.cell(p.line, p.column)}：{p.message}" for p in problems if p.skippable]
    table.figures = figures
    return table


def _named_by_synonyms(figures: list[SheetRow], targets: Sequence[Target]) -> list[SheetRow]:
    """A long table's 指标 that names no target as `kzt record` reads it (规模以上工业增加值增长) but is
    one target clearly for the name matcher (规上工业增加值增长) is that target; any other stays as
    written, for the checks to refuse with their suggestions."""
    from ..core.lookup import matching_targets

    names: IndicatorNames | None = None
    resolved: dict[str, str] = {}
    out = []
    for figure in figures:
        query = figure.fields["target"]
        if query not in resolved:
            resolved[query] = query
            if query.strip() and not matching_targets(query, targets):
                names = names or IndicatorNames(targets)
                verdict = names.match(query)
                if verdict.status == "matched" and verdict.best is not None:
                    resolved[query] = verdict.best.id
        if resolved[query] != query:
            figure = figure._replace(fields={**figure.fields, "target": resolved[query]})
        out.append(figure)
    return out


SEPARATOR_WORDS = {"\t": "制表符分隔", ";": "分号分隔", ",": "逗号分隔"}


def _refuse_no_period(path: Path, layout: Layout, message: str) -> None:
    if layout.kind == "long" and "period" not in layout.fields and not layout.period:
        raise InputError(message)


def _refuse_csv_header(path: Path, layout: Layout | None, header: list[str], separator: str) -> None:
    names = set(layout.fields) if layout is not None else set()
    missing = [c for c in FIELDS[:3] if c not in names]
    raise InputError(_(
        "{path}：表头缺少列 {missing}；表头应为 `{header}` 或 `{english}`（备注/note 可省略），"
        "或统计局的宽表（指标名称、单位、1-9月、同比增长（%））。实际表头：{found}。").format(
        path=path, missing="、".join(f"{_(FIELD_TITLES[c])}（{c}）" for c in missing), header=CHINESE_HEADER,
        english=",".join(FIELDS), found=separator.join(header) if separator != "\t" else ",".join(header)))


def _refuse_long_lines(path: Path, data: list[tuple[int, list[str]]], columns: int) -> None:
    for line, cells in data:
        if len(cells) > columns and any(c.strip() for c in cells[columns:]):
            raise InputError(_(
                "{path}:{line}：这一行有 {cells} 个单元格，但表头只有 {columns} 列。含逗号的数值（5,600）"
                "必须加引号，Excel 保存时会自动加。").format(path=path, line=line, cells=len(cells), columns=columns))


def _listing(lines: list[str]) -> str:
    more = _("\n  ……另有{count}处").format(count=len(lines) - MAX_LISTED) if len(lines) > MAX_LISTED else ""
    return "\n".join(lines[:MAX_LISTED]) + more


def _refuse_cells(table: SheetTable, problems: list[RowProblem]) -> None:
    listed = [f"  {table.cell(p.line, p.column, _field_at(table.layout, p.column))}：{p.message}" for p in problems]
    if table.sheet is None:
        listed = [f"  {table.path}:{p.line}: {p.message}" for p in problems]
    raise InputError(_("{path}（{label}）有单元格不能读作数据，所以一条也没有记录。请改正后重新导入：\n"
                       "{listed}").format(path=table.path, label=table.label, listed=_listing(listed)))


def _field_at(layout: Layout, index: int) -> str:
    return next((name for name, at in layout.fields.items() if at == index), "value")


def _refuse_wide(table: SheetTable, problems: list[RowProblem], skippable: bool) -> None:
    listed = [f"  {table.cell(p.line, p.column)}：{p.message}{p.hint}" for p in problems]
    hint = ("\n" + _("这些行若不是台账跟踪的指标（或这张表没有它们的数），加 --skip-unknown 跳过它们，其余照常导入。")
            if skippable else "")
    raise InputError(_("{path}（{label}）中有{count}行不能记录，所以一条也没有记录：\n{listed}{hint}").format(
        path=table.path, label=table.label, count=len({p.line for p in problems}), listed=_listing(listed),
        hint=hint))


def _first_problem(ledger: Ledger, row: dict[str, str], today: date, force: bool) -> tuple[str, str] | None:
    """Which cell of a row the checks of `kzt record` refuse, and why: the same steps in the same order."""
    from ..core.drafting import check_note, fit_rule
    from ..core.lookup import find_target
    from ..core.periods import parse_period
    from ..core.values import normalize_text, parse_value

    try:
        target = find_target(row["target"], ledger.targets)
    except KztError as error:
        return "target", str(error)
    fit = fit_rule(ledger.settings)
    steps: list[tuple[str, Callable[[], object]]] = [
        ("period", lambda: parse_period(row["period"], target, today, force=force, fit=fit)),
        ("value", lambda: (parse_value(row["value"], target, force=force), normalize_text(row["value"], "The value"))),
        ("note", lambda: check_note(row["note"]))]
    for name, step in steps:
        try:
            step()
        except KztError as error:
            return name, str(error)
    return None


def check_sheet(table: SheetTable, check: Callable[[], list[Draft]], ledger: Ledger, today: date,
                force: bool) -> list[Draft]:
    """Run the import's own checks; for a workbook, name each refused cell by Excel row and column."""
    try:
        return check()
    except InputError:
        if table.sheet is None:
            raise
        located = []
        for figure in table.figures:
            problem = _first_problem(ledger, figure.fields, today, force)
            if problem is not None:
                name, message = problem
                index = figure.origin.get(name, figure.origin.get("value", TITLE_COLUMN))
                located.append(f"  {table.cell(figure.line, index, name)}：{message.splitlines()[0]}")
        if not located:
            raise
        raise InputError(_("{path}（工作表“{sheet}”）中{bad}行（共{total}行）不能记录，所以一条也没有记录。"
                           "请改正这些单元格后重新导入：\n{listed}").format(
            path=table.path, sheet=table.sheet, bad=len(located), total=len(table.figures),
            listed=_listing(located))) from None
