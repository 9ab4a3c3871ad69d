"""`kzt import`: Excel's encodings, all-or-nothing, preview and confirmation."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from click.testing import CliRunner

from .conftest import invoke, run_kzt, snapshot

TABLE = "target,value,period,note\njobs-new-urban,\"5,600\",1-9月,九月快报\n港口,180万吨,三季度,\n"


def history(runner: CliRunner, ledger: Path, target: str) -> list[dict]:
    return json.loads(invoke(runner, "-f", str(ledger), "history", target, "--json").stdout)


def test_import_utf8_with_bom(runner: CliRunner, ledger: Path, tmp_path: Path) -> None:
    table = tmp_path / "sept.csv"
    table.write_bytes(b"\xef\xbb\xbf" + TABLE.encode("utf-8"))
    result = invoke(runner, "-f", str(ledger), "import", str(table), "--yes")
    assert result.exit_code == 0, result.stderr
    assert "导入 2 条数据" in result.stderr
    assert [(h["value"], h["as_of"], h["note"]) for h in history(runner, ledger, "就业")] == [
        (5600, "2026-09-30", "九月快报")]
    assert history(runner, ledger, "港口")[0]["value"] == 180


def test_import_gbk_as_excel_saves_it(runner: CliRunner, ledger: Path, tmp_path: Path) -> None:
    table = tmp_path / "sept.csv"
    table.write_bytes(TABLE.replace("\n", "\r\n").encode("gbk"))
    result = invoke(runner, "-f", str(ledger), "import", str(table), "--yes")
    assert result.exit_code == 0, result.stderr
    assert "（gbk）" in result.stderr
    assert history(runner, ledger, "就业")[0]["note"] == "九月快报"


def test_one_bad_row_rejects_the_whole_file(runner: CliRunner, ledger: Path, tmp_path: Path) -> None:
    table = tmp_path / "bad.csv"
    table.write_text(TABLE + "gdp-growth,5.4万,Q3,\n不存在的指标,1,9月,\n", encoding="utf-8")
    before = snapshot(ledger.parent)
    result = invoke(runner, "-f", str(ledger), "import", str(table), "--yes")
    assert result.exit_code == 2
    assert "4 行中有 2 行不能记录，所以什么都没有记录" in result.stderr
    assert f"{table}:4: “5.4万”与 gdp-growth（地区生产总值增长）不符" in result.stderr
    assert f"{table}:5: 没有与“不存在的指标”匹配的指标" in result.stderr
    assert snapshot(ledger.parent) == before


def test_dry_run_and_declined_confirmation_record_nothing(runner: CliRunner, ledger: Path, tmp_path: Path) -> None:
    table = tmp_path / "sept.csv"
    table.write_text(TABLE, encoding="utf-8")
    before = snapshot(ledger.parent)
    dry = invoke(runner, "-f", str(ledger), "import", str(table), "--dry-run")
    assert dry.exit_code == 0 and "试运行：检查了 2 条数据，没有录入。" in dry.stderr
    assert "城镇新增就业" in dry.stderr and "5,600人" in dry.stderr
    declined = invoke(runner, "-f", str(ledger), "import", str(table), input="n\n")
    assert declined.exit_code == 1
    assert "已取消" in declined.stderr and "Aborted" not in declined.output
    assert snapshot(ledger.parent) == before


def test_bad_header_and_unreadable_bytes(runner: CliRunner, ledger: Path, tmp_path: Path) -> None:
    table = tmp_path / "x.csv"
    table.write_text("名称,数\n就业,5600\n", encoding="utf-8")
    result = invoke(runner, "-f", str(ledger), "import", str(table), "--yes")
    assert result.exit_code == 2 and "表头缺少列 指标（target）、数值（value）、数据期（period）" in result.stderr
    assert "实际表头：名称,数" in result.stderr
    table.write_bytes(b"target,value,period\n\xff\xfe\xfd,1,9\xff\n")
    result = invoke(runner, "-f", str(ledger), "import", str(table), "--yes")
    assert result.exit_code == 2 and "既不是 UTF-8 也不是 GBK" in result.stderr


def test_two_different_rows_for_one_period_refuse_the_file_naming_both(runner: CliRunner, ledger: Path,
                                                                      tmp_path: Path) -> None:
    """Issue 10: the later row used to win without a word."""
    table = tmp_path / "t.csv"
    table.write_text("target,value,period,note\n就业,5000,1-8月,\n就业,+600,1-9月,\n就业,5650,1-9月,修订\n",
                     encoding="utf-8")
    before = snapshot(ledger.parent)
    result = invoke(runner, "-f", str(ledger), "import", str(table), "--yes")
    assert result.exit_code == 2
    assert "第3行和第4行给出了jobs-new-urban在2026-09-30的两个不同数据（+600和5650）" in result.stderr
    assert snapshot(ledger.parent) == before
    # the increment inside the file still adds to the row before it
    table.write_text("target,value,period,note\n就业,5000,1-8月,\n就业,+600,1-9月,\n", encoding="utf-8")
    assert invoke(runner, "-f", str(ledger), "import", str(table), "--yes").exit_code == 0
    assert [r["value"] for r in history(runner, ledger, "就业")] == [5000, 5600]


def test_thousands_of_rows_as_a_subprocess(ledger: Path, tmp_path: Path) -> None:
    table = tmp_path / "big.csv"
    # One figure a day for 250 days for each of twelve targets (one target and period once per file).
    ids = [t["id"] for t in json.loads(run_kzt("-f", str(ledger), "targets", "--json").stdout)
           if t["kind"] == "cumulative"][:12]
    assert len(ids) == 12
    days = [date(2026, 1, 1) + timedelta(days=d) for d in range(250)]
    lines = ["target,value,period,note"] + [f"{t},{n + 1},{day},r{n}" for t in ids for n, day in enumerate(days)]
    table.write_text("\n".join(lines), encoding="utf-8")
    result = run_kzt("-f", str(ledger), "import", str(table), "--yes", "--force")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(run_kzt("-f", str(ledger), "history", ids[0], "--json").stdout)) == 250
