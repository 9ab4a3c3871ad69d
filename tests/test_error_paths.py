"""Every command's bad inputs: one paragraph in Chinese that names the input, a non-zero exit, no
traceback, nothing changed — and the same message in English with --lang en."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from .conftest import invoke, snapshot

CJK = re.compile(r"[\u4e00-\u9fff]")

# (arguments after `-f LEDGER`, text naming the offending input, a fragment of the English message).
# "{dir}" is the test's own temporary folder.
BAD_INPUTS: list[tuple[list[str], str, str]] = [
    (["record", "就业", "abc"], "“abc”", "is not a number"),
    (["record", "就业", "NaN"], "“NaN”", "is not a number"),
    (["record", "就业", "5600万吨"], "“万吨”", "does not fit"),
    (["record", "就业", "-5"], "“-5”", "is negative"),
    (["record", "就业", "5600", "--as-of", "第二周"], "“第二周”", "is not a period kzt knows"),
    (["record", "就业", "5600", "--as-of", "2026-02-30"], "“2026-02-30”", "does not exist"),
    (["record", "就业", "5600", "--as-of", "五季度"], "“五季度”", "quarters run 1 to 4"),
    (["record", "就业", "5600", "--as-of", "12月"], "“12月”", "after today"),
    (["record", "不存在的指标", "5600"], "“不存在的指标”", "No target matches"),
    (["record", "贷款", "5600"], "“贷款”", "matches 7 targets"),
    (["record", "hanfeng-lake-resort", "50%"], "“50%”", "is a milestone"),
    (["record", "就业", "5600", "--as-of", "9月", "--by", " "], "--by", "--by names nobody"),
    (["record", "就业", "5600", "--as-of", "9月", "--note", "长" * 400], "400", "keep it to 200"),
    (["record", "就业"], "“就业”", "Give the VALUE"),
    (["import", "{dir}/missing.csv"], "missing.csv", "cannot be read"),
    (["import", "{dir}/header.csv"], "名称,数", "lacks the column"),
    (["import", "{dir}/empty.csv"], "empty.csv", "is empty"),
    (["import", "{dir}/badrow.csv", "--yes"], "“abc”", "is not a number"),
    (["set", "港口", "frequency", "每周"], "“每周”", "is not a frequency"),
    (["set", "港口", "target", "三百万吨"], "“三百万吨”", "is not a number"),
    (["set", "港口", "colour", "red"], "colour", "is not one of"),
    (["set", "gdp-2030", "baseline", "800"], "--note", "Changing baseline needs --note"),
    (["set", "港口", "baseline", "270", "--note", "公报", "--baseline-date", "2025-13-01"], "2025-13-01",
     "is not a date"),
    (["undo", "就业"], "“就业”", "There is no figure to withdraw"),
    (["undo", "火星"], "“火星”", "No target matches"),
    (["show", "port-thruput"], "“port-thruput”", "Did you mean port-throughput"),
    (["show", "贷款"], "“贷款”", "matches 7 targets"),
    (["status", "--only", "purple"], "“purple”", "unknown colour"),
    (["status", "--area", "太空"], "“太空”", "no target is in area"),
    (["status", "--only", ""], "--only", "no colour given"),
    (["status", "--group-by", "颜色"], "“颜色”", "is not one of the choices"),
    (["targets", "--area", ""], "“”", "no target is in area"),
    (["status", "--kind", "增长率"], "“增长率”", "is not one of the choices"),
    (["status", "--as-of", "2026-02-30"], "“2026-02-30”", "is not a date"),
    (["status", "--bogus"], "--bogus", "No such option"),
    (["report", "-o", "{dir}/周报.docx"], "周报.docx", "cannot write a report"),
    (["report", "--as-of", "2026-10-08", "--since", "2026-10-09"], "2026-10-09", "after the report's last day"),
    (["report", "--format", "pdf"], "pdf", "is not one of"),
    (["check", "--fail-on", "blue"], "blue", "is not one of"),
    (["check", "--as-of", "yesterday"], "“yesterday”", "is not a date"),
    (["init", "{dir}"], "targets.toml", "already exists"),
]


def _prepare(folder: Path) -> None:
    (folder / "header.csv").write_text("名称,数\n就业,5600\n", encoding="utf-8")
    (folder / "empty.csv").write_text("", encoding="utf-8")
    (folder / "badrow.csv").write_text("指标,数值,数据期\n就业,abc,9月\n", encoding="utf-8")
    (folder / "targets.toml").write_text("# someone's ledger\n", encoding="utf-8")


def _run(runner: CliRunner, ledger: Path, folder: Path, args: list[str], *lang: str):
    filled = [a.replace("{dir}", str(folder)) for a in args]
    return invoke(runner, *lang, "-f", str(ledger), *filled, input="n\n")


def test_there_are_at_least_thirty_distinct_bad_inputs_across_the_commands() -> None:
    assert len({tuple(args) for args, _, _ in BAD_INPUTS}) >= 30
    commands = {args[0] for args, _, _ in BAD_INPUTS}
    assert {"record", "import", "set", "undo", "show", "status", "report", "check", "init"} <= commands


@pytest.mark.parametrize(("args", "named", "english"), BAD_INPUTS, ids=lambda v: " ".join(v)[:40]
                         if isinstance(v, list) else None)
def test_bad_input_is_refused_in_chinese_and_in_english(runner: CliRunner, ledger: Path, tmp_path: Path,
                                                       args: list[str], named: str, english: str) -> None:
    folder = tmp_path / "inputs"
    folder.mkdir()
    _prepare(folder)
    before = snapshot(ledger.parent)
    result = _run(runner, ledger, folder, args)
    assert result.exit_code != 0, result.output
    assert "Traceback" not in result.output and result.stdout == ""
    assert CJK.search(result.stderr), result.stderr
    assert named.replace("{dir}", str(folder)) in result.stderr, result.stderr
    assert "Error:" not in result.stderr and english not in result.stderr
    english_result = _run(runner, ledger, folder, args, "--lang", "en")
    assert english_result.exit_code == result.exit_code
    assert english in english_result.stderr, english_result.stderr
    assert "错误：" not in english_result.stderr
    assert snapshot(ledger.parent) == before


def test_broken_ledger_for_verify_and_check(runner: CliRunner, ledger: Path, tmp_path: Path) -> None:
    ledger.write_text(ledger.read_text(encoding="utf-8").replace('kind = "floor"', 'kind = "flor"', 1),
                      encoding="utf-8")
    verify = invoke(runner, "-f", str(ledger), "verify")
    assert verify.exit_code == 1 and "未知的类型“flor”" in verify.stderr and "Traceback" not in verify.output
    assert "unknown kind “flor”" in invoke(runner, "--lang", "en", "-f", str(ledger), "verify").stderr
    missing = invoke(runner, "-f", str(tmp_path / "nowhere.toml"), "check")
    assert missing.exit_code == 3 and "nowhere.toml：没有这个文件" in missing.stderr
    english = invoke(runner, "--lang", "en", "-f", str(tmp_path / "nowhere.toml"), "check")
    assert english.exit_code == 3 and "nowhere.toml: no such file" in english.stderr


def test_a_folder_as_the_ledger(runner: CliRunner, ledger: Path, tmp_path: Path, monkeypatch) -> None:
    """-f or KZT_FILE naming the folder uses the targets.toml in it, or says there is none."""
    total = f"合计 {ledger.read_text(encoding='utf-8').count(chr(10) + '[[target]]' + chr(10))}"
    assert total in invoke(runner, "-f", str(ledger.parent), "status").stdout
    monkeypatch.setenv("KZT_FILE", str(ledger.parent))
    assert total in invoke(runner, "status").stdout
    empty = tmp_path / "empty-folder"
    empty.mkdir()
    monkeypatch.setenv("KZT_FILE", str(empty))
    result = invoke(runner, "verify")
    assert result.exit_code == 1
    assert f"KZT_FILE 指向文件夹 {empty}，但其中没有 targets.toml" in result.stderr
    result = invoke(runner, "--lang", "en", "-f", str(empty), "status")
    assert result.exit_code == 1 and f"--file points at the folder {empty}, which holds no targets.toml" in \
        result.stderr
