"""The weekly report in every format, and the cron check's exit codes."""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from kaizhou_targets.app import clock
from kaizhou_targets.app.clock import today

from .conftest import REPO, invoke, run_kzt


def record_on(runner: CliRunner, ledger: Path, day: str, monkeypatch: pytest.MonkeyPatch, *args: str) -> None:
    monkeypatch.setenv("KZT_TODAY", day)
    # KZT_TODAY pins the judging day only; typing on that day is a clock that says so.
    typed_at = datetime.fromisoformat(f"{day}T10:00:00+00:00")
    real_now = clock.now
    monkeypatch.setattr(clock, "now", lambda zone, at=None: real_now(zone, at or typed_at))
    result = invoke(runner, "-f", str(ledger), "record", *args)
    monkeypatch.setattr(clock, "now", real_now)
    assert result.exit_code == 0, result.stderr


@pytest.fixture
def week(runner: CliRunner, ledger: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    record_on(runner, ledger, "2026-09-25", monkeypatch, "港口", "150", "--as-of", "1-8月")
    record_on(runner, ledger, "2026-10-06", monkeypatch, "港口", "180", "--as-of", "1-9月")
    record_on(runner, ledger, "2026-10-06", monkeypatch, "就业", "5600", "--as-of", "1-9月")
    record_on(runner, ledger, "2026-10-07", monkeypatch, "gdp-growth", "4.0", "--as-of", "Q3")
    record_on(runner, ledger, "2026-10-07", monkeypatch, "失业率", "5.8", "--as-of", "Q3")
    record_on(runner, ledger, "2026-10-08", monkeypatch, "森林覆盖率", "57.2", "--as-of", "上半年")
    monkeypatch.setenv("KZT_TODAY", "2026-10-08")
    return ledger


def report(runner: CliRunner, ledger: Path, *args: str) -> str:
    result = invoke(runner, "-f", str(ledger), "report", "--as-of", "2026-10-08", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def section(markdown: str, heading: str) -> list[str]:
    lines = markdown.split(f"## {heading}\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
    return [line.split(" `")[0] for line in lines]  # without the sparkline


def test_markdown_sections(runner: CliRunner, week: Path) -> None:
    md = report(runner, week, "--format", "md")
    assert md.startswith("# 开州区2026年政府工作报告目标任务 — 目标任务周报\n\n统计区间：2026-10-02 至 2026-10-08\n")
    # 失业率 5.8% in Q3 over its 5.5% ceiling is a warning: the year's own rate decides (issue 23).
    assert "| 红 | 2 | 1 | +1 |" in md and "| 黄 | 1 | 0 | +1 |" in md and "| 绿 | 2 | 0 | +2 |" in md
    assert section(md, "本周录入") == [
        "- 🔴 **地区生产总值增长**：4%（2026年1-9月）；增速4%，低于目标2.0个百分点",
        "- 🟢 **城镇新增就业**：5,600人（2026年1-9月）；完成全年目标的76.7%，快于序时进度1.7个百分点",
        ("- 🔴 **港口货物吞吐量**：180万吨（2026年1-9月），较上次（2026年1-8月）+30万吨；"
         "完成全年目标的60.0%，慢于序时进度15.0个百分点"),
        "- 🟢 **森林覆盖率**：57.2%（2026年6月末）；57.2%，距底线0.7个百分点",  # a reading, not a total
        ("- 🟡 **城镇调查失业率**：5.8%（2026年9月末）；5.8%，高于控制线0.3个百分点"
         "（按全年数评价，年末前须回到控制线以内）"),
    ]
    assert section(md, "状态变化") == [
        "- 🔴 **地区生产总值增长**：灰 → 红；增速4%，低于目标2.0个百分点",
        "- 🟢 **城镇新增就业**：灰 → 绿；完成全年目标的76.7%，快于序时进度1.7个百分点",
        "- 🟢 **森林覆盖率**：灰 → 绿；57.2%，距底线0.7个百分点",
        "- 🟡 **城镇调查失业率**：灰 → 黄；5.8%，高于控制线0.3个百分点（按全年数评价，年末前须回到控制线以内）",
    ]
    assert section(md, "落后指标（按严重程度）") == [
        "- 🔴 **港口货物吞吐量**：完成全年目标的60.0%，慢于序时进度15.0个百分点",
        "- 🔴 **地区生产总值增长**：增速4%，低于目标2.0个百分点",
        "- 🟡 **城镇调查失业率**：5.8%，高于控制线0.3个百分点（按全年数评价，年末前须回到控制线以内）",
    ]
    assert section(md, "节点任务（30天内到期或已逾期）") == ["- 无"]


def test_milestones_due_and_overdue(runner: CliRunner, ledger: Path) -> None:
    md = invoke(runner, "-f", str(ledger), "report", "--as-of", "2026-12-10", "--format", "md").stdout
    due = section(md, "节点任务（30天内到期或已逾期）")
    assert "- 🟡 **创成汉丰湖国家级旅游度假区**：21天后到期，尚未完成" in due
    late = invoke(runner, "-f", str(ledger), "report", "--as-of", "2027-01-03", "--format", "md").stdout
    assert "- 🔴 **创成汉丰湖国家级旅游度假区**：已逾期3天" in section(late, "节点任务（30天内到期或已逾期）")
    assert not any("建成美丽重庆先行区" in line for line in section(late, "节点任务（30天内到期或已逾期）"))


def test_report_judges_its_last_day_as_status_does(runner: CliRunner, week: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    before = report(runner, week, "--format", "json")
    # A figure for a later period does not change the report of 2026-10-08 …
    record_on(runner, week, "2026-10-09", monkeypatch, "港口", "210", "--as-of", "1-10月", "--force")
    assert report(runner, week, "--format", "json") == before
    # … a revision of 1-9月 typed the next day does, and status of that day says the same.
    record_on(runner, week, "2026-10-09", monkeypatch, "港口", "200", "--as-of", "1-9月")
    data = json.loads(report(runner, week, "--format", "json"))
    port = next(p for p in data["laggards"] + data["moved"] if p["id"] == "port-throughput")
    status = json.loads(invoke(runner, "-f", str(week), "status", "--as-of", "2026-10-08", "--json").stdout)
    standing = next(p for p in status if p["id"] == "port-throughput")
    assert port["value"] == standing["value"] == 200
    assert (port["completion"], port["status"]) == (standing["completion"], standing["status"])


def test_json_report(runner: CliRunner, week: Path) -> None:
    data = json.loads(report(runner, week, "--format", "json"))
    assert (data["since"], data["as_of"]) == ("2026-10-02", "2026-10-08")
    assert data["counts"]["red"] == 2 and data["counts"]["yellow"] == 1 and data["previous_counts"]["red"] == 1
    port = next(m for m in data["moved"] if m["id"] == "port-throughput")
    assert (port["previous_value"], port["value"], port["delta"]) == (150, 180, 30)
    assert [lag["id"] for lag in data["laggards"]] == ["port-throughput", "gdp-growth", "urban-unemployment-rate"]


def test_csv_opens_in_excel(runner: CliRunner, week: Path, tmp_path: Path) -> None:
    out = tmp_path / "周报.csv"
    result = invoke(runner, "-f", str(week), "report", "--as-of", "2026-10-08", "-o", str(out))
    assert result.exit_code == 0 and f"已写入 {out}" in result.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 197
    port = next(r for r in rows if r["编号"] == "port-throughput")
    assert (port["状态"], port["完成率"], port["差距（百分点）"], port["本周有录入"]) == ("红", "60.0%", "-15.0", "1")
    assert port["进度表述"] == "完成全年目标的60.0%，慢于序时进度15.0个百分点"
    english = invoke(runner, "-f", str(week), "--lang", "en", "report", "--as-of", "2026-10-08", "--format", "csv")
    english_rows = list(csv.DictReader(io.StringIO(english.stdout.lstrip("\ufeff"))))
    port = next(r for r in english_rows if r["id"] == "port-throughput")
    assert (port["status"], port["completion"], port["gap_pp"], port["moved_this_week"]) == (
        "red", "60.0%", "-15.0", "1")


def test_html_is_self_contained(runner: CliRunner, week: Path) -> None:
    page = report(runner, week, "--format", "html")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in page
    assert "@page { size: A4" in page and "Noto Sans CJK SC" in page
    assert "http://" not in page and "https://" not in page and "<link" not in page and "<script" not in page
    assert page.count("<svg") == 2 and "完成全年目标的60.0%，慢于序时进度15.0个百分点" in page


def test_english_terminal_report(runner: CliRunner, week: Path) -> None:
    out = invoke(runner, "-f", str(week), "--lang", "en", "report", "--as-of", "2026-10-08", "--format", "term").stdout
    assert "Weekly target report" in out and "Behind, worst first" in out
    assert "60.0% of the target, 15.0 pp behind schedule" in out


def test_report_arguments(runner: CliRunner, week: Path) -> None:
    bad = invoke(runner, "-f", str(week), "report", "--as-of", "2026-10-08", "--since", "2026-10-09")
    assert bad.exit_code == 2 and "2026-10-09 晚于周报的最后一天 2026-10-08" in bad.stderr
    spanned = json.loads(report(runner, week, "--since", "2026-09-01", "--format", "json"))
    assert spanned["since"] == "2026-09-01" and spanned["previous_counts"]["red"] == 0


def test_example_ledger_gives_a_full_report(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    example = REPO / "examples" / "targets.toml"
    assert invoke(runner, "-f", str(example), "verify").exit_code == 0
    md = invoke(runner, "-f", str(example), "report", "--as-of", "2026-11-22", "--format", "md").stdout
    assert len(section(md, "本周录入")) > 15 and len(section(md, "落后指标（按严重程度）")) > 10
    for shard in (REPO / "examples" / "figures").glob("*.toml"):
        text = shard.read_text(encoding="utf-8")
        entries = [line for line in text.splitlines() if line and not line.startswith("#")]
        assert entries and all('note = "示例数据（虚构）' in line and ", sum = " in line for line in entries)


def test_nothing_invented_in_the_real_ledger() -> None:
    real = (REPO / "targets.toml").read_text(encoding="utf-8")
    example = (REPO / "examples" / "targets.toml").read_text(encoding="utf-8")
    assert "示例" not in real and not (REPO / "figures").exists()
    assert example.split("\n[ledger]", 1)[1].replace('"../seeds"', '"seeds"') == real.split("\n[ledger]", 1)[1]


# ── kzt check ──────────────────────────────────────────────────────────────

SMALL = """
[ledger]
name = "测试台账"
year = 2026

[[target]]
id = "jobs"
name = "城镇新增就业"
area = "民生"
kind = "cumulative"
target = 1000
unit = "人"
frequency = "monthly"
source = "城镇新增就业1000人"

[[target]]
id = "forest"
name = "森林覆盖率"
area = "生态"
kind = "floor"
target = 56.5
unit = "%"
frequency = "annual"
source = "森林覆盖率稳定在56.5%以上"
"""


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "small" / "targets.toml"
    path.parent.mkdir()
    path.write_text(SMALL, encoding="utf-8")
    return path


def kzt(path: Path, *args: str, today_: str = "2026-10-08"):
    return run_kzt("-f", str(path), *args, env={"KZT_TODAY": today_})


def test_check_ok_is_silent(small: Path) -> None:
    assert kzt(small, "record", "jobs", "760", "--as-of", "1-9月").returncode == 0
    result = kzt(small, "check")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_check_warning_critical_and_thresholds(small: Path) -> None:
    kzt(small, "record", "jobs", "720", "--as-of", "1-9月")  # 72% against 75%: yellow
    warning = kzt(small, "check")
    assert warning.returncode == 1
    # worst first, one line per target needing action, then one summary line (forest's annual
    # figure is not due before February 2027: a count, never a line of its own)
    assert warning.stdout.splitlines() == [
        "警告 jobs 城镇新增就业：完成全年目标的72.0%，慢于序时进度3.0个百分点",
        "警告（WARNING）：截至 2026-10-08，1 个指标需要关注；另有1项指标尚未到报送期",
    ]
    english = kzt(small, "--lang", "en", "check")
    assert english.stdout.splitlines()[-1].startswith("WARNING: 1 target(s) need attention as of 2026-10-08")
    assert kzt(small, "check", "--fail-on", "red").returncode == 0
    kzt(small, "record", "forest", "56.0", "--as-of", "上半年")
    # Judged on the year's own figure (issue 23), a half-year reading below the floor is a warning …
    below = kzt(small, "check")
    assert below.returncode == 1
    assert below.stdout.splitlines()[:2] == [
        "警告 jobs 城镇新增就业：完成全年目标的72.0%，慢于序时进度3.0个百分点",
        "警告 forest 森林覆盖率：56%，低于底线0.5个百分点（按全年数评价，年末前须回到底线以上）",
    ]
    # … and a red line that must hold at every reading is broken by it.
    small.write_text(SMALL.replace('frequency = "annual"\n', 'frequency = "annual"\njudged = "every-reading"\n'),
                     encoding="utf-8")
    critical = kzt(small, "check")
    assert critical.returncode == 2
    assert critical.stdout.splitlines() == [
        "严重 forest 森林覆盖率：56%，低于底线0.5个百分点",
        "警告 jobs 城镇新增就业：完成全年目标的72.0%，慢于序时进度3.0个百分点",
        "严重（CRITICAL）：截至 2026-10-08，2 个指标需要关注",
    ]
    quiet = kzt(small, "check", "--quiet")
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (2, "", "")
    data = json.loads(kzt(small, "check", "--json").stdout)
    assert data["status"] == "CRITICAL" and data["exit_code"] == 2
    assert [(a["level"], a["id"]) for a in data["alerts"]] == [("CRITICAL", "forest"), ("WARNING", "jobs")]


def test_check_counts_stale_figures(small: Path) -> None:
    kzt(small, "record", "jobs", "500", "--as-of", "1-6月", today_="2026-07-10")
    assert kzt(small, "check", today_="2026-08-25").returncode == 0  # 1-7月 due 20 August, + 5 days grace
    result = kzt(small, "check", today_="2026-09-01")
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        "警告 jobs 城镇新增就业：2026年1-7月数据应于2026-08-20报送，已逾期12天（最新 2026-06-30）")
    data = json.loads(kzt(small, "check", "--json", today_="2026-09-01").stdout)
    assert data["not_yet_due"] == 1 and data["alerts"][0]["calendar"] == "overdue"


def test_check_group_by_owner_gives_one_line_per_unit(small: Path) -> None:
    """催报: every line of the mail reaches one 牵头单位."""
    small.write_text(SMALL.replace('frequency = "monthly"\n', 'frequency = "monthly"\nlead = "区人力社保局"\n')
                     .replace('frequency = "annual"\n', 'frequency = "monthly"\nlead = "区人力社保局"\n'),
                     encoding="utf-8")
    result = kzt(small, "check", "--group-by", "owner", today_="2026-05-10")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        # A total is named by its span, a rate read at a date by the date (issue 23): two brackets.
        "催报 区人力社保局：城镇新增就业（2026年1-3月，逾期20天）；森林覆盖率（2026年3月末，逾期20天）",
        "警告（WARNING）：截至 2026-05-10，2 个指标需要关注",
    ]


def test_check_unknown_when_the_ledger_is_broken(small: Path) -> None:
    small.write_text(SMALL.replace("target = 1000", "target = = 1000"), encoding="utf-8")
    result = kzt(small, "check")
    assert result.returncode == 3
    assert result.stderr.startswith("未知（UNKNOWN）：") and "不是有效的 TOML" in result.stderr
    data = json.loads(kzt(small, "check", "--json").stdout)
    assert data["status"] == "UNKNOWN" and data["exit_code"] == 3
    missing = run_kzt("-f", str(small.parent / "nope.toml"), "check")
    assert missing.returncode == 3 and "没有这个文件" in missing.stderr


def test_check_before_the_first_figure_and_after_the_deadline(small: Path) -> None:
    assert kzt(small, "check", today_="2026-01-15").returncode == 0
    kzt(small, "record", "jobs", "1000", "--as-of", "全年", "--force")
    kzt(small, "record", "forest", "58", "--as-of", "全年", "--force")
    assert kzt(small, "check", today_="2027-06-01").returncode == 0


def test_check_from_a_crontab_like_environment(small: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """No terminal, a minimal PATH, TZ=UTC: the day is still Chongqing's."""
    import subprocess

    monkeypatch.delenv("KZT_TODAY")
    env = {"PATH": "/usr/bin:/bin", "TZ": "UTC", "HOME": str(tmp_path), "LANG": "C"}
    result = subprocess.run([sys.executable, "-m", "kaizhou_targets", "-f", str(small), "check", "--json"],
                            capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=60)
    assert result.returncode in (0, 1), result.stderr
    assert json.loads(result.stdout)["as_of"] == today("Asia/Shanghai").isoformat()


def test_today_is_shanghai_whatever_the_machine_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KZT_TODAY")
    late_utc = datetime(2026, 11, 21, 17, 30, tzinfo=UTC)  # 01:30 on the 22nd in Chongqing
    assert today("Asia/Shanghai", late_utc).isoformat() == "2026-11-22"
    assert today("UTC", late_utc).isoformat() == "2026-11-21"


def test_stale_figures_name_the_ledgers_default_frequency(runner: CliRunner, small: Path) -> None:
    text = SMALL.replace('frequency = "monthly"\n', "").replace(
        'year = 2026\n', 'year = 2026\n\n[settings]\ndefault_frequency = "monthly"\n')
    small.write_text(text, encoding="utf-8")
    md = invoke(runner, "-f", str(small), "report", "--as-of", "2026-10-08", "--format", "md").stdout
    # overdue by the ledger's default frequency (monthly: 1-8月 due 20 September), one line per unit
    assert section(md, "逾期未报（按牵头单位）") == ["- ⚪ **未指定牵头单位**：城镇新增就业（2026年1-8月，逾期18天）"]
