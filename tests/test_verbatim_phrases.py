"""Phrases are kept byte for byte (issue 24, point 4): `kzt set … source` stores exactly what was
typed or pasted; it and `kzt verify` find a phrase in the report by one rule — only width and
spacing may differ (，/, （）/() ：/: Ⅲ/III, spaces) — and never store the folded text."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from .conftest import invoke, snapshot
from .test_year_add_proposals import write_report


def kzt(runner: CliRunner, ledger: Path, *args: str):
    return invoke(runner, "-f", str(ledger), *args)


@pytest.fixture
def ledger_2027(runner: CliRunner, ledger: Path) -> Path:
    report = write_report(ledger)
    result = kzt(runner, ledger, "year", "add", "2027", "--source", str(report), "--empty")
    assert result.exit_code == 0, result.output
    return ledger


def _table_2027(text: str, target_id: str) -> str:
    return text.split(f'id = "{target_id}"', 1)[1].split("[[target]]", 1)[0].split("[target.years.2027]", 1)[1]


@pytest.mark.parametrize(("target_id", "phrase"), [
    ("jobs-new-urban", "城镇新增就业7500人（含返乡创业）"),
    ("water-quality-class", "确保辖区水质稳定保持Ⅲ类"),
    ("grain-sown-area", "确保粮食播面和产量分别稳定在175万亩、60万吨以上"),
    ("tech-finance-loans", "推动科技金融、普惠金融、绿色金融贷款余额分别突破60亿元、130亿元、110亿元"),
])
def test_a_pasted_phrase_is_stored_unchanged(runner: CliRunner, ledger_2027: Path, target_id: str,
                                            phrase: str) -> None:
    result = kzt(runner, ledger_2027, "set", target_id, "source", phrase, "--year", "2027")
    assert result.exit_code == 0, result.output
    stored = f'source = "{phrase}"\n'.encode()
    assert stored in ledger_2027.read_bytes()  # the bytes pasted: （）、Ⅲ as they were
    assert "全角半角" not in result.stderr       # identical to the report: nothing to remark
    assert kzt(runner, ledger_2027, "verify").exit_code == 0


def test_a_phrase_typed_with_full_width_punctuation_matches_the_ascii_seed(runner: CliRunner, ledger: Path) -> None:
    """The seed writes ASCII punctuation (,:()); a phrase pasted with ，matches it and is kept as pasted."""
    typed = "工程，推动规模工业单位增加值能耗、二氧化碳排放“双下降”"
    result = kzt(runner, ledger, "set", "industrial-energy-intensity-change", "source", typed)
    assert result.exit_code == 0, result.output
    assert f'source = "{typed}"'.encode() in ledger.read_bytes()
    assert "报告原文写作“工程,推动规模工业单位增加值能耗、二氧化碳排放“双下降””" in result.stderr
    assert kzt(runner, ledger, "verify").exit_code == 0


def test_width_and_spacing_are_forgiven_nothing_else(runner: CliRunner, ledger_2027: Path) -> None:
    ascii_typed = "城镇新增就业7500人(含返乡创业)"   # the report writes （）
    roman_typed = "确保辖区水质稳定保持 III 类"      # Ⅲ as letters, with spaces
    for target_id, typed in (("jobs-new-urban", ascii_typed), ("water-quality-class", roman_typed)):
        result = kzt(runner, ledger_2027, "set", target_id, "source", typed, "--year", "2027")
        assert result.exit_code == 0, result.output
        assert f'source = "{typed}"'.encode() in ledger_2027.read_bytes()  # as typed, not the report's nor folded
        assert "与输入只差全角半角或空格；按输入保存" in result.stderr
    verify = kzt(runner, ledger_2027, "verify")
    assert verify.exit_code == 0, verify.output  # verify finds them by the same rule
    before = snapshot(ledger_2027.parent)
    for typed in ("城镇新增就业7600人（含返乡创业）",   # another number
                  "城镇新增就业750",                   # a number cut short: 750 is not 7500
                  "城镇新增就业7500人，含返乡创业",     # 、（ is not ，
                  "确保辖区水质稳定保持Ⅱ类"):
        refused = kzt(runner, ledger_2027, "set", "jobs-new-urban", "source", typed, "--year", "2027")
        assert refused.exit_code == 2, typed
        assert "找不到原文" in refused.stderr and "没有改动任何内容" in refused.stderr
    assert snapshot(ledger_2027.parent) == before


def test_verify_holds_a_hand_edited_phrase_to_the_same_rule(runner: CliRunner, ledger: Path) -> None:
    text = ledger.read_text(encoding="utf-8")
    edited = text.replace('source = "确保粮食播面和产量分别稳定在173万亩、59万吨以上"',
                          'source = "确保粮食播面和产量分别稳定在１７３万亩、59万吨以上"')  # full-width digits
    assert edited != text
    ledger.write_text(edited, encoding="utf-8")
    assert kzt(runner, ledger, "verify").exit_code == 0
    ledger.write_text(edited.replace("１７３万亩", "１７４万亩"), encoding="utf-8")
    failed = kzt(runner, ledger, "verify")
    assert failed.exit_code == 1
    assert "source 原话“确保粮食播面和产量分别稳定在１７４万亩、59万吨以上”在 004_552df92d5a075e63.txt 中找不到原文" \
        in failed.stderr


def test_only_surrounding_spaces_are_trimmed(runner: CliRunner, ledger_2027: Path) -> None:
    result = kzt(runner, ledger_2027, "set", "jobs-new-urban", "source", "  城镇新增就业7500人（含返乡创业）\u3000",
                 "--year", "2027")
    assert result.exit_code == 0, result.output
    assert 'source = "城镇新增就业7500人（含返乡创业）"\n'.encode() in ledger_2027.read_bytes()


def test_invisible_characters_are_still_refused(runner: CliRunner, ledger_2027: Path) -> None:
    result = kzt(runner, ledger_2027, "set", "jobs-new-urban", "source", "城镇新增就业\u200b7500人", "--year", "2027")
    assert result.exit_code == 2 and "不可见字符 U+200B" in result.stderr
