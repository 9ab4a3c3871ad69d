"""The Excel 台账: read back with openpyxl, and printed to PDF by LibreOffice."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from .conftest import REPO, invoke
from .printed import POPPLER, SOFFICE, first_page_text, page_info, xlsx_to_pdf

AS_OF = "2026-11-22"
FILLS = {"红": "FFC7CE", "黄": "FFEB9C", "绿": "C6EFCE", "灰": "E7E6E6"}
COLOURS = {"red": "红", "yellow": "黄", "green": "绿", "grey": "灰"}
LEADS = {"jobs-new-urban": "区人力社保局", "port-throughput": "区交通运输委", "gdp-growth": "区发展改革委",
         "fixed-investment-growth": "区发展改革委"}


@pytest.fixture
def example(tmp_path: Path, runner: CliRunner) -> Path:
    """A copy of the example ledger (invented figures), with a few 牵头单位 set by `kzt set`."""
    shutil.copytree(REPO / "examples", tmp_path / "examples", ignore=shutil.ignore_patterns(".cache"))
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    ledger = tmp_path / "examples" / "targets.toml"
    for target, lead in LEADS.items():
        result = invoke(runner, "-f", str(ledger), "set", target, "lead", lead)
        assert result.exit_code == 0, result.stderr
    return ledger


def status_json(runner: CliRunner, ledger: Path) -> list[dict]:
    result = invoke(runner, "-f", str(ledger), "status", "--as-of", AS_OF, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def target_rows(sheet) -> list[dict]:
    """Rows that carry a 序号 (area header rows do not), keyed by the header row's names."""
    header = [c.value for c in sheet[2]]
    rows = []
    for row in sheet.iter_rows(min_row=3):
        if isinstance(row[0].value, int):
            rows.append({name: cell for name, cell in zip(header, row, strict=True)})
    return rows


def write_report(runner: CliRunner, ledger: Path, out: Path) -> None:
    result = invoke(runner, "-f", str(ledger), "report", "--as-of", AS_OF, "--format", "xlsx", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert f"已写入 {out}" in result.stderr and result.stdout == ""


def test_summary_sheet_matches_status_json(runner: CliRunner, example: Path, tmp_path: Path) -> None:
    out = tmp_path / "台账.xlsx"
    write_report(runner, example, out)
    expected = status_json(runner, example)
    book = load_workbook(out)
    assert book.sheetnames[0] == "总表" and book.sheetnames[-1] == "说明"
    sheet = book["总表"]
    assert [c.value for c in sheet[2]] == ["序号", "领域", "指标", "目标值", "单位", "最新值", "数据期", "完成率",
                                          "序时进度", "差距（百分点）", "状态", "牵头单位", "责任单位", "备注"]
    rows = target_rows(sheet)
    count = (REPO / "examples" / "targets.toml").read_text(encoding="utf-8").count("\n[[target]]\n")
    assert len(rows) == len(expected) == count
    assert [r["序号"].value for r in rows] == list(range(1, count + 1))
    for row, want in zip(rows, expected, strict=True):
        assert row["指标"].value == want["name"] and row["领域"].value == want["area"]
        assert row["状态"].value == COLOURS[want["status"]]
        assert row["状态"].fill.fgColor.rgb[-6:] == FILLS[row["状态"].value]
        if want["kind"] != "milestone":
            assert row["目标值"].value == want["target"]
            assert row["最新值"].value == want["value"]
            assert isinstance(row["最新值"].value, float | int | type(None))
        for column, key, tolerance in (("完成率", "completion", 1e-4), ("序时进度", "schedule", 1e-4),
                                       ("差距（百分点）", "gap_pp", 0.006)):
            if want[key] is None:
                assert row[column].value is None
            else:
                assert row[column].value == pytest.approx(want[key], abs=tolerance)
        if want["completion"] is not None:
            assert row["完成率"].number_format == "0.0%"
    # Every colour occurs in the example, so every fill is proven above; the area rows group them.
    assert {r["状态"].value for r in rows} == {"红", "黄", "绿", "灰"}
    areas = [row[0].value for row in sheet.iter_rows(min_row=3) if row[0].value and not isinstance(row[0].value, int)]
    assert areas == list(dict.fromkeys(w["area"] for w in expected))


def test_print_setup_filters_and_frozen_header(runner: CliRunner, example: Path, tmp_path: Path) -> None:
    out = tmp_path / "台账.xlsx"
    write_report(runner, example, out)
    sheet = load_workbook(out)["总表"]
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref.startswith("A2:N")
    assert sheet.page_setup.orientation == "landscape" and str(sheet.page_setup.paperSize) == "9"  # A4
    assert sheet.print_title_rows == "$2:$2"
    assert "台账" in sheet.oddHeader.center.text and sheet.oddHeader.right.text == f"评估日 {AS_OF}"
    # Chinese text counts double: the 指标 column is wider than its four-character heading needs.
    assert sheet.column_dimensions["C"].width > 20


def test_one_sheet_per_lead_unit_holds_exactly_its_targets(runner: CliRunner, example: Path,
                                                         tmp_path: Path) -> None:
    out = tmp_path / "台账.xlsx"
    write_report(runner, example, out)
    expected = status_json(runner, example)
    book = load_workbook(out)
    names = {t["id"]: t["name"] for t in expected}
    for lead in set(LEADS.values()):
        owned = [names[t] for t, unit in LEADS.items() if unit == lead]
        rows = target_rows(book[lead])
        assert sorted(r["指标"].value for r in rows) == sorted(owned)
        assert {r["牵头单位"].value for r in rows} == {lead}
    rest = target_rows(book["未定牵头单位"])
    assert len(rest) == len(expected) - len(LEADS)
    notes = book["说明"]
    assert notes["A1"].value == "台账" and notes["B1"].value == "开州区2026年政府工作报告目标任务"
    assert notes["B2"].value == AS_OF


def test_status_format_xlsx_follows_the_filters(runner: CliRunner, example: Path, tmp_path: Path) -> None:
    out = tmp_path / "red.xlsx"
    result = invoke(runner, "-f", str(example), "status", "--as-of", AS_OF, "--only", "red", "--format", "xlsx",
                    "-o", str(out))
    assert result.exit_code == 0, result.stderr
    rows = target_rows(load_workbook(out)["总表"])
    red = [t for t in status_json(runner, example) if t["status"] == "red"]
    assert [r["指标"].value for r in rows] == [t["name"] for t in red]
    missing = invoke(runner, "-f", str(example), "status", "--format", "xlsx")
    assert missing.exit_code == 2 and "-o" in missing.stderr
    json_to_file = invoke(runner, "-f", str(example), "status", "--format", "json", "-o", str(tmp_path / "s.json"))
    assert json_to_file.exit_code == 2 and "只用于 --format xlsx" in json_to_file.stderr


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (.ci/run installs libreoffice-calc)")
def test_libreoffice_prints_it_to_pdf(runner: CliRunner, example: Path, tmp_path: Path) -> None:
    out = tmp_path / "台账.xlsx"
    write_report(runner, example, out)
    pdf = xlsx_to_pdf(out, tmp_path)
    if POPPLER:
        info, width, height = page_info(pdf)
        assert "A4" in info
        assert width > height  # landscape
        text = first_page_text(pdf)
        assert f"评估日 {AS_OF}" in text and "差距（百分点）" in text and "地区生产总值增长" in text
