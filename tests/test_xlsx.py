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


HEADER_ROW = 3  # under the merged title and the 填报单位 line


def last_table_row(sheet) -> int:
    return int(sheet.auto_filter.ref.split(":")[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))


def target_rows(sheet) -> list[dict]:
    """Rows that carry a 序号 (area header rows do not), keyed by the header row's names."""
    header = [c.value for c in sheet[HEADER_ROW]]
    rows = []
    for row in sheet.iter_rows(min_row=HEADER_ROW + 1, max_row=last_table_row(sheet)):
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
    assert [c.value for c in sheet[HEADER_ROW]] == ["序号", "领域", "指标", "目标值", "单位", "最新值", "数据期",
                                                   "完成率", "序时进度", "差距（百分点）", "状态", "牵头单位",
                                                   "责任单位", "备注"]
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
    areas = [row[0].value for row in sheet.iter_rows(min_row=HEADER_ROW + 1, max_row=last_table_row(sheet))
             if row[0].value and not isinstance(row[0].value, int)]
    assert areas == list(dict.fromkeys(w["area"] for w in expected))


def test_print_setup_filters_and_frozen_header(runner: CliRunner, example: Path, tmp_path: Path) -> None:
    out = tmp_path / "台账.xlsx"
    write_report(runner, example, out)
    sheet = load_workbook(out)["总表"]
    assert sheet.freeze_panes == "A4"
    assert sheet.auto_filter.ref.startswith("A3:N")
    assert sheet.page_setup.orientation == "landscape" and str(sheet.page_setup.paperSize) == "9"  # A4
    assert sheet.print_title_rows == "$3:$3"
    assert "台账" in sheet.oddHeader.center.text and sheet.oddHeader.right.text == f"评估日 {AS_OF}"
    # Chinese text counts double: the 指标 column holds eight characters a line and wraps the rest.
    assert sheet.column_dimensions["C"].width >= 16


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
        assert f"评估日 {AS_OF}" in text and "完成率" in text and "地区生产总值增长" in text


PROGRESS_NOTE = "推进情况：二期码头主体完工；存在问题：进港道路未贯通；下步措施：12月底前道路通车"


def office_ledger(example: Path, runner: CliRunner) -> Path:
    """The example with its 填报单位 set and a 牵头单位's note recorded with a figure."""
    text = example.read_text(encoding="utf-8")
    example.write_text(text.replace("[settings]\n", '[settings]\nreporting_unit = "开州区发展改革委"\n', 1),
                       encoding="utf-8")
    result = invoke(runner, "-f", str(example), "record", "port-throughput", "190万吨", "--as-of", "2026年9月",
                    "--note", PROGRESS_NOTE, "--force")
    assert result.exit_code == 0, result.stderr
    return example


def test_the_sheet_reads_as_the_office_form(runner: CliRunner, example: Path, tmp_path: Path) -> None:
    """A merged title, the 填报单位 / 评估日 / 单位 line, 宋体 at 10.5 pt, a 填表人 / 审核人 line."""
    office_ledger(example, runner)
    out = tmp_path / "台账.xlsx"
    write_report(runner, example, out)
    book = load_workbook(out)
    for sheet in (book["总表"], book["区交通运输委"]):
        assert "A1:N1" in {str(r) for r in sheet.merged_cells.ranges}
        assert sheet["A1"].value.endswith(("台账", "督办清单")) and sheet["A1"].font.b
        assert "填报单位：开州区发展改革委" in sheet["A2"].value and f"评估日：{AS_OF}" in sheet["A2"].value
        assert "单位：" in sheet["A2"].value
        last = last_table_row(sheet)
        cells = [c for row in sheet.iter_rows(min_row=HEADER_ROW, max_row=last) for c in row if c.value is not None]
        assert {c.font.name for c in cells} == {"宋体"} and {c.font.sz for c in cells} == {10.5}
        footer = " ".join(str(c.value) for row in sheet.iter_rows(min_row=last + 1) for c in row if c.value)
        assert "填表人：" in footer and "审核人：" in footer
    headings = [c.value for c in book["总表"][HEADER_ROW]]
    assert "推进情况" not in headings  # only with --with-notes


def test_with_notes_the_lead_units_notes_fill_three_columns(runner: CliRunner, example: Path,
                                                            tmp_path: Path) -> None:
    office_ledger(example, runner)
    out = tmp_path / "台账.xlsx"
    result = invoke(runner, "-f", str(example), "status", "--as-of", AS_OF, "--format", "xlsx", "--with-notes",
                    "-o", str(out))
    assert result.exit_code == 0, result.stderr
    sheet = load_workbook(out)["总表"]
    headings = [c.value for c in sheet[HEADER_ROW]]
    assert headings[-3:] == ["推进情况", "存在问题", "下步措施"]
    port = next(r for r in target_rows(sheet) if r["指标"].value == "港口货物吞吐量")
    assert (port["推进情况"].value, port["存在问题"].value, port["下步措施"].value) == (
        "二期码头主体完工", "进港道路未贯通", "12月底前道路通车")
    # A note without labels is all 推进情况 (the example's figures say they are invented).
    gdp = next(r for r in target_rows(sheet) if r["指标"].value == "地区生产总值增长")
    assert gdp["推进情况"].value == "示例数据（虚构）" and gdp["存在问题"].value is None
    report = tmp_path / "周报台账.xlsx"
    assert invoke(runner, "-f", str(example), "report", "--as-of", AS_OF, "--with-notes", "-o",
                  str(report)).exit_code == 0
    assert [c.value for c in load_workbook(report)["总表"][HEADER_ROW]][-1] == "下步措施"


def printed_size(pdf: Path, word: str) -> float:
    """The printed size in points of a run of Chinese characters on page 1 (a CJK glyph is 1 em wide)."""
    import subprocess

    boxes = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout
    for line in boxes.splitlines():
        if f">{word}<" in line:
            x_min, x_max = (float(line.split(f'{key}="')[1].split('"')[0]) for key in ("xMin", "xMax"))
            return (x_max - x_min) / len(word)
    raise AssertionError(f"{word} is not on page 1")


@pytest.mark.skipif(SOFFICE is None or not POPPLER, reason="LibreOffice and poppler print and read the 台账")
def test_it_prints_on_a4_at_a_readable_size(runner: CliRunner, example: Path, tmp_path: Path) -> None:
    """One page across, A4 landscape; the text printed at 9 pt or more (8 pt with the three note columns),
    where openpyxl's defaults printed it at about 6.5 pt."""
    office_ledger(example, runner)
    for notes, smallest in (False, 9.0), (True, 8.0):
        out = tmp_path / ("notes" if notes else "plain") / "台账.xlsx"
        out.parent.mkdir()
        result = invoke(runner, "-f", str(example), "report", "--as-of", AS_OF, "-o", str(out),
                        *(["--with-notes"] if notes else []))
        assert result.exit_code == 0, result.stderr
        pdf = xlsx_to_pdf(out, out.parent)
        info, width, height = page_info(pdf)
        assert "A4" in info and width > height
        assert printed_size(pdf, "地区生产总值增长") >= smallest
        text = first_page_text(pdf)
        assert "填报单位：开州区发展改革委" in text
