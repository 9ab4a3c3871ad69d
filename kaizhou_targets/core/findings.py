"""What `kzt verify` and `kzt check` say about recorded figures that are sound but need a person:
offices that disagree about a period, and figures stamped in the future (a computer whose clock is
ahead). Pure: histories in, problems and sentences out."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta

from ..i18n import _, join_items
from .history import Disagreement, disagreements
from .model import Entry, Problem, Target
from .values import format_value

# A clock a little ahead is common and harmless; an hour ahead is not a rounding of the clock.
FUTURE_TOLERANCE = timedelta(hours=1)


def _figure(entry: Entry, target: Target) -> str:
    value = _("已完成") if target.kind == "milestone" else format_value(entry.value or 0.0, entry.unit or target.unit)
    return _("{by}（{when} 录入）{value}").format(
        by=entry.by or _("未署名"), when=f"{entry.recorded_at:%Y-%m-%d %H:%M}", value=value)


def describe_disagreement(found: Disagreement, target: Target) -> str:
    """One sentence: who typed what, when, and which value stands."""
    others = join_items([_figure(e, target) for e in found.others])
    return _("{name}（{id}）{period} 的数据不一致：{others}，{standing}；现在采用 {value}。请两家核实后，"
             "用 `kzt record {id} 数值 --as-of {period}` 录入确认的数（它取代两者；两条原数都留在历史中）").format(
        name=target.name, id=target.id, period=found.as_of, others=others, standing=_figure(found.standing, target),
        value=_("已完成") if target.kind == "milestone" else format_value(
            found.standing.value or 0.0, found.standing.unit or target.unit))


def figure_findings(targets: Sequence[Target], histories: Mapping[str, Sequence[Entry]], now: datetime,
                    paths: Mapping[str, str]) -> list[Problem]:
    """Warnings for `kzt verify`: every disagreement, naming both figures, and every entry stamped
    more than FUTURE_TOLERANCE after `now`. `paths`: target id → its figures file."""
    problems: list[Problem] = []
    for target in targets:
        entries = histories.get(target.id, ())
        if not entries:
            continue
        path = paths.get(target.id, "")
        problems += [Problem(describe_disagreement(d, target), path, None, "warning") for d in disagreements(entries)]
        for entry in entries:
            if entry.recorded_at - now > FUTURE_TOLERANCE:
                problems.append(Problem(_(
                    "条目 {entry}（{by}）的录入时间 {when} 晚于现在（{now}）：录入它的电脑时钟可能快了。"
                    "数据的先后不看这个时间（修订记着它取代的条目），但请让那台电脑校准时钟").format(
                    entry=entry.id, by=entry.by or _("未署名"), when=f"{entry.recorded_at:%Y-%m-%d %H:%M}",
                    now=f"{now:%Y-%m-%d %H:%M}"), path, None, "warning"))
    return problems


def settle_line(found: Iterable[tuple[Target, Disagreement]]) -> str | None:
    """The one line of `kzt check` for every disagreement: something for a person to settle."""
    items = list(found)
    if not items:
        return None
    named = join_items([_("{name}（{period}）").format(name=t.name, period=d.as_of) for t, d in items[:3]])
    return _("待核实：{count} 处同期数据来自不同录入人且不一致（{named}{more}）；`kzt verify` 列出谁录入了什么，"
             "核实后用 `kzt record` 录入确认的数").format(
        count=len(items), named=named, more=_("等") if len(items) > 3 else "")


def orphan_line(names: Sequence[str]) -> str | None:
    """The one line of `kzt check` for figures files no target owns (their figures count nowhere)."""
    if not names:
        return None
    return _("数据文件 {files} 没有对应的指标，其中的数据不计入；`kzt verify` 说明如何并入（kzt rename），"
             "不要用 git rm 删除").format(files=join_items([f"figures/{n}" for n in names]))
