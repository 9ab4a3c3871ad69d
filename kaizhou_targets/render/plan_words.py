"""Words of the plan view: verdicts, paces and values of the five-year goals, as the plan's own
reports phrase them (年均提高0.78个百分点，完成规划目标的38.5%，慢于序时进度1.5个百分点)."""

from __future__ import annotations

from ..core.plan_pace import GoalPace, Measure, PlanView
from ..core.values import format_number, format_value
from ..i18n import N_, _

VERDICTS = {
    "half-and-half": N_("时间过半、任务过半"),
    "ahead": N_("快于序时进度"),
    "on-pace": N_("符合序时进度"),
    "behind": N_("慢于序时进度"),
    "pending-goal": N_("目标待定"),
    "pending-baseline": N_("基期待定"),
    "no-data": N_("暂无年末数据"),
    "not-measurable": N_("无法计算"),
    "done": N_("已完成"),
    "not-done": N_("尚未完成"),
}
CHINESE_DIGITS = "〇一二三四五六七八九"
# Decimals a pace is printed with: a growth rate and a rate's points as the reports print them
# (年均增长6.6%, 年均提高0.78个百分点); a ratio's step is small (年均降低0.022).
PACE_DIGITS: dict[Measure, int] = {"growth": 2, "points": 2, "unit": 3}


def verdict_text(goal: GoalPace) -> str:
    return _(VERDICTS[goal.verdict])


def plan_name(view: PlanView) -> str:
    """“十五五” for 2026–2030 (the 三五 plan began in 1966, one every five years since), else the years."""
    number = (view.first_year - 1966) // 5 + 3
    fits = view.first_year >= 1966 and (view.first_year - 1966) % 5 == 0 and view.last_year == view.first_year + 4
    if fits and 10 <= number < 20:
        name = "十" + (CHINESE_DIGITS[number - 10] if number > 10 else "") + "五"
        return _("“{name}”").format(name=name, number=number)
    return _("{first}—{last}年").format(first=view.first_year, last=view.last_year)


def short(number: float, digits: int) -> str:
    """A number to at most `digits` decimals, without trailing zeros: 0.780 → 0.78."""
    return format_number(round(number, digits))


def value_of(goal: GoalPace, number: float | None) -> str:
    if number is None:
        return "—"
    return format_value(round(number, 3), goal.target.unit)


def pace_text(measure: Measure | None, yearly: float | None) -> str:
    """年均增长6.6% / 年均下降1.2% / 年均提高0.78个百分点 / 年均降低0.022."""
    if measure is None or yearly is None:
        return "—"
    size = short(abs(yearly), PACE_DIGITS[measure])
    if measure == "growth":
        return (_("年均增长{size}%") if yearly >= 0 else _("年均下降{size}%")).format(size=size)
    if measure == "points":
        return (_("年均提高{size}个百分点") if yearly >= 0 else _("年均降低{size}个百分点")).format(size=size)
    return (_("年均提高{size}") if yearly >= 0 else _("年均降低{size}")).format(size=size)


def change_text(goal: GoalPace, value: float | None) -> str:
    """How far `value` has moved from the baseline: 提高1.5个百分点 / 降低0.05 / 增长12.3%."""
    baseline, measure = goal.baseline, goal.measure
    if baseline is None or value is None or measure is None:
        return ""
    if measure == "growth":
        if baseline <= 0:
            return ""
        change = (value / baseline - 1) * 100
        return (_("增长{size}%") if change >= 0 else _("下降{size}%")).format(size=short(abs(change), 1))
    size = short(abs(value - baseline), PACE_DIGITS[measure])
    if measure == "points":
        return (_("提高{size}个百分点") if value >= baseline else _("降低{size}个百分点")).format(size=size)
    return (_("提高{size}") if value >= baseline else _("降低{size}")).format(size=size)


def share_text(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.1f}%"


def schedule_text(goal: GoalPace) -> str:
    """快于序时进度1.5个百分点 / 慢于… / 符合序时进度; a yearly-rate goal compares rates: 低于规划要求1.0个百分点."""
    if goal.gap_pp is None or goal.schedule is None:
        return verdict_text(goal)
    gap = f"{abs(goal.gap_pp):.1f}"
    if goal.form == "yearly-rate":
        if goal.schedule == "on-pace":
            return _("达到规划要求")
        words = _("高于规划要求{gap}个百分点") if goal.gap_pp > 0 else _("低于规划要求{gap}个百分点")
        return words.format(gap=gap)
    if goal.schedule == "on-pace":
        return _("符合序时进度")
    words = _("快于序时进度{gap}个百分点") if goal.gap_pp > 0 else _("慢于序时进度{gap}个百分点")
    return words.format(gap=gap)


def span_text(goal: GoalPace) -> str:
    """The years a pace was achieved over: 2026—2027年 (or 2026年 alone)."""
    first = goal.baseline_year + 1
    if goal.latest_year is None or goal.latest_year == first:
        return _("{year}年").format(year=first)
    return _("{first}—{last}年").format(first=first, last=goal.latest_year)


def goal_text(goal: GoalPace) -> str:
    """基期2025年54.6%，目标2030年58.5% (a yearly-rate goal: 2026—2030年年均增长15%)."""
    if goal.form == "yearly-rate":
        return _("目标：{first}—{last}年{pace}").format(first=goal.baseline_year + 1, last=goal.goal_year,
                                                     pace=pace_text("growth", goal.goal))
    return _("基期：{year}年 {value}；目标：{goal_year}年 {goal}").format(
        year=goal.baseline_year, value=value_of(goal, goal.baseline), goal_year=goal.goal_year,
        goal=value_of(goal, goal.goal) if goal.goal is not None else _("待定"))


def year_ends_text(goal: GoalPace) -> str:
    """年末值：2026年 55.4%（序时路径 55.38%）；2027年 56.1%（…）, only the years with a figure."""
    shown = [y for y in goal.series if y.value is not None]
    if not shown:
        return _("暂无年末数据")
    if goal.form == "yearly-rate":
        items = [_("{year}年 {value}").format(year=y.year, value=value_of(goal, y.value)) for y in shown]
        return _("各年增速：{items}").format(items=_("；").join(items))
    items = [_("{year}年 {value}（序时路径 {path}）").format(year=y.year, value=value_of(goal, y.value),
                                                        path=value_of(goal, y.path)) if y.path is not None
             else _("{year}年 {value}").format(year=y.year, value=value_of(goal, y.value)) for y in shown]
    return _("年末值：{items}").format(items=_("；").join(items))


def pace_sentence(goal: GoalPace) -> str:
    """规划要求年均提高0.78个百分点，2026—2027年实际年均提高0.75个百分点；按此速度2030年可达58.35%."""
    required = _("规划要求{pace}").format(pace=pace_text(goal.measure, goal.required_pace))
    if goal.achieved_pace is None:
        return required
    achieved = _("{span}实际{pace}").format(span=span_text(goal), pace=pace_text(goal.measure, goal.achieved_pace))
    if goal.projection is None:
        return _("{required}，{achieved}").format(required=required, achieved=achieved)
    return _("{required}，{achieved}；按此速度{year}年可达{value}").format(
        required=required, achieved=achieved, year=goal.goal_year, value=value_of(goal, goal.projection))


def task_sentence(goal: GoalPace) -> str:
    """完成规划目标的38.5%，时间进度40.0%，慢于序时进度1.5个百分点 (a yearly-rate goal: its rate
    against the required one)."""
    if goal.form == "yearly-rate":
        return _("年均增速{achieved}，{schedule}").format(achieved=f"{goal.achieved_pace:.2f}%",
                                                      schedule=schedule_text(goal))
    if goal.schedule_share is not None and goal.elapsed_share is not None \
            and round(goal.schedule_share, 3) != round(goal.elapsed_share, 3):
        return _("完成规划目标的{task}，时间进度{elapsed}，按规划年均增速应完成{path}，{schedule}").format(
            task=share_text(goal.task_share), elapsed=share_text(goal.elapsed_share),
            path=share_text(goal.schedule_share), schedule=schedule_text(goal))
    return _("完成规划目标的{task}，时间进度{elapsed}，{schedule}").format(
        task=share_text(goal.task_share), elapsed=share_text(goal.elapsed_share), schedule=schedule_text(goal))


def remaining_sentence(goal: GoalPace) -> str:
    """余下3年需年均提高0.8个百分点."""
    if goal.remaining_pace is None or goal.latest_year is None:
        return ""
    left = goal.goal_year - goal.latest_year
    return _("余下{years}年需{pace}").format(years=left, pace=pace_text(goal.measure, goal.remaining_pace))


def milestone_text(goal: GoalPace) -> str:
    """已完成（2027-09-30） / 尚未完成（期限 2030-12-31）."""
    if goal.verdict == "done":
        return _("已完成（{date}）").format(date=goal.done_on.isoformat() if goal.done_on else "—")
    return _("尚未完成（期限 {date}）").format(date=goal.target.deadline.isoformat())


def goal_lines(goal: GoalPace) -> list[str]:
    """The sentences of one goal in the plan view, in reading order."""
    lines = [goal_text(goal), year_ends_text(goal)]
    if goal.missing_year is not None and goal.missing_due is not None:
        lines.append(_("{year}年末值尚未录入（应于{due}前报送），以下按已有的年末值评价").format(
            year=goal.missing_year, due=goal.missing_due.isoformat()))
    if goal.verdict in ("pending-goal", "pending-baseline"):
        lines.append(_("{verdict}：{note}").format(verdict=verdict_text(goal), note=goal.target.note or "—"))
        return lines
    if goal.required_pace is not None and goal.form == "level":
        lines.append(pace_sentence(goal))
    if goal.achieved_pace is not None or goal.task_share is not None:
        lines.append(task_sentence(goal))
    remaining = remaining_sentence(goal)
    if remaining:
        lines.append(remaining)
    return lines
