"""Forgiving words, and the small things of issue 11."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.cells import cell_len

from .conftest import invoke, snapshot


def with_figures(runner: CliRunner, ledger: Path) -> None:
    for args in (["就业", "5000", "--as-of", "8月"], ["就业", "5600", "--as-of", "9月"],
                 ["forest-coverage", "56.0", "--as-of", "上半年"], ["港口", "180万吨", "--as-of", "9月"],
                 ["urban-unemployment-rate", "5.3%", "--as-of", "9月"]):
        assert invoke(runner, "-f", str(ledger), "record", *args).exit_code == 0


def ids(runner: CliRunner, ledger: Path, *args: str) -> list[str]:
    result = invoke(runner, "-f", str(ledger), *args, "--json")
    assert result.exit_code == 0, result.stderr
    return [d["id"] for d in json.loads(result.stdout)]


def test_only_takes_chinese_and_english_colours(runner: CliRunner, ledger: Path) -> None:
    with_figures(runner, ledger)
    chinese = ids(runner, ledger, "status", "--only", "红,黄")
    assert chinese and chinese == ids(runner, ledger, "status", "--only", "red,yellow")
    assert chinese == ids(runner, ledger, "status", "--only", "红，yellow")
    assert "forest-coverage" in chinese and "jobs-new-urban" not in chinese
    table = invoke(runner, "-f", str(ledger), "status", "--only", "红").stdout
    # 56.0% at mid-year below a floor judged on the year's figure is yellow (issue 23), not red.
    assert "港口货物吞吐量" in table and "森林覆盖率" not in table and "城镇新增就业" not in table


@pytest.mark.parametrize(("chinese", "english"), [("累计", "cumulative"), ("底线", "floor"), ("节点", "milestone")])
def test_kind_takes_chinese(runner: CliRunner, ledger: Path, chinese: str, english: str) -> None:
    for command in ("status", "targets"):
        found = ids(runner, ledger, command, "--kind", chinese)
        assert found and found == ids(runner, ledger, command, "--kind", english)
    assert "累计" in invoke(runner, "-f", str(ledger), "targets", "--kind", "累计").stdout


@pytest.mark.parametrize(("name", "check"), [
    ("周报.md", lambda text: text.startswith("# ") and "## " in text),
    ("周报.html", lambda text: text.startswith("<!DOCTYPE html>")),
    ("周报.csv", lambda text: text.startswith("\ufeff编号,指标,")),
    ("周报.json", lambda text: json.loads(text)["as_of"] == "2026-10-08"),
    ("周报.txt", lambda text: "目标任务周报" in text and "\x1b[" not in text and "## " not in text),
])
def test_output_format_follows_the_extension(runner: CliRunner, ledger: Path, tmp_path: Path, name: str,
                                             check) -> None:
    out = tmp_path / name
    result = invoke(runner, "-f", str(ledger), "report", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert check(out.read_text(encoding="utf-8"))


def test_an_extension_kzt_cannot_write_is_refused(runner: CliRunner, ledger: Path, tmp_path: Path) -> None:
    for name in ("周报.docx", "周报"):
        result = invoke(runner, "-f", str(ledger), "report", "-o", str(tmp_path / name))
        assert result.exit_code == 2
        assert ".csv .html .json .md .txt" in result.stderr
        assert not (tmp_path / name).exists()
    forced = invoke(runner, "-f", str(ledger), "report", "--format", "md", "-o", str(tmp_path / "周报.docx"))
    assert forced.exit_code == 0 and (tmp_path / "周报.docx").read_text(encoding="utf-8").startswith("# ")


@pytest.mark.parametrize("header", ["指标,数值,数据期,备注", "目标,值,期间,说明", "Target,Value,Period,Note"])
def test_import_reads_chinese_and_english_headers(runner: CliRunner, ledger: Path, tmp_path: Path,
                                                  header: str) -> None:
    table = tmp_path / "九月.csv"
    table.write_text(f"{header}\n就业,5600,1-9月,九月快报\n港口,180万吨,2026-09-30,\n", encoding="utf-8")
    result = invoke(runner, "-f", str(ledger), "import", str(table), "--yes")
    assert result.exit_code == 0, result.stderr
    history = json.loads(invoke(runner, "-f", str(ledger), "history", "就业", "--json").stdout)
    assert [(h["value"], h["as_of"], h["note"]) for h in history] == [(5600, "2026-09-30", "九月快报")]


def run_piped(ledger: Path, *args: str, columns: str | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    if columns:
        env["COLUMNS"] = columns
    result = subprocess.run([sys.executable, "-m", "kaizhou_targets", "-f", str(ledger), *args],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_piped_status_keeps_every_column(runner: CliRunner, ledger: Path) -> None:
    with_figures(runner, ledger)
    header = run_piped(ledger, "status").splitlines()[1]
    for column in ("指标", "最新值", "数据期", "完成", "序时", "差距", "状态", "趋势"):
        assert column in header
    assert "2026年1-9月" in run_piped(ledger, "status")
    narrow = run_piped(ledger, "status", columns="60").splitlines()
    # COLUMNS still sets a width when asked: the trend gives way, 数据期 takes its short form
    assert "趋势" not in narrow[1] and "状态" in narrow[1] and max(cell_len(line) for line in narrow) <= 60


def test_targets_wrap_chinese_rather_than_cut_it(ledger: Path) -> None:
    text = run_piped(ledger, "targets", "--area", "生态", columns="80")
    assert max(cell_len(line) for line in text.splitlines()) <= 80
    assert "…" not in text
    lines = text.splitlines()[:-1]
    header = lines[0]
    name_at, goal_at = (cell_len(header[:header.index(word)]) for word in ("指标", "目标"))

    def cut(line: str, start: int, end: int | None = None) -> str:
        """The characters of `line` between two terminal cells."""
        out, at = "", 0
        for ch in line:
            if at >= start and (end is None or at < end):
                out += ch
            at += cell_len(ch)
        return out.strip()

    cells: dict[str, list[str]] = {}
    key = ""
    for line in lines[1:]:
        if not line.startswith(" "):
            key = line.split()[0]
        cells.setdefault(key, ["", ""])
        cells[key][0] += cut(line, name_at, goal_at).split("  ")[0].strip()
        cells[key][1] += cut(line, goal_at).replace(" ", "")
    assert cells["construction-land-safe-use"] == ["重点建设用地安全利用率", "100%稳定保持"]  # wrapped, not cut
    assert cells["water-quality-class"][1] == "3类稳定保持"


def test_counts_are_shown_whole(runner: CliRunner, ledger: Path) -> None:
    invoke(runner, "-f", str(ledger), "record", "就业", "5600", "--as-of", "9月")
    shown = invoke(runner, "-f", str(ledger), "show", "就业").stdout
    assert "按当前进度预计  7,467人" in shown and "7,466.67" not in shown


def test_empty_by_is_refused(runner: CliRunner, ledger: Path) -> None:
    before = snapshot(ledger.parent)
    for command in (["record", "就业", "5600", "--as-of", "9月"], ["undo", "--yes"]):
        result = invoke(runner, "-f", str(ledger), *command, "--by", "")
        assert result.exit_code == 2 and "--by 给出的录入人是空的" in result.stderr
    assert snapshot(ledger.parent) == before


def test_a_typo_in_kind_raises_no_false_orphan_warning(runner: CliRunner, ledger: Path) -> None:
    with_figures(runner, ledger)
    text = ledger.read_text(encoding="utf-8")
    ledger.write_text(text.replace('id = "forest-coverage"\n', 'id = "forest-coverage"\n#\n', 1)
                      .replace('kind = "floor"', 'kind = "flor"', 1), encoding="utf-8")
    assert 'kind = "flor"' in ledger.read_text(encoding="utf-8")
    result = invoke(runner, "-f", str(ledger), "verify")
    assert result.exit_code == 1 and "未知的类型“flor”" in result.stderr
    assert "台账中没有这个数据文件的指标" not in result.stderr
    orphan = ledger.parent / "figures" / "no-such-target.toml"
    orphan.write_bytes((ledger.parent / "figures" / "jobs-new-urban.toml").read_bytes())
    assert "台账中没有这个数据文件的指标" in invoke(runner, "-f", str(ledger), "verify").stderr


def test_show_is_readable_at_40_columns(runner: CliRunner, ledger: Path, monkeypatch) -> None:
    with_figures(runner, ledger)
    invoke(runner, "-f", str(ledger), "record", "就业", "5650", "--as-of", "9月", "--note", "统计局修订")
    monkeypatch.setenv("COLUMNS", "40")
    text = invoke(runner, "-f", str(ledger), "show", "就业").stdout
    lines = text.splitlines()
    assert max(cell_len(line.rstrip()) for line in lines) <= 40
    assert "2026-09-30  5,650人  有效" in lines and "2026-09-30  5,600人  已被修订" in lines
    assert "2026-08-31  5,000人  有效" in lines
    assert any("统计局修订" in line for line in lines)


def test_set_takes_chinese_field_names(runner: CliRunner, ledger: Path) -> None:
    result = invoke(runner, "-f", str(ledger), "set", "港口", "牵头单位", "区交通运输委")
    assert result.exit_code == 0, result.stderr
    frequency = invoke(runner, "-f", str(ledger), "set", "港口", "频率", "月度")
    assert frequency.exit_code == 0, frequency.stderr
    data = json.loads(invoke(runner, "-f", str(ledger), "show", "港口", "--json").stdout)
    assert (data["lead"], data["frequency"]) == ("区交通运输委", "monthly")


@pytest.mark.parametrize("answer", ["n\n", "", "否\n"])
def test_a_declined_confirmation_exits_quietly_with_cancelled(runner: CliRunner, ledger: Path, answer: str) -> None:
    invoke(runner, "-f", str(ledger), "record", "就业", "5600", "--as-of", "9月")
    before = snapshot(ledger.parent)
    result = invoke(runner, "-f", str(ledger), "undo", input=answer)
    assert result.exit_code == 1
    assert "已取消" in result.stderr and "Aborted" not in result.output and "Traceback" not in result.output
    assert snapshot(ledger.parent) == before
    english = invoke(runner, "--lang", "en", "-f", str(ledger), "undo", input="n\n")
    assert english.exit_code == 1 and "Cancelled; nothing was changed." in english.stderr
