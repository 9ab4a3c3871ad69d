"""`kzt import`: Excel's encodings, all-or-nothing, preview and confirmation."""

from __future__ import annotations

import json
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
    assert "Imported 2 figure(s)" in result.stderr
    assert [(h["value"], h["as_of"], h["note"]) for h in history(runner, ledger, "就业")] == [
        (5600, "2026-09-30", "九月快报")]
    assert history(runner, ledger, "港口")[0]["value"] == 180


def test_import_gbk_as_excel_saves_it(runner: CliRunner, ledger: Path, tmp_path: Path) -> None:
    table = tmp_path / "sept.csv"
    table.write_bytes(TABLE.replace("\n", "\r\n").encode("gbk"))
    result = invoke(runner, "-f", str(ledger), "import", str(table), "--yes")
    assert result.exit_code == 0, result.stderr
    assert "(gbk)" in result.stderr
    assert history(runner, ledger, "就业")[0]["note"] == "九月快报"


def test_one_bad_row_rejects_the_whole_file(runner: CliRunner, ledger: Path, tmp_path: Path) -> None:
    table = tmp_path / "bad.csv"
    table.write_text(TABLE + "gdp-growth,5.4万,Q3,\n不存在的指标,1,9月,\n", encoding="utf-8")
    before = snapshot(ledger.parent)
    result = invoke(runner, "-f", str(ledger), "import", str(table), "--yes")
    assert result.exit_code == 2
    assert "4 行中有 2 行不能记录，所以什么都没有记录" in result.stderr
    assert f"{table}:4: '5.4万' does not fit gdp-growth" in result.stderr
    assert f"{table}:5: No target matches '不存在的指标'" in result.stderr
    assert snapshot(ledger.parent) == before


def test_dry_run_and_declined_confirmation_record_nothing(runner: CliRunner, ledger: Path, tmp_path: Path) -> None:
    table = tmp_path / "sept.csv"
    table.write_text(TABLE, encoding="utf-8")
    before = snapshot(ledger.parent)
    dry = invoke(runner, "-f", str(ledger), "import", str(table), "--dry-run")
    assert dry.exit_code == 0 and "Dry run: 2 figure(s) checked, nothing recorded." in dry.stderr
    assert "城镇新增就业" in dry.stderr and "5,600人" in dry.stderr
    declined = invoke(runner, "-f", str(ledger), "import", str(table), input="n\n")
    assert declined.exit_code == 1
    assert snapshot(ledger.parent) == before


def test_bad_header_and_unreadable_bytes(runner: CliRunner, ledger: Path, tmp_path: Path) -> None:
    table = tmp_path / "x.csv"
    table.write_text("指标,数值\n就业,5600\n", encoding="utf-8")
    result = invoke(runner, "-f", str(ledger), "import", str(table), "--yes")
    assert result.exit_code == 2 and "lacks the column(s) target, value, period" in result.stderr
    table.write_bytes(b"target,value,period\n\xff\xfe\xfd,1,9\xff\n")
    result = invoke(runner, "-f", str(ledger), "import", str(table), "--yes")
    assert result.exit_code == 2 and "neither UTF-8 nor GBK" in result.stderr


def test_revisions_and_increments_inside_one_file(runner: CliRunner, ledger: Path, tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("target,value,period,note\n就业,5000,1-8月,\n就业,+600,1-9月,\n就业,5650,1-9月,修订\n",
                     encoding="utf-8")
    assert invoke(runner, "-f", str(ledger), "import", str(table), "--yes").exit_code == 0
    rows = history(runner, ledger, "就业")
    assert [(r["value"], r["superseded"]) for r in rows] == [(5000, False), (5600, True), (5650, False)]


def test_thousands_of_rows_as_a_subprocess(ledger: Path, tmp_path: Path) -> None:
    table = tmp_path / "big.csv"
    lines = ["target,value,period,note"] + [f"就业,{i},2026-{i % 9 + 1:02d}-{i % 28 + 1:02d},r{i}" for i in range(3000)]
    table.write_text("\n".join(lines), encoding="utf-8")
    result = run_kzt("-f", str(ledger), "import", str(table), "--yes")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(run_kzt("-f", str(ledger), "history", "就业", "--json").stdout)) == 3000
