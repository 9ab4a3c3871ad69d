"""Issue 9 wired into the commands: status marks, kzt set, the weekly report, the walk."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from .conftest import REPO, invoke


def status_lines(runner: CliRunner, ledger: Path, *args: str) -> list[str]:
    result = invoke(runner, "-f", str(ledger), "status", *args)
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def test_status_marks_overdue_and_not_yet_due_differently(runner: CliRunner, ledger: Path) -> None:
    lines = status_lines(runner, ledger, "--as-of", "2026-05-10", "--area", "主要目标")
    row = {line.split()[0]: line for line in lines[2:] if line.split()}
    assert row["规上工业增加值增长"].rstrip().endswith("⏰")   # monthly: 1-3月 due 20 April
    assert row["单位GDP碳排放"].rstrip().endswith("·")         # annual: first figure due February 2027
    assert lines[-2].endswith("⏰ 陈旧 7  · 未到报送期 1")
    assert lines[-1] == "⏰ 数据逾期未报（已过报送日和宽限期）；· 尚未到报送期（首个数据尚未到期）"
    english = invoke(runner, "--lang", "en", "-f", str(ledger), "status", "--as-of", "2026-05-10",
                     "--area", "主要目标").output.splitlines()
    assert "not yet due 1" in english[-2] and "not yet due" in english[-1]


EXAMPLE = REPO / "examples" / "targets.toml"
WEEK = "2026-11-22"  # the example week (tests/test_browser.py prints the same page)


def example_report(runner: CliRunner, *args: str) -> str:
    result = invoke(runner, "-f", str(EXAMPLE), "report", "--as-of", WEEK, *args)
    assert result.exit_code == 0, result.output
    return result.output


def not_yet_due_names(runner: CliRunner) -> set[str]:
    rows = json.loads(invoke(runner, "-f", str(EXAMPLE), "status", "--as-of", WEEK, "--json").output)
    return {r["name"] for r in rows if r["calendar"] == "not-yet-due"}


def test_the_weekly_report_counts_not_yet_due_targets_and_lists_none(runner: CliRunner) -> None:
    waiting = not_yet_due_names(runner)
    md = example_report(runner, "--format", "md")
    assert f"| 未到报送期 | {len(waiting)} |" in md
    listed = {line.split("**")[1] for line in md.splitlines() if line.startswith("- ") and "**" in line}
    assert not listed & waiting
    html = example_report(runner, "--format", "html")
    assert not any(f'<span class="name">{name}</span>' in html for name in waiting)


def test_the_weekly_report_is_cut_like_status(runner: CliRunner) -> None:
    red = example_report(runner, "--format", "json", "--only", "red")
    data = json.loads(red)
    assert data["laggards"] and all(p["status"] == "red" for p in data["laggards"])
    assert data["counts"]["yellow"] == 0 and data["counts"]["green"] == 0
    area = json.loads(example_report(runner, "--format", "json", "--area", "生态"))
    assert {p["area"] for p in area["laggards"] + area["stale"]} <= {"生态"}
    assert sum(area["counts"][c] for c in ("red", "yellow", "green", "grey")) == len(
        [r for r in json.loads(invoke(runner, "-f", str(EXAMPLE), "status", "--area", "生态", "--json").output)])
    nobody = json.loads(example_report(runner, "--format", "json", "--owner", "没有这个单位"))
    assert sum(nobody["counts"][c] for c in ("red", "yellow", "green", "grey")) == 0
    bad = invoke(CliRunner(), "-f", str(EXAMPLE), "report", "--area", "火星")
    assert bad.exit_code == 2 and "没有指标属于领域“火星”" in bad.output


def test_the_wechat_text_is_short_and_plain(runner: CliRunner) -> None:
    text = example_report(runner, "--format", "text")
    assert len(text) < 1500
    for markdown in ("#", "|", "**", "`"):
        assert markdown not in text
    assert text.startswith("【")


def test_set_deadline_tracking_due_day_and_warning_days(runner: CliRunner, ledger: Path) -> None:
    from .conftest import snapshot

    folder = ledger.parent

    def kzt_set(*args: str):
        return invoke(runner, "-f", str(ledger), "set", *args)

    # a milestone due 2026-06-30 with a 60-day window is due soon on 5 May, overdue in July
    # a deadline is a change of the commitment: it needs its reason and authority (issue 10)
    refused = kzt_set("水乐园", "deadline", "2026年6月30日")
    assert refused.exit_code != 0 and "--note" in refused.stderr
    assert kzt_set("水乐园", "deadline", "2026年6月30日", "--note", "区政府2026年4月调整").exit_code == 0
    assert kzt_set("水乐园", "warning_days", "60").exit_code == 0
    text = ledger.read_text(encoding="utf-8")
    assert "deadline = 2026-06-30" in text and "warning_days = 60" in text
    may = json.loads(invoke(runner, "-f", str(ledger), "status", "--as-of", "2026-05-05", "--json").output)
    park = next(r for r in may if r["id"] == "water-park")
    assert (park["calendar"], park["status"]) == ("due-soon", "yellow")
    july = invoke(runner, "-f", str(ledger), "check", "--as-of", "2026-07-01")
    assert "water-park" in july.output and july.exit_code == 2
    # followed without figures: a monthly indicator never nags again
    assert check_mentions(runner, ledger, "jobs-new-urban")
    assert kzt_set("jobs-new-urban", "tracking", "none").exit_code == 0
    assert not check_mentions(runner, ledger, "jobs-new-urban")
    assert 'tracking = "none"' in ledger.read_text(encoding="utf-8")
    # a due day of its own: with 1-3月 recorded, 1-4月 is due 20 May by default, 5 May with due_day 5
    assert invoke(runner, "-f", str(ledger), "record", "港口", "80", "--as-of", "2026-03-31").exit_code == 0
    assert "port-throughput" not in invoke(runner, "-f", str(ledger), "check", "--as-of", "2026-05-11").output
    assert kzt_set("港口", "due_day", "5").exit_code == 0
    assert "port-throughput" in invoke(runner, "-f", str(ledger), "check", "--as-of", "2026-05-11").output
    # bad values: a clear error, exit 2, nothing written
    before = snapshot(folder)
    for args, words in ((("水乐园", "deadline", "2025-06-30"), "早于"),
                        (("水乐园", "deadline", "明天"), "不是一个日期"),
                        (("jobs-new-urban", "tracking", "sometimes"), "不是跟踪方式"),
                        (("港口", "due_day", "40"), "1 到 31"), (("水乐园", "warning_days", "-3"), "0 到 3660")):
        result = kzt_set(*args)
        assert result.exit_code == 2 and words in result.output, (args, result.output)
    assert snapshot(folder) == before


def check_mentions(runner: CliRunner, ledger: Path, target_id: str) -> bool:
    return target_id in invoke(runner, "-f", str(ledger), "check", "--as-of", "2026-05-10").output


def test_the_chat_alerts_name_the_overdue_period(runner: CliRunner, ledger: Path) -> None:
    from datetime import date

    from kaizhou_targets.core.alerts import alerts_for
    from kaizhou_targets.core.progress import evaluate_ledger
    from kaizhou_targets.render.chat import alerts_text
    from kaizhou_targets.storage.ledger_file import load_ledger_strict

    loaded = load_ledger_strict(ledger)
    found = alerts_for(evaluate_ledger(loaded, {}, date(2026, 3, 26)))
    text = alerts_text(found, loaded.name, date(2026, 3, 26), "zh", calendar=loaded.settings.calendar)
    assert "规上工业增加值增长：2026年1-2月数据应于2026-03-20报送，已逾期6天（暂无数据）" in text
    assert "陈旧" not in text


def test_bad_calendar_settings_are_refused_with_their_line(runner: CliRunner, ledger: Path) -> None:
    text = ledger.read_text(encoding="utf-8")
    broken = text.replace("monthly_due_day = 20", "monthly_due_day = 45", 1).replace(
        'id = "jobs-new-urban"\n', 'id = "jobs-new-urban"\ntracking = "sometimes"\n', 1)
    assert broken != text
    ledger.write_text(broken, encoding="utf-8")
    result = invoke(runner, "-f", str(ledger), "verify")
    assert result.exit_code != 0
    assert "monthly_due_day 必须是 1 到 31 之间的整数" in result.output
    assert "jobs-new-urban：tracking 必须是 figures" in result.output
    assert "targets.toml:" in result.output
