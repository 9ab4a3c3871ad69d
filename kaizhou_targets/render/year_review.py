"""The review of a new year's proposals (`kzt year add 2027 --source REPORT`): the table a person
reads before accepting, the lists beside it, the question asked per row, and the same as JSON.

Wording only: what is proposed, and why a row needs a person, is decided in core/year_proposals.py.
Names and phrases are data (a report's words, a ledger's names): they reach rich only as
`Text(shown(…))`, never as markup.
"""

from __future__ import annotations

from typing import Any

from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from ..core.report_records import Commitment
from ..core.values import format_value
from ..core.year_proposals import Proposal, YearReview
from ..i18n import _
from .console import console, table_width
from .phrases import label
from .shown import shown


def _goal(value: float | None, unit: str, qualifier: str, increase: float | None = None,
          relative_to: str = "") -> str:
    if value is not None:
        shown = format_value(value, unit)
    elif increase is not None:
        shown = _("增加{value}").format(value=format_value(increase, unit))
    elif relative_to:
        return _("与{reference}{qualifier}").format(reference=relative_to, qualifier=qualifier)
    else:
        shown = "—"
    return f"{shown} {qualifier}".strip() if shown != "—" or not qualifier else qualifier


def last_goal(p: Proposal) -> str:
    t = p.last
    if t.kind == "relative" and t.target is None:
        return _goal(None, "", t.qualifier, relative_to=t.relative_to) if t.relative_to else (t.qualifier or "—")
    return _goal(t.target, t.unit, t.qualifier, t.increase)


def proposed_goal(p: Proposal) -> str:
    if p.read.kind == "relative" and p.target is None:
        return _goal(None, "", p.read.qualifier, relative_to=p.read.relative_to)
    return _goal(p.target, p.last.unit, p.read.qualifier, p.increase)


def problem_words(p: Proposal) -> list[str]:
    """Why a person must look at a row, one short sentence each."""
    words = {
        "kind": _("报告读作{read}，台账中是{kind}").format(read=label(p.read.kind), kind=label(p.last.kind)),
        "direction": _("方向与台账相反"),
        "unit": _("单位“{unit}”换算不成台账的“{own}”").format(unit=p.read.unit, own=p.last.unit),
        "unread": _("报告的这句话没有读全（{fields}）").format(fields="、".join(p.read.needs_review) or _("目标值")),
        "conflict": _("报告对它给出不同的数：{phrases}").format(
            phrases="；".join(f"“{c.phrase}”" for c in (p.read, *p.others))),
        "shape": _("按台阶计的目标不能逐年设定"),
    }
    return [words[code] for code in p.problems]


def remark(p: Proposal) -> str:
    parts: list[str] = []
    if p.baseline is not None and p.baseline_value is not None:
        parts.append(_("基期 {value}（回顾：“{phrase}”）").format(
            value=format_value(p.baseline_value, p.last.unit), phrase=p.baseline.phrase))
    parts += [_("待人工核对：{reason}").format(reason=reason) for reason in problem_words(p)]
    return "；".join(parts)


def print_review(review: YearReview, year_before: int) -> None:
    """The review table on stdout, then what the report adds and no longer says."""
    out = console()
    out.print(Text(_("{year}年报告对台账指标的建议（{count} 项，可直接采用的 {ready} 项）").format(
        year=review.year, count=len(review.proposals), ready=len(review.ready)), style="bold"))
    table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold", show_lines=False)
    table.add_column(_("序号"), no_wrap=True, justify="right")
    # Wide enough for the ids, which are typed back as shown and must not break.
    widest = max((len(p.id) for p in review.proposals), default=8)
    table.add_column(_("指标"), overflow="fold", min_width=min(widest, 32))
    table.add_column(_("{year}年目标").format(year=year_before), overflow="fold")
    table.add_column(_("建议{year}年目标").format(year=review.year), overflow="fold")
    table.add_column(_("报告原话"), overflow="fold", min_width=10)
    table.add_column(_("说明"), overflow="fold")
    for number, p in enumerate(review.proposals, 1):
        mark = "" if p.ready else "⚠ "
        cells = (f"{shown(p.last.name)}\n{p.id}", shown(last_goal(p)), mark + shown(proposed_goal(p)),
                 shown(f"“{p.read.phrase}”"), shown(remark(p)))
        table.add_row(str(number), *(Text(cell) for cell in cells))
    if review.proposals:
        if table_width(out) is None:  # a pipe or a file: no width limit, as `kzt status > s.txt`
            out.width = Measurement.get(out, out.options.update_width(10_000), table).maximum
        out.print(table)
    else:
        out.print(Text(_("报告中没有读到台账指标的新目标。")))
    print_lists(review)


def print_lists(review: YearReview) -> None:
    out = console()
    if review.unsure:
        out.print()
        heading = _("可能是几个指标之一、需人工确定的（{count} 项）：").format(count=len(review.unsure))
        out.print(Text(heading, style="bold"))
        for u in review.unsure:
            out.print(Text(shown(_("  “{phrase}”：可能是 {ids}").format(phrase=u.read.phrase,
                                                                          ids="、".join(u.candidates)))))
    if review.new:
        out.print()
        out.print(Text(_("报告中有、台账中没有的承诺（{count} 项）：").format(count=len(review.new)), style="bold"))
        for c in review.new:
            out.print(Text(shown(f"  {label(c.kind)}  {commitment_goal(c)}  “{c.phrase}”")))
    if review.silent:
        out.print()
        out.print(Text(_("新报告不再提到的指标（{count} 个，{year}年目标留空待填）：").format(
            count=len(review.silent), year=review.year), style="bold"))
        out.print(Text("  " + "、".join(f"{shown(t.name)}（{t.id}）" for t in review.silent)))


def commitment_goal(c: Commitment) -> str:
    if c.kind == "milestone":
        return c.name
    return f"{c.name} {_goal(c.target, c.unit, c.qualifier, c.increase, c.relative_to)}"


def how_to_answer() -> str:
    return _("逐条确认：y 采用，n 不采用，a 这条及其余全部采用，q 其余都不采用（已答的照答）；Ctrl-C 什么都不写。")


def question(p: Proposal, number: int, count: int) -> str:
    return shown(_("[{number}/{count}] {name}（{id}）：{last} → {proposed}，采用吗？[y/n/a/q]").format(
        number=number, count=count, name=p.last.name, id=p.id, last=last_goal(p), proposed=proposed_goal(p)))


def review_data(review: YearReview, accepted: set[str], written: bool, report: str) -> dict[str, Any]:
    """The review for scripts (`--json`): stable English keys whatever the language."""

    def commitment(c: Commitment) -> dict[str, Any]:
        return {"name": c.name, "kind": c.kind, "target": c.target, "increase": c.increase, "unit": c.unit,
                "qualifier": c.qualifier, "period": c.period, "phrase": c.phrase, "heading": c.heading,
                "needs_review": list(c.needs_review)}

    return {
        "year": review.year,
        "report": report,
        "written": written,
        "proposals": [{
            "id": p.id, "name": p.last.name, "kind": p.last.kind, "unit": p.last.unit,
            "last_target": p.last.target, "last_increase": p.last.increase, "last_qualifier": p.last.qualifier,
            "last_source": p.last.source,
            "target": p.target, "increase": p.increase, "qualifier": p.read.qualifier, "phrase": p.read.phrase,
            "baseline": p.baseline_value, "baseline_phrase": p.baseline.phrase if p.baseline else None,
            "ready": p.ready, "problems": list(p.problems), "accepted": p.id in accepted,
        } for p in review.proposals],
        "unsure": [commitment(u.read) | {"candidates": list(u.candidates)} for u in review.unsure],
        "new": [commitment(c) for c in review.new],
        "not_mentioned": [t.id for t in review.silent],
    }
