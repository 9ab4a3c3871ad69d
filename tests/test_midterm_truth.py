"""Issue 23: the 中期评估 says only what is true of its figures, and its words and its JSON come from
one verdict; the closing rules hold whatever the figures (property tests, hypothesis)."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from kaizhou_targets.core.model import Entry, Ledger, Settings, Target
from kaizhou_targets.core.plan_pace import plan_view
from kaizhou_targets.core.year_end import close_target
from kaizhou_targets.render.plan_midterm import midterm_document
from kaizhou_targets.render.plan_view import markdown

from .conftest import invoke

MIDTERM_DAY = "2028-06-30"


def record(runner: CliRunner, ledger: Path, *args: str) -> None:
    result = invoke(runner, "-f", str(ledger), "record", *args)
    assert result.exit_code == 0, result.output


def sections(md: str) -> dict[str, str]:
    """Each goal's section of 二、主要指标进展情况, by its name."""
    body = md.split("## 二、主要指标进展情况", 1)[1].split("## 三、", 1)[0]
    parts = re.split(r"^### （.）(.+)$", body, flags=re.M)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts), 2)}


def test_urbanisation_at_40_percent_of_its_task_is_not_half_done(runner: CliRunner, ledger: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The issue's case: 城镇化率 at 40% of its task on 2028-06-30 (54.6 → 58.5: 56.16 at the end of 2027)."""
    monkeypatch.setenv("KZT_TODAY", MIDTERM_DAY)
    record(runner, ledger, "城镇化率", "55.38", "--as-of", "2026-12-31")
    record(runner, ledger, "城镇化率", "56.16", "--as-of", "2027-12-31")
    md = invoke(runner, "-f", str(ledger), "plan", "--midterm", "--format", "md").stdout
    data = json.loads(invoke(runner, "-f", str(ledger), "plan", "--format", "json").stdout)
    urban = next(g for g in data["goals"] if g["id"] == "urbanization-rate")
    assert (urban["task_share"], urban["half_done"], urban["time_share"], urban["half_time"]) == (0.4, False, 0.5,
                                                                                                  True)
    assert (urban["category"], urban["verdict"]) == ("on-pace", "on-pace")
    section = sections(md)["常住人口城镇化率"]
    assert "完成规划目标的40.0%" in section
    # Before: “判断：时间过半、任务过半” beside 40.0% while the JSON said half_done: false.
    assert "判断：基本达到序时进度（预计如期完成）；时间过半、任务未过半（完成规划目标的40.0%）。" in section
    assert "任务过半" not in section.replace("任务未过半", "")
    overall = md.split("## 一、总体判断", 1)[1].split("##", 1)[0]
    # Before: “总体实现时间过半、任务过半” with this one goal judged.
    assert "总体实现时间过半、任务过半" not in overall
    assert "基本达到序时进度（预计如期完成）1项" in overall
    assert "已评价的1项水平目标中，完成规划任务一半以上的0项。" in overall
    assert data["counts"]["on_pace"] == 1 and data["counts"]["half_done"] == 0


def test_every_goals_words_are_its_json(runner: CliRunner, ledger: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Three goals judged in 2029, one of each sort: each section says what its JSON record says."""
    monkeypatch.setenv("KZT_TODAY", "2029-03-01")
    for year, urban, ratio, rd in ((2026, "55.4", "1.98", "16"), (2027, "56.1", "1.96", "12"),
                                   (2028, "57.0", "1.94", "17")):
        record(runner, ledger, "城镇化率", urban, "--as-of", f"{year}-12-31")
        record(runner, ledger, "城乡居民收入比", ratio, "--as-of", f"{year}-12-31")
        record(runner, ledger, "rd-intensity-growth", rd, "--as-of", f"{year}-12-31")
    md = invoke(runner, "-f", str(ledger), "plan", "--midterm", "--format", "md").stdout
    data = json.loads(invoke(runner, "-f", str(ledger), "plan", "--format", "json").stdout)
    words = {"early": "提前完成", "ahead": "达到序时进度（预计超额完成）",
             "on-pace": "基本达到序时进度（预计如期完成）", "behind": "未达序时进度"}
    found = sections(md)
    judged = [g for g in data["goals"] if g["category"] is not None]
    assert len(judged) == 3
    for goal in judged:
        judgement = next(line for line in found[goal["name"]].splitlines() if line.startswith("判断："))
        assert judgement.startswith(f"判断：{words[goal['category']]}")
        both = goal["half_done"] is True and goal["half_time"] is True
        assert ("时间过半、任务过半" in judgement) == both, (goal["id"], judgement)
    ratio = next(g for g in data["goals"] if g["id"] == "urban-rural-income-ratio")
    assert (ratio["task_share"], ratio["half_done"], ratio["verdict"]) == (0.6364, True, "half-and-half")


# ── property tests ───────────────────────────────────────────────────────────

STAMP = datetime(2027, 1, 10, tzinfo=UTC)
YEAR_END = date(2026, 12, 31)
MARCH = date(2027, 3, 10)
QUARTERS = (date(2026, 3, 31), date(2026, 6, 30), date(2026, 9, 30))


def annual(kind: str, goal: float, **changes: object) -> Target:
    base = Target(id="t", name="t", area="a", kind=kind, source="s", period_start=date(2026, 1, 1),  # type: ignore[arg-type]
                  deadline=YEAR_END, target=goal, unit="%", frequency="quarterly")
    return base._replace(**changes)  # type: ignore[arg-type]


def figure(value: float, as_of: date) -> Entry:
    return Entry(f"e-{as_of}-{value}", "t", STAMP, as_of, value)


def cents(low: int, high: int) -> st.SearchStrategy[float]:
    """Figures as typed, to two decimals."""
    return st.integers(low, high).map(lambda n: n / 100)


@given(st.sampled_from(["floor", "ceiling"]), st.sampled_from(["%", "亿元"]), cents(1, 10_000), cents(1, 10_000),
       st.lists(cents(1, 10_000), min_size=0, max_size=3), st.booleans())
def test_a_line_judged_on_the_year_figure_closes_the_same_whatever_the_quarters_read(
        kind: str, unit: str, goal: float, final: float, quarters: list[float], binding: bool) -> None:
    target = annual(kind, goal, unit=unit, direction="up" if kind == "floor" else "down", binding=binding)
    alone = close_target(target, [figure(final, YEAR_END)], MARCH, Settings())
    history = [figure(v, d) for v, d in zip(quarters, QUARTERS, strict=False)] + [figure(final, YEAR_END)]
    with_quarters = close_target(target, history, MARCH, Settings())
    assert (with_quarters.verdict, with_quarters.share, with_quarters.gap_pp, with_quarters.margin) == (
        alone.verdict, alone.share, alone.gap_pp, alone.margin)


@given(st.sampled_from(["cumulative", "growth"]), cents(100, 50_000), cents(0, 2_000), cents(0, 60_000),
       cents(0, 60_000))
def test_about_never_closes_met_outside_its_tolerance_nor_nearly_below_its_baseline(
        kind: str, goal: float, tolerance: float, baseline: float, value: float) -> None:
    unit = "天" if kind == "cumulative" else "%"
    target = annual(kind, goal, unit=unit, qualifier="左右", tolerance=tolerance, baseline=baseline,
                    baseline_date=date(2025, 12, 31), frequency="annual")
    closed = close_target(target, [figure(value, YEAR_END)], MARCH, Settings())
    if closed.verdict == "met":
        assert value >= goal - tolerance - 1e-9
    if closed.verdict == "nearly-met":
        assert value >= baseline - 1e-9 and value < goal - tolerance + 1e-9
    assert closed.verdict in ("met", "nearly-met", "not-met")


YEARS = (2026, 2027, 2028, 2029, 2030)


@settings(max_examples=150, deadline=None)
@given(cents(1, 10_000), cents(1, 10_000), st.lists(st.one_of(st.none(), cents(1, 10_000)), min_size=5, max_size=5),
       st.dates(date(2026, 6, 1), date(2031, 6, 30)), st.sampled_from(["%", "亿元", ":1"]))
def test_the_midterm_never_says_half_the_task_below_half(baseline: float, goal: float, values: list[float | None],
                                                        when: date, unit: str) -> None:
    target = Target(id="goal", name="目标", area="十五五", kind="level", source="s", period_start=date(2026, 1, 1),
                    deadline=date(2030, 12, 31), target=goal, unit=unit, baseline=baseline,
                    baseline_date=date(2025, 12, 31), baseline_source="s",
                    direction="up" if goal >= baseline else "down")
    entries = [Entry(f"e{year}", "goal", STAMP.replace(year=2026), date(year, 12, 31), value)
               for year, value in zip(YEARS, values, strict=True) if value is not None]
    ledger = Ledger(name="测试", path="", year=2026, settings=Settings(), targets=(target,))
    view = plan_view(ledger, {"goal": entries}, when)
    goal_pace = view.goals[0]
    text = markdown(midterm_document("测试", view))
    halves = text.replace("任务未过半", "").replace("任务已完成", "")
    if "任务过半" in halves:
        assert goal_pace.task_share is not None and goal_pace.task_share >= 0.5
        assert goal_pace.half_done and goal_pace.half_time
    assert (goal_pace.verdict == "half-and-half") <= bool(goal_pace.half_done)
