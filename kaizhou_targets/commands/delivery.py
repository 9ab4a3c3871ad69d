"""What `report`, `status` and `check` share for the Excel 台账 and the work-chat robots.

Kept out of the command modules so that each of them needs only a line or
two to call it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..i18n import N_, _
from .common import option

if TYPE_CHECKING:
    from ..app.context import Env
    from ..core.alerts import Alert
    from ..core.progress import Progress
    from ..core.weekly import WeeklyReport

from ..core.notify_settings import FROM_LEDGER, Mentions
from ..core.notify_settings import NOTIFY_FORMATS as ROBOT_FORMATS

MENTIONS = "kzt_mentions"  # ctx.meta key: whom --at / --at-all name
MOBILE = re.compile(r"^1\d{10}$")


def _remember_mobiles(ctx: click.Context, _param: click.Parameter, value: tuple[str, ...]) -> None:
    mobiles = tuple(v.strip().replace(" ", "").replace("-", "") for v in value)
    for mobile in mobiles:
        if not MOBILE.match(mobile):
            raise click.BadParameter(_("“{value}”不是11位手机号；--at 后写要 @ 的人的手机号，如 --at 13800000000。")
                                     .format(value=mobile), param_hint="--at")
    ctx.meta[MENTIONS] = ctx.meta.get(MENTIONS, Mentions())._replace(mobiles=mobiles)


def _remember_everyone(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    ctx.meta[MENTIONS] = ctx.meta.get(MENTIONS, Mentions())._replace(everyone=value)


def mentions() -> Mentions:
    """Whom this run's --at / --at-all name (kept in ctx.meta: the commands' signatures stay as they were)."""
    context = click.get_current_context(silent=True)
    found = context.meta.get(MENTIONS) if context is not None else None
    return found if isinstance(found, Mentions) else Mentions()


def notify_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--notify [URL], --notify-format, --at and --at-all, for report and check."""
    command = option("--at-all", is_flag=True, expose_value=False, callback=_remember_everyone,
                     help=N_("推送时 @所有人（企业微信、钉钉、飞书都支持）。"))(command)
    command = option("--at", metavar=N_("手机号"), multiple=True, expose_value=False, callback=_remember_mobiles,
                     help=N_("推送时 @这个手机号的群成员，可重复（企业微信、钉钉支持；飞书群机器人不支持）。"))(command)
    command = option("--notify-format", "notify_format", type=click.Choice(ROBOT_FORMATS), default=None,
                     help=N_("机器人消息格式：wecom（企业微信 markdown）、wecom-text、dingtalk（钉钉 markdown）、"
                             "feishu（飞书 post）、feishu-text；默认按地址的主机名判断。"))(command)
    return option("--notify", "notify", metavar="[URL]", is_flag=False, flag_value=FROM_LEDGER, default=None,
                  help=N_("把简短文本推送到工作群机器人。不给 URL 时用台账 [settings.notify] 的 url_env "
                          "所指环境变量中的地址。"))(command)


def sheet_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """--sheet NAME for `kzt import FILE.xlsx`."""
    return option("--sheet", metavar="NAME",
                  help=N_("FILE 是 Excel 工作簿（.xlsx）时读取的工作表（默认第一个）。"))(command)


WITH_NOTES = "kzt_with_notes"  # ctx.meta key: --with-notes was given


def with_notes_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """--with-notes for the 台账 workbook (status and report): the 推进情况/存在问题/下步措施 columns.
    Kept in ctx.meta, so a command's own signature does not change for an option of its workbook."""
    def remember(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
        ctx.meta[WITH_NOTES] = value

    return option("--with-notes", is_flag=True, expose_value=False, callback=remember,
                  help=N_("xlsx 台账加上推进情况、存在问题、下步措施三列，取自牵头单位录入数据时写的备注"
                          "（“推进情况：…；存在问题：…；下步措施：…”）。"))(command)


def status_output_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--format term|json|xlsx, -o FILE and --with-notes for `kzt status`."""
    command = with_notes_option(command)
    command = option("-o", "--output", metavar="FILE", type=click.Path(dir_okay=False),
                     help=N_("写入文件（xlsx 格式必需）。"))(command)
    return option("--format", "fmt", type=click.Choice(["term", "json", "xlsx"]), default=None,
                  help=N_("输出格式：term（表格，默认）、json，或 xlsx（台账工作簿，需 -o）。"))(command)


def write_workbook(path: str | None, progress: Sequence[Progress], env: Env, when: date) -> None:
    """The 台账 workbook to `path` (-o is required: a workbook is not for a terminal)."""
    if not path:
        raise click.UsageError(_("xlsx 格式需要用 -o 指定文件名，例如 -o 台账.xlsx。"))
    from ..render.xlsx import workbook_bytes
    from ..storage.output import write_atomically

    ledger = env.ledger()
    notes = None
    if click.get_current_context().meta.get(WITH_NOTES):
        from ..core.work_notes import latest_notes

        notes = latest_notes(env.histories([p.target.id for p in progress]), when)
    write_atomically(Path(path), workbook_bytes(progress, ledger.name, when, ledger.settings.bands, env.lang,
                                                ledger.settings.reporting_unit, notes))
    click.echo(_("已写入 {path}").format(path=path), err=True)


def refuse_output_but_xlsx(path: str | None) -> None:
    """`kzt status -o FILE` writes only the workbook; a table or JSON goes to stdout (redirect it)."""
    if path:
        raise click.UsageError(_("kzt status 的 -o 只用于 --format xlsx；表格和 JSON 输出到屏幕，"
                                 "可用 > 文件名 重定向。"))


def _where_full_report(env: Env, output: str | None) -> str:
    return env.ledger().settings.notify.full_report or output or "kzt report"


def report_chat_text(env: Env, data: WeeklyReport, output: str | None = None) -> str:
    from ..render.chat import report_text

    return report_text(data, env.lang, where=_where_full_report(env, output))


def post_report(env: Env, data: WeeklyReport, notify: str, notify_format: str | None, output: str | None) -> None:
    """Post the weekly report's chat form; a failure is an error of the report (exit 1)."""
    from ..app.notify import post_all, resolve
    from ..render.chat import report_text, robot_bodies, robot_fits

    settings = env.ledger().settings.notify
    destination = resolve(notify, notify_format, settings)
    asked = mentions()
    refuse_mention(destination.robot, asked)
    where = _where_full_report(env, output)
    text = report_text(data, env.lang, robot_fits(destination.robot), where, inert=True)
    post_all(destination, robot_bodies(destination.robot, text, where, asked))


def refuse_mention(robot: str, asked: Mentions) -> None:
    from ..core.errors import InputError
    from ..render.chat import unsupported_mention

    why = unsupported_mention(robot, asked)
    if why:
        raise InputError(why)


def _say_not_posted(error: Exception, code: int) -> None:
    from ..app.notify import NotifyError

    reason = str(error).replace("\n", " ")
    line = reason if isinstance(error, NotifyError) else _("未推送：{reason}").format(reason=reason)
    click.echo(line + _("检查结果照常以退出码 {code} 返回。").format(code=code), err=True)


def post_unknown(env: Env, failure: Exception, notify: str, notify_format: str | None, code: int) -> None:
    """The check could not run (a broken ledger): say so in the chat, with the first line of why.
    Only an explicit --notify URL can work here, or the ledger's settings if it loaded."""
    from ..app.notify import post_all, resolve
    from ..core.errors import KztError
    from ..core.model import NotifySettings
    from ..render.chat import chat_safe, robot_bodies

    try:
        try:
            settings = env.ledger().settings.notify
        except (KztError, OSError):
            settings = NotifySettings()
        destination = resolve(notify, notify_format, settings)
        asked = mentions()
        refuse_mention(destination.robot, asked)
        reason = chat_safe(str(failure).splitlines()[0][:300])
        text = _("【目标预警】无法完成检查：{reason}").format(reason=reason)
        post_all(destination, robot_bodies(destination.robot, text, "", asked))
    except KztError as error:
        _say_not_posted(error, code)


def post_alerts(env: Env, alerts: Sequence[Alert], when: date, notify: str, notify_format: str | None,
                code: int) -> None:
    """Post the check's alerts. Never raises: a failed post is one line on stderr, and the
    check's own exit code stands, so cron still sees the state of the targets."""
    from ..app.notify import post_all, resolve
    from ..core.errors import KztError
    from ..render.chat import alerts_text, robot_bodies, robot_fits

    try:
        ledger = env.ledger()
        destination = resolve(notify, notify_format, ledger.settings.notify)
        asked = mentions()
        refuse_mention(destination.robot, asked)
        where = ledger.settings.notify.full_report or "kzt check"
        text = alerts_text(alerts, ledger.name, when, env.lang, robot_fits(destination.robot), where,
                           ledger.settings.calendar, inert=True)
        post_all(destination, robot_bodies(destination.robot, text, where, asked))
    except KztError as error:
        _say_not_posted(error, code)
