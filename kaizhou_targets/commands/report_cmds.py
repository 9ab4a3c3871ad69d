"""The weekly report and the cron check."""

from __future__ import annotations

import sys

import click

from ..context import Env
from .common import as_of_option, json_dump, parse_date_option, pass_env
from .delivery import notify_options, post_alerts, post_report, post_unknown, report_chat_text, write_workbook

FORMATS = ("term", "md", "html", "csv", "json", "xlsx", "text")


@click.command()
@as_of_option("Last day of the report (default: today in the ledger's time zone).")
@click.option("--since", metavar="DATE", help="First day of the span (default: six days before --as-of).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="term (default on a terminal), md, html, csv (UTF-8 with BOM for Excel) or json.")
@click.option("-o", "--output", metavar="FILE", type=click.Path(dir_okay=False),
              help="Write to FILE instead of stdout (format from its suffix if --format is not given).")
@notify_options
@pass_env
def report(env: Env, as_of: str | None, since: str | None, fmt: str | None, output: str | None,
           notify: str | None = None, notify_format: str | None = None) -> None:
    """Print the weekly report: colours, what moved, laggards, stale figures, milestones.

    \b
    Example:
        kzt report
        kzt report --format html -o 周报-2026-11-20.html
        kzt report --as-of 2026-09-30 --since 2026-09-01 --format md
    """
    from ..weekly import build_report

    ledger = env.ledger()
    when = parse_date_option(as_of, "--as-of") or env.today()
    start = parse_date_option(since, "--since")
    if start is not None and start > when:
        raise click.BadParameter(f"{start} is after the report's last day {when}.", param_hint="--since")
    chat_only = notify is not None and fmt is None and output is None
    if fmt is None and output and output.lower().endswith((".xlsx", ".txt")):
        fmt = "xlsx" if output.lower().endswith(".xlsx") else "text"
    fmt = fmt or _format_from(output)
    data = build_report(ledger, env.histories(), when, start)
    if notify is not None:
        post_report(env, data, notify, notify_format, output)
        if chat_only:
            return
    if fmt == "xlsx":
        return write_workbook(output, data.progress, env, when)
    if fmt == "term":
        if output:
            raise click.BadParameter("the terminal format cannot be written to a file; use md, html, csv or json.",
                                     param_hint="--format")
        from ..render.terminal import print_report

        print_report(data, env.lang)
        return
    from ..render import documents

    text = {
        "md": lambda: documents.markdown(data, env.lang),
        "html": lambda: documents.html_document(data, env.lang),
        "csv": lambda: documents.csv_document(data, env.lang),
        "json": lambda: json_dump(documents.report_data(data, env.lang)) + "\n",
        "text": lambda: report_chat_text(env, data, output) + "\n",
    }[fmt]()
    if output:
        from pathlib import Path

        from ..storage.output import write_atomically

        write_atomically(Path(output), text)
        click.echo(f"Wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


def _format_from(output: str | None) -> str:
    if output:
        suffix = output.rsplit(".", 1)[-1].lower() if "." in output else ""
        return {"md": "md", "markdown": "md", "html": "html", "htm": "html", "csv": "csv", "json": "json"}.get(
            suffix, "md")
    return "term" if sys.stdout.isatty() else "md"


@click.command()
@as_of_option()
@click.option("--fail-on", type=click.Choice(["yellow", "red"]), default="yellow", show_default=True,
              help="Lowest colour that fails the check; stale figures count from yellow.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON (always, even when OK).")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing; only the exit code speaks.")
@notify_options
@click.pass_context
def check(ctx: click.Context, as_of: str | None, fail_on: str, as_json: bool, quiet: bool,
          notify: str | None = None, notify_format: str | None = None) -> None:
    """Check for cron: silent and exit 0 when all is well, else list the alerts.

    Exit codes follow the monitoring-plugin convention: 0 OK, 1 WARNING
    (the worst is yellow or a stale figure), 2 CRITICAL (something is red),
    3 UNKNOWN (the ledger cannot be read or checked).

    \b
    Example:
        kzt check || echo "targets need attention"
        0 9 * * 1-5  kzt -f /srv/kzt/targets.toml check | mail -E -s 开州目标预警 office@example.org
    """
    from ..alerts import LEVEL_NAMES, UNKNOWN, alerts_for, exit_code
    from ..errors import KztError

    env: Env = ctx.obj
    try:
        from ..progress import evaluate_ledger

        ledger = env.ledger()
        when = parse_date_option(as_of, "--as-of") or env.today()
        found = alerts_for(evaluate_ledger(ledger, env.histories(), when), fail_on)
    except click.BadParameter:
        raise
    except (KztError, OSError) as error:
        if as_json and not quiet:
            click.echo(json_dump({"status": "UNKNOWN", "exit_code": UNKNOWN, "error": str(error), "alerts": []}))
        elif not quiet:
            click.echo(f"UNKNOWN: {error}", err=True)
        if notify is not None:  # the office must hear that the check could not run
            post_unknown(env, error, notify, notify_format, UNKNOWN)
        ctx.exit(UNKNOWN)
    code = exit_code(found)
    if notify is not None and found:  # silence means all is well: nothing to post
        post_alerts(env, found, when, notify, notify_format, code)
    if quiet:
        ctx.exit(code)
    from ..render.phrases import phrase

    if as_json:
        from ..render.data import progress_to_dict

        click.echo(json_dump({
            "status": LEVEL_NAMES[code], "exit_code": code, "as_of": when.isoformat(), "fail_on": fail_on,
            "alerts": [{"level": LEVEL_NAMES[a.level], **progress_to_dict(a.progress),
                        "message": phrase(a.progress, env.lang), "stale_only": a.stale_only} for a in found],
        }))
        ctx.exit(code)
    if found:
        click.echo(f"{LEVEL_NAMES[code]}: {len(found)} target(s) need attention as of {when}")
        for alert in found:
            p = alert.progress
            message = ("数据陈旧（" + (f"最新 {p.value_as_of}" if p.value_as_of else "暂无数据") + "）") \
                if alert.stale_only else phrase(p, env.lang)
            click.echo(f"{LEVEL_NAMES[alert.level]} {p.target.id} {p.target.name}: {message}")
    ctx.exit(code)


COMMANDS = [report, check]
