"""Issue 21.6: `kzt check` chases every overdue figure, whatever the target's colour; milestones falling
due together are one line per 牵头单位; what the year-end closing takes out of the check says where
it went. Through the real CLI on a copy of the bundled ledger."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from .conftest import invoke


def kzt(runner: CliRunner, ledger: Path, *args: str, today: str | None = None,
        monkeypatch: pytest.MonkeyPatch | None = None):
    if today is not None and monkeypatch is not None:
        monkeypatch.setenv("KZT_TODAY", today)
    return invoke(runner, "-f", str(ledger), *args)


@pytest.fixture
def trade(runner: CliRunner, ledger: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """进出口总额 with its 1-3月 figure (21% of the year, yellow) typed on time, 区商务委 leading it."""
    done = kzt(runner, ledger, "record", "进出口总额", "2.1", "--as-of", "1-3月", today="2026-04-15",
               monkeypatch=monkeypatch)
    assert done.exit_code == 0, done.output
    assert kzt(runner, ledger, "set", "进出口总额", "lead", "区商务委").exit_code == 0
    return ledger


def test_a_yellow_target_whose_next_figure_is_overdue_is_chased_in_its_line(
        runner: CliRunner, trade: Path) -> None:
    checked = kzt(runner, trade, "check", "--as-of", "2026-05-27")
    assert checked.exit_code == 1
    line = ("警告 foreign-trade-total 进出口总额：完成全年目标的21.0%，慢于序时进度4.0个百分点；"
            "2026年1-4月数据应于2026-05-20报送，已逾期7天（最新 2026-03-31）")
    assert line in checked.output.splitlines()
    data = json.loads(kzt(runner, trade, "check", "--as-of", "2026-05-27", "--json").output)
    alert = next(a for a in data["alerts"] if a["id"] == "foreign-trade-total")
    assert (alert["status"], alert["calendar"], alert["stale_only"]) == ("yellow", "overdue", False)
    assert alert["message"] == line.split("：", 1)[1]
    english = kzt(runner, trade, "--lang", "en", "check", "--as-of", "2026-05-27")
    mine = next(text for text in english.output.splitlines() if "foreign-trade-total" in text)
    assert "behind schedule; the figure for 1–4/2026 was due on 2026-05-20" in mine and "7 days overdue" in mine


def test_grouped_by_owner_the_overdue_figure_of_a_yellow_target_is_under_chase(
        runner: CliRunner, trade: Path) -> None:
    grouped = kzt(runner, trade, "check", "--as-of", "2026-05-27", "--group-by", "owner")
    lines = grouped.output.splitlines()
    assert "区商务委：警告 进出口总额：完成全年目标的21.0%，慢于序时进度4.0个百分点" in lines
    assert "催报 区商务委：进出口总额（2026年1-4月，逾期7天）" in lines
    # before the figure is overdue there is nothing to chase
    early = kzt(runner, trade, "check", "--as-of", "2026-05-25", "--group-by", "owner").output
    assert "催报 区商务委" not in early
    assert "区商务委：警告 进出口总额" in early


def test_a_red_target_with_an_overdue_figure_says_both(runner: CliRunner, ledger: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    assert kzt(runner, ledger, "record", "进出口总额", "0.5", "--as-of", "1-3月", today="2026-04-15",
               monkeypatch=monkeypatch).exit_code == 0
    checked = kzt(runner, ledger, "check", "--as-of", "2026-05-27")
    assert checked.exit_code == 2
    assert ("严重 foreign-trade-total 进出口总额：完成全年目标的5.0%，慢于序时进度20.0个百分点；"
            "2026年1-4月数据应于2026-05-20报送，已逾期7天（最新 2026-03-31）") in checked.output.splitlines()
    grouped = kzt(runner, ledger, "check", "--as-of", "2026-05-27", "--group-by", "owner").output.splitlines()
    chase = next(line for line in grouped if line.startswith("催报 未指定牵头单位："))
    # A total's bracket: the stocks overdue for the same month are a bracket of their own (2026年4月末).
    overdue_in_april = next(part for part in chase.split("；") if "进出口总额" in part)
    assert overdue_in_april.endswith("（2026年1-4月，逾期7天）")
    assert "进出口总额" in overdue_in_april.split("（")[0].split("、")


def test_milestones_due_soon_are_one_line_per_lead_unit(runner: CliRunner, ledger: Path) -> None:
    for name in ("水乐园", "主题乐园"):
        assert kzt(runner, ledger, "set", name, "lead", "区文化旅游委").exit_code == 0
    data = json.loads(kzt(runner, ledger, "check", "--as-of", "2026-12-01", "--json").output)
    soon = [a for a in data["alerts"] if a["kind"] == "milestone" and a["calendar"] == "due-soon"]
    assert len(soon) > 20  # the year-end flood the issue saw
    others = len(data["alerts"]) - len(soon)
    checked = kzt(runner, ledger, "check", "--as-of", "2026-12-01")
    lines = checked.output.splitlines()
    assert checked.exit_code == 1
    assert len(lines) == others + 2 + 1  # two units' milestone lines and the summary
    assert "警告 节点任务临近到期 区文化旅游委：引进知名主题乐园、水乐园建成投运（2026-12-31到期，还有30天）" in lines
    unassigned = next(line for line in lines if line.startswith("警告 节点任务临近到期 未指定牵头单位："))
    names = "、".join(a["name"] for a in soon if a["lead"] is None)
    assert unassigned == f"警告 节点任务临近到期 未指定牵头单位：{names}（2026-12-31到期，还有30天）"
    assert not any(a["id"] in checked.output for a in soon)  # no line of their own
    # grouped by owner: the same, as one item of each unit's line
    grouped = kzt(runner, ledger, "check", "--as-of", "2026-12-01", "--group-by", "owner").output.splitlines()
    assert "区文化旅游委：警告 节点任务临近到期 引进知名主题乐园、水乐园建成投运（2026-12-31到期，还有30天）" in grouped
    # overdue in January, the same grouping (督办), critical
    january = kzt(runner, ledger, "check", "--as-of", "2027-01-10").output.splitlines()
    assert ("严重 节点任务逾期未完成 区文化旅游委：引进知名主题乐园、水乐园建成投运（2026-12-31到期，已逾期10天）"
            in january)


def test_a_milestone_alone_in_its_unit_keeps_its_own_line(runner: CliRunner, ledger: Path) -> None:
    assert kzt(runner, ledger, "set", "水乐园", "deadline", "2026-06-30", "--note", "测试").exit_code == 0
    checked = kzt(runner, ledger, "check", "--as-of", "2026-06-10").output.splitlines()
    assert "警告 water-park 水乐园建成投运：20天后到期，尚未完成" in checked


def test_what_the_closing_takes_out_of_the_check_says_where_it_went(
        runner: CliRunner, ledger: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    judged = json.loads(kzt(runner, ledger, "check", "--year", "2026", "--as-of", "2027-03-06", "--json").output)
    overdue = {a["id"] for a in judged["alerts"] if a["kind"] == "milestone" and a["status"] == "red"}
    assert len(overdue) > 20
    # one done late is recorded: it is no longer among them
    assert kzt(runner, ledger, "record", "水乐园", "完成", "--as-of", "2027-01-05", today="2027-01-06",
               monkeypatch=monkeypatch).exit_code == 0
    overdue.discard("water-park")
    checked = kzt(runner, ledger, "check", "--as-of", "2027-03-06")
    assert checked.exit_code in (1, 2)
    lines = checked.output.splitlines()
    expected = (f"另有{len(overdue)}项2026年度指标已转入年度收尾，不在本次检查中"
                f"（其中{len(overdue)}项节点任务逾期未完成）：见 kzt status --year 2026")
    assert lines[-2] == expected
    assert not any(milestone in checked.output for milestone in overdue)
    data = json.loads(kzt(runner, ledger, "check", "--as-of", "2027-03-06", "--json").output)
    assert data["left_to_closing"]["year"] == 2026 and set(data["left_to_closing"]["ids"]) == overdue
    # and they are where the line says
    closing = json.loads(kzt(runner, ledger, "status", "--year", "2026", "--as-of", "2027-03-06", "--json").output)
    verdicts = {row["id"]: row["verdict"] for row in closing["targets"]}
    assert all(verdicts[milestone] == "not-met" for milestone in overdue)
    english = kzt(runner, ledger, "--lang", "en", "check", "--as-of", "2027-03-06").output.splitlines()
    assert "kzt status --year 2026" in english[-2] and "year-end closing" in english[-2]


def test_in_the_closing_window_the_colours_it_quiets_are_counted(
        runner: CliRunner, ledger: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # 2026's trade ended far short (red) with its December figure in: in February the check is quiet
    # about that colour, and says so once.
    assert kzt(runner, ledger, "record", "进出口总额", "5", "--as-of", "1-12月", today="2027-01-15",
               monkeypatch=monkeypatch).exit_code == 0
    data = json.loads(kzt(runner, ledger, "check", "--as-of", "2027-02-10", "--json").output)
    assert "foreign-trade-total" not in {a["id"] for a in data["alerts"]}
    assert "foreign-trade-total" in data["left_to_closing"]["ids"]
    lines = kzt(runner, ledger, "check", "--as-of", "2027-02-10").output.splitlines()
    assert lines[-2] == "另有1项2026年度指标已转入年度收尾，不在本次检查中：见 kzt status --year 2026"
    # --year 2026 judges the year in full: nothing left out, no such line
    whole = kzt(runner, ledger, "check", "--year", "2026", "--as-of", "2027-02-10").output
    assert "转入年度收尾" not in whole and "foreign-trade-total" in whole


def test_a_check_with_nothing_to_say_stays_silent_even_with_a_closing_behind_it(
        runner: CliRunner, ledger: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Silence means all is well: the closing line is part of a check that speaks, never a reason to.
    Every quantity's 2026 year-end figure is in, the milestones are not done: on 2027-03-06 nothing of
    2027 is due yet, the check is silent, and its JSON still says what the closing took."""
    from datetime import date

    from kaizhou_targets.storage.ledger_file import load_ledger_strict

    from .test_quiet_year import value_on_track

    year_end = date(2026, 12, 31)
    quantities = [t for t in load_ledger_strict(ledger).targets
                  if t.kind != "milestone" and t.calendar.tracking != "none" and t.goal is not None]
    sheet = tmp_path / "year-end.csv"
    sheet.write_text("target,value,period\n" + "".join(
        f"{t.id},{value_on_track(t, year_end)},2026-12-31\n" for t in quantities), encoding="utf-8")
    imported = kzt(runner, ledger, "import", str(sheet), "--yes", "--force", today="2027-02-01",
                   monkeypatch=monkeypatch)
    assert imported.exit_code == 0, imported.output
    for target in load_ledger_strict(ledger).targets:  # what has no figure to give is not followed
        if target.kind != "milestone" and target.goal is None:
            assert kzt(runner, ledger, "set", target.id, "tracking", "none").exit_code == 0
    data = json.loads(kzt(runner, ledger, "check", "--as-of", "2027-03-06", "--json").output)
    assert data["alerts"] == [], [a["id"] for a in data["alerts"]]
    assert data["left_to_closing"]["milestones"] > 20
    quiet = kzt(runner, ledger, "check", "--as-of", "2027-03-06")
    assert (quiet.exit_code, quiet.output) == (0, "")
