"""The words and the terminal table of the year-end closing (year_end.py): 年度目标完成情况.

The standard phrasing of each closing (全年完成X，完成年度目标的Y%; 全年增长X%，高于年度目标N个百分点;
全年X，守住底线; 已完成（日期）), the verdict words, the JSON record, the headline counts
(完成N项、基本完成N项、未完成N项) and the table `kzt status --year` prints after the year.
The documents (md, html, csv, text, xlsx) are built from these in year_end_documents.py and
year_end_xlsx.py.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from typing import Any

from ..core.judging import measures
from ..core.values import format_value
from ..core.year_end import VERDICTS, Closing, count_verdicts
from ..i18n import N_, _
from .cell_width import cell_len
from .data import round_or_none
from .phrases import STATUS_COLOURS, period_words, reference_name_of
from .shown import shown
from .status_table import GAP, Line, _fit, _pad, _plain, _rstrip, console_width, join_cells, plain_stdout
from .year_end_rules import rule_text, rule_to_dict

VERDICT_WORDS = {
    "met": N_("完成"), "nearly-met": N_("基本完成"), "not-met": N_("未完成"), "ongoing": N_("持续推进"),
    "awaiting": N_("待年报"), "no-data": N_("无数据"), "pending-target": N_("目标待定"),
}
# Headings of the closing table, in order; msgids.
HEADINGS = {"name": N_("指标"), "verdict": N_("完成情况"), "final": N_("全年值"), "period": N_("数据期"),
            "goal": N_("年度目标"), "phrase": N_("表述")}


NAME_WIDTH = 30  # cells a name may take when the table must fit a width; longer names are cut with …


def verdict_word(verdict: str) -> str:
    return _(VERDICT_WORDS[verdict])


def final_text(c: Closing) -> str:
    """The 全年值 cell: the year's own figure only; empty (—) while it is awaited or missing."""
    if c.target.kind == "milestone":
        return _("已完成") if c.verdict == "met" else "—"
    return "—" if c.final_value is None else format_value(c.final_value, c.target.unit)


def goal_text(c: Closing) -> str:
    t = c.target
    if t.kind == "milestone":
        return "—"
    if t.kind == "relative" and t.relative_to:
        return t.qualifier or "—"  # 同步: the reference's rate is the goal
    if t.goal is None:
        return _("待定")
    return format_value(t.goal, t.unit) + (f" {t.qualifier}" if t.qualifier else "")


def _pp(value: float, digits: int = 1) -> str:
    return f"{abs(value):.{digits}f}"


def closing_phrase(c: Closing, latest: bool = True) -> str:
    """The standard sentence of the closing, as the office's year-end report writes it: where the
    year's figure stands against the goal, in the words of the target's own rule (judging.py)."""
    t = c.target
    verdict = c.verdict
    if t.kind == "milestone":
        if verdict == "met":
            return _("已完成（{date}）").format(date=c.done_on.isoformat() if c.done_on else "")
        if verdict == "ongoing":
            return _("持续推进（报告只承诺推进，年内未记录到位）")
        if c.done_on is not None:
            return _("年内未完成（{date}记录完成）").format(date=c.done_on.isoformat())
        return _("未完成")
    if verdict == "pending-target":
        return _("目标待定（年度目标未填写）")
    if verdict in ("awaiting", "no-data") or c.final_value is None:
        due = c.due.isoformat() if c.due else ""
        text = (_("待年报：全年数据应于{due}前报送") if verdict == "awaiting"
                else _("无全年数据：应于{due}前报送，至今未录入")).format(due=due)
        if c.latest_value is not None and latest:
            text += _("（最新：{period} {value}）").format(period=period_words(t, c.latest_period),
                                                       value=format_value(c.latest_value, t.unit))
        return text
    if c.rule.arithmetic == "rate":
        return _rate_phrase(c, c.final_value)
    if c.rule.line:
        return _line_phrase(c, c.final_value)
    return _quantity_phrase(c, c.final_value)


def _rate_words(value: float, unit: str) -> str:
    """增长5.8% / 下降2.1%: a rate as the reports say it, never 增长-2.1%."""
    size = format_value(abs(value), unit)
    return (_("增长{size}") if value >= 0 else _("下降{size}")).format(size=size)


def _rate_phrase(c: Closing, value: float) -> str:
    """全年增长5.8%，低于年度目标0.2个百分点 / 全年下降3.2%，比年度目标（下降3.5%）少降0.3个百分点:
    高于/低于 where the figure stands, whichever way the target wants it to go."""
    t = c.target
    goal = c.goal if c.goal is not None else 0.0
    gap = round(value - goal, c.digits)
    size = _pp(gap, c.digits)
    lead = _("全年{rate}").format(rate=_rate_words(value, t.unit))
    if c.reference_name:
        against = _("{name}（{reference}）").format(name=reference_name_of(c.reference_name),
                                                  reference=format_value(goal, t.unit))
    elif value < 0 or goal < 0:
        against = _("年度目标（{rate}）").format(rate=_rate_words(goal, t.unit))
    else:
        against = ""
    if gap == 0:
        text = (_("{lead}，达到{against}").format(lead=lead, against=against) if against
                else _("{lead}，达到年度目标").format(lead=lead))
    elif not against:
        words = _("{lead}，高于年度目标{gap}个百分点") if gap > 0 else _("{lead}，低于年度目标{gap}个百分点")
        text = words.format(lead=lead, gap=size)
    elif value < 0 and goal < 0:
        words = _("{lead}，比{against}少降{gap}个百分点") if gap > 0 else _("{lead}，比{against}多降{gap}个百分点")
        text = words.format(lead=lead, against=against, gap=size)
    else:
        words = _("{lead}，高于{against}{gap}个百分点") if gap > 0 else _("{lead}，低于{against}{gap}个百分点")
        text = words.format(lead=lead, against=against, gap=size)
    return text + _within(c, gap)


def _within(c: Closing, gap: float) -> str:
    """（在“左右”0.2个百分点以内）: a 左右 target short of its goal but within its tolerance."""
    t = c.target
    if c.verdict != "met" or "左右" not in t.qualifier or gap == 0 or not c.rule.tolerance:
        return ""
    up = t.direction == "up"
    if (gap > 0) == up:
        return ""
    unit = _("个百分点") if c.rule.arithmetic in ("rate", "points") else t.unit
    return _("（在“左右”{tolerance}以内）").format(tolerance=format_value(c.rule.tolerance, unit))


def _lead(c: Closing, value: float) -> str:
    """全年完成7,420人 (a total over the year) / 年末98亿元 (a balance, a stock) / 全年56.8% (a rate)."""
    t = c.target
    figure = format_value(value, t.unit)
    if t.kind == "cumulative":
        return _("全年完成{value}").format(value=figure)
    if t.kind == "level" or (measures(t) == "stock" and t.unit != "%"):  # a level is read at the year's end
        return _("年末{value}").format(value=figure)
    return _("全年{value}").format(value=figure)


def _strict_short(c: Closing, value: float) -> str:
    """，与年度目标持平，未实现“超”: exactly on a goal that asks to exceed it."""
    t = c.target
    if not c.rule.strict or c.goal is None or value != c.goal:
        return ""
    word = _("突破") if "突破" in t.qualifier else (_("下降") if "下降" in t.qualifier else _("超"))
    return _("，与年度目标持平，未实现“{word}”").format(word=word)


def _quantity_phrase(c: Closing, value: float) -> str:
    """A total, a balance or a rate-level: 全年完成7,420人，完成年度目标的101.6% / 年末98亿元，完成年度
    目标的98.0%（上年末75.7亿元） / 年末77.5%，低于年度目标2.5个百分点."""
    lead = _lead(c, value)
    strict = _strict_short(c, value)
    if c.rule.arithmetic == "points" and c.goal is not None:
        gap = round(value - c.goal, c.digits)
        if strict:
            text = lead + strict
        elif gap == 0:
            text = _("{lead}，达到年度目标").format(lead=lead)
        else:
            words = _("{lead}，高于年度目标{gap}个百分点") if gap > 0 else _("{lead}，低于年度目标{gap}个百分点")
            text = words.format(lead=lead, gap=_pp(gap, c.digits))
        return text + _within(c, gap) + _baseline_beside(c, value)
    if c.share is not None:
        text = _("{lead}，完成年度目标的{percent}").format(lead=lead, percent=f"{c.share * 100:.1f}%") + strict
    else:
        reached = _("达到年度目标") if c.verdict == "met" else _("未达到年度目标")
        text = _("{lead}，{reached}").format(lead=lead, reached=reached)
    gap = value - (c.goal or 0.0)
    return text + _within(c, gap) + _baseline_beside(c, value)


def _baseline_beside(c: Closing, value: float) -> str:
    """The baseline beside the year's figure, never as the start of the task: （上年末75.7亿元） for a
    stock; ，低于2025年的346天 for a 左右 target below it (never 基本完成)."""
    t = c.target
    if t.baseline is None:
        return ""
    year = t.baseline_date.year if t.baseline_date else t.period_start.year - 1
    base = format_value(t.baseline, t.unit)
    if c.rule.not_below is not None:
        worse = value < t.baseline if t.direction == "up" else value > t.baseline
        return _("，低于{year}年的{baseline}").format(year=year, baseline=base) if worse else ""
    if measures(t) == "stock" and t.kind == "level":
        return _("（上年末{baseline}）").format(baseline=base)
    return ""


def _line_phrase(c: Closing, value: float) -> str:
    """全年5.1%，守住控制线 / 年末3,100亿元，守住底线（年内2次低于底线，按全年数评价） / 全年94.6%，低于
    底线0.4个百分点 / 全年下降2.1%，实现下降."""
    t = c.target
    floor = t.kind == "floor"
    if "下降" in t.qualifier:
        if value < 0:
            return _("全年下降{size}，实现下降").format(size=format_value(-value, t.unit))
        if value == 0:
            return _("全年持平，未实现下降")
        return _("全年上升{size}，未实现下降").format(size=format_value(value, t.unit))
    lead = _lead(c, value)
    margin = c.margin if c.margin is not None else 0.0
    every = c.rule.judged == "every-reading"
    if c.verdict == "met":
        text = (_("{lead}，守住底线") if floor else _("{lead}，守住控制线")).format(lead=lead)
        if c.breaches:
            crossed = (_("（年内{count}次低于底线，按全年数评价）") if floor
                       else _("（年内{count}次超出控制线，按全年数评价）"))
            text += crossed.format(count=c.breaches)
        return text
    if every and c.breaches and margin >= 0:
        text = (_("{lead}，未守住底线") if floor else _("{lead}，未守住控制线")).format(lead=lead)
    else:
        digits = c.digits if t.unit == "%" else 2
        size = round(abs(margin), digits)
        room = format_value(size, _("个百分点") if t.unit == "%" else t.unit)
        text = (_("{lead}，低于底线{room}") if floor else _("{lead}，超出控制线{room}")).format(lead=lead, room=room)
    if every and c.breaches:
        crossed = _("（年内{count}次低于底线）") if floor else _("（年内{count}次超出控制线）")
        text += crossed.format(count=c.breaches)
    return text


def closing_to_dict(c: Closing) -> dict[str, Any]:
    """One closing as JSON; the keys are a promise to scripts."""
    t = c.target
    return {
        "id": t.id, "name": t.name, "area": t.area, "kind": t.kind, "unit": t.unit, "year": c.year,
        "verdict": c.verdict, "status": c.status, "target": t.goal,
        # The year's own figure only; the latest of the year beside it, never mistaken for it.
        "final_value": c.final_value, "final_period": c.final_period.isoformat() if c.final_period else None,
        "latest_value": c.latest_value, "latest_period": c.latest_period.isoformat() if c.latest_period else None,
        "share": round_or_none(c.share), "gap_pp": round_or_none(c.gap_pp, 2), "margin": round_or_none(c.margin),
        "breaches": c.breaches if t.kind in ("floor", "ceiling") else None,
        "reference": c.goal if t.kind == "relative" else None,
        "done_on": c.done_on.isoformat() if c.done_on else None,
        "due": c.due.isoformat() if c.due else None,
        "lead": t.lead or None,
        "phrase": closing_phrase(c),
        "rule": rule_to_dict(c),
        "rule_text": rule_text(t, c.rule),
    }


def counts_text(closings: Sequence[Closing]) -> str:
    """完成N项、基本完成N项、未完成N项, then whatever else there is (待年报N项 …)."""
    counts = count_verdicts(closings)
    listed = [v for v in VERDICTS if v in ("met", "nearly-met", "not-met") or counts[v]]
    return _("、").join(_("{verdict}{count}项").format(verdict=verdict_word(v), count=counts[v]) for v in listed)


def headline(closings: Sequence[Closing], year: int) -> str:
    return _("{year}年度目标{total}项：{counts}").format(year=year, total=len(closings), counts=counts_text(closings))


def row_cells(c: Closing, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The cells of one row: verdict, final value, its period, the goal and the phrase."""
    phrase = closing_phrase(c)
    if extra and c.target.id in extra and c.verdict in ("awaiting", "no-data"):
        # The progress so far, judged by its own period, says more than the latest figure alone.
        phrase = closing_phrase(c, latest=False) + _("；{more}").format(more=extra[c.target.id])
    return {"name": c.target.name, "verdict": verdict_word(c.verdict), "final": final_text(c),
            "period": period_words(c.target, c.final_period) if c.target.kind != "milestone" else "",  # the year's only
            "goal": goal_text(c), "phrase": phrase}


def grouped(closings: Sequence[Closing], group_by: str = "area") -> list[tuple[str, list[Closing]]]:
    """The closings under their work areas (or 牵头单位), in the ledger's order, as the report groups them."""
    groups: dict[str, list[Closing]] = {}
    for c in closings:
        key = c.target.area if group_by != "owner" else (
            c.target.lead or (c.target.owners[0] if c.target.owners else _("未指定牵头单位")))
        groups.setdefault(key, []).append(c)
    return sorted(groups.items()) if group_by == "owner" else list(groups.items())


def closing_lines(closings: Sequence[Closing], heading: str, limit: int | None,
                  extra: Mapping[str, str] | None = None, group_by: str = "area") -> list[Line]:
    """The closing table's lines, grouped by area, with the verdict coloured; `limit` cells wide."""
    keys = ["name", "verdict", "final", "period", "goal", "phrase"]
    rights = {"final", "goal"}
    headers = {k: _(HEADINGS[k]) for k in keys}
    rows = [{k: shown(v) for k, v in row_cells(c, extra).items()} for c in closings]  # names are data
    widths = {k: max([cell_len(headers[k])] + [cell_len(r[k]) for r in rows]) for k in keys}
    if limit is not None:
        widths["name"] = min(widths["name"], NAME_WIDTH)
        others = sum(widths[k] + GAP for k in keys if k != "phrase")
        widths["phrase"] = max(12, min(widths["phrase"], limit - others))
    lines: list[Line] = [[(shown(heading), "bold")]] if heading else []
    lines.append(join_cells([_pad([(headers[k], "bold")], widths[k], "right" if k in rights else "left")
                             for k in keys]))
    by_id = {c.target.id: r for c, r in zip(closings, rows, strict=True)}
    for area, members in grouped(closings, group_by):
        lines.append([(f"【{shown(area)}】", "bold cyan")])
        for c in members:
            cells = by_id[c.target.id]
            parts: list[Line] = []
            for k in keys:
                text = _fit(cells[k], widths[k]) if k in ("name", "phrase") else cells[k]
                style = STATUS_COLOURS.get(c.status, "") if k == "verdict" else ""
                parts.append(_pad([(text, style)], widths[k], "right" if k in rights else "left"))
            lines.append(join_cells(parts))
    lines.append([(headline(closings, closings[0].year) if closings else _("没有年度目标。"), "")])
    return [_rstrip(line) for line in lines]


def print_closing(closings: Sequence[Closing], heading: str, extra: Mapping[str, str] | None = None,
                  group_by: str = "area") -> None:
    """The closing table on stdout: plain text when piped, rich colours on a terminal."""
    import os

    if plain_stdout():
        limit = console_width() if os.environ.get("COLUMNS") else None
        lines = closing_lines(closings, heading, limit, extra, group_by)
        sys.stdout.write("\n".join(_plain(line) for line in lines) + "\n")
        sys.stdout.flush()
        return
    from rich.text import Text

    from .console import console, table_width

    out = console()
    texts = [Text.assemble(*line) for line in closing_lines(closings, heading, table_width(out), extra, group_by)]
    out.print(Text("\n").join(texts), crop=False, overflow="ignore", no_wrap=True)
