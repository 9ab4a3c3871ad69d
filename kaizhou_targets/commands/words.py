"""Words people type for colours, kinds and frequencies, in Chinese or English."""

from __future__ import annotations

from typing import Any

import click

from ..core.model import KINDS
from ..core.rule_settings import FREQUENCIES
from ..i18n import _

STATUS_WORDS = {
    "red": "red", "红": "red", "红灯": "red",
    "yellow": "yellow", "黄": "yellow", "黄灯": "yellow",
    "green": "green", "绿": "green", "绿灯": "green",
    "grey": "grey", "gray": "grey", "灰": "grey", "灰灯": "grey",
}
KIND_WORDS: dict[str, str] = {
    **{kind: kind for kind in KINDS},
    "增速": "growth", "累计": "cumulative", "水平": "level", "存量": "level", "底线": "floor",
    "控制线": "ceiling", "节点": "milestone", "里程碑": "milestone", "相对": "relative",
}
FREQUENCY_WORDS: dict[str, str] = {
    **{f: f for f in FREQUENCIES},
    "月度": "monthly", "按月": "monthly", "季度": "quarterly", "按季": "quarterly", "年度": "annual", "按年": "annual",
}
FIELD_WORDS = {
    "target": "target", "目标": "target", "目标值": "target", "baseline": "baseline", "基期": "baseline",
    "基期值": "baseline", "lead": "lead", "牵头单位": "lead", "owners": "owners", "责任单位": "owners",
    "frequency": "frequency", "频率": "frequency", "tolerance": "tolerance", "容差": "tolerance",
    "deadline": "deadline", "截止日期": "deadline", "期限": "deadline", "tracking": "tracking", "跟踪": "tracking",
    "跟踪方式": "tracking", "due_day": "due_day", "报送日": "due_day", "warning_days": "warning_days",
    "提醒天数": "warning_days", "source": "source", "出处": "source", "原话": "source",
    "qualifier": "qualifier", "限定词": "qualifier",
}
TRACKING_WORDS = {"figures": "figures", "按数据": "figures", "annual": "annual", "年度": "annual",
                  "只看年度": "annual", "none": "none", "不按数据": "none", "无": "none"}
TRACKING_CHOICES = "按数据、年度、不按数据（figures, annual, none）"
GROUP_WORDS = {"area": "area", "领域": "area", "owner": "owner", "牵头单位": "owner", "单位": "owner"}


def _lookup(words: dict[str, str], value: str) -> str | None:
    return words.get(value.strip().lower()) or words.get(value.strip())


class Words(click.ParamType):
    """One of a few words, typed in Chinese or English; converts to the English key."""

    name = "word"

    def __init__(self, words: dict[str, str], shown: str) -> None:
        self.words = words
        self.shown = shown

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str | None:
        return None

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        found = _lookup(self.words, str(value))
        if found is None:
            self.fail(_("“{value}”不是可用的取值；可用：{choices}。").format(value=value, choices=self.shown),
                      param, ctx)
        return found


def parse_only(value: str | None) -> set[str] | None:
    """--only 红,黄 or red,yellow → {"red", "yellow"}."""
    if value is None:
        return None
    parts = [v.strip() for v in value.replace("，", ",").replace("、", ",").split(",") if v.strip()]
    if not parts:
        raise click.BadParameter(_("没有给出颜色；请写如 --only 红,黄（或 red,yellow）。"), param_hint="--only")
    unknown = [v for v in parts if _lookup(STATUS_WORDS, v) is None]
    if unknown:
        raise click.BadParameter(
            _("不认识的颜色“{value}”；请用 红、黄、绿、灰（或 red、yellow、green、grey），以逗号分隔。").format(
                value="、".join(unknown)), param_hint="--only")
    return {STATUS_WORDS[_lookup(STATUS_WORDS, v) or v] for v in parts}


KIND_CHOICES = ("增速、累计、水平、底线、控制线、节点、相对"
                "（growth, cumulative, level, floor, ceiling, milestone, relative）")
FREQUENCY_CHOICES = "月度、季度、年度（monthly, quarterly, annual）"
GROUP_CHOICES = "领域、牵头单位（area, owner）"
FIELD_CHOICES = ("目标、基期、容差、出处、限定词、牵头单位、责任单位、频率、截止日期、跟踪方式、报送日、提醒天数"
                 "（target, baseline, tolerance, source, qualifier, lead, owners, frequency, deadline, tracking, "
                 "due_day, warning_days）")
