"""Commands that add to the history: record, history, undo, import."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from ..context import Env

if TYPE_CHECKING:
    from ..recording import Recorded

from .common import complete_target, json_dump, pass_env, stdin_is_terminal
from .delivery import sheet_option


def _confirmation(recorded: Recorded, lang: str) -> str:
    from ..recording import describe_entry
    from ..render.phrases import label, phrase

    entry, target, progress = recorded.entry, recorded.progress.target, recorded.progress
    value = describe_entry(entry, target)
    colour = label(progress.status, lang)
    if lang == "zh":
        line = (f"已记录 {target.name} ({target.id})：{value}，数据期 {entry.as_of}；"
                f"{phrase(progress, lang)} [{colour}]")
        if recorded.previous is not None:
            line += (f"\n  修订：取代 {recorded.previous.recorded_at:%Y-%m-%d %H:%M} 录入的同期数 "
                     f"{describe_entry(recorded.previous, target)}（原数保留在历史中）")
        return line
    line = f"Recorded {target.name} ({target.id}): {value} as of {entry.as_of}; {phrase(progress, lang)} [{colour}]"
    if recorded.previous is not None:
        line += (f"\n  Revision: supersedes {describe_entry(recorded.previous, target)} recorded "
                 f"{recorded.previous.recorded_at:%Y-%m-%d %H:%M} for the same period (kept in the history)")
    return line


# ignore_unknown_options: a negative VALUE such as -2.1% is a figure, not an option.
@click.command(context_settings={"ignore_unknown_options": True})
@click.argument("target", required=False, shell_complete=complete_target)
@click.argument("value", required=False)
@click.option("--as-of", "period", metavar="PERIOD",
              help="Period the figure refers to: 2026-09-30, 2026年9月, 1-9月, 三季度, Q3, 上半年, 全年, 昨天 "
                   "(default: today).")
@click.option("--note", default="", help="A short note kept with the figure (source, caveat).")
@click.option("--by", default=None, help="Who records it (default: $KZT_USER or the login name).")
@click.option("--force", is_flag=True, help="Accept a future period or an implausibly large value.")
@click.option("--json", "as_json", is_flag=True, help="Print the stored entry as JSON on stdout.")
@pass_env
def record(env: Env, target: str | None, value: str | None, period: str | None, note: str, by: str | None,
           force: bool, as_json: bool) -> None:
    """Record a figure for a target (with no arguments: walk through the due ones).

    VALUE may be 5600, 5,600, ５６００, 5600人, 0.56万, 5.4%, 1.95:1, +120 (add to
    the year-to-date total) or done/完成 for a milestone. A second figure for
    the same period is a revision: it supersedes the first, which stays in
    the history.

    \b
    Example:
        kzt record 就业 5600 --as-of 1-9月
        kzt record port-throughput 0.3亿吨 --as-of Q3 --note 港航中心快报
    """
    from ..clock import now
    from ..lookup import find_target
    from ..recording import default_recorder, draft_figure, record_one
    from ..storage.ledger_file import refuse_bundled

    refuse_bundled(env.location)
    ledger = env.ledger()
    recorder = default_recorder(by)
    if target is None:
        if not stdin_is_terminal():
            raise click.UsageError("Give TARGET and VALUE, e.g. `kzt record 就业 5600 --as-of 1-9月`; "
                                   "the step-by-step walk needs a terminal.")
        from .walk import walk_due_targets

        walk_due_targets(env, recorder)
        return
    if value is None:
        raise click.UsageError(f"Give the VALUE to record for {target!r}, e.g. `kzt record {target} 5600`.")
    found = find_target(target, ledger.targets)
    today = env.today()
    draft = draft_figure(found, value, period, today, note=note, by=recorder, force=force)
    recorded = record_one(ledger, env.path, draft, now(ledger.settings.timezone), today)
    if as_json:
        from ..render.data import entry_to_dict

        click.echo(json_dump({**entry_to_dict(recorded.entry),
                              "supersedes": recorded.previous.id if recorded.previous else None}))
    click.echo(_confirmation(recorded, env.lang), err=True)


@click.command()
@click.argument("target", shell_complete=complete_target)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of a table.")
@pass_env
def history(env: Env, target: str, as_json: bool) -> None:
    """List every figure of a target: period, when typed, by whom, and its standing.

    \b
    Example:
        kzt history 就业
        kzt history port-throughput --json | jq '.[] | select(.superseded | not)'
    """
    from ..history import figures_of
    from ..lookup import find_target

    found = find_target(target, env.ledger().targets)
    figures = figures_of(env.histories([found.id])[found.id])
    if as_json:
        from ..render.data import figure_to_dict

        click.echo(json_dump([figure_to_dict(f) for f in figures]))
        return
    if not figures:
        click.echo(f"{found.name} ({found.id}): " + ("尚无数据" if env.lang == "zh" else "no figures yet"), err=True)
        return
    from ..render.terminal import print_history

    print_history(found, figures, env.lang)


@click.command()
@click.argument("target", required=False, shell_complete=complete_target)
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@click.option("--by", default=None, help="Who withdraws it (default: $KZT_USER or the login name).")
@pass_env
def undo(env: Env, target: str | None, yes: bool, by: str | None) -> None:
    """Withdraw the most recent figure (of TARGET, if given), after asking.

    The figure is not erased: a withdrawal is written beside it, so the
    history stays whole; a figure it had superseded stands again.

    \b
    Example:
        kzt undo
        kzt undo 就业 --yes
    """
    from ..clock import now
    from ..history import figures_of
    from ..lookup import find_target
    from ..model import Entry
    from ..recording import default_recorder, describe_entry, new_entry_id
    from ..storage.figures import append_entries, locked, read_for_write
    from ..storage.ledger_file import refuse_bundled

    refuse_bundled(env.location)
    ledger = env.ledger()
    chosen = [find_target(target, ledger.targets)] if target else list(ledger.targets)
    by_id = {t.id: t for t in chosen}
    histories = env.histories(list(by_id))
    candidates = [f.entry for entries in histories.values() for f in figures_of(entries) if not f.withdrawn]
    if not candidates:
        raise click.ClickException("There is no figure to withdraw" + (f" for {target}." if target else "."))
    last = max(candidates, key=lambda e: e.recorded_at)
    owner = by_id[last.target]
    click.echo(f"{owner.name} ({owner.id}): {describe_entry(last, owner)}, 数据期 {last.as_of}, "
               f"录入于 {last.recorded_at:%Y-%m-%d %H:%M} {last.by}".rstrip(), err=True)
    if not yes:
        click.confirm("撤回这条数据？ Withdraw this figure?", abort=True, err=True)
    stamp = now(ledger.settings.timezone)
    with locked(env.path):
        current = read_for_write(env.path, owner.id)
        if last.id in {e.withdraws for e in current}:
            raise click.ClickException("That figure was withdrawn meanwhile by someone else; nothing was done.")
        withdrawal = Entry(new_entry_id(stamp), owner.id, stamp, by=default_recorder(by),
                           withdraws=last.id, note=f"撤回 {last.as_of} {describe_entry(last, owner)}")
        append_entries(env.path, owner.id, [withdrawal], current)
    click.echo(f"已撤回 Withdrawn: {owner.id} {describe_entry(last, owner)} ({last.as_of}).", err=True)


COMMANDS = [record, history, undo]


@click.command(name="import")
@click.argument("csv_file", metavar="FILE.csv", type=click.Path(dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Check and preview only; record nothing.")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@click.option("--by", default=None, help="Who records them (default: $KZT_USER or the login name).")
@click.option("--force", is_flag=True, help="Accept future periods and implausibly large values.")
@sheet_option
@pass_env
def import_command(env: Env, csv_file: str, dry_run: bool, yes: bool, by: str | None, force: bool,
                   sheet: str | None = None) -> None:
    """Record a table of figures (columns target,value,period,note) — all or nothing.

    UTF-8 with or without BOM, or GBK as Excel saves it on a Chinese Windows.
    Every row is checked as `kzt record` checks it; one bad row rejects the
    whole file, naming the row and the reason.

    \b
    Example:
        kzt import 2026年9月统计.csv --dry-run
        kzt import 2026年9月统计.csv --yes
    """
    from pathlib import Path

    from ..bulk import apply_import, check_rows
    from ..recording import default_recorder
    from ..storage.ledger_file import refuse_bundled
    from ..storage.xlsx_input import check_sheet, read_figure_rows

    if not dry_run:
        refuse_bundled(env.location)
    ledger = env.ledger()
    rows, encoding, sheet_table = read_figure_rows(Path(csv_file), sheet)  # a .xlsx workbook, else CSV
    from ..render.terminal import print_import_preview, progress_bar

    recorder = default_recorder(by)
    with progress_bar(len(rows), "检查 Checking", show=sys.stderr.isatty() and len(rows) >= 2000) as advance:
        drafts = check_sheet(sheet_table, lambda: check_rows(ledger, rows, env.today(), csv_file, recorder, force,
                                                             advance), ledger, env.today(), force)

    print_import_preview(drafts, encoding, env.lang)
    if dry_run:
        click.echo(f"Dry run: {len(drafts)} figure(s) checked, nothing recorded.", err=True)
        return
    if not yes:
        click.confirm(f"记录这 {len(drafts)} 条数据？ Record these {len(drafts)} figures?", abort=True, err=True)
    from ..clock import now

    count = apply_import(ledger, env.path, drafts, now(ledger.settings.timezone))
    click.echo(f"已导入 Imported {count} figure(s) from {csv_file}.", err=True)


COMMANDS.append(import_command)
