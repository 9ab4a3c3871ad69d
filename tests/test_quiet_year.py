"""Issue 9's done-when, through the real CLI: silence means all is well.

A fresh copy of the bundled ledger lives through 2026 as an office would use
it: the headline monthly and quarterly indicators are imported on time (by the
15th after their period, before the 20th/25th due date), milestones are done
along the way, everything else is never recorded. Every working day `kzt
check --as-of D` must either say nothing and exit 0, or print at most one line
per target needing action plus one summary line.
"""

from __future__ import annotations

import json
import math
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from kaizhou_targets.cli import cli
from kaizhou_targets.core.model import Target
from kaizhou_targets.storage.ledger_file import load_ledger_strict

from .conftest import invoke


def days_of(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def check(runner: CliRunner, path: Path, day: date, *more: str):
    return runner.invoke(cli, ["-f", str(path), "check", "--as-of", day.isoformat(), *more], catch_exceptions=False)


def test_a_fresh_ledger_is_silent_every_day_of_january_and_february(runner: CliRunner, ledger: Path) -> None:
    for day in days_of(date(2026, 1, 1), date(2026, 2, 28)):
        result = check(runner, ledger, day)
        assert (result.exit_code, result.output) == (0, ""), day


def test_a_monthly_indicator_without_1_2_is_overdue_only_after_its_due_date_and_grace(
        runner: CliRunner, ledger: Path) -> None:
    # 1-2月 is due on 20 March; the bundled ledger gives 5 days' grace
    assert check(runner, ledger, date(2026, 3, 25)).exit_code == 0
    late = check(runner, ledger, date(2026, 3, 26))
    assert late.exit_code == 1
    assert "industry-value-added-growth 规上工业增加值增长：2026年1-2月数据应于2026-03-20报送，已逾期6天（暂无数据）" \
        in late.output


def value_on_track(t: Target, period: date) -> float:
    """A figure a little better than the target asks by `period` (the test's own choice, not data)."""
    if t.kind == "relative":
        return 6.5  # as fast as the GDP growth recorded beside it
    goal = t.goal if t.goal is not None else 1.0
    if t.kind == "floor" and t.unit == "%":
        return min(100.0, goal + 1.0)
    if t.kind == "cumulative":
        return math.ceil(goal * min(1.0, period.month / 12) * 1.1)
    if t.kind == "floor":
        return goal + max(abs(goal) * 0.05, 1.0)
    if t.kind == "ceiling":
        return goal - max(abs(goal) * 0.05, 1.0)
    if t.kind == "level" and t.baseline is not None:
        return goal
    return goal + (0.5 if t.direction == "up" else -0.5)


def recording_plan(targets: list[Target]) -> dict[date, list[tuple[Target, date]]]:
    """Day → the (target, period) figures imported that day: each period's figure on the 15th of the
    month after it, before its due date."""
    plan: dict[date, list[tuple[Target, date]]] = {}
    for t in targets:
        months = range(2, 12) if t.frequency == "monthly" else (3, 6, 9)  # 1-2月 published together
        for month in months:
            period = date(2026, month + 1, 1) - timedelta(days=1)
            plan.setdefault(date(2026, month + 1, 15), []).append((t, period))
    return plan


def test_a_realistic_year_check_speaks_only_when_someone_must_act(runner: CliRunner, ledger: Path,
                                                                 tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    loaded = load_ledger_strict(ledger)
    headline = [t for t in loaded.targets if t.frequency in ("monthly", "quarterly") and t.kind != "milestone"
                and (t.goal is not None or t.relative_to)]
    assert len(headline) >= 15
    plan = recording_plan(headline)
    # milestones are done along the way: each one two months before its deadline
    milestones = {t.deadline - timedelta(days=60): t for t in loaded.targets
                  if t.kind == "milestone" and t.deadline.year == 2026}
    silent_days = spoke_days = 0
    for day in days_of(date(2026, 1, 1), date(2026, 12, 31)):
        monkeypatch.setenv("KZT_TODAY", day.isoformat())
        if day in plan:
            sheet = tmp_path / f"figures-{day}.csv"
            sheet.write_text("target,value,period\n" + "".join(
                f"{t.id},{value_on_track(t, period)},{period.isoformat()}\n" for t, period in plan[day]),
                encoding="utf-8")
            imported = invoke(runner, "-f", str(ledger), "import", str(sheet), "--yes", "--force")
            assert imported.exit_code == 0, imported.output
        for done_day, milestone in milestones.items():
            if done_day == day:
                done = invoke(runner, "-f", str(ledger), "record", milestone.id, "done", "--as-of", day.isoformat())
                assert done.exit_code == 0, done.output
        if day.weekday() >= 5:
            continue
        data = json.loads(check(runner, ledger, day, "--json").output)
        needing_action = len(data["alerts"])
        # nothing recorded on time is ever reported late
        assert not any(a["stale_only"] and a["id"] in {t.id for t in headline} for a in data["alerts"]), day
        result = check(runner, ledger, day)
        lines = result.output.splitlines()
        if needing_action == 0:
            assert (result.exit_code, result.output) == (0, ""), day
            silent_days += 1
        else:
            assert result.exit_code in (1, 2)
            assert len(lines) <= needing_action + 1, (day, lines)
            spoke_days += 1
    assert silent_days >= 200 and spoke_days > 0  # mostly silent, and it did speak when it had to
