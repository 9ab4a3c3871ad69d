"""Hostile inputs: broken ledgers and bad arguments, through a real process.

Every case: a clear message naming what and where, a non-zero exit, no
traceback, and every file of the ledger byte-identical afterwards.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import run_kzt, snapshot


def ledger_variant(ledger: Path, transform) -> Path:
    ledger.write_bytes(transform(ledger.read_bytes()))
    return ledger


def replace_once(old: str, new: str):
    return lambda data: data.decode("utf-8").replace(old, new, 1).encode("utf-8")


def truncated_in_a_string(data: bytes) -> bytes:
    """Half a ledger, cut inside a quoted string on a character boundary (a cut through a
    character would be a different failure: not UTF-8), whatever the ledger's length."""
    text = data.decode("utf-8")
    cut = text.index('source = "', len(text) // 2) + len('source = "') + 2
    return text[:cut].encode("utf-8")


BROKEN_LEDGERS = {
    "syntax error": (replace_once("target = 7300", "target = 7300 7300"), "不是有效的 TOML"),
    "GBK encoding": (lambda d: d.decode("utf-8").encode("gb18030"), "看起来是 GBK"),
    "truncated file": (lambda d: truncated_in_a_string(d), "不是有效的 TOML"),
    "empty file": (lambda d: b"", "文件是空的"),
    "missing required keys": (replace_once('kind = "floor"\n', ""), "缺少必填的键“kind”"),
    "value of the wrong type": (replace_once("target = 7300", 'target = "七千三百"'), "target 必须是数字"),
    "duplicate id": (replace_once('id = "fixed-investment-growth"', 'id = "gdp-growth"'), "编号“gdp-growth”重复"),
    "bad date": (replace_once("baseline_date = 2025-12-31", "baseline_date = 2025-02-30"), "不是有效的 TOML"),
    "binary garbage": (lambda d: b"\x00\x01\x02\xff" * 50, "不是有效的 UTF-8"),
}


COMMANDS = [["status"], ["record", "就业", "5600", "--as-of", "9月"], ["report"], ["show", "港口"]]


@pytest.mark.parametrize("case", list(BROKEN_LEDGERS))
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_broken_ledger(ledger: Path, case: str, command: list[str]) -> None:
    transform, message = BROKEN_LEDGERS[case]
    ledger_variant(ledger, transform)
    before = snapshot(ledger.parent)
    result = run_kzt("-f", str(ledger), *command)
    assert result.returncode == 1, result.stdout
    assert message in result.stderr
    assert str(ledger) in result.stderr
    assert "Traceback" not in result.stderr and result.stderr.startswith("错误：")
    assert "\n" not in result.stderr.strip() or "kzt verify" in result.stderr  # one paragraph, or a listing
    assert snapshot(ledger.parent) == before


@pytest.mark.parametrize("case", ["UTF-8 BOM", "CRLF line endings"])
def test_editor_quirks_are_accepted(ledger: Path, case: str) -> None:
    transform = (lambda d: b"\xef\xbb\xbf" + d) if case == "UTF-8 BOM" else (lambda d: d.replace(b"\n", b"\r\n"))
    ledger_variant(ledger, transform)
    before = ledger.read_bytes()
    assert run_kzt("-f", str(ledger), "verify").returncode == 0
    result = run_kzt("-f", str(ledger), "record", "就业", "5600", "--as-of", "9月")
    assert result.returncode == 0, result.stderr
    assert ledger.read_bytes() == before


BAD_ARGUMENTS = {
    "NaN": (["就业", "NaN"], "“NaN”不是数字"),
    "inf": (["就业", "inf"], "“inf”不是数字"),
    "1e309": (["就业", "1e309"], "太大"),
    "empty string": (["就业", ""], "没有给出 jobs-new-urban"),
    "５万亿 for a 人 target": (["就业", "５万亿"], "的 1000 倍"),
    "unknown period word": (["就业", "5600", "--as-of", "上个礼拜"], "kzt 不认识数据期“上个礼拜”"),
    "2026-02-30": (["就业", "5600", "--as-of", "2026-02-30"], "日期“2026-02-30”不存在"),
    "400-character note": (["就业", "5600", "--note", "x" * 400], "请控制在 200 个以内"),
    "shell metacharacters": (["; rm -rf / #", "5600"], "没有与“; rm -rf / #”匹配的指标"),
    "right-to-left mark": (["就业", "\u200f5600"], "不可见字符 U+200F"),
    "right-to-left mark in target": (["\u202e就业", "5600"], "不可见字符 U+202E"),
    "wrong unit": (["就业", "5600万吨"], "与 jobs-new-urban（城镇新增就业）不符"),
    "future period": (["就业", "5600", "--as-of", "12月"], "晚于今天"),
    "unknown target": (["employment", "5600"], "没有与“employment”匹配的指标"),
}


@pytest.mark.parametrize("case", list(BAD_ARGUMENTS))
def test_bad_argument(ledger: Path, case: str) -> None:
    args, message = BAD_ARGUMENTS[case]
    assert run_kzt("-f", str(ledger), "record", "就业", "5000", "--as-of", "8月").returncode == 0
    before = snapshot(ledger.parent)
    result = run_kzt("-f", str(ledger), "record", *args)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(ledger.parent) == before


def test_missing_ledger_file(tmp_path: Path) -> None:
    result = run_kzt("-f", str(tmp_path / "nowhere.toml"), "status")
    assert result.returncode == 1
    assert f"{tmp_path / 'nowhere.toml'}：没有这个文件" in result.stderr and "kzt init" in result.stderr
