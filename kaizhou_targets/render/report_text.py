"""The weekly report in words, shared by every output format."""

from __future__ import annotations

from dataclasses import dataclass

from ..progress import Progress
from ..values import format_number, format_value
from ..weekly import Movement, WeeklyReport
from .phrases import label, period_text, phrase

TITLES = {
    "zh": {"report": "目标任务周报", "span": "统计区间", "to": "至", "headline": "总体情况",
           "moved": "本周录入", "changes": "状态变化", "laggards": "落后指标（按严重程度）",
           "stale": "数据陈旧", "milestones": "节点任务（{days}天内到期或已逾期）", "none": "无",
           "this_week": "本周", "last_week": "上周", "change": "变化", "stale_count": "陈旧",
           "no_figure": "暂无数据", "latest": "最新数据"},
    "en": {"report": "Weekly target report", "span": "Span", "to": "to", "headline": "Headline",
           "moved": "Figures recorded this week", "changes": "Colour changes", "laggards": "Behind, worst first",
           "stale": "Stale figures", "milestones": "Milestones due within {days} days or overdue", "none": "none",
           "this_week": "This week", "last_week": "Last week", "change": "Change", "stale_count": "stale",
           "no_figure": "no figure yet", "latest": "latest figure"},
}


def title(key: str, lang: str, **values: object) -> str:
    return TITLES.get(lang, TITLES["zh"])[key].format(**values)


@dataclass(frozen=True)
class Item:
    progress: Progress
    text: str


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    items: tuple[Item, ...]


def _change(delta: float, unit: str, lang: str) -> str:
    sign = "+" if delta >= 0 else "-"
    if unit == "%":
        return f"{sign}{format_number(abs(delta))}" + ("个百分点" if lang == "zh" else " pp")
    return sign + format_value(abs(delta), unit)


def _moved_text(m: Movement, lang: str) -> str:
    p = m.progress
    unit = p.target.unit
    if p.target.kind == "milestone":
        done = "已完成" if lang == "zh" else "done"
        return f"{done}（{p.value_as_of}）" if lang == "zh" else f"{done} ({p.value_as_of})"
    now = format_value(p.value, unit) if p.value is not None else "—"
    when = period_text(p, lang)
    delta = m.delta
    if delta is None:
        change = ""
    elif delta == 0:
        change = "，与上周持平" if lang == "zh" else ", unchanged"
    elif lang == "zh":
        change = f"，较上周{_change(delta, unit, lang)}"
    else:
        change = f", {_change(delta, unit, lang)} on last week"
    typed = len(m.figures)
    if lang == "zh":
        extra = f"（本周录入{typed}条）" if typed > 1 else ""
        return f"{now}（{when}）{change}{extra}；{phrase(p, lang)}"
    return f"{now} ({when}){change}; {phrase(p, lang)}"


def _stale_text(p: Progress, lang: str) -> str:
    freq = label(p.frequency, lang)
    if p.value_as_of is None:
        return f"{title('no_figure', lang)}（{freq}）" if lang == "zh" else f"{title('no_figure', lang)} ({freq})"
    return (f"{title('latest', lang)} {period_text(p, lang)}（{freq}）" if lang == "zh"
            else f"{title('latest', lang)} {period_text(p, lang)} ({freq})")


def sections(report: WeeklyReport, lang: str) -> list[Section]:
    changes = tuple(Item(c.progress, f"{label(c.before, lang)} → {label(c.after, lang)}；{phrase(c.progress, lang)}"
                         if lang == "zh" else f"{c.before} → {c.after}; {phrase(c.progress, lang)}")
                    for c in report.colour_changes)
    return [
        Section("moved", title("moved", lang), tuple(Item(m.progress, _moved_text(m, lang)) for m in report.moved)),
        Section("changes", title("changes", lang), changes),
        Section("laggards", title("laggards", lang), tuple(Item(p, phrase(p, lang)) for p in report.laggards)),
        Section("stale", title("stale", lang), tuple(Item(p, _stale_text(p, lang)) for p in report.stale)),
        Section("milestones", title("milestones", lang, days=report.window),
                tuple(Item(p, phrase(p, lang)) for p in report.milestones)),
    ]


def headline_rows(report: WeeklyReport, lang: str) -> list[tuple[str, int, int, str]]:
    rows = []
    for key in ("red", "yellow", "green", "grey", "stale"):
        now, before = report.counts[key], report.previous_counts[key]
        name = label(key, lang) if key != "stale" else title("stale_count", lang)
        rows.append((name, now, before, f"{now - before:+d}" if now != before else "0"))
    return rows


def heading(report: WeeklyReport, lang: str) -> tuple[str, str]:
    return (f"{report.name} — {title('report', lang)}",
            f"{title('span', lang)}：{report.since.isoformat()} {title('to', lang)} {report.as_of.isoformat()}"
            if lang == "zh" else f"{title('span', lang)}: {report.since.isoformat()} {title('to', lang)} "
            f"{report.as_of.isoformat()}")
