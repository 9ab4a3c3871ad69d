"""`kzt year`: the years of the plan in one ledger (plan_years.py)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..app.context import Env
from ..i18n import N_, _
from .common import KztSubgroup, argument, json_dump, option, pass_env, stdin_is_terminal

if TYPE_CHECKING:
    from ..core.model import Ledger
    from ..core.year_proposals import Proposal, YearReview


@click.group(name="year", cls=KztSubgroup, help=N_(
    "台账的年份：十五五期间每年的目标在同一本台账里，指标编号和历史数据跨年延续。\n\n"
    "\b\n示例：\n    kzt year list\n    kzt year add 2027 --source seeds/2027年政府工作报告.txt"))
def year_group() -> None:
    pass


@year_group.command(name="add", short_help=N_("加入新的一年：登记报告，按报告建议各指标的目标，确认后写入。"), help=N_(
    "加入新的一年：登记该年的政府工作报告，并把上一年每个逐年设定的数量指标带入新的一年。"
    "节点任务留在原来的年份，十五五目标不变。\n\n"
    "kzt 先读报告：按指标名称和往年出处的说法在报告中找到各指标的新目标，列成对照表（指标、上一年目标、"
    "建议目标、报告原话），并列出报告中有而台账中没有的承诺、报告不再提到的指标。报告第一部分回顾的是"
    "上一年的完成情况，那里的数只作基期，从不作新目标。确认之前什么都不写：--yes 采用全部可直接采用的建议；"
    "在终端中逐条询问（y 采用 / n 不采用 / a 其余全部采用 / q 其余都不采用，Ctrl-C 什么都不写）。"
    "采用的建议连同报告原话（逐字）和注明报告的 target_note 写入；其余指标的目标留空待填，"
    "用 kzt set … --year 填写。--empty 不采用任何建议。\n\n"
    "\b\n示例：\n    kzt year add 2027 --source seeds/2027年政府工作报告.txt\n"
    "    kzt year add 2027 --source seeds/2027年政府工作报告.txt --json\n"
    "    kzt year add 2027 --source seeds/2027年政府工作报告.txt --yes\n"
    "    kzt set 城镇新增就业 target 7500 --year 2027 --note 2027年政府工作报告"))
@argument("year", metavar=N_("年份"), type=int)
@option("--source", "source", metavar=N_("报告文件"), required=True, type=click.Path(dir_okay=False),
        help=N_("该年政府工作报告的文本文件；不在台账的 seeds/ 文件夹中时复制过去。"))
@option("--name", "name", metavar=N_("名称"), default="", help=N_("该年台账的名称（可选）。"))
@option("--yes", "-y", "accept_all", is_flag=True, help=N_("采用全部可直接采用的建议，不逐条询问。"))
@option("--empty", "none", is_flag=True, help=N_("不采用任何建议：只加入年份，各指标目标留空待填。"))
@option("--json", "as_json", is_flag=True,
        help=N_("以 JSON 输出建议（供脚本使用）；不加 --yes 或 --empty 时只输出，不写入。"))
@pass_env
def year_add(env: Env, year: int, source: str, name: str, accept_all: bool, none: bool, as_json: bool) -> None:
    from ..core.report_reader import read_report
    from ..core.year_proposals import propose_year
    from ..render.shown import shown_lines
    from ..storage.ledger_file import refuse_bundled
    from ..storage.ledger_years import add_year, check_new_year
    from ..storage.report_files import read_report_file

    refuse_bundled(env.location)
    if not 1900 <= year <= 2200:
        raise click.BadParameter(_("“{year}”不是年份。").format(year=year), param_hint=_("年份"))
    if accept_all and none:
        raise click.UsageError(_("--yes 与 --empty 只能选一个：--yes 采用全部建议，--empty 一条都不采用。"))
    ledger = env.whole_ledger()
    check_new_year(ledger, year)
    report = Path(source)
    reading = read_report(read_report_file(report))
    if reading.year is not None and reading.year != year and reading.commitments:
        raise click.BadParameter(_("{file} 是 {found} 年的报告（见其标题或第三部分的标题），不是 {year} 年的；"
                                   "请给出 {year} 年的政府工作报告。没有改动任何内容。").format(
            file=report.name, found=reading.year, year=year), param_hint="--source")
    review = propose_year(ledger, reading, year)
    accepted = _choose(review, ledger, report.name, accept_all, none, as_json, bool(reading.commitments))
    if accepted is None:
        return  # --json without --yes/--empty: the proposals only
    note = f"{year}年政府工作报告（{report.name}）"  # data of the ledger: Chinese, like the report it names
    terms = {p.id: p.terms(note) for p in accepted}
    carried = add_year(env.path, ledger, year, report, name.strip(), terms)
    if as_json:
        from ..render.year_review import review_data

        click.echo(json_dump(review_data(review, set(terms), True, report.name)))
    click.echo(shown_lines(_("已加入 {year} 年（出处 {source}）；{count} 个指标带入新的一年，其中 {filled} 个按报告填入"
                             "目标和原话，其余 {left} 个目标待填。用 kzt targets --year {year} 查看，kzt verify "
                             "列出尚未填写的。").format(
        year=year, source=report.name, count=len(carried), filled=len(terms), left=len(carried) - len(terms))),
        err=True)


def _choose(review: YearReview, ledger: Ledger, report: str, accept_all: bool, none: bool, as_json: bool,
            read_any: bool) -> list[Proposal] | None:
    """The proposals a person accepts: all ready ones (--yes), none (--empty), or row by row in a
    terminal. None when nothing may be written yet (--json alone; elsewhere without a terminal, an
    error saying how to accept)."""
    from ..core.plan_years import declared_years
    from ..render.year_review import print_review, review_data

    if none:
        return []
    if as_json:
        if accept_all:
            return list(review.ready)
        click.echo(json_dump(review_data(review, set(), False, report)))
        return None
    if read_any:
        print_review(review, max(declared_years(ledger)))
    if accept_all or not review.ready:
        return list(review.ready)
    if not stdin_is_terminal():
        raise click.ClickException(_(
            "没有写入：{count} 条建议需要确认。加 --yes 采用全部可直接采用的建议（上表中没有 ⚠ 的各行），"
            "或在终端中运行以逐条确认；加 --empty 只加入年份、目标全部留空；加 --json 输出建议供脚本使用。").format(
            count=len(review.ready)))
    return _ask_each(review.ready)


ANSWERS = {"y": "y", "yes": "y", "是": "y", "采用": "y", "n": "n", "no": "n", "否": "n", "不": "n",
           "a": "a", "all": "a", "全部": "a", "q": "q", "quit": "q", "退出": "q"}


def _ask_each(ready: tuple[Proposal, ...]) -> list[Proposal]:
    """y/n/all/quit for each ready proposal; Ctrl-C or the end of input cancels everything."""
    from ..render.year_review import how_to_answer, question

    click.echo(how_to_answer(), err=True)
    chosen: list[Proposal] = []
    for number, proposal in enumerate(ready, 1):
        while True:
            try:
                answer = click.prompt(question(proposal, number, len(ready)), default="", show_default=False,
                                      err=True, prompt_suffix=" ")
            except click.Abort:
                click.echo(err=True)
                click.echo(_("已取消，没有改动任何内容。"), err=True)
                raise click.exceptions.Exit(1) from None
            choice = ANSWERS.get(answer.strip().lower())
            if choice is not None:
                break
            click.echo(_("请回答 y（采用）、n（不采用）、a（这条及其余全部采用）或 q（其余都不采用）。"), err=True)
        if choice == "q":
            break
        if choice == "a":
            chosen.extend(ready[number - 1:])
            break
        if choice == "y":
            chosen.append(proposal)
    return chosen


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
