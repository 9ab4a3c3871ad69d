"""The plan view as one self-contained HTML page: the document's sections, and under each goal a
small SVG chart of its year-end values against the straight path from baseline to goal.

No external assets and no JavaScript: the page is sent on as a file, printed, or opened offline.
"""

from __future__ import annotations

import html
from math import ceil, floor, log10

from ..core.plan_pace import GoalPace
from ..i18n import _, current_language
from .documents import CJK_FONTS, HTML_COLOURS, PHONE_CSS, VIEWPORT
from .plan_layout import PlanDocument
from .plan_words import short, value_of

WIDTH, HEIGHT = 480, 230
LEFT, RIGHT, TOP, BOTTOM = 62, 18, 16, 58   # room for the value labels and the axis titles
SCHEDULE_COLOURS = {"ahead": HTML_COLOURS["green"], "on-pace": HTML_COLOURS["green"], "behind": HTML_COLOURS["red"]}


def _points(goal: GoalPace) -> tuple[list[tuple[int, float]], list[tuple[int, float]]]:
    """(actual, path): the year-end values from the baseline on, and the straight path."""
    actual: list[tuple[int, float]] = []
    path: list[tuple[int, float]] = []
    if goal.form == "level" and goal.baseline is not None:
        actual.append((goal.baseline_year, goal.baseline))
        if goal.goal is not None:
            path.append((goal.baseline_year, goal.baseline))
    for year in goal.series:
        if year.value is not None:
            actual.append((year.year, year.value))
        if year.path is not None:
            path.append((year.year, year.path))
    return actual, path


def _scale(low: float, high: float, count: int = 4) -> tuple[float, float, float]:
    """A round axis around [low, high]: (bottom, top, step) with a step of 1, 2, 2.5 or 5 × 10^k,
    so the ticks read 54, 55, 56 … rather than 54.02, 55.29 …"""
    rough = (high - low) / count or abs(high) / count or 1.0
    magnitude = 10 ** floor(log10(rough))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= rough)
    bottom = floor(low / step) * step
    return bottom, max(ceil(high / step) * step, bottom + step), step


def chart(goal: GoalPace) -> str:
    """The SVG of one goal: years across, values up; the path dashed grey, the actual values solid
    (green on or ahead of the path, red behind), each point labelled with its value."""
    actual, path = _points(goal)
    if not actual and not path:
        return ""
    first = goal.baseline_year if goal.form == "level" else goal.baseline_year + 1
    years = list(range(first, goal.goal_year + 1))
    values = [v for _, v in actual + path]
    margin = (max(values) - min(values)) * 0.08  # room for the labels of the highest and lowest points
    low, high, step = _scale(min(values) - margin, max(values) + margin)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(year: int) -> float:
        return round(LEFT + (year - first) / max(1, len(years) - 1) * plot_w, 1)

    def y(value: float) -> float:
        return round(TOP + (high - value) / (high - low) * plot_h, 1)

    esc = html.escape
    colour = SCHEDULE_COLOURS.get(goal.schedule or "", HTML_COLOURS["grey"])
    unit = goal.target.unit or "—"
    path_word = _("规划要求") if goal.form == "yearly-rate" else _("序时路径")
    actual_word = _("各年增速") if goal.form == "yearly-rate" else _("年末值")
    parts = [f'<svg class="chart" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{esc(goal.target.name)}">',
             f"<title>{esc(goal.target.name)}：{esc(actual_word)} / {esc(path_word)}</title>",
             f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="#fafafa" stroke="#ccc"/>']
    ticks = [low + i * step for i in range(round((high - low) / step) + 1)]
    for tick in ticks:
        parts.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(tick)}" y2="{y(tick)}" stroke="#eee"/>'
                     f'<text x="{LEFT - 5}" y="{y(tick) + 4}" text-anchor="end" class="tick">'
                     f"{esc(short(tick, 6))}</text>")
    for year in years:
        parts.append(f'<text x="{x(year)}" y="{TOP + plot_h + 15}" text-anchor="middle" class="tick">{year}</text>')
    parts.append(f'<text x="{LEFT + plot_w / 2}" y="{TOP + plot_h + 31}" text-anchor="middle" class="axis">'
                 f'{esc(_("年份"))}</text>')
    parts.append(f'<text x="14" y="{TOP + plot_h / 2}" text-anchor="middle" class="axis" '
                 f'transform="rotate(-90 14 {TOP + plot_h / 2})">{esc(_("数值（{unit}）").format(unit=unit))}</text>')
    if path:
        coords = " ".join(f"{x(a)},{y(b)}" for a, b in path)
        parts.append(f'<polyline points="{coords}" fill="none" stroke="#888" stroke-width="1.5" '
                     'stroke-dasharray="5,4"/>')
    if goal.form == "level" and goal.goal is not None:
        parts.append(f'<circle cx="{x(goal.goal_year)}" cy="{y(goal.goal)}" r="4" fill="#fff" stroke="#888" '
                     f'stroke-width="1.5"/><text x="{x(goal.goal_year) - 6}" '
                     f'y="{y(goal.goal) + (16 if goal.target.direction == "down" else -8)}" text-anchor="end" '
                     f'class="value">{esc(_("目标{value}").format(value=value_of(goal, goal.goal)))}</text>')
    if actual:
        coords = " ".join(f"{x(a)},{y(b)}" for a, b in actual)
        parts.append(f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2.2"/>')
        for year, value in actual:
            at_axis = year == first  # the first point's label starts at it, clear of the axis's ticks
            parts.append(f'<circle cx="{x(year)}" cy="{y(value)}" r="3.2" fill="{colour}"/>'
                         f'<text x="{x(year) + (3 if at_axis else 0)}" y="{y(value) - 7}" '
                         f'text-anchor="{"start" if at_axis else "middle"}" class="value">'
                         f"{esc(value_of(goal, value))}</text>")
    legend_y = HEIGHT - 8
    parts.append(f'<line x1="{LEFT}" x2="{LEFT + 24}" y1="{legend_y - 4}" y2="{legend_y - 4}" stroke="{colour}" '
                 f'stroke-width="2.2"/><text x="{LEFT + 30}" y="{legend_y}" class="tick">{esc(actual_word)}</text>'
                 f'<line x1="{LEFT + 130}" x2="{LEFT + 154}" y1="{legend_y - 4}" y2="{legend_y - 4}" stroke="#888" '
                 f'stroke-width="1.5" stroke-dasharray="5,4"/>'
                 f'<text x="{LEFT + 160}" y="{legend_y}" class="tick">{esc(path_word)}</text>')
    parts.append("</svg>")
    return "".join(parts)


STYLE = (
    "@page { size: A4; margin: 12mm; }\n"
    f"{PHONE_CSS}\n"
    f"body {{ font-family: {CJK_FONTS}; color: #222; max-width: 190mm; margin: 0 auto; font-size: 11pt;"
    " line-height: 1.6; }\n"
    "h1 { font-size: 17pt; margin: 0 0 4pt; } h2 { font-size: 13pt; border-bottom: 1px solid #ccc;"
    " margin-top: 16pt; } h3 { font-size: 11.5pt; margin: 12pt 0 2pt; }\n"
    ".subtitle { color: #555; } p { margin: 2pt 0; } section.goal { page-break-inside: avoid; }\n"
    # The chart scales to the page through its viewBox: 480 px wide at most, narrower on a phone.
    "svg.chart { display: block; margin: 4pt 0 8pt; width: 100%; max-width: 480px; height: auto; }"
    " svg .tick { font-size: 10px; fill: #555; }"
    " svg .axis { font-size: 10px; fill: #333; } svg .value { font-size: 10px; fill: #222; }\n"
    f"svg text {{ font-family: {CJK_FONTS}; }}\n"
)


def html_document(document: PlanDocument) -> str:
    esc = html.escape
    lang = "en" if current_language() == "en" else "zh-CN"
    parts = ["<!DOCTYPE html>", f'<html lang="{lang}">', "<head>", '<meta charset="utf-8">', VIEWPORT,
             f"<title>{esc(document.title)}</title>", "<style>", STYLE, "</style>", "</head>", "<body>",
             f"<h1>{esc(document.title)}</h1>", f'<p class="subtitle">{esc(document.subtitle)}</p>']
    for section in document.sections:
        tag = f"h{section.level}"
        if section.goal is not None:
            parts.append(f'<section class="goal" id="{esc(section.goal.target.id)}">')
        parts.append(f"<{tag}>{esc(section.heading)}</{tag}>")
        if section.bullets:
            parts.append("<ul>" + "".join(f"<li>{esc(line)}</li>" for line in section.lines) + "</ul>")
        else:
            parts += [f"<p>{esc(line)}</p>" for line in section.lines]
        if section.goal is not None:
            parts += [chart(section.goal), "</section>"]
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"
