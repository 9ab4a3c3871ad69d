"""`kzt status`: where every target stands against 序时进度."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import click

from ..app.context import Env
from ..i18n import N_, _

if TYPE_CHECKING:
    from ..core.progress import Progress

from .common import (
    as_of_option,
    command,
    json_dump,
    judged_histories,
    judging_day,
    look_at_year,
    option,
    pass_env,
    year_option,
)
from .delivery import refuse_output_but_xlsx, status_output_options, write_workbook
from .words import GROUP_CHOICES, GROUP_WORDS, KIND_CHOICES, KIND_WORDS, Words, parse_only


def check_area(env: Env, area: str | None) -> None:
    areas = {t.area for t in env.ledger().targets}
    if area is not None and area not in areas:
        raise click.BadParameter(_("没有指标属于领域“{area}”；现有领域：{areas}。").format(
            area=area, areas="、".join(sorted(areas))), param_hint="--area")


def select_progress(env: Env, as_of: str | None, area: str | None, kind: str | None,
                    owner: str | None, as_known_on: str | None = None,
                    year: int | None = None) -> tuple[date, list[Progress]]:
    from ..core.progress import evaluate_ledger

    when, known_on = judging_day(env, as_of, as_known_on)
    look_at_year(env, when, year)
    ledger = env.ledger()
    check_area(env, area)
    progress = env.mark_unreadable(evaluate_ledger(ledger, judged_histories(env, known_on), when))
    if area:
        progress = [p for p in progress if p.target.area == area]
    if kind:
        progress = [p for p in progress if p.target.kind == kind]
    if owner:
        progress = [p for p in progress if any(owner in unit for unit in p.target.owner_units)]
    return when, progress


@command(help=N_("显示每个指标的完成率、序时进度、差距和红黄绿灯。一年结束后，--year 该年显示年度目标完成情况"
                 "（完成、基本完成、未完成）；一、二月里上一年的年度目标列在“年度收尾”一节。\n\n"
                 "\b\n示例：\n    kzt status --only 红,黄\n    kzt status --as-of 2026-09-30 --area 工业 --json\n"
                 "    kzt status --year 2026 --json"))
@as_of_option()
@year_option()
@option("--area", metavar=N_("领域"), help=N_("只看这个工作领域（主要目标、工业、十五五 ……）。"))
@option("--kind", metavar=N_("类型"), type=Words(KIND_WORDS, KIND_CHOICES),
        help=N_("只看这一类指标：增速、累计、水平、底线、控制线、节点、相对。"))
@option("--owner", metavar=N_("单位"), help=N_("只看牵头单位或责任单位含这段文字的指标。"))
@option("--only", metavar=N_("红,黄"),
        help=N_("只看这些颜色（逗号分隔）：红、黄、绿、灰，或 red、yellow、green、grey。"))
@option("--group-by", metavar=N_("分组"), type=Words(GROUP_WORDS, GROUP_CHOICES), default="area",
        help=N_("按工作领域（area，默认）或牵头单位（owner）分组。"))
@option("--json", "as_json", is_flag=True, help=N_("输出 JSON 列表而不是表格。"))
@status_output_options
@pass_env
def status(env: Env, as_of: str | None, year: int | None, area: str | None, kind: str | None, owner: str | None,
           only: str | None, group_by: str, as_json: bool, fmt: str | None = None, output: str | None = None,
           as_known_on: str | None = None) -> None:
    colours = parse_only(only)
    if year is not None and _after_year(env, year, as_of, as_known_on):
        return _year_closing(env, as_of, as_known_on, year, area, kind, owner, colours, as_json, fmt, output,
                             group_by)
    when, progress = select_progress(env, as_of, area, kind, owner, as_known_on, year)
    if colours:
        progress = [p for p in progress if p.status in colours]
    if fmt == "xlsx" or (fmt is None and output and output.lower().endswith(".xlsx")):
        return write_workbook(output, progress, env, when)
    refuse_output_but_xlsx(output)
    from ..core.plan_years import closing_year

    closing = closing_year(env.ledger(), when) if year is None else None
    if as_json or fmt == "json":
        from ..render.data import progress_to_dict

        closings = {}
        if closing is not None:  # last year's targets carry their closing as well (kzt status in Jan–Feb)
            from .closing_views import closing_entries

            closings = closing_entries(env, progress, judged_histories(env, _known_on(env, as_of, as_known_on)),
                                       closing, when)
        # Keyed by id, and given only to last year's target: in the window 2027's target of the same
        # indicator is listed too, with the same id.
        click.echo(json_dump([progress_to_dict(p) | ({"closing": closings[p.target.id]}
                                                     if p.target.id in closings and p.target.deadline.year == closing
                                                     else {}) for p in progress]))
        return
    from ..render.status_table import print_status

    if closing is not None and any(p.target.deadline.year == closing for p in progress):
        from .closing_views import print_window_status

        histories = judged_histories(env, _known_on(env, as_of, as_known_on))
        return print_window_status(env, progress, histories, closing, when, env.lang, group_by)
    ledger = env.ledger()
    title = _("{name} — 评估日 {date}").format(name=ledger.name, date=when.isoformat())
    print_status(progress, env.lang, title, group_by)


def _known_on(env: Env, as_of: str | None, as_known_on: str | None) -> date | None:
    return judging_day(env, as_of, as_known_on)[1]


def _after_year(env: Env, year: int, as_of: str | None, as_known_on: str | None) -> bool:
    from ..core.year_end import closes_by

    return closes_by(year, judging_day(env, as_of, as_known_on)[0])


def _year_closing(env: Env, as_of: str | None, as_known_on: str | None, year: int, area: str | None,
                  kind: str | None, owner: str | None, colours: set[str] | None, as_json: bool, fmt: str | None,
                  output: str | None, group_by: str) -> None:
    """`kzt status --year Y` after the year: the closing of Y's annual targets (closing_views.py)."""
    from .closing_views import closing_cut, closings_of, show_year_closing

    when, known_on = judging_day(env, as_of, as_known_on)
    look_at_year(env, when, year)
    check_area(env, area)
    closings = closings_of(env, judged_histories(env, known_on), when, year, closing_cut(area, kind, owner, colours))
    show_year_closing(env, closings, year, when, as_json, fmt, output, group_by)


COMMANDS = [status]
