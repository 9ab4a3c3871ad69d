"""The weekly report in words, shared by every output format."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.progress import Progress
from ..core.reporting_calendar import chase_lines
from ..core.rule_settings import CalendarSettings
from ..core.values import format_number, format_value
from ..core.weekly import Movement, WeeklyReport
from ..i18n import N_, _
from .phrases import label, period_text, phrase

TITLES = {
    "report": N_("目标任务周报"), "span": N_("统计区间"), "to": N_("至"), "headline": N_("总体情况"),
    "moved": N_("本周录入"), "changes": N_("状态变化"), "laggards": N_("落后指标（按严重程度）"),
    "stale": N_("逾期未报（按牵头单位）"), "milestones": N_("节点任务（{days}天内到期或已逾期）"), "none": N_("无"),
    "this_week": N_("本周"), "last_week": N_("上周"), "change": N_("变化"), "stale_count": N_("逾期未报"),
    "not_yet_due_count": N_("未到报送期"),
    "no_figure": N_("暂无数据"), "latest": N_("最新数据"),
}


def title(key: str, lang: str = "", **values: object) -> str:
    return _(TITLES[key]).format(**values)


@dataclass(frozen=True)
class Item:
    progress: Progress
    text: str
    name: str = ""  # what the line is about, when not the target (a 牵头单位 for overdue figures)

    @property
    def title(self) -> str:
        return self.name or self.progress.target.name


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    items: tuple[Item, ...]


def _change(delta: float, unit: str, lang: str = "") -> str:
    sign = "+" if delta >= 0 else "-"
    if unit == "%":
        return f"{sign}{format_number(abs(delta))}" + _("个百分点")
    return sign + format_value(abs(delta), unit)


def _moved_text(m: Movement, lang: str = "") -> str:
    p = m.progress
    unit = p.target.unit
    if p.target.kind == "milestone":
        return _("已完成（{period}）").format(period=p.value_as_of)
    now = format_value(p.value, unit) if p.value is not None else "—"
    delta = m.delta
    if delta is None:
        change = ""
    elif delta == 0:
        change = _("，与上次（{period}）持平").format(period=period_text(m.before))
    else:  # named against the period compared with, which may be a month old: 较上次（2026年1-9月）+600人
        change = _("，较上次（{period}）{change}").format(period=period_text(m.before), change=_change(delta, unit))
    typed = len(m.figures)
    extra = _("（本周录入{count}条）").format(count=typed) if typed > 1 else ""
    # A figure for a period already reported before the week is a revision: say so.
    revised = (m.before.value_as_of is not None and p.value_as_of is not None
               and p.value_as_of <= m.before.value_as_of)
    mark = _("（修订）") if revised else ""
    return _("{value}（{period}）{revised}{change}{extra}；{phrase}").format(
        value=now, period=period_text(p), revised=mark, change=change, extra=extra, phrase=phrase(p))


def overdue_items(report: WeeklyReport, settings: CalendarSettings) -> tuple[Item, ...]:
    """Overdue figures, one line per 牵头单位 (催报):
    `区统计局：规上工业增加值增长、固定资产投资增长（2026年1-10月，逾期3天）`."""
    by_unit: dict[str, list[Progress]] = {}
    for p in report.stale:
        by_unit.setdefault(p.target.lead or (p.target.owners[0] if p.target.owners else _("未指定牵头单位")),
                           []).append(p)
    items = []
    for unit, group in by_unit.items():
        lines = chase_lines([(p.target, p.calendar) for p in group if p.calendar is not None], settings,
                            {p.target.id: p.target.calendar for p in group})
        prefix = _("{unit}：{items}").format(unit=unit, items="")
        for line in lines:
            items.append(Item(group[0], line.removeprefix(prefix), name=unit))
    return tuple(sorted(items, key=lambda i: -max(p.calendar.days_overdue for p in by_unit[i.name]
                                                  if p.calendar is not None)))


def sections(report: WeeklyReport, lang: str = "") -> list[Section]:
    changes = tuple(Item(c.progress, _("{before} → {after}；{phrase}").format(
        before=label(c.before), after=label(c.after), phrase=phrase(c.progress))) for c in report.colour_changes)
    return [
        Section("moved", title("moved"), tuple(Item(m.progress, _moved_text(m)) for m in report.moved)),
        Section("changes", title("changes"), changes),
        Section("laggards", title("laggards"), tuple(Item(p, phrase(p)) for p in report.laggards)),
        Section("stale", title("stale"), overdue_items(report, report.calendar)),
        Section("milestones", title("milestones", days=report.window),
                tuple(Item(p, phrase(p)) for p in report.milestones)),
    ]


def headline_rows(report: WeeklyReport, lang: str) -> list[tuple[str, int, int, str]]:
    rows = []
    for key in ("red", "yellow", "green", "grey", "stale", "not_yet_due"):
        now, before = report.counts[key], report.previous_counts[key]
        name = label(key, lang) if key not in ("stale", "not_yet_due") else title(key + "_count", lang)
        rows.append((name, now, before, f"{now - before:+d}" if now != before else "0"))
    return rows


def heading(report: WeeklyReport, lang: str = "") -> tuple[str, str]:
    return (f"{report.name} — {title('report')}",
            _("{span}：{since} 至 {until}").format(span=title("span"), since=report.since.isoformat(),
                                                   until=report.as_of.isoformat()))
