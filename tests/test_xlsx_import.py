"""`kzt import FILE.xlsx`: a 统计局 monthly sheet reads as the same figures as the CSV; errors name cells."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

from click.testing import CliRunner
from openpyxl import Workbook, load_workbook

from .conftest import invoke, run_kzt, snapshot

CSV = ("target,value,period,note\n"
       "jobs-new-urban,\"5,600\",1-9月,九月快报\n"
       "港口,180万吨,2026年9月,\n"
       "gdp-growth,5.4%,三季度,初步核算\n"
       "fixed-investment-growth,3.2,2026-09-30,\n")


def statistics_bureau_sheet(path: Path, sheet: str = "9月") -> Path:
    """Laid out as the 统计局 sends it: a merged title, a unit line, Chinese headers in row 3,
    numbers as numbers, a text number, % cells, a date cell shown as a month, a 注 line below."""
    book = Workbook()
    first = book.active
    first.title = "封面"
    first["A1"] = "开州区统计局"
    data = book.create_sheet(sheet)
    data["A1"] = "开州区2026年1-9月主要经济指标"
    data.merge_cells("A1:E1")
    data["A2"] = "单位：人、万吨、%"
    data.append(["序号", "指标名称", "数值", "数据期", "备注"])
    data.append([1, "jobs-new-urban", "5,600", "1-9月", "九月快报"])
    data.append([2, "港口", 180, date(2026, 9, 1), None])
    data["D5"].number_format = 'yyyy"年"m"月"'
    data.append([3, "gdp-growth", 0.054, "三季度", "初步核算"])
    data["C6"].number_format = "0.0%"
    data.append([4, "fixed-investment-growth", 0.032, datetime(2026, 9, 30), None])
    data["C7"].number_format = "0.0%"
    data["D7"].number_format = "yyyy-mm-dd"
    data.append([])
    data["A10"] = "注：本表数据为快报数。"
    data.merge_cells("A10:E10")
    for row in range(11, 15):  # formatted but empty trailing rows, as Excel leaves them
        data.cell(row, 3).number_format = "0.0"
    book.save(path)
    return path


def figures(runner: CliRunner, ledger: Path) -> dict[str, list[tuple]]:
    out = {}
    for target in ("jobs-new-urban", "port-throughput", "gdp-growth", "fixed-investment-growth"):
        rows = json.loads(invoke(runner, "-f", str(ledger), "history", target, "--json").stdout)
        out[target] = [(r["value"], r["as_of"], r["note"], r["superseded"]) for r in rows]
    return out


def test_workbook_imports_the_same_figures_as_the_csv(runner: CliRunner, ledger: Path, tmp_path: Path) -> None:
    table = tmp_path / "sept.csv"
    table.write_text(CSV, encoding="utf-8")
    other = tmp_path / "other"
    other.mkdir()
    assert invoke(runner, "init", str(other)).exit_code == 0
    from_csv = invoke(runner, "-f", str(other / "targets.toml"), "import", str(table), "--yes")
    assert from_csv.exit_code == 0, from_csv.stderr

    workbook = statistics_bureau_sheet(tmp_path / "统计月报.xlsx")
    result = invoke(runner, "-f", str(ledger), "import", str(workbook), "--sheet", "9月", "--yes")
    assert result.exit_code == 0, result.stderr
    assert "工作表“9月”" in result.stderr
    got, want = figures(runner, ledger), figures(runner, other / "targets.toml")
    assert got == want
    assert got["gdp-growth"] == [(5.4, "2026-09-30", "初步核算", False)]
    assert got["fixed-investment-growth"][0][:2] == (3.2, "2026-09-30")
    assert got["port-throughput"][0][:2] == (180, "2026-09-30")  # the date cell shown as 2026年9月


def test_a_bad_cell_is_named_by_excel_row_and_column(runner: CliRunner, ledger: Path, tmp_path: Path) -> None:
    workbook = statistics_bureau_sheet(tmp_path / "bad.xlsx")
    book = load_workbook(workbook)
    book["9月"]["C6"] = "5.4万"  # a percentage target given in 万
    book["9月"]["B7"] = "不存在的指标"
    book.save(workbook)
    before = snapshot(ledger.parent)
    result = invoke(runner, "-f", str(ledger), "import", str(workbook), "--sheet", "9月", "--yes")
    assert result.exit_code == 2
    assert "2行（共4行）不能记录，所以一条也没有记录" in result.stderr
    assert "第6行 C列（数值）：" in result.stderr and "5.4万" in result.stderr
    assert "第7行 B列（指标）：" in result.stderr
    assert snapshot(ledger.parent) == before


def test_cells_no_figure_can_be_are_refused_before_any_check(runner: CliRunner, ledger: Path,
                                                             tmp_path: Path) -> None:
    workbook = statistics_bureau_sheet(tmp_path / "cells.xlsx")
    book = load_workbook(workbook)
    book["9月"]["C4"] = True
    book["9月"]["C5"] = date(2026, 9, 30)
    book.save(workbook)
    before = snapshot(ledger.parent)
    result = invoke(runner, "-f", str(ledger), "import", str(workbook), "--sheet", "9月", "--yes")
    assert result.exit_code == 2
    assert "第4行 C列（数值）：单元格是逻辑值 TRUE" in result.stderr
    assert "第5行 C列（数值）：单元格是日期" in result.stderr
    assert "一条也没有记录" in result.stderr
    assert snapshot(ledger.parent) == before


def test_sheet_header_and_format_errors(runner: CliRunner, ledger: Path, tmp_path: Path) -> None:
    workbook = statistics_bureau_sheet(tmp_path / "m.xlsx")
    before = snapshot(ledger.parent)
    wrong_sheet = invoke(runner, "-f", str(ledger), "import", str(workbook), "--sheet", "10月", "--yes")
    assert wrong_sheet.exit_code == 2 and "没有名为“10月”的工作表；现有：封面、9月" in wrong_sheet.stderr
    # The first sheet (the default) is a cover page without a header row.
    no_header = invoke(runner, "-f", str(ledger), "import", str(workbook), "--yes")
    assert no_header.exit_code == 2 and "找不到表头" in no_header.stderr and "封面" in no_header.stderr
    fake = tmp_path / "fake.xlsx"
    fake.write_text("target,value\n", encoding="utf-8")
    not_a_book = invoke(runner, "-f", str(ledger), "import", str(fake), "--yes")
    assert not_a_book.exit_code == 2 and "不是有效的 Excel 工作簿" in not_a_book.stderr
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    assert "另存为" in invoke(runner, "-f", str(ledger), "import", str(old), "--yes").stderr
    csv = tmp_path / "t.csv"
    csv.write_text(CSV, encoding="utf-8")
    sheet_on_csv = invoke(runner, "-f", str(ledger), "import", str(csv), "--sheet", "9月", "--yes")
    assert sheet_on_csv.exit_code == 2 and "--sheet 只用于 Excel 工作簿" in sheet_on_csv.stderr
    assert snapshot(ledger.parent) == before


def test_english_headers_and_dry_run_as_a_subprocess(ledger: Path, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Target", "Value (人)", "Period", "Note"])  # a bracketed unit is not part of the name
    sheet.append(["就业", 5600, "1-9月", "quick"])
    path = tmp_path / "en.xlsx"
    book.save(path)
    before = snapshot(ledger.parent)
    result = run_kzt("-f", str(ledger), "import", str(path), "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "城镇新增就业" in result.stderr and "5,600人" in result.stderr
    assert snapshot(ledger.parent) == before


def test_merged_cells_inside_the_table(runner: CliRunner, ledger: Path, tmp_path: Path) -> None:
    """A 指标 merged down over two periods counts on both rows; a 备注 merged across two columns
    keeps its row; a section title merged across the table is skipped."""
    book = Workbook()
    sheet = book.active
    sheet.append(["指标", "数值", "数据期", "备注", ""])
    sheet.append(["一、就业与运输"])
    sheet.merge_cells("A2:E2")
    sheet.append(["就业", 5000, "1-8月", "快报", None])
    sheet.append([None, 5600, "1-9月", None, None])
    sheet.merge_cells("A3:A4")
    sheet.append(["港口", 180, "1-9月", "港航中心", None])
    sheet.merge_cells("D5:E5")
    path = tmp_path / "merged.xlsx"
    book.save(path)
    result = invoke(runner, "-f", str(ledger), "import", str(path), "--yes")
    assert result.exit_code == 0, result.stderr
    got = figures(runner, ledger)
    assert [(v, p) for v, p, _note, _s in got["jobs-new-urban"]] == [(5000, "2026-08-31"), (5600, "2026-09-30")]
    assert got["port-throughput"] == [(180, "2026-09-30", "港航中心", False)]
