"""`kzt plan`: the five-year goals (十五五) against their straight path and pace, and the 中期评估."""

from __future__ import annotations

import click

from ..app.context import Env
from ..i18n import N_, _
from .common import (
    as_of_option,
    command,
    format_from,
    json_dump,
    judged_histories,
    judging_day,
    option,
    pass_env,
    write_or_echo,
)

# term (alias terminal): plain text for the terminal.
FORMATS = ("term", "terminal", "md", "html", "json")
EXTENSIONS = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".json": "json", ".txt": "term"}


@command(help=N_("规划目标推进情况：每个“十五五”目标的基期、目标、历年年末值、年均增速要求与实际、"
                 "2030年预计和序时进度判断。\n\n"
                 "--midterm 给出中期评估的写法：总体判断、各指标是否时间过半、任务过半、重大任务和需要关注的问题。\n\n"
                 "\b\n示例：\n    kzt plan\n    kzt plan --midterm --as-of 2028-06-30 -o 中期评估.html\n"
                 "    kzt plan --format json"))
@as_of_option()
@option("--format", "fmt", metavar=N_("格式"), type=click.Choice(FORMATS), default=None,
        help=N_("term（终端默认）、md、html（每个目标附一张图）或 json。"))
@option("-o", "--output", metavar=N_("文件"), type=click.Path(dir_okay=False),
        help=N_("写入文件而不是标准输出；未给 --format 时按扩展名定格式：.md .html .json .txt。"))
@option("--midterm", is_flag=True, help=N_("按中期评估的格式输出（总体判断、时间过半任务过半、需要关注的问题）。"))
@option("--tolerance", metavar=N_("百分点"), type=float, default=None,
        help=N_("差距在正负这么多个百分点以内算符合序时进度（默认：台账的 schedule_yellow_pp，年均增速目标用 "
                "growth_yellow_pp）。"))
@pass_env
def plan(env: Env, as_of: str | None, fmt: str | None, output: str | None, midterm: bool,
         tolerance: float | None, as_known_on: str | None = None) -> None:
    from ..core.plan_pace import plan_view

    if tolerance is not None and not tolerance >= 0:
        raise click.BadParameter(_("容差必须是不小于0的百分点数，例如 0.5。"), param_hint="--tolerance")
    fmt = fmt or format_from(output, EXTENSIONS, _("kzt plan 不能按“{name}”的扩展名写文件；可用的扩展名：{known}"
                                                    "（或用 --format 指定格式）。"))
    fmt = "term" if fmt == "terminal" else fmt
    ledger = env.ledger()
    when, known_on = judging_day(env, as_of, as_known_on)
    view = plan_view(ledger, judged_histories(env, known_on), when, tolerance)
    if fmt == "json":
        from ..render.plan_data import plan_to_dict

        text = json_dump(plan_to_dict(view, ledger.name)) + "\n"
    else:
        from ..render.plan_layout import plan_document
        from ..render.plan_midterm import midterm_document

        document = (midterm_document if midterm else plan_document)(ledger.name, view)
        if fmt == "html":
            from ..render.plan_html import html_document

            text = html_document(document)
        elif fmt == "md":
            from ..render.plan_view import markdown

            text = markdown(document)
        else:
            from ..render.plan_view import terminal_text

            text = terminal_text(document)
    write_or_echo(text, output)


COMMANDS = [plan]
