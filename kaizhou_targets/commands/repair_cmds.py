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
    from ..storage.checkup import survey
    from ..storage.figures import locked
    from ..storage.ledger_file import refuse_bundled
    from ..storage.repair import quarantine, relative

    if not dry_run:
        refuse_bundled(env.location)
    found = survey(env.path)
    interrupted = _interrupted_rename(found.problems)
    if not found.damaged and not (interrupted and not dry_run):
        click.echo(_("没有损坏的记录行，什么都不用修复。"), err=True)
        return
    for item in found.damaged:
        where = f"{relative(item.path)}:{item.line}" if item.line else relative(item.path)
        click.echo(f"{where}: {item.problem.message}", err=True)
    if dry_run:
        click.echo(_("试运行：{count} 行会被移到 figures/quarantine/，什么都没有改动。").format(
            count=len(found.damaged)), err=True)
        return
    if found.damaged and not yes and not click.confirm(
            _("把这 {count} 行移到 figures/quarantine/？").format(count=len(found.damaged)), err=True):
        click.echo(_("已取消，什么都没有改动。"), err=True)
        return
    # Under the lock, what a killed import or rename left is finished first (figures.locked); then the
    # survey again, since only what it finds under the lock may be moved.
    with locked(env.path, repairing=True):
        moved = quarantine(env.path, survey(env.path).damaged, now(env.ledger().settings.timezone))
    if moved or found.damaged:
        click.echo(_("已把 {count} 行移到 figures/quarantine/（原样保留，可查看）。").format(count=moved), err=True)


def _interrupted_rename(problems: list) -> bool:
    from ..storage.rename_journal import JOURNAL_NAME

    return any(p.path.endswith(JOURNAL_NAME) for p in problems)


@command(help=N_("""给指标换一个 id，它的全部历史数据随之移动。

targets.toml 里只改 id（以及引用它的 relative_to），注释和格式不变；figures/OLD.toml 改名为 figures/NEW.toml。
若台账里已没有 OLD、只剩 figures/OLD.toml（在别的副本里改了名），它的记录并入 NEW 的历史。

\b
示例：
    kzt rename port-throughput port-cargo"""))
@argument("old", metavar=N_("原编号"), shell_complete=complete_target)
@argument("new", metavar=N_("新编号"))
@pass_env
def rename(env: Env, old: str, new: str) -> None:
    from ..core.lookup import find_target
    from ..storage.ledger_edit import adopt_history, rename_target
    from ..storage.ledger_file import refuse_bundled

    refuse_bundled(env.location)
    ledger = env.ledger()
    orphan = old.strip()
    if orphan not in {t.id for t in ledger.targets} and _has_orphan_file(env, orphan):
        # figures/OLD.toml with no target OLD (renamed in another clone): its entries join NEW's history.
        target = find_target(new, ledger.targets)
        moved = adopt_history(env.path, orphan, target.id)
        click.echo(_("figures/{old}.toml 的 {count} 条记录已并入 {name}（{id}）的历史，这个文件已移除；"
                     "在 git 副本里请 `git add -A` 后提交。").format(
            old=orphan, count=moved, name=target.name, id=target.id), err=True)
        return
    found = find_target(old, ledger.targets)
    rename_target(env.path, found.id, new.strip())
    click.echo(_("{name}：id 已由 {old} 改为 {new}，历史数据随之移动。").format(
        name=found.name, old=found.id, new=new.strip()), err=True)


def _has_orphan_file(env: Env, name: str) -> bool:
    import os

    from ..core.validation import ID_PATTERN
    from ..storage.figures import shard_path

    return bool(ID_PATTERN.match(name)) and os.path.lexists(shard_path(env.path, name))


COMMANDS = [repair, rename]
