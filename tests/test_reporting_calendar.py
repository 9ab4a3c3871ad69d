"""The reporting calendar (issue 9): when a figure is due, and when it is late."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kaizhou_targets.core.errors import InputError
from kaizhou_targets.core.model import Target
from kaizhou_targets.core.reporting_calendar import (
    CalendarSettings,
    TargetCalendar,
    chase_lines,
    due_date,
    expected_period,
    missing_periods,
    not_yet_due_summary,
    parse_calendar_settings,
    parse_deadline,
    parse_target_calendar,
    period_ends,
    period_label,
    verdict,
)

CAL = CalendarSettings()


def target(kind: str = "cumulative", frequency: str | None = "monthly", period: tuple[int, int] = (2026, 2026),
           deadline: date | None = None, **extra) -> Target:
    return Target(id="t", name="测试指标", area="民生", kind=kind, source="s",  # type: ignore[arg-type]
                  period_start=date(period[0], 1, 1), deadline=deadline or date(period[1], 12, 31),
                  frequency=frequency, target=extra.pop("target", 7300), unit=extra.pop("unit", "人"),  # type: ignore[arg-type]
                  **extra)


JOBS = target()                                   # 城镇新增就业, monthly year-to-date
GDP = target("growth", "quarterly", target=6, unit="%")
GRAIN = target("level", "annual", target=50)
URBANISATION = target("level", "annual", (2026, 2030), target=58.5, unit="%")  # a 十五五 goal
RESORT = target("milestone", None, deadline=date(2026, 12, 31), target=None, unit="")


def test_the_defaults_follow_how_the_statistics_bureau_publishes() -> None:
    assert (CAL.monthly_due_day, CAL.quarterly_due_day, CAL.annual_due_month) == (20, 25, 2)
    assert CAL.joint_january_february
    # 1-9月 by 20 October; Q3 GDP by 25 October; the year by the end of February, leap years too.
    assert due_date(JOBS, CAL, date(2026, 9, 30)) == date(2026, 10, 20)
    assert due_date(GDP, CAL, date(2026, 9, 30)) == date(2026, 10, 25)
    assert due_date(GRAIN, CAL, date(2026, 12, 31)) == date(2027, 2, 28)
    assert due_date(URBANISATION, CAL, date(2027, 12, 31)) == date(2028, 2, 29)
    # December's monthly figure is due in January of the next year.
    assert due_date(JOBS, CAL, date(2026, 12, 31)) == date(2027, 1, 20)


def test_january_and_february_are_one_period_for_monthly_indicators() -> None:
    ends = period_ends(JOBS, CAL)
    assert ends[0] == date(2026, 2, 28) and len(ends) == 11
    assert date(2026, 1, 31) not in ends
    separate = period_ends(JOBS, CalendarSettings(joint_january_february=False))
    assert separate[0] == date(2026, 1, 31) and len(separate) == 12
    assert period_ends(GDP, CAL) == [date(2026, 3, 31), date(2026, 6, 30), date(2026, 9, 30), date(2026, 12, 31)]


def test_a_target_can_override_the_due_day_or_give_its_own_release_dates() -> None:
    own = TargetCalendar(due_day=10)
    assert due_date(JOBS, CAL, date(2026, 9, 30), own) == date(2026, 10, 10)
    release = TargetCalendar(release=((date(2026, 9, 30), date(2026, 11, 5)),))
    assert due_date(GDP, CAL, date(2026, 9, 30), release) == date(2026, 11, 5)
    assert due_date(GDP, CAL, date(2026, 6, 30), release) == date(2026, 7, 25)  # others keep the rule
    # the day is clamped to the month's length: due on the 31st means the last day of the month
    assert due_date(JOBS, CAL, date(2026, 10, 31), TargetCalendar(due_day=31)) == date(2026, 11, 30)


def test_expected_period_is_the_latest_whose_figure_is_due() -> None:
    assert expected_period(JOBS, CAL, date(2026, 3, 19)) is None
    assert expected_period(JOBS, CAL, date(2026, 3, 20)) == date(2026, 2, 28)
    assert expected_period(JOBS, CAL, date(2026, 12, 10)) == date(2026, 10, 31)   # 1-11月 due 20 Dec
    assert expected_period(GDP, CAL, date(2026, 10, 24)) == date(2026, 6, 30)
    assert expected_period(GDP, CAL, date(2026, 10, 25)) == date(2026, 9, 30)


def test_a_fresh_target_is_not_yet_due_until_its_first_figure_is() -> None:
    v = verdict(JOBS, CAL, date(2026, 2, 27), [])
    assert v.state == "not-yet-due" and not v.needs_action and not v.offered
    assert (v.next_period, v.next_due) == (date(2026, 2, 28), date(2026, 3, 20))


def test_a_missing_figure_is_due_then_overdue_after_the_grace_days() -> None:
    due = date(2026, 3, 20)
    assert verdict(JOBS, CAL, due - timedelta(days=1), []).state == "not-yet-due"
    on_the_day = verdict(JOBS, CAL, due, [])
    assert on_the_day.state == "due" and on_the_day.offered and not on_the_day.needs_action
    assert verdict(JOBS, CAL, due + timedelta(days=CAL.grace_days), []).state == "due"
    late = verdict(JOBS, CAL, due + timedelta(days=CAL.grace_days + 1), [])
    assert late.state == "overdue" and late.needs_action and late.offered
    assert (late.overdue_period, late.overdue_due, late.days_overdue) == (date(2026, 2, 28), due, 6)


def test_up_to_date_when_the_due_figure_is_recorded_and_a_later_figure_covers_earlier_periods() -> None:
    assert verdict(JOBS, CAL, date(2026, 10, 30), [date(2026, 9, 30)]).state == "up-to-date"
    # only 1-9月 recorded: 1-2月 … 1-8月 are covered by it
    assert missing_periods(JOBS, CAL, date(2026, 10, 30), [date(2026, 9, 30)]) == []
    assert missing_periods(JOBS, CAL, date(2026, 11, 20), [date(2026, 9, 30)]) == [date(2026, 10, 31)]


def test_overdue_names_the_latest_late_period_and_the_period_now_expected() -> None:
    # 1-8月 recorded; on 22 November 1-9月 (due 20 Oct) is late, 1-10月 (due 20 Nov) is within grace.
    v = verdict(JOBS, CAL, date(2026, 11, 22), [date(2026, 8, 31)])
    assert v.state == "overdue"
    assert v.overdue_period == date(2026, 9, 30) and v.days_overdue == 33
    assert v.expected == date(2026, 10, 31) and v.expected_due == date(2026, 11, 20)
    assert v.missing == (date(2026, 9, 30), date(2026, 10, 31))


def test_a_target_whose_last_figure_covers_its_deadline_is_complete() -> None:
    assert verdict(JOBS, CAL, date(2027, 6, 1), [date(2026, 12, 31)]).state == "complete"
    short = target(deadline=date(2026, 6, 30))
    assert period_ends(short, CAL)[-1] == date(2026, 6, 30)
    assert verdict(short, CAL, date(2026, 12, 1), [date(2026, 6, 30)]).state == "complete"
    assert verdict(short, CAL, date(2026, 12, 1), [date(2026, 5, 31)]).state == "overdue"


def test_a_target_due_mid_month_expects_a_figure_as_of_its_deadline() -> None:
    odd = target("cumulative", "quarterly", deadline=date(2026, 11, 15))
    assert period_ends(odd, CAL)[-1] == date(2026, 11, 15)
    assert due_date(odd, CAL, date(2026, 11, 15)) == date(2027, 1, 25)


def test_multi_year_goals_with_annual_figures_are_due_each_year_by_the_annual_date() -> None:
    assert period_ends(URBANISATION, CAL) == [date(y, 12, 31) for y in range(2026, 2031)]
    assert verdict(URBANISATION, CAL, date(2026, 12, 10), []).state == "not-yet-due"
    assert verdict(URBANISATION, CAL, date(2027, 3, 1), []).state == "due"
    late = verdict(URBANISATION, CAL, date(2027, 3, 6), [])
    assert late.state == "overdue" and late.overdue_period == date(2026, 12, 31)
    assert verdict(URBANISATION, CAL, date(2028, 1, 10), [date(2026, 12, 31)]).state == "up-to-date"


def test_a_target_followed_without_figures_never_nags() -> None:
    none = TargetCalendar(tracking="none")
    for day in (date(2026, 3, 1), date(2026, 11, 30), date(2027, 12, 31)):
        v = verdict(JOBS, CAL, day, [], none)
        assert v.state == "untracked" and not v.needs_action and not v.offered
    assert period_ends(JOBS, CAL, none) == []


def test_an_annual_only_target_is_quiet_through_the_year() -> None:
    annual = TargetCalendar(tracking="annual")
    assert period_ends(JOBS, CAL, annual) == [date(2026, 12, 31)]
    for month in range(1, 13):
        assert verdict(JOBS, CAL, date(2026, month, 28), [], annual).state == "not-yet-due"
    assert verdict(JOBS, CAL, date(2027, 3, 10), [], annual).state == "overdue"


def test_milestones_are_pending_due_soon_overdue_or_done_never_stale() -> None:
    assert verdict(RESORT, CAL, date(2026, 11, 30), []).state == "pending"
    soon = verdict(RESORT, CAL, date(2026, 12, 1), [])
    assert soon.state == "due-soon" and soon.days_left == 30 and soon.needs_action
    assert verdict(RESORT, CAL, date(2026, 12, 31), []).state == "due-soon"
    late = verdict(RESORT, CAL, date(2027, 1, 5), [])
    assert late.state == "overdue" and late.days_overdue == 5
    assert verdict(RESORT, CAL, date(2027, 1, 5), [date(2026, 12, 20)]).state == "done"
    # a per-target window
    assert verdict(RESORT, CAL, date(2026, 12, 1), [], TargetCalendar(warning_days=7)).state == "pending"
    assert verdict(RESORT, CAL, date(2026, 12, 24), [], TargetCalendar(warning_days=7)).state == "due-soon"


def test_milestones_with_their_own_deadlines_do_not_all_turn_at_once() -> None:
    june = target("milestone", None, deadline=date(2026, 6, 30), target=None, unit="")
    december = RESORT
    day = date(2026, 6, 15)
    assert verdict(june, CAL, day, []).state == "due-soon"
    assert verdict(december, CAL, day, []).state == "pending"


def test_period_labels_as_the_office_writes_them() -> None:
    assert period_label(JOBS, CAL, date(2026, 10, 31)) == "2026年1-10月"
    assert period_label(JOBS, CAL, date(2026, 2, 28)) == "2026年1-2月"
    assert period_label(GDP, CAL, date(2026, 9, 30)) == "2026年前三季度"
    assert period_label(GDP, CAL, date(2026, 6, 30)) == "2026年上半年"
    # A rate read at a date is named by the date (issue 23): 2027年末, 2026年6月末 — never a span.
    assert period_label(URBANISATION, CAL, date(2027, 12, 31)) == "2027年末"
    point = target("ceiling", "monthly", target=5.5, unit="%")
    assert period_label(point, CAL, date(2026, 6, 30)) == "2026年6月末"


def test_calendar_settings_are_read_and_every_bad_key_named() -> None:
    settings, problems = parse_calendar_settings({"monthly_due_day": 15, "joint_january_february": False})
    assert problems == [] and settings.monthly_due_day == 15 and not settings.joint_january_february
    settings, problems = parse_calendar_settings({"monthly_due_day": 40, "grace": 3, "joint_january_february": 1})
    assert settings == CalendarSettings()
    assert len(problems) == 3
    assert "monthly_due_day" in problems[0] and "1 到 31" in problems[0]
    assert "'grace'" in problems[1] and "monthly_due_day" in problems[1]  # names the known keys
    assert "true 或 false" in problems[2]
    assert parse_calendar_settings("x")[1] == ["[settings.calendar] 必须是一个表。"]
    # the grace days and the milestone window come from [settings], not from here
    base = CalendarSettings(grace_days=30, milestone_warning_days=14, default_frequency="monthly")
    settings, problems = parse_calendar_settings({"grace_days": 3, "annual_due_day": 15}, base)
    assert settings == CalendarSettings(grace_days=30, milestone_warning_days=14, default_frequency="monthly",
                                        annual_due_day=15)
    assert len(problems) == 1 and "'grace_days'" in problems[0]


def test_target_calendar_keys_are_read_and_checked() -> None:
    own, problems = parse_target_calendar(
        {"tracking": "annual", "due_day": 10, "warning_days": 60,
         "release": {"2026-03": date(2026, 4, 18), "2026-06-30": "2026-07-20", "2026": date(2027, 3, 15)}}, "gdp")
    assert problems == []
    assert own.tracking == "annual" and own.due_day == 10 and own.warning_days == 60
    assert own.release_dates() == {date(2026, 3, 31): date(2026, 4, 18), date(2026, 6, 30): date(2026, 7, 20),
                                   date(2026, 12, 31): date(2027, 3, 15)}
    own, problems = parse_target_calendar(
        {"tracking": "never", "due_day": 0, "warning_days": -1,
         "release": {"March": date(2026, 4, 18), "2026-03": date(2026, 3, 1)}}, "gdp")
    assert own == TargetCalendar()
    assert len(problems) == 5 and all(p.startswith("gdp：") for p in problems)
    assert "tracking" in problems[0] and "due_day" in problems[1] and "warning_days" in problems[2]
    assert "March" in problems[3] and "不晚于该期末" in problems[4]


def test_a_new_deadline_is_a_real_date_within_the_target() -> None:
    assert parse_deadline("2026-06-30", RESORT) == date(2026, 6, 30)
    assert parse_deadline("2026年6月30日", RESORT) == date(2026, 6, 30)
    with pytest.raises(InputError, match="不是一个日期"):
        parse_deadline("2026-06-31", RESORT)
    with pytest.raises(InputError, match="不是一个日期"):
        parse_deadline("六月底", RESORT)
    with pytest.raises(InputError, match="早于"):
        parse_deadline("2025-12-31", RESORT)


def test_english_messages_come_from_the_catalogue() -> None:
    from kaizhou_targets.i18n import set_language

    set_language("en")
    try:
        _, problems = parse_target_calendar({"due_day": 0}, "gdp")
        assert problems[0].startswith("gdp: due_day must be")
        assert period_label(JOBS, CAL, date(2026, 10, 31)) == "1–10/2026"
        assert not_yet_due_summary([verdict(GRAIN, CAL, date(2026, 5, 1), [])]) == "1 more targets are not yet due"
        late = verdict(JOBS, CAL, date(2026, 11, 26), [date(2026, 9, 30)])
        assert chase_lines([(JOBS, late)], CAL) == ["no lead unit named: 测试指标 (1–10/2026, 6 days overdue)"]
    finally:
        set_language("zh")


def _bundled():
    from kaizhou_targets.storage.ledger_file import bundled_ledger_path, load_ledger_strict

    ledger = load_ledger_strict(bundled_ledger_path())
    return ledger, CalendarSettings(default_frequency=ledger.settings.default_frequency)


def test_on_2_march_no_monthly_indicator_is_stale_for_want_of_a_january_figure() -> None:
    ledger, calendar = _bundled()
    monthly = [t for t in ledger.targets if t.frequency == "monthly"]
    assert len(monthly) == 17
    assert {verdict(t, calendar, date(2026, 3, 2), []).state for t in monthly} == {"not-yet-due"}
    # 1-2月 is due on 20 March and late only after the grace days
    assert {verdict(t, calendar, date(2026, 3, 20), []).state for t in monthly} == {"due"}
    assert {verdict(t, calendar, date(2026, 3, 26), []).state for t in monthly} == {"overdue"}


def test_the_walk_on_10_december_offers_what_is_due_and_leaves_out_what_is_recorded_or_not_yet_due() -> None:
    ledger, calendar = _bundled()
    day = date(2026, 12, 10)
    by_id = ledger.by_id()
    # 1-10月 recorded (due 20 November); 1-11月 is not due until 20 December
    for target_id in ("jobs-new-urban", "port-throughput", "industry-value-added-growth"):
        v = verdict(by_id[target_id], calendar, day, [date(2026, 10, 31)])
        assert v.state == "up-to-date" and not v.offered
        assert (v.next_period, v.next_due) == (date(2026, 11, 30), date(2026, 12, 20))
        assert verdict(by_id[target_id], calendar, day, [date(2026, 9, 30)]).offered
    # the 十五五 goals' first annual figure is due in February 2027
    goals = [t for t in ledger.targets if t.deadline.year == 2030 and t.kind != "milestone"]
    assert goals and not any(verdict(t, calendar, day, []).offered for t in goals)


def test_milestones_of_the_bundled_ledger_warn_thirty_days_ahead_or_at_their_own_window() -> None:
    ledger, calendar = _bundled()
    milestones = [t for t in ledger.targets if t.kind == "milestone" and t.deadline == date(2026, 12, 31)]
    assert {verdict(t, calendar, date(2026, 11, 30), []).state for t in milestones} == {"pending"}
    assert {verdict(t, calendar, date(2026, 12, 5), []).state for t in milestones} == {"due-soon"}
    assert {verdict(t, calendar, date(2026, 12, 5), [], TargetCalendar(warning_days=14)).state
            for t in milestones} == {"pending"}


def test_the_settings_module_imports_nothing_of_kzt_so_the_model_can_hold_its_dataclasses() -> None:
    """model.Settings/Target are to gain `calendar` and `guards` fields: that
    works only while rule_settings needs nothing from the package at run time."""
    import subprocess
    import sys

    code = ("import sys, kaizhou_targets.core.rule_settings as r; "
            "print(sorted(m for m in sys.modules if m.startswith('kaizhou_targets.')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "['kaizhou_targets.core', 'kaizhou_targets.core.rule_settings']"


def test_chase_lines_group_overdue_figures_by_lead_unit_one_line_each() -> None:
    def monthly(target_id: str, name: str, lead: str, *, owners: tuple[str, ...] = ()) -> Target:
        return Target(id=target_id, name=name, area="主要目标", kind="growth", source="s",
                      period_start=date(2026, 1, 1), deadline=date(2026, 12, 31), frequency="monthly", lead=lead,
                      owners=owners, target=6, unit="%")

    industry = monthly("industry", "规上工业增加值增长", "区统计局")
    investment = monthly("investment", "固定资产投资增长", "区统计局")
    port = monthly("port", "港口吞吐量", "", owners=("区交通运输委",))
    orphan = monthly("orphan", "某指标", "")
    day = date(2026, 11, 23)  # 1-10月 due 20 November: 3 days past it
    calendar = CalendarSettings(grace_days=2)
    judged = [(industry, verdict(industry, calendar, day, [date(2026, 9, 30)])),
              (investment, verdict(investment, calendar, day, [date(2026, 9, 30)])),
              (port, verdict(port, calendar, day, [date(2026, 8, 31)])),
              (orphan, verdict(orphan, calendar, day, [date(2026, 9, 30)])),
              (RESORT, verdict(RESORT, calendar, date(2027, 1, 2), []))]
    # the port's 1-9月 and 1-10月 are both missing: its line names the latest late period
    port_late = verdict(port, CalendarSettings(grace_days=2, monthly_due_day=10), day, [date(2026, 8, 31)])
    judged[2] = (port, port_late)
    assert chase_lines(judged, calendar) == [
        "区交通运输委：港口吞吐量（2026年1-10月，逾期13天）",
        "区统计局：规上工业增加值增长、固定资产投资增长（2026年1-10月，逾期3天）",
        "未指定牵头单位：某指标（2026年1-10月，逾期3天）",
    ]
    verdicts = [v for _t, v in judged] + [verdict(GRAIN, calendar, day, [])]
    assert not_yet_due_summary(verdicts) == "另有1项指标尚未到报送期"
    assert not_yet_due_summary([]) == ""
