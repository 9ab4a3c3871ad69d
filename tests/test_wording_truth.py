"""Issue 10 point 6 through the CLI: changes named against the period compared with, relative targets
naming their reference, readings labelled with their date, revisions marked, growth against its rate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from .conftest import invoke
from .test_report import record_on


@pytest.fixture
def year(runner: CliRunner, ledger: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    record_on(runner, ledger, "2026-09-20", monkeypatch, "港口", "150", "--as-of", "1-8月")
    record_on(runner, ledger, "2026-10-06", monkeypatch, "港口", "180", "--as-of", "1-9月")
    record_on(runner, ledger, "2026-10-07", monkeypatch, "gdp-growth", "5.8", "--as-of", "Q3")
    record_on(runner, ledger, "2026-10-07", monkeypatch, "income-growth", "5.5", "--as-of", "Q3")
    record_on(runner, ledger, "2026-10-07", monkeypatch, "retail-sales-growth", "2.8", "--as-of", "Q3")
    record_on(runner, ledger, "2026-10-08", monkeypatch, "失业率", "5.4", "--as-of", "上半年")
    monkeypatch.setenv("KZT_TODAY", "2026-10-14")
    return ledger


def md(runner: CliRunner, ledger: Path, *args: str) -> str:
    result = invoke(runner, "-f", str(ledger), "report", "--format", "md", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_a_change_names_the_period_compared_with_and_a_revision_is_marked(
        runner: CliRunner, year: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = md(runner, year, "--as-of", "2026-10-08")
    assert "180万吨（2026年1-9月），较上次（2026年1-8月）+30万吨" in text and "较上周" not in text
    record_on(runner, year, "2026-10-13", monkeypatch, "港口", "186", "--as-of", "1-9月")
    revised = md(runner, year, "--as-of", "2026-10-14", "--since", "2026-10-09")
    assert "186万吨（2026年1-9月）（修订），较上次（2026年1-9月）+6万吨" in revised


def test_a_relative_target_names_its_reference(runner: CliRunner, year: Path) -> None:
    rows = json.loads(invoke(runner, "-f", str(year), "status", "--json", "--as-of", "2026-10-08").stdout)
    income = next(r for r in rows if r["id"] == "income-growth")
    assert income["reference"] == 5.8
    shown = invoke(runner, "-f", str(year), "show", "income-growth", "--as-of", "2026-10-08").stdout
    assert "低于地区生产总值增速（5.8%）0.3个百分点" in shown
    assert "参照值5.8%0.3" not in md(runner, year, "--as-of", "2026-10-08")


def test_readings_are_labelled_with_their_date_not_as_totals(runner: CliRunner, year: Path) -> None:
    text = md(runner, year, "--as-of", "2026-10-08")
    assert "5.4%（2026年6月末）" in text and "5.4%（2026年1-6月）" not in text


def test_growth_shows_its_rate_against_the_target_rate_in_the_completion_column(runner: CliRunner,
                                                                                year: Path) -> None:
    target = next(t for t in json.loads(invoke(runner, "-f", str(year), "targets", "--json").stdout)
                  if t["id"] == "retail-sales-growth")
    table = invoke(runner, "-f", str(year), "status", "--as-of", "2026-10-08", "--kind", "growth").stdout
    line = next(row for row in table.splitlines() if "社会消费品零售总额" in row)
    assert f"2.8% / {target['target']:g}%" in line
    assert "140.0%" not in line
