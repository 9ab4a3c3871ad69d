"""The words of each target's year-end rule (core/judging.py): the 年末评价 line of `kzt show`,
the `rule` of the closing's JSON, and the 说明 under every format of the closing — so a reader
of the 年度目标完成情况 can see how each verdict was reached."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from ..core.judging import Rule, measures
from ..core.model import Target
from ..core.values import format_number, format_value
from ..core.year_end import Closing
from ..i18n import _


def _nearly(target: Target, rule: Rule) -> str:
    if rule.arithmetic == "done":
        return ""
    if rule.binding:
        return _("约束性指标，不设基本完成")
    if rule.nearly_share is None or rule.nearly_pp is None:
        return _("不设基本完成")
    if rule.arithmetic in ("points", "rate"):
        return _("低于目标不超过{pp}个百分点为基本完成").format(pp=format_number(rule.nearly_pp))
    text = _("达到目标的{share}%及以上为基本完成").format(share=format_number(round(rule.nearly_share * 100, 2)))
    if rule.not_below is not None and target.baseline is not None:
        text += _("，低于{year}年的{baseline}不算基本完成").format(
            year=target.baseline_date.year if target.baseline_date else target.period_start.year - 1,
            baseline=format_value(target.baseline, target.unit))
    return text


def _measure(target: Target, rule: Rule) -> str:
    if rule.arithmetic == "done":
        if target.commitment == "step":
            return _("报告只承诺推进：年内记录到位为完成，否则为持续推进（不算未完成）")
        return _("年内完成为完成，否则为未完成")
    if rule.arithmetic == "rate":
        if target.kind == "relative" and target.relative_to:
            return _("按全年增速与参照指标的全年增速之差（百分点）评价")
        return _("按全年增速与目标增速之差（百分点）评价")
    if rule.line:
        which = _("按全年数评价，年内读数越线只作预警") if rule.judged == "year-figure" \
            else _("每次读数都须守住，任一次越线即未完成")
        return (_("底线：{which}") if target.kind == "floor" else _("控制线：{which}")).format(which=which)
    if rule.arithmetic == "points":
        return _("按全年（年末）值与目标相差的百分点评价")
    if measures(target) == "stock":
        text = _("按年末值÷年度目标评价")
        if target.baseline is not None:
            text += _("（上年末{baseline}只作对照，不作任务起点）").format(
                baseline=format_value(target.baseline, target.unit))
        return text
    return _("按全年完成数÷年度目标评价")


def rule_text(target: Target, rule: Rule) -> str:
    """One sentence: how this target closes its year (`kzt show`, the closing's JSON and CSV)."""
    parts = [_measure(target, rule)]
    if rule.strict:
        parts.append(_("须实现下降，持平不算") if "下降" in target.qualifier
                     else _("须超过目标值（“超”“突破”），恰好等于目标不算完成"))
    if "左右" in target.qualifier and rule.tolerance:
        unit = _("个百分点") if rule.arithmetic in ("rate", "points") else target.unit
        parts.append(_("“左右”：在目标±{tolerance}以内为完成").format(tolerance=format_value(rule.tolerance, unit)))
    nearly = _nearly(target, rule)
    if nearly:
        parts.append(nearly)
    return _("；").join(parts)


def rule_to_dict(c: Closing) -> dict[str, Any]:
    rule = c.rule
    return {"arithmetic": rule.arithmetic, "judged": rule.judged if rule.line else None, "strict": rule.strict,
            "tolerance": rule.tolerance or None, "binding": rule.binding, "nearly_met_share": rule.nearly_share,
            "nearly_met_pp": rule.nearly_pp, "not_below": rule.not_below}


def _names(closings: Sequence[Closing]) -> str:
    return _("、").join(c.target.name for c in closings)


def notes(closings: Sequence[Closing]) -> list[str]:
    """The 说明 under the closing: the rules in general, then the targets whose rule differs."""
    rules = [c for c in closings if c.target.kind != "milestone"]
    usual = Counter((c.rule.nearly_share, c.rule.nearly_pp) for c in rules if c.rule.nearly_share is not None)
    lines = [_("完成情况按各指标自身的评价方法判断（逐项见 kzt show 指标 的“年末评价”）："
               "累计指标按全年完成数÷年度目标；余额等年末存量按年末值÷年度目标，上年末基数只作对照；百分比（%）指标按与目标相差的百分点；"
               "增速按全年增速与目标增速之差；底线、控制线按全年数评价，年内读数越线只作预警。")]
    if usual:
        (share, pp), _count = usual.most_common(1)[0]
        lines.append(_("基本完成：数量指标达到年度目标的{share}%及以上；百分比和增速指标低于目标不超过{pp}个百分点"
                       "（台账 [settings.closing]）。").format(share=format_number(round((share or 0) * 100, 2)),
                                                         pp=format_number(pp or 0)))
        own = [c for c in rules if c.rule.nearly_share is not None
               and (c.rule.nearly_share, c.rule.nearly_pp) != (share, pp)]
        if own:
            lines.append(_("另定基本完成幅度的指标：{items}。").format(items=_("；").join(
                f"{c.target.name}（{_nearly(c.target, c.rule)}）" for c in own)))
    groups = [
        ([c for c in rules if c.rule.line and c.rule.judged == "every-reading"],
         _("每次读数都须守住的底线、控制线（任一次越线即未完成，不设基本完成）：{names}。")),
        ([c for c in rules if c.rule.binding], _("约束性指标（不设基本完成）：{names}。")),
        ([c for c in rules if c.rule.strict and "下降" not in c.target.qualifier],
         _("“超”“突破”须超过目标值，恰好等于目标不算完成：{names}。")),
        ([c for c in rules if "下降" in c.target.qualifier], _("“下降”须实现下降，持平不算，不设基本完成：{names}。")),
    ]
    lines += [words.format(names=_names(members)) for members, words in groups if members]
    approx = [c for c in rules if "左右" in c.target.qualifier]
    if approx:
        lines.append(_("“左右”在容差以内为完成，低于上年基数不算基本完成：{items}。").format(items=_("；").join(
            f"{c.target.name}（{rule_text(c.target, c.rule)}）" for c in approx)))
    lines.append(_("全年值只填该年自身的全年（年末）数；全年数据未到或缺失的，全年值留空，最新数据写在表述中。"))
    return lines
