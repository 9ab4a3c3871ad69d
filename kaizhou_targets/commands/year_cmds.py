"""`kzt year`: the years of the plan in one ledger (plan_years.py)."""

from __future__ import annotations

from pathlib import Path

import click

from ..app.context import Env
from ..i18n import N_, _
from .common import KztSubgroup, argument, option, pass_env


@click.group(name="year", cls=KztSubgroup, help=N_(
    "台账的年份：十五五期间每年的目标在同一本台账里，指标编号和历史数据跨年延续。\n\n"
    "\b\n示例：\n    kzt year list\n    kzt year add 2027 --source seeds/2027年政府工作报告.txt"))
def year_group() -> None:
    pass


@year_group.command(name="add", short_help=N_("加入新的一年：登记报告，带入各指标，目标待填。"), help=N_(
    "加入新的一年：登记该年的政府工作报告，并把上一年每个逐年设定的数量指标带入新的一年，"
    "目标留空待填（kzt set … --year）。节点任务留在原来的年份，十五五目标不变。\n\n"
    "\b\n示例：\n    kzt year add 2027 --source seeds/2027年政府工作报告.txt\n"
    "    kzt set 城镇新增就业 target 7500 --year 2027 --note 2027年政府工作报告"))
@argument("year", metavar=N_("年份"), type=int)
@option("--source", "source", metavar=N_("报告文件"), required=True, type=click.Path(dir_okay=False),
        help=N_("该年政府工作报告的文本文件；不在台账的 seeds/ 文件夹中时复制过去。"))
@option("--name", "name", metavar=N_("名称"), default="", help=N_("该年台账的名称（可选）。"))
@pass_env
def year_add(env: Env, year: int, source: str, name: str) -> None:
    from ..storage.ledger_file import refuse_bundled
    from ..storage.ledger_years import add_year

    refuse_bundled(env.location)
    if not 1900 <= year <= 2200:
        raise click.BadParameter(_("“{year}”不是年份。").format(year=year), param_hint=_("年份"))
    carried = add_year(env.path, env.whole_ledger(), year, Path(source), name.strip())
    click.echo(_("已加入 {year} 年（出处 {source}）；{count} 个指标带入新的一年，目标待填。"
                 "用 kzt targets --year {year} 查看，kzt verify 列出尚未填写的。").format(
        year=year, source=Path(source).name, count=len(carried)), err=True)


@year_group.command(name="list", short_help=N_("列出台账的年份、报告和待填目标的个数。"), help=N_(
    "列出台账的年份、各年的报告，以及已填和待填目标的个数。\n\n\b\n示例：\n    kzt year list"))
@pass_env
def year_list(env: Env) -> None:
    from ..core.plan_years import declared_years, targets_of_year

    ledger = env.whole_ledger()
    for year in declared_years(ledger):
        chosen = targets_of_year(ledger, year)
        annual = [t for t in chosen if t.is_annual]
        pending = [t for t in annual if t.kind != "milestone" and t.goal is None]
        report = ledger.year_sources.get(year) or ledger.source_file
        click.echo(_("{year}  {report}  年度指标 {annual} 个（待填 {pending} 个），多年目标 {plan} 个").format(
            year=year, report=report, annual=len(annual), pending=len(pending),
            plan=len(chosen) - len(annual)))


COMMANDS = [year_group]
