"""Recording figures through the real CLI: every accepted and refused form."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from .conftest import invoke, snapshot


def record(runner: CliRunner, ledger: Path, *args: str, input: str | None = None):
    return invoke(runner, "-f", str(ledger), "record", *args, input=input)


def stored(runner: CliRunner, ledger: Path, *args: str) -> dict:
    result = record(runner, ledger, *args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(("target", "value", "expected"), [
    ("就业", "5600", 5600),
    ("就业", "5,600", 5600),
    ("就业", "５６００", 5600),
    ("就业", "５,６００", 5600),
    ("就业", "５，６００", 5600),
    ("就业", "5600人", 5600),
    ("就业", "0.56万", 5600),
    ("就业", "0.56万人", 5600),
    ("jobs-new-urban", " 5600 ", 5600),
    ("port-throughput", "180万吨", 180),
    ("port-throughput", "1800000吨", 180),
    ("port-throughput", "0.018亿吨", 180),
    ("gdp-growth", "5.4%", 5.4),
    ("gdp-growth", "5.4％", 5.4),
    ("gdp-growth", "5.4", 5.4),
    ("gdp-growth", "-2.1%", -2.1),
    ("gdp-growth", "−2.1%", -2.1),
    ("urban-rural-income-ratio", "1.95:1", 1.95),
    ("urban-rural-income-ratio", "1.95：1", 1.95),
    ("green-finance-loans", "82.5亿元", 82.5),
    ("green-finance-loans", "825000万元", 82.5),
    ("water-quality-class", "Ⅱ类", 2),
])
def test_accepted_values(runner: CliRunner, ledger: Path, target: str, value: str, expected: float) -> None:
    entry = stored(runner, ledger, target, value, "--as-of", "2026-09-30")
    assert entry["value"] == pytest.approx(expected)
    assert entry["input"] == value.strip() or entry["input"]


@pytest.mark.parametrize("word", ["done", "完成", "已完成"])
def test_milestone_done(runner: CliRunner, ledger: Path, word: str) -> None:
    entry = stored(runner, ledger, "hanfeng-lake-resort", word, "--as-of", "2026-09-30")
    assert entry["value"] == 1.0
    status = json.loads(invoke(runner, "-f", str(ledger), "status", "--json").stdout)
    resort = next(s for s in status if s["id"] == "hanfeng-lake-resort")
    assert resort["status"] == "green" and resort["done"] is True


@pytest.mark.parametrize(("period", "as_of"), [
    ("2026-09-30", "2026-09-30"),
    ("2026/9/30", "2026-09-30"),
    ("2026年9月30日", "2026-09-30"),
    ("2026年9月", "2026-09-30"),
    ("9月", "2026-09-30"),
    ("1-9月", "2026-09-30"),
    ("1—9月", "2026-09-30"),
    ("１-９月", "2026-09-30"),
    ("三季度", "2026-09-30"),
    ("Q3", "2026-09-30"),
    ("q3", "2026-09-30"),
    ("1-3季度", "2026-09-30"),
    ("前三季度", "2026-09-30"),
    ("上半年", "2026-06-30"),
    ("H1", "2026-06-30"),
    ("二月", "2026-02-28"),
    ("今天", "2026-10-08"),
    ("昨天", "2026-10-07"),
    ("yesterday", "2026-10-07"),
])
def test_accepted_periods(runner: CliRunner, ledger: Path, period: str, as_of: str) -> None:
    # 就业 is a monthly total: a day within a month is read, but needs --force to be stored (issue 10)
    mid_month = as_of.endswith(("-07", "-08"))
    force = ["--force"] if mid_month else []
    assert stored(runner, ledger, "就业", "100", "--as-of", period, *force)["as_of"] == as_of


def test_default_period_is_today_in_shanghai(runner: CliRunner, ledger: Path) -> None:
    assert stored(runner, ledger, "就业", "100")["as_of"] == "2026-10-08"


def test_a_period_that_does_not_fit_the_indicator_is_refused_with_the_nearest_ones(runner: CliRunner,
                                                                                  ledger: Path) -> None:
    """Issue 10 point 5: a quarterly indicator mid-quarter, a monthly total mid-month."""
    before = snapshot(ledger.parent)
    gdp = record(runner, ledger, "地区生产总值增长", "5.9", "--as-of", "8月")
    assert gdp.exit_code == 2 and "按季度统计，数据只能对应季末" in gdp.stderr
    assert "2026年上半年（2026-06-30）、2026年前三季度（2026-09-30）" in gdp.stderr
    port = record(runner, ledger, "港口", "250", "--as-of", "2026-09-15")
    assert port.exit_code == 2 and "按月统计，数据只能对应月末" in port.stderr and "2026-08-31" in port.stderr
    assert snapshot(ledger.parent) == before
    assert stored(runner, ledger, "地区生产总值增长", "5.9", "--as-of", "8月", "--force")["as_of"] == "2026-08-31"
    assert stored(runner, ledger, "地区生产总值增长", "5.8", "--as-of", "Q3")["as_of"] == "2026-09-30"


def test_whole_year_means_the_same_year_for_every_target_and_2026_nian_is_accepted(
        runner: CliRunner, ledger: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KZT_TODAY", "2027-01-20")
    # a 2026 target and a 2026-2030 one: 全年 is 2026 for both on 2027-01-20
    assert stored(runner, ledger, "就业", "7400", "--as-of", "全年")["as_of"] == "2026-12-31"
    assert stored(runner, ledger, "gdp-2030", "900亿元", "--as-of", "全年")["as_of"] == "2026-12-31"
    assert stored(runner, ledger, "港口", "305", "--as-of", "2026年")["as_of"] == "2026-12-31"


def test_whole_year_needs_force_before_the_year_ends(runner: CliRunner, ledger: Path) -> None:
    refused = record(runner, ledger, "就业", "7400", "--as-of", "全年")
    assert refused.exit_code == 2
    assert "截至 2026-12-31，晚于今天（2026-10-08）" in refused.stderr
    assert stored(runner, ledger, "就业", "7400", "--as-of", "全年", "--force")["as_of"] == "2026-12-31"


@pytest.mark.parametrize(("target", "value", "period", "message"), [
    ("就业", "", "1-9月", "没有给出 jobs-new-urban（城镇新增就业）的数值"),
    ("就业", "NaN", "1-9月", "“NaN”不是数字"),
    ("就业", "inf", "1-9月", "“inf”不是数字"),
    ("就业", "-inf", "1-9月", "“-inf”不是数字"),
    ("就业", "1e309", "1-9月", "“1e309”太大"),
    ("就业", "abc", "1-9月", "“abc”不是 jobs-new-urban（城镇新增就业）能用的数值"),
    ("就业", "5600万吨", "1-9月", "“5600万吨”中的单位“万吨”与 jobs-new-urban（城镇新增就业）不符"),
    ("就业", "５万亿", "1-9月", "超过 jobs-new-urban（城镇新增就业）目标 7,677人 的 1000 倍"),
    ("就业", "0.55555万", "1-9月", "“0.55555万”折合 5,555.5人，但人只能是整数"),
    ("就业", "-5", "1-9月", "“-5”是负数"),
    ("就业", "56\u200f00", "1-9月", "不可见字符 U+200F"),
    ("gdp-growth", "5.4万", "1-9月", "“5.4万”与 gdp-growth（地区生产总值增长）不符：该指标是百分比"),
    ("gdp-growth", "5.4人", "1-9月", "“5.4人”与 gdp-growth（地区生产总值增长）不符：该指标是百分比"),
    ("urban-rural-income-ratio", "1.95%", "2026-09-30", "该指标是比值"),
    ("hanfeng-lake-resort", "50%", "1-9月", "是节点任务：完成后记为 `完成`、`已完成` 或 `done`，不能记为“50%”"),
    ("就业", "5600", "2026-02-30", "日期“2026-02-30”不存在：2026年2月只有 28 天"),
    ("就业", "5600", "2026-13-01", "“2026-13-01”指的是 13 月"),
    ("就业", "5600", "五季度", "“五季度”指的是第 5 季度；季度为 1 至 4"),
    ("就业", "5600", "第二周", "kzt 不认识数据期“第二周”"),
    ("就业", "5600", "下个月", "kzt 不认识数据期“下个月”"),
    ("就业", "5600", "2025-09-30", "不在 jobs-new-urban（城镇新增就业）的期限 2026-01-01 至 2026-12-31 之内"),
    ("就业", "5600", "2026-11-30", "晚于今天（2026-10-08）"),
    ("就业", "5600", "", "数据期为空"),
    ("就业工作", "5600", "1-9月", "没有与“就业工作”匹配的指标"),
    ("贷款", "5600", "1-9月", "“贷款”匹配 7 个指标"),
    ("$(rm -rf ~);", "5600", "1-9月", "没有与“$(rm -rf ~);”匹配的指标"),
])
def test_refused_inputs_change_nothing(runner: CliRunner, ledger: Path, target: str, value: str,
                                       period: str, message: str) -> None:
    stored(runner, ledger, "就业", "5000", "--as-of", "8月")
    before = snapshot(ledger.parent)
    result = record(runner, ledger, target, value, "--as-of", period)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert result.stderr.startswith("错误：")
    assert "Traceback" not in result.output
    assert snapshot(ledger.parent) == before


def test_note_limits(runner: CliRunner, ledger: Path) -> None:
    before = snapshot(ledger.parent)
    long_note = record(runner, ledger, "就业", "5600", "--as-of", "9月", "--note", "长" * 400)
    assert long_note.exit_code == 2 and "请控制在 200 个以内" in long_note.stderr
    assert snapshot(ledger.parent) == before
    tricky = "; rm -rf / `echo hi` $(whoami) \"quoted\" \\ back"
    entry = stored(runner, ledger, "就业", "5600", "--as-of", "9月", "--note", tricky)
    history = json.loads(invoke(runner, "-f", str(ledger), "history", "就业", "--json").stdout)
    assert history[-1]["note"] == tricky == entry["note"]


def test_increment_adds_to_the_year_to_date_total(runner: CliRunner, ledger: Path) -> None:
    stored(runner, ledger, "就业", "5000", "--as-of", "1-8月")
    assert stored(runner, ledger, "就业", "+600", "--as-of", "1-9月")["value"] == 5600
    assert stored(runner, ledger, "就业", "+0.01万", "--as-of", "1-9月")["value"] == 5700


def test_confirmation_line(runner: CliRunner, ledger: Path) -> None:
    result = record(runner, ledger, "就业", "5600", "--as-of", "1-9月")
    assert result.stderr.strip() == ("已记录 城镇新增就业（jobs-new-urban）：5,600人，数据期 2026-09-30；"
                                     "完成全年目标的76.7%，快于序时进度1.7个百分点 [绿]")
    english = invoke(runner, "-f", str(ledger), "--lang", "en", "record", "港口", "180", "--as-of", "1-9月")
    assert english.stderr.strip() == ("Recorded 港口货物吞吐量 (port-throughput): 180万吨 as of 2026-09-30; "
                                      "60.0% of the target, 15.0 pp behind schedule [red]")


def test_revision_supersedes_and_keeps_both(runner: CliRunner, ledger: Path) -> None:
    record(runner, ledger, "就业", "5600", "--as-of", "1-9月", "--by", "张三")
    revised = record(runner, ledger, "就业", "5650", "--as-of", "2026年9月", "--by", "李四", "--note", "修订")
    assert "修订：取代" in revised.stderr and "5,600人（原数保留在历史中）" in revised.stderr
    history = json.loads(invoke(runner, "-f", str(ledger), "history", "就业", "--json").stdout)
    assert [(h["value"], h["by"], h["superseded"], h["withdrawn"]) for h in history] == [
        (5600, "张三", True, False), (5650, "李四", False, False)]
    assert {"value", "as_of", "recorded_at", "note", "by", "superseded"} <= set(history[0])
    status = json.loads(invoke(runner, "-f", str(ledger), "status", "--json").stdout)
    assert next(s for s in status if s["id"] == "jobs-new-urban")["value"] == 5650


def test_undo_withdraws_the_latest_and_keeps_the_trail(runner: CliRunner, ledger: Path) -> None:
    record(runner, ledger, "就业", "5600", "--as-of", "1-9月")
    record(runner, ledger, "就业", "5650", "--as-of", "1-9月")
    refused = invoke(runner, "-f", str(ledger), "undo", input="n\n")
    assert refused.exit_code == 1 and "5,650人" in refused.stderr
    result = invoke(runner, "-f", str(ledger), "undo", "--yes")
    assert result.exit_code == 0 and "已撤回" in result.stderr
    history = json.loads(invoke(runner, "-f", str(ledger), "history", "就业", "--json").stdout)
    assert [(h["value"], h["superseded"], h["withdrawn"]) for h in history] == [
        (5600, False, False), (5650, False, True)]
    status = json.loads(invoke(runner, "-f", str(ledger), "status", "--json").stdout)
    assert next(s for s in status if s["id"] == "jobs-new-urban")["value"] == 5600
    text = (ledger.parent / "figures" / "jobs-new-urban.toml").read_text(encoding="utf-8")
    entries = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert len(entries) == 3 and "withdraws = " in entries[2] and entries[2].endswith('" }')


def test_undo_with_nothing_to_withdraw(runner: CliRunner, ledger: Path) -> None:
    result = invoke(runner, "-f", str(ledger), "undo", "--yes")
    assert result.exit_code == 1 and "没有可撤回的数据。" in result.stderr


def test_bundled_ledger_is_read_only(runner: CliRunner) -> None:
    result = invoke(runner, "record", "就业", "5600", "--as-of", "9月")
    assert result.exit_code == 1
    assert "kzt 自带的只读台账" in result.stderr and "kzt init 目录" in result.stderr


def test_hand_written_ledger_survives_records_revisions_undos(runner: CliRunner, ledger: Path) -> None:
    text = ledger.read_text(encoding="utf-8").replace(
        "[[target]]\nid = \"port-throughput\"", "# 港航中心每月10日前报送\n[[target]]\nid = \"port-throughput\"")
    ledger.write_text(text, encoding="utf-8")
    before = ledger.read_bytes()
    for value in ("100", "120", "+30"):
        record(runner, ledger, "港口", value, "--as-of", "1-8月")
    invoke(runner, "-f", str(ledger), "undo", "--yes")
    record(runner, ledger, "就业", "5600", "--as-of", "1-9月")
    assert ledger.read_bytes() == before


def test_record_without_arguments_needs_a_terminal(runner: CliRunner, ledger: Path) -> None:
    result = record(runner, ledger)
    assert result.exit_code == 2
    assert "逐个录入需要在终端中运行" in result.stderr


def test_history_of_a_target_without_figures(runner: CliRunner, ledger: Path) -> None:
    result = invoke(runner, "-f", str(ledger), "history", "港口", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []


def test_walk_through_due_targets(runner: CliRunner, ledger: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The walk follows the reporting calendar: on 8 October the quarterly figures of the first half
    (due 25 July) are the most overdue, then the monthly 1-8月 figures (due 20 September)."""
    from kaizhou_targets.commands import record_cmds

    monkeypatch.setattr(record_cmds, "stdin_is_terminal", lambda: True)
    # gdp-growth: 5.9 for the expected period; income-growth: a bad value, then skip; the rest: skipped.
    result = record(runner, ledger, input="5.9\n\nabc\n\n" + "\n" * 200)
    assert result.exit_code == 0, result.stderr
    assert "地区生产总值增长（gdp-growth）— 上次 尚无数据；应报 2026年上半年（逾期75天）" in result.stderr
    assert "✓ 5.9%，数据期 2026-06-30" in result.stderr
    assert "✗ “abc”不是" in result.stderr
    assert "请重新输入数值（%），或直接回车跳过这个指标。" in result.stderr
    assert "规上工业增加值增长（industry-value-added-growth）— 上次 尚无数据；应报 2026年1-8月（逾期18天）" \
        in result.stderr
    assert result.stderr.index("居民收入增长（income-growth）") < result.stderr.index("规上工业增加值增长")
    assert "单位GDP碳排放" not in result.stderr  # annual: its first figure is due in February 2027
    assert "本次录入 1 条。" in result.stderr
    history = json.loads(invoke(runner, "-f", str(ledger), "history", "gdp-growth", "--json").stdout)
    assert [(h["value"], h["as_of"]) for h in history] == [(5.9, "2026-06-30")]
    assert json.loads(invoke(runner, "-f", str(ledger), "history", "income-growth",
                             "--json").stdout) == []


def test_a_refusal_inside_the_walk_asks_again_without_flags(runner: CliRunner, ledger: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from kaizhou_targets.commands import record_cmds

    monkeypatch.setattr(record_cmds, "stdin_is_terminal", lambda: True)
    result = record(runner, ledger, input="99999\n6.1\n\n" + "\n" * 200)
    assert result.exit_code == 0, result.stderr
    assert "--force" not in result.stderr
    assert "请重新输入数值（%），或直接回车跳过这个指标。" in result.stderr
    history = json.loads(invoke(runner, "-f", str(ledger), "history", "gdp-growth", "--json").stdout)
    assert [(h["value"], h["as_of"]) for h in history] == [(6.1, "2026-06-30")]
