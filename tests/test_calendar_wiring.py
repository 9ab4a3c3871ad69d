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
