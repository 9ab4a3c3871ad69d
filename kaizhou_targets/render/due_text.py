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

if TYPE_CHECKING:
    from ..core.alerts import Alert

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


def check_lines(found: Sequence[Alert], progress: Sequence[Progress], settings: CalendarSettings,
                level_words: dict[int, str], headline: str, group_by: str | None = None) -> list[str]:
    """What `kzt check` prints when it speaks: one line per target needing action, worst first (or
    one line per 牵头单位 with `group_by="owner"`), then one summary line: the headline and how
    many targets wait for their first due date."""
    if group_by == "owner":
        lines = _owner_lines(found, settings, level_words)
    else:
        lines = []
        for alert in found:
            p = alert.progress
            message = overdue_text(p, settings) if alert.stale_only else phrase(p)
            lines.append(_("{level} {id} {name}：{message}").format(
                level=level_words[alert.level], id=p.target.id, name=p.target.name, message=message))
    waiting = not_yet_due_summary(p.calendar for p in progress if p.calendar is not None)
    lines.append(_("{headline}；{waiting}").format(headline=headline, waiting=waiting) if waiting else headline)
    return lines


def _owner_lines(found: Sequence[Alert], settings: CalendarSettings, level_words: dict[int, str]) -> list[str]:
    """Colour alerts grouped by 牵头单位 (worst unit first), then the 催报 lines of overdue figures."""
    by_unit: dict[str, list[Alert]] = {}
    for alert in found:
        if not alert.stale_only:
            by_unit.setdefault(_unit_of(alert.progress), []).append(alert)
    lines = []
    for unit, alerts in by_unit.items():  # found is worst first, so is the order of first appearance
        items = _("；").join(_("{level} {name}：{message}").format(
            level=level_words[a.level], name=a.progress.target.name, message=phrase(a.progress)) for a in alerts)
        lines.append(_("{unit}：{items}").format(unit=unit, items=items))
    overdue = [(a.progress.target, a.progress.calendar) for a in found
               if a.stale_only and a.progress.calendar is not None]
    lines += [_("催报 {line}").format(line=line) for line in chase_lines(overdue, settings,
                                                                        {t.id: t.calendar for t, _v in overdue})]
    return lines


def _unit_of(p: Progress) -> str:
    return p.target.lead or (p.target.owners[0] if p.target.owners else _("未指定牵头单位"))
