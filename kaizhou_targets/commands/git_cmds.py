"""Commands for sharing a ledger through git: git-setup, and the merge driver git runs."""

from __future__ import annotations

from pathlib import Path

import click

from ..app.context import Env
from ..i18n import N_, _
from .common import argument, command, pass_env


@command(name="git-setup", help=N_(
    "让本副本用 kzt 的合并程序合并数据文件（git 仓库内的台账，每个副本运行一次）。\n\n"
    "在仓库自己的配置里登记 merge.kzt-figures（kzt merge-figures %O %A %B），并在 .git/info/attributes "
    "里让 figures/*.toml 使用它：两个单位追加的数据按条目编号合并，每条只保留一次，同一条目两边不同时"
    "标为冲突。没有运行过的副本仍按 .gitattributes 的 union 合并。可重复运行。\n\n"
    "\b\n示例：\n    git clone 服务器:/srv/git/kaizhou-2026.git && cd kaizhou-2026 && kzt git-setup"))
@pass_env
def git_setup(env: Env) -> None:
    from ..storage.git_share import setup_git
    from ..storage.ledger_file import refuse_bundled

    refuse_bundled(env.location)
    done = setup_git(env.path.parent)
    if done.changed:
        click.echo(_("已为 {toplevel} 登记合并程序 kzt merge-figures：\n  {changes}").format(
            toplevel=done.toplevel, changes="\n  ".join(done.changed)), err=True)
    else:
        click.echo(_("{toplevel} 已登记合并程序 kzt merge-figures，无需改动。").format(toplevel=done.toplevel),
                   err=True)


@command(name="merge-figures", hidden=True, help=N_(
    "git 的合并程序（由 `kzt git-setup` 登记，git 调用，不需要手动运行）：合并数据文件的三个版本 "
    "（共同祖先、本方、对方），结果写入本方；无法合并时标出冲突并以 1 退出。\n\n"
    "\b\n示例：\n    git config merge.kzt-figures.driver 'kzt merge-figures %O %A %B %P'"))
@argument("base", metavar=N_("共同祖先"), type=click.Path(exists=True, dir_okay=False))
@argument("ours", metavar=N_("本方"), type=click.Path(exists=True, dir_okay=False))
@argument("theirs", metavar=N_("对方"), type=click.Path(exists=True, dir_okay=False))
@argument("name", metavar=N_("路径"), required=False)
def merge_figures(base: str, ours: str, theirs: str, name: str | None) -> None:
    from ..storage.git_share import merge_figure_files

    merge_figure_files(Path(base), Path(ours), Path(theirs), name or ours)


COMMANDS = [git_setup, merge_figures]
