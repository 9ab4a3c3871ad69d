"""The step-by-step walk of `kzt record` with no arguments.

It follows the reporting calendar: it offers exactly the targets whose
figure is due or overdue for a period not yet recorded, most overdue first,
each with its last figure and the period now expected.
"""

from __future__ import annotations

import re

import click

from ..app.context import Env
from ..core.errors import KztError
from ..i18n import _, join_sentences

# A refusal outside the walk may end with "…请加 --force。"; inside the walk the user cannot add
# a flag, so that sentence is dropped and the walk says what to type instead.
_SENTENCE = re.compile(r"[^。！？]*?(?:[。！？]|\.(?:\s|$)|$)")


def without_flags(message: str) -> str:
    return "".join(s for s in _SENTENCE.findall(message) if "--" not in s).strip()


def walk_due_targets(env: Env, recorder: str) -> None:
    from ..app.clock import now
    from ..app.recording import record_one
    from ..core.drafting import fit_rule
    from ..core.plan_years import draft_for_year, recording_ledger
    from ..core.progress import evaluate_ledger
    from ..core.reporting_calendar import period_label
    from ..core.values import parse_value
    from ..render.phrases import period_text, value_text

    # Every year's periods still due (December's figure of last year is due in January), as record checks them.
    whole = env.ledger()
    ledger = recording_ledger(whole)
    calendar = ledger.settings.calendar
    today = env.today()
    progress = evaluate_ledger(ledger, env.histories(), today)
    due = [p for p in progress if p.calendar is not None and p.calendar.offered and p.calendar.expected]
    due.sort(key=lambda p: (-(p.calendar.days_overdue if p.calendar else 0), p.target.line))
    if not due:
        click.echo(_("没有待录入的指标：所有到期的数据都已录入。"), err=True)
        return
    click.echo(_("{count} 个指标待录入；回车跳过，Ctrl-C 结束（已录入的都会保留）。").format(count=len(due)), err=True)
    recorded = 0
    try:
        for p in due:
            t = p.target
            assert p.calendar is not None and p.calendar.expected is not None
            expected = p.calendar.expected
            last = (_("{value}（{period}）").format(value=value_text(p), period=period_text(p, env.lang))
                    if p.value is not None else _("尚无数据"))
            lateness = (_("逾期{days}天").format(days=p.calendar.days_overdue) if p.calendar.state == "overdue"
                        else _("已到期"))
            click.echo("\n" + _("{name}（{id}）— 上次 {last}；应报 {period}（{lateness}）").format(
                name=t.name, id=t.id, last=last, period=period_label(t, calendar, expected, t.calendar),
                lateness=lateness), err=True)
            while True:
                value = click.prompt("  " + _("新数值（{unit}）").format(
                    unit=t.unit or _("值")), default="", show_default=False, err=True)
                if not value.strip():
                    break
                try:
                    parse_value(value, t)  # say so now, before asking for the period
                    period = click.prompt("  " + _("数据期"), default=expected.isoformat(), err=True)
                    draft = draft_for_year(whole, whole.by_id()[t.id], value, period, today, by=recorder,
                                           fit=fit_rule(ledger.settings))
                    done = record_one(ledger, env.path, draft, now(ledger.settings.timezone), today,
                                      confirm=lambda found: click.confirm(
                                          "  " + _("{findings}仍要录入吗？").format(findings=join_sentences(found)),
                                          err=True))
                except KztError as error:
                    click.echo(f"  ✗ {without_flags(str(error))}", err=True)
                    click.echo("  " + _("请重新输入数值（{unit}），或直接回车跳过这个指标。").format(
                        unit=t.unit or _("值")), err=True)
                    continue
                recorded += 1
                click.echo("  ✓ " + _("{value}，数据期 {period}").format(value=value_text(done.progress),
                                                                    period=done.entry.as_of), err=True)
                break
    except (KeyboardInterrupt, click.Abort):
        click.echo("\n" + _("已停止。"), err=True)
    click.echo(_("本次录入 {count} 条。").format(count=recorded), err=True)
