"""Commands that mend the ledger's files: repair, rename."""

from __future__ import annotations

import click

from ..app.context import Env
from ..i18n import N_, _
from .common import argument, command, complete_target, option, pass_env


@command(help=N_("""把损坏的记录行（写入被中断、被手工改过）移到 figures/quarantine/，不删除任何内容。

损坏的行本来就不计为数据；移走后 `kzt verify` 不再报告它们。先列出要移的行，确认后才动手。

\b
示例：
    kzt repair --dry-run
    kzt repair --yes"""))
@option("--dry-run", is_flag=True, help=N_("只列出要移走的行，什么都不改动。"))
@option("--yes", "-y", is_flag=True, help=N_("不询问，直接移走。"))
@pass_env
def repair(env: Env, dry_run: bool, yes: bool) -> None:
    from ..app.clock import now
    from ..storage.figures import locked
    from ..storage.ledger_file import refuse_bundled
    from ..storage.repair import damaged_lines, quarantine, relative

    if not dry_run:
        refuse_bundled(env.location)
    found = damaged_lines(env.path)
    if not found:
        click.echo(_("没有损坏的记录行，什么都不用修复。"), err=True)
        return
    for item in found:
        click.echo(f"{relative(item.path)}:{item.line}: {item.problem.message}", err=True)
    if dry_run:
        click.echo(_("试运行：{count} 行会被移到 figures/quarantine/，什么都没有改动。").format(count=len(found)),
                   err=True)
        return
    if not yes and not click.confirm(_("把这 {count} 行移到 figures/quarantine/？").format(count=len(found)),
                                     err=True):
        click.echo(_("已取消，什么都没有改动。"), err=True)
        return
    with locked(env.path):
        moved = quarantine(env.path, damaged_lines(env.path), now(env.ledger().settings.timezone))
    click.echo(_("已把 {count} 行移到 figures/quarantine/（原样保留，可查看）。").format(count=moved), err=True)


@command(help=N_("""给指标换一个 id，它的全部历史数据随之移动。

targets.toml 里只改 id（以及引用它的 relative_to），注释和格式不变；figures/OLD.toml 改名为 figures/NEW.toml。

\b
示例：
    kzt rename port-throughput port-cargo"""))
@argument("old", metavar=N_("原编号"), shell_complete=complete_target)
@argument("new", metavar=N_("新编号"))
@pass_env
def rename(env: Env, old: str, new: str) -> None:
    from ..core.lookup import find_target
    from ..storage.ledger_edit import rename_target
    from ..storage.ledger_file import refuse_bundled

    refuse_bundled(env.location)
    found = find_target(old, env.ledger().targets)
    rename_target(env.path, found.id, new.strip())
    click.echo(_("{name}：id 已由 {old} 改为 {new}，历史数据随之移动。").format(
        name=found.name, old=found.id, new=new.strip()), err=True)


COMMANDS = [repair, rename]
