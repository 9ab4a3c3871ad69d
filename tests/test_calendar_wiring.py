"""Issue 9 wired into the commands: status marks, kzt set, the weekly report, the walk."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from .conftest import invoke


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
