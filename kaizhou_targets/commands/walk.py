"""The step-by-step walk of `kzt record` with no arguments."""

from __future__ import annotations

from datetime import date, timedelta

import click

from ..context import Env
from ..errors import KztError
from ..i18n import _
from ..periods import month_end


def expected_period(frequency: str, today: date) -> date:
    """The end of the latest period whose figure could be out by now."""
    months = {"monthly": 1, "quarterly": 3, "annual": 12}[frequency]
    last_month_end = today.replace(day=1) - timedelta(days=1)
    month = last_month_end.month - (last_month_end.month % months)
    year = last_month_end.year
    if month == 0:
        year, month = year - 1, 12
    return month_end(year, month)


def walk_due_targets(env: Env, recorder: str) -> None:
    from ..clock import now
    from ..progress import evaluate_ledger, frequency_of
    from ..recording import draft_figure, fit_rule, record_one
    from ..render.phrases import period_text, value_text
    from ..values import parse_value

    ledger = env.ledger()
    today = env.today()
    progress = evaluate_ledger(ledger, env.histories(), today)
    due = [p for p in progress if p.target.kind != "milestone" and (p.stale or p.value is None)]
    due.sort(key=lambda p: (not p.stale, p.target.line))
    if not due:
        click.echo(_("没有待录入的指标。"), err=True)
        return
    click.echo(_("{count} 个指标待录入；回车跳过，Ctrl-C 结束（已录入的都会保留）。").format(count=len(due)), err=True)
    recorded = 0
    try:
        for p in due:
            t = p.target
            last = (_("{value}（{period}）").format(value=value_text(p), period=period_text(p, env.lang))
                    if p.value is not None else _("尚无数据"))
            click.echo("\n" + _("{name}（{id}）— 上次 {last}").format(name=t.name, id=t.id, last=last)
                       + ("  ⏰ " + _("陈旧") if p.stale else ""), err=True)
            default_period = expected_period(frequency_of(t, ledger.settings), today)
            default_period = max(default_period, t.period_start)
            while True:
                value = click.prompt("  " + _("新数值（{unit}）").format(
                    unit=t.unit or _("值")), default="", show_default=False, err=True)
                if not value.strip():
                    break
                try:
                    parse_value(value, t)  # say so now, before asking for the period
                    period = click.prompt("  " + _("数据期"), default=default_period.isoformat(), err=True)
                    draft = draft_figure(t, value, period, today, by=recorder, fit=fit_rule(ledger.settings))
                    done = record_one(ledger, env.path, draft, now(ledger.settings.timezone), today,
                                      confirm=lambda found: click.confirm(
                                          "  " + _("{findings}仍要录入吗？").format(findings="".join(found)),
                                          err=True))
                except KztError as error:
                    click.echo(f"  ✗ {error}", err=True)
                    continue
                recorded += 1
                click.echo("  ✓ " + _("{value}，数据期 {period}").format(value=value_text(done.progress),
                                                                    period=done.entry.as_of), err=True)
                break
    except (KeyboardInterrupt, click.Abort):
        click.echo("\n" + _("已停止。"), err=True)
    click.echo(_("本次录入 {count} 条。").format(count=recorded), err=True)
