"""Plausibility guards and idempotent entry (issue 10, points 3 and 4), on the
issue's own examples."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from kaizhou_targets.core.model import Entry, Target
from kaizhou_targets.core.plausibility import (
    Guards,
    PendingFigure,
    already_recorded,
    check_figure,
    conflicting_rows,
    increment_base,
    plan_import,
    repeated_increment,
    typed_scale,
)
from kaizhou_targets.core.values import parse_value

YEAR = (date(2026, 1, 1), date(2026, 12, 31))
JOBS = Target(id="jobs-new-urban", name="城镇新增就业", area="民生", kind="cumulative", source="s",
              period_start=YEAR[0], deadline=YEAR[1], target=7300, unit="人", frequency="monthly")
PORT = Target(id="port-throughput", name="港口吞吐量", area="开放", kind="cumulative", source="s",
              period_start=YEAR[0], deadline=YEAR[1], target=300, unit="万吨", frequency="monthly")
UNEMPLOYMENT = Target(id="urban-unemployment", name="城镇调查失业率", area="主要目标", kind="ceiling", source="s",
                      period_start=YEAR[0], deadline=YEAR[1], target=5.5, unit="%", direction="down")
GDP = Target(id="gdp-growth", name="地区生产总值增长", area="主要目标", kind="growth", source="s",
             period_start=YEAR[0], deadline=YEAR[1], target=6, unit="%", frequency="quarterly")
LOANS = Target(id="green-finance-loans", name="绿色金融贷款余额", area="改革", kind="level", source="s",
               period_start=YEAR[0], deadline=YEAR[1], target=100, unit="亿元", baseline=60)
T0 = datetime(2026, 10, 8, 9, 0)


def entry(target: Target, as_of: date, value: float, *, minutes: int = 0, input: str = "", n: int = 0) -> Entry:
    return Entry(f"e{as_of.isoformat()}-{minutes}-{n}", target.id, T0 + timedelta(minutes=minutes), as_of, value,
                 target.unit, "", "", input or str(value))


def codes(findings) -> list[str]:
    return [f.code for f in findings]


def test_jobs_61000_typed_for_6100_is_far_beyond_the_annual_target() -> None:
    found = check_figure(JOBS, 61000, date(2026, 10, 31), [entry(JOBS, date(2026, 9, 30), 5600)])
    assert "beyond-target" in codes(found)
    first = found[0]
    assert first.message == "61,000人是全年目标7,300人的8.4倍，远超目标，请核对数字。"
    assert first.numbers["ratio"] == 61000 / 7300
    # the right figure passes
    assert check_figure(JOBS, 6100, date(2026, 10, 31), [entry(JOBS, date(2026, 9, 30), 5600)]) == []


def test_port_3yi_becomes_30000_wan_tons_and_is_caught_as_a_scale_slip() -> None:
    value = parse_value("3亿", PORT).value
    assert value == 30000
    assert typed_scale("3亿", PORT) == 10000
    found = check_figure(PORT, value, date(2026, 10, 31), [], typed="3亿")
    assert codes(found) == ["scale"]
    assert found[0].message == "“3亿”换算为30,000万吨，是目标300万吨的100倍，像是单位（万/亿）写错了。"
    # the same number typed in the target's own unit is a beyond-target slip, not a scale one
    assert codes(check_figure(PORT, 30000, date(2026, 10, 31), [], typed="30000")) == ["beyond-target"]
    assert typed_scale("235万吨", PORT) == 1.0 and typed_scale("235", PORT) == 1.0


def test_unemployment_rate_55_is_outside_a_sane_range() -> None:
    found = check_figure(UNEMPLOYMENT, 55, date(2026, 9, 30), [entry(UNEMPLOYMENT, date(2026, 6, 30), 5.4)])
    assert codes(found) == ["rate-range"]
    assert found[0].message == "55%对城镇调查失业率（目标5.5%）不合常理，请核对数字（是否多打或少打了一位）。"
    assert check_figure(UNEMPLOYMENT, 5.6, date(2026, 9, 30), [entry(UNEMPLOYMENT, date(2026, 6, 30), 5.4)]) == []
    assert codes(check_figure(UNEMPLOYMENT, 120, date(2026, 9, 30), [])) == ["rate-range"]
    assert codes(check_figure(GDP, 59, date(2026, 9, 30), [])) == ["rate-range"]
    assert check_figure(GDP, -3.5, date(2026, 9, 30), []) == []  # a fall is news, not a slip


def test_a_year_to_date_total_that_falls_is_caught_both_ways() -> None:
    series = [entry(PORT, date(2026, 9, 30), 235)]
    found = check_figure(PORT, 200, date(2026, 10, 31), series)
    assert codes(found) == ["ytd-fall"]
    assert found[0].message == "累计数200万吨低于更早的2026-09-30累计数235万吨，年内累计不应下降，请核对。"
    # recording an earlier period higher than a later one: 250 for 15 October against 235 for 31 October
    later = [entry(PORT, date(2026, 10, 31), 235)]
    found = check_figure(PORT, 250, date(2026, 10, 15), later)
    assert codes(found) == ["ytd-fall"] and "更晚的2026-10-31" in found[0].message
    # a new year starts from zero: December's total does not bind February's
    assert check_figure(PORT, 40, date(2027, 2, 28), [entry(PORT, date(2026, 12, 31), 310)]) == []


def test_a_tenfold_jump_against_the_last_figure_is_caught_unless_it_returns_to_the_path() -> None:
    loans = [entry(LOANS, date(2026, 6, 30), 80)]
    found = check_figure(LOANS, 800, date(2026, 9, 30), loans)
    assert codes(found) == ["jump"]
    assert found[0].message == "800亿元是上次（2026-06-30）80亿元的10倍，变化过大，请核对数字和单位。"
    found = check_figure(LOANS, 8, date(2026, 9, 30), loans)
    assert codes(found) == ["jump"] and "十" not in found[0].message and "10分之一" in found[0].message
    # the last figure was the odd one: a normal figure after it is not a jump
    assert check_figure(LOANS, 85, date(2026, 9, 30), [entry(LOANS, date(2026, 6, 30), 8)]) == []
    assert check_figure(JOBS, 1800, date(2026, 3, 31), [entry(JOBS, date(2026, 2, 28), 50)]) == []


def test_milestones_and_thresholds_from_settings() -> None:
    resort = Target(id="resort", name="度假区", area="文化", kind="milestone", source="s",
                    period_start=YEAR[0], deadline=YEAR[1])
    assert check_figure(resort, 1.0, date(2026, 5, 1), []) == []
    strict = Guards(beyond_target_factor=1.2)
    assert codes(check_figure(JOBS, 9000, date(2026, 12, 31), [], strict)) == ["beyond-target"]
    assert check_figure(JOBS, 9000, date(2026, 12, 31), []) == []


def row(value: float, line: int, *, increment: bool = False, period: date = date(2026, 10, 31),
        target: str = "port-throughput") -> PendingFigure:
    text = f"+{value:g}" if increment else f"{value:g}"
    return PendingFigure(target, period, value, increment, text, line)


def test_two_different_rows_for_one_period_are_refused_naming_both_lines() -> None:
    kept, conflicts, dropped = conflicting_rows([row(235, 2), row(253, 7), row(10, 3, period=date(2026, 9, 30))])
    assert [r.line for r in kept] == [2, 3] and dropped == 0
    assert len(conflicts) == 1
    assert conflicts[0].message == ("第2行和第7行给出了port-throughput在2026-10-31的两个不同数据（235和253）；"
                                    "请只保留正确的一行。")


def test_identical_rows_collapse_so_a_pasted_plus_10_twice_adds_10_once() -> None:
    kept, conflicts, dropped = conflicting_rows([row(10, 2, increment=True), row(10, 3, increment=True)])
    assert [r.line for r in kept] == [2] and conflicts == [] and dropped == 1
    # +10 and 10 are not the same row
    _, conflicts, _ = conflicting_rows([row(10, 2, increment=True), row(10, 3)])
    assert len(conflicts) == 1


def test_reimporting_a_file_writes_nothing_and_a_changed_file_only_its_revisions() -> None:
    history = {"port-throughput": [entry(PORT, date(2026, 8, 31), 185), entry(PORT, date(2026, 9, 30), 210, n=1),
                                   entry(PORT, date(2026, 10, 31), 10, input="+10", n=2)]}
    same = [row(185, 2, period=date(2026, 8, 31)), row(210, 3, period=date(2026, 9, 30)),
            row(10, 4, increment=True)]
    plan = plan_import(same, history)
    assert plan.already_imported and plan.to_record == () and plan.unchanged == 3
    changed = [row(185, 2, period=date(2026, 8, 31)), row(212, 3, period=date(2026, 9, 30)),
               row(235, 4, period=date(2026, 11, 30))]
    plan = plan_import(changed, history)
    assert not plan.already_imported
    assert [r.line for r in plan.to_record] == [3, 4]
    assert (plan.new, plan.revisions, plan.unchanged) == (1, 1, 1)


def test_already_recorded_follows_withdrawals() -> None:
    recorded = entry(PORT, date(2026, 9, 30), 210)
    undo = Entry("u1", PORT.id, T0 + timedelta(minutes=5), withdraws=recorded.id)
    assert already_recorded(row(210, 1, period=date(2026, 9, 30)), [recorded]) is True
    assert already_recorded(row(211, 1, period=date(2026, 9, 30)), [recorded]) is False
    assert already_recorded(row(210, 1, period=date(2026, 9, 30)), [recorded, undo]) is None


def test_the_same_plus_n_typed_again_soon_is_found_so_the_caller_can_ask() -> None:
    typed = entry(PORT, date(2026, 10, 31), 235, minutes=0, input="+25")
    again = row(25, 0, increment=True)
    assert repeated_increment(again, [typed], T0 + timedelta(minutes=2)) == typed
    assert repeated_increment(again, [typed], T0 + timedelta(minutes=31)) is None
    assert repeated_increment(again, [typed], T0 + timedelta(minutes=31), Guards(repeat_minutes=60)) == typed
    assert repeated_increment(row(25, 0, increment=True, period=date(2026, 9, 30)), [typed],
                              T0 + timedelta(minutes=2)) is None
    assert repeated_increment(row(26, 0, increment=True), [typed], T0 + timedelta(minutes=2)) is None
    assert repeated_increment(row(235, 0), [typed], T0 + timedelta(minutes=2)) is None


def test_increment_base_is_the_running_total_it_adds_to() -> None:
    history = [entry(PORT, date(2026, 8, 31), 185), entry(PORT, date(2026, 9, 30), 210, n=1),
               entry(PORT, date(2026, 9, 30), 212, minutes=3, n=2)]
    base = increment_base(history, date(2026, 10, 31))
    assert base is not None and base.value == 212 and base.as_of == date(2026, 9, 30)
    assert increment_base(history, date(2027, 2, 28)) is None  # a new year starts from zero


def test_findings_speak_english_when_asked() -> None:
    from kaizhou_targets.i18n import set_language

    set_language("en")
    try:
        found = check_figure(PORT, 30000, date(2026, 10, 31), [], typed="3亿")
        assert found[0].message == ("“3亿” comes to 30,000万吨, 100 times the target of 300万吨: "
                                    "the scale (万/亿) looks wrong.")
        _, conflicts, _ = conflicting_rows([row(235, 2), row(253, 7)])
        assert conflicts[0].message.startswith("Lines 2 and 7 give two different figures for port-throughput")
    finally:
        set_language("zh")


def test_guard_thresholds_are_read_from_settings_and_every_bad_key_named() -> None:
    from kaizhou_targets.core.plausibility import parse_guards

    guards, problems = parse_guards({"beyond_target_factor": 2, "repeat_minutes": 10, "growth_max": 80})
    assert problems == []
    assert guards == Guards(beyond_target_factor=2.0, repeat_minutes=10, growth_max=80.0)
    guards, problems = parse_guards({"jump_factor": 0.5, "repeat_minutes": 1.5, "growth_min": "low", "speed": 1,
                                     "growth_max": -60})
    assert len(problems) == 5
    assert "jump_factor" in problems[0] and "大于 1" in problems[0]
    assert "repeat_minutes" in problems[1] and "growth_min" in problems[2] and "speed" in problems[3]
    assert problems[4] == "[settings.guards] 的 growth_min 必须小于 growth_max。"
    assert guards == Guards()
    assert parse_guards([1])[1] == ["[settings.guards] 必须是一个表。"]
    assert parse_guards(None) == (Guards(), [])
