"""`kzt status` through the real CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner
from rich.cells import cell_len

from .conftest import invoke, run_kzt


def test_bundled_ledger_without_figures_is_all_grey(runner: CliRunner) -> None:
    data = json.loads(invoke(runner, "status", "--as-of", "2026-10-08", "--json").stdout)
    assert len(data) == 197 and {d["status"] for d in data} == {"grey"}
    keys = {"id", "name", "kind", "unit", "target", "value", "as_of", "completion", "schedule", "gap_pp",
            "projection", "status", "stale"}
    assert keys <= set(data[0])
    table = invoke(runner, "status", "--as-of", "2026-10-08").stdout
    assert "合计 197: 红 0  黄 0  绿 0  灰 197" in table


def record(runner: CliRunner, ledger: Path, *args: str) -> None:
    result = invoke(runner, "-f", str(ledger), "record", *args)
    assert result.exit_code == 0, result.stderr


def with_figures(runner: CliRunner, ledger: Path) -> None:
    record(runner, ledger, "就业", "5600", "--as-of", "1-9月")
    record(runner, ledger, "港口", "180", "--as-of", "1-9月")
    record(runner, ledger, "gdp-growth", "4.0", "--as-of", "Q3")
    record(runner, ledger, "失业率", "5.8", "--as-of", "Q3")
    record(runner, ledger, "森林覆盖率", "57.2", "--as-of", "上半年")


def test_status_with_figures(runner: CliRunner, ledger: Path) -> None:
    with_figures(runner, ledger)
    data = {d["id"]: d for d in json.loads(invoke(runner, "-f", str(ledger), "status", "--json").stdout)}
    jobs = data["jobs-new-urban"]
    assert (jobs["value"], jobs["as_of"], jobs["completion"], jobs["schedule"], jobs["gap_pp"], jobs["status"]) == (
        5600, "2026-09-30", 0.7671, 0.75, 1.71, "green")
    assert (data["port-throughput"]["gap_pp"], data["port-throughput"]["status"]) == (-15.0, "red")
    assert data["gdp-growth"]["status"] == "red"
    # 5.8% in Q3 over a 5.5% ceiling judged on the year's own rate: a warning, not a lost year (issue 23).
    assert data["urban-unemployment-rate"]["status"] == "yellow"
    assert data["forest-coverage"]["status"] == "green"
    assert data["fixed-investment-growth"]["stale"] is True  # monthly, nothing by October
    only = json.loads(invoke(runner, "-f", str(ledger), "status", "--only", "red,yellow", "--json").stdout)
    assert [d["id"] for d in only] == ["gdp-growth", "port-throughput", "urban-unemployment-rate"]


def test_status_table_reads_at_80_columns(runner: CliRunner, ledger: Path, monkeypatch) -> None:
    with_figures(runner, ledger)
    monkeypatch.setenv("COLUMNS", "80")
    out = invoke(runner, "-f", str(ledger), "status", "--area", "主要目标").stdout
    lines = out.splitlines()
    assert all(cell_len(line) <= 80 for line in lines)
    jobs = next(line for line in lines if line.startswith("城镇新增就业"))
    assert re.search(r"5,600人.*76\.7%.*75\.0%.*\+1\.7.*● 绿", jobs)
    gdp = next(line for line in lines if line.startswith("地区生产总值增长"))
    assert "● 红" in gdp
    assert "\x1b[" not in out
    monkeypatch.setenv("COLUMNS", "160")
    wide = invoke(runner, "-f", str(ledger), "status", "--area", "主要目标").stdout
    assert "趋势" in wide and "趋势" not in out  # the least important column gives way first


def test_cjk_columns_align(runner: CliRunner, ledger: Path) -> None:
    with_figures(runner, ledger)
    out = invoke(runner, "-f", str(ledger), "status", "--area", "主要目标").stdout
    rows = [line for line in out.splitlines() if "●" in line]
    # The status badge starts in the same terminal column on every row.
    columns = {cell_len(line[: line.index("●")]) for line in rows}
    assert len(columns) == 1


def test_english_and_filters(runner: CliRunner, ledger: Path) -> None:
    with_figures(runner, ledger)
    out = invoke(runner, "-f", str(ledger), "--lang", "en", "status", "--kind", "ceiling").stdout
    # 5.8% in Q3 over the 5.5% ceiling is a warning until the year's own rate (issue 23).
    assert "Status" in out and "● yellow" in out and "Total 4: red 0  yellow 1" in out
    bad = invoke(runner, "-f", str(ledger), "status", "--only", "purple")
    assert bad.exit_code == 2 and "不认识的颜色“purple”" in bad.stderr
    bad_area = invoke(runner, "-f", str(ledger), "status", "--area", "太空")
    assert bad_area.exit_code == 2 and "没有指标属于领域“太空”" in bad_area.stderr
    bad_date = invoke(runner, "-f", str(ledger), "status", "--as-of", "2026-02-30")
    assert bad_date.exit_code == 2 and "“2026-02-30”不是日期" in bad_date.stderr


def test_owner_filter_and_grouping(runner: CliRunner, ledger: Path) -> None:
    text = ledger.read_text(encoding="utf-8").replace(
        'id = "port-throughput"\n', 'id = "port-throughput"\nlead = "区交通运输委"\nowners = ["区港航中心"]\n')
    ledger.write_text(text, encoding="utf-8")
    data = json.loads(invoke(runner, "-f", str(ledger), "status", "--owner", "港航", "--json").stdout)
    assert [d["id"] for d in data] == ["port-throughput"] and data[0]["lead"] == "区交通运输委"
    grouped = invoke(runner, "-f", str(ledger), "status", "--group-by", "owner").stdout
    assert "【区交通运输委】" in grouped and "【未指定牵头单位】" in grouped


def test_piped_output_has_no_colour_even_without_no_color(ledger: Path, monkeypatch) -> None:
    monkeypatch.delenv("NO_COLOR")
    result = run_kzt("-f", str(ledger), "status", env={"TERM": "xterm-256color"})
    assert result.returncode == 0 and "\x1b[" not in result.stdout and "合计 197" in result.stdout
