"""The plan view as a document of sections: the everyday layout (one section per goal, then the
milestones). The 中期评估 layout is plan_midterm.py; both are written out by plan_view.py (terminal,
Markdown) and plan_html.py (HTML with a chart per goal)."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.plan_pace import GoalPace, PlanView
from ..i18n import _
from .plan_words import goal_lines, milestone_text, plan_name, verdict_text


@dataclass(frozen=True)
class Section:
    heading: str
    lines: tuple[str, ...] = ()
    goal: GoalPace | None = None   # the goal a chart is drawn for (HTML)
    level: int = 2                 # 2: a part of the document; 3: one goal within a part
    bullets: bool = False          # lines are a list (milestones), not sentences


@dataclass(frozen=True)
class PlanDocument:
    title: str
    subtitle: str
    sections: tuple[Section, ...]


def subtitle(ledger_name: str, view: PlanView) -> str:
    latest = max((g.latest_year for g in view.goals if g.latest_year is not None), default=None)
    data = (_("数据截至{year}年末").format(year=latest) if latest is not None else _("暂无年末数据"))
    return _("{name}；评估日 {date}；{data}").format(name=ledger_name, date=view.as_of.isoformat(), data=data)


def plan_document(ledger_name: str, view: PlanView) -> PlanDocument:
    title = _("{plan}规划目标推进情况").format(plan=plan_name(view))
    sections = [Section(heading=_("{name}（{id}）：{verdict}").format(name=g.target.name, id=g.target.id,
                                                                 verdict=verdict_text(g)),
                        lines=tuple(goal_lines(g)), goal=g, level=3) for g in view.goals]
    if view.goals:
        sections.insert(0, Section(heading=_("量化目标")))
    if view.milestones:
        sections.append(Section(heading=_("重大任务"), bullets=True, lines=tuple(
            _("{name}：{state}").format(name=m.target.name, state=milestone_text(m)) for m in view.milestones)))
    return PlanDocument(title=title, subtitle=subtitle(ledger_name, view), sections=tuple(sections))
