"""年度目标完成情况 as a document: Markdown, HTML, CSV, the work-chat text and JSON-ready data.

`kzt report --year-end 2026` writes these; the words and rows come from
year_end_table.py, the page style from documents.py, so the year-end table
reads like the weekly report it sits beside.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Sequence
from datetime import date
from typing import Any

from ..core.year_end import Closing, count_verdicts
from ..i18n import N_, _, current_language
from .cells import csv_row
from .chat import Fits, robot_fits
from .documents import BADGES, CJK_FONTS, HTML_COLOURS, PHONE_CSS, TEXT_COLOURS, VIEWPORT
from .phrases import label
from .shown import shown
from .year_end_rules import notes
from .year_end_table import HEADINGS, closing_phrase, closing_to_dict, grouped, headline, row_cells, verdict_word

COLUMNS = ("name", "verdict", "final", "period", "goal", "phrase")
# The same column widths in every area's table, so the tables line up down the page.
COLGROUP = ('<colgroup><col style="width:22%"><col style="width:9%"><col style="width:9%"><col style="width:9%">'
            '<col style="width:11%"><col style="width:40%"></colgroup>')
CSV_COLUMNS = ("id", "name", "area", "kind", "verdict", "final_value", "unit", "final_period", "target", "share",
               "gap_pp", "phrase", "lead", "rule")
CSV_HEADERS = {"id": N_("编号"), "name": N_("指标"), "area": N_("领域"), "kind": N_("类型"), "verdict": N_("完成情况"),
               "final_value": N_("全年值"), "unit": N_("计量单位"), "final_period": N_("数据期"),
               "target": N_("年度目标"), "share": N_("完成率"), "gap_pp": N_("差距（百分点）"), "phrase": N_("表述"),
               "lead": N_("牵头单位"), "rule": N_("评价方法")}
NOTES_HEADING = N_("说明")


def title_of(name: str, year: int) -> str:
    return _("{name} {year}年度目标完成情况").format(name=name, year=year)


def judged_line(when: date) -> str:
    return _("评估日 {date}（按截至该日录入的数据）").format(date=when.isoformat())


def markdown(closings: Sequence[Closing], name: str, year: int, when: date) -> str:
    lines = [f"# {title_of(name, year)}", "", judged_line(when), "", f"**{headline(closings, year)}**"]
    for area, members in grouped(closings):
        lines += ["", f"## {area}", "", "| " + " | ".join(_(HEADINGS[k]) for k in COLUMNS) + " |",
                  "|---|---|---:|---|---:|---|"]
        for c in members:
            cells = row_cells(c)
            cells["verdict"] = f"{BADGES[c.status]} {cells['verdict']}"
            lines.append("| " + " | ".join(cells[k].replace("|", "\\|") for k in COLUMNS) + " |")
    lines += ["", f"## {_(NOTES_HEADING)}", ""] + [f"{n}. {line}" for n, line in enumerate(notes(closings), start=1)]
    return "\n".join(lines) + "\n"


def html_document(closings: Sequence[Closing], name: str, year: int, when: date, lang: str) -> str:
    esc = html.escape
    top = title_of(name, year)
    parts = [
        "<!DOCTYPE html>", f'<html lang="{"zh-CN" if lang == "zh" else "en"}">', "<head>", '<meta charset="utf-8">',
        VIEWPORT, f"<title>{esc(top)}</title>", "<style>",
        "@page { size: A4 landscape; margin: 8mm 10mm; }",
        PHONE_CSS,
        f"body {{ font-family: {CJK_FONTS}; color: #222; margin: 0 auto; font-size: 10.5pt; line-height: 1.45; }}",
        "h1 { font-size: 16pt; margin: 0 0 4pt; } h2 { font-size: 12pt; margin: 12pt 0 3pt; page-break-after: avoid; }",
        "table { border-collapse: collapse; width: 100%; table-layout: fixed; }"
        " td, th { border: 1px solid #ccc; padding: 2pt 6pt; vertical-align: top; }"
        " th { background: #d9e1f2; text-align: left; } td.num { text-align: right; white-space: nowrap; }"
        " tr { page-break-inside: avoid; }",
        ".verdict { font-weight: bold; white-space: nowrap; } .dot { display: inline-block; width: 8pt;"
        " height: 8pt; border-radius: 50%; margin-right: 4pt; } .span { color: #555; } .counts { font-size: 12pt; }",
        # On a phone each target is a card: its name on top, then each column as 标签：值.
        "@media screen and (max-width: 640px) { table, tbody, tr, td { display: block; width: auto; }"
        " colgroup, tr.head { display: none; } tr { border: 1px solid #ccc; border-radius: 4pt; margin: 0 0 6pt;"
        " padding: 3pt 6pt; } td { border: 0; padding: 1pt 0; text-align: left; } td.num { text-align: left;"
        " white-space: normal; } td[data-label]::before { content: attr(data-label) \"：\"; color: #555;"
        " font-weight: normal; } td:empty { display: none; } td.name { font-weight: bold; font-size: 11pt; } }",
        "</style>", "</head>", "<body>",
        f"<h1>{esc(top)}</h1>", f'<p class="span">{esc(judged_line(when))}</p>',
        f'<p class="counts"><strong>{esc(headline(closings, year))}</strong></p>',
    ]
    for area, members in grouped(closings):
        parts.append(f"<h2>{esc(area)}</h2>")
        heads = "".join(f"<th>{esc(_(HEADINGS[k]))}</th>" for k in COLUMNS)
        # No <thead>: a printed page would repeat it, and the page count would grow.
        parts.append(f'<table>{COLGROUP}<tr class="head">{heads}</tr>')
        for c in members:
            cells = row_cells(c)
            row = []
            for k in COLUMNS:
                heading = esc(_(HEADINGS[k]))
                if k == "verdict":  # the verdict is a word (完成, 未完成 …): the dot only adds its colour
                    row.append(f'<td class="verdict" data-label="{heading}" style="color:{TEXT_COLOURS[c.status]}">'
                               f'<span class="dot" style="background:{HTML_COLOURS[c.status]}"></span>'
                               f'{esc(cells[k])}</td>')
                elif k == "name":
                    row.append(f'<td class="name">{esc(cells[k])}</td>')
                else:
                    numeric = ' class="num"' if k in ("final", "goal") else ""
                    row.append(f'<td{numeric} data-label="{heading}">{esc(cells[k])}</td>')
            parts.append("<tr>" + "".join(row) + "</tr>")
        parts.append("</table>")
    parts.append(f"<h2>{esc(_(NOTES_HEADING))}</h2>")
    parts.append('<ol class="notes">' + "".join(f"<li>{esc(line)}</li>" for line in notes(closings)) + "</ol>")
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"


def csv_document(closings: Sequence[Closing]) -> str:
    """One row per target, with a BOM for Excel; Chinese headers, the stable names in English."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    english = current_language() == "en"
    writer.writerow([column if english else _(CSV_HEADERS[column]) for column in CSV_COLUMNS])
    for c in closings:
        d = closing_to_dict(c)
        cells = row_cells(c)
        writer.writerow(csv_row([d["id"], d["name"], d["area"], label(c.target.kind), cells["verdict"],
                         "" if d["final_value"] is None else d["final_value"], d["unit"], d["final_period"] or "",
                         "" if d["target"] is None else d["target"],
                         "" if d["share"] is None else f"{d['share'] * 100:.1f}%",
                         "" if d["gap_pp"] is None else f"{d['gap_pp']:.{c.digits}f}", d["phrase"], d["lead"] or "",
                         d["rule_text"]]))
    return "\ufeff" + out.getvalue()


def chat_text(closings: Sequence[Closing], name: str, year: int, when: date, where: str = "",
              fits: Fits | None = None) -> str:
    """The year-end text for a WeChat group or a robot: the counts and the 未完成 list (then 基本完成,
    while it fits), and where the full table is. Plain text: 【】 headings, numbered lines, no Markdown.
    It fits the robots' limits (render/chat.robot_fits: 企业微信's 4096 bytes by default)."""
    fits = fits or robot_fits("wecom")
    head = [f"【{title_of(name, year)}】", judged_line(when), headline(closings, year)]
    tail = _("完整表格见{where}").format(where=where) if where else ""
    lines = list(head)
    for verdict in ("not-met", "nearly-met"):
        members = [c for c in closings if c.verdict == verdict]
        if not members:
            continue
        block = [_("【{verdict}（{count}项）】").format(verdict=verdict_word(verdict), count=len(members))]
        for number, c in enumerate(members, start=1):
            item = _("{n}. {badge}{name}：{phrase}").format(n=number, badge=BADGES[c.status], name=c.target.name,
                                                           phrase=closing_phrase(c))
            rest = len(members) - number
            more = [_("……另有{count}项{verdict}").format(count=rest, verdict=verdict_word(verdict))] if rest else []
            if not fits("\n".join([*lines, *block, item, *more, tail])):
                block.append(_("……另有{count}项{verdict}").format(count=rest + 1, verdict=verdict_word(verdict)))
                break
            block.append(item)
        if not fits("\n".join([*lines, *block, tail])):
            lines.append(block[0] + _("（{count}项，见完整表格）").format(count=len(members)))
            break
        lines += block
    if tail:
        lines.append(tail)
    return "\n".join(shown(line) for line in lines) + "\n"  # names and phrases are data


def report_data(closings: Sequence[Closing], name: str, year: int, when: date) -> dict[str, Any]:
    return {"name": name, "year": year, "as_of": when.isoformat(), "counts": count_verdicts(closings),
            "headline": headline(closings, year), "targets": [closing_to_dict(c) for c in closings],
            "notes": notes(closings)}
