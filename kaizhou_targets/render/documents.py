"""The weekly report as Markdown, HTML, CSV and JSON-ready data."""

from __future__ import annotations

import csv
import html
import io
from typing import Any

from ..core.progress import Progress
from ..core.weekly import WeeklyReport
from ..i18n import N_, _, current_language
from .cells import csv_row
from .data import progress_to_dict
from .phrases import completion_text, label, percent, phrase, trend
from .report_text import heading, headline_rows, sections, title

BADGES = {"red": "🔴", "yellow": "🟡", "green": "🟢", "grey": "⚪"}
HTML_COLOURS = {"red": "#c62828", "yellow": "#e0a100", "green": "#2e7d32", "grey": "#9e9e9e"}
CJK_FONTS = ('"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", '
             '"Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif')


def markdown(report: WeeklyReport, lang: str) -> str:
    top, span = heading(report, lang)
    lines = [f"# {top}", "", span, "", f"## {title('headline', lang)}", "",
             f"| | {title('this_week', lang)} | {title('last_week', lang)} | {title('change', lang)} |",
             "|---|---:|---:|---:|"]
    lines += [f"| {name} | {now} | {before} | {change} |" for name, now, before, change in headline_rows(report, lang)]
    for section in sections(report, lang):
        lines += ["", f"## {section.heading}", ""]
        if not section.items:
            lines.append(f"- {title('none', lang)}")
        for item in section.items:
            line = trend(item.progress)
            sep = "：" if lang == "zh" else ": "
            lines.append(f"- {BADGES[item.progress.status]} **{item.title}**{sep}{item.text}"
                         + (f" `{line}`" if line else ""))
    return "\n".join(lines) + "\n"


def svg_sparkline(p: Progress, width: int = 96, height: int = 24) -> str:
    """A small inline chart of the figures, with the target line where it fits."""
    points = [v for _, v in p.history]
    colour = HTML_COLOURS[p.status]
    if len(points) < 2:  # one point is not a trend
        return ""
    goal = p.target.goal if p.target.kind in ("floor", "ceiling", "level") else None
    low = min([*points, *([goal] if goal is not None else [])])
    high = max([*points, *([goal] if goal is not None else [])])
    span = (high - low) or 1.0

    def y(v: float) -> float:
        return round(height - 3 - (v - low) / span * (height - 6), 1)

    step = (width - 6) / max(1, len(points) - 1)
    coords = " ".join(f"{round(3 + i * step, 1)},{y(v)}" for i, v in enumerate(points))
    target_line = (f'<line x1="0" x2="{width}" y1="{y(goal)}" y2="{y(goal)}" stroke="#999" '
                   'stroke-dasharray="3,2" stroke-width="1"/>') if goal is not None else ""
    last_x, last_y = coords.split()[-1].split(",")
    return (f'<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'role="img" aria-label="{html.escape(label("trend"))}">{target_line}'
            f'<polyline fill="none" stroke="{colour}" stroke-width="1.5" points="{coords}"/>'
            f'<circle cx="{last_x}" cy="{last_y}" r="2" fill="{colour}"/></svg>')


# Dark enough to read as text on white, and printed whether or not the printer prints backgrounds.
TEXT_COLOURS = {"red": "#b71c1c", "yellow": "#8a6100", "green": "#1b5e20", "grey": "#616161"}
VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">'
# What every page shares on a phone: no sideways scrolling (long words and numbers break), and the
# status as a word in a box (红/黄/绿/灰), readable on a black-and-white print as well as in colour.
# (Screen only: the printed page keeps the layout its page count was measured with.)
PHONE_CSS = (
    "@media screen { *, *::before, *::after { box-sizing: border-box; }"
    " html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; } body { overflow-wrap: anywhere; } }"
    " .badge { display: inline-block; min-width: 1.9em; padding: 0 0.3em; border: 1.5px solid currentColor;"
    " border-radius: 0.3em; font-weight: bold; font-size: 0.85em; line-height: 1.35; text-align: center;"
    " flex: none; }"
    " @media screen and (max-width: 640px) { body { padding: 0 10px; } }"
)


def status_badge(status: str, lang: str) -> str:
    """The status as a word in a box of its colour: 红 黄 绿 灰 (red yellow green grey)."""
    word = html.escape(label(status, lang))
    return f'<span class="badge {status}" style="color:{TEXT_COLOURS[status]}" title="{word}">{word}</span>'


def html_document(report: WeeklyReport, lang: str) -> str:
    top, span = heading(report, lang)
    esc = html.escape
    parts = [
        "<!DOCTYPE html>", f'<html lang="{"zh-CN" if lang == "zh" else "en"}">', "<head>", '<meta charset="utf-8">',
        VIEWPORT, f"<title>{esc(top)}</title>",
        "<style>",
        "@page { size: A4; margin: 8mm 10mm; }",
        PHONE_CSS,
        f"body {{ font-family: {CJK_FONTS}; color: #222; max-width: 190mm; margin: 0 auto; font-size: 11pt;"
        " line-height: 1.5; }",
        "h1 { font-size: 17pt; margin: 0 0 4pt; } h2 { font-size: 13pt; border-bottom: 1px solid #ccc;"
        " padding-bottom: 2pt; margin-top: 14pt; page-break-after: avoid; }",
        "table.counts { border-collapse: collapse; } table.counts td, table.counts th { border: 1px solid #ccc;"
        " padding: 2pt 8pt; text-align: right; } table.counts th:first-child, table.counts td:first-child"
        " { text-align: left; }",
        "ul { padding-left: 0; list-style: none; } li { margin: 3pt 0; page-break-inside: avoid; display: flex;"
        " flex-wrap: wrap; gap: 2pt 8pt; align-items: center; }",
        ".name { font-weight: bold; } .text { flex: 1 1 16em; min-width: 0; } .spark { flex: none; }",
        "@media screen and (min-width: 641px) { .name { white-space: nowrap; } }",
        # On a phone: the badge, the name and the trend on one line, the text under them.
        "@media screen and (max-width: 640px) { .name { flex: 1 1 0; min-width: 0; } .spark { order: 2; }"
        " .text { order: 3; flex-basis: 100%; } h1 { font-size: 15pt; } }",
        ".span { color: #555; }",
        # On paper the week fits one A4 page: small type, the lists in two columns.
        "@media print { body { font-size: 7pt; line-height: 1.2; } p { margin: 0; } h1 { font-size: 12pt; }"
        " h2 { font-size: 8.5pt; margin: 4pt 0 1pt; column-span: all; } ul { columns: 2; column-gap: 12pt;"
        " margin: 0; } li { display: block; margin: 0 0 1pt; break-inside: avoid; } .name { white-space: normal;"
        " margin-right: 3pt; } .badge { margin-right: 3pt; font-size: 6pt; border-width: 0.8px; line-height: 1.2;"
        " min-width: 0; } .spark { width: 40px;"
        " height: 10px; vertical-align: middle; margin-left: 3pt; } .span { margin: 0; }"
        " table.counts td, table.counts th { padding: 0 6pt; } }",
        "</style>", "</head>", "<body>",
        f"<h1>{esc(top)}</h1>", f'<p class="span">{esc(span)}</p>',
        f"<h2>{esc(title('headline', lang))}</h2>",
        f'<table class="counts"><tr><th></th><th>{esc(title("this_week", lang))}</th>'
        f'<th>{esc(title("last_week", lang))}</th><th>{esc(title("change", lang))}</th></tr>',
    ]
    for name, now, before, change in headline_rows(report, lang):
        parts.append(f"<tr><td>{esc(name)}</td><td>{now}</td><td>{before}</td><td>{esc(change)}</td></tr>")
    parts.append("</table>")
    for section in sections(report, lang):
        parts.append(f"<h2>{esc(section.heading)}</h2>")
        if not section.items:
            parts.append(f"<p>{esc(title('none', lang))}</p>")
            continue
        parts.append("<ul>")
        for item in section.items:
            p = item.progress
            parts.append(
                f'<li>{status_badge(p.status, lang)}<span class="name">{esc(item.title)}</span>'
                f'<span class="text">{esc(item.text)}</span>{svg_sparkline(p)}</li>')
        parts.append("</ul>")
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"


CSV_COLUMNS = ("id", "name", "area", "kind", "status", "stale", "value", "unit", "as_of", "target", "completion",
               "schedule", "gap_pp", "phrase", "previous_status", "moved_this_week")
# The header row people read in Excel: Chinese by default, English with --lang en (JSON keys stay English).
CSV_HEADERS = {
    "id": N_("编号"), "name": N_("指标"), "area": N_("领域"), "kind": N_("类型"), "status": N_("状态"),
    "stale": N_("陈旧"), "value": N_("最新值"), "unit": N_("计量单位"), "as_of": N_("数据期"), "target": N_("目标"),
    "completion": N_("完成率"), "schedule": N_("序时进度"), "gap_pp": N_("差距（百分点）"), "phrase": N_("进度表述"),
    "previous_status": N_("上周状态"), "moved_this_week": N_("本周有录入"),
}


def csv_document(report: WeeklyReport, lang: str) -> str:
    """One row per target; written with a BOM so Excel on a Chinese Windows reads UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    # In English the header is the stable column names scripts already read; in Chinese, the words of the 台账.
    english = current_language() == "en"
    writer.writerow([column if english else _(CSV_HEADERS[column]) for column in CSV_COLUMNS])
    changed = {c.progress.target.id: c.before for c in report.colour_changes}
    moved = {m.progress.target.id for m in report.moved}
    for p in report.progress:
        d = progress_to_dict(p)
        writer.writerow(csv_row([d["id"], d["name"], d["area"], label(p.target.kind, lang), label(p.status, lang),
                         "1" if p.stale else "", d["value"] if d["value"] is not None else "", d["unit"],
                         d["as_of"] or "", d["target"] if d["target"] is not None else "",
                         completion_text(p, lang) if p.completion is not None else "",
                         percent(p.schedule) if p.schedule is not None else "",
                         f"{p.gap_pp:.1f}" if p.gap_pp is not None else "", phrase(p, lang),
                         label(changed[p.target.id], lang) if p.target.id in changed else "",
                         "1" if p.target.id in moved else ""]))
    return "\ufeff" + out.getvalue()


def report_data(report: WeeklyReport, lang: str) -> dict[str, Any]:
    return {
        "name": report.name,
        "as_of": report.as_of.isoformat(),
        "since": report.since.isoformat(),
        "counts": report.counts,
        "previous_counts": report.previous_counts,
        "moved": [{**progress_to_dict(m.progress), "previous_value": m.before.value, "delta": m.delta,
                   "figures": len(m.figures)} for m in report.moved],
        "colour_changes": [{"id": c.progress.target.id, "name": c.progress.target.name, "before": c.before,
                            "after": c.after} for c in report.colour_changes],
        "laggards": [{**progress_to_dict(p), "phrase": phrase(p, lang)} for p in report.laggards],
        "stale": [progress_to_dict(p) for p in report.stale],
        "milestones": [progress_to_dict(p) for p in report.milestones],
        "targets": [progress_to_dict(p) for p in report.progress],  # every target, as status --json
    }
