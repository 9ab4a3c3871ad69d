"""The short plain-text forms for the work chat, and the robots' JSON bodies.

WeChat and the robots' text messages do not render Markdown, so the text
uses 【】 headings, numbered lines and 🔴🟡🟢 — nothing else. Items go in
priority order (laggards, colour changes, milestones, stale figures, what
was recorded) until the text is as long as it may be; the rest is counted
in a last line "完整报告另有N项". Each robot's body keeps its own size limit;
a text that still does not fit is cut at a line with "完整报告见…".
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..core.alerts import Alert
from ..core.rule_settings import DEFAULT_CALENDAR, CalendarSettings
from ..core.weekly import WeeklyReport
from ..i18n import N_, _
from .due_text import alert_message
from .phrases import phrase
from .report_text import sections

BADGES = {"red": "🔴", "yellow": "🟡", "green": "🟢", "grey": "⚪"}
TEXT_LIMIT = 1500  # characters: what a person reads in a chat window without scrolling far
SECTION_PRIORITY = ("laggards", "changes", "milestones", "stale", "moved")

Fits = Callable[[str], bool]


def fits_characters(limit: int = TEXT_LIMIT) -> Fits:
    return lambda text: len(text) <= limit


def fits_bytes(limit: int) -> Fits:
    return lambda text: len(text.encode("utf-8")) <= limit


def _separator(lang: str) -> str:
    return "：" if lang == "zh" else ": "


def _more_line(omitted: int, where: str) -> str:
    if where:
        return _("完整报告另有{count}项，见{where}").format(count=omitted, where=where)
    return _("完整报告另有{count}项").format(count=omitted)


def _assemble(head: list[str], blocks: Sequence[tuple[str, Sequence[str]]], fits: Fits, where: str,
              none_line: str) -> str:
    """Head lines, then each block's heading and numbered lines while the text fits."""
    total = sum(len(lines) for _heading, lines in blocks)
    lines = list(head)
    included = 0
    full = False
    for heading, items in blocks:
        if full or not items:
            continue
        block: list[str] = [heading] if heading else []
        start = len(block)
        for number, item in enumerate(items, start=1):
            trial = [*lines, *block, f"{number}. {item}"]
            tail = [_more_line(total - included - 1, where)] if total - included - 1 else []
            if not fits("\n".join(trial + tail)):
                full = True
                break
            block.append(f"{number}. {item}")
            included += 1
        if len(block) > start:
            lines += block
    if total == 0:
        lines.append(none_line)
    elif included < total:
        lines.append(_more_line(total - included, where))
    return "\n".join(lines)


def report_text(report: WeeklyReport, lang: str, fits: Fits | None = None, where: str = "") -> str:
    """The weekly report as a chat message."""
    counts, before = report.counts, report.previous_counts
    tally = " ".join(f"{BADGES[s]}{counts[s]}" for s in ("red", "yellow", "green", "grey"))
    previous = " ".join(f"{BADGES[s]}{before[s]}" for s in ("red", "yellow", "green", "grey"))
    head = [
        _("【{name}】目标任务周报").format(name=report.name),
        _("统计区间：{since}至{until}").format(since=report.since.isoformat(), until=report.as_of.isoformat()),
        _("【总体情况】{tally}，逾期未报{stale}项，未到报送期{waiting}项（上周 {previous}）").format(
            tally=tally, stale=counts["stale"], waiting=counts["not_yet_due"], previous=previous),
    ]
    by_key = {s.key: s for s in sections(report, lang)}
    blocks = []
    for key in SECTION_PRIORITY:
        section = by_key[key]
        items = []
        for item in section.items:
            p = item.progress
            badge = BADGES[p.status]
            if key == "changes":
                change = next(c for c in report.colour_changes if c.progress is p)
                badge = f"{BADGES[change.before]}→{BADGES[change.after]}"
                text = phrase(p, lang)
            else:
                text = item.text
            items.append(f"{badge} {item.title}{_separator(lang)}{text}")
        blocks.append((f"【{section.heading}】", items))
    return _assemble(head, blocks, fits or fits_characters(), where, _("本周没有落后、陈旧或到期的事项。"))


def alerts_text(alerts: Sequence[Alert], name: str, as_of: date, lang: str, fits: Fits | None = None,
                where: str = "", calendar: CalendarSettings = DEFAULT_CALENDAR) -> str:
    """The check's alerts as a chat message: a count, then one numbered line each."""
    red = sum(1 for a in alerts if a.progress.status == "red")
    head = [
        _("【{name}】目标预警 {date}").format(name=name, date=as_of.isoformat()),
        _("{count}项需关注：🔴{red}项 🟡{other}项").format(count=len(alerts), red=red, other=len(alerts) - red),
    ]
    items = []
    for alert in alerts:
        p = alert.progress
        text = alert_message(alert, calendar, lang)
        items.append(f"{BADGES[p.status] if not alert.stale_only else '🟡'} {p.target.name}{_separator(lang)}{text}")
    return _assemble(head, [("", items)], fits or fits_characters(), where, "").rstrip("\n")


# --- the robots ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Robot:
    """One robot message format: its JSON shape and how long its text may be (UTF-8 bytes)."""

    key: str
    name: str
    limit: int


# 企业微信: markdown content ≤ 4096 bytes, text content ≤ 2048 bytes (its documented limits).
# 钉钉 and 飞书 accept more (飞书: a 20 KB body); kzt keeps them to 4096 bytes too: the chat
# form is meant to be read on a phone.
ROBOTS = {
    "wecom": Robot("wecom", N_("企业微信"), 4096),
    "wecom-text": Robot("wecom-text", N_("企业微信"), 2048),
    "dingtalk": Robot("dingtalk", N_("钉钉"), 4096),
    "feishu": Robot("feishu", N_("飞书"), 4096),
    "feishu-text": Robot("feishu-text", N_("飞书"), 4096),
}


def cut_to(text: str, fits: Fits, where: str) -> str:
    """`text` whole if it fits, else as many whole lines as fit and a "完整报告见…" line."""
    if fits(text):
        return text
    tail = _("……完整报告见{where}").format(where=where or "kzt report")
    lines = text.split("\n")
    while lines and not fits("\n".join([*lines, tail])):
        lines.pop()
    if not lines:  # a single line longer than the limit: cut inside it
        kept = ""
        for ch in text:
            if not fits(kept + ch + "\n" + tail):
                break
            kept += ch
        lines = [kept]
    return "\n".join([*lines, tail])


def _dingtalk_lines(text: str) -> str:
    # 钉钉's markdown joins plain lines; two spaces before the newline keep each on its own line.
    return text.replace("\n", "  \n")


def robot_fits(robot: str, characters: int = TEXT_LIMIT) -> Fits:
    """Whether a text, as this robot's body will carry it, is within its limit (and `characters`)."""
    limit = ROBOTS[robot].limit
    if robot == "dingtalk":
        return lambda text: len(text) <= characters and len(_dingtalk_lines(text).encode("utf-8")) <= limit
    return lambda text: len(text) <= characters and len(text.encode("utf-8")) <= limit


def robot_body(robot: str, text: str, where: str = "") -> dict[str, Any]:
    """The JSON body the robot expects, its text kept within the robot's limit."""
    text = cut_to(text, robot_fits(robot, characters=len(text)), where)
    title = text.split("\n", 1)[0]
    if robot == "wecom":
        return {"msgtype": "markdown", "markdown": {"content": text}}
    if robot == "wecom-text":
        return {"msgtype": "text", "text": {"content": text}}
    if robot == "dingtalk":
        return {"msgtype": "markdown", "markdown": {"title": title, "text": _dingtalk_lines(text)}}
    if robot == "feishu":
        rest = text.split("\n")[1:]
        return {"msg_type": "post", "content": {"post": {"zh_cn": {
            "title": title, "content": [[{"tag": "text", "text": line}] for line in rest]}}}}
    return {"msg_type": "text", "content": {"text": text}}


def body_bytes(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False).encode("utf-8")
