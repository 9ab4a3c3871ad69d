"""The 统计局's sheets as they come (issue 25.1): wide layouts, full names, periods from the header or
the title, the column chosen by the target's kind, tab- and semicolon-separated text."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from openpyxl import Workbook

from .conftest import invoke, run_kzt, snapshot

GROWTH = ("gdp-growth", "industry-value-added-growth", "retail-sales-growth", "fixed-investment-growth")
TOTALS = ("jobs-new-urban", "port-throughput")


def wide_workbook(path: Path, *, unknown: bool = False) -> Path:
    """A monthly sheet as the 统计局 sends it: a merged title, a 填报单位 line (with a date that is not
    the period), `指标名称 | 单位 | 1-9月 | 同比增长（%）`, full names, a section row, a merged 注 line."""
    book = Workbook()
    sheet = book.active
    sheet.title = "主要指标"
    sheet["A1"] = "开州区2026年1-9月主要经济指标"
    sheet.merge_cells("A1:D1")
    sheet["A2"] = "填报单位：开州区统计局                填报日期：2026年10月15日"
    sheet.merge_cells("A2:D2")
    sheet.append(["指标名称", "单位", "1-9月", "同比增长（%）"])
    sheet.append(["一、经济总量"])                                     # row 4: a section title
    sheet.append(["地区生产总值", "亿元", 512.3, 5.8])                  # 5
    sheet.append(["规模以上工业增加值", "亿元", "—", 7.1])              # 6
    sheet.append(["社会消费品零售总额", "亿元", 230.5, 3.2])            # 7
    sheet.append(["  其中：固定资产投资", "亿元", None, -2.4])          # 8
    sheet.append(["城镇新增就业", "万人", 0.56, None])                  # 9: the unit converts
    sheet.append(["港口货物吞吐量", "万吨", 180, 12.5])                 # 10
    if unknown:
        sheet.append(["工业用电量", "亿千瓦时", 20.1, 4.0])             # 11
    sheet.append([])
    sheet.append(["注：地区生产总值为初步核算数，其余为快报数。"])
    sheet.merge_cells(f"A{sheet.max_row}:D{sheet.max_row}")
    book.save(path)
    return path


def standing(runner: CliRunner, ledger: Path, target: str) -> list[tuple[float, str]]:
    rows = json.loads(invoke(runner, "-f", str(ledger), "history", target, "--json").stdout)
    return [(r["value"], r["as_of"]) for r in rows if not r["superseded"]]


def test_a_wide_sheet_takes_growth_from_the_growth_column_and_totals_from_the_amount(
        runner: CliRunner, ledger: Path, tmp_path: Path) -> None:
    book = wide_workbook(tmp_path / "统计月报.xlsx")
    result = invoke(runner, "-f", str(ledger), "import", str(book), "--yes")
    assert result.exit_code == 0, result.stderr
    got = {t: standing(runner, ledger, t) for t in GROWTH + TOTALS}
    assert got == {
        "gdp-growth": [(5.8, "2026-09-30")],                  # not 512.3: a growth target takes the growth
        "industry-value-added-growth": [(7.1, "2026-09-30")],  # 规模以上 ↔ 规上
        "retail-sales-growth": [(3.2, "2026-09-30")],
        "fixed-investment-growth": [(-2.4, "2026-09-30")],     # 其中： and the spaces before it
        "jobs-new-urban": [(5600, "2026-09-30")],              # 0.56 万人 → 5,600 人, the amount column
        "port-throughput": [(180, "2026-09-30")],               # not 12.5
    }
    # The preview says where each value came from.
    assert "D列 同比增长（%）" in result.stderr and "C列 1-9月" in result.stderr


def test_an_unknown_indicator_is_refused_with_its_row_and_nothing_is_recorded(
        runner: CliRunner, ledger: Path, tmp_path: Path) -> None:
    book = wide_workbook(tmp_path / "统计月报.xlsx", unknown=True)
    before = snapshot(ledger.parent)
    result = invoke(runner, "-f", str(ledger), "import", str(book), "--yes")
    assert result.exit_code == 2
    assert "第11行 A列（指标名称）：台账中没有指标“工业用电量”" in result.stderr
    assert "一条也没有记录" in result.stderr and "--skip-unknown" in result.stderr
    assert snapshot(ledger.parent) == before
    # Never guessed: a name close to a target's is still not that target.
    assert all(standing(runner, ledger, t) == [] for t in GROWTH + TOTALS)
    skipped = invoke(runner, "-f", str(ledger), "import", str(book), "--yes", "--skip-unknown")
    assert skipped.exit_code == 0, skipped.stderr
    assert "跳过 1 行" in skipped.stderr and "第11行" in skipped.stderr
    assert standing(runner, ledger, "gdp-growth") == [(5.8, "2026-09-30")]


def test_month_and_cumulative_columns_under_a_two_row_header_with_the_period_in_the_title(
        runner: CliRunner, ledger: Path, tmp_path: Path) -> None:
    """`本月 | 累计` merged over `绝对值 | 增长%`, the period only in the title (2026年9月): a total takes
    the 累计 amount, a growth target the 累计 growth, never the month's."""
    book = Workbook()
    sheet = book.active
    sheet["A1"] = "2026年9月开州区主要经济指标快报"
    sheet.merge_cells("A1:F1")
    sheet.append(["指标名称", "单位", "本月", None, "累计", None])
    sheet.merge_cells("C2:D2")
    sheet.merge_cells("E2:F2")
    sheet.append([None, None, "绝对值", "增长%", "绝对值", "增长%"])
    sheet.append(["社会消费品零售总额", "亿元", 25.1, 1.5, 230.5, 3.2])
    sheet.append(["新增就业", "人", 700, None, 5600, None])
    path = tmp_path / "9月快报.xlsx"
    book.save(path)
    result = invoke(runner, "-f", str(ledger), "import", str(path), "--yes")
    assert result.exit_code == 0, result.stderr
    assert standing(runner, ledger, "retail-sales-growth") == [(3.2, "2026-09-30")]
    assert standing(runner, ledger, "jobs-new-urban") == [(5600, "2026-09-30")]
    assert "F列 累计 增长%" in result.stderr and "（期间取自标题）" in result.stderr


def test_a_month_alone_is_not_a_year_to_date_total(runner: CliRunner, ledger: Path, tmp_path: Path) -> None:
    table = tmp_path / "本月.csv"
    table.write_text("2026年9月统计快报\n指标名称,单位,本月\n城镇新增就业,人,700\n", encoding="utf-8")
    before = snapshot(ledger.parent)
    result = invoke(runner, "-f", str(ledger), "import", str(table), "--yes")
    assert result.exit_code == 2
    assert f"{table}" in result.stderr and "第3行 第1列（指标名称）" in result.stderr
    assert "累计类指标不取本月数" in result.stderr
    assert snapshot(ledger.parent) == before


def test_a_tsv_with_the_workbook_headers_imports(ledger: Path, tmp_path: Path) -> None:
    """指标名称/完成值/时期, separated by tabs (copied out of Excel): the one table of header names."""
    table = tmp_path / "9月.tsv"
    table.write_text("指标名称\t完成值\t时期\t备注\n城镇新增就业\t5,600\t1-9月\t九月快报\n"
                     "规模以上工业增加值增长\t7.1%\t2026年9月\t\n", encoding="utf-8")
    result = run_kzt("-f", str(ledger), "import", str(table), "--yes")
    assert result.returncode == 0, result.stderr
    assert "制表符分隔" in result.stderr
    shown = run_kzt("-f", str(ledger), "history", "jobs-new-urban", "--json")
    assert [(r["value"], r["as_of"], r["note"]) for r in json.loads(shown.stdout)] == [(5600, "2026-09-30", "九月快报")]
    shown = run_kzt("-f", str(ledger), "history", "industry-value-added-growth", "--json")
    assert [(r["value"], r["as_of"]) for r in json.loads(shown.stdout)] == [(7.1, "2026-09-30")]


def test_a_semicolon_separated_file_imports(runner: CliRunner, ledger: Path, tmp_path: Path) -> None:
    table = tmp_path / "eu.csv"
    table.write_text("target;value;period;note\njobs-new-urban;5600;1-9月;快报, 初步\n", encoding="gbk")
    result = invoke(runner, "-f", str(ledger), "import", str(table), "--yes")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(invoke(runner, "-f", str(ledger), "history", "jobs-new-urban", "--json").stdout)
    assert [(r["value"], r["note"]) for r in rows] == [(5600, "快报, 初步")]


def test_a_wide_csv_reads_like_the_workbook(runner: CliRunner, ledger: Path, tmp_path: Path) -> None:
    table = tmp_path / "wide.csv"
    table.write_text("开州区2026年1-9月主要经济指标\n填报单位：开州区统计局\n指标名称,单位,1-9月,同比增长（%）\n"
                     "地区生产总值,亿元,512.3,5.8\n港口货物吞吐量,万吨,180,12.5\n注：快报数。\n", encoding="utf-8-sig")
    result = invoke(runner, "-f", str(ledger), "import", str(table), "--yes")
    assert result.exit_code == 0, result.stderr
    assert standing(runner, ledger, "gdp-growth") == [(5.8, "2026-09-30")]
    assert standing(runner, ledger, "port-throughput") == [(180, "2026-09-30")]


def test_a_growth_cell_left_empty_is_named(runner: CliRunner, ledger: Path, tmp_path: Path) -> None:
    book = wide_workbook(tmp_path / "m.xlsx")
    from openpyxl import load_workbook

    loaded = load_workbook(book)
    loaded.active["D5"] = "—"  # 地区生产总值's growth not yet published
    loaded.save(book)
    before = snapshot(ledger.parent)
    result = invoke(runner, "-f", str(ledger), "import", str(book), "--yes")
    assert result.exit_code == 2
    assert "第5行 D列（同比增长（%））：gdp-growth 的增速（同比增长）这一格是空的" in result.stderr
    assert snapshot(ledger.parent) == before


def test_a_long_sheet_without_a_period_column_takes_the_title_period(runner: CliRunner, ledger: Path,
                                                                      tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet["A1"] = "开州区2026年1-8月就业情况"
    sheet.append(["指标", "数值", "单位"])
    sheet.append(["城镇新增就业", 0.5, "万人"])
    path = tmp_path / "long.xlsx"
    book.save(path)
    result = invoke(runner, "-f", str(ledger), "import", str(path), "--yes")
    assert result.exit_code == 0, result.stderr
    assert standing(runner, ledger, "jobs-new-urban") == [(5000, "2026-08-31")]
