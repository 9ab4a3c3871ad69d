"""Commands that look at the ledger itself: init, verify, targets, show."""

from __future__ import annotations

from pathlib import Path

import click

from ..app.context import Env
from ..i18n import N_, _, join_items
from .common import (
    argument,
    as_of_option,
    command,
    complete_target,
    json_dump,
    judging_day,
    known_histories,
    look_at_year,
    option,
    pass_env,
    year_option,
)
from .words import KIND_CHOICES, KIND_WORDS, Words


@command(help=N_("把自带的 2026 年台账复制一份可写的到目录中。\n\n"
                 "副本包括出处报告（seeds/），所以在那里 `kzt verify` 也能用。\n\n"
                 "\b\n示例：\n    kzt init ~/kaizhou-2026 && cd ~/kaizhou-2026 && kzt status"))
@argument("directory", metavar=N_("目录"), default=".", type=click.Path(file_okay=False))
@option("--force", is_flag=True, help=N_("覆盖目录中已有的 targets.toml。"))
def init(directory: str, force: bool) -> None:
    from ..storage.ledger_file import init_ledger

    path = init_ledger(Path(directory), force=force)
    click.echo(_("已写入 {path}。录入的数据将保存在 {folder}。").format(path=path, folder=path.parent / "figures"),
               err=True)
    click.echo(str(path))


@command(help=N_("检查台账：键、类型、数字、日期、编号和出处。\n\n"
                 "每条出处原话都必须在它所注明的报告中逐字出现；每个已录数据都必须能读懂。"
                 "有问题时以 1 退出，并逐条列出 文件:行。\n\n"
                 "\b\n示例：\n    kzt verify && echo 台账无误"))
@pass_env
def verify(env: Env) -> None:
    from ..app.clock import now
    from ..core.findings import figure_findings
    from ..core.validation import check_provenance
    from ..core.year_tables import every_year_ledger, unfilled_year_terms
    from ..storage.checkup import survey
    from ..storage.figures import read_histories, shard_path
    from ..storage.ledger_file import load_ledger, outside_sources, read_sources

    ledger, problems = load_ledger(env.path)
    if ledger is not None:
        every_year = every_year_ledger(ledger)  # each year's targets against that year's report
        problems += outside_sources(every_year) + check_provenance(every_year, read_sources(every_year))
        problems += unfilled_year_terms(ledger)
        # What is damaged under figures/ is decided by the survey alone, the one `kzt repair` moves by.
        problems += survey(env.path).everything()
        ids = [t.id for t in ledger.targets]
        histories, _problems = read_histories(env.path, ids)  # their problems are the survey's
        problems += figure_findings(ledger.targets, histories, now(ledger.settings.timezone),
                                    {i: str(shard_path(env.path, i)) for i in ids})
    errors = [p for p in problems if p.severity == "error"]
    for problem in problems:
        severity = _("错误") if problem.severity == "error" else _("警告")
        click.echo(_("{severity}：{problem}").format(severity=severity, problem=problem), err=True)
    if errors:
        raise click.ClickException(_("{path}：发现 {count} 处问题；请按上面列出的文件和行逐一改正。").format(
            path=env.path, count=len(errors)))
    count = len(ledger.targets) if ledger else 0
    click.echo(_("{path}：{count} 个指标，全部检查通过。").format(path=env.path, count=count), err=True)


@command(name="targets", help=N_("列出指标，可按领域、类型、单位或文字筛选。\n\n"
                                   "\b\n示例：\n    kzt targets --area 生态\n    kzt targets --kind 累计\n"
                                   "    kzt targets 贷款 --json"))
@option("--area", metavar=N_("领域"), help=N_("只看这个工作领域（主要目标、工业、十五五 ……）。"))
@option("--kind", metavar=N_("类型"), type=Words(KIND_WORDS, KIND_CHOICES),
        help=N_("只看这一类指标：增速、累计、水平、底线、控制线、节点、相对。"))
@option("--owner", metavar=N_("单位"), help=N_("只看牵头单位或责任单位含这段文字的指标。"))
@year_option()
@argument("text", metavar=N_("文字"), required=False)
@option("--json", "as_json", is_flag=True, help=N_("输出 JSON 列表而不是表格。"))
@pass_env
def targets_command(env: Env, area: str | None, kind: str | None, owner: str | None,
                    text: str | None, as_json: bool, year: int | None = None) -> None:
    from ..core.lookup import matching_targets
    from ..render.data import target_to_dict

    look_at_year(env, env.today(), year)
    ledger = env.ledger()
    chosen = list(ledger.targets)
    if area is not None:
        areas = {t.area for t in chosen}
        if area not in areas:
            raise click.BadParameter(_("没有指标属于领域“{area}”；现有领域：{areas}。").format(
                area=area, areas="、".join(sorted(areas))), param_hint="--area")
        chosen = [t for t in chosen if t.area == area]
    if kind:
        chosen = [t for t in chosen if t.kind == kind]
    if owner:
        chosen = [t for t in chosen if any(owner in unit for unit in t.owner_units)]
    if text:
        chosen = matching_targets(text, chosen)
    if as_json:
        click.echo(json_dump([target_to_dict(t) for t in chosen]))
        return
    from ..render.terminal import print_targets

    print_targets(chosen, env.lang)


@command(help=N_("查看一个指标：出处原话、基期、状态和历史数据。\n\n"
                 "指标可以是编号，或中文名称中唯一的一段。\n\n"
                 "\b\n示例：\n    kzt show 港口"))
@argument("target", metavar=N_("指标"), shell_complete=complete_target)
@option("--json", "as_json", is_flag=True, help=N_("输出 JSON 而不是文字。"))
@as_of_option()
@year_option()
@pass_env
def show(env: Env, target: str, as_json: bool, as_of: str | None = None, as_known_on: str | None = None,
         year: int | None = None) -> None:
    from ..core.history import figures_of
    from ..core.lookup import find_target
    from ..core.plan_years import years_of
    from ..core.progress import evaluate_ledger
    from ..render.data import figure_to_dict, progress_to_dict, target_to_dict

    found = find_target(target, env.ledger().targets)
    when, known_on = judging_day(env, as_of, as_known_on)
    # The indicator as the year asked for (or the judging day's) sets it; a one-off task of an
    # earlier year is shown as written.
    years = years_of(env.whole_ledger(), found)
    # By default the latest year up to the judging day's that sets the indicator (2027's in 2028).
    chosen = year if year is not None else max((y for y in years if y <= when.year), default=when.year)
    if chosen in years:
        look_at_year(env, when, chosen)
    elif year is not None:
        raise click.BadParameter(_("{name}（{id}）在 {year} 年没有目标；它有目标的年份：{years}。").format(
            name=found.name, id=found.id, year=year, years=join_items(list(map(str, years)))),
            param_hint="--year")
    ledger = env.ledger()
    found = next(t for t in ledger.targets if t.id == found.id)
    ids = [found.id] + ([found.relative_to] if found.relative_to else [])
    histories = known_histories(env.histories(ids), known_on)
    progress = next(p for p in env.mark_unreadable(evaluate_ledger(ledger, histories, when))
                    if p.target.id == found.id)
    figures = figures_of(histories.get(found.id, []))
    from ..core.judging import rule_of
    from ..render.year_end_rules import rule_text

    # How the year closes (core/judging.py): an annual target's; a multi-year goal is judged by kzt plan.
    closing_rule = rule_text(found, rule_of(found, ledger.settings)) if found.is_annual else ""
    if as_json:
        click.echo(json_dump({**target_to_dict(found), "closing_rule": closing_rule,
                              "progress": progress_to_dict(progress), "figures": [figure_to_dict(f) for f in figures]}))
        return
    from ..render.terminal import print_target

    print_target(found, progress, figures, env.lang, closing_rule)


COMMANDS = [init, verify, targets_command, show]
