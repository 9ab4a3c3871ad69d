"""The weekly report and the cron check."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import click

from ..app.context import Env

if TYPE_CHECKING:
    from ..core.progress import Progress
from ..i18n import N_, _
from .common import (
    as_of_option,
    command,
    format_from,
    json_dump,
    judged_histories,
    judging_day,
    known_histories,
    look_at_year,
    option,
    parse_date_option,
    pass_env,
    write_or_echo,
    year_option,
)
from .delivery import (
    notify_options,
    post_alerts,
    post_report,
    post_unknown,
    report_chat_text,
    with_notes_option,
    write_workbook,
)
from .words import GROUP_CHOICES, GROUP_WORDS, Words

# text (alias txt): the short plain text for WeChat and the work-chat robots.
FORMATS = ("term", "md", "html", "csv", "json", "xlsx", "text", "txt")
# What -o infers from the file name: the extensions a report can be written as.
EXTENSIONS = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".csv": "csv", ".json": "json",
              ".txt": "text", ".xlsx": "xlsx"}
LEVEL_WORDS = {0: N_("正常"), 1: N_("警告"), 2: N_("严重"), 3: N_("未知")}


@command(help=N_("周报：各颜色数量、本周变动、落后指标、陈旧数据和临近节点。\n\n"
                 "\b\n示例：\n    kzt report\n    kzt report -o 周报-2026-11-20.html\n"
                 "    kzt report --as-of 2026-09-30 --since 2026-09-01 --format md"))
@as_of_option(N_("周报的最后一天（默认：台账时区的今天）。"))
@year_option()
@option("--year-end", "year_end", metavar=N_("年份"), type=int,
        help=N_("年度目标完成情况：该年每个年度目标的完成/基本完成/未完成、全年值和标准表述（须在该年结束后）。"))
@option("--since", metavar=N_("日期"), help=N_("区间的第一天（默认：--as-of 前六天）。"))
@option("--format", "fmt", metavar=N_("格式"), type=click.Choice(FORMATS), default=None,
        help=N_("term（终端默认）、text（发微信群的纯文本）、md、html、csv（带 BOM 的 UTF-8，Excel 可直接打开）、"
                "xlsx（台账工作簿）或 json。"))
@option("-o", "--output", metavar=N_("文件"), type=click.Path(dir_okay=False),
        help=N_("写入文件而不是标准输出；未给 --format 时按扩展名定格式：.md .html .csv .json .txt .xlsx。"))
@option("--area", metavar=N_("领域"), help=N_("只看这个工作领域（主要目标、工业、十五五 ……）。"))
@option("--owner", metavar=N_("单位"), help=N_("只看牵头单位或责任单位含这段文字的指标。"))
@option("--only", metavar=N_("红,黄"),
        help=N_("只看这些颜色（逗号分隔）：红、黄、绿、灰，或 red、yellow、green、grey。"))
@notify_options
@with_notes_option
@pass_env
def report(env: Env, as_of: str | None, year: int | None, since: str | None, fmt: str | None, output: str | None,
           area: str | None = None, owner: str | None = None, only: str | None = None,
           notify: str | None = None, notify_format: str | None = None, as_known_on: str | None = None,
           year_end: int | None = None) -> None:
    from ..core.weekly import build_report
    from .words import parse_only

    chat_only = notify is not None and fmt is None and output is None
    fmt = fmt or _format_from(output)
    fmt = "text" if fmt == "txt" else fmt
    when, known_on = judging_day(env, as_of, as_known_on)
    if year_end is not None:
        return _year_end(env, year_end, year, since, (notify, notify_format, chat_only), when, known_on, fmt, output,
                         area, owner, only)
    look_at_year(env, when, year)
    ledger = env.ledger()
    start = parse_date_option(since, "--since")
    if start is not None and start > when:
        raise click.BadParameter(_("{start} 晚于周报的最后一天 {end}。").format(start=start, end=when),
                                 param_hint="--since")
    colours = parse_only(only)
    areas = {t.area for t in ledger.targets}
    if area is not None and area not in areas:
        raise click.BadParameter(_("没有指标属于领域“{area}”；现有领域：{areas}。").format(
            area=area, areas="、".join(sorted(areas))), param_hint="--area")

    def include(p: Progress) -> bool:  # the same cuts as kzt status
        return ((area is None or p.target.area == area) and (colours is None or p.status in colours)
                and (owner is None or any(owner in unit for unit in p.target.owner_units)))

    histories, standings = _report_histories(env, when, start, known_on)
    data = build_report(ledger, histories, when, start, include if (area or owner or colours) else None,
                        standings=standings)
    if notify is not None:
        post_report(env, data, notify, notify_format, output)
        if chat_only:
            return
    if fmt == "xlsx":
        return write_workbook(output, data.progress, env, when)
    if fmt == "term" and not output:
        from ..render.terminal import print_report

        print_report(data, env.lang)
        return
    from ..render import documents

    if fmt == "term":
        from ..render.terminal import report_as_text

        text = report_as_text(data, env.lang)
    else:
        text = {
            "md": lambda: documents.markdown(data, env.lang),
            "html": lambda: documents.html_document(data, env.lang),
            "csv": lambda: documents.csv_document(data, env.lang),
            "json": lambda: json_dump(documents.report_data(data, env.lang)) + "\n",
            "text": lambda: report_chat_text(env, data, output) + "\n",
        }[fmt]()
    if output is None and fmt in ("md", "text"):  # to the terminal: names and notes are data
        from ..render.shown import shown_lines

        text = shown_lines(text)
    write_or_echo(text, output)


def _year_end(env: Env, year_end: int, year: int | None, since: str | None,
              notify: tuple[str | None, str | None, bool], when: date, known_on: date | None, fmt: str,
              output: str | None, area: str | None, owner: str | None, only: str | None) -> None:
    """`kzt report --year-end Y`: the 年度目标完成情况 of year Y (closing_views.py); with --notify its
    summary to the work chat (only that, unless --format or -o asks for a document too)."""
    from ..core.year_end import closes_by
    from .closing_views import closing_cut, closings_of, post_year_end, year_end_report
    from .status_cmds import check_area
    from .words import parse_only

    if year is not None and year != year_end:
        raise click.BadParameter(_("--year {year} 与 --year-end {year_end} 不一致；年度完成情况只需 --year-end。")
                                 .format(year=year, year_end=year_end), param_hint="--year")
    if since is not None:
        raise click.BadParameter(_("--year-end 是全年的完成情况，不能与 --since 同用。"), param_hint="--year-end")
    if not closes_by(year_end, when):
        raise click.BadParameter(_("{year} 年尚未结束（评估日 {date}），还不能做年度收尾；"
                                   "年内的进度用 kzt report 或 kzt status --year {year} 查看。").format(
            year=year_end, date=when.isoformat()), param_hint="--year-end")
    look_at_year(env, when, year_end, option_name="--year-end")
    check_area(env, area)
    keep = closing_cut(area, None, owner, parse_only(only))
    closings = closings_of(env, known_histories(env.histories(), known_on), when, year_end, keep)
    url, robot, chat_only = notify
    if url is not None:
        post_year_end(env, closings, year_end, when, url, robot)
        if chat_only:
            return
    year_end_report(env, closings, year_end, when, fmt, output)


def _format_from(output: str | None) -> str:
    """The format -o's extension names; an extension kzt cannot write is refused, not written as Markdown."""
    refusal = _("kzt 不能按“{name}”的扩展名写周报；可用的扩展名：{known}（或用 --format 指定格式）。")
    return format_from(output, EXTENSIONS, refusal)


@command(help=N_("供 cron 使用的检查：一切正常时不输出并以 0 退出，否则列出预警。\n\n"
                 "退出码遵循监控插件惯例：0 正常，1 警告（最差为黄灯或数据陈旧），2 严重（有红灯），"
                 "3 未知（台账无法读取或检查）。\n\n"
                 "\b\n示例：\n    kzt check || echo 有指标需要关注\n"
                 "    0 9 * * 1-5  kzt -f /srv/kzt/targets.toml check | mail -E -s 开州目标预警 office@example.org"))
@as_of_option()
@year_option()
@option("--fail-on", metavar=N_("颜色"), type=click.Choice(["yellow", "red", "黄", "红"]), default="yellow",
        help=N_("从哪种颜色起算检查不通过：yellow/黄（默认，陈旧数据也算）或 red/红。"))
@option("--json", "as_json", is_flag=True, help=N_("以 JSON 输出结果（即使一切正常也输出）。"))
@option("--quiet", "-q", is_flag=True, help=N_("什么都不输出，只看退出码。"))
@option("--group-by", metavar=N_("分组"), type=Words(GROUP_WORDS, GROUP_CHOICES), default=None,
        help=N_("按牵头单位（owner）分组，每个单位一行，便于催报。"))
@notify_options
@click.pass_context
def check(ctx: click.Context, as_of: str | None, year: int | None, fail_on: str, as_json: bool, quiet: bool,
          group_by: str | None = None, notify: str | None = None, notify_format: str | None = None,
          as_known_on: str | None = None) -> None:
    from ..core.alerts import LEVEL_NAMES, UNKNOWN, alerts_for, exit_code
    from ..core.errors import KztError

    fail_on = {"黄": "yellow", "红": "red"}.get(fail_on, fail_on)
    env: Env = ctx.obj
    try:
        from ..core.progress import evaluate_ledger

        when, known_on = judging_day(env, as_of, as_known_on)
        look_at_year(env, when, year, remind=False)
        ledger = env.ledger()
        judged = judged_histories(env, known_on)
        progress = env.mark_unreadable(evaluate_ledger(ledger, judged, when))
        found = alerts_for(progress, fail_on)
        from ..app.findings import check_findings

        findings = check_findings(env, ledger.targets, judged)  # disagreements, orphan files: one line each
        left_out = None
        if year is None:
            from ..core.alerts import left_out_by_closing, quiet_about_closing_year
            from ..core.plan_years import closing_year

            every = found
            found = quiet_about_closing_year(found, closing_year(ledger, when))
            left_out = left_out_by_closing(env.whole_ledger(), ledger, when, judged,
                                           found, every, fail_on)
    except click.BadParameter:
        raise
    except (KztError, OSError) as error:
        if as_json and not quiet:
            click.echo(json_dump({"status": "UNKNOWN", "exit_code": UNKNOWN, "error": str(error), "alerts": []}))
        elif not quiet:
            click.echo(_("{level}（UNKNOWN）：{error}").format(level=_(LEVEL_WORDS[UNKNOWN]), error=error), err=True)
        if notify is not None:  # the office must hear that the check could not run
            post_unknown(env, error, notify, notify_format, UNKNOWN)
        ctx.exit(UNKNOWN)
    from ..core.alerts import WARNING

    code = max(exit_code(found), WARNING if findings else 0)
    if notify is not None and found:  # silence means all is well: nothing to post
        post_alerts(env, found, when, notify, notify_format, code)
    if quiet:
        ctx.exit(code)
    from ..render.due_text import alert_message, check_lines, closing_text, not_yet_due_count

    calendar = ledger.settings.calendar
    if as_json:
        from ..render.data import progress_to_dict

        click.echo(json_dump({
            "status": LEVEL_NAMES[code], "exit_code": code, "as_of": when.isoformat(), "fail_on": fail_on,
            "alerts": [{"level": LEVEL_NAMES[a.level], **progress_to_dict(a.progress),
                        "message": alert_message(a, calendar), "stale_only": a.stale_only} for a in found],
            "not_yet_due": not_yet_due_count(progress),
            "findings": findings,
            "left_to_closing": None if left_out is None else {
                "year": left_out.year, "count": len(left_out.alerts), "milestones": left_out.milestones,
                "ids": [a.progress.target.id for a in left_out.alerts]},
        }))
        ctx.exit(code)
    if found:  # silence means all is well: nothing at all is printed otherwise
        headline = _("{level}（{code}）：截至 {date}，{count} 个指标需要关注").format(
            level=_(LEVEL_WORDS[code]), code=LEVEL_NAMES[code], date=when, count=len(found))
        words = {level: _(word) for level, word in LEVEL_WORDS.items()}
        for line in check_lines(found, progress, calendar, words, headline, group_by, closing_text(left_out)):
            click.echo(line)
    from ..render.shown import shown

    for line in findings:  # target names are the ledger's text: shown, never acted on
        click.echo(shown(line))
    ctx.exit(code)


COMMANDS = [report, check]


def _report_histories(env: Env, when: date, start: date | None, known_on: date | None
                      ) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The histories the weekly report reads, and the standing series to judge by (None: settle them).

    A target nobody typed into after the day before the report's week (its standing series' last_typed,
    from the cache status keeps) has nothing this week and the same history last week: its standing
    series stands in for its history. Only the others' whole histories are read, so a report costs
    what status costs plus the targets that moved. With --as-known-on, every whole history, cut."""
    if known_on is not None:
        return known_histories(env.histories(), known_on), None
    standings = env.standings()
    before_day = ((start or when - timedelta(days=6)) - timedelta(days=1)).isoformat()
    typed = [target_id for target_id, series in standings.items() if series.last_typed > before_day]
    whole = env.histories(typed, quiet=True) if typed else {}  # their problems were told with the standings
    return {target_id: whole.get(target_id, series) for target_id, series in standings.items()}, standings

