"""Words: labels in Chinese or English, and the standard phrasing of a
target's progress as the users' own reports write it."""

from __future__ import annotations

from datetime import date, timedelta

from ..progress import Progress
from ..values import format_number, format_value

LABELS = {
    "zh": {
        "name": "指标", "value": "最新值", "completion": "完成", "schedule": "序时", "gap": "差距",
        "status": "状态", "trend": "趋势", "stale": "陈旧", "area": "领域", "kind": "类型",
        "target": "目标", "id": "编号", "period": "期限", "deadline": "截止", "source": "出处",
        "baseline": "基期", "frequency": "频率", "qualifier": "限定", "owners": "责任单位",
        "lead": "牵头单位", "note": "备注", "as_of": "数据期", "recorded_at": "录入时间",
        "by": "录入人", "state": "状态", "superseded": "已被修订", "withdrawn": "已撤回",
        "valid": "有效", "summary": "合计", "figures": "历史数据", "projection": "按当前进度预计",
        "judged": "评估日", "none": "暂无",
        "green": "绿", "yellow": "黄", "red": "红", "grey": "灰",
        "growth": "增速", "cumulative": "累计", "level": "水平", "floor": "底线", "ceiling": "控制线",
        "milestone": "节点", "relative": "相对",
        "monthly": "月度", "quarterly": "季度", "annual": "年度",
    },
    "en": {
        "name": "Target", "value": "Latest", "completion": "Done", "schedule": "Sched.", "gap": "Gap",
        "status": "Status", "trend": "Trend", "stale": "Stale", "area": "Area", "kind": "Kind",
        "target": "Target", "id": "Id", "period": "Period", "deadline": "Deadline", "source": "Source",
        "baseline": "Baseline", "frequency": "Frequency", "qualifier": "Qualifier", "owners": "Owners",
        "lead": "Lead", "note": "Note", "as_of": "As of", "recorded_at": "Recorded", "by": "By",
        "state": "State", "superseded": "superseded", "withdrawn": "withdrawn", "valid": "valid",
        "summary": "Total", "figures": "Figures", "projection": "Projected at current pace",
        "judged": "Judged on", "none": "none",
        "green": "green", "yellow": "yellow", "red": "red", "grey": "grey",
        "growth": "growth", "cumulative": "cumulative", "level": "level", "floor": "floor",
        "ceiling": "ceiling", "milestone": "milestone", "relative": "relative",
        "monthly": "monthly", "quarterly": "quarterly", "annual": "annual",
    },
}

STATUS_COLOURS = {"green": "green", "yellow": "yellow", "red": "red", "grey": "bright_black"}
SPARK = "▁▂▃▄▅▆▇█"


def label(key: str, lang: str) -> str:
    return LABELS.get(lang, LABELS["zh"]).get(key, key)


def sparkline(values: list[float], width: int = 8) -> str:
    values = values[-width:]
    if len(values) < 2:  # one point is not a trend
        return ""
    low, high = min(values), max(values)
    if high == low:
        return SPARK[3] * len(values)
    return "".join(SPARK[int((v - low) / (high - low) * (len(SPARK) - 1))] for v in values)


def trend(p: Progress) -> str:
    """The sparkline of a target's standing figures."""
    return sparkline([v for _, v in p.history])


def percent(fraction: float | None, digits: int = 1) -> str:
    return "—" if fraction is None else f"{fraction * 100:.{digits}f}%"


def value_text(p: Progress) -> str:
    if p.value is None:
        return "—"
    if p.target.kind == "milestone":
        return "已完成" if p.done else "—"
    return format_value(p.value, p.target.unit)


def period_text(p: Progress, lang: str) -> str:
    when = p.value_as_of
    if when is None:
        return ""
    if lang == "zh":
        if when.month == 12 and when.day == 31:
            return f"{when.year}年"
        return f"{when.year}年1-{when.month}月" if _month_end(when) else when.isoformat()
    return when.isoformat()


def _month_end(when: date) -> bool:
    return (when + timedelta(days=1)).day == 1


def phrase(p: Progress, lang: str = "zh") -> str:
    """The standard sentence for a target's progress."""
    t = p.target
    zh = lang == "zh"
    reason = p.reason
    if reason == "unreadable":
        return "数据文件无法读取（运行 kzt verify）" if zh else "figures file unreadable (run kzt verify)"
    if t.kind == "milestone":
        if p.done:
            return "已完成" if zh else "done"
        assert p.due_in_days is not None
        if p.due_in_days < 0:
            return f"已逾期{-p.due_in_days}天" if zh else f"overdue by {-p.due_in_days} days"
        return f"{p.due_in_days}天后到期，尚未完成" if zh else f"due in {p.due_in_days} days, not done"
    if p.value is None:
        return "暂无数据" if zh else "no figure yet"
    if reason == "pending-target":
        return ("目标值待定（" + (t.qualifier or "待下达") + "）") if zh else "target not set yet"
    if reason == "pending-reference":
        return "待参照指标数据" if zh else "waiting for the reference figure"
    if t.kind in ("cumulative", "level") and p.completion is not None:
        scope = "全年目标" if t.period_start.year == t.deadline.year else "规划目标"
        done = f"完成{scope}的{percent(p.completion)}" if zh else f"{percent(p.completion)} of the target"
        if p.schedule is None or p.gap_pp is None:
            return done + ("（无基期，无法比较序时进度）" if zh else " (no baseline, no schedule)")
        gap = abs(p.gap_pp)
        if zh:
            way = "快于" if p.gap_pp > 0 else ("慢于" if p.gap_pp < 0 else "持平")
            tail = f"{way}序时进度{gap:.1f}个百分点" if way != "持平" else "与序时进度持平"
            return f"{done}，{tail}"
        way = "ahead of" if p.gap_pp > 0 else ("behind" if p.gap_pp < 0 else "level with")
        return f"{done}, {gap:.1f} pp {way} schedule" if way != "level with" else f"{done}, on schedule"
    if t.kind in ("growth", "relative") and p.gap_pp is not None:
        value = format_value(p.value, t.unit)
        against = "参照" if t.kind == "relative" else "目标"
        if t.kind == "relative" and p.reference is not None:
            against = f"参照值{format_number(p.reference)}{t.unit}"
        word_en = "the reference" if t.kind == "relative" else "target"
        gap = abs(p.gap_pp)
        if p.gap_pp < 0:
            return f"增速{value}，低于{against}{gap:.1f}个百分点" if zh else \
                f"{value}, {gap:.1f} pp below {word_en}"
        return f"增速{value}，高于{against}{gap:.1f}个百分点" if zh and gap else \
            (f"增速{value}，达到{against}" if zh else f"{value}, {gap:.1f} pp above {word_en}")
    if t.kind in ("floor", "ceiling") and p.margin is not None:
        value = format_value(p.value, t.unit)
        room = format_value(abs(p.margin), t.unit if t.unit != "%" else "个百分点" if zh else " pp")
        line_word = ("底线" if t.kind == "floor" else "控制线") if zh else ("floor" if t.kind == "floor" else "ceiling")
        if p.margin < 0:
            side = ("低于" if t.kind == "floor" else "高于") if zh else ("below" if t.kind == "floor" else "above")
            return f"{value}，{side}{line_word}{room}" if zh else f"{value}, {room} {side} the {line_word}"
        if p.margin == 0:
            return f"{value}，恰在{line_word}上" if zh else f"{value}, exactly on the {line_word}"
        return f"{value}，距{line_word}{room}" if zh else f"{value}, {room} inside the {line_word}"
    return value_text(p)
