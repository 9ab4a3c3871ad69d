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

from rich.cells import cell_len

from ..core.values import format_value
from ..core.year_end import VERDICTS, Closing, count_verdicts
from ..i18n import N_, _
from .data import round_or_none
from .phrases import STATUS_COLOURS, period_words, reference_name_of
from .shown import shown
from .status_table import GAP, Line, _fit, _pad, _plain, _rstrip, console_width, join_cells, plain_stdout

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


def _pp(value: float) -> str:
    return f"{abs(value):.1f}"


def closing_phrase(c: Closing, latest: bool = True) -> str:
    """The standard sentence of the closing, as the office's year-end report writes it."""
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
    if verdict in ("awaiting", "no-data"):
        due = c.due.isoformat() if c.due else ""
        text = (_("待年报：全年数据应于{due}前报送") if verdict == "awaiting"
                else _("无全年数据：应于{due}前报送，至今未录入")).format(due=due)
        if c.final_value is not None and latest:
            text += _("（最新：{period} {value}）").format(period=period_words(t, c.final_period),
                                                       value=format_value(c.final_value, t.unit))
        return text
    value = format_value(c.final_value or 0.0, t.unit)
    if t.kind in ("growth", "relative") and c.gap_pp is not None:
        if not c.reference_name:
            if abs(c.gap_pp) < 0.05:
                return _("全年增长{value}，达到年度目标").format(value=value)
            words = (_("全年增长{value}，高于年度目标{gap}个百分点") if c.gap_pp > 0
                     else _("全年增长{value}，低于年度目标{gap}个百分点"))
            return words.format(value=value, gap=_pp(c.gap_pp))
        against = _("{name}（{reference}）").format(name=reference_name_of(c.reference_name),
                                                  reference=format_value(c.goal or 0.0, t.unit))
        if abs(c.gap_pp) < 0.05:
            return _("全年增长{value}，达到{against}").format(value=value, against=against)
        words = (_("全年增长{value}，高于{against}{gap}个百分点") if c.gap_pp > 0
                 else _("全年增长{value}，低于{against}{gap}个百分点"))
        return words.format(value=value, against=against, gap=_pp(c.gap_pp))
    if t.kind in ("floor", "ceiling"):
        floor = t.kind == "floor"
        if verdict == "met":
            return (_("全年{value}，守住底线") if floor else _("全年{value}，守住控制线")).format(value=value)
        text = (_("全年{value}，未守住底线") if floor else _("全年{value}，未守住控制线")).format(value=value)
        if c.breaches:
            crossed = _("（年内{count}次低于底线）") if floor else _("（年内{count}次超出控制线）")
            text += crossed.format(count=c.breaches)
        return text
    # Quantities: a total over the year is 全年完成; a level (余额, a rate) is read at the year's end.
    lead = (_("全年完成{value}") if t.kind == "cumulative" else _("年末{value}")).format(value=value)
    if c.share is not None:
        return _("{lead}，完成年度目标的{percent}").format(lead=lead, percent=f"{c.share * 100:.1f}%")
    reached = _("达到年度目标") if verdict == "met" else _("未达到年度目标")
    return _("{lead}，{reached}").format(lead=lead, reached=reached)


def closing_to_dict(c: Closing) -> dict[str, Any]:
    """One closing as JSON; the keys are a promise to scripts."""
    t = c.target
    return {
        "id": t.id, "name": t.name, "area": t.area, "kind": t.kind, "unit": t.unit, "year": c.year,
        "verdict": c.verdict, "status": c.status, "target": t.goal,
        # A figure short of the year's last period is the latest, never the year's final one.
        **({"final_value": None, "final_period": None} if c.verdict in ("awaiting", "no-data") else
           {"final_value": c.final_value, "final_period": c.final_period.isoformat() if c.final_period else None}),
        "latest_value": c.final_value, "latest_period": c.final_period.isoformat() if c.final_period else None,
        "share": round_or_none(c.share), "gap_pp": round_or_none(c.gap_pp, 2), "margin": round_or_none(c.margin),
        "breaches": c.breaches if t.kind in ("floor", "ceiling") else None,
        "reference": c.goal if t.kind == "relative" else None,
        "done_on": c.done_on.isoformat() if c.done_on else None,
        "due": c.due.isoformat() if c.due else None,
        "lead": t.lead or None,
        "phrase": closing_phrase(c),
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
            "period": period_words(c.target, c.final_period) if c.target.kind != "milestone" else "",
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
