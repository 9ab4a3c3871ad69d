"""The 中期评估 layout of the plan view (`kzt plan --midterm`): the document a district writes in
the plan's third year, as the plan's own reviews speak — 总体判断 counting the goals 提前完成 /
达到序时进度（预计超额完成） / 基本达到序时进度（预计如期完成） / 未达序时进度, then each goal's
progress and its judgement, the major tasks, and what needs attention.

Every judgement is read from the goal's one verdict (core/plan_pace.py: `category`, `half_time`,
`half_done`), which the JSON gives too: 时间过半、任务过半 is said only of a goal at least half done
with half the period gone, and of the whole only when it is true of every goal judged."""

from __future__ import annotations

from ..core.plan_pace import GoalPace, PlanView
from ..i18n import N_, _
from .plan_layout import PlanDocument, Section, subtitle
from .plan_words import (
    change_text,
    milestone_text,
    pace_text,
    plan_name,
    remaining_sentence,
    schedule_text,
    share_text,
    span_text,
    value_of,
    verdict_text,
)

CHINESE_ORDINALS = "一二三四五六七八九十"
CATEGORIES = {
    "early": N_("提前完成"),
    "ahead": N_("达到序时进度（预计超额完成）"),
    "on-pace": N_("基本达到序时进度（预计如期完成）"),
    "behind": N_("未达序时进度"),
}


def category_text(goal: GoalPace) -> str:
    return _(CATEGORIES[goal.category]) if goal.category else verdict_text(goal)


def counts(view: PlanView) -> dict[str, int]:
    """Goals by the review's four sorts (提前完成 early, then ahead / on_pace / behind of the schedule),
    those not judged (目标待定, 暂无年末数据), the goals half done (任务过半), and milestones done."""
    found = {"early": 0, "ahead": 0, "on_pace": 0, "behind": 0, "not_judged": 0,
             "half_done": sum(1 for g in view.goals if g.half_done), "milestones": len(view.milestones),
             "milestones_done": sum(1 for m in view.milestones if m.verdict == "done")}
    for goal in view.goals:
        found[(goal.category or "not-judged").replace("-", "_")] += 1
    return found


def overall(view: PlanView) -> str:
    """一、总体判断: the goals counted by sort; 时间过半、任务过半 only where every goal judged is at least
    half done with half the period gone and none is behind."""
    found = counts(view)
    text = _("{plan}规划确定的{goals}项量化目标中，提前完成{early}项，达到序时进度（预计超额完成）{ahead}项，"
             "基本达到序时进度（预计如期完成）{on}项，未达序时进度{behind}项，{other}项目标待定或暂无年末数据；"
             "{tasks}项重大任务中，已完成{done}项。").format(
        plan=plan_name(view), goals=len(view.goals), early=found["early"], ahead=found["ahead"],
        on=found["on_pace"], behind=found["behind"], other=found["not_judged"], tasks=found["milestones"],
        done=found["milestones_done"])
    judged = [g for g in view.goals if g.category is not None]
    if not judged:
        return text + _("尚无可评价的年末数据。")
    levels = [g for g in judged if g.half_done is not None]
    if levels and all(g.half_done and g.half_time for g in levels) and not found["behind"]:
        text += _("已评价的量化目标总体实现时间过半、任务过半。")
    elif levels:
        text += _("已评价的{count}项水平目标中，完成规划任务一半以上的{half}项。").format(
            count=len(levels), half=sum(1 for g in levels if g.half_done))
    if found["behind"]:
        text += _("{behind}项指标未达序时进度，需加快推进。").format(behind=found["behind"])
    return text


def halves(goal: GoalPace) -> str:
    """时间过半、任务过半 / 时间过半、任务未过半（完成规划目标的40.0%） / …: both halves, each as it is."""
    if goal.half_done is None or goal.half_time is None:
        return ""
    task = share_text(goal.task_share)
    if goal.half_time and goal.half_done:
        return _("时间过半、任务过半")
    if goal.half_time:
        return _("时间过半、任务未过半（完成规划目标的{task}）").format(task=task)
    if goal.half_done:
        return _("时间未过半、任务已完成规划目标的{task}").format(task=task)
    return _("时间、任务均未过半（完成规划目标的{task}）").format(task=task)


def judgement(goal: GoalPace) -> str:
    """The goal's sort and, for a level goal, its halves:
    基本达到序时进度（预计如期完成）；时间过半、任务未过半（完成规划目标的40.0%）."""
    if goal.category is None:
        return _("暂不评价（{verdict}）").format(verdict=verdict_text(goal))
    half = halves(goal)
    return _("{category}；{halves}").format(category=category_text(goal), halves=half) if half \
        else category_text(goal)


def progress_paragraph(goal: GoalPace) -> str:
    if goal.schedule is None:
        return _("{verdict}。").format(verdict=verdict_text(goal))
    latest = next(y for y in goal.series if y.year == goal.latest_year)
    if goal.form == "yearly-rate":
        text = _("{span}{pace}，规划要求{required}，{schedule}").format(
            span=span_text(goal), pace=pace_text("growth", goal.achieved_pace),
            required=pace_text("growth", goal.required_pace), schedule=schedule_text(goal))
    else:
        moved = change_text(goal, latest.value)
        text = _("{year}年末为{value}{moved}，完成规划目标的{task}（序时进度{elapsed}），{schedule}；"
                 "{span}{achieved}，规划要求{required}").format(
            year=goal.latest_year, value=value_of(goal, latest.value),
            moved=_("，比{year}年{moved}").format(year=goal.baseline_year, moved=moved) if moved else "",
            task=share_text(goal.task_share),
            elapsed=share_text(goal.schedule_share if goal.schedule_share is not None else goal.elapsed_share),
            schedule=schedule_text(goal),
            span=span_text(goal), achieved=pace_text(goal.measure, goal.achieved_pace),
            required=pace_text(goal.measure, goal.required_pace))
        if goal.projection is not None:
            text += _("；按此速度{year}年可达{value}").format(year=goal.goal_year,
                                                         value=value_of(goal, goal.projection))
    remaining = remaining_sentence(goal)
    return text + (_("；{remaining}").format(remaining=remaining) if remaining else "") + _("。")


def attention(view: PlanView) -> tuple[str, ...]:
    behind = [g for g in view.goals if g.category == "behind"]
    if not behind:
        return (_("各项已评价的量化目标均达到或基本达到序时进度。"),)
    return tuple(_("{name}{schedule}，{remaining}。").format(
        name=g.target.name, schedule=schedule_text(g), remaining=remaining_sentence(g) or _("需加快推进"))
        for g in behind)


def midterm_document(ledger_name: str, view: PlanView) -> PlanDocument:
    title = _("{plan}规划实施情况中期评估").format(plan=plan_name(view))
    sections = [Section(heading=_("一、总体判断"), lines=(overall(view),)),
                Section(heading=_("二、主要指标进展情况"))]
    for number, goal in enumerate(view.goals):
        ordinal = CHINESE_ORDINALS[number] if number < len(CHINESE_ORDINALS) else str(number + 1)
        sections.append(Section(
            heading=_("（{ordinal}）{name}").format(ordinal=ordinal, name=goal.target.name, number=number + 1),
            lines=(progress_paragraph(goal), _("判断：{judgement}。").format(judgement=judgement(goal))),
            goal=goal, level=3))
    done = [m for m in view.milestones if m.verdict == "done"]
    pending = [m for m in view.milestones if m.verdict != "done"]
    tasks = [_("{tasks}项重大任务中，已完成{done}项，尚未完成{pending}项。").format(
        tasks=len(view.milestones), done=len(done), pending=len(pending))]
    tasks += [_("{name}：{state}").format(name=m.target.name, state=milestone_text(m)) for m in done + pending]
    sections.append(Section(heading=_("三、重大任务推进情况"), lines=tuple(tasks), bullets=True))
    sections.append(Section(heading=_("四、需要关注的问题"), lines=attention(view), bullets=True))
    return PlanDocument(title=title, subtitle=subtitle(ledger_name, view), sections=tuple(sections))
