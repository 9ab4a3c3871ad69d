"""The short plain-text forms for the work chat, and the robots' JSON bodies.

WeChat and the robots' text messages do not render Markdown, so the text
uses 【】 headings, numbered lines and 🔴🟡🟢 — nothing else. Items go in
priority order (laggards, colour changes, milestones, stale figures, what
was recorded) until the text is as long as it may be; the rest is counted
in a last line "完整报告另有N项". Each robot's body keeps its own size limit;
a text that still does not fit is cut at a line with "完整报告见…".

Text from the ledger (names, units, the ledger's own name, the 完整报告 place) is data: before it
goes into a robot's message (`inert=True`; the text printed for a person to paste is shown as
the terminal shows any ledger text, render/shown.py) its markup and mentions are made inert
(`chat_safe`): [ ] < > @ * ` # | ~ \
become their full-width forms, so a name cannot carry a Markdown link, a <font> tag, a <@all> or
<at user_id="all"> mention, and a newline in it cannot forge a line of the message.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..core.alerts import Alert
from ..core.notify_settings import Mentions
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
# The robots' markup and mention characters, as full-width look-alikes that no robot parses.
_INERT = str.maketrans({"[": "［", "]": "］", "<": "＜", ">": "＞", "@": "＠", "*": "＊", "`": "｀", "#": "＃",
                        "|": "｜", "~": "～", "\\": "＼"})
_LINK_INERT = str.maketrans({"[": "［", "]": "］", "<": "＜", ">": "＞", "@": "＠", "`": "｀"})


def _one_line(text: str) -> str:
    """Newlines, tabs, other control and format characters (bidi overrides) as single spaces."""
    cleaned = "".join(" " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in text)
    return re.sub(r" {2,}", " ", cleaned).strip()


def chat_safe(text: str) -> str:
    """Ledger text made inert for every robot: one line, no markup, no mention."""
    return _one_line(text).translate(_INERT)


def place_safe(text: str) -> str:
    """Where the full report is (a path or an address, from the ledger): one line, no link or mention
    syntax, but its / _ : . kept so the address still reads as one."""
    return _one_line(text).translate(_LINK_INERT)


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


def _kept(text: str) -> str:
    return text


def report_text(report: WeeklyReport, lang: str, fits: Fits | None = None, where: str = "",
                inert: bool = False) -> str:
    """The weekly report as a chat message."""
    counts, before = report.counts, report.previous_counts
    tally = " ".join(f"{BADGES[s]}{counts[s]}" for s in ("red", "yellow", "green", "grey"))
    previous = " ".join(f"{BADGES[s]}{before[s]}" for s in ("red", "yellow", "green", "grey"))
    safe, where = (chat_safe, place_safe(where)) if inert else (_kept, where)
    head = [
        _("【{name}】目标任务周报").format(name=safe(report.name)),
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
            items.append(f"{badge} {safe(item.title)}{_separator(lang)}{safe(text)}")
        blocks.append((f"【{section.heading}】", items))
    return _assemble(head, blocks, fits or fits_characters(), where, _("本周没有落后、陈旧或到期的事项。"))


def alerts_text(alerts: Sequence[Alert], name: str, as_of: date, lang: str, fits: Fits | None = None,
                where: str = "", calendar: CalendarSettings = DEFAULT_CALENDAR, inert: bool = False) -> str:
    """The check's alerts as a chat message: a count, then one numbered line each."""
    red = sum(1 for a in alerts if a.progress.status == "red")
    safe, where = (chat_safe, place_safe(where)) if inert else (_kept, where)
    head = [
        _("【{name}】目标预警 {date}").format(name=safe(name), date=as_of.isoformat()),
        _("{count}项需关注：🔴{red}项 🟡{other}项").format(count=len(alerts), red=red, other=len(alerts) - red),
    ]
    items = []
    for alert in alerts:
        p = alert.progress
        text = alert_message(alert, calendar, lang)
        badge = BADGES[p.status] if not alert.stale_only else "🟡"
        items.append(f"{badge} {safe(p.target.name)}{_separator(lang)}{safe(text)}")
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


NO_MENTIONS = Mentions()
# 钉钉's security setting “自定义关键词”: a message without the keyword is refused. Every message kzt
# posts carries it (README, 工作群机器人).
DINGTALK_KEYWORD = "目标"


def unsupported_mention(robot: str, mentions: Mentions) -> str:
    """Why the robot cannot @ as asked ('' when it can): 飞书's group robots @ only everyone."""
    if robot.startswith("feishu") and mentions.mobiles:
        return _("飞书群机器人不能按手机号 @人（只能用 --at-all @所有人）；请去掉 --at {mobile}。").format(
            mobile=mentions.mobiles[0])
    return ""


def _mention_line(robot: str, mentions: Mentions) -> str:
    """The text a mention needs in the message itself: 钉钉 shows an @ only where the text has it."""
    if not mentions:
        return ""
    if robot == "dingtalk":
        return " ".join([*(f"@{m}" for m in mentions.mobiles), *(["@所有人"] if mentions.everyone else [])])
    if robot == "feishu-text" and mentions.everyone:
        return '<at user_id="all">所有人</at>'
    return ""


def robot_bodies(robot: str, text: str, where: str = "", mentions: Mentions = NO_MENTIONS) -> list[dict[str, Any]]:
    """The JSON bodies the robot expects, in order: the message within the robot's limit, and for
    企业微信's markdown (which cannot @ by mobile) a short text message after it that does."""
    where = place_safe(where)
    if robot == "dingtalk" and DINGTALK_KEYWORD not in text:  # an English message still passes the keyword
        text = f"【{DINGTALK_KEYWORD}】{text}"
    line = _mention_line(robot, mentions)
    fits = robot_fits(robot, characters=len(text))
    text = cut_to(text, (lambda t: fits(f"{t}\n{line}")) if line else fits, where)
    if line:
        text = f"{text}\n{line}"
    title = text.split("\n", 1)[0]
    everyone = ["@all"] if mentions.everyone else []
    if robot == "wecom":
        bodies: list[dict[str, Any]] = [{"msgtype": "markdown", "markdown": {"content": text}}]
        if mentions:
            bodies.append({"msgtype": "text", "text": {
                "content": _("请关注：{title}").format(title=title),
                "mentioned_mobile_list": [*mentions.mobiles, *everyone]}})
        return bodies
    if robot == "wecom-text":
        body: dict[str, Any] = {"content": text}
        if mentions:
            body["mentioned_mobile_list"] = [*mentions.mobiles, *everyone]
        return [{"msgtype": "text", "text": body}]
    if robot == "dingtalk":
        message: dict[str, Any] = {"msgtype": "markdown", "markdown": {"title": title, "text": _dingtalk_lines(text)}}
        if mentions:
            message["at"] = {"atMobiles": list(mentions.mobiles), "isAtAll": mentions.everyone}
        return [message]
    if robot == "feishu":
        rest = text.split("\n")[1:]
        content = [[{"tag": "text", "text": line}] for line in rest]
        if mentions.everyone:
            content.append([{"tag": "at", "user_id": "all", "user_name": "所有人"}])
        return [{"msg_type": "post", "content": {"post": {"zh_cn": {"title": title, "content": content}}}}]
    return [{"msg_type": "text", "content": {"text": text}}]


def robot_body(robot: str, text: str, where: str = "") -> dict[str, Any]:
    """The one JSON body of a message that @s nobody."""
    return robot_bodies(robot, text, where)[0]


def body_bytes(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False).encode("utf-8")
