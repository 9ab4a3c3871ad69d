"""Commands that add to the history: record, history, undo, import."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from ..app.context import Env

if TYPE_CHECKING:
    from ..core.drafting import Recorded

from ..i18n import N_, _
from ..render.shown import shown_lines
from .common import (
    argument,
    ask_in_terminal,
    command,
    complete_target,
    confirm_or_cancel,
    json_dump,
    option,
    pass_env,
    stdin_is_terminal,
)
from .delivery import sheet_option


def _confirmation(recorded: Recorded, lang: str) -> str:
    from ..core.drafting import describe_entry
    from ..render.phrases import label, phrase

    entry, target, progress = recorded.entry, recorded.progress.target, recorded.progress
    line = _("已记录 {name}（{id}）：{value}，数据期 {period}；{phrase} [{colour}]").format(
        name=target.name, id=target.id, value=describe_entry(entry, target), period=entry.as_of,
        phrase=phrase(progress, lang), colour=label(progress.status, lang))
    if recorded.increment:
        base = recorded.base
        line += "\n  " + (_("在{period}累计{total}的基础上增加{typed}").format(
            period=base.as_of, total=describe_entry(base, target), typed=recorded.entry.input.strip().lstrip("+＋"))
            if base is not None and base.as_of is not None else
            _("本年此前没有数据，{typed}即为累计数").format(typed=recorded.entry.input.strip()))
    if recorded.standing is not None:
        now = recorded.standing
        line += "\n  " + _("当前（最新数据期 {period}）：{phrase} [{colour}]").format(
            period=now.value_as_of, phrase=phrase(now, lang), colour=label(now.status, lang))
    if recorded.previous is not None:
        line += "\n  " + _("修订：取代 {when} 录入的同期数 {value}（原数保留在历史中）").format(
            when=f"{recorded.previous.recorded_at:%Y-%m-%d %H:%M}", value=describe_entry(recorded.previous, target))
    return line


# ignore_unknown_options: a negative VALUE such as -2.1% is a figure, not an option.
@command(context_settings={"ignore_unknown_options": True},
         help=N_("为一个指标录入数据（不带参数：逐个录入到期的指标）。\n\n"
                 "数值可写作 5600、5,600、５６００、5600人、0.56万、5.4%、1.95:1、+120（在年内累计数上加）；"
                 "节点任务写 完成/done。同一数据期的第二个数是修订：它取代前一个，前一个保留在历史中。\n\n"
                 "\b\n示例：\n    kzt record 就业 5600 --as-of 1-9月\n"
                 "    kzt record port-throughput 0.3亿吨 --as-of Q3 --note 港航中心快报"))
@argument("target", metavar=N_("指标"), required=False, shell_complete=complete_target)
@argument("value", metavar=N_("数值"), required=False)
@option("--as-of", "period", metavar=N_("期间"),
        help=N_("数据所指的期间：2026-09-30、2026年9月、1-9月、三季度、Q3、上半年、全年、昨天（默认：今天）。"))
@option("--note", default="", metavar=N_("备注"), help=N_("与数据一起保存的简短备注（来源、说明）。"))
@option("--by", default=None, metavar=N_("姓名"), help=N_("录入人（默认：$KZT_USER 或登录名）。"))
@option("--force", is_flag=True, help=N_("接受未结束的数据期、不合常理的数值（超出目标数倍、单位疑似写错、累计数下降、"
                                        "重复的 +N）而不询问。"))
@option("--json", "as_json", is_flag=True, help=N_("在标准输出打印所存条目的 JSON。"))
@pass_env
def record(env: Env, target: str | None, value: str | None, period: str | None, note: str, by: str | None,
           force: bool, as_json: bool) -> None:
    from ..app.clock import now
    from ..app.recording import default_recorder, record_one
    from ..core.drafting import fit_rule
    from ..core.lookup import find_target
    from ..core.plan_years import draft_for_year
    from ..storage.ledger_file import refuse_bundled

    refuse_bundled(env.location)
    ledger = env.ledger()
    recorder = default_recorder(by)
    if target is None:
        if not stdin_is_terminal():
            raise click.UsageError(_("请给出指标和数值，例如 `kzt record 就业 5600 --as-of 1-9月`；"
                                     "逐个录入需要在终端中运行。"))
        from .walk import walk_due_targets

        walk_due_targets(env, recorder)
        return
    if value is None:
        raise click.UsageError(_("请给出要为“{target}”录入的数值，例如 `kzt record {target} 5600`。").format(
            target=target))
    found = find_target(target, ledger.targets)
    today = env.today()
    draft = draft_for_year(ledger, found, value, period, today, note=note, by=recorder, force=force,
                           fit=fit_rule(ledger.settings))
    recorded = record_one(ledger, env.path, draft, now(ledger.settings.timezone), today, force=force,
                          confirm=ask_in_terminal)
    if as_json:
        from ..render.data import entry_to_dict

        click.echo(json_dump({**entry_to_dict(recorded.entry),
                              "supersedes": recorded.previous.id if recorded.previous else None}))
    click.echo(shown_lines(_confirmation(recorded, env.lang)), err=True)


@command(help=N_("列出一个指标的全部数据：数据期、录入时间、录入人和状态。\n\n"
                 "\b\n示例：\n    kzt history 就业\n"
                 "    kzt history port-throughput --json | jq '.[] | select(.superseded | not)'"))
@argument("target", metavar=N_("指标"), shell_complete=complete_target)
@option("--json", "as_json", is_flag=True, help=N_("输出 JSON 列表而不是表格。"))
@pass_env
def history(env: Env, target: str, as_json: bool) -> None:
    from ..core.history import figures_of
    from ..core.lookup import find_target

    found = find_target(target, env.ledger().targets)
    figures = figures_of(env.histories([found.id])[found.id])
    if as_json:
        from ..render.data import figure_to_dict

        click.echo(json_dump([figure_to_dict(f) for f in figures]))
        return
    if not figures:
        click.echo(shown_lines(_("{name}（{id}）：尚无数据").format(name=found.name, id=found.id)), err=True)
        return
    from ..render.terminal import print_history

    print_history(found, figures, env.lang)


@command(help=N_("撤回最近录入的一条数据（给出指标时为该指标的），撤回前先确认。\n\n"
                 "数据不会被删除：旁边记下一条撤回记录，历史保持完整；被它修订的数重新生效。\n\n"
                 "\b\n示例：\n    kzt undo\n    kzt undo 就业 --yes"))
@argument("target", metavar=N_("指标"), required=False, shell_complete=complete_target)
@option("--yes", "-y", is_flag=True, help=N_("不再询问确认。"))
@option("--by", default=None, metavar=N_("姓名"), help=N_("撤回人（默认：$KZT_USER 或登录名）。"))
@pass_env
def undo(env: Env, target: str | None, yes: bool, by: str | None) -> None:
    from ..app.clock import now
    from ..app.recording import default_recorder
    from ..core.drafting import describe_entry, new_entry_id
    from ..core.history import figures_of
    from ..core.lookup import find_target
    from ..core.model import Entry
    from ..storage.figures import append_entries, locked, read_for_write
    from ..storage.ledger_file import refuse_bundled

    refuse_bundled(env.location)
    recorder = default_recorder(by)  # an empty --by is refused before anything is asked
    ledger = env.ledger()
    chosen = [find_target(target, ledger.targets)] if target else list(ledger.targets)
    by_id = {t.id: t for t in chosen}
    histories = env.histories(list(by_id))
    candidates = [f.entry for entries in histories.values() for f in figures_of(entries) if not f.withdrawn]
    if not candidates:
        raise click.ClickException(_("“{target}”没有可撤回的数据。").format(target=target) if target
                                   else _("没有可撤回的数据。"))
    last = max(candidates, key=lambda e: e.recorded_at)
    owner = by_id[last.target]
    click.echo(shown_lines(_("{name}（{id}）：{value}，数据期 {period}，录入于 {when} {by}").format(
        name=owner.name, id=owner.id, value=describe_entry(last, owner), period=last.as_of,
        when=f"{last.recorded_at:%Y-%m-%d %H:%M}", by=last.by).rstrip()), err=True)
    if not yes:
        confirm_or_cancel(_("撤回这条数据？"))
    stamp = now(ledger.settings.timezone)
    with locked(env.path):
        current = read_for_write(env.path, owner.id)
        if last.id in {e.withdraws for e in current}:
            raise click.ClickException(_("这条数据刚刚已被别人撤回；本次没有做任何改动。"))
        withdrawal = Entry(new_entry_id(stamp), owner.id, stamp, by=recorder,
                           withdraws=last.id, note=_("撤回 {period} {value}").format(
                               period=last.as_of, value=describe_entry(last, owner)))
        append_entries(env.path, owner.id, [withdrawal], current)
    click.echo(_("已撤回：{id} {value}（{period}）。").format(
        id=owner.id, value=describe_entry(last, owner), period=last.as_of), err=True)


COMMANDS = [record, history, undo]


@command(name="import",
         help=N_("导入一张数据表（列：指标,数值,数据期,备注，或 target,value,period,note），要么全部录入，要么一条不录"
                 "。\n\n"
                 "CSV 可为 UTF-8（带或不带 BOM），或中文 Windows 上 Excel 保存的 GBK，以逗号、制表符或分号分隔；"
                 "也可直接导入统计局发来的 Excel 工作簿（.xlsx，表头可在标题行之后，用 --sheet 选工作表）。"
                 "统计局的宽表（指标名称 | 单位 | 1-9月 | 同比增长（%））也能读：增速目标取同比增长列，"
                 "总量取数值列，期间取自表头或标题。每一行都像 `kzt record` "
                 "一样检查；只要有一行不对，整个文件都不录入，并指出是哪一行、为什么。\n\n"
                 "\b\n示例：\n    kzt import 2026年9月统计.csv --dry-run\n    kzt import 2026年9月统计.csv --yes\n"
                 "    kzt import 统计月报.xlsx --sheet 主要指标"))
@argument("csv_file", metavar=N_("文件"), type=click.Path(dir_okay=False))
@option("--dry-run", is_flag=True, help=N_("只检查和预览，不录入。"))
@option("--yes", "-y", is_flag=True, help=N_("不再询问确认。"))
@option("--by", default=None, metavar=N_("姓名"), help=N_("录入人（默认：$KZT_USER 或登录名）。"))
@option("--force", is_flag=True, help=N_("接受未结束的数据期和大得离谱的数值。"))
@option("--skip-unknown", is_flag=True,
        help=N_("统计局的宽表中台账没有的指标（或没有相应数值的行）跳过并列出，而不是拒绝整个文件。"))
@sheet_option
@pass_env
def import_command(env: Env, csv_file: str, dry_run: bool, yes: bool, by: str | None, force: bool,
                   sheet: str | None = None, skip_unknown: bool = False) -> None:
    from pathlib import Path

    from ..app.bulk import apply_import, check_rows
    from ..app.recording import default_recorder
    from ..storage.ledger_file import refuse_bundled
    from ..storage.sheet_table import check_sheet, read_figure_rows

    if not dry_run:
        refuse_bundled(env.location)
    ledger = env.ledger()
    # A .xlsx workbook, else a CSV/TSV file; long or wide (the 统计局's own layout).
    table = read_figure_rows(Path(csv_file), sheet, ledger.targets, skip_unknown=skip_unknown)
    rows = table.rows
    from ..render.console import progress_bar
    from ..render.terminal import print_import_preview

    recorder = default_recorder(by)
    with progress_bar(len(rows), _("检查"), show=sys.stderr.isatty() and len(rows) >= 2000) as advance:
        drafts = check_sheet(table, lambda: check_rows(ledger, rows, env.today(), csv_file, recorder, force,
                                                       advance), ledger, env.today(), force)

    print_import_preview(drafts, table.label, env.lang, sources=[table.source_of(d) for d in drafts[:10]])
    if table.skipped:
        click.echo(_("跳过 {count} 行（--skip-unknown）：").format(count=len(table.skipped)), err=True)
        for line in table.skipped:  # the sheet's own words: shown as text, never as control sequences
            click.echo(shown_lines(f"  {line}"), err=True)
    if dry_run:
        from ..app.bulk import preview_import
        from ..app.clock import now as clock_now

        plan = preview_import(ledger, env.path, drafts, clock_now(ledger.settings.timezone), force=force,
                              name=csv_file)
        click.echo(_("试运行：检查了 {count} 条数据，没有录入。").format(count=len(drafts)), err=True)
        if plan.already_imported:
            click.echo(_("{file} 中的数据均已录入，导入时不会写入任何内容。").format(file=csv_file), err=True)
        else:
            click.echo(_("导入时将录入 {count} 条（新增 {new} 条，修订 {revisions} 条），"
                         "{unchanged} 条与已录入的相同、{duplicates} 条在文件中重复。").format(
                count=plan.recorded, new=plan.new, revisions=plan.revisions, unchanged=plan.unchanged,
                duplicates=plan.duplicates), err=True)
        return
    if not yes:
        confirm_or_cancel(_("录入这 {count} 条数据？").format(count=len(drafts)))
    from ..app.clock import now

    done = apply_import(ledger, env.path, drafts, now(ledger.settings.timezone), force=force, name=csv_file)
    if done.already_imported:
        click.echo(_("{file} 中的数据均已录入，未写入任何内容。").format(file=csv_file), err=True)
        return
    click.echo(_("已从 {file} 导入 {count} 条数据（新增 {new} 条，修订 {revisions} 条）。").format(
        file=csv_file, count=done.recorded, new=done.new, revisions=done.revisions), err=True)
    if done.unchanged or done.duplicates:
        click.echo(_("另有 {unchanged} 条与已录入的相同、{duplicates} 条在文件中重复，未再录入。").format(
            unchanged=done.unchanged, duplicates=done.duplicates), err=True)


COMMANDS.append(import_command)
