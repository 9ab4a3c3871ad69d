"""Sentences about the reporting calendar: an overdue figure, the lines of
`kzt check` (flat, or one line per 牵头单位), and the marks of `kzt status`.

Silence means all is well: every line built here is something a person must
act on, plus at most one summary line.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..core.progress import Progress
from ..core.reporting_calendar import chase_lines, not_yet_due_summary, period_label
from ..core.rule_settings import CalendarSettings
from ..i18n import _
from .phrases import phrase
from .shown import shown

if TYPE_CHECKING:
    from ..core.alerts import Alert, LeftOut

# The marks of `kzt status` beside the colour: overdue and not yet due look different.
OVERDUE_MARK = "⏰"
NOT_YET_DUE_MARK = "·"


def calendar_mark(p: Progress) -> str:
    state = p.calendar.state if p.calendar else ""
    if p.stale:  # an overdue figure (a target whose figures file cannot be read is not judged)
        return OVERDUE_MARK
    if state == "not-yet-due":
        return NOT_YET_DUE_MARK
    return ""


def legend() -> str:
    return _("{overdue} 数据逾期未报（已过报送日和宽限期）；{not_due} 尚未到报送期（首个数据尚未到期）").format(
        overdue=OVERDUE_MARK, not_due=NOT_YET_DUE_MARK)


def overdue_text(p: Progress, settings: CalendarSettings) -> str:
    """`2026年1-9月数据应于2026-10-20报送，已逾期12天（最新 2026-06-30）`."""
    judged = p.calendar
    if judged is None or judged.overdue_period is None or judged.overdue_due is None:
        return _("数据逾期未报")
    period = period_label(p.target, settings, judged.overdue_period, p.target.calendar)
    text = _("{period}数据应于{due}报送，已逾期{days}天").format(
        period=period, due=judged.overdue_due.isoformat(), days=judged.days_overdue)
    latest = (_("（最新 {period}）").format(period=p.value_as_of.isoformat()) if p.value_as_of
              else _("（暂无数据）"))
    return text + latest


def not_yet_due_count(progress: Sequence[Progress]) -> int:
    return sum(1 for p in progress if p.calendar is not None and p.calendar.state == "not-yet-due")


def alert_message(alert: Alert, settings: CalendarSettings, lang: str = "") -> str:
    """What an alert says: its colour's phrase, and — whatever the colour — an overdue figure too
    (完成全年目标的21.0%，慢于序时进度4.0个百分点；2026年1-4月数据应于2026-05-20报送，已逾期7天（最新 2026-03-31）):
    the phrase repeats the last figure, so without the second half nobody would chase the next."""
    p = alert.progress
    if alert.stale_only:
        return overdue_text(p, settings)
    if p.stale:
        return _("{phrase}；{overdue}").format(phrase=phrase(p, lang), overdue=overdue_text(p, settings))
    return phrase(p, lang)


def closing_text(left_out: LeftOut | None) -> str:
    """The one line saying where the targets went that last year's closing took out of the check."""
    if left_out is None:
        return ""
    text = _("另有{count}项{year}年度指标已转入年度收尾，不在本次检查中").format(
        count=len(left_out.alerts), year=left_out.year)
    if left_out.milestones:
        text += _("（其中{count}项节点任务逾期未完成）").format(count=left_out.milestones)
    return text + _("：见 kzt status --year {year}").format(year=left_out.year)


def _milestone_group(alert: Alert) -> str | None:
    """"due-soon" or "overdue" for a milestone not done whose deadline is near or past: at year-end
    dozens fall due together, so they are listed one line per 牵头单位 (督办), not one line each."""
    p = alert.progress
    if p.target.kind != "milestone" or p.reason not in ("due-soon", "overdue") or p.due_in_days is None:
        return None
    return p.reason


def _milestone_items(alerts: Sequence[Alert]) -> str:
    """`A、B（2026-12-31到期，还有30天）；C（…）`: milestones due on the same day share a bracket."""
    by_day: dict[tuple[str, int], list[str]] = {}
    for alert in alerts:
        p = alert.progress
        by_day.setdefault((p.target.deadline.isoformat(), p.due_in_days or 0), []).append(p.target.name)
    parts = []
    for (deadline, days), names in sorted(by_day.items(), key=lambda item: item[0][1]):
        joined = _("、").join(names)
        if days > 0:
            parts.append(_("{names}（{deadline}到期，还有{days}天）").format(names=joined, deadline=deadline,
                                                                     days=days))
        elif days == 0:
            parts.append(_("{names}（今天到期）").format(names=joined))
        else:
            parts.append(_("{names}（{deadline}到期，已逾期{days}天）").format(names=joined, deadline=deadline,
                                                                      days=-days))
    return _("；").join(parts)


def _milestone_line(group: str, alerts: Sequence[Alert], level_words: dict[int, str], unit: str = "") -> str:
    heading = _("节点任务临近到期") if group == "due-soon" else _("节点任务逾期未完成")
    level = level_words[alerts[0].level]
    if unit:
        return _("{level} {heading} {unit}：{items}").format(level=level, heading=heading, unit=unit,
                                                            items=_milestone_items(alerts))
    return _("{level} {heading} {items}").format(level=level, heading=heading, items=_milestone_items(alerts))


def check_lines(found: Sequence[Alert], progress: Sequence[Progress], settings: CalendarSettings,
                level_words: dict[int, str], headline: str, group_by: str | None = None,
                closing: str = "") -> list[str]:
    """What `kzt check` prints when it speaks: one line per target needing action, worst first (or
    one line per 牵头单位 with `group_by="owner"`) — milestones due soon or overdue one line per
    牵头单位 either way — then `closing` (where the targets the year-end closing took went, if any)
    and one summary line: the headline and how many targets wait for their first due date."""
    if group_by == "owner":
        lines = _owner_lines(found, settings, level_words)
    else:
        lines = []
        milestones: dict[tuple[str, str], list[Alert]] = {}
        places: dict[int, tuple[str, str]] = {}
        for alert in found:
            group = _milestone_group(alert)
            if group is not None:
                key = (group, _unit_of(alert.progress))
                if key not in milestones:
                    places[len(lines)] = key  # the unit's line goes where its first milestone came
                    lines.append("")
                milestones.setdefault(key, []).append(alert)
                continue
            p = alert.progress
            lines.append(_("{level} {id} {name}：{message}").format(
                level=level_words[alert.level], id=p.target.id, name=p.target.name,
                message=alert_message(alert, settings)))
        for index, (group, unit) in places.items():
            alerts = milestones[group, unit]
            lines[index] = (_milestone_line(group, alerts, level_words, unit) if len(alerts) > 1 else
                            _("{level} {id} {name}：{message}").format(  # one alone keeps its own line
                                level=level_words[alerts[0].level], id=alerts[0].progress.target.id,
                                name=alerts[0].progress.target.name, message=phrase(alerts[0].progress)))
    if closing:
        lines.append(closing)
    waiting = not_yet_due_summary(p.calendar for p in progress if p.calendar is not None)
    lines.append(_("{headline}；{waiting}").format(headline=headline, waiting=waiting) if waiting else headline)
    return [shown(line) for line in lines]  # names, units and notes are data: no control character passes


def _owner_lines(found: Sequence[Alert], settings: CalendarSettings, level_words: dict[int, str]) -> list[str]:
    """Colour alerts grouped by 牵头单位 (worst unit first; its milestones due soon or overdue as one
    item each), then the 催报 lines of every overdue figure, whatever its target's colour."""
    by_unit: dict[str, list[Alert]] = {}
    for alert in found:
        if not alert.stale_only:
            by_unit.setdefault(_unit_of(alert.progress), []).append(alert)
    lines = []
    for unit, alerts in by_unit.items():  # found is worst first, so is the order of first appearance
        items = []
        groups: dict[str, list[Alert]] = {}
        for a in alerts:
            group = _milestone_group(a)
            if group is None:
                items.append(_("{level} {name}：{message}").format(
                    level=level_words[a.level], name=a.progress.target.name, message=phrase(a.progress)))
            else:
                if group not in groups:
                    items.append(group)  # replaced below
                groups.setdefault(group, []).append(a)
        items = [_milestone_line(item, groups[item], level_words) if item in groups and len(groups[item]) > 1
                 else _("{level} {name}：{message}").format(level=level_words[groups[item][0].level],
                                                          name=groups[item][0].progress.target.name,
                                                          message=phrase(groups[item][0].progress))
                 if item in groups else item for item in items]
        lines.append(_("{unit}：{items}").format(unit=unit, items=_("；").join(items)))
    overdue = [(a.progress.target, a.progress.calendar) for a in found
               if a.progress.stale and a.progress.calendar is not None]
    lines += [_("催报 {line}").format(line=line) for line in chase_lines(overdue, settings,
                                                                        {t.id: t.calendar for t, _v in overdue})]
    return lines


def _unit_of(p: Progress) -> str:
    return p.target.lead or (p.target.owners[0] if p.target.owners else _("未指定牵头单位"))
